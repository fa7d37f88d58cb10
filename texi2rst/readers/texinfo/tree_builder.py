"""The transformer that builds document nodes as the block grammar reduces.

``grammars/texinfo.lark`` gives the lexer's tokens their nesting; :class:`TreeBuilder` is
called for each rule and hands the work to the
:class:`~texi2rst.readers.texinfo.builders.Build` of the parse.
"""

from __future__ import annotations

import re

from texi2rst import nodes as n
from texi2rst.readers.lalr import GrammarToken
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.arguments import split_line_args
from texi2rst.readers.texinfo.builders import STYLE_ARG, Build
from texi2rst.readers.texinfo.pieces import Cell, Child, NodeLine, PendingPre, Row, SectionLine
from texi2rst.readers.texinfo.tokens import Token


class TreeBuilder:
    """Builds document nodes from the grammar's rules (see ``grammars/texinfo.lark``): a
    method per rule, given the rule's children (:mod:`texi2rst.readers.lalr`)."""

    def __init__(self) -> None:
        self._stack: list[Build] = []

    def push(self, build: Build) -> None:
        """Parse the tokens of ``build`` next (a footnote's, inside the build of its text)."""
        self._stack.append(build)

    def pop(self) -> None:
        """Back to the build the last :meth:`push` interrupted."""
        self._stack.pop()

    # the build whose tokens are being parsed (nested for footnotes)
    @property
    def b(self) -> Build:
        return self._stack[-1]

    def index(self, child: Child) -> int:
        """The index in the lexer's token list of a grammar token (its ``start_pos``)."""
        assert isinstance(child, GrammarToken) and child.start_pos is not None, child
        return child.start_pos

    def tok(self, child: Child) -> Token:
        """The lexer's token behind a grammar token."""
        return self.b.tokens[self.index(child)]

    # -------------------------------------------------------------- leaves

    def paragraph(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        inlines = self.b.inline.parse_lines(tok.lines)
        return self.b.paragraph_blocks(inlines, tok)

    def preformatted(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        return [PendingPre(tok)]

    def menu_text(self, children: list[Child]) -> list[n.Block]:
        return self.b.menu_entries(self.tok(children[0]))

    def section(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        title = self.b.inline.parse_lines([(tok.arg, tok.source, tok.line)])
        return [SectionLine(tok.name, title, source=tok.source, line=tok.line)]

    def node(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        name = split_line_args(tok.arg)[0].strip() if tok.arg else ""
        if not name:
            self.b.reporter.error(tok.source, tok.line, "empty argument in @node")
            return []
        name = " ".join(n.plain_text(self.b.inline.parse_lines(
            [(name, tok.source, tok.line)], code=True)).split())
        self.b.reader.names.append(name)
        return [NodeLine(name, source=tok.source, line=tok.line)]

    def line_command(self, children: list[Child]) -> list[n.Block]:
        return self.b.line_command(self.tok(children[0]))

    def raw(self, children: list[Child]) -> list[n.Block]:
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

    def man_marker(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        kind = f"man-{tok.name}"
        return [n.Container(kind=kind, name=tok.arg, source=tok.source, line=tok.line)]

    # -------------------------------------------------------------- containers

    def man_only(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        body = self.b.blocks(children[1:-1])
        return [n.Container(kind="man-only", name=tok.arg, children=body, source=tok.source,
                            line=tok.line)]

    def block(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        keep_pre = tok.name in tc.PREFORMATTED_BLOCKS or tok.name in tc.FLUSH_BLOCKS \
            or tok.name in tc.TRANSPARENT_BLOCKS
        return self.b.block(tok, self.b.blocks(children[1:-1], keep_pre=keep_pre))

    def menu(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        entries = self.b.blocks(children[1:-1])
        flat: list[n.Block] = []
        for entry in entries:
            if isinstance(entry, n.Menu):
                flat.extend(entry.entries)
            else:
                flat.append(entry)
        return [n.Menu(entries=flat, source=tok.source, line=tok.line)]

    def list_item(self, children: list[Child]) -> n.ListItem:
        tok = self.tok(children[0])
        return n.ListItem(children=self.b.blocks(children[1:]), source=tok.source, line=tok.line)

    def item_list(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        items = [c for c in children[1:-1] if isinstance(c, n.ListItem)]
        before = self.b.blocks([c for c in children[1:-1] if not isinstance(c, n.ListItem)])
        loc: n.Loc = {"source": tok.source, "line": tok.line}
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

    def table_entry(self, children: list[Child]) -> n.TableEntry:
        tok = self.tok(children[0])
        code = self.b.table_style_is_code(self.index(children[0]))
        terms: list[list[n.Inline]] = []
        rest: list[Child] = []
        for c in children:
            if isinstance(c, GrammarToken) and c.type in ("ITEM", "ITEMX"):
                t = self.tok(c)
                terms.append(self.b.inline.parse_lines([(t.arg, t.source, t.line)], code=code))
            else:
                rest.append(c)
        return n.TableEntry(terms=terms, children=self.b.blocks(rest), source=tok.source,
                            line=tok.line)

    def table(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        entries = [c for c in children[1:-1] if isinstance(c, n.TableEntry)]
        before = self.b.blocks([c for c in children[1:-1] if not isinstance(c, n.TableEntry)])
        m = STYLE_ARG.match(tok.arg.strip())
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

    def cell(self, children: list[Child]) -> Cell:
        return Cell(self.b.blocks(children[1:]))

    def row(self, children: list[Child]) -> Row:
        head = self.tok(children[0]).type == "HEADITEM"
        first: list[Child] = []
        cells: list[list[n.Block]] = []
        for c in children[1:]:
            if isinstance(c, Cell):
                cells.append(c.blocks)
            else:
                first.append(c)
        return Row(head, [self.b.blocks(first), *cells])

    def multitable(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        rows = [c for c in children[1:-1] if isinstance(c, Row)]
        before = self.b.blocks([c for c in children[1:-1] if not isinstance(c, Row)])
        columns = self.b.multitable_columns(tok)
        width = max([len(columns)] + [len(r.cells) for r in rows])
        if len(columns) < width:
            if columns:
                self.b.reporter.error(tok.source, tok.line, "too many columns in multitable item")
            columns = columns + [1.0] * (width - len(columns))
        head = [r.cells for r in rows if r.head]
        body = [r.cells for r in rows if not r.head]
        for row in head + body:
            row.extend([] for _ in range(width - len(row)))
        self.b.settings["multitables"] = "yes"
        return [*before, n.MultiTable(columns=columns, head=head, body=body, source=tok.source,
                                      line=tok.line)]

    def definition(self, children: list[Child]) -> list[n.Block]:
        tok = self.tok(children[0])
        lines = [self.b.def_line(tok.name, tok)]
        rest: list[Child] = []
        for c in children[1:-1]:
            if isinstance(c, GrammarToken) and c.type == "DEFX":
                lines.append(self.b.def_line(tok.name, self.tok(c)))
            else:
                rest.append(c)
        self.b.settings["definitions"] = "yes"
        return [n.Definition(kind=tok.name, lines=lines, children=self.b.blocks(rest),
                             source=tok.source, line=tok.line)]

    def start(self, children: list[Child]) -> list[n.Block]:
        out: list[n.Block] = []
        for c in children:
            if isinstance(c, list):
                out.extend(c)
            elif isinstance(c, n.Block):
                out.append(c)
        return out
