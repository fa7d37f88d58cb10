"""The Texinfo reader: Texinfo source → :class:`texi2rst.nodes.Document`.

Three stages:

1. :mod:`texi2rst.readers.texinfo.lexer` reads the files and yields line-level tokens,
   having done the context-sensitive work (includes, macros, ``@value``, conditionals, raw blocks);
2. the Lark grammar ``grammars/texinfo.lark`` (LALR) gives those tokens their nesting, and the
   :class:`TreeBuilder` transformer, called by the parser as it reduces, builds the nodes,
   reading inline text with :mod:`texi2rst.readers.texinfo.inline`;
3. sections are nested by level, and each ``@node`` is attached to its section.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from typing import Any

import lark
from lark.lexer import Lexer as LarkLexer

from texi2rst import nodes as n
from texi2rst.diagnostics import LimitExceeded, Reporter
from texi2rst.grammar import grammar_path
from texi2rst.output import IMAGE_SUFFIXES, find_file, inside_any
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.inline import InlineParser
from texi2rst.readers.texinfo.lexer import Lexer, Limits, Options, Token

__all__ = ["Options", "Limits", "read_texinfo", "read_texinfo_string", "grammar_path"]


class _TokenStream(LarkLexer):
    """Hands the lexer's tokens to Lark; ``start_pos`` indexes the token list."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Any:  # noqa: D102 - Lark's old-style lexer interface
        for i, tok in enumerate(data):
            yield lark.Token(tok.type, tok.name, start_pos=i, line=tok.line)


class _Section:
    """A sectioning line, nested by level after parsing."""

    def __init__(self, kind: str, title: list[n.Inline], source: str, line: int) -> None:
        self.kind, self.title, self.source, self.line = kind, title, source, line


class _NodeLine:
    """A ``@node`` line, attached to the section that follows it."""

    def __init__(self, name: str, source: str, line: int) -> None:
        self.name, self.source, self.line = name, source, line


_ADMONITIONS = {"note", "warning", "caution", "important", "tip", "danger", "attention",
                "hint", "error"}
_STYLE_ARG = re.compile(r"@([A-Za-z]+)")


