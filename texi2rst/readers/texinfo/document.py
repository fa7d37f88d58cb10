"""Finishing the document once every block is built: sections nested by level with their
``@node`` names, names checked for uniqueness, lists of floats filled in."""

from __future__ import annotations

import copy

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.builders import Build
from texi2rst.readers.texinfo.pieces import NodeLine, SectionLine

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any


def _only_anchors(block: Any) -> bool:
    """A paragraph of anchors only (between ``@node`` and its section, it keeps them apart
    in no way makeinfo sees)."""
    return isinstance(block, n.Paragraph) and bool(block.children) and all(
        isinstance(c, n.Anchor) or (isinstance(c, n.Text) and not c.text.strip())
        for c in block.children)


#: the node classes that define a name, with the command that defines it and its field
_NAMED: tuple[tuple[type, str, str], ...] = (
    (n.Section, "node", "node"), (n.NodeLabel, "node", "name"), (n.Anchor, "anchor", "name"),
    (n.Float, "float", "label"))
_NAMED_BY_CLASS: dict[type, tuple[str, str]] = {}


def _named(cls: type) -> tuple[str, str]:
    """The command and field of ``cls``'s name (``("", "")``: none), looked up once."""
    found = _NAMED_BY_CLASS.get(cls)
    if found is None:
        found = next(((command, field) for klass, command, field in _NAMED
                      if issubclass(cls, klass)), ("", ""))
        _NAMED_BY_CLASS[cls] = found
    return found


def check_unique_names(doc: n.Document, reporter: Reporter, made: list[str] | None = None,
                       places: dict[int, tuple[str, int]] | None = None) -> None:
    """Node names, anchors and float labels share one namespace: makeinfo refuses a name
    defined twice (text only man pages see is left out, as makeinfo does not read it).
    ``places``: where a section's name is defined (its ``@node`` line), by its ``id``.

    ``made``: the names of every node line, anchor and float the reader made (the tree's,
    and any it dropped): when none of them is repeated, no name can be, and the tree is not
    walked (a walk that costs 6-9% of a read)."""
    if made is not None:
        names = [" ".join(name.split()) for name in made]
        names = [name for name in names if name]
        if len(set(names)) == len(names):
            return
    seen: dict[str, tuple[str, tuple[str, int]]] = {}  # name -> (command, place)
    places = places or {}
    unseen: set[int] = set()  # the nodes inside man-only regions
    named = _NAMED_BY_CLASS
    for node in doc.walk(text=False):
        found = named.get(node.__class__)  # (_named, inline: this looks at every node)
        command, field = found if found is not None else _named(node.__class__)
        if not command:
            if isinstance(node, n.Container) and node.kind == "man-only" \
                    and id(node) not in unseen:
                unseen.update(id(inner) for inner in node.walk(text=False))
            continue
        name = " ".join(getattr(node, field).split())
        if not name or id(node) in unseen:
            continue
        place = places.get(id(node)) or (node.source, node.line)
        if name in seen and seen[name][1] != place:
            kind, first = seen[name]
            reporter.error(*place, f"@{command} `{name}' previously defined")
            reporter.error(*first, f"here is the previous definition as @{kind}")
        elif name not in seen:  # (a copy, as @insertcopying makes, is the same name)
            seen[name] = (command, place)


def lists_of_floats(floats: list[n.Float], listings: list[n.Container]) -> None:
    """``@listoffloats TYPE``: a list of the labelled floats of that type, with captions."""
    for listing in listings:
        loc: n.Loc = {"source": listing.source, "line": listing.line}
        entries = []
        for fl in floats:
            if fl.kind != listing.name or not fl.label:
                continue
            first = fl.caption[0] if fl.caption else None
            number = n.plain_text(first.children[0]) if isinstance(first, n.Paragraph) \
                and first.children and isinstance(first.children[0], n.Styled) else fl.label
            text = [c for c in (first.children[1:] if isinstance(first, n.Paragraph) else [])
                    if not isinstance(c, n.Footnote)]
            ref = n.Reference("ref", target=fl.label, label=[n.Text(number.rstrip(":"), **loc)],
                              **loc)
            entries.append(n.ListItem([n.Paragraph([ref, n.Text(": " if text else "", **loc),
                                                    *copy.deepcopy(text)], **loc)], **loc))
        listing.children = [n.BulletList(items=entries, **loc)] if entries else []


def top_items(build: Build, items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, (SectionLine, NodeLine)):
            out.append(item)
        else:
            out.extend(build.blocks([item]))
    return out


def nest_sections(items: list[Any], places: dict[int, tuple[str, int]] | None = None
                  ) -> list[n.Block]:
    """Nest sections by level and attach each ``@node`` to the section after it (where that
    ``@node`` is goes to ``places``, by the section's ``id``)."""
    root: list[n.Block] = []
    stack: list[n.Section] = []
    pending: NodeLine | None = None

    def container() -> list[n.Block]:
        return stack[-1].children if stack else root

    for item in items:
        if isinstance(item, NodeLine):
            if pending is not None:
                container().append(n.NodeLabel(name=pending.name, source=pending.source,
                                               line=pending.line))
            pending = item
            continue
        if isinstance(item, SectionLine):
            if item.kind in tc.HEADING_COMMANDS:
                if pending is not None:
                    container().append(n.NodeLabel(name=pending.name, source=pending.source,
                                                   line=pending.line))
                    pending = None
                container().append(n.Heading(level=tc.SECTION_LEVELS[item.kind], kind=item.kind,
                                             title=item.title, source=item.source,
                                             line=item.line))
                continue
            level = tc.SECTION_LEVELS.get(item.kind, 1)
            section = n.Section(level=level, kind=item.kind, title=item.title,
                                node=pending.name if pending else "", source=item.source,
                                line=item.line)
            if pending is not None and places is not None:
                places[id(section)] = (pending.source, pending.line)
            pending = None
            while stack and stack[-1].level >= level:
                stack.pop()
            container().append(section)
            stack.append(section)
            continue
        if pending is not None and (isinstance(item, n.IndexEntry) or _only_anchors(item)):
            container().append(item)
            continue
        if pending is not None:
            container().append(n.NodeLabel(name=pending.name, source=pending.source,
                                           line=pending.line))
            pending = None
        container().append(item)
    if pending is not None:
        container().append(n.NodeLabel(name=pending.name, source=pending.source,
                                       line=pending.line))
    return root
