"""Signatures of Sphinx description directives: ``.. option::`` and ``.. describe::``."""

from __future__ import annotations

import re

from texi2rst.nodes import DefinitionLine, Inline, Styled, Table, Text, plain_text
from texi2rst.writers.rst.escape import single_line

__all__ = ["definition_signature", "definition_term", "option_name", "option_signatures"]

# Sphinx's option signature regex (sphinx.domains.std.option_desc_re)
_OPTION_DESC_RE = re.compile(r"((?:/|--|-|\+)?[^\s=]+)(=?\s*.*)")


def option_signatures(table: Table) -> list[list[str]] | None:
    """For an ``@table @option``: the ``.. option::`` signature of every entry's terms, or
    None when some term cannot be written as a Sphinx option signature."""
    if table.style != "option" or not table.entries:
        return None
    result: list[list[str]] = []
    for entry in table.entries:
        sigs: list[str] = []
        if not entry.terms:
            return None
        for term in entry.terms:
            parts = [x for x in term if not (isinstance(x, Text) and not x.text.strip())]
            if len(parts) != 1 or not isinstance(parts[0], Styled) or parts[0].kind != "option":
                return None
            if any(not isinstance(x, Text) for x in parts[0].children):
                return None
            sig = single_line(plain_text(parts[0]))
            if not sig or ", " in sig or sig.endswith("\\") or "`" in sig:
                return None
            m = _OPTION_DESC_RE.fullmatch(sig)
            if m is None:
                return None
            name, args = m.groups()
            if name.endswith("[") and not args.endswith("]"):
                return None
            sigs.append(sig)
        result.append(sigs)
    return result


def option_name(text: str) -> str:
    """The option name an ``:option:`` reference text designates."""
    m = _OPTION_DESC_RE.match(text.strip())
    return m.group(1) if m else text.strip()


def definition_signature(line: DefinitionLine) -> str:
    """Plain-text signature: data type, name, arguments, then the category in brackets."""
    parts = [single_line(plain_text(x)) for x in (line.data_type, line.name, line.arguments)]
    sig = " ".join(p for p in parts if p)
    category = single_line(plain_text(line.category))
    if category:
        sig = f"{sig} [{category}]" if sig else f"[{category}]"
    return sig.rstrip("\\").strip()


def definition_term(line: DefinitionLine) -> list[Inline]:
    """A Texinfo definition line as makeinfo shows it: ``Category: type name arguments``, the
    name in bold, the arguments of an untyped definition (``@deffn``, ``@defvr`` …) in
    italics (a typed one, ``@deftypefn`` …, keeps its own markup: ``@var`` in italics)."""
    out: list[Inline] = []
    category = single_line(plain_text(line.category))
    if category:
        out.append(Text(category + ": "))
    if plain_text(line.data_type).strip():
        out += [*line.data_type, Text(" ")]
    out.append(Styled(kind="strong", children=list(line.name)))
    if plain_text(line.arguments).strip():
        args = list(line.arguments)
        out += [Text(" "), *(args if line.kind.startswith("deftype")
                             else [Styled(kind="var", children=args)])]
    return out