class TreeBuilder(lark.Transformer):
    """Builds document nodes from the grammar's rules (see ``grammars/texinfo.lark``)."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self._stack: list[_Build] = []

    # the build whose tokens are being parsed (nested for footnotes)
    @property
    def b(self) -> _Build:
        return self._stack[-1]

    def tok(self, token: lark.Token) -> Token:
        return self.b.tokens[token.start_pos]

    # -------------------------------------------------------------- leaves

    def paragraph(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        inlines = self.b.inline.parse_lines(tok.lines)
        return self.b.paragraph_blocks(inlines, tok)

    def preformatted(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        return [_Pre(tok)]

    def menu_text(self, children: list[Any]) -> list[n.Block]:
        return self.b.menu_entries(self.tok(children[0]))

    def section(self, children: list[Any]) -> list[Any]:
        tok = self.tok(children[0])
        title = self.b.inline.parse_lines([(tok.arg, tok.source, tok.line)])
        return [_Section(tok.name, title, tok.source, tok.line)]

    def node(self, children: list[Any]) -> list[Any]:
        tok = self.tok(children[0])
        name = split_line_args(tok.arg)[0].strip() if tok.arg else ""
        if not name:
            self.b.reporter.error(tok.source, tok.line, "empty argument in @node")
            return []
        name = " ".join(n.plain_text(self.b.inline.parse_lines(
            [(name, tok.source, tok.line)], code=True)).split())
        return [_NodeLine(name, tok.source, tok.line)]

    def line_command(self, children: list[Any]) -> list[n.Block]:
        return self.b.line_command(self.tok(children[0]))

    def raw(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        text = "\n".join(t for t, _s, _l in tok.lines)
        source, line = tok.lines[0][1], tok.lines[0][2]
        if tok.arg and "\0" in tok.arg:
            source, line_text = tok.arg.split("\0")
            line = int(line_text)
        if tok.name == "verbatim":
            return [n.LiteralBlock(kind="verbatim", children=[n.Text(text)], source=source,
                                   line=line)]
        if tok.name == "displaymath":
            return [n.LiteralBlock(kind="math", children=[n.Text(text)], source=source, line=line)]
        return [n.RawBlock(format=tok.name, text=text, source=source, line=line)]

    def man_marker(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        kind = f"man-{tok.name}"
        return [n.Container(kind=kind, name=tok.arg, source=tok.source, line=tok.line)]

    # -------------------------------------------------------------- containers

    def man_only(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        body = self.b.blocks(children[1:-1])
        return [n.Container(kind="man-only", name=tok.arg, children=body, source=tok.source,
                            line=tok.line)]

    def block(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        keep_pre = tok.name in tc.PREFORMATTED_BLOCKS or tok.name in tc.FLUSH_BLOCKS \
            or tok.name in tc.TRANSPARENT_BLOCKS
        return self.b.block(tok, self.b.blocks(children[1:-1], keep_pre=keep_pre))

    def menu(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        entries = self.b.blocks(children[1:-1])
        flat: list[n.Block] = []
        for entry in entries:
            if isinstance(entry, n.Menu):
                flat.extend(entry.entries)
            else:
                flat.append(entry)
        return [n.Menu(entries=flat, source=tok.source, line=tok.line)]

    def list_item(self, children: list[Any]) -> n.ListItem:
        tok = self.tok(children[0])
        return n.ListItem(children=self.b.blocks(children[1:]), source=tok.source, line=tok.line)

    def list(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        items = [c for c in children[1:-1] if isinstance(c, n.ListItem)]
        before = self.b.blocks([c for c in children[1:-1] if not isinstance(c, n.ListItem)])
        loc = {"source": tok.source, "line": tok.line}
        if tok.name == "enumerate":
            start = tok.arg.strip() or "1"
            if not re.fullmatch(r"\d+|[A-Za-z]", start):
                self.b.reporter.error(tok.source, tok.line, f"bad argument for @enumerate: {start}")
                start = "1"
            result: n.Block = n.EnumeratedList(start=start, items=items, **loc)
        else:
            arg = tok.arg.strip()
            if re.fullmatch(r"@[A-Za-z]+", arg):
                arg += "{}"  # a mark command may be given without braces
            mark = self.b.inline.parse_lines([(arg, tok.source, tok.line)]) if arg else []
            result = n.BulletList(mark=mark, items=items, **loc)
        return [*before, result]

    def table_entry(self, children: list[Any]) -> n.TableEntry:
        tok = self.tok(children[0])
        code = self.b.table_style_is_code(children[0].start_pos)
        terms = []
        rest = []
        for c in children:
            if isinstance(c, lark.Token) and c.type in ("ITEM", "ITEMX"):
                t = self.tok(c)
                terms.append(self.b.inline.parse_lines([(t.arg, t.source, t.line)], code=code))
            else:
                rest.append(c)
        return n.TableEntry(terms=terms, children=self.b.blocks(rest), source=tok.source,
                            line=tok.line)

    def table(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        entries = [c for c in children[1:-1] if isinstance(c, n.TableEntry)]
        before = self.b.blocks([c for c in children[1:-1] if not isinstance(c, n.TableEntry)])
        m = _STYLE_ARG.match(tok.arg.strip())
        style = m.group(1) if m else ""
        if not style:
            self.b.reporter.error(tok.source, tok.line, f"@{tok.name} requires an argument: "
                                  "the formatter for @item")
            style = "asis"
        elif style not in tc.STYLE_COMMANDS and style not in tc.TRANSPARENT_BRACE \
                and style not in tc.GLYPHS and style not in self.b.inline.enclosures:
            # makeinfo takes any brace command; texi2rst keeps the terms' text
            message = (f"@{tok.name} @{style}: the terms are kept as plain text"
                       if style in tc.BRACE_COMMANDS else
                       f"unknown command `{style}' as @{tok.name} formatter")
            self.b.reporter.warning(tok.source, tok.line, message)
            style = "asis"
        index = {"ftable": "fn", "vtable": "vr"}.get(tok.name, "")
        if not entries:
            if before:
                # makeinfo's HTML shows the text (as a definition without a term), so does
                # texi2pod's man page
                self.b.reporter.warning(tok.source, tok.line,
                                        f"@{tok.name} has text but no @item; the text is kept")
            return before
        for entry in entries:
            entry.terms = [[n.Styled(style, term, source=entry.source, line=entry.line)]
                           if style not in ("asis", "") else term for term in entry.terms]
        return [*before, n.Table(kind=tok.name, style=style, index=index, entries=entries,
                                 source=tok.source, line=tok.line)]

    def cell(self, children: list[Any]) -> list[n.Block]:
        return ["CELL", self.b.blocks(children[1:])]  # type: ignore[list-item]

    def row(self, children: list[Any]) -> tuple[bool, list[list[n.Block]]]:
        head = children[0].type == "HEADITEM"
        first: list[Any] = []
        cells: list[list[n.Block]] = []
        for c in children[1:]:
            if isinstance(c, list) and c and c[0] == "CELL":
                cells.append(c[1])
            else:
                first.append(c)
        return head, [self.b.blocks(first), *cells]

    def multitable(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        rows = [c for c in children[1:-1] if isinstance(c, tuple)]
        before = self.b.blocks([c for c in children[1:-1] if not isinstance(c, tuple)])
        columns = self.b.multitable_columns(tok)
        width = max([len(columns)] + [len(r[1]) for r in rows])
        if len(columns) < width:
            if columns:
                self.b.reporter.error(tok.source, tok.line, "too many columns in multitable item")
            columns = columns + [1.0] * (width - len(columns))
        head = [r[1] for r in rows if r[0]]
        body = [r[1] for r in rows if not r[0]]
        for row in head + body:
            row.extend([] for _ in range(width - len(row)))
        return [*before, n.MultiTable(columns=columns, head=head, body=body, source=tok.source,
                                      line=tok.line)]

    def definition(self, children: list[Any]) -> list[n.Block]:
        tok = self.tok(children[0])
        lines = [self.b.def_line(tok.name, tok)]
        rest = []
        for c in children[1:-1]:
            if isinstance(c, lark.Token) and c.type == "DEFX":
                lines.append(self.b.def_line(tok.name, self.tok(c)))
            else:
                rest.append(c)
        return [n.Definition(kind=tok.name, lines=lines, children=self.b.blocks(rest),
                             source=tok.source, line=tok.line)]

    def start(self, children: list[Any]) -> list[Any]:
        out: list[Any] = []
        for c in children:
            if isinstance(c, list):
                out.extend(c)
            else:
                out.append(c)
        return out


class _Pre:
    """Preformatted text waiting for its enclosing block to say what it is."""

    def __init__(self, tok: Token) -> None:
        self.tok = tok


class _Build:
    """What one parse needs: its tokens, reporter, inline parser and lexer state."""

    def __init__(self, tokens: list[Token], lexer: Lexer, reporter: Reporter,
                 reader: TexinfoReader) -> None:
        self.tokens = tokens
        #: per token, the index of the innermost block start open before it (-1: none)
        self._open_block: list[int] | None = None
        self.lexer = lexer
        self.reporter = reporter
        self.reader = reader
        self.inline = InlineParser(reporter, enclosures=lexer.enclosures, flags=lexer.flags,
                                   index_commands=lexer.indices,
                                   unseen_by_makeinfo=lexer.unseen_by_makeinfo,
                                   formats=lexer.options.formats, parse_blocks=reader.parse_nested,
                                   max_depth=lexer.options.limits.max_brace_depth,
                                   substitute_values=lexer.options.value_substitutions)
        self.inline.images = reader.images
        self.copying: list[n.Block] = []
        self.settings: dict[str, str] = {}
        self.float_numbers: dict[str, int] = {}

    # -------------------------------------------------------------- helpers

    def table_style_is_code(self, index: int) -> bool:
        """Whether the table around token ``index`` formats its terms as code."""
        if self._open_block is None:
            self._open_block = _open_blocks(self.tokens)
        start = self._open_block[index]
        if start < 0:
            return False
        m = _STYLE_ARG.match(self.tokens[start].arg.strip())
        return bool(m) and m.group(1) in tc.CODE_COMMANDS

    def blocks(self, items: list[Any], keep_pre: bool = False) -> list[Any]:
        """Flatten transformer results into blocks; headings inside blocks become rubrics.

        Preformatted text is kept as it is (``keep_pre``) for the block that will merge it."""
        out: list[Any] = []
        for item in items:
            if isinstance(item, list):
                out.extend(self.blocks(item, keep_pre))
            elif isinstance(item, _Section):
                level = tc.SECTION_LEVELS.get(item.kind, 2)
                out.append(n.Heading(level=level, kind=item.kind, title=item.title,
                                     source=item.source, line=item.line))
            elif isinstance(item, _NodeLine):
                out.append(n.NodeLabel(name=item.name, source=item.source, line=item.line))
            elif isinstance(item, _Pre):
                out.append(item if keep_pre else self.preformatted(item.tok,
                                                                   item.tok.name or "example"))
            elif isinstance(item, (n.Block, _Section, _NodeLine)):
                out.append(item)
        return out

    def preformatted(self, tok: Token, kind: str) -> n.Block:
        code = kind in tc.EXAMPLE_BLOCKS
        inlines = self.inline.parse_lines(tok.lines, code=code)
        loc = {"source": tok.source, "line": tok.line}
        if code:
            return n.LiteralBlock(kind=kind, children=inlines, **loc)
        lines: list[list[n.Inline]] = [[]]
        for node in inlines:
            if isinstance(node, n.Text) and "\n" in node.text:
                parts = node.text.split("\n")
                for i, part in enumerate(parts):
                    if i:
                        lines.append([])
                    if part:
                        lines[-1].append(n.Text(part, source=node.source, line=node.line))
            elif isinstance(node, n.LineBreak):
                lines.append([])
            else:
                lines[-1].append(node)
        return n.LineBlock(kind=kind, lines=lines, **loc)

    def paragraph_blocks(self, inlines: list[n.Inline], tok: Token) -> list[n.Block]:
        loc = {"source": tok.source, "line": tok.line}
        meaningful = [i for i in inlines if not (isinstance(i, n.Text) and not i.text.strip())]
        if len(meaningful) == 1 and isinstance(meaningful[0], n.InlineImage):
            img = meaningful[0]
            image = n.Image(path=img.path, alt=img.alt, width=img.width, height=img.height,
                            text=img.text, **loc)
            self.reader.images.append(image)
            return [image]
        if not meaningful:
            return []
        return [n.Paragraph(inlines, **loc)]

    def block(self, tok: Token, body: list[n.Block]) -> list[n.Block]:
        name = tok.name
        loc = {"source": tok.source, "line": tok.line}
        if name in tc.PREFORMATTED_BLOCKS or name in ("flushleft", "flushright"):
            return self.preformatted_block(tok, body)
        if name in tc.FLUSH_BLOCKS or name in tc.TRANSPARENT_BLOCKS:
            return body
        if name in tc.DROPPED_BLOCKS:
            if name == "titlepage" and "author" not in self.settings:
                # the title page is not shown, its authors are the manual's (conf.py)
                authors = [" ".join(n.plain_text(b.inlines).split()) for b in body
                           if isinstance(b, _Author)]
                if any(authors):
                    self.settings["author"] = ", ".join(a for a in authors if a)
            return []
        if name == "copying":
            self.copying = body
            return []
        if name in tc.QUOTATION_BLOCKS:
            # makeinfo 6.8 reads a title on @quotation and @smallquotation only
            title = self.inline.parse_lines([(tok.arg, tok.source, tok.line)]) \
                if tok.arg and name in ("quotation", "smallquotation") else []
            word = n.plain_text(title).strip().rstrip(":").lower()
            authors = [b for b in body if isinstance(b, _Author)]
            body = [b for b in body if not isinstance(b, _Author)]
            if name in ("quotation", "smallquotation") and word in _ADMONITIONS:
                for author in authors:  # an admonition has no attribution: a closing line
                    body.append(n.Paragraph([n.Text("\u2014 ", **loc), *author.inlines],
                                            source=author.source, line=author.line))
                return [n.Admonition(kind=word, title=title, children=body, **loc)]
            return [n.Quotation(kind=name, title=title, children=body,
                                authors=[a.inlines for a in authors], **loc)]
        if name == "float":
            parts = [p.strip() for p in tok.arg.split(",")]
            kind = parts[0] if parts else ""
            label = parts[1] if len(parts) > 1 else ""
            caption: list[n.Block] = []
            short: list[n.Block] = []
            children: list[n.Block] = []
            for block in body:
                if isinstance(block, n.Paragraph) and any(
                        isinstance(i, n.Styled) and i.kind in ("caption", "shortcaption")
                        for i in block.children):
                    for i in block.children:
                        if isinstance(i, n.Styled) and i.kind == "caption" \
                                and getattr(i, "blocks", None) is not None:
                            caption.extend(i.blocks)
                        elif isinstance(i, n.Styled) and i.kind == "caption":
                            caption.append(n.Paragraph(i.children, source=i.source,
                                                       line=i.line))
                        elif isinstance(i, n.Styled) and i.kind == "shortcaption":
                            short.append(n.Paragraph(i.children, source=i.source,
                                                     line=i.line))
                    rest = [i for i in block.children if not (
                        isinstance(i, n.Styled) and i.kind in ("caption", "shortcaption"))]
                    if n.plain_text(rest).strip():
                        children.append(n.Paragraph(rest, source=block.source, line=block.line))
                else:
                    children.append(block)
            caption = caption or short
            if label or kind:  # an unlabelled float is not numbered; makeinfo names its type
                number = kind
                if label:
                    self.float_numbers[kind] = self.float_numbers.get(kind, 0) + 1
                    number = f"{kind} {self.float_numbers[kind]}".strip()
                head = [n.Styled("strong", [n.Text(number + (":" if caption else ""), **loc)],
                                 **loc)]
                if caption and isinstance(caption[0], n.Paragraph):
                    caption[0].children = [*head, n.Text(" ", **loc), *caption[0].children]
                else:
                    caption.insert(0, n.Paragraph(head, **loc))
            block = n.Float(kind=kind, label=label, caption=caption, children=children, **loc)
            self.reader.floats.append(block)
            return [block]
        return body

    def preformatted_block(self, tok: Token, body: list[n.Block]) -> list[n.Block]:
        """``@example`` and friends: their text, with nested groups merged in."""
        name = tok.name
        pres: list[Token] = []
        out: list[n.Block] = []
        for item in body:
            if isinstance(item, _Pre):
                pres.append(item.tok)
            else:
                if pres:
                    out.append(self._merge_pre(name, tok, pres))
                    pres = []
                out.append(item)
        if pres:
            out.append(self._merge_pre(name, tok, pres))
        if not out:
            return [n.LiteralBlock(kind=name, children=[], source=tok.source, line=tok.line)]
        if name in tc.EXAMPLE_BLOCKS:
            lang = tok.arg.strip().split()[0] if tok.arg.strip() else ""
            for block in out:
                if isinstance(block, n.LiteralBlock) and lang and re.fullmatch(r"[\w+-]+", lang):
                    block.language = lang.lower()
        return out

    def _merge_pre(self, kind: str, tok: Token, pres: list[Token]) -> n.Block:
        lines = [line for t in pres for line in t.lines]
        return self.preformatted(Token("PRE", kind, "", lines), kind)

    def line_command(self, tok: Token) -> list[n.Block]:
        name = tok.name
        loc = {"source": tok.source, "line": tok.line}
        if name == "include":  # an @include replaced by a tree (Options.include_substitutes)
            return list(self.lexer.substitutions[int(tok.arg)])
        if name in self.lexer.indices:
            index, code = self.lexer.indices[name]
            text = tok.arg
            if not text.strip():
                self.reporter.warning(tok.source, tok.line, f"@{name} missing argument")
                return []
            parts = _split_command(text, "subentry")
            inlines: list[n.Inline] = []
            for i, part in enumerate(parts):
                if i:
                    inlines.append(n.Text(", ", **loc))
                self.inline.in_index_entry = True
                try:
                    inlines.extend(self.inline.parse_lines(
                        [(part.strip(), tok.source, tok.line)], code=code))
                finally:
                    self.inline.in_index_entry = False
            return [n.IndexEntry(index=index, children=inlines, **loc)]
        if name == "printindex":
            index = tok.arg.split()[0] if tok.arg.split() else ""
            known = {i for i, _c in self.lexer.indices.values()}
            if index not in known:
                self.reporter.error(tok.source, tok.line, f"unknown index `{index}' in @printindex")
                return []
            return [n.PrintIndex(index=index, **loc)]
        if name in ("center", "exdent"):
            inlines = self.inline.parse_lines([(tok.arg, tok.source, tok.line)])
            return self.paragraph_blocks(inlines, tok)
        if name == "author":
            inlines = self.inline.parse_lines([(tok.arg, tok.source, tok.line)])
            return [_Author(inlines, **loc)]
        if name == "settitle":
            self.settings["title"] = n.plain_text(
                self.inline.parse_lines([(tok.arg, tok.source, tok.line)])).strip()
            return []
        if name == "setfilename":
            self.settings["filename"] = tok.arg.strip()
            return []
        if name in ("title", "subtitle", "shorttitlepage"):
            if name == "title" and "title" not in self.settings:
                self.settings["title"] = n.plain_text(
                    self.inline.parse_lines([(tok.arg, tok.source, tok.line)])).strip()
            return []
        if name == "listoffloats":
            listing = n.Container(kind="listoffloats", name=" ".join(tok.arg.split()), **loc)
            self.reader.float_lists.append(listing)
            return [listing]
        if name in ("contents", "shortcontents", "summarycontents"):
            self.settings[name] = "yes"
            return [n.Container(kind="contents", name=name, **loc)]
        if name == "insertcopying":
            return [n.Container(kind="copying", children=copy.deepcopy(self.copying), **loc)]
        return []

    def def_line(self, kind: str, tok: Token) -> n.DefinitionLine:
        """Split a ``@deffn`` line into category, type, name and arguments."""
        index, fixed_category, typed = tc.DEF_COMMANDS.get(kind, ("fn", "", False))
        words = _def_words(tok.arg)
        loc = {"source": tok.source, "line": tok.line}

        def parse(text: str) -> list[n.Inline]:
            return self.inline.parse_lines([(text, tok.source, tok.line)])

        category: list[n.Inline] = [n.Text(fixed_category, **loc)] if fixed_category else []
        if not fixed_category and words:
            category = parse(words.pop(0)[0])
        if kind in tc.DEF_WITH_CLASS and words:
            cls = words.pop(0)[0]
            category = [*category, n.Text(" of ", **loc), *parse(cls)]
        data_type: list[n.Inline] = []
        if typed and words:
            data_type = parse(words.pop(0)[0])
        name: list[n.Inline] = []
        args_text = ""
        if words:
            word, end = words.pop(0)
            name = parse(word)
            args_text = tok.arg[end:].strip()
        else:
            self.reporter.warning(tok.source, tok.line, f"missing name for @{kind}")
        return n.DefinitionLine(kind=kind, category=category, data_type=data_type, name=name,
                                arguments=parse(args_text) if args_text else [], index=index,
                                **loc)

    def multitable_columns(self, tok: Token) -> list[float]:
        arg = tok.arg.strip()
        m = re.match(r"@columnfractions\s+(.*)", arg)
        if m:
            out = []
            for part in m.group(1).split():
                try:
                    out.append(float(part))
                except ValueError:
                    self.reporter.error(tok.source, tok.line,
                                        f"column fraction not a number: {part}")
            return out
        prototypes = re.findall(r"\{([^{}]*)\}", arg)
        return [float(max(1, len(p))) for p in prototypes]

    def menu_entries(self, tok: Token) -> list[n.Block]:
        """Menu lines: ``* Name: Node.  Description``, ``* Node::  Description``, comments."""
        out: list[n.Block] = []
        entry: n.MenuEntry | None = None
        desc_lines: list[tuple[str, str, int]] = []
        depth = 0

        def finish() -> None:
            if entry is not None and desc_lines:
                entry.description = self.inline.parse_lines(desc_lines)

        after_blank = False
        comment: n.MenuComment | None = None
        for text, source, line in tok.lines:
            m = re.match(r"\*\s+(.*)$", text) if depth <= 0 else None
            if m:
                finish()
                desc_lines = []
                comment = None
                entry, desc = self._menu_entry(m.group(1), source, line)
                out.append(entry)
                depth = 0
                if desc.strip():
                    desc_lines.append((desc.strip(), source, line))
                    depth = _brace_depth(desc)
            elif entry is not None and (depth > 0 or (text.strip() and not after_blank)):
                desc_lines.append((text.strip(), source, line))
                depth += _brace_depth(text)
            elif text.strip():
                finish()
                entry = None
                desc_lines = []
                if comment is not None and not after_blank:
                    comment.children.extend([n.Text("\n"), *self.inline.parse_lines(
                        [(text, source, line)])])
                else:
                    comment = n.MenuComment(self.inline.parse_lines([(text, source, line)]),
                                            source=source, line=line)
                    out.append(comment)
            after_blank = not text.strip() and depth <= 0
        finish()
        return [n.Menu(entries=out, source=tok.source, line=tok.line)]

    def _menu_entry(self, text: str, source: str, line: int) -> tuple[n.MenuEntry, str]:
        loc = {"source": source, "line": line}
        colon = _find_outside_braces(text, ":")
        if colon < 0:
            name, node, desc = text, text, ""
        elif text[colon + 1:colon + 2] == ":":
            name = text[:colon]
            node, desc = name, text[colon + 2:]
        else:
            name = text[:colon]
            rest = text[colon + 1:].lstrip()
            start = 0
            if rest.startswith("("):
                start = rest.find(")") + 1 if ")" in rest else 0
            stop = start
            while stop < len(rest):
                if rest[stop] == "@":
                    stop += 2
                    continue
                if rest[stop] == "{":
                    depth = 1
                    stop += 1
                    while stop < len(rest) and depth:
                        depth += {"{": 1, "}": -1}.get(rest[stop], 0)
                        stop += 1
                    continue
                if rest[stop] in ".,\t" and (stop + 1 >= len(rest) or rest[stop + 1] in " \t"):
                    break
                stop += 1
            node, desc = rest[:stop], rest[stop + 1:]
        manual = ""
        node = node.strip()
        if node.startswith("(") and ")" in node:
            manual = node[1:node.index(")")]
            node = node[node.index(")") + 1:].strip() or "Top"
        node_text = " ".join(n.plain_text(self.inline.parse_lines([(node, source, line)],
                                                                   code=True)).split())
        return n.MenuEntry(name=self.inline.parse_lines([(name.strip(), source, line)]),
                           node=node_text, manual=manual, **loc), desc


def _brace_depth(text: str) -> int:
    """Net braces opened by ``text`` (escaped braces do not count)."""
    depth = 0
    for m in re.finditer(r"@.|[{}]", text):
        if m.group(0) == "{":
            depth += 1
        elif m.group(0) == "}":
            depth -= 1
    return depth


def _outside_braces(text: str, char: str) -> Iterator[int]:
    """Positions of ``char`` outside braces (``@,`` and other ``@x`` are skipped)."""
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "@":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == char and depth <= 0:
            yield i
        i += 1


def _find_outside_braces(text: str, char: str) -> int:
    return next(_outside_braces(text, char), -1)


class _Author(n.Paragraph):
    """An ``@author`` line: a quotation's attribution, else a paragraph of its own."""

    def __init__(self, inlines: list[n.Inline], **loc: Any) -> None:
        super().__init__(inlines, **loc)
        self.inlines = inlines


