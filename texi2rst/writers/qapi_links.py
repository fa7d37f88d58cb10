"""Which names a QAPI rendering links to, and the rST labels of definitions.

:func:`label_for` is the label the ``plain`` flavour writes for a definition; :class:`Links`
answers, from a :data:`Known` (a schema, a set of names or a callable), which names are
definitions and of what kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from texi2rst import nodes
from texi2rst.readers.qapi.model import Schema


def label_for(name: str) -> str:
    """The rST label of definition ``name`` in the ``plain`` flavour: ``qapi-`` and the
    name in lower case (other characters than letters and digits as ``-``), and, when the
    name has capitals, ``--`` and the positions of its capital letters (a base-36 bit mask
    over its letters), so that ``STOP`` (``qapi-stop--f``) and ``stop`` (``qapi-stop``) never
    collide.  It depends on the name alone."""
    body = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x"
    letters = [c for c in name if c.isalpha()]
    mask = sum(1 << i for i, c in enumerate(letters) if c.isupper())
    return f"qapi-{body}--{_base36(mask)}" if mask else f"qapi-{body}"


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


def qapi_target(name: str) -> str:
    """The document-tree target of definition ``name`` (its label is :func:`label_for`)."""
    return f"qapi-{name}"


#: what a rendering may link to: a :class:`Schema`, a collection of definition names, or a
#: callable answering a name with its kind (``"command"``, ``"struct"`` …), ``True`` when
#: the kind is not known, or a false value for a name that is no definition
Known = Schema | Collection[str] | Callable[[str], str | bool | None] | None


class Links:
    """Answers which names are definitions (and of what kind) from a :data:`Known`."""

    def __init__(self, known: Known | Links = None) -> None:
        self.known: Known = known.known if isinstance(known, Links) else known

    @property
    def schema(self) -> Schema | None:
        return self.known if isinstance(self.known, Schema) else None

    def kind(self, name: str) -> str | None:
        """The kind of definition ``name`` (``""``: a definition of unknown kind; None: no
        definition)."""
        known = self.known
        if known is None:
            return None
        if isinstance(known, Schema):
            defn = known.lookup(name)
            return defn.kind if defn is not None else None
        if callable(known):
            answer = known(name)
            return answer if isinstance(answer, str) and answer else ("" if answer else None)
        return "" if name in known else None


def labels_for(target: nodes.Document | list[nodes.Block], links: Links) -> Any:
    """The rST labels of ``target``, plus those of the definitions it links to that it does
    not show (they are defined by another rendering of the same project)."""
    from texi2rst.writers import rst as rw

    labels = rw.Labels.collect(target)
    roots = target.children if isinstance(target, nodes.Document) else target
    for root in roots:
        for node in root.walk():
            if isinstance(node, nodes.NodeLabel) and node.name.startswith("qapi-"):
                label = label_for(node.name[5:])
                labels.by_node[node] = labels.by_name[node.name] = label
                labels.used.add(label)
            elif (isinstance(node, nodes.Reference) and node.target.startswith("qapi-")
                    and node.target not in labels.by_name
                    and links.kind(node.target[5:]) is not None):
                labels.by_name[node.target] = label_for(node.target[5:])
    return labels
