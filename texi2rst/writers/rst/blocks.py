"""Block content to rST: sections, paragraphs, lists, tables, directives.

Each block node class has a method ``visit_<node>(block, depth, top)`` returning ``(kind,
lines)``: the lines without a trailing blank, and the kind of construct they start and end
with (``"bullet"``, ``"enum"`` and ``"deflist"`` matter: two lists of one kind in a row would
merge, so :meth:`BlockWriter.blocks` separates them).  ``depth`` is the indentation the lines
will get (paragraphs are wrapped to fit); ``top`` is true where sections can stand.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from texi2rst.diagnostics import Reporter
from texi2rst.nodes import (
    Admonition,
    Block,
    BulletList,
    Comment,
    Container,
    Definition,
    DefinitionLine,
    Document,
    EnumeratedList,
    Float,
    Heading,
    HxBlock,
    Image,
    IndexEntry,
    Inline,
    LineBlock,
    ListItem,
    Literal,
    LiteralBlock,
    Menu,
    MenuComment,
    MenuEntry,
    MultiTable,
    NodeLabel,
    Paragraph,
    PrintIndex,
    Quotation,
    RawBlock,
    Section,
    Table,
    TableEntry,
    Text,
    Transition,
    plain_text,
)
from texi2rst.writers.rst.definitions import describe_definition, texinfo_definition
from texi2rst.writers.rst.escape import (
    bullet,
    clean,
    column_width,
    escape_term_colons,
    escape_text,
    finish_line,
    indent,
    literal_lines,
    single_line,
    strip_marked,
    unmark,
    wrap,
)
from texi2rst.writers.rst.inline import InlineWriter, Piece, image_directive
from texi2rst.writers.rst.labels import Labels
from texi2rst.writers.rst.options import (
    ADMONITIONS,
    ADORNMENTS,
    KIND_LANGUAGES,
    LEXERS,
    RstOptions,
)
from texi2rst.writers.rst.signatures import (
    option_signatures,
)

__all__ = ["BlockWriter", "group_index_directives", "raw_html_text"]

#: kinds of construct that merge with the next one of the same kind
_MERGING_KINDS = ("bullet", "enum", "deflist")

Rendered = tuple[str, list[str]]


def raw_html_text(html_text: str) -> str:
    """The text of raw HTML without its tags, for builders that cannot show HTML."""
    import html  # rarely needed: raw HTML is rare

    text = html.unescape(re.sub(r"<[^>]*>", " ", html_text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


_INDEX = ".. index:: "
#: symbols beyond ASCII (Texinfo's glyphs in examples)
_GLYPH_RE = re.compile(r"[\u2190-\u2bff]")


def group_index_directives(lines: list[str]) -> list[str]:
    """Index directives in a row (one blank line apart: they share a place) as one directive
    with an entry per line."""
    starts: list[int] = []
    _index_line_numbers(lines, 0, starts)
    return _group_index_lines(lines, starts)


def _index_line_numbers(lines: list[str], base: int, starts: list[int]) -> None:
    """Append to ``starts`` the numbers (``base`` + index) of the index lines of ``lines``."""
    # found in the joined text: most lines are not index lines
    joined = "\n".join(lines)
    if joined.count("\n") != len(lines) - 1:  # a line of several lines: look at each
        starts += [base + k for k, line in enumerate(lines) if line.startswith(_INDEX)]
        return
    if joined.startswith(_INDEX):
        starts.append(base)
    after_newline = "\n" + _INDEX
    at = joined.find(after_newline)
    number, counted = base, 0
    while at >= 0:
        number += joined.count("\n", counted, at + 1)
        counted = at + 1
        starts.append(number)
        at = joined.find(after_newline, at + 1)


class _SectionLines(list[str]):
    """A section's lines, whose lines from ``body`` on are a sequence of blocks with their
    index directives grouped already (:meth:`BlockWriter.blocks` made them)."""

    body = 0


def _group_index_lines(lines: list[str], starts: list[int]) -> list[str]:
    """:func:`group_index_directives`, given the index of each index line."""
    if not starts:
        return lines
    out: list[str] = []
    done = 0  # lines[:done] are in out
    for k in starts:
        if k < done:  # in the group before
            continue
        out += lines[done:k]
        entries = [lines[k][len(_INDEX):]]
        i = k + 1
        while i + 1 < len(lines) and lines[i] == "" and lines[i + 1].startswith(_INDEX):
            entries.append(lines[i + 1][len(_INDEX):])
            i += 2
        if len(entries) == 1:
            out.append(_INDEX + entries[0])
        else:
            out += [_INDEX.rstrip(), *("   " + e for e in entries)]
        done = i
    out += lines[done:]
    return out


def _section_lines(head: list[str], body: list[str]) -> _SectionLines:
    """A section's ``head`` lines, then its ``body`` (:meth:`BlockWriter.blocks`)."""
    lines = _SectionLines(head)
    lines.body = len(head)
    lines += body
    return lines