def split_line_args(text: str) -> list[str]:
    """Split a line command's argument at commas outside braces (``@,`` is no comma)."""
    parts: list[str] = []
    last = 0
    for i in _outside_braces(text, ","):
        parts.append(text[last:i])
        last = i + 1
    parts.append(text[last:])
    return parts


def _split_command(text: str, name: str) -> list[str]:
    """Split a line at each ``@name`` command (not at an escaped ``@@name``)."""
    parts = []
    last = 0
    for m in re.finditer(r"@(@|" + re.escape(name) + r"(?![\w-]))", text):
        if m.group(1) != "@":
            parts.append(text[last:m.start()])
            last = m.end()
    parts.append(text[last:])
    return parts


def _def_words(text: str) -> list[tuple[str, int]]:
    """Split a definition line into words; a braced group is one word. (word, end offset)"""
    words: list[tuple[str, int]] = []
    i = 0
    length = len(text)
    while i < length:
        while i < length and text[i] in " \t":
            i += 1
        if i >= length:
            break
        if text[i] == "{":
            depth = 0
            j = i
            while j < length:
                if text[j] == "@":
                    j += 2
                    continue
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            words.append((text[i + 1:j], j + 1))
            i = j + 1
        else:
            j = i
            depth = 0
            while j < length and (depth > 0 or text[j] not in " \t"):
                if text[j] == "@" and j + 1 < length:
                    j += 2
                    continue
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                j += 1
            words.append((text[i:j], j))
            i = j
    return words


