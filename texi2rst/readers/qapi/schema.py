"""Reader for QEMU QAPI schema files (the v4.2 schema language and its doc comments).

:mod:`texi2rst.readers.qapi.values` parses the expression language; this module finds the
``##`` documentation blocks among the comments (each parsed by
:mod:`texi2rst.readers.qapi.doc` and attached to the definition that follows it, or kept as
free-form documentation), follows ``include`` and ``pragma`` directives, runs QEMU's
checks (:mod:`~texi2rst.readers.qapi.check`, :mod:`~texi2rst.readers.qapi.entities`) and
builds the :mod:`~texi2rst.readers.qapi.model` classes.  Nothing is ever evaluated.  As
QEMU's generator did, reading stops at the first problem: one located
:class:`~texi2rst.readers.qapi.errors.QAPIError`, handed to the Reporter.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from lark import Token

from texi2rst.diagnostics import Reporter
from texi2rst.output import inside_any, note_input
from texi2rst.readers.files import ByteBudget, read_input
from texi2rst.readers.qapi.check import Expr, Info, Pragmas, check_expr, meta_of
from texi2rst.readers.qapi.doc import DocError, QAPIDoc, parse_doc
from texi2rst.readers.qapi.entities import check_entities
from texi2rst.readers.qapi.errors import QAPIError
from texi2rst.readers.qapi.model import (
    BUILTIN_TYPES,
    DEFINITION_KINDS,
    Definition,
    Member,
    Schema,
)
from texi2rst.readers.qapi.values import (
    QDict,
    QList,
    QStr,
    SyntaxProblem,
    column,
    eof_pos,
    expected_at,
    line_of,
    parse_values,
    schema_parser,
    top_level_spans,
)

__all__ = ["BUILTIN_TYPES", "DEFINITION_KINDS", "Definition", "IncludeLoader", "Member",
           "QAPIError", "QDict", "QList", "QStr", "Schema", "check_schema", "parse_schema",
           "read_schema"]

#: loads an include file: gets the resolved path, returns its text (raises OSError)
IncludeLoader = Callable[[str], str]

_schema_parser = schema_parser  # the name the bulk command's warm-up uses


# --------------------------------------------------------------------------- reading


class _Reader:
    def __init__(self, loader: IncludeLoader | None, roots: list[str] | None = None,
                 budget: ByteBudget | None = None) -> None:
        self.loader = loader
        self.budget = budget if budget is not None else ByteBudget()
        self.roots = roots  # None: includes may be read from anywhere
        self.schema = Schema()
        self.pragmas = Pragmas()
        self.seen: set[str] = set()
        #: definitions and free-form docs in document order
        self.order: list[Expr | QAPIDoc] = []

    def key(self, path: str) -> str:
        return os.path.abspath(path) if self.loader is None else os.path.normpath(path)

    # -- one file

    def read_text(self, text: str, source: str, includes: tuple[tuple[str, int], ...] = (),
                  stack: tuple[str, ...] = ()) -> None:
        too_deep = _too_deep(text)
        if too_deep:  # reading the values recurses once per level
            raise QAPIError(source, too_deep, f"brackets nested more than {MAX_DEPTH} deep",
                            includes=includes)
        self.seen.add(self.key(source))
        try:
            values, comments = parse_values(text, source)
        except SyntaxProblem as problem:
            self._before_syntax_error(problem, text, source, includes, stack)
            problem.error.includes = includes
            raise problem.error from None
        self.schema.files.append(source)
        self._walk(values, comments, text, source, includes, (*stack, self.key(source)))

    def _before_syntax_error(self, problem: SyntaxProblem, text: str, source: str,
                             includes: tuple[tuple[str, int], ...],
                             stack: tuple[str, ...]) -> None:
        """What QEMU's one-pass parser met before the syntax error: the expressions before
        the one that holds it (their includes and doc comments, whose errors come first),
        then the doc comments up to the error."""
        spans = top_level_spans(text, problem.pos)
        start = spans[-1][0] if spans and spans[-1][0] <= problem.pos < spans[-1][1] \
            else problem.pos
        try:
            values, comments = parse_values(text[:start], source)
        except SyntaxProblem:
            values, comments = [], []
        self._walk(values, comments, text, source, includes, (*stack, self.key(source)),
                   final=False)
        later = [c for c in problem.comments if (c.start_pos or 0) >= start]
        self._doc_blocks(later, spans, text, source, includes, problem.pos)

    def _walk(self, values: list[Any], comments: list[Token], text: str, source: str,
              includes: tuple[tuple[str, int], ...], stack: tuple[str, ...],
              final: bool = True) -> None:
        """Attach doc comments, read includes and pragmas in text order (``final``: a doc
        comment left at the end is an error)."""
        events: list[tuple[int, Any]] = [(v.pos, v) for v in values]
        spans = [(v.pos, v.end) for v in values]
        events += self._doc_blocks(comments, spans, text, source, includes, defer=True)
        events.sort(key=lambda e: e[0])
        cur_doc: QAPIDoc | None = None

        def reject(doc: QAPIDoc | None) -> None:
            if doc is not None and doc.symbol:
                raise QAPIError(source, doc.line, f"documentation for '{doc.symbol}' is not "
                                "followed by the definition", includes=includes)

        for _pos, value in events:
            if isinstance(value, QAPIError):  # QEMU met it after the includes before it
                raise value
            if isinstance(value, QAPIDoc):
                reject(cur_doc)
                cur_doc = value
                self.schema.docs.append(value)
                if value.freeform:
                    self.order.append(value)
                continue
            expr: QDict = value
            info = Info(source, expr.line, includes)
            if "include" in expr:
                reject(cur_doc)
                self._include(expr, info, stack)
            elif "pragma" in expr:
                reject(cur_doc)
                self._pragma(expr, info)
            else:
                if cur_doc is not None and cur_doc.freeform:
                    raise QAPIError(source, cur_doc.line, "definition documentation required",
                                    includes=includes)
                item = Expr(expr, info, cur_doc)
                self.order.append(item)
            cur_doc = None
        if final:
            reject(cur_doc)

    def _doc_blocks(self, comments: list[Token], spans: list[tuple[int, int]], text: str,
                    source: str, includes: tuple[tuple[str, int], ...], stop: int = -1,
                    defer: bool = False) -> list[tuple[int, QAPIDoc | QAPIError]]:
        """The doc blocks among ``comments``; raises :class:`QAPIError` for a malformed one
        (``stop``: the text is read only up to there, a block still open then is fine;
        ``defer``: the error ends the list instead, at the offset where QEMU met it)."""
        out: list[tuple[int, QAPIDoc | QAPIError]] = []
        inside = _SpanTest(spans)
        i, n = 0, len(comments)
        while i < n:
            tok = comments[i]
            if not tok.startswith("##"):
                i += 1
                continue
            try:
                if inside(tok.start_pos or 0):  # QEMU's parser met a doc comment as a token
                    raise _error_at(text, source, includes, tok.start_pos or 0,
                                    expected_at(text, tok.start_pos or 0))
                doc, i = _doc_block(comments, i, text, source, includes, stop)
            except QAPIError as exc:
                if not defer:
                    raise
                out.append((tok.start_pos or 0, exc))
                break
            if doc is None:
                break  # the syntax error comes first
            out.append((tok.start_pos or 0, doc))
        return out

    # -- directives

    def _include(self, expr: dict[str, Any], info: Info, stack: tuple[str, ...]) -> None:
        if len(expr) != 1:
            raise info.error("invalid 'include' directive")
        name = expr["include"]
        if not isinstance(name, str):
            raise info.error("value of 'include' must be a string")
        path = os.path.join(os.path.dirname(info.source), name)
        key = self.key(path)
        if key in stack:
            raise info.error(f"inclusion loop for {name}")
        if key in self.seen:
            return
        if len(stack) > 50:
            raise info.error("include nesting too deep")
        if self.roots is not None and not inside_any(self.roots, path):
            raise info.error(f"include file '{name}' is outside the schema's folder "
                             "and the --allow-read folders")
        try:
            if self.loader:
                text = self.loader(os.path.normpath(path))
            else:
                text = _decode(read_input(path, self.budget), path)
                note_input(path)
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise info.error(f"can't read include file '{name}': {reason}") from None
        self.read_text(text, path, (*info.includes, (info.source, info.line)), stack)

    def _pragma(self, expr: dict[str, Any], info: Info) -> None:
        if len(expr) != 1:
            raise info.error("invalid 'pragma' directive")
        body = expr["pragma"]
        if not isinstance(body, dict):
            raise info.error("value of 'pragma' must be an object")
        for key, value in body.items():
            if key == "doc-required":
                if not isinstance(value, bool):
                    raise info.error("pragma 'doc-required' must be boolean")
                self.pragmas.doc_required = value
            elif key in ("returns-whitelist", "name-case-whitelist"):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise info.error(f"pragma {key} must be a list of strings")
                setattr(self.pragmas, key.replace("-", "_"), list(value))
            else:
                raise info.error(f"unknown pragma '{key}'")
            self.schema.pragmas[key] = value

    # -- after reading

    def finish(self, check: bool) -> None:
        exprs = [e for e in self.order if isinstance(e, Expr)]
        if check:
            for item in exprs:
                check_expr(item, self.pragmas)
            check_entities(exprs, self.pragmas)
        schema = self.schema
        for entry in self.order:
            if isinstance(entry, QAPIDoc):
                schema.items.append(entry)
                continue
            defn = _definition(entry)
            if defn is None:
                continue
            schema.definitions.append(defn)
            if entry.doc is not None:
                schema.items.append(defn)
        if check:
            check_schema(schema, {id(e.doc): e.info.includes for e in exprs if e.doc})


def _error_at(text: str, source: str, includes: tuple[tuple[str, int], ...], pos: int,
              message: str) -> QAPIError:
    return QAPIError(source, line_of(text, pos), message, column=column(text, pos),
                     includes=includes)


def _doc_block(comments: list[Token], i: int, text: str, source: str,
               includes: tuple[tuple[str, int], ...], stop: int) -> tuple[QAPIDoc | None, int]:
    """The doc block opened by ``comments[i]`` and the index after it (None: the text is
    read only up to ``stop`` and the block is still open there)."""
    tok, n = comments[i], len(comments)
    if tok.rstrip() != "##":
        raise _error_at(text, source, includes, tok.start_pos or 0,
                        "junk after '##' at start of documentation comment")
    lines: list[tuple[int, str, int]] = []
    j, prev = i + 1, tok
    while True:
        gap_end = comments[j].start_pos if j < n else len(text)
        gap = text[prev.end_pos:gap_end]
        if stop >= 0 and j >= n and not text[prev.end_pos:stop].strip():
            return None, n
        if gap.strip() or j >= n:
            stripped = gap.lstrip()
            pos = (prev.end_pos or 0) + len(gap) - len(stripped) if stripped else \
                eof_pos(text)
            raise _error_at(text, source, includes, pos,
                            "documentation comment must end with '##'")
        cur = comments[j]
        if cur.startswith("##"):
            break
        lines.append((cur.line or 0, cur.rstrip("\r"), column(text, cur.start_pos or 0)))
        prev = cur
        j += 1
    end_tok = comments[j]
    if end_tok.rstrip() != "##":
        raise _error_at(text, source, includes, end_tok.start_pos or 0,
                        "junk after '##' at end of documentation comment")
    try:
        doc = parse_doc([(ln, raw) for ln, raw, _c in lines], source=source,
                        line=tok.line or 0, end_line=end_tok.line or 0)
    except DocError as exc:
        exc.column = next((c for ln, _r, c in lines if ln == exc.line), 1)
        exc.includes = includes
        raise
    return doc, j + 1


class _SpanTest:
    """Tells whether a position lies inside a top-level expression."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans

    def __call__(self, pos: int) -> bool:
        import bisect

        i = bisect.bisect_right(self.spans, (pos, 1 << 62)) - 1
        return i >= 0 and self.spans[i][0] < pos < self.spans[i][1]


