"""Signatures of Sphinx description directives: ``.. option::`` and ``.. describe::``."""

from __future__ import annotations

import re

from texi2rst.nodes import DefinitionLine, Inline, Styled, Table, Text, plain_text
from texi2rst.writers.rst.escape import single_line

__all__ = ["defined_options", "definition_signature", "definition_term", "is_option",
           "option_name", "option_signatures"]

# Sphinx's option signature regex (sphinx.domains.std.option_desc_re)
_OPTION_DESC_RE = re.compile(r"((?:/|--|-|\+)?[^\s=]+)(=?\s*.*)")


Signatures = list[list[str] | None]
#: signatures by ``id`` of their table (the table kept with them)
SignatureCache = dict[int, tuple[Table, Signatures]]


def option_signatures(table: Table, cache: SignatureCache | None = None
                      ) -> Signatures | None:
    """For an ``@table @option``: per entry, the ``.. option::`` signatures of its terms, or
    None for an entry that is no command-line option (an exit code, a protocol name, a
    term Sphinx would misread); None when the table is no option table. ``cache`` keeps
    them by ``id`` of the table, for a tree that does not change while it is used."""
    if table.style != "option" or not table.entries:
        return None
    if cache is not None:
        found = cache.get(id(table))
        if found is not None and found[0] is table:
            return found[1]
    result: Signatures = []
    for entry in table.entries:
        sigs = [_term_signature(term) for term in entry.terms]
        result.append([x for x in sigs if x] if sigs and all(sigs) else None)
    if cache is not None:
        cache[id(table)] = (table, result)  # (the table kept: its id is not given again)
    return result


def _term_signature(term: list[Inline]) -> str | None:
    """One term as an option signature: ``-p, --port=port`` (alternatives joined with
    ``, ``, ``@var`` as its text); None unless every alternative is a real option."""
    parts = [x for x in term if not (isinstance(x, Text) and not x.text.strip())]
    if len(parts) != 1 or not isinstance(parts[0], Styled) or parts[0].kind != "option":
        return None
    if any(not isinstance(x, Text) and not (isinstance(x, Styled) and x.kind == "var"
                                            and all(isinstance(y, Text) for y in x.children))
           for x in parts[0].children):
        return None
    sig = single_line(plain_text(parts[0]))
    if not sig or sig.endswith("\\") or "`" in sig:
        return None
    for alternative in sig.split(", "):
        m = _OPTION_DESC_RE.fullmatch(alternative)
        if m is None or not is_option(alternative):
            return None
        name, args = m.groups()
        if name.endswith("[") and not args.endswith("]"):
            return None
    return sig


def is_option(signature: str) -> bool:
    """Whether a signature names a command-line option: ``-x``, ``--long``, ``+x``, or a
    sub-option ``name=value`` (QEMU's ``if=interface``)."""
    m = _OPTION_DESC_RE.match(signature.strip())
    if m is None:
        return False
    name, args = m.groups()
    if name[:1] in "-+" and len(name.lstrip("-+")) > 0:
        return True
    return args.startswith("=") and re.fullmatch(r"[A-Za-z][\w.-]*", name) is not None


def defined_options(table: Table, cache: SignatureCache | None = None
                    ) -> set[str]:
    """The option names the entries of a table define (``-p`` and ``--port`` for
    ``-p, --port=port``); ``cache``: see :func:`option_signatures`."""
    names: set[str] = set()
    for sigs in option_signatures(table, cache) or []:
        for sig in sigs or []:
            names.update(option_name(x) for x in sig.split(", "))
    return names


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
