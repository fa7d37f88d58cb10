"""Per-node-class dispatch, in the manner of docutils' ``NodeVisitor.dispatch_visit``.

A writer handles a node class ``FooBar`` with a method ``<prefix>_foo_bar`` (``visit_foo_bar``
for the main rendering; other prefixes for other walks, such as ``flat_foo_bar``).  The method
is looked up once per (writer class, node class, prefix) and cached; a subclass of a node class
without a method of its own uses its base class's method.  A node class with no method at all
is a :class:`MissingVisitor` error, never silently dropped output.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from texi2rst.nodes import Node

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any, ClassVar

__all__ = ["MissingVisitor", "NodeVisitor", "method_name"]

_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

#: (writer class, node class, prefix) -> the method found for them (what
#: :meth:`NodeVisitor.find_visitor` caches, in one lookup)
_METHODS: dict[tuple[type, type, str], Callable[..., Any]] = {}


class MissingVisitor(NotImplementedError):
    """A writer has no method for a node class."""


def method_name(node_class: type, prefix: str = "visit") -> str:
    """The method that handles ``node_class``: ``LineBreak`` → ``visit_line_break``."""
    return f"{prefix}_{_CAMEL_RE.sub('_', node_class.__name__).lower()}"


class NodeVisitor:
    """Base of the writers: calls the method for a node's class."""

    #: (node class, prefix) -> the unbound method (or None), per writer class
    _visitor_cache: ClassVar[dict[tuple[type, str], Callable[..., Any] | None]]

    @classmethod
    def find_visitor(cls, node_class: type, prefix: str = "visit") -> Callable[..., Any] | None:
        """The unbound method handling ``node_class`` (or the nearest base class of it that
        is a node), or None."""
        # the cache lives in the writer class itself (not inherited: a subclass may override)
        cache: dict[tuple[type, str], Callable[..., Any] | None] | None
        cache = cls.__dict__.get("_visitor_cache")
        if cache is None:
            cache = {}
            cls._visitor_cache = cache
        key = (node_class, prefix)
        if key in cache:
            return cache[key]
        found: Callable[..., Any] | None = None
        for klass in node_class.__mro__:
            if klass is Node or not issubclass(klass, Node):
                break
            found = getattr(cls, method_name(klass, prefix), None)
            if found is not None:
                break
        cache[key] = found
        return found

    def dispatch(self, prefix: str, node: Node, *args: Any) -> Any:
        """Call ``self.<prefix>_<node class>(node, *args)``; a class without a method is a
        :class:`MissingVisitor` error."""
        method = _METHODS.get((self.__class__, node.__class__, prefix))
        if method is None:
            method = self.find_visitor(type(node), prefix)
            if method is not None:
                _METHODS[self.__class__, node.__class__, prefix] = method
        if method is None:
            raise MissingVisitor(
                f"{type(self).__name__} has no method {method_name(type(node), prefix)}() "
                f"for {type(node).__name__} nodes")
        return method(self, node, *args)

    def dispatch_optional(self, prefix: str, node: Node, *args: Any) -> Any:
        """Like :meth:`dispatch`, but a node class without a method is skipped (None)."""
        method = self.find_visitor(type(node), prefix)
        return None if method is None else method(self, node, *args)
