"""The per-block builders: from the tokens of one block to its document nodes.

:class:`Build` holds what one parse needs (its tokens, the reporter, the inline parser, the
lexer's state) and makes the nodes of each kind of block: paragraphs and preformatted text,
quotations and floats, line commands, index entries, definition lines, multitable columns,
menu entries.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.arguments import def_words, find_outside_braces, split_command
from texi2rst.readers.texinfo.inline import InlineParser
from texi2rst.readers.texinfo.lexer import Lexer, Token
from texi2rst.readers.texinfo.pieces import Author, Child, NodeLine, PendingPre, SectionLine
from texi2rst.readers.texinfo.tokens import brace_depth

_ADMONITIONS = {"note", "warning", "caution", "important", "tip", "danger", "attention",
                "hint", "error"}
STYLE_ARG = re.compile(r"@([A-Za-z]+)")



TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # (only type checkers look at the protocol)


class ReaderHooks(Protocol):
    """What a build needs of its reader: the lists it fills for the whole document and the
    parse of block content inside brace commands."""

    images: list[n.Image | n.InlineImage]
    floats: list[n.Float]
    float_lists: list[n.Container]
    names: list[str]

    def parse_nested(self, lines: list[tuple[str, str, int]]) -> list[n.Block]: ...

class Build:
    """What one parse needs: its tokens, reporter, inline parser and lexer state."""

    def __init__(self, tokens: list[Token], lexer: Lexer, reporter: Reporter,
                 reader: ReaderHooks) -> None:
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
        self.inline.names = reader.names
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
        m = STYLE_ARG.match(self.tokens[start].arg.strip())
        return m is not None and m.group(1) in tc.CODE_COMMANDS

    def blocks(self, items: Iterable[Child], keep_pre: bool = False) -> list[n.Block]:
        """Flatten transformer results into blocks; headings inside blocks become rubrics.

        Preformatted text is kept as it is (``keep_pre``) for the block that will merge it."""
        out: list[n.Block] = []
        for item in items:
            if isinstance(item, list):
                out.extend(self.blocks(item, keep_pre))
            elif isinstance(item, SectionLine):
                level = tc.SECTION_LEVELS.get(item.kind, 2)
                out.append(n.Heading(level=level, kind=item.kind, title=item.title,
                                     source=item.source, line=item.line))
            elif isinstance(item, NodeLine):
                out.append(n.NodeLabel(name=item.name, source=item.source, line=item.line))
            elif isinstance(item, PendingPre):
                out.append(item if keep_pre else self.preformatted(item.tok,
                                                                   item.tok.name or "example"))
            elif isinstance(item, n.Block):
                out.append(item)
        return out

    def preformatted(self, tok: Token, kind: str) -> n.Block:
        code = kind in tc.EXAMPLE_BLOCKS
        inlines = self.inline.parse_lines(tok.lines, code=code)
        loc: n.Loc = {"source": tok.source, "line": tok.line}
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
        loc: n.Loc = {"source": tok.source, "line": tok.line}
        meaningful: list[n.Inline] = []  # the first two inlines that are not blank text
        for i in inlines:
            if not (isinstance(i, n.Text) and not i.text.strip()):
                meaningful.append(i)
                if len(meaningful) == 2:
                    break
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
        loc: n.Loc = {"source": tok.source, "line": tok.line}
        if name in tc.PREFORMATTED_BLOCKS or name in ("flushleft", "flushright"):
            return self.preformatted_block(tok, body)
        if name in tc.FLUSH_BLOCKS or name in tc.TRANSPARENT_BLOCKS:
            return body
        if name in tc.DROPPED_BLOCKS:
            if name == "titlepage" and "author" not in self.settings:
                # the title page is not shown, its authors are the manual's (conf.py)
                names = [" ".join(n.plain_text(b.inlines).split()) for b in body
                         if isinstance(b, Author)]
                if any(names):
                    self.settings["author"] = ", ".join(a for a in names if a)
            return []
        if name == "copying":
            self.copying = body
            return []
        if name in tc.QUOTATION_BLOCKS:
            # makeinfo 6.8 reads a title on @quotation and @smallquotation only
            title = self.inline.parse_lines([(tok.arg, tok.source, tok.line)]) \
                if tok.arg and name in ("quotation", "smallquotation") else []
            word = n.plain_text(title).strip().rstrip(":").lower()
            authors = [b for b in body if isinstance(b, Author)]
            body = [b for b in body if not isinstance(b, Author)]
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
                                and i.blocks is not None:
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
                mark = n.Text(number + (":" if caption else ""), **loc)
                head: list[n.Inline] = [n.Styled("strong", [mark], **loc)]
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
            if isinstance(item, PendingPre):
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
        loc: n.Loc = {"source": tok.source, "line": tok.line}
        if name == "include":  # an @include replaced by a tree (Options.include_substitutes)
            return list(self.lexer.substitutions[int(tok.arg)])
        if name in self.lexer.indices:
            index, code = self.lexer.indices[name]
            text = tok.arg
            if not text.strip():
                self.reporter.warning(tok.source, tok.line, f"@{name} missing argument")
                return []
            parts = split_command(text, "subentry")
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
            return [Author(inlines, **loc)]
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
        words = def_words(tok.arg)
        loc: n.Loc = {"source": tok.source, "line": tok.line}

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
                    depth = brace_depth(desc)
            elif entry is not None and (depth > 0 or (text.strip() and not after_blank)):
                desc_lines.append((text.strip(), source, line))
                depth += brace_depth(text)
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
        loc: n.Loc = {"source": source, "line": line}
        colon = find_outside_braces(text, ":")
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
