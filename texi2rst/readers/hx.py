"""Reading QEMU ``.hx`` files into a list of parts.

A ``.hx`` file (``scripts/hxtool``) mixes C text with documentation blocks. The reader works in
two steps:

1. a fast line classifier (:func:`classify`) gives every line one token type, by the first word
   of the line once leading blanks are stripped, as hxtool's ``read -r`` did: ``HXCOMM``,
   ``STEXI``/``ETEXI``, ``SRST``/``ERST``, ``SQMP``/``EQMP``, ``DEFHEADING``, ``ARCHHEADING``,
   else ``TEXT``;
2. the Lark LALR grammar ``grammars/hx.lark`` pairs the block markers. When it cannot, the
   markers are checked one by one (:func:`_diagnose`) so each mistake is reported with its file
   and line (``ETEXI`` without ``STEXI``, ``STEXI`` inside ``SRST``, a block left open …).

The model (:class:`HxFile`) keeps every line with its line ending, so a writer can give back
the lines it does not change byte for byte.
"""

from __future__ import annotations

import re
from typing import Any, cast

import lark
from lark.lexer import Lexer as LarkLexer

from texi2rst.diagnostics import Reporter
from texi2rst.grammar import grammar_path
from texi2rst.output import note_input
from texi2rst.readers import quiet_lark
from texi2rst.readers.files import ByteBudget, InputRefused, read_input
from texi2rst.records import field, record

quiet_lark()

#: line types, checked in this order against the start of the stripped line
_KEYWORDS = ("HXCOMM", "STEXI", "ETEXI", "SRST", "ERST", "SQMP", "EQMP", "DEFHEADING",
             "ARCHHEADING")