def _open_blocks(tokens: list[Token]) -> list[int]:
    """For each token, the index of the innermost block start still open before it (-1 for
    none): one pass, where a backward search from every table entry would be quadratic."""
    out: list[int] = []
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        out.append(stack[-1] if stack else -1)
        if tok.type == "END":
            if stack:
                stack.pop()
        elif tok.type.startswith("START_"):
            stack.append(i)
    return out


class TexinfoReader:
    """Reads Texinfo into a :class:`texi2rst.nodes.Document`."""

    _parser: lark.Lark | None = None
    _builder: TreeBuilder | None = None

    def __init__(self, options: Options | None = None, reporter: Reporter | None = None) -> None:
        self.options = options or Options()
        self.reporter = reporter or Reporter()
        self.lexer = Lexer(self.options, self.reporter)
        self._build: _Build | None = None
        # made while parsing, finished once the whole document is read
        self.images: list[n.Image | n.InlineImage] = []
        self.floats: list[n.Float] = []
        self.float_lists: list[n.Container] = []

    @classmethod
    def parser(cls) -> tuple[lark.Lark, TreeBuilder]:
        if cls._parser is None:
            cls._builder = TreeBuilder()
            # cache=True keeps the LALR tables between runs (building them takes ~0.4 s)
            cls._parser = lark.Lark(grammar_path("texinfo.lark").read_text(), parser="lalr",
                                    lexer=_TokenStream, transformer=cls._builder, cache=True)
        assert cls._builder is not None
        return cls._parser, cls._builder

    def read_file(self, path: str) -> n.Document:
        """Read a Texinfo file and what it includes."""
        try:
            tokens = self.lexer.lex_file(path)
        except LimitExceeded:
            tokens = self.lexer.tokens
            self.lexer._blocks.clear()
            tokens = _balanced(tokens)
        return self._document(tokens, path)

    def read_string(self, text: str, source: str = "<string>") -> n.Document:
        """Read Texinfo given as a string."""
        try:
            tokens = self.lexer.lex_text(text, source)
        except LimitExceeded:
            tokens = _balanced(self.lexer.tokens)
        return self._document(tokens, source)

    def read_lines(self, lines: list[tuple[str, str, int]], source: str) -> n.Document:
        """Read located lines (for example the Texinfo blocks of a ``.hx`` file)."""
        try:
            tokens = self.lexer.lex_lines(lines)
        except LimitExceeded:
            tokens = _balanced(self.lexer.tokens)
        return self._document(tokens, source)

    def _image_texts(self) -> None:
        """Give each image its text version, ``FILE.txt``, found beside the source or in
        the include folders (Texinfo's rendering of an image in text outputs)."""
        refused: set[tuple[str, int, str]] = set()
        for node in self.images:
            if not node.path:
                continue
            here = os.path.dirname(os.path.abspath(node.source)) if node.source else "."
            folders = [here, *self.options.include_dirs]
            if not self._image_readable(node, folders, refused):
                continue
            names = sorted({node.path + ".txt", os.path.splitext(node.path)[0] + ".txt"})
            for folder in folders:
                found, _outside = find_file("", [os.path.join(folder, m) for m in names],
                                            self.lexer._read_roots())
                if found:
                    with open(found, "rb") as f:
                        node.text = f.read(65536).decode("utf-8", "replace").strip("\n")
                    break

    def _image_readable(self, node: n.Image | n.InlineImage, folders: list[str],
                        refused: set[tuple[str, int, str]]) -> bool:
        """Whether the image lies inside the read roots; if not, an error, and the image
        refers to its bare file name instead (so that nothing outside is ever copied)."""
        roots = self.lexer._read_roots()
        found, outside = find_file(node.path, folders, roots, IMAGE_SUFFIXES)
        if found or (not outside and inside_any(roots, os.path.join(folders[0], node.path))):
            return True
        if (node.source, node.line, node.path) not in refused:  # inline and block copies
            refused.add((node.source, node.line, node.path))
            self.reporter.error(node.source, node.line, f"@image `{node.path}' is outside the "
                                "input's tree, the -I folders and the --allow-read folders")
        node.path = os.path.basename(node.path.rstrip("/")) or "image"
        return False

    def parse_nested(self, lines: list[tuple[str, str, int]]) -> list[n.Block]:
        """Parse block content found inside a brace command (a footnote's body)."""
        options = copy.copy(self.options)
        sub = Lexer(options, self.reporter)
        sub.flags, sub.macros, sub.aliases = self.lexer.flags, {}, {}
        sub.indices, sub.enclosures = self.lexer.indices, self.lexer.enclosures
        sub._roots, sub._budget = self.lexer._roots, self.lexer._budget
        try:
            tokens = sub.lex_lines(lines)
        except LimitExceeded:
            tokens = _balanced(sub.tokens)
        items = self._parse(tokens, sub)
        # headings and node lines inside a footnote become rubrics and labels, as in blocks
        return self._build.blocks(items) if self._build is not None else items

    def _parse(self, tokens: list[Token], lexer: Lexer) -> list[Any]:
        parser, builder = self.parser()
        build = _Build(tokens, lexer, self.reporter, self)
        if self._build is None:
            self._build = build
        else:
            build.copying = self._build.copying
            build.settings = self._build.settings
        builder._stack.append(build)
        made = len(self.images), len(self.floats), len(self.float_lists)
        try:
            for _attempt in range(100):
                try:
                    return parser.parse(tokens)  # type: ignore[no-any-return]
                except lark.exceptions.UnexpectedToken as e:
                    if not self._demote_stray_item(tokens, e.token.start_pos):
                        raise
                    # parse again from the start: drop what the failed attempt made
                    del self.images[made[0]:], self.floats[made[1]:], self.float_lists[made[2]:]
            raise lark.exceptions.LarkError("too many stray items")
        except lark.exceptions.LarkError as e:  # the lexer should make this impossible
            tok = tokens[getattr(getattr(e, "token", None), "start_pos", 0) or 0] if tokens \
                else None
            self.reporter.error(tok.source if tok else "", tok.line if tok else 0,
                                "internal error: cannot parse the structure here "
                                f"({type(e).__name__})")
            return []
        finally:
            builder._stack.pop()

    def _demote_stray_item(self, tokens: list[Token], index: int | None) -> bool:
        """An ``@item``-like line where the structure has no place for one (a man-page region
        cut into a table, say) becomes a paragraph of its text, with a located warning."""
        if index is None or not 0 <= index < len(tokens):
            return False
        tok = tokens[index]
        if tok.type not in ("ITEM", "ITEMX", "HEADITEM", "TAB", "DEFX"):
            return False
        self.reporter.warning(tok.source, tok.line, f"@{tok.name or tok.type.lower()} cannot "
                              "stand here; its text is kept as a paragraph")
        tokens[index] = Token("TEXT", lines=[(tok.arg, tok.source, tok.line)])
        return True

    def _document(self, tokens: list[Token], source: str) -> n.Document:
        items = self._parse(tokens, self.lexer)
        assert self._build is not None
        build = self._build
        doc = n.Document(source=source, line=1)
        doc.children = _nest_sections(_top_items(build, items))
        _check_unique_names(doc, self.reporter)
        self._image_texts()
        _lists_of_floats(self.floats, self.float_lists)
        title = build.settings.get("title", "")
        for block in doc.children:
            if isinstance(block, n.Section) and block.level == 0 and title \
                    and not n.plain_text(block.title).strip():
                block.title = [n.Text(title, source=block.source, line=block.line)]
        doc.copying = build.copying
        doc.settings = dict(build.settings)
        if "setfilename" in self.lexer.ignored_settings:
            doc.settings["man-name"] = os.path.splitext(
                self.lexer.ignored_settings["setfilename"])[0]
        if "settitle" in self.lexer.ignored_settings:
            doc.settings["man-description"] = self.lexer.ignored_settings["settitle"]
        for flag, value in self.lexer.flags.items():
            doc.settings[f"set:{flag}"] = value
        if any(t.type in ("MAN", "MANONLY_START") for t in tokens):
            doc.settings["man-regions"] = "yes"
        doc.indices = {idx: n.IndexInfo(idx, code) for idx, code in
                       {i: c for i, c in self.lexer.indices.values()}.items()}
        for src, dst in self.lexer.index_merges.items():
            if src in doc.indices:
                doc.indices[src].merged_into = dst
        self._build = None  # it refers back to this reader: no cycle outlives the read
        return doc


