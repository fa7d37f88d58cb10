"""Sphinx labels for the tree's reference targets: sections, ``@node`` labels, anchors, floats.

Labels are assigned in document order, in time linear in their number: a name's label is
:func:`make_label` of it, and a label already taken (or reserved by Sphinx) gets the first free
``-2``, ``-3`` … suffix, found with a counter per base label.
"""

from __future__ import annotations

import re
from functools import lru_cache

from texi2rst.nodes import Anchor, Block, Document, Float, Node, NodeLabel, Section, plain_text
from texi2rst.records import field, record

__all__ = ["Labels", "make_label", "target_name"]

_RESERVED_LABELS = {"genindex", "modindex", "search", "py-modindex"}

#: node class -> the field holding the name it defines as a reference target
_NAME_FIELDS: dict[type, str] = {Section: "node", NodeLabel: "name", Anchor: "name",
                                 Float: "label"}
#: the same, looked up once for every node class (subclasses included; "" = no target)
_NAME_FIELD_CACHE: dict[type, str] = {}


_NOT_LABEL_CHARS = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)
def make_label(name: str, prefix: str = "") -> str:
    """The label for a node name, before collisions are resolved."""
    label = _NOT_LABEL_CHARS.sub("-", name.lower()).strip("-")
    return prefix + (label or "node")


def target_name(node: Node) -> str:
    """The name a node defines as a reference target ("" for none)."""
    cls = type(node)
    name_field = _NAME_FIELD_CACHE.get(cls)
    if name_field is None:
        name_field = _name_field(cls)
    if not name_field:
        return ""
    name: str = getattr(node, name_field)
    return name


def _name_field(cls: type) -> str:
    """The field of ``cls`` that holds the name it defines ("" for none), looked up once."""
    name_field = next((_NAME_FIELDS[k] for k in cls.__mro__ if k in _NAME_FIELDS), "")
    _NAME_FIELD_CACHE[cls] = name_field
    return name_field


def _norm_name(name: str) -> str:
    return " ".join(name.split())


@record
class Labels:
    """Node and anchor names mapped to unique Sphinx labels."""

    prefix: str = ""
    #: name (as written, and with whitespace normalised) -> the label of its first definition
    by_name: dict[str, str] = field(default_factory=dict)
    #: node -> its label (nodes hash by identity)
    by_node: dict[Node, str] = field(default_factory=dict)
    #: every label given
    used: set[str] = field(default_factory=set)
    #: base label -> the suffix number of the last label given for it (1: the bare base)
    last_number: dict[str, int] = field(default_factory=dict, repr=False)
    #: node name -> the title of the section it labels (what makeinfo's HTML shows as the
    #: text of a reference that gives none)
    titles: dict[str, str] = field(default_factory=dict)
    #: names declared with Sphinx's C domain (a second declaration of one is a warning)
    c_names: set[str] = field(default_factory=set)

    @classmethod
    def collect(cls, doc_or_blocks: Document | Block | list[Block], prefix: str = "") -> Labels:
        """Walk sections, node labels, anchors and floats in document order."""
        labels = cls(prefix=prefix)
        labels.add(doc_or_blocks)
        return labels

    def add(self, doc_or_blocks: Node | list[Block]) -> None:
        """Add the names defined in more blocks (another document of the same project)."""
        roots = doc_or_blocks if isinstance(doc_or_blocks, list) else [doc_or_blocks]
        name_fields = _NAME_FIELD_CACHE
        for root in roots:
            for node in root.walk(text=False):
                # (target_name, inline: this looks at every node of a manual)
                name_field = name_fields.get(node.__class__)
                if name_field is None:
                    name_field = _name_field(node.__class__)
                if name_field:
                    name = getattr(node, name_field)
                    if name.strip():
                        self.assign(node, name)

    def assign(self, node: Node, name: str) -> str:
        """Give ``node`` (which defines ``name``) a label of its own; return it."""
        base = make_label(name, self.prefix)
        # labels below the last number given for this base are all taken (labels are never
        # given back), so the search for a free one resumes there
        n = self.last_number.get(base, 1)
        label = base if n == 1 else f"{base}-{n}"
        while label in self.used or label in _RESERVED_LABELS:
            n += 1
            label = f"{base}-{n}"
        self.last_number[base] = n
        self.used.add(label)
        self.by_node[node] = label
        self.by_name.setdefault(name, label)
        self.by_name.setdefault(_norm_name(name), label)
        if isinstance(node, Section):
            title = _norm_name(plain_text(node.title))
            if title:
                self.titles.setdefault(_norm_name(name), title)
        return label

    def label_for(self, node_name: str) -> str | None:
        """The label of a node or anchor name, or None when it is not defined."""
        found = self.by_name.get(node_name)
        if found is None:
            found = self.by_name.get(_norm_name(node_name))
        return found

    def title_for(self, node_name: str) -> str:
        """The title of the section a node name labels ("" for an anchor or no section)."""
        return self.titles.get(_norm_name(node_name), "")

    def label_of(self, node: Node, name: str) -> str | None:
        """The label given to this very node (falls back to its name)."""
        return self.by_node.get(node) or self.label_for(name)
