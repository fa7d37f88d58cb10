"""Rewrites of the document tree that the output formats need, in one pass over the tree.

They keep the text and change only the shape where a target cannot hold a construct
(Sphinx's text builder cannot render a table inside a table), drop what a manual's reader
does not see (man-page-only regions), and turn markers into directives.
"""

from __future__ import annotations

from texi2rst import nodes as n
from texi2rst.records import fields, record

#: containers that only man pages show (``@c man begin`` inside ``@ignore``)
MAN_ONLY = {"man-only"}


@record
class Shaping:
    """What to do: drop man-page-only text, ``@contents`` as a directive or dropped,
    ``@menu`` kept, folded into a comment or dropped (a Sphinx project's toctree replaces
    it)."""

    drop_man_only: bool = True
    contents: str = "directive"  # or "drop", or "keep" (the marker stays)
    menus: str = "keep"  # or "comment", or "drop"


TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any

ImageSlot = tuple[list["Any"], int]  # the list holding an image, and its index there


_LIST_FIELDS: dict[type, tuple[str, ...]] = {}


def list_fields(cls: type) -> tuple[str, ...]:
    """The names of the node class's list fields (its children, in all their kinds)."""
    found = _LIST_FIELDS.get(cls)
    if found is None:
        found = _LIST_FIELDS[cls] = tuple(f.name for f in fields(cls)
                                          if f.default_factory is list)
    return found


def reshape(doc: n.Node, shaping: Shaping | None = None) -> list[ImageSlot]:
    """Apply ``shaping`` to the tree in place; returns where every image is."""
    shaping = shaping or Shaping()
    images: list[ImageSlot] = []
    stack: list[tuple[n.Node, bool]] = [(doc, False)]
    while stack:
        node, in_table = stack.pop()
        for name in list_fields(type(node)):
            value = getattr(node, name)
            if not value:
                continue
            if isinstance(node, n.MultiTable) and name in ("head", "body"):
                for row in value:
                    for cell in row:
                        _reshape_list(cell, True, shaping, stack, images)
            elif value and isinstance(value[0], list):  # LineBlock lines, DefinitionLine…
                for inner in value:
                    _reshape_list(inner, in_table, shaping, stack, images)
            else:
                _reshape_list(value, in_table, shaping, stack, images)
    return images


#: class of a list item -> (what reshape may do to such a node, whether it has children)
_ROLE: dict[type, tuple[str, bool]] = {}


def _role(cls: type) -> tuple[str, bool]:
    found = _ROLE.get(cls)
    if found is None:
        role = next((name for klass, name in ((n.Container, "container"), (n.Menu, "menu"),
                                              (n.MultiTable, "multitable"),
                                              (n.Image, "image"), (n.InlineImage, "image"))
                     if issubclass(cls, klass)), "")
        # (list fields hold other values too: a multitable's column fractions)
        found = _ROLE[cls] = (role, issubclass(cls, n.Node) and bool(list_fields(cls)))
    return found


def _reshape_list(items: list[Any], in_table: bool, shaping: Shaping,
                  stack: list[tuple[n.Node, bool]], images: list[ImageSlot]) -> None:
    out: list[Any] | None = None  # made once an item is dropped or replaced
    text = n.Text
    for i, item in enumerate(items):
        if item.__class__ is text:  # the commonest item: nothing to do
            if out is not None:
                out.append(item)
            continue
        role, has_children = _role(item.__class__)
        new: Any = item
        if not role:  # most nodes
            if out is not None:
                out.append(item)
            if has_children:
                stack.append((item, in_table))
            continue
        if role == "container":
            if item.kind in MAN_ONLY and shaping.drop_man_only:
                new = None
            elif item.kind == "contents" and shaping.contents != "keep":
                if shaping.contents == "drop":
                    new = None
                else:
                    depth = "\n   :depth: 1" if item.name != "contents" else ""
                    new = n.Literal(text=f".. contents::{depth}\n", source=item.source,
                                    line=item.line)
        elif role == "menu" and shaping.menus != "keep":
            new = None if shaping.menus == "drop" else _menu_comment(item)
        elif role == "multitable" and in_table:
            new = _rows_as_list(item)
        if new is not item and out is None:
            out = items[:i]
        if new is None:
            continue
        if isinstance(new, (n.Image, n.InlineImage)):
            images.append((items, i if out is None else len(out)))
        if out is not None:
            out.append(new)
        if isinstance(new, n.Node):
            stack.append((new, in_table))
    if out is not None:
        items[:] = out


def _rows_as_list(table: n.MultiTable) -> n.BulletList:
    """A multitable inside a table cell: a list of its rows."""
    items = []
    for row in table.head + table.body:
        children: list[n.Block] = [block for cell in row for block in cell]
        items.append(n.ListItem(children=children, source=table.source, line=table.line))
    return n.BulletList(items=items, source=table.source, line=table.line)


def _menu_comment(menu: n.Menu) -> n.Comment:
    """A menu folded into the toctree: its entries and descriptions stay as a comment."""
    lines = ["menu:"]
    for entry in menu.entries:
        if isinstance(entry, n.MenuEntry):
            desc = " ".join(n.plain_text(entry.description).split())
            lines.append(f"* {entry.node}:: {desc}".rstrip())
        elif isinstance(entry, n.MenuComment):
            lines.append(" ".join(n.plain_text(entry.children).split()))
    return n.Comment(text="\n".join(lines), source=menu.source, line=menu.line)


def flatten_nested_tables(doc: n.Node) -> None:
    """Turn a multitable inside another table's cell into a list of its rows (only that)."""
    reshape(doc, Shaping(drop_man_only=False, contents="keep", menus="keep"))
