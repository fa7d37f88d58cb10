"""Single-sourced bulk output: the parts of a manual's tree that are shown in more than one
place are cut out into fragments (``.rst.inc`` files), and every place ``.. include::``-s them.

Two kinds of parts:

* the text of a Texinfo file that another manual's Texinfo ``@include``-s (qemu-doc.texi
  includes qemu-img.texi, the main file of the qemu-img manual): :func:`cut_shared` makes each
  run of sibling blocks read from that file a fragment of its own;
* the text of ``@c man begin`` … ``@c man end`` regions: :func:`cut_man_regions` makes each
  run of sibling blocks inside a region a fragment, and gives the man page's skeleton (its
  sections in texi2pod's order, each a list of ``.. include::`` directives, with the titles
  of sections inside a region as rubrics).

A fragment is a :class:`~texi2rst.nodes.Container` of kind ``fragment`` whose ``name`` is
the fragment file's path inside the manual's folder; the project writer
(:func:`texi2rst.writers.project.render_project`) renders its blocks to that file with the
manual's labels, and puts an ``.. include::`` in its place.
"""

from __future__ import annotations

import copy
import os
import re

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter

#: the man-page sections texi2pod.pl prints, in its order (it drops any other)
MAN_ORDER = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "ENVIRONMENT", "FILES", "BUGS",
             "NOTES", "FOOTNOTES", "EXAMPLES", "SEEALSO", "AUTHOR", "COPYRIGHT"]

FRAGMENTS = "_fragments"


def _real(path: str) -> str:
    return os.path.realpath(path) if path else ""


def fragment_stem(text: str) -> str:
    """A file-name stem for a fragment named after ``text`` (a path or a page name)."""
    stem = re.sub(r"[^A-Za-z0-9_.+-]+", "-", os.path.splitext(text)[0]).strip("-.")
    return stem.lower() or "fragment"