# --------------------------------------------------------------------------- definitions


def _line_of(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


def _ifcond(value: Any) -> list[str]:
    if isinstance(value, str):
        return [str(value)]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str)]
    return []


def _named(values: Any, line: int) -> list[Member]:
    out = []
    for v in values if isinstance(values, list) else []:
        name = v.get("name") if isinstance(v, dict) else v
        if isinstance(name, str):
            cond = _ifcond(v.get("if")) if isinstance(v, dict) else []
            out.append(Member(str(name), ifcond=cond, line=_line_of(v, _line_of(name, line))))
    return out


def _members(data: Any, line: int) -> list[Member]:
    out = []
    for key, value in (data.items() if isinstance(data, dict) else ()):
        name = str(key)
        optional = name.startswith("*")
        typ = value.get("type") if isinstance(value, dict) else value
        cond = _ifcond(value.get("if")) if isinstance(value, dict) else []
        if isinstance(typ, list) and len(typ) == 1 and isinstance(typ[0], str):
            mtype: str | list[str] | None = [str(typ[0])]
        else:
            mtype = str(typ) if isinstance(typ, str) else None
        out.append(Member(name[1:] if optional else name, mtype, optional, cond,
                          _line_of(key, line)))
    return out


def _definition(item: Expr) -> Definition | None:
    expr, info = item.expr, item.info
    kind = meta_of(expr)
    name = expr.get(kind) if kind else None
    if kind is None or not isinstance(name, str):
        return None
    line = info.line
    d = Definition(kind=kind, name=str(name), source=info.source, line=line, expr=expr,
                   doc=item.doc, ifcond=_ifcond(expr.get("if")),
                   features=_named(expr.get("features"), line))
    data = expr.get("data")
    base = expr.get("base")
    if kind == "enum":
        d.members = _named(data, line)
    elif kind in ("struct", "alternate"):
        d.members = _members(data, line)
        if kind == "struct" and isinstance(base, str):
            d.base = str(base)
    elif kind == "union":
        d.variants = _members(data, line)
        if isinstance(base, str):
            d.base = str(base)
        elif isinstance(base, dict):
            d.base_members = _members(base, line)
        disc = expr.get("discriminator")
        d.discriminator = str(disc) if isinstance(disc, str) else None
    else:
        d.boxed = expr.get("boxed") is True
        if isinstance(data, str):
            d.arg_type = str(data)
        else:
            d.members = _members(data, line)
        ret = expr.get("returns")
        if isinstance(ret, list):
            d.returns = [str(r) for r in ret]
        elif isinstance(ret, str):
            d.returns = str(ret)
    return d


