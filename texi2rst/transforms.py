"""Rewrites of the document tree that the output formats need.

They keep the text and change only the shape, where a target cannot hold a construct
(Sphinx's text builder cannot render a table inside a table).
"""

from __future__ import annotations

from . import nodes as n


def flatten_nested_tables(doc: n.Node) -> None:
    """Turn a multitable inside another table's cell into a list of its rows."""

    def rewrite(blocks: list[n.Block], in_table: bool) -> None:
        for i, block in enumerate(blocks):
            if isinstance(block, n.MultiTable):
                for row in block.head + block.body:
                    for cell in row:
                        rewrite(cell, True)
                if in_table:
                    blocks[i] = _rows_as_list(block)
                continue
            for attr in ("children", "items", "entries", "caption"):
                inner = getattr(block, attr, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], n.Block):
                    rewrite(inner, in_table)

    if isinstance(doc, n.Document):
        rewrite(doc.children, False)
    for node in doc.walk():
        if isinstance(node, n.Footnote):
            rewrite(node.children, False)


def _rows_as_list(table: n.MultiTable) -> n.BulletList:
    items = []
    for row in table.head + table.body:
        children: list[n.Block] = [block for cell in row for block in cell]
        items.append(n.ListItem(children=children, source=table.source, line=table.line))
    return n.BulletList(items=items, source=table.source, line=table.line)


def contents_directives(doc: n.Document) -> None:
    """``@contents`` in a single rST document: a ``contents`` directive where it stood."""
    for node in doc.walk():
        items = getattr(node, "children", None)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, n.Container) and item.kind == "contents":
                depth = "\n   :depth: 1" if item.name != "contents" else ""
                items[i] = n.Literal(text=f".. contents::{depth}\n", source=item.source,
                                     line=item.line)


def drop_markers(doc: n.Document, kinds: set[str]) -> None:
    """Remove marker containers (such as ``contents``) the output does not use."""
    for node in doc.walk():
        items = getattr(node, "children", None)
        if isinstance(items, list):
            items[:] = [x for x in items if not (isinstance(x, n.Container) and x.kind in kinds)]
