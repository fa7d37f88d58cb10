"""``@contents`` given more than once: a table of contents at each further place.

makeinfo prints a table of contents wherever ``@contents`` (or ``@shortcontents``) stands. A
Sphinx project's visible toctree stands for the first one; each later one becomes a list of
references to the sections, as deep as the command asks (``@shortcontents``: chapters only).
"""

from __future__ import annotations

from texi2rst import nodes as n

_DEPTH = {"contents": 4, "shortcontents": 1, "summarycontents": 1}


def repeat_contents(doc: n.Document) -> str:
    """Replace every ``@contents`` marker after the first with the section list it prints.

    Returns the first marker's command (what the toctree stands for), "" when there is none."""
    markers = [(parent, i, c) for parent, i, c in _containers(doc) if c.kind == "contents"]
    top = [s for s in doc.children if isinstance(s, n.Section)]
    sections = [c for s in top for c in s.children if isinstance(c, n.Section)] \
        if len(top) == 1 and top[0].level == 0 else top
    front: list[n.Block] = []
    for parent, i, marker in markers[1:]:
        items = _items(sections, _DEPTH.get(marker.name, 4), marker)
        listing = (n.BulletList(items=items, source=marker.source, line=marker.line)
                   if items else n.Comment(text="contents", source=marker.source,
                                           line=marker.line))
        if parent is doc.children and top:
            front.append(listing)  # before the title: the top section's first block
        else:
            parent[i] = listing
    if front:
        doc.children[:] = [c for c in doc.children
                           if not (isinstance(c, n.Container) and c.kind == "contents")
                           or c is markers[0][2]]
        top[0].children[:0] = front
    return markers[0][2].name if markers else ""


def _containers(node: n.Node) -> list[tuple[list[n.Node], int, n.Container]]:
    """The ``@contents`` markers under ``node``, in document order, with their place."""
    found: list[tuple[list[n.Node], int, n.Container]] = []
    stack: list[tuple[n.Node, list[n.Node], int]] = [(node, [], 0)]
    while stack:
        current, parent, index = stack.pop()
        if isinstance(current, n.Container) and current.kind == "contents":
            found.append((parent, index, current))
            continue
        if isinstance(current, (n.Paragraph, n.Inline)):
            continue  # a marker is a block: none stands among inline content
        children = getattr(current, "children", None)
        if isinstance(children, list):
            stack.extend((c, children, i) for i, c in reversed(list(enumerate(children)))
                         if isinstance(c, n.Block))
    return found


def _items(sections: list[n.Section], depth: int, at: n.Container) -> list[n.ListItem]:
    items = []
    for section in sections:
        title: list[n.Inline] = [n.Reference(kind="ref", target=section.node,
                                             label=list(section.title), source=at.source,
                                             line=at.line)] if section.node \
            else list(section.title)
        children: list[n.Block] = [n.Paragraph(title, source=at.source, line=at.line)]
        inner = [c for c in section.children if isinstance(c, n.Section)]
        if depth > 1 and inner:
            children.append(n.BulletList(items=_items(inner, depth - 1, at), source=at.source,
                                         line=at.line))
        items.append(n.ListItem(children=children, source=at.source, line=at.line))
    return items