def _only_anchors(block: Any) -> bool:
    """A paragraph of anchors only (between ``@node`` and its section, it keeps them apart
    in no way makeinfo sees)."""
    return isinstance(block, n.Paragraph) and bool(block.children) and all(
        isinstance(c, n.Anchor) or (isinstance(c, n.Text) and not c.text.strip())
        for c in block.children)


def _check_unique_names(doc: n.Document, reporter: Reporter) -> None:
    """Node names, anchors and float labels share one namespace: makeinfo refuses a name
    defined twice (text only man pages see is left out, as makeinfo does not read it)."""
    seen: dict[str, tuple[str, n.Node]] = {}
    stack: list[n.Node] = [doc]
    while stack:
        node = stack.pop()
        if node.__class__ is n.Text:  # most nodes: no name, no children
            continue
        if isinstance(node, n.Container) and node.kind == "man-only":
            continue
        named = (("node", node.node) if isinstance(node, n.Section)
                 else ("node", node.name) if isinstance(node, n.NodeLabel)
                 else ("anchor", node.name) if isinstance(node, n.Anchor)
                 else ("float", node.label) if isinstance(node, n.Float) else ("", ""))
        name = " ".join(named[1].split())
        if name:
            if name in seen and (seen[name][1].source, seen[name][1].line) != (node.source,
                                                                             node.line):
                kind, first = seen[name]
                reporter.error(node.source, node.line, f"@{named[0]} `{name}' previously defined")
                reporter.error(first.source, first.line,
                               f"here is the previous definition as @{kind}")
            elif name not in seen:  # (a copy, as @insertcopying makes, is the same name)
                seen[name] = (named[0], node)
        stack.extend(reversed(node.child_nodes()))


