"""Texinfo definitions that are C declarations, for Sphinx's C domain.

A ``@deftypefn``/``@deftypefun`` whose category says "function", a ``@deftypevr``/
``@deftypevar`` whose category says "variable" and a ``@deftp`` of a data type without
attributes become ``.. c:function::``, ``.. c:var::`` and ``.. c:struct::``/``c:union::``/
``c:enum::``/``c:type::`` when their text is a C declaration this module can vouch for: a
deliberately small grammar (qualified base types, pointers, named parameters, arrays,
``...``), so that Sphinx's C parser never warns. Anything else stays a Texinfo definition.
"""

from __future__ import annotations

import re

from texi2rst.nodes import DefinitionLine, Inline, plain_text
from texi2rst.records import record

__all__ = ["CDeclaration", "c_declaration"]

_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\.\.\.)|([0-9]+)|([*,()\[\]]))")

_QUALIFIERS = frozenset({"const", "volatile", "restrict"})
_STORAGE = frozenset({"static", "extern", "inline"})
_BUILTIN = frozenset({"void", "char", "short", "int", "long", "float", "double", "signed",
                      "unsigned", "_Bool", "_Complex"})
_TAGS = frozenset({"struct", "union", "enum"})
_KEYWORDS = _QUALIFIERS | _STORAGE | _BUILTIN | _TAGS | frozenset({
    "auto", "break", "case", "continue", "default", "do", "else", "for", "goto", "if",
    "register", "return", "sizeof", "switch", "typedef", "while", "_Alignas", "_Alignof",
    "_Atomic", "_Generic", "_Noreturn", "_Static_assert", "_Thread_local", "_Imaginary",
    "bool", "true", "false", "alignas", "alignof", "thread_local", "static_assert",
    "complex", "imaginary", "noreturn"})

_FUNCTION_CATEGORIES = frozenset({"function", "library function", "c function"})
_VARIABLE_CATEGORIES = frozenset({"variable", "global variable", "library variable",
                                  "c variable"})
_TYPE_CATEGORIES = frozenset({"data type", "type", "c type", "structure", "struct"})


@record(frozen=True)
class CDeclaration:
    """A definition line as a C-domain object: ``.. c:<directive>:: <signature>``;
    ``name`` is what Sphinx declares (it warns when a name is declared twice)."""

    directive: str
    signature: str
    name: str


def _tokens(text: str) -> list[str] | None:
    out: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            return None
        out.append(m.group(m.lastindex or 0))
        pos = m.end()
    return out


def _is_identifier(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token)) and token not in _KEYWORDS \
        and not token.startswith("__")


def _type_end(tokens: list[str], i: int, *, storage: bool) -> int | None:
    """Where the type starting at ``i`` ends (a qualified base type and pointers), or None."""
    names = builtins = 0
    while i < len(tokens):
        t = tokens[i]
        if t in _QUALIFIERS or (storage and t in _STORAGE):
            i += 1
        elif t in _BUILTIN:
            builtins += 1
            i += 1
        elif t in _TAGS:
            if i + 1 >= len(tokens) or not _is_identifier(tokens[i + 1]):
                return None
            names += 1
            i += 2
        elif _is_identifier(t) and names == 0 and builtins == 0:
            names += 1
            i += 1
        else:
            break
    if names + builtins == 0 or (names and builtins):
        return None
    while i < len(tokens) and (tokens[i] == "*" or tokens[i] in _QUALIFIERS):
        i += 1
    return i


def _array_end(tokens: list[str], i: int) -> int | None:
    while i < len(tokens) and tokens[i] == "[":
        if i + 1 < len(tokens) and tokens[i + 1] == "]":
            i += 2
        elif i + 2 < len(tokens) and tokens[i + 2] == "]" and (
                tokens[i + 1].isdigit() or _is_identifier(tokens[i + 1])):
            i += 3
        else:
            return None
    return i


def _parameters(tokens: list[str]) -> str | None:
    """``(type name, …)`` as C: the parameters rendered, or None."""
    if len(tokens) < 2 or tokens[0] != "(" or tokens[-1] != ")":
        return None
    inner = tokens[1:-1]
    if not inner or inner == ["void"]:
        return "(void)" if inner else "()"
    params: list[str] = []
    i = 0
    while True:
        if inner[i:] == ["..."]:
            if not params:
                return None
            params.append("...")
            break
        end = _type_end(inner, i, storage=False)
        if end is None:
            return None
        if end < len(inner) and _is_identifier(inner[end]):
            end += 1
        array_end = _array_end(inner, end)
        if array_end is None or array_end == i:
            return None
        params.append(_join(inner[i:array_end]))
        i = array_end
        if i == len(inner):
            break
        if inner[i] != "," or i + 1 == len(inner):
            return None
        i += 1
    return "(" + ", ".join(params) + ")"


def _join(tokens: list[str]) -> str:
    out = ""
    for t in tokens:
        if not out or t in ("[", "]") or out.endswith("["):
            out += t
        elif t == "*":
            out += " *" if not out.endswith("*") else "*"
        else:
            out += t if out.endswith("*") else " " + t
    return out


def _declarator(type_tokens: list[str], name: str) -> str:
    """``char *`` and ``strdup`` as ``char *strdup``; ``int`` and ``f`` as ``int f``."""
    type_text = _join(type_tokens)
    return type_text + ("" if type_text.endswith("*") else " ") + name


def _text(inlines: list[Inline]) -> str:
    return " ".join(plain_text(inlines).replace("\u2026", "...").split())  # @dots{}


def c_declaration(line: DefinitionLine) -> CDeclaration | None:
    """The C-domain object for a Texinfo definition line, or None when it is not one this
    module can vouch for."""
    category = _text(line.category).lower()
    name = _text(line.name)
    data_type = _text(line.data_type)
    arguments = _text(line.arguments)
    kind = line.kind.rstrip("x")
    if kind in ("deftypefun", "deftypefn") and (
            kind == "deftypefun" or category in _FUNCTION_CATEGORIES):
        type_tokens, args = _tokens(data_type), _tokens(arguments)
        if not type_tokens or args is None or not _is_identifier(name):
            return None
        if _type_end(type_tokens, 0, storage=True) != len(type_tokens):
            return None
        params = _parameters(args)
        if params is None:
            return None
        return CDeclaration("function", _declarator(type_tokens, name) + params, name)
    if kind in ("deftypevar", "deftypevr") and (
            kind == "deftypevar" or category in _VARIABLE_CATEGORIES):
        type_tokens = _tokens(data_type)
        if arguments or not type_tokens or not _is_identifier(name):
            return None
        if _type_end(type_tokens, 0, storage=True) != len(type_tokens):
            return None
        return CDeclaration("var", _declarator(type_tokens, name), name)
    if kind == "deftp" and category in _TYPE_CATEGORIES and not arguments:
        name_tokens = _tokens(name)
        if not name_tokens:
            return None
        if len(name_tokens) == 2 and name_tokens[0] in _TAGS \
                and _is_identifier(name_tokens[1]):
            return CDeclaration(name_tokens[0], name_tokens[1], name_tokens[1])
        if len(name_tokens) == 1 and _is_identifier(name_tokens[0]):
            return CDeclaration("type", name_tokens[0], name_tokens[0])
    return None
