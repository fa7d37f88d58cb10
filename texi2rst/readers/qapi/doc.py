"""QAPI documentation comments (``##`` … ``##`` blocks) as QEMU v4.2 understood them.

Two layers:

* :func:`parse_doc` turns the lines of one doc block into a :class:`QAPIDoc`: the symbol
  (``# @name:``), the body, the ``@member:`` descriptions, the ``Features:`` descriptions and
  the tagged (``Returns:``, ``Since:``, ``Note:``, ``Notes:``, ``Example:``, ``Examples:``,
  ``TODO:``) and untagged sections.  It is a line-driven state machine (which section a line
  belongs to depends on what came before and on the indentation), raising
  :class:`DocError` with the offending line, with QEMU's messages.
* :func:`text_to_blocks` turns the text of one section into document-tree blocks: paragraphs,
  ``= ``/``== `` headings, ``1. ``/``- ``/``* `` lists with continuation lines, ``| ``
  example lines; :func:`inline` turns one line into inline nodes (``*strong*``, ``_emph_``,
  ``@name``) with the Lark grammar ``grammars/qapi_doc.lark``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from lark import Lark, Token, Transformer

from texi2rst import nodes
from texi2rst.grammar import grammar_path
from texi2rst.neutral import strip_private
from texi2rst.readers import quiet_lark
from texi2rst.readers.qapi.errors import QAPIError
from texi2rst.records import field, record

quiet_lark()

#: the tags QEMU v4.2 recognised at the start of a section line
SECTION_TAGS = ("Returns", "Since", "Note", "Notes", "Example", "Examples", "TODO")
_TAG_WORDS = frozenset(t + ":" for t in SECTION_TAGS)


class DocError(QAPIError):
    """A malformed doc comment, at the file, line (and column) QEMU reported."""

    def __init__(self, line: int, message: str, *, source: str = "", column: int = 0) -> None:
        super().__init__(source, line, message, column=column)


# --------------------------------------------------------------------------- model


@record
class DocLine:
    """One line of section text (``#`` and the following space removed) and its line."""

    line: int
    text: str


@record
class DocSection:
    """A run of text: the body (``name`` None), a tagged section (``name`` = the tag without
    its colon) or an untagged section after the members (``name`` None)."""

    name: str | None = None
    line: int = 0
    lines: list[DocLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(dl.text for dl in self.lines)

    def append(self, line: int, text: str) -> None:
        self.lines.append(DocLine(line, text.rstrip()))

    def trim(self) -> None:
        """Drop blank lines at both ends (QEMU stripped each section's text)."""
        while self.lines and not self.lines[0].text.strip():
            self.lines.pop(0)
        while self.lines and not self.lines[-1].text.strip():
            self.lines.pop()


@record
class ArgSection(DocSection):
    """The description of one member, enum value, branch (``@name:``) or feature."""

    connected: bool = False


@record
class QAPIDoc:
    """One documentation comment.  ``symbol`` is None for free-form documentation."""

    source: str = ""
    line: int = 0
    end_line: int = 0
    symbol: str | None = None
    symbol_line: int = 0
    body: DocSection = field(default_factory=DocSection)
    args: dict[str, ArgSection] = field(default_factory=dict)
    features: dict[str, ArgSection] = field(default_factory=dict)
    sections: list[DocSection] = field(default_factory=list)
    #: set when the block could not be parsed (an error was reported for it)
    broken: bool = False

    @property
    def freeform(self) -> bool:
        return self.symbol is None

    def section(self, name: str) -> DocSection | None:
        for s in self.sections:
            if s.name == name:
                return s
        return None


# --------------------------------------------------------------------------- doc parser


class _DocParser:
    """QEMU v4.2's doc-comment state machine, rebuilt from its documented behaviour."""

    def __init__(self, doc: QAPIDoc) -> None:
        self.doc = doc
        self.section: DocSection | None = doc.body
        self.state = self.body_line
        self.lineno = 0

    # -- entry

    def append(self, lineno: int, raw: str) -> None:
        """``raw`` is the whole comment, starting with ``#``."""
        self.lineno = lineno
        line = raw[1:]
        if not line:
            self.freeform("")
            return
        if line[0] != " ":
            raise DocError(lineno, "missing space after #")
        self.state(line[1:])

    def end(self, lineno: int) -> None:
        self.lineno = lineno
        self.end_section()
        self.doc.body.trim()

    # -- states

    def body_line(self, line: str) -> None:
        doc = self.doc
        name = line.split(" ", 1)[0]
        if doc.symbol is None and not doc.body.lines and line.startswith("@"):
            if not line.endswith(":"):
                raise DocError(self.lineno, "line should end with ':'")
            doc.symbol = line[1:-1]
            doc.symbol_line = self.lineno
            if not doc.symbol:
                raise DocError(self.lineno, "invalid name")
        elif doc.symbol is not None:
            if name.startswith("@") and name.endswith(":"):
                self.state = self.args_line
                self.args_line(line)
            elif line == "Features:":
                self.state = self.features_line
            elif name in _TAG_WORDS:
                self.state = self.various_line
                self.various_line(line)
            else:
                self.freeform(line.strip())
        else:
            self.freeform(line.strip())

    def _symbol_line(self, line: str, table: dict[str, ArgSection], features: bool) -> None:
        name = line.split(" ", 1)[0]
        if name.startswith("@") and name.endswith(":"):
            line = line[len(name) + 1:]
            self.start_symbol_section(table, name[1:-1])
        elif name in _TAG_WORDS:
            self.state = self.various_line
            self.various_line(line)
            return
        elif (self.section is not None and len(self.section.lines) >= 2
              and self.section.lines[-1].text == "" and line and not line[0].isspace()):
            if line == "Features:" and not features:
                self.state = self.features_line
            else:
                self.start_section(None)
                self.state = self.various_line
                self.various_line(line)
            return
        self.freeform(line.strip())

    def args_line(self, line: str) -> None:
        self._symbol_line(line, self.doc.args, False)

    def features_line(self, line: str) -> None:
        self._symbol_line(line, self.doc.features, True)

    def various_line(self, line: str) -> None:
        name = line.split(" ", 1)[0]
        if name.startswith("@") and name.endswith(":"):
            current = self.doc.sections[0].name if self.doc.sections else None
            raise DocError(self.lineno, f"'{name}' can't follow '{current}' section")
        if name in _TAG_WORDS:
            line = line[len(name) + 1:]
            self.start_section(name[:-1])
        if self.section is None or not (self.section.name or "").startswith("Example"):
            line = line.strip()
        self.freeform(line)

    # -- sections

    def start_symbol_section(self, table: dict[str, ArgSection], name: str) -> None:
        if not name:
            raise DocError(self.lineno, "invalid parameter name")
        if name in table:
            raise DocError(self.lineno, f"'{name}' parameter name duplicated")
        self.end_section()
        self.section = ArgSection(name, line=self.lineno)
        table[name] = self.section

    def start_section(self, name: str | None) -> None:
        if name in ("Returns", "Since") and self.doc.section(name) is not None:
            raise DocError(self.lineno, f"duplicated '{name}' section")
        self.end_section()
        self.section = DocSection(name, line=self.lineno)
        self.doc.sections.append(self.section)

    def end_section(self) -> None:
        section = self.section
        if section is None:
            return
        section.trim()
        if section.name and not section.lines and section is not self.doc.body:
            raise DocError(self.lineno, f"empty doc section '{section.name}'")
        if section is not self.doc.body:
            self.section = None

    def freeform(self, line: str) -> None:
        m = re.match(r"(@\S+:)", line)
        if m:
            raise DocError(self.lineno,
                           f"'{m.group(1)}' not allowed in free-form documentation")
        assert self.section is not None
        self.section.append(self.lineno, line)


def parse_doc(lines: list[tuple[int, str]], *, source: str = "", line: int = 0,
              end_line: int = 0) -> QAPIDoc:
    """Parse the inner lines of one doc block.

    ``lines`` are ``(line number, comment text)`` pairs, each comment text starting with
    ``#`` (the ``##`` opening and closing lines excluded).  Raises :class:`DocError`.
    Private marker characters (:mod:`texi2rst.neutral`) are dropped from the text."""
    lines = [(number, strip_private(text)) for number, text in lines]
    doc = QAPIDoc(source=source, line=line, end_line=end_line)
    parser = _DocParser(doc)
    try:
        for lineno, raw in lines:
            parser.append(lineno, raw)
        parser.end(end_line or (lines[-1][0] + 1 if lines else line))
    except DocError as exc:
        exc.source = exc.source or source
        exc.column = exc.column or 1  # QEMU points at the comment's '#'
        raise
    return doc


def parse_doc_text(text: str, *, source: str = "<string>", first_line: int = 1) -> QAPIDoc:
    """Parse a doc comment given as text: either the whole comment (``##`` … ``##``, every
    line starting with ``#``) or bare text (lines without ``#``, as in a docstring)."""
    raw = strip_private(text).splitlines()
    while raw and not raw[0].strip():
        raw.pop(0)
        first_line += 1
    while raw and not raw[-1].strip():
        raw.pop()
    if raw and raw[0].strip() == "##":
        start = first_line
        body = raw[1:-1] if len(raw) > 1 and raw[-1].strip() == "##" else raw[1:]
        pairs = [(start + 1 + i, ln.strip() if ln.strip().startswith("#") else "# " + ln)
                 for i, ln in enumerate(body)]
        return parse_doc(pairs, source=source, line=start, end_line=start + len(body) + 1)
    pairs = [(first_line + i, ("# " + ln) if ln.strip() else "#") for i, ln in enumerate(raw)]
    return parse_doc(pairs, source=source, line=first_line,
                     end_line=first_line + len(raw))


# --------------------------------------------------------------------------- inline markup


class _InlineTransformer(Transformer[Token, list[tuple[str, str]]]):
    def strong(self, children: list[Token]) -> tuple[str, str]:
        return ("strong", children[0][1:-1])

    def emph(self, children: list[Token]) -> tuple[str, str]:
        return ("emph", children[0][1:-1])

    def symbol(self, children: list[Token]) -> tuple[str, str]:
        return ("symbol", children[0][1:])

    def text(self, children: list[Token]) -> tuple[str, str]:
        return ("text", str(children[0]))

    def start(self, children: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return children


@lru_cache(maxsize=1)
def _inline_parser() -> Lark:
    grammar = grammar_path("qapi_doc.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", transformer=_InlineTransformer())


_SPECIAL = re.compile(r"[*_@]")

#: resolves ``@name`` to a Reference target ("" when the name is no definition)
Resolver = Callable[[str], str]


def inline_pieces(text: str) -> list[tuple[str, str]]:
    """Split one line into ``(kind, text)`` pieces: ``text``, ``strong``, ``emph``,
    ``symbol``."""
    if not _SPECIAL.search(text):
        return [("text", text)] if text else []
    pieces: list[tuple[str, str]] = []
    parsed: list[tuple[str, str]] = _inline_parser().parse(text)  # type: ignore[assignment]
    for kind, value in parsed:
        if kind == "text" and pieces and pieces[-1][0] == "text":
            pieces[-1] = ("text", pieces[-1][1] + value)
        else:
            pieces.append((kind, value))
    return pieces


def inline(text: str, *, source: str = "", line: int = 0,
           resolve: Resolver | None = None) -> list[nodes.Inline]:
    """One line of doc text as inline nodes.  ``@name`` becomes a
    ``Reference(target=resolve(name))`` when ``resolve`` gives a target, else
    ``Styled(kind="code")``."""
    out: list[nodes.Inline] = []
    for kind, value in inline_pieces(text):
        if kind == "text":
            out.append(nodes.Text(value, source=source, line=line))
        elif kind == "symbol":
            target = resolve(value) if resolve else ""
            if target:
                out.append(nodes.Reference(target=target,
                                           label=[nodes.Text(value, source=source, line=line)],
                                           source=source, line=line))
            else:
                out.append(nodes.Styled(kind="code",
                                        children=[nodes.Text(value, source=source, line=line)],
                                        source=source, line=line))
        else:
            out.append(nodes.Styled(kind=kind,
                                    children=[nodes.Text(value, source=source, line=line)],
                                    source=source, line=line))
    return out


# --------------------------------------------------------------------------- line markup

_ENUM_ITEM = re.compile(r"^([0-9]*\.) ")
_BULLET_ITEM = re.compile(r"^[*-] ")


def _paragraph(lines: list[DocLine], source: str, resolve: Resolver | None) -> nodes.Paragraph:
    children: list[nodes.Inline] = []
    for i, dl in enumerate(lines):
        if i:
            children.append(nodes.Text("\n", source=source, line=dl.line))
        children.extend(inline(dl.text.strip(), source=source, line=dl.line,
                               resolve=resolve))
    return nodes.Paragraph(children=children, source=source, line=lines[0].line)


def text_to_blocks(lines: list[DocLine], *, source: str = "",
                   resolve: Resolver | None = None,
                   headings: bool = True) -> list[nodes.Block]:
    """Blocks of one section's text.

    Headings (``= ``, ``== ``) come out as :class:`nodes.Heading` (level 1 or 2); the caller
    turns them into sections where that makes sense.  Lists follow QEMU's rules: an item
    runs on over following lines until a blank line; after a blank line, a line that starts no
    item ends the list."""
    blocks: list[nodes.Block] = []
    para: list[DocLine] = []
    example: list[DocLine] = []
    current_list: nodes.BulletList | nodes.EnumeratedList | None = None
    item_blocks: list[nodes.Block] = []
    last_empty = False

    def flush_para() -> None:
        nonlocal para
        if para:
            target = item_blocks if current_list is not None else blocks
            target.append(_paragraph(para, source, resolve))
            para = []

    def flush_example() -> None:
        nonlocal example
        if example:
            text = "\n".join(dl.text for dl in example)
            lit = nodes.LiteralBlock(kind="example",
                                     children=[nodes.Text(text, source=source,
                                                          line=example[0].line)],
                                     source=source, line=example[0].line)
            (item_blocks if current_list is not None else blocks).append(lit)
            example = []

    def flush_item() -> None:
        nonlocal item_blocks
        flush_para()
        flush_example()
        if current_list is not None and item_blocks:
            current_list.items.append(nodes.ListItem(children=item_blocks, source=source,
                                                     line=item_blocks[0].line))
        item_blocks = []

    def end_list() -> None:
        nonlocal current_list
        flush_item()
        if current_list is not None:
            blocks.append(current_list)
        current_list = None

    for dl in lines:
        text = dl.text
        if text.startswith("| ") or text == "|":
            flush_para()
            example.append(DocLine(dl.line, text[2:]))
            last_empty = False
            continue
        flush_example()
        if headings and (text.startswith("= ") or text.startswith("== ")):
            end_list()
            flush_para()
            level = 1 if text.startswith("= ") else 2
            title = text[level + 1:].strip()
            blocks.append(nodes.Heading(level=level, kind="heading",
                                        title=inline(title, source=source, line=dl.line,
                                                     resolve=resolve),
                                        source=source, line=dl.line))
            last_empty = False
            continue
        m_enum = _ENUM_ITEM.match(text)
        m_bullet = _BULLET_ITEM.match(text)
        if m_enum or m_bullet:
            want = nodes.EnumeratedList if m_enum else nodes.BulletList
            if current_list is None or not isinstance(current_list, want):
                end_list()
                flush_para()
                if m_enum:
                    start = m_enum.group(1)[:-1] or "1"
                    current_list = nodes.EnumeratedList(start=start, source=source,
                                                        line=dl.line)
                else:
                    current_list = nodes.BulletList(
                        mark=[nodes.Text(text[0], source=source, line=dl.line)],
                        source=source, line=dl.line)
            else:
                flush_item()
            marker = m_enum or m_bullet
            assert marker is not None
            rest = text[marker.end():]
            para = [DocLine(dl.line, rest)]
            last_empty = False
            continue
        if not text:
            flush_para()
            last_empty = True
            continue
        if current_list is not None and last_empty:
            end_list()
        para.append(dl)
        last_empty = False
    flush_example()
    end_list()
    flush_para()
    return blocks


def literal_blocks(lines: list[DocLine], *, source: str = "") -> list[nodes.Block]:
    """An ``Example:`` section: its text verbatim, as one literal block."""
    if not lines:
        return []
    texts = [dl.text for dl in lines]
    # drop the common indentation, keep the relative one
    indents = [len(t) - len(t.lstrip()) for t in texts if t.strip()]
    cut = min(indents) if indents else 0
    text = "\n".join(t[cut:] for t in texts)
    return [nodes.LiteralBlock(kind="example",
                               children=[nodes.Text(text, source=source, line=lines[0].line)],
                               source=source, line=lines[0].line)]
