"""Reader for QEMU QAPI schema files (the v4.2 schema language and its doc comments).

The expression language (JSON with single-quoted strings and ``#`` comments) is parsed by
the Lark LALR grammar ``grammars/qapi_schema.lark``; a Transformer builds plain Python values
(:class:`QStr`, :class:`QDict`, :class:`QList` keep their line).  Comments reach a lexer
callback, which is how the ``##`` documentation blocks are found; each is parsed
by :mod:`texi2rst.readers.qapi.doc` and attached to the definition that follows it (or kept
as free-form documentation).  ``include`` and ``pragma`` directives are handled here, and
the checks QEMU's generator made on doc comments are made after the whole schema is read.
Nothing is ever evaluated; every problem is a located ``file:line: error: message``
through the Reporter.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from texi2rst.diagnostics import Reporter
from texi2rst.grammar import grammar_path
from texi2rst.neutral import strip_private
from texi2rst.output import inside_any, note_input
from texi2rst.readers.files import ByteBudget, read_input
from texi2rst.readers.qapi.doc import DocError, QAPIDoc, parse_doc

#: built-in types and the JSON type QEMU's manual showed for each
BUILTIN_TYPES: dict[str, str] = {
    "str": "string", "number": "number", "int": "int", "int8": "int", "int16": "int",
    "int32": "int", "int64": "int", "uint8": "int", "uint16": "int", "uint32": "int",
    "uint64": "int", "size": "int", "bool": "boolean", "null": "null", "any": "value",
    "QType": "string",
}

DEFINITION_KINDS = ("command", "event", "struct", "union", "alternate", "enum")

#: loads an include file: gets the resolved path, returns its text (raises OSError)
IncludeLoader = Callable[[str], str]


# --------------------------------------------------------------------------- values


class QStr(str):
    """A schema string that knows its line."""

    line: int = 0


class QDict(dict):
    """A schema object that knows the line of its ``{``."""

    line: int = 0


class QList(list):
    """A schema array that knows the line of its ``[``."""

    line: int = 0


def _line_of(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


class _ValueTransformer(Transformer):
    """Builds Python values as the LALR parser reduces (no tree is kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.duplicates: list[tuple[int, str]] = []

    def string(self, children: list[Token]) -> QStr:
        return _qstr(children[0])

    def true(self, _children: list[Token]) -> bool:
        return True

    def false(self, _children: list[Token]) -> bool:
        return False

    def pair(self, children: list[Any]) -> tuple[QStr, Any]:
        return (_qstr(children[0]), children[1])

    def object(self, children: list[Any]) -> QDict:
        d = QDict()
        d.line = children[0].line
        for pair in children[1:]:
            if pair is None:
                continue
            key, value = pair
            if key in d:
                self.duplicates.append((key.line, f"duplicate key '{key}'"))
            d[key] = value
        return d

    def array(self, children: list[Any]) -> QList:
        out = QList(c for c in children[1:] if c is not None)
        out.line = children[0].line
        return out

    def start(self, children: list[Any]) -> list[Any]:
        return children


_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "/": "/", "b": "\b", "f": "\f", "n": "\n",
            "r": "\r", "t": "\t"}


def _qstr(token: Token) -> QStr:
    raw = token[1:-1]
    if "\\" in raw:
        out: list[str] = []
        i = 0
        while i < len(raw):
            c = raw[i]
            if c == "\\" and i + 1 < len(raw):
                nxt = raw[i + 1]
                if nxt == "u" and i + 5 < len(raw) + 0 and len(raw) >= i + 6:
                    try:
                        out.append(chr(int(raw[i + 2:i + 6], 16)))
                        i += 6
                        continue
                    except ValueError:
                        pass
                out.append(_ESCAPES.get(nxt, nxt))
                i += 2
            else:
                out.append(c)
                i += 1
        raw = strip_private("".join(out))
    s = QStr(raw)
    s.line = token.line
    return s


class _CommentSink:
    """Receives the lexer's COMMENT tokens for the parse under way."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []

    def __call__(self, token: Token) -> Token:
        self.tokens.append(token)
        return token


_SINK = _CommentSink()


@lru_cache(maxsize=1)
def _schema_parser() -> Lark:
    grammar = grammar_path("qapi_schema.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=False,
                lexer_callbacks={"COMMENT": _SINK})


# --------------------------------------------------------------------------- schema model


@dataclass
class Member:
    """A member, argument, enum value, union branch, alternative or feature."""

    name: str
    type: str | list[str] | None = None  # "T", ["T"] for an array, None for values/features
    optional: bool = False
    ifcond: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class Definition:
    """One ``command``/``event``/``struct``/``union``/``alternate``/``enum`` definition."""

    kind: str
    name: str
    source: str = ""
    line: int = 0
    expr: dict[str, Any] = field(default_factory=dict)
    doc: QAPIDoc | None = None
    #: struct/command/event members (data as an object), enum values, alternatives,
    #: union branches (for a union, see ``variants``)
    members: list[Member] = field(default_factory=list)
    #: a union's branches (tag value → type)
    variants: list[Member] = field(default_factory=list)
    #: a named base type (struct, flat union)
    base: str | None = None
    #: a flat union's inline base members
    base_members: list[Member] = field(default_factory=list)
    discriminator: str | None = None
    features: list[Member] = field(default_factory=list)
    ifcond: list[str] = field(default_factory=list)
    #: ``data`` naming a type (commands and events)
    arg_type: str | None = None
    returns: str | list[str] | None = None
    boxed: bool = False

    @property
    def is_simple_union(self) -> bool:
        return self.kind == "union" and self.discriminator is None

    def documented_names(self) -> list[Member]:
        """The members a doc comment may describe with ``@name:`` lines."""
        if self.kind == "union":
            if self.is_simple_union:
                return [Member("type", None, line=self.line)]
            return list(self.base_members)
        return list(self.members)


@dataclass
class Schema:
    """A whole schema: definitions and doc comments in source order (includes expanded)."""

    source: str = ""
    definitions: list[Definition] = field(default_factory=list)
    docs: list[QAPIDoc] = field(default_factory=list)
    #: docs and documented definitions in document order (what a manual shows)
    items: list[QAPIDoc | Definition] = field(default_factory=list)
    pragmas: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    errors: int = 0

    def __post_init__(self) -> None:
        self._by_name: dict[str, Definition] = {}

    def index(self) -> None:
        self._by_name = {d.name: d for d in self.definitions}

    def lookup(self, name: str) -> Definition | None:
        """The definition called ``name``, or None."""
        if len(self._by_name) != len(self.definitions):
            self.index()
        return self._by_name.get(name)

    @property
    def documented(self) -> list[Definition]:
        return [d for d in self.definitions if d.doc is not None and not d.doc.freeform]


# --------------------------------------------------------------------------- reading


class _Reader:
    def __init__(self, reporter: Reporter, loader: IncludeLoader | None,
                 roots: list[str] | None = None, budget: ByteBudget | None = None) -> None:
        self.reporter = reporter
        self.budget = budget if budget is not None else ByteBudget()
        self.loader = loader
        self.roots = roots  # None: includes may be read from anywhere
        self.schema = Schema()
        self.seen: set[str] = set()
        self.depth = 0

    def error(self, source: str, line: int, message: str) -> None:
        self.schema.errors += 1
        self.reporter.error(source, line, message)

    # -- one file

    def read_text(self, text: str, source: str, base_dir: str | None) -> None:
        text = strip_private(text)
        too_deep = _too_deep(text)
        if too_deep:  # reading the values recurses once per level
            self.error(source, too_deep, f"brackets nested more than {MAX_DEPTH} deep")
            return
        parser = _schema_parser()
        transformer = _ValueTransformer()
        _SINK.tokens = []
        try:
            tree = parser.parse(text)
        except UnexpectedInput as exc:
            self.error(source, _error_line(exc, text), _syntax_message(exc))
            return
        comments = _SINK.tokens
        _SINK.tokens = []
        values = transformer.transform(tree)
        for line, msg in transformer.duplicates:
            self.error(source, line, msg)
        self.schema.files.append(source)
        self._walk(values, comments, text, source, base_dir)

    def _walk(self, values: list[Any], comments: list[Token], text: str, source: str,
              base_dir: str | None) -> None:
        # top-level expressions and doc blocks, merged by position
        events: list[tuple[int, str, Any]] = []
        spans = _top_level_spans(text, values)
        for value, (start, _end) in zip(values, spans, strict=True):
            events.append((start, "expr", value))
        for block in self._doc_blocks(comments, spans, text, source):
            events.append((block[0], "doc", block[1]))
        events.sort(key=lambda e: e[0])

        cur_doc: QAPIDoc | None = None

        def reject(doc: QAPIDoc | None) -> None:
            if doc is not None and doc.symbol and not doc.broken:
                self.error(source, doc.line,
                           f"documentation for '{doc.symbol}' is not followed by the "
                           "definition")

        for _pos, kind, value in events:
            if kind == "doc":
                reject(cur_doc)
                cur_doc = value
                if value is not None:
                    self.schema.docs.append(value)
                    if value.freeform:
                        self.schema.items.append(value)
                continue
            expr = value
            line = _line_of(expr, 0)
            if not isinstance(expr, dict):
                self.error(source, line, "expected '{' (a top-level expression must be an "
                                         "object)")
                cur_doc = None
                continue
            if "include" in expr:
                reject(cur_doc)
                self._include(expr, source, base_dir, line)
            elif "pragma" in expr:
                reject(cur_doc)
                self._pragma(expr, source, line)
            else:
                if cur_doc is not None and cur_doc.freeform and not cur_doc.broken:
                    self.error(source, cur_doc.line, "definition documentation required")
                    cur_doc = None
                defn = self._definition(expr, source, line)
                if defn is not None:
                    if cur_doc is not None and not cur_doc.broken:
                        defn.doc = cur_doc
                        self.schema.items.append(defn)
                    self.schema.definitions.append(defn)
            cur_doc = None
        reject(cur_doc)

    def _doc_blocks(self, comments: list[Token], spans: list[tuple[int, int]], text: str,
                    source: str) -> list[tuple[int, QAPIDoc | None]]:
        out: list[tuple[int, QAPIDoc | None]] = []
        inside = _SpanTest(spans)
        i = 0
        n = len(comments)
        while i < n:
            tok = comments[i]
            if not tok.startswith("##") or inside(tok.start_pos):
                i += 1
                continue
            start_line = tok.line
            if tok.rstrip() != "##":
                self.error(source, start_line,
                           "junk after '##' at start of documentation comment")
                out.append((tok.start_pos, None))
                i = _skip_block(comments, i + 1, text)
                continue
            lines: list[tuple[int, str]] = []
            j = i + 1
            prev = tok
            end_tok: Token | None = None
            bad_line = 0
            while True:
                if j >= n or text[prev.end_pos:comments[j].start_pos].strip():
                    # something other than a comment line (or the end of the file)
                    gap = text[prev.end_pos:comments[j].start_pos] if j < n else \
                        text[prev.end_pos:]
                    stripped = gap.lstrip()
                    if stripped:
                        bad_line = prev.line + gap[:len(gap) - len(stripped)].count("\n")
                    else:
                        bad_line = prev.line
                    break
                cur = comments[j]
                if cur.startswith("##"):
                    end_tok = cur
                    break
                lines.append((cur.line, cur.rstrip("\r")))
                prev = cur
                j += 1
            if end_tok is None:
                self.error(source, bad_line, "documentation comment must end with '##'")
                out.append((tok.start_pos, None))
                i = j
                continue
            if end_tok.rstrip() != "##":
                self.error(source, end_tok.line,
                           "junk after '##' at end of documentation comment")
                out.append((tok.start_pos, None))
                i = j + 1
                continue
            try:
                doc = parse_doc(lines, source=source, line=start_line, end_line=end_tok.line)
            except DocError as exc:
                self.error(source, exc.line, exc.message)
                doc = QAPIDoc(source=source, line=start_line, end_line=end_tok.line,
                              broken=True)
            out.append((tok.start_pos, doc))
            i = j + 1
        return out

    # -- directives

    def _include(self, expr: dict[str, Any], source: str, base_dir: str | None,
                 line: int) -> None:
        name = expr.get("include")
        if not isinstance(name, str):
            self.error(source, line, "value of 'include' must be a string")
            return
        extra = set(expr) - {"include"}
        if extra:
            self.error(source, line, f"invalid key '{sorted(extra)[0]}' in include")
        path = os.path.normpath(os.path.join(base_dir or "", name))
        key = os.path.abspath(path) if self.loader is None else path
        if key in self.seen:
            return
        self.seen.add(key)
        if self.depth > 50:
            self.error(source, line, "include nesting too deep")
            return
        if self.roots is not None and not inside_any(self.roots, path):
            self.error(source, line, f"include file '{name}' is outside the schema's folder "
                       "and the --allow-read folders")
            return
        try:
            if self.loader:
                text = self.loader(path)
            else:
                text = _decode(read_input(path, self.budget), path, self.reporter)
                note_input(path)
                if text is None:
                    self.schema.errors += 1
                    return
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.error(source, line, f"can't read include file '{name}': {reason}")
            return
        self.depth += 1
        try:
            self.read_text(text, path, os.path.dirname(path))
        finally:
            self.depth -= 1

    def _pragma(self, expr: dict[str, Any], source: str, line: int) -> None:
        body = expr.get("pragma")
        if not isinstance(body, dict):
            self.error(source, line, "value of 'pragma' must be an object")
            return
        for key, value in body.items():
            if key == "doc-required":
                if not isinstance(value, bool):
                    self.error(source, line, "pragma 'doc-required' must be boolean")
                    continue
            elif key in ("returns-whitelist", "name-case-whitelist"):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    self.error(source, line, f"pragma {key} must be a list of strings")
                    continue
            else:
                self.error(source, line, f"unknown pragma '{key}'")
                continue
            self.schema.pragmas[key] = value

    # -- definitions

    def _definition(self, expr: dict[str, Any], source: str, line: int) -> Definition | None:
        kinds = [k for k in DEFINITION_KINDS if k in expr]
        if len(kinds) != 1:
            what = "several definition keys" if kinds else "no definition key"
            self.error(source, line, f"invalid expression: {what} "
                                     f"(expected one of {', '.join(DEFINITION_KINDS)})")
            return None
        kind = kinds[0]
        name = expr[kind]
        if not isinstance(name, str):
            self.error(source, line, f"'{kind}' requires a string name")
            return None
        d = Definition(kind=kind, name=str(name), source=source, line=line, expr=expr)
        d.ifcond = self._ifcond(expr.get("if"), source, line)
        d.features = self._features(expr.get("features"), source, line)
        data = expr.get("data")
        if kind == "enum":
            if not isinstance(data, list):
                self.error(source, line, f"enum '{name}' requires an array 'data'")
            else:
                d.members = [m for m in (self._enum_value(v, source, line) for v in data) if m]
        elif kind in ("struct", "alternate"):
            d.members = self._members(data, source, line, allow_optional=kind == "struct")
            if kind == "struct" and isinstance(expr.get("base"), str):
                d.base = str(expr["base"])
        elif kind == "union":
            d.variants = self._members(data, source, line, allow_optional=False)
            base = expr.get("base")
            if isinstance(base, str):
                d.base = str(base)
            elif isinstance(base, dict):
                d.base_members = self._members(base, source, line)
            disc = expr.get("discriminator")
            if isinstance(disc, str):
                d.discriminator = str(disc)
        else:  # command, event
            d.boxed = expr.get("boxed") is True
            if isinstance(data, str):
                d.arg_type = str(data)
            elif data is not None:
                d.members = self._members(data, source, line)
            if kind == "command" and "returns" in expr:
                ret = expr["returns"]
                d.returns = list(map(str, ret)) if isinstance(ret, list) else str(ret)
        return d

    def _ifcond(self, value: Any, source: str, line: int) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [str(value)]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [str(v) for v in value]
        self.error(source, _line_of(value, line), "'if' condition must be a string or a list "
                                                  "of strings")
        return []

    def _features(self, value: Any, source: str, line: int) -> list[Member]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(source, line, "'features' must be an array")
            return []
        out = []
        for f in value:
            m = self._enum_value(f, source, line, what="feature")
            if m:
                out.append(m)
        return out

    def _enum_value(self, value: Any, source: str, line: int,
                    what: str = "member") -> Member | None:
        if isinstance(value, str):
            return Member(str(value), line=_line_of(value, line))
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            return Member(str(value["name"]), ifcond=self._ifcond(value.get("if"), source, line),
                          line=_line_of(value, line))
        self.error(source, _line_of(value, line), f"invalid {what}: expected a string or "
                                                  "{'name': STRING, '*if': COND}")
        return None

    def _members(self, data: Any, source: str, line: int,
                 allow_optional: bool = True) -> list[Member]:
        if data is None:
            return []
        if not isinstance(data, dict):
            self.error(source, _line_of(data, line), "'data' must be an object")
            return []
        out = []
        for key, value in data.items():
            name = str(key)
            optional = False
            if name.startswith("*"):
                optional = True
                name = name[1:]
            mline = _line_of(key, line)
            ifcond: list[str] = []
            typ: Any = value
            if isinstance(value, dict):
                typ = value.get("type")
                ifcond = self._ifcond(value.get("if"), source, mline)
            if isinstance(typ, list) and len(typ) == 1 and isinstance(typ[0], str):
                mtype: str | list[str] | None = [str(typ[0])]
            elif isinstance(typ, str):
                mtype = str(typ)
            else:
                self.error(source, mline, f"member '{name}' has an invalid type")
                mtype = None
            out.append(Member(name, mtype, optional, ifcond, mline))
        return out


class _SpanTest:
    """Tells whether a position lies inside a top-level expression."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans

    def __call__(self, pos: int) -> bool:
        import bisect

        i = bisect.bisect_right(self.spans, (pos, 1 << 62)) - 1
        return i >= 0 and self.spans[i][0] < pos < self.spans[i][1]


def _skip_block(comments: list[Token], i: int, text: str) -> int:
    """Skip the rest of a rejected doc block (up to and including its closing ``##``)."""
    while i < len(comments):
        if comments[i].startswith("##"):
            return i + 1
        i += 1
    return i


def _top_level_spans(text: str, values: list[Any]) -> list[tuple[int, int]]:
    """Start and end offsets of each top-level value, found by scanning brackets outside
    strings and comments (the parse already succeeded, so the text is well formed)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n and len(spans) < len(values):
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            if depth == 0:
                spans.append((i, j + 1))
            i = j + 1
            continue
        if c in "{[":
            if depth == 0:
                start = i
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        elif depth == 0 and text.startswith(("true", "false"), i):
            w = 4 if text.startswith("true", i) else 5
            spans.append((i, i + w))
            i += w
            continue
        i += 1
    return spans


def _error_line(exc: UnexpectedInput, text: str) -> int:
    line = getattr(exc, "line", None)
    if isinstance(line, int) and line > 0:
        return line
    if isinstance(exc, UnexpectedEOF) or getattr(exc, "token", None) is not None:
        tok = getattr(exc, "token", None)
        if tok is not None and getattr(tok, "line", None):
            return tok.line
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


_TOKEN_NAMES = {"LBRACE": "'{'", "RBRACE": "'}'", "LSQB": "'['", "RSQB": "']'",
                "COMMA": "','", "COLON": "':'", "STRING": "string", "TRUE": "'true'",
                "FALSE": "'false'", "$END": "end of input"}


def _syntax_message(exc: UnexpectedInput) -> str:
    if isinstance(exc, UnexpectedCharacters):
        ch = exc.char
        if ch == '"':
            return "stray '\"' (strings use single quotes)"
        if ch == "'":
            return "unterminated or invalid string"
        return f"stray '{ch}'"
    if isinstance(exc, UnexpectedToken):
        expected = sorted(_TOKEN_NAMES.get(t, t) for t in exc.expected)
        got = exc.token
        what = "end of input" if got.type == "$END" else repr(str(got))
        return f"expected {', '.join(expected)}, got {what}"
    if isinstance(exc, UnexpectedEOF):
        return "unexpected end of input"
    return "syntax error"


# --------------------------------------------------------------------------- checks


def _names(items: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in items)


def check_schema(schema: Schema, reporter: Reporter) -> None:
    """The doc checks QEMU's generator made, once the whole schema is known."""

    def error(source: str, line: int, message: str) -> None:
        schema.errors += 1
        reporter.error(source, line, message)

    schema.index()
    doc_required = schema.pragmas.get("doc-required") is True
    for d in schema.definitions:
        doc = d.doc
        if doc is None:
            if doc_required:
                error(d.source, d.line, f"documentation comment required (in {d.kind} "
                                        f"'{d.name}')")
            continue
        if doc.symbol != d.name:
            error(d.source, d.line, f"documentation comment is for '{doc.symbol}' "
                                    f"(in {d.kind} '{d.name}')")
            continue
        if doc.section("Returns") is not None and d.kind != "command":
            error(doc.source, doc.line, "'Returns:' is only valid for commands")
        names = {m.name for m in d.documented_names()}
        for name, sec in doc.args.items():
            sec.connected = name in names
        feature_names = {f.name for f in d.features}
        for name, sec in doc.features.items():
            sec.connected = name in feature_names
        bogus = [n for n, s in doc.args.items() if not s.connected]
        bogus += [n for n, s in doc.features.items() if not s.connected]
        if bogus:
            if len(bogus) == 1:
                msg = f"documented member {_names(bogus)} does not exist"
            else:
                msg = f"documented members {_names(bogus)} do not exist"
            error(doc.source, doc.line, msg)
        for f in d.features:
            if f.name not in doc.features:
                error(d.source, d.line, f"feature '{f.name}' lacks documentation "
                                        f"(in {d.kind} '{d.name}')")


# --------------------------------------------------------------------------- entry points


#: deepest nesting of ``{}``/``[]`` read (QEMU's schemas go four deep)
MAX_DEPTH = 100
_NESTING = re.compile(r"'(?:[^'\\\n]|\\.)*'|#[^\n]*|[\[\]{}]")


def _too_deep(text: str) -> int:
    """The line where brackets first nest deeper than :data:`MAX_DEPTH`, else 0."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return 0
    depth = 0
    for m in _NESTING.finditer(text):
        c = m.group(0)
        if c in "{[":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, m.start()) + 1
        elif c in "}]":
            depth = max(depth - 1, 0)
    return 0


def _decode(data: bytes, path: str, reporter: Reporter) -> str | None:
    """``data`` as UTF-8; None (and a located error) when it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reporter.error(path, line, f"invalid UTF-8 (byte {data[exc.start]:#04x})")
        return None


def parse_schema(text: str, filename: str = "<string>", *, reporter: Reporter | None = None,
                 include_loader: IncludeLoader | None = None,
                 check: bool = True, allow_outside_includes: bool = True,
                 allow_read: list[str] | None = None,
                 budget: ByteBudget | None = None) -> Schema:
    """Read a schema from ``text``.  Includes are resolved relative to ``filename``'s
    folder and loaded with ``include_loader(path)`` (default: read the file).  Errors go to
    ``reporter`` (``schema.errors`` counts them). ``allow_outside_includes=False`` refuses
    includes outside ``filename``'s folder and the ``allow_read`` folders (the loader, when
    given, makes its own checks)."""
    reporter = reporter if reporter is not None else Reporter()
    roots = None
    if not allow_outside_includes and include_loader is None:
        roots = [os.path.dirname(os.path.abspath(filename)),
                 *(os.path.abspath(d) for d in allow_read or [])]
    reader = _Reader(reporter, include_loader, roots, budget)
    key = os.path.abspath(filename) if include_loader is None else os.path.normpath(filename)
    reader.seen.add(key)
    reader.schema.source = filename
    reader.read_text(text, filename, os.path.dirname(filename))
    if check:
        check_schema(reader.schema, reporter)
    return reader.schema


def read_schema(path: str | os.PathLike[str], *, reporter: Reporter | None = None,
                allow_outside_includes: bool = False,
                allow_read: list[str] | None = None,
                budget: ByteBudget | None = None) -> Schema:
    """Read the schema file at ``path`` with its includes (by default only those under its
    folder and the ``allow_read`` folders: ``allow_outside_includes=True`` lifts that), within
    ``budget``'s size limits."""
    reporter = reporter if reporter is not None else Reporter()
    path = os.fspath(path)
    budget = budget if budget is not None else ByteBudget()
    try:
        text = _decode(read_input(path, budget), path, reporter)
        note_input(path)
    except OSError as exc:
        reporter.error(path, 0, f"can't read schema: {getattr(exc, 'strerror', None) or exc}")
        text = None
    if text is None:
        schema = Schema(source=path)
        schema.errors = 1
        return schema
    return parse_schema(text, path, reporter=reporter,
                        allow_outside_includes=allow_outside_includes, allow_read=allow_read,
                        budget=budget)