# --------------------------------------------------------------------------- doc checks


def _names(items: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in items)


def check_schema(schema: Schema,
                 includes: dict[int, tuple[tuple[str, int], ...]] | None = None) -> None:
    """The documented-member check QEMU's generator made once the whole schema is known;
    raises :class:`QAPIError` (``includes``: the include chain of each doc, by ``id``)."""
    schema.index()
    for d in schema.definitions:
        doc = d.doc
        if doc is None or doc.symbol != d.name:
            continue
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
            raise QAPIError(doc.source, doc.line, msg,
                            includes=(includes or {}).get(id(doc), ()))


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


def _decode(data: bytes, path: str) -> str:
    """``data`` as UTF-8; a located :class:`QAPIError` when it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise QAPIError(path, line, f"invalid UTF-8 (byte {data[exc.start]:#04x})") from None


def parse_schema(text: str, filename: str = "<string>", *, reporter: Reporter | None = None,
                 include_loader: IncludeLoader | None = None, check: bool = True,
                 allow_outside_includes: bool = False, allow_read: list[str] | None = None,
                 budget: ByteBudget | None = None) -> Schema:
    """Read a schema from ``text``, stopping at the first problem as QEMU's generator did.

    Includes are resolved relative to ``filename``'s folder and loaded with
    ``include_loader(path)`` (default: read the file, only under ``filename``'s folder and the
    ``allow_read`` folders unless ``allow_outside_includes``; a loader makes its own checks),
    within ``budget``'s size limits.  The problem goes to
    ``reporter`` when one is given (``schema.errors`` counts it, ``schema.error`` holds it);
    without a reporter it is raised as :class:`QAPIError`.  Thread-safe."""
    roots = None
    if not allow_outside_includes and include_loader is None:
        roots = [os.path.dirname(os.path.abspath(filename)),
                 *(os.path.abspath(d) for d in allow_read or [])]
    reader = _Reader(include_loader, roots, budget)
    reader.schema.source = filename
    try:
        reader.read_text(text, filename)
        reader.finish(check)
    except QAPIError as exc:
        if reporter is None:
            raise
        exc.report(reporter)
        reader.schema.errors = 1
        reader.schema.error = exc
    return reader.schema


def read_schema(path: str | os.PathLike[str], *, reporter: Reporter | None = None,
                allow_outside_includes: bool = False, allow_read: list[str] | None = None,
                budget: ByteBudget | None = None) -> Schema:
    """Read the schema file at ``path`` with its includes (by default only those under its
    folder and the ``allow_read`` folders: ``allow_outside_includes=True`` lifts that),
    within ``budget``'s size limits.  Problems as :func:`parse_schema`."""
    path = os.fspath(path)
    budget = budget if budget is not None else ByteBudget()
    try:
        try:
            text = _decode(read_input(path, budget), path)
            note_input(path)
        except OSError as exc:
            raise QAPIError(path, 0, "can't read schema: "
                            f"{getattr(exc, 'strerror', None) or exc}") from None
    except QAPIError as exc:
        if reporter is None:
            raise
        exc.report(reporter)
        schema = Schema(source=path)
        schema.errors = 1
        schema.error = exc
        return schema
    return parse_schema(text, path, reporter=reporter,
                        allow_outside_includes=allow_outside_includes, allow_read=allow_read,
                        budget=budget)
