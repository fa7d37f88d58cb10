"""The QAPI schema expression language: text → Python values, as QEMU's parser read it.

The Lark LALR grammar ``grammars/qapi_schema.lark`` does the parsing; values are built while
it reduces (so the first problem in the text is the one reported, as QEMU's one-pass parser
did).  :class:`QStr`, :class:`QDict` and :class:`QList` keep their line and offsets.
Comments go to a per-thread sink: that is how the ``##`` doc blocks are found.  Every
problem is a :class:`~texi2rst.readers.qapi.errors.QAPIError` with QEMU's line, column and
message.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from texi2rst.grammar import grammar_path
from texi2rst.readers import quiet_lark
from texi2rst.readers.qapi.errors import QAPIError

quiet_lark()


class QStr(str):
    """A schema string that knows its line and offset."""

    line: int = 0
    pos: int = 0


class QDict(dict[str, Any]):
    """A schema object that knows the line of its ``{`` and its span."""

    line: int = 0
    pos: int = 0
    end: int = 0


class QList(list[Any]):
    """A schema array that knows the line of its ``[``."""

    line: int = 0
    pos: int = 0


class _Duplicate(Exception):
    def __init__(self, key: Token) -> None:
        super().__init__(str(key))
        self.key = key


def _qstr(token: Token) -> QStr:
    # QEMU's check refuses control characters in strings ("funny character"), so no
    # private marker or line separator survives into a name or value
    s = QStr(token[1:-1].replace("\\\\", "\\"))
    s.line = token.line or 0
    s.pos = token.start_pos or 0
    return s


class _ValueBuilder(Transformer[Token, list[Any]]):
    """Builds Python values as the LALR parser reduces (no tree is kept; no state)."""

    def string(self, children: list[Token]) -> QStr:
        return _qstr(children[0])

    def true(self, _children: list[Token]) -> bool:
        return True

    def false(self, _children: list[Token]) -> bool:
        return False

    def null(self, _children: list[Token]) -> None:
        return None

    def pair(self, children: list[Any]) -> tuple[Token, Any]:
        return (children[0], children[2])

    def object(self, children: list[Any]) -> QDict:
        d = QDict()
        d.line = children[0].line
        d.pos = children[0].start_pos
        d.end = children[-1].end_pos
        for pair in children[1:-1]:
            if isinstance(pair, Token):  # a comma
                continue
            key, value = pair
            name = _qstr(key)
            if name in d:
                raise _Duplicate(key)
            d[name] = value
        return d

    def array(self, children: list[Any]) -> QList:
        out = QList(c for c in children[1:-1]
                    if not (isinstance(c, Token) and c.type == "COMMA"))
        out.line = children[0].line
        out.pos = children[0].start_pos
        return out

    def start(self, children: list[Any]) -> list[Any]:
        return children


class _CommentSink(threading.local):
    """Receives the lexer's COMMENT tokens for the parse under way in this thread."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []

    def __call__(self, token: Token) -> Token:
        self.tokens.append(token)
        return token


_SINK = _CommentSink()


@lru_cache(maxsize=1)
def schema_parser() -> Lark:
    """The (shared, stateless) LALR parser of the expression language."""
    grammar = grammar_path("qapi_schema.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="basic", propagate_positions=False,
                transformer=_ValueBuilder(), lexer_callbacks={"COMMENT": _SINK})


def column(text: str, pos: int) -> int:
    """QEMU's 1-based column of offset ``pos``, with its tab arithmetic (``(col + 7) % 8 + 1``)."""
    col = 1
    for ch in text[text.rfind("\n", 0, pos) + 1:pos]:
        col = (col + 7) % 8 + 1 if ch == "\t" else col + 1
    return col


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def parse_values(text: str, source: str) -> tuple[list[Any], list[Token]]:
    """The top-level values of ``text`` and its comments; raises :class:`QAPIError`."""
    _SINK.tokens = []
    try:
        values: list[Any] = schema_parser().parse(text)  # type: ignore[assignment]
    except (_Duplicate, UnexpectedInput) as exc:
        if isinstance(exc, _Duplicate):
            pos = _after_colon(text, exc.key.end_pos or 0)
            message = f"duplicate key '{_qstr(exc.key)}'"
        else:
            pos, message = _syntax_error(exc, text)
        error = _error(text, source, pos, message)
        raise SyntaxProblem(error, [t for t in _SINK.tokens if (t.start_pos or 0) < pos],
                            pos) from None
    finally:
        comments = _SINK.tokens
        _SINK.tokens = []
    return values, comments


class SyntaxProblem(Exception):
    """A syntax error, with the comments read before it (QEMU read doc comments as it went,
    so a bad doc comment before the error is the one to report) and top-level spans."""

    def __init__(self, error: QAPIError, comments: list[Token], pos: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.comments = comments
        self.pos = pos


def top_level_spans(text: str, end: int) -> list[tuple[int, int]]:
    """The offsets of the top-level ``{…}`` expressions before ``end`` (an unclosed one runs
    to ``end``), found by scanning brackets outside strings and comments."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for m in _BRACKETS.finditer(text, 0, end):
        c = m.group(0)
        if c in "{[":
            if depth == 0:
                start = m.start()
            depth += 1
        elif c in "]}" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
    if depth:
        spans.append((start, end + 1))
    return spans


def _error(text: str, source: str, pos: int, message: str) -> QAPIError:
    return QAPIError(source, line_of(text, pos), message, column=column(text, pos))


def eof_pos(text: str) -> int:
    """Where QEMU's parser stood at the end: on the file's last newline (one is added when
    the file does not end with one)."""
    return len(text) - 1 if text.endswith("\n") else len(text)


_AFTER_COLON = re.compile(r"[ \t\f\r\n]*:[ \t\f\r\n]*")


def _after_colon(text: str, pos: int) -> int:
    m = _AFTER_COLON.match(text, pos)
    return m.end() if m else pos


_VALUE_START = {"LBRACE", "LSQB", "STRING", "TRUE", "FALSE", "NULL"}
_STRAY = re.compile(r"[^\[\]{}:,\s'\"]+")


def _expected(expected: set[str], inside: str) -> str:
    """QEMU's message for a token the parser did not expect, inside bracket ``inside``
    (LALR merges look-aheads, so the bracket tells the contexts apart)."""
    if not inside:
        return "expected '{'"
    if expected >= _VALUE_START:
        if "RSQB" in expected and inside == "[":
            return "expected '{', '[', ']', string, boolean or 'null'"
        return "expected '{', '[', string, boolean or 'null'"
    if inside == "[":
        return "expected ',' or ']'"
    if "COLON" in expected:
        return "expected ':'"
    if "STRING" in expected:
        return "expected string or '}'" if "RBRACE" in expected else "expected string"
    return "expected ',' or '}'"


_BRACKETS = re.compile(r"'(?:[^'\\\n]|\\.)*'|#[^\n]*|[\[\]{}]")


def _innermost(text: str, pos: int) -> str:
    """The innermost bracket still open at ``pos`` (``{``, ``[`` or "")."""
    stack: list[str] = []
    for m in _BRACKETS.finditer(text, 0, pos):
        c = m.group(0)
        if c in "{[":
            stack.append(c)
        elif c in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def expected_at(text: str, pos: int) -> str:
    """QEMU's message for a token at ``pos`` that no rule accepts there (a ``##`` comment
    inside an expression: QEMU's lexer hands it to the parser as a token): what the parser
    expected after ``text[:pos]``."""
    saved, _SINK.tokens = _SINK.tokens, []
    try:
        schema_parser().parse(text[:pos])
    except (UnexpectedToken, UnexpectedEOF) as exc:
        return _expected(set(exc.expected), _innermost(text, pos))
    except (UnexpectedInput, _Duplicate):
        pass
    finally:
        _SINK.tokens = saved
    return "expected '{'"


def _syntax_error(exc: UnexpectedInput, text: str) -> tuple[int, str]:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        if text[pos] == "'":
            return pos, _bad_string(text, pos)
        m = _STRAY.match(text, pos)
        return pos, f"stray '{m.group(0) if m else text[pos]}'"
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        pos = eof_pos(text) if tok.type == "$END" else (tok.start_pos or 0)
        return pos, _expected(set(exc.expected), _innermost(text, pos))
    if isinstance(exc, UnexpectedEOF):
        pos = eof_pos(text)
        return pos, _expected(set(exc.expected), _innermost(text, pos))
    return eof_pos(text), "syntax error"


def _bad_string(text: str, pos: int) -> str:
    """Why the string starting at ``pos`` is not one (QEMU's lexer rules)."""
    i = pos + 1
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            break
        if ch == "\\":
            nxt = text[i + 1] if i + 1 < len(text) else "\n"
            if nxt == "\n":
                break
            if nxt != "\\":
                return f"unknown escape \\{nxt}"
            i += 2
            continue
        if ch == "'":
            break
        if ord(ch) < 32 or ord(ch) >= 127:
            return "funny character in string"
        i += 1
    return "missing terminating \"'\""