def _lists_of_floats(floats: list[n.Float], listings: list[n.Container]) -> None:
    """``@listoffloats TYPE``: a list of the labelled floats of that type, with captions."""
    for listing in listings:
        loc = {"source": listing.source, "line": listing.line}
        entries = []
        for fl in floats:
            if fl.kind != listing.name or not fl.label:
                continue
            first = fl.caption[0] if fl.caption else None
            number = n.plain_text(first.children[0]) if isinstance(first, n.Paragraph) \
                and first.children and isinstance(first.children[0], n.Styled) else fl.label
            text = [c for c in (first.children[1:] if isinstance(first, n.Paragraph) else [])
                    if not isinstance(c, n.Footnote)]
            ref = n.Reference("ref", target=fl.label, label=[n.Text(number.rstrip(":"), **loc)],
                              **loc)
            entries.append(n.ListItem([n.Paragraph([ref, n.Text(": " if text else "", **loc),
                                                    *copy.deepcopy(text)], **loc)], **loc))
        listing.children = [n.BulletList(items=entries, **loc)] if entries else []


def _balanced(tokens: list[Token]) -> list[Token]:
    """Close the blocks left open when lexing stopped early."""
    stack: list[Token] = []
    for tok in tokens:
        if tok.type.startswith("START_") or tok.type == "MANONLY_START":
            stack.append(tok)
        elif tok.type in ("END", "MANONLY_END") and stack:
            stack.pop()
    out = list(tokens)
    for tok in reversed(stack):
        out.append(Token("MANONLY_END" if tok.type == "MANONLY_START" else "END", tok.name, "",
                         tok.lines[:1]))
    return out