def _flatten_containers(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Container):
            out.extend(_flatten_containers(block.children))
        else:
            out.append(block)
    return out


#: a block as another process wrote it (:meth:`BlockWriter.blocks_apart`): its kind, lines,
#: where a section's body starts in them (-1: not a section), what goes before and after it
ForeignBlock = tuple[str, list[str], int, list[list[str]], list[list[str]]]


def _add_chunk(chunks: list[tuple[str, str, list[str], int, int]], kind: str, lines: list[str],
               pre: list[list[str]], post: list[list[str]]) -> None:
    """Add a block's lines, with those it puts before and after it, to the chunks of
    :meth:`BlockWriter.blocks` (unless there are none)."""
    if pre:
        pre = [p for p in pre if p]
    # the lines of a section's grouped body, in chunk
    body = lines.body if lines.__class__ is _SectionLines else 0
    body_end = len(lines) if body else 0
    if not pre and not post:
        if not lines:
            return
        chunk = lines  # the usual block: nothing before or after it
    else:
        chunk = []
        for p in pre:
            chunk.extend(p)
            if p[-1] != "":
                chunk.append("")
        if body:
            body, body_end = body + len(chunk), body_end + len(chunk)
        chunk.extend(lines)
        for p in post:
            if chunk and chunk[-1] != "":
                chunk.append("")
            chunk.extend(p)
    while chunk and chunk[-1] == "":
        chunk.pop()
    if not chunk:
        return
    start_kind = "other" if pre or not lines else kind
    end_kind = "other" if post or not lines else kind
    chunks.append((start_kind, end_kind, chunk, body, body_end))


