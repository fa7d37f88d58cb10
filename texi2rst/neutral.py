"""Text that leaves texi2rst for rST keeps the line structure the writer gave it.

docutils splits its input with :meth:`str.splitlines`, which breaks lines not only at ``\\n``
but also at ``\\r``, U+001C–U+001E, U+0085, U+2028 and U+2029 (and turns U+000B and U+000C into
spaces). One of these inside a title, an index entry or a literal block would start a new rST
line the writer never escaped: a live ``.. include::`` or ``.. raw::``. The writers also use a
few control characters as private markers (:data:`PRIVATE`); input that carried them could
forge markup.

* :func:`neutralise` is applied where rST leaves texi2rst (the final join of every writer,
  the lines a Sphinx directive parses, ``conf.py`` values): separators become spaces, private
  characters vanish.
* :func:`strip_private` is applied where input enters (every reader) and to trees given to
  a writer, so that no input can forge a marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from texi2rst.nodes import Node
from texi2rst.records import fields

#: every character but ``\n`` that ends a line for docutils (``str.splitlines``), and the
#: two it turns into spaces
SEPARATORS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: control characters reserved for the writers' markers: C0 controls that are neither
#: whitespace nor separators, and DEL
PRIVATE = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, 0x7F])

_OUT_TABLE = str.maketrans({**{c: " " for c in SEPARATORS}, **{c: None for c in PRIVATE}})
_IN_TABLE = str.maketrans({c: None for c in PRIVATE})
_OUT_RE = re.compile(f"[{re.escape(SEPARATORS + PRIVATE)}]")
_IN_RE = re.compile(f"[{re.escape(PRIVATE)}]")


def neutralise(text: str) -> str:
    """rST text as it may leave texi2rst: line separators other than ``\\n`` become spaces,
    private marker characters are dropped."""
    if _OUT_RE.search(text) is None:
        return text
    return text.translate(_OUT_TABLE)


def neutralise_lines(lines: Iterable[str]) -> list[str]:
    """:func:`neutralise` on each line (for lines handed to a Sphinx directive)."""
    return [neutralise(line) for line in lines]


def strip_private(text: str) -> str:
    """Input text without the characters the writers keep as markers."""
    if _IN_RE.search(text) is None:
        return text
    return text.translate(_IN_TABLE)


def scrub_tree(root: Node | Sequence[Node]) -> None:
    """Drop private marker characters from every string of a tree, in place (a tree built
    through the Python API never went through a reader)."""
    roots = [root] if isinstance(root, Node) else root
    for top in roots:
        for node in top.walk():
            names, mappings = _string_fields(type(node))
            for name in names:
                value = getattr(node, name)
                if value and _IN_RE.search(value) is not None:
                    setattr(node, name, value.translate(_IN_TABLE))
            for name in mappings:
                value = getattr(node, name)
                if value:
                    setattr(node, name, {strip_private(k): strip_private(v)
                                         if isinstance(v, str) else v
                                         for k, v in value.items()})


#: per node class: its ``str`` fields, and its ``dict[str, str]`` fields
_FIELDS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _string_fields(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = (
            tuple(f.name for f in fields(cls) if f.type in ("str", str)),
            tuple(f.name for f in fields(cls) if f.type == "dict[str, str]"))
    return found