def _top_items(build: _Build, items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, (_Section, _NodeLine)):
            out.append(item)
        else:
            out.extend(build.blocks([item]))
    return out


def _nest_sections(items: list[Any]) -> list[n.Block]:
    """Nest sections by level and attach each ``@node`` to the section after it."""
    root: list[n.Block] = []
    stack: list[n.Section] = []
    pending: _NodeLine | None = None

    def container() -> list[n.Block]:
        return stack[-1].children if stack else root

    for item in items:
        if isinstance(item, _NodeLine):
            if pending is not None:
                container().append(n.NodeLabel(name=pending.name, source=pending.source,
                                               line=pending.line))
            pending = item
            continue
        if isinstance(item, _Section):
            if item.kind in tc.HEADING_COMMANDS:
                if pending is not None:
                    container().append(n.NodeLabel(name=pending.name, source=pending.source,
                                                   line=pending.line))
                    pending = None
                container().append(n.Heading(level=tc.SECTION_LEVELS[item.kind], kind=item.kind,
                                             title=item.title, source=item.source,
                                             line=item.line))
                continue
            level = tc.SECTION_LEVELS.get(item.kind, 1)
            section = n.Section(level=level, kind=item.kind, title=item.title,
                                node=pending.name if pending else "", source=item.source,
                                line=item.line)
            pending = None
            while stack and stack[-1].level >= level:
                stack.pop()
            container().append(section)
            stack.append(section)
            continue
        if pending is not None and (isinstance(item, n.IndexEntry) or _only_anchors(item)):
            container().append(item)
            continue
        if pending is not None:
            container().append(n.NodeLabel(name=pending.name, source=pending.source,
                                           line=pending.line))
            pending = None
        container().append(item)
    if pending is not None:
        container().append(n.NodeLabel(name=pending.name, source=pending.source,
                                       line=pending.line))
    return root


def read_texinfo(path: str, options: Options | None = None,
                 reporter: Reporter | None = None) -> n.Document:
    """Read a Texinfo file (and its includes) into a document tree.

    Diagnostics go to ``reporter``; reading never raises for bad input."""
    if not os.path.isfile(path):
        reporter = reporter or Reporter()
        reporter.error(path, 0, "no such file")
        return n.Document(source=path)
    return TexinfoReader(options, reporter).read_file(path)


def read_texinfo_string(text: str, options: Options | None = None,
                        reporter: Reporter | None = None, source: str = "<string>"
                        ) -> n.Document:
    """Read Texinfo given as a string into a document tree."""
    return TexinfoReader(options, reporter).read_string(text, source)