class _Names:
    """Fragment file names, unique within a manual."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, stem: str) -> str:
        name, i = f"{FRAGMENTS}/{stem}.rst.inc", 2
        while name in self.used:
            name, i = f"{FRAGMENTS}/{stem}-{i}.rst.inc", i + 1
        self.used.add(name)
        return name


def _include(name: str, include_root: str) -> n.Literal:
    return n.Literal(text=f".. include:: {include_root}{name}")


_HOLDERS = (n.Document, n.Section, n.ListItem, n.TableEntry, n.Quotation, n.Admonition,
            n.Definition, n.Container, n.Float)


def _block_lists(node: n.Node) -> list[list[n.Block]]:
    """The lists of blocks inside ``node`` where a fragment may stand (a section's children,
    an item's body, a table cell), nearest first."""
    lists: list[list[n.Block]] = []
    children = getattr(node, "children", None)
    if isinstance(node, _HOLDERS) and isinstance(children, list):
        lists.append(children)
    for attr in ("items", "entries"):
        for item in getattr(node, attr, None) or []:
            lists.extend(_block_lists(item))
    if isinstance(node, n.MultiTable):
        lists.extend(cell for row in [*node.head, *node.body] for cell in row)
    return lists


def _defines_options(blocks: list[n.Block]) -> bool:
    from texi2rst.writers.rst import defined_options

    return any(isinstance(x, n.Table) and defined_options(x) for b in blocks for x in b.walk())


def cut_shared(doc: n.Document, shared: dict[str, str], names: _Names,
               programs: dict[str, str], program: str) -> dict[str, list[n.Container]]:
    """Every run of sibling blocks read from a file of ``shared`` (real path → fragment
    stem) becomes a fragment; returns the fragments of each file. A file that belongs to
    another program (``programs``: real path → program) is framed by ``.. program::``."""
    found: dict[str, list[n.Container]] = {}

    def visit(blocks: list[n.Block], inside: frozenset[str]) -> None:
        out: list[n.Block] = []
        i = 0
        while i < len(blocks):
            source = _real(blocks[i].source)
            if source in shared and source not in inside:
                j = i
                while j < len(blocks) and _real(blocks[j].source) in (source, ""):
                    j += 1
                run = blocks[i:j]
                for block in run:  # files it includes in turn
                    for inner in _block_lists(block):
                        visit(inner, inside | {source})
                other = programs.get(source, "")
                if other and not _defines_options(run):
                    other = ""  # its text refers to the including program's options
                if other and other != program:
                    run = [n.Literal(text=f".. program:: {other}"), *run]
                frag = n.Container(kind="fragment", name=names.take(shared[source]),
                                   children=run, source=blocks[i].source, line=blocks[i].line)
                found.setdefault(source, []).append(frag)
                out.append(frag)
                if other and other != program:
                    out.append(n.Literal(text=f".. program:: {program}"))
                i = j
                continue
            for inner in _block_lists(blocks[i]):
                visit(inner, inside)
            out.append(blocks[i])
            i += 1
        blocks[:] = out

    visit(doc.children, frozenset())
    return found


def _has_marker(block: n.Node) -> bool:
    return any(isinstance(x, n.Container) and x.kind.startswith("man-") for x in block.walk())


def cut_man_regions(lists: list[list[n.Block]], root: str, stem: str, names: _Names,
                    include_root: str, reporter: Reporter) -> dict[str, list[n.Block]]:
    """Cut the ``@c man begin NAME`` regions of the block lists (in order) into fragments,
    in place; returns
    the man page's body: for each section NAME, what it shows (``.. include::`` of the
    fragments, rubrics for the section titles inside a region).

    As texi2pod.pl, only the regions of ``root`` count, and those of a file whose
    ``@include`` sits inside a region."""
    regions: dict[str, list[n.Block]] = {}
    current: list[str] = []
    followed = {_real(root)}
    counter = [0]

    def fragment(run: list[n.Block]) -> n.Container:
        counter[0] += 1
        name = names.take(f"{stem}-{current[0].lower()}-{counter[0]}")
        regions[current[0]].append(_include(name, include_root))
        return n.Container(kind="fragment", name=name, children=run, source=run[0].source,
                           line=run[0].line)

    def visit(blocks: list[n.Block]) -> None:
        out: list[n.Block] = []
        run: list[n.Block] = []

        def flush() -> None:
            if run and current and any(not isinstance(b, (n.IndexEntry, n.NodeLabel, n.Anchor))
                                       for b in run):
                out.append(fragment(list(run)))
            else:
                out.extend(run)
            run.clear()

        for block in blocks:
            source = _real(block.source)
            if source and source not in followed:
                if not current:
                    flush()
                    out.append(block)
                    continue  # included outside a region: texi2pod never read it
                followed.add(source)
            if isinstance(block, n.Container) and block.kind == "man-begin":
                flush()
                current[:] = [block.name.upper() or "DESCRIPTION"]
                if current[0] not in MAN_ORDER and current[0] not in regions:
                    reporter.warning(block.source, block.line, f"man page section "
                                     f"{current[0]}: texi2pod prints no such section; left out")
                regions.setdefault(current[0], [])
                out.append(block)
            elif isinstance(block, n.Container) and block.kind == "man-end":
                flush()
                current.clear()
                out.append(block)
            elif isinstance(block, n.Container) and block.kind == "man-only":
                flush()  # text only the man page shows: it lives in the skeleton
                regions.setdefault(block.name.upper() or "DESCRIPTION", []).extend(
                    copy.deepcopy(block.children))
                out.append(block)
            elif isinstance(block, n.Section):
                flush()
                if current:
                    regions[current[0]].append(n.Heading(level=3, kind="rubric",
                                                         title=block.title,
                                                         source=block.source, line=block.line))
                visit(block.children)
                out.append(block)
            elif current and not _has_marker(block):
                run.append(block)
            elif _has_marker(block):
                flush()
                for inner in _block_lists(block):
                    visit(inner)
                out.append(block)
            else:
                flush()
                out.append(block)
        flush()
        blocks[:] = out

    for blocks in lists:
        visit(blocks)
    body: dict[str, list[n.Block]] = {}
    for name in MAN_ORDER:
        shown = [b for b in regions.get(name, [])]
        while shown and isinstance(shown[-1], n.Heading):
            shown.pop()
        if any(not isinstance(b, n.Heading) for b in shown):
            body[name] = shown
    return body