class BlockWriter(InlineWriter):
    """The rST writer: block rendering on top of inline rendering.

    Subclasses may override :meth:`block` (every block), :meth:`table`,
    :meth:`term_text`, :meth:`definition` and :meth:`reference` (inline), or any
    ``visit_<node>`` method."""

    def __init__(self, doc: Document | list[Block], options: RstOptions, labels: Labels,
                 reporter: Reporter | None) -> None:
        super().__init__(doc, options, labels, reporter)
        #: the level of the next section title
        self.section_depth = options.section_level
        #: how many block quotes hold the blocks being written (only a paragraph in one can
        #: read as an attribution)
        self.quote_depth = 0
        #: blocks another process wrote, by the ``id`` of the first of them: called when
        #: :meth:`blocks` comes to it, it gives what :meth:`blocks_apart` made of it and the
        #: rest of its sequence, or None (this writer is not in the state that process
        #: assumed): the blocks are then written here
        self.elsewhere: dict[int, Callable[[BlockWriter], list[ForeignBlock] | None]] = {}

    def paragraph_lines(self, inlines: list[Inline], width: int) -> list[str]:
        """Inline content wrapped to ``width`` columns (a paragraph: no deeper lines follow
        it)."""
        text = self.inline_text(inlines)
        if not text:
            return []
        return wrap(text, width, quoted=self.quote_depth > 0, term=False)

    def inline_text(self, inlines: list[Inline], *, in_lines: bool = False) -> str:
        """Rendered inline content with markers, lines joined by newlines."""
        return "\n".join(self.render_inline(inlines, in_lines=in_lines))

    def line_text(self, inlines: list[Inline], *, underlined: bool = False) -> str:
        """Inline content on one line (titles, terms), with line-start escaping
        (``underlined``: a title's without an overline, see :func:`finish_line`)."""
        text = self.inline_text(inlines).replace("\n", " ")
        text = strip_marked(text)
        return finish_line(text, title=underlined)

    # ------------------------------------------------------------------ sequences

    def blocks(self, blocks: list[Block], depth: int = 0, top: bool = False) -> list[str]:
        """A sequence of blocks, with what each puts before and after it, blank lines
        between them."""
        chunks: list[tuple[str, str, list[str], int, int]] = []
        elsewhere = self.elsewhere
        for block in _flatten_containers(blocks):
            if elsewhere and id(block) in elsewhere:
                # this block and the ones after it were written by another process
                done = elsewhere.pop(id(block))(self)
                if done is not None:
                    for kind, lines, body, pre, post in done:
                        _add_chunk(chunks, kind, _section_lines(lines[:body], lines[body:])
                                   if body >= 0 else lines, pre, post)
                    break
            _add_chunk(chunks, *self.block_apart(block, depth, top))
        out: list[str] = []
        starts: list[int] = []  # the index lines of out
        scanned = 0  # out[:scanned] is looked at for index lines
        prev_kind = ""
        for start_kind, end_kind, chunk, body, body_end in chunks:
            if out:
                out.append("")
                if start_kind == prev_kind and start_kind in _MERGING_KINDS:
                    # two lists of one type would merge: an empty comment separates them
                    out.extend(["..", ""])
            base = len(out)
            out.extend(chunk)
            prev_kind = end_kind
            body_end = min(body_end, len(chunk))
            if body_end - body >= 2:
                # a section's body is grouped: of its index lines only its first and last
                # may join a group with lines around it (grouping merged the others)
                _index_line_numbers(out[scanned:base + body], scanned, starts)
                starts += [base + k for k in (body, body_end - 1)
                           if chunk[k].startswith(_INDEX)]
                scanned = base + body_end
        _index_line_numbers(out[scanned:], scanned, starts)
        return _group_index_lines(out, starts)

    def block_apart(self, block: Block, depth: int, top: bool
                    ) -> tuple[str, list[str], list[list[str]], list[list[str]]]:
        """One block of a sequence: its kind and lines, and the lines it puts before and
        after it."""
        saved_pre, saved_post = self.pre, self.post
        self.pre, self.post = [], []
        kind, lines = self.block(block, depth, top)
        pre, post = self.pre, self.post
        self.pre, self.post = saved_pre, saved_post
        return kind, lines, pre, post

    def blocks_apart(self, blocks: list[Block], depth: int, top: bool) -> list[ForeignBlock]:
        """What :meth:`blocks` makes of each block of ``blocks`` (another process's writer
        takes them for its :attr:`elsewhere`)."""
        done: list[ForeignBlock] = []
        for block in _flatten_containers(blocks):
            kind, lines, pre, post = self.block_apart(block, depth, top)
            body = lines.body if lines.__class__ is _SectionLines else -1
            done.append((kind, list(lines), body, pre, post))
        return done

    def block(self, block: Block, depth: int, top: bool) -> Rendered:
        """One block (``visit_<node>``): its kind and lines."""
        outer, self.depth = self.depth, depth
        try:
            rendered: Rendered = self.dispatch("visit", block, depth, top)
        finally:
            self.depth = outer
        return rendered

    # ------------------------------------------------------------------ sections

    def visit_section(self, sec: Section, depth: int, top: bool) -> Rendered:
        out = self.label_lines(sec, sec.node) if sec.node.strip() else []
        saved_pre, saved_post = self.pre, self.post
        self.pre, self.post = [], []
        # (a title under an overline could read as an underline)
        title = self.line_text(sec.title, underlined=not top or self.section_depth > 1)
        title_pre, title_post = self.pre, self.post
        self.pre, self.post = saved_pre, saved_post
        for p in title_pre:
            if p:
                out += [*p, ""]
        if not title:
            title = finish_line(escape_text(single_line(sec.node) or "Untitled"))
        if not top:
            # sections cannot stand inside body elements: a rubric keeps the title
            out += [f".. rubric:: {title}", ""]
            for p in title_post:
                out += [*p, ""]
            return "section", _section_lines(out, self.blocks(sec.children, depth))
        level = self.section_depth
        char = ADORNMENTS[min(level, len(ADORNMENTS)) - 1] if level > 0 else "#"
        width = max(column_width(title), 4)
        if level <= 1:
            out += [char * width, title, char * width]
        else:
            out += [title, char * width]
        self.section_depth += 1
        try:
            # body blocks first; rST cannot put parent content after a subsection
            body = self.blocks(sec.children, depth, top=True)
        finally:
            self.section_depth -= 1
        for p in title_post:
            out += ["", *p]
        if body:
            out.append("")
        return "section", _section_lines(out, body)

    def visit_heading(self, block: Heading, depth: int, top: bool) -> Rendered:
        title = self.line_text(block.title)
        return "other", [f".. rubric:: {title}"] if title else []

    def visit_node_label(self, block: NodeLabel, depth: int, top: bool) -> Rendered:
        return "other", self.label_lines(block, block.name)[:1]

    def visit_document(self, block: Document, depth: int, top: bool) -> Rendered:
        # a document is written by write_rst, never as a block inside another
        return "other", []

    def visit_container(self, block: Container, depth: int, top: bool) -> Rendered:
        # blocks() reads containers' children in their place: only a direct call comes here
        return "other", self.blocks(block.children, depth, top)

    # ------------------------------------------------------------------ simple blocks

    def visit_paragraph(self, block: Paragraph, depth: int, top: bool) -> Rendered:
        return "para", self.paragraph_lines(block.children, max(self.options.width - depth, 30))

    def visit_literal_block(self, block: LiteralBlock, depth: int, top: bool) -> Rendered:
        if all(isinstance(c, Text) for c in block.children):
            text = "".join(c.text for c in block.children if isinstance(c, Text))
            lines = literal_lines(text)
            if not lines:
                return "literal", []
            lexer = LEXERS.get(block.language.strip().lower()
                               or KIND_LANGUAGES.get(block.kind, ""))
            if lexer and _GLYPH_RE.search(text):
                # Texinfo's glyphs (⇒, ⊣, error→ …) are no token of the language
                lexer = None
            head = [f".. code-block:: {lexer}"] if lexer else ["::"]
            return "literal", [*head, "", *indent(lines, 4)]
        text = unmark("\n".join(self.render_inline(block.children, preserve=True)))
        lines = literal_lines(text)
        if not lines:
            return "literal", []
        return "literal", [".. parsed-literal::", "", *indent(lines, 4)]

    def visit_line_block(self, block: LineBlock, depth: int, top: bool) -> Rendered:
        out: list[str] = []
        for line in block.lines:
            text = self.inline_text(line, in_lines=True)
            for part in text.split("\n"):
                # a long line goes on in lines indented under its text
                wrapped = wrap(part, max(self.options.width - depth - 2, 30), block_start=False)
                out += ["| " + wrapped[0], *indent(wrapped[1:], 2)] if wrapped else ["|"]
        while out and out[-1] == "|":
            out.pop()
        while out and out[0] == "|":
            out.pop(0)
        return "lineblock", out

    def visit_index_entry(self, block: IndexEntry, depth: int, top: bool) -> Rendered:
        entry = self.index_entry_text(block.children)
        return "other", [".. index:: single: " + entry] if entry else []

    def visit_print_index(self, block: PrintIndex, depth: int, top: bool) -> Rendered:
        return "para", [":ref:`genindex`"]

    @staticmethod
    def not_html_text(text: str) -> list[str]:
        """Text that builders other than HTML show instead of an image or raw HTML."""
        return ["", ".. only:: not html", "", "   ::", "", *indent(literal_lines(text), 6)]

    def visit_image(self, block: Image, depth: int, top: bool) -> Rendered:
        if not block.path.strip():
            return "other", []
        out = image_directive(".. image::", block)
        if block.text.strip():
            out += self.not_html_text(block.text)
        return "other", out

    def visit_float(self, block: Float, depth: int, top: bool) -> Rendered:
        out: list[str] = []
        if block.label.strip():
            out += self.label_lines(block, block.label)
        body = self.blocks(list(block.children) + list(block.caption), depth)
        if not body and out:
            return "other", out[:1]
        return "other", out + body

    def visit_raw_block(self, block: RawBlock, depth: int, top: bool) -> Rendered:
        if block.format != "html" or not block.text.strip():
            return "other", []
        out = [".. raw:: html", "", *indent(literal_lines(block.text), 3)]
        text = raw_html_text(block.text)
        if text:
            # other builders get the words without the tags, as makeinfo --plaintext did
            out += self.not_html_text(text)
        return "other", out

    def visit_comment(self, block: Comment, depth: int, top: bool) -> Rendered:
        lines = [line.rstrip() for line in clean(block.text).expandtabs(8).split("\n")]
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            return "other", []
        return "other", ["..", *indent(lines, 3)]

    def visit_literal(self, block: Literal, depth: int, top: bool) -> Rendered:
        lines = block.text.rstrip("\n").split("\n")
        return "other", lines if block.text.strip() else []

    def visit_hx_block(self, block: HxBlock, depth: int, top: bool) -> Rendered:
        # a .hx documentation block outside its file: its label, then its blocks in order
        label = [f".. _{block.label}:", ""] if block.label else []
        return "other", label + self.blocks(block.children, depth, top)

    def visit_transition(self, block: Transition, depth: int, top: bool) -> Rendered:
        return "other", []

    def _parts(self, block: ListItem | TableEntry, depth: int, top: bool) -> Rendered:
        # parts of a list or table rendered by it; standing alone, their blocks
        return "other", self.blocks(block.children, depth)

    visit_list_item = visit_table_entry = _parts

    def _no_blocks(self, block: DefinitionLine | MenuEntry, depth: int, top: bool) -> Rendered:
        # parts rendered by their definition or menu; alone they hold no blocks
        return "other", []

    visit_definition_line = visit_menu_entry = _no_blocks

    # ------------------------------------------------------------------ lists

    def visit_bullet_list(self, block: BulletList, depth: int, top: bool) -> Rendered:
        out: list[str] = []
        for item in block.items:
            out += ([""] if out else []) + bullet("-", self.blocks(item.children, depth + 2))
        return "bullet", out

    def visit_enumerated_list(self, block: EnumeratedList, depth: int, top: bool) -> Rendered:
        out: list[str] = []
        start = block.start.strip() or "1"
        if not (start.isdigit() or (len(start) == 1 and start.isascii() and start.isalpha())):
            start = "1"
        for i, item in enumerate(block.items):
            marker = f"{int(start) if start.isdigit() else start}." if i == 0 else "#."
            out += ([""] if out else []) + bullet(
                marker, self.blocks(item.children, depth + len(marker) + 1))
        return "enum", out

    def visit_table(self, block: Table, depth: int, top: bool) -> Rendered:
        return self.table(block, depth)

    def table(self, block: Table, depth: int) -> Rendered:
        """``@table``: ``.. option::`` directives for options, else a definition list."""
        sigs = option_signatures(block, self.options.signatures) or [None] * len(block.entries)
        out: list[str] = []
        # an entry that is no option stays a definition-list entry, between the options
        kind = "deflist" if sigs and sigs[0] is None else "other"
        if block.index:
            for entry, entry_sigs in zip(block.entries, sigs, strict=True):
                for term in entry.terms if entry_sigs is None else []:
                    text = self.index_entry_text(term)
                    if text:
                        self.pre.append([".. index:: single: " + text])
        for entry, entry_sigs in zip(block.entries, sigs, strict=True):
            if out:
                out.append("")
            body = self.blocks(entry.children, depth + 3)
            if entry_sigs is not None:
                head = ".. option:: "
                out.append(head + entry_sigs[0])
                out.extend(" " * len(head) + s for s in entry_sigs[1:])
                if self.options.no_index:
                    out.append("   :no-index:")
                if body:
                    out += [""] + indent(body, 3)
                continue
            # each @item/@itemx term on a line of its own, as makeinfo shows them: the terms
            # before the last one are items whose definition is an empty comment
            terms = entry.terms or [[]]
            for i, term in enumerate(terms):
                if i:
                    out.append("")
                out.append(self.term_text(term))
                if i + 1 < len(terms):
                    out.append("   ..")
            out.extend(indent(body, 3) if body else ["   \\"])
        return kind, out

    def term_text(self, inlines: list[Inline]) -> str:
        """A definition-list term on one line."""
        text = self.inline_text(inlines).replace("\n", " ")
        text = strip_marked(text)
        # " : " separates a classifier in a term: escape every colon after a space
        text = finish_line(escape_term_colons(text))
        if not text:
            return "\\ \\"  # an empty term; a lone backslash would end the list
        return text

    def visit_multi_table(self, block: MultiTable, depth: int, top: bool) -> Rendered:
        rows = list(block.head) + list(block.body)
        if not rows:
            return "other", []
        ncols = max(max((len(r) for r in rows), default=0), 1)
        out = [".. list-table::"]
        head = len(block.head)
        if head and head < len(rows):
            out.append(f"   :header-rows: {head}")
        if len(block.columns) == ncols and all(c > 0 for c in block.columns):
            total = sum(block.columns)
            widths = [max(1, round(100 * c / total)) for c in block.columns]
            out.append("   :widths: " + " ".join(str(w) for w in widths))
        out.append("")
        empty: list[Block] = []
        for row in rows:
            cells = list(row) + [empty] * (ncols - len(row))
            row_lines: list[str] = []
            for cell in cells:
                row_lines += ([""] if row_lines else []) + bullet(
                    "-", self.blocks(cell, depth + 7))
            if out[-1]:
                out.append("")
            out += indent(bullet("*", row_lines), 3)
        return "other", out

    # ------------------------------------------------------------------ containers

    def visit_quotation(self, block: Quotation, depth: int, top: bool) -> Rendered:
        body: list[str] = []
        title = single_line(plain_text(block.title))
        if title:
            body = [f"**{escape_text(title)}:**"]
        self.quote_depth += 1
        try:
            inner = self.blocks(block.children, depth + 4)
        finally:
            self.quote_depth -= 1
        if inner:
            body += ([""] if body else []) + inner
        authors = [single_line(plain_text(a)) for a in block.authors]
        authors = [a for a in authors if a]
        if not body:
            return "quote", []
        if authors:
            body += ["", "-- " + escape_text(", ".join(authors))]
        return "quote", ["..", "", *indent(body, 4)]

    def visit_admonition(self, block: Admonition, depth: int, top: bool) -> Rendered:
        kind = block.kind.lower().strip()
        body = self.blocks(block.children, depth + 3) or ["\\"]
        if kind in ADMONITIONS:
            head = f".. {kind}::"
        else:
            title = self.line_text(block.title) or finish_line(
                escape_text(single_line(block.kind) or "Note"))
            head = f".. admonition:: {title}"
        return "other", [head, "", *indent(body, 3)]

    def visit_definition(self, block: Definition, depth: int, top: bool) -> Rendered:
        if block.kind.startswith("def"):
            return "deflist", texinfo_definition(self, block, depth)
        return "other", self.definition(block, depth)

    def definition(self, block: Definition, depth: int) -> list[str]:
        """A definition block that is not Texinfo's (QAPI's): ``.. describe::`` here, the
        QAPI domain's directives in the QAPI writer."""
        return describe_definition(self, block, depth)

    # ------------------------------------------------------------------ menus

    def visit_menu(self, block: Menu, depth: int, top: bool) -> Rendered:
        # its entries are a bullet list: a list right before or after must not merge
        has_entries = any(isinstance(e, MenuEntry) for e in block.entries)
        out: list[str] = []
        items: list[list[str]] = []

        def flush() -> None:
            if items:
                if out:
                    out.append("")
                for item in items:
                    out.extend(item)
                items.clear()

        for entry in block.entries:
            # menu_<node>: entries are items, free text stands between lists of them; other
            # blocks in a menu are not shown
            rendered: Rendered | None = self.dispatch_optional("menu", entry, depth)
            if rendered is None:
                continue
            kind, lines = rendered
            if kind == "item":
                items.append(lines)
            elif lines:
                flush()
                if out:
                    out.append("")
                out.extend(lines)
        flush()
        return ("bullet" if has_entries else "other"), out

    def menu_menu_entry(self, entry: MenuEntry, depth: int) -> Rendered:
        pieces: list[Piece] = []
        text = single_line(plain_text(entry.name)) or single_line(entry.node)
        if entry.manual:
            self.external(text, entry.node, entry.manual, pieces)
        else:
            label = self.labels.label_for(entry.node)
            if label is None:
                self.warn(entry, f"reference to undefined node `{entry.node}'")
                pieces.append(Piece("t", text))
            else:
                self.add_markup(pieces, text or label, lambda s: self.ref_markup(s, label))
        desc = self.pieces(entry.description)
        if desc and plain_text(entry.description).strip():
            pieces.append(Piece("t", " \u2014 "))
            pieces.extend(desc)
        text_line = "\n".join(self.join_pieces(pieces, False))
        lines = wrap(text_line, max(self.options.width - depth - 2, 30))
        return "item", bullet("-", lines)

    def menu_menu_comment(self, entry: MenuComment, depth: int) -> Rendered:
        return "text", self.paragraph_lines(entry.children, self.options.width - depth)

    def visit_menu_comment(self, block: MenuComment, depth: int, top: bool) -> Rendered:
        return "para", self.paragraph_lines(block.children, max(self.options.width - depth, 30))