_OPENERS = {"STEXI": "ETEXI", "SRST": "ERST", "SQMP": "EQMP"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_DEFHEADING = re.compile(r"DEFHEADING\((.*)\)")
_ARCHHEADING = re.compile(r"ARCHHEADING\((.*),(.*)\)")
_SRST_LABEL = re.compile(r"SRST\((.*)\)")
_BLANKS = " \t"


@record
class HxLine:
    """One line of the file: its text without the line ending, the ending, its number."""

    text: str
    end: str
    number: int

    @property
    def raw(self) -> str:
        return self.text + self.end

    @property
    def stripped(self) -> str:
        """The line as hxtool's ``read -r`` saw it (blanks at both ends removed)."""
        return self.text.strip(_BLANKS + "\r")


@record
class HxPart:
    """A run of lines with one meaning.

    ``kind``: ``code`` (C text, one line), ``comment`` (``HXCOMM``), ``heading``
    (``DEFHEADING``/``ARCHHEADING``: ``title``, ``arch``), ``stexi``, ``srst`` (``label``),
    ``sqmp``. Blocks keep their marker lines as first and last line."""

    kind: str
    lines: list[HxLine] = field(default_factory=list)
    title: str = ""
    arch: str = ""
    label: str = ""

    @property
    def line(self) -> int:
        return self.lines[0].number if self.lines else 0

    @property
    def end_line(self) -> int:
        return self.lines[-1].number if self.lines else 0

    @property
    def is_block(self) -> bool:
        return self.kind in ("stexi", "srst", "sqmp")

    @property
    def body(self) -> list[HxLine]:
        """The lines between the markers of a block (``HXCOMM`` lines included)."""
        return self.lines[1:-1] if self.is_block else list(self.lines)

    @property
    def raw(self) -> str:
        return "".join(line.raw for line in self.lines)


@record
class HxFile:
    path: str
    parts: list[HxPart] = field(default_factory=list)

    def blocks(self, kind: str) -> list[HxPart]:
        return [p for p in self.parts if p.kind == kind]


def split_lines(text: str) -> list[HxLine]:
    """Lines with their endings (``\\n``, ``\\r\\n``, a lone ``\\r``, or none at the end)."""
    out: list[HxLine] = []
    for i, raw in enumerate(re.findall(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$", text), start=1):
        body = raw.rstrip("\r\n")
        out.append(HxLine(body, raw[len(body):], i))
    return out


def classify(line: HxLine) -> str:
    """The token type of a line."""
    s = line.stripped
    for kw in _KEYWORDS:
        if s.startswith(kw):
            return kw
    return "TEXT"


class _LineTokens(LarkLexer):
    """Gives Lark the classified lines; ``start_pos`` indexes the line list."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    # Lark hands a custom lexer the parser's input as is (the classified lines), not the
    # LexerState its own lexers take
    def lex(self, data: Any) -> Any:  # type: ignore[override]  # noqa: D102
        for i, (kind, line) in enumerate(data):
            yield lark.Token(kind, line.text, start_pos=i, line=line.number)


_parser: lark.Lark | None = None


def _get_parser() -> lark.Lark:
    global _parser
    if _parser is None:
        # built anew in each process (~15 ms): Lark's cache=True would load a pickle from
        # the shared temporary folder, which another user of the machine could have written
        _parser = lark.Lark(grammar_path("hx.lark").read_text(encoding="utf-8"),
                            parser="lalr", lexer=_LineTokens)
    return _parser


def read_hx_text(text: str, path: str, reporter: Reporter) -> HxFile | None:
    """Read a ``.hx`` file's text. Returns None (errors reported) when markers do not pair."""
    lines = split_lines(text)
    tokens = [(classify(line), line) for line in lines]
    try:
        tree = _get_parser().parse(tokens)
    except lark.exceptions.LarkError as e:
        if not _diagnose(tokens, path, reporter):
            tok = getattr(e, "token", None)
            reporter.error(path, getattr(tok, "line", 0) or 0,
                           f"cannot read the .hx structure here ({type(e).__name__})")
        return None
    hx = HxFile(path)
    for sub in tree.children:
        sub = cast(lark.Tree[lark.Token], sub)
        toks = [t for t in sub.children if isinstance(t, lark.Token)]
        part = HxPart(str(sub.data), [lines[cast(int, t.start_pos)] for t in toks])
        if part.kind == "heading":
            _heading(part)
        elif part.kind == "srst":
            m = _SRST_LABEL.match(part.lines[0].stripped)
            part.label = m.group(1).strip() if m else ""
        hx.parts.append(part)
    return hx


def _heading(part: HxPart) -> None:
    s = part.lines[0].stripped
    if s.startswith("DEFHEADING"):
        m = _DEFHEADING.match(s)
        part.title = m.group(1) if m else ""
    else:
        m = _ARCHHEADING.match(s)
        if m:
            part.title, part.arch = m.group(1), m.group(2).strip()


def read_hx(path: str, reporter: Reporter, budget: ByteBudget | None = None) -> HxFile | None:
    """Read a ``.hx`` file (UTF-8; undecodable bytes are kept as they are) within the size
    limits of ``budget``."""
    try:
        data = read_input(path, budget)
    except InputRefused as e:
        reporter.error(path, 0, f"cannot read: {e}")
        return None
    except OSError as e:
        reporter.error(path, 0, f"cannot read: {e.strerror}")
        return None
    note_input(path)
    return read_hx_text(data.decode("utf-8", "surrogateescape"), path, reporter)


def _diagnose(tokens: list[tuple[str, HxLine]], path: str, reporter: Reporter) -> bool:
    """Report every marker that does not pair, with its line. True when something was found."""
    found = False
    open_kind, open_line = "", 0
    for kind, line in tokens:
        if kind in _OPENERS:
            if open_kind:
                reporter.error(path, line.number, f"{kind} inside the {open_kind} block opened "
                               f"at line {open_line} (expected {_OPENERS[open_kind]} first)")
                found = True
            else:
                open_kind, open_line = kind, line.number
        elif kind in _CLOSERS:
            if not open_kind:
                reporter.error(path, line.number, f"{kind} without a matching {_CLOSERS[kind]}")
                found = True
            elif _CLOSERS[kind] != open_kind:
                reporter.error(path, line.number, f"{kind} closes the {open_kind} block opened "
                               f"at line {open_line} (expected {_OPENERS[open_kind]})")
                found = True
            else:
                open_kind = ""
        elif kind in ("DEFHEADING", "ARCHHEADING") and open_kind:
            reporter.error(path, line.number, f"{kind} inside the {open_kind} block opened at "
                           f"line {open_line} (expected {_OPENERS[open_kind]} first)")
            found = True
    if open_kind:
        reporter.error(path, open_line, f"{open_kind} block not closed (expected "
                       f"{_OPENERS[open_kind]} before the end of the file)")
        found = True
    return found
