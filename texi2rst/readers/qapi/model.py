"""The QAPI schema as plain data classes: what the reader fills and the writers render.

A generator that parses schemas itself can fill these (and :class:`QAPIDoc` with its
sections) directly and hand them to :mod:`texi2rst.qapi`'s rendering functions: every
class is a plain record class (made as a dataclass) whose fields all have defaults, and
``source``/``line`` fields carry the file and line that diagnostics and the rST line map
point at.
"""

from __future__ import annotations

from typing import Any

from texi2rst.readers.qapi.doc import QAPIDoc
from texi2rst.records import field, record

#: built-in types and the JSON type QEMU's manual showed for each
BUILTIN_TYPES: dict[str, str] = {
    "str": "string", "number": "number", "int": "int", "int8": "int", "int16": "int",
    "int32": "int", "int64": "int", "uint8": "int", "uint16": "int", "uint32": "int",
    "uint64": "int", "size": "int", "bool": "boolean", "null": "null", "any": "value",
    "QType": "string",
}

#: the names the manual shows for built-in types (text, not references)
BUILTIN_TYPE_NAMES: frozenset[str] = frozenset(BUILTIN_TYPES) | frozenset(BUILTIN_TYPES.values())

DEFINITION_KINDS = ("command", "event", "struct", "union", "alternate", "enum")


@record
class Member:
    """A member, argument, enum value, union branch, alternative or feature."""

    name: str
    type: str | list[str] | None = None  # "T", ["T"] for an array, None for values/features
    optional: bool = False
    ifcond: list[str] = field(default_factory=list)
    line: int = 0


@record
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


@record
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
    #: the problem that stopped reading (None: the schema was read)
    error: Exception | None = None

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
