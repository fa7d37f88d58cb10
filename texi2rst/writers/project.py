"""The Sphinx project writer: one document tree → ``conf.py``, ``index.rst`` and one file per
chapter (or section, or node), plus man pages from ``@c man begin`` regions.

File names come from node names (made safe: nothing can leave the output folder); labels come
from :class:`texi2rst.writers.rst.Labels` over the whole manual, so they are unique across the
project and ``:ref:`` works between files. Files that texi2rst did not write are left alone:
the ones it wrote are listed in ``.texi2rst-manifest`` and only those are replaced or removed.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Sequence

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.neutral import scrub_tree
from texi2rst.output import (
    IMAGE_SUFFIXES,
    find_file,
    inside,
    safe_file_stem,
    safe_man_name,
    write_owned_files,
)
from texi2rst.records import field, record
from texi2rst.transforms.contents import repeat_contents
from texi2rst.transforms.shaping import ImageSlot, Shaping, flatten_nested_tables, reshape
from texi2rst.writers.page_cut import PageCut, find_cut, take_rest, write_rest
from texi2rst.writers.rst import BlockWriter, Labels, RstOptions, defined_options, write_rst
from texi2rst.writers.rst.definitions import replay_definition
from texi2rst.writers.rst.signatures import SignatureCache
from texi2rst.writers.sphinx_conf import SphinxConf, conf_py
from texi2rst.writers.workers import Fetch, Task, run_in_order

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any


@record
class ManPage:
    """One man page made from ``@c man begin`` regions: ``name(section)``."""

    name: str
    section: str = "1"
    description: str = ""


def parse_man_page(spec: str) -> ManPage:
    """``NAME[.SECTION][:DESCRIPTION]`` (e.g. ``qemu.1``, ``qemu-nbd.8:QEMU NBD server``)."""
    name, _, description = spec.partition(":")
    section = "1"
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.isdigit():
        name, section = stem, suffix
    return ManPage(name=name, section=section, description=description)


@record
class _Part:
    """One output file: its document name and the blocks it holds."""

    docname: str
    blocks: list[n.Block]
    children: list[str] = field(default_factory=list)


@record
class Project:
    """A manual rendered as a Sphinx project, before anything is written: the rST files
    (paths relative to the project), the images to copy (project path → source file), the
    man pages ``(docname, name, description, section)``, and what ``conf.py`` says."""

    title: str
    version: str
    files: dict[str, str] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)
    man_pages: list[tuple[str, str, str, int]] = field(default_factory=list)
    external_manuals: str = "text"
    #: from ``@author`` ("" for none)
    author: str = ""
    #: the base name of the output files (``@setfilename`` without its extension)
    filename: str = ""

    def conf(self) -> SphinxConf:
        """The ``conf.py`` of this project standing alone: the project named without its
        version, the manual as one man page (named from ``@setfilename``) unless ``@c man``
        regions make pages of their own, and as one LaTeX document."""
        extensions = ["sphinx.ext.intersphinx"] if self.external_manuals == "intersphinx" \
            else []
        settings: list[tuple[str, object]] = [("templates_path", [])]
        if self.external_manuals == "intersphinx":
            settings.append(("intersphinx_mapping", {}))
        project = self.title
        if self.version and project.endswith(" " + self.version):
            project = project[:-len(self.version)].rstrip()
        stem = safe_file_stem(self.filename or project, "manual")
        man_pages = self.man_pages or [("index", stem, project, 1)]
        return SphinxConf(project=project, header=["Sphinx configuration written by texi2rst."],
                          version=self.version, author=self.author or None,
                          extensions=extensions, settings=settings, man_pages=man_pages,
                          latex_documents=[("index", f"{stem}.tex", project, self.author,
                                            "manual")])


def write_project(doc: n.Document, out_dir: str, *, reporter: Reporter, split: str = "chapter",
                  label_prefix: str = "", external_manuals: str = "text",
                  source_dir: str = ".", image_dirs: list[str] | None = None,
                  man_pages: list[ManPage] | None = None, project: str = "",
                  menus: str = "toctree", read_roots: list[str] | None = None,
                  force: bool = False, scrub: bool = True, workers: int = 1) -> list[str]:
    """Write ``doc`` as a Sphinx project in ``out_dir`` (see :func:`render_project`);
    returns the files written. A file in ``out_dir`` that texi2rst did not write is not
    replaced (:class:`texi2rst.output.WriteError` names it) unless ``force``."""
    rendered = render_project(doc, reporter=reporter, split=split, label_prefix=label_prefix,
                              external_manuals=external_manuals, source_dir=source_dir,
                              image_dirs=image_dirs, man_pages=man_pages, project=project,
                              menus=menus, read_roots=read_roots, scrub=scrub,
                              workers=workers)
    files: dict[str, str | bytes] = dict(rendered.files)
    for rel, src in rendered.images.items():
        if inside(out_dir, os.path.join(out_dir, rel)):
            with open(src, "rb") as f:
                files[rel] = f.read()
    files["conf.py"] = conf_py(rendered.conf())
    return write_owned_files(out_dir, files, reporter, force=force)


def render_project(doc: n.Document, *, reporter: Reporter, split: str = "chapter",
                   label_prefix: str = "", external_manuals: str = "text",
                   source_dir: str = ".", image_dirs: list[str] | None = None,
                   man_pages: list[ManPage] | None = None, project: str = "",
                   menus: str = "toctree", read_roots: list[str] | None = None,
                   scrub: bool = True, include_root: str = "/", program: str = "",
                   extra_labels: dict[str, str] | None = None,
                   extra_options: set[str] | None = None,
                   node_pages: dict[str, tuple[str, str, bool]] | None = None,
                   workers: int = 1) -> Project:
    """``doc`` as the files of a Sphinx project.

    Fragments (:class:`~texi2rst.nodes.Container` nodes of kind ``fragment``, which
    ``texi2rst bulk`` cuts out of a manual) are written to the file their ``name`` gives and
    ``.. include::``-d from ``include_root`` (the manual's folder, from the Sphinx source
    folder) in their place. ``program`` names the program of the manual's options when no man
    page does; ``extra_labels`` (node name → label) are targets defined outside the tree, and
    ``extra_options`` options defined outside it. ``node_pages`` (node name → (file, title,
    drop)) names the file of a node's section, gives it another title, or leaves it out.

    Images are taken only from inside ``read_roots`` (default: ``source_dir`` and
    ``image_dirs``).

    ``doc`` is reshaped in place for the project (pass a copy to keep it).
    ``menus="toctree"`` folds each ``@menu`` into the toctree (as makeinfo's HTML and plain
    text leave menus out); ``menus="comment"`` keeps its entries and descriptions in the rST
    source as a comment; ``menus="list"`` also shows it as a list of references. Man pages
    repeat the text of their regions without labels and index entries, options ``:no-index:``.
    ``scrub``: see :func:`texi2rst.writers.rst.write_rst`.

    ``workers`` > 1 renders the pages of a large manual in that many processes (forked: only
    for a process without other threads, such as the command line's), with the same
    result (see :mod:`texi2rst.writers.workers`)."""
    if scrub:
        scrub_tree(doc)
    if node_pages:
        _apply_pages(doc, node_pages)
    page_files = {node: spec[0] for node, spec in (node_pages or {}).items() if spec[0]}
    pages = man_pages if man_pages is not None else _default_man_pages(doc)
    # copies of the regions, taken first
    regions = _man_regions(doc, reporter) if pages else {}
    if man_pages is None and not regions:
        pages = []  # the regions are all in files texi2pod.pl does not read: no man page
    every_region = [b for found in regions.values() for _p, blocks in found for b in blocks]
    if doc.settings.get("multitables") != "no" and any(
            isinstance(node, n.MultiTable)
            for node in n.Document(children=every_region).walk(text=False)):
        # (the one thing flattening changes: looking costs a third of doing)
        flatten_nested_tables(n.Document(children=every_region))
    # texi2pod.pl's -D: the page's own name, and the flags the manual sets
    flags = {key[4:] for key in doc.settings if key.startswith("set:")}
    man_bodies = _man_bodies(regions, [{page.name} | flags for page in pages])
    first_contents = repeat_contents(doc)
    images = reshape(doc, Shaping(contents="drop",
                                  menus={"toctree": "drop", "comment": "comment"}.get(
                                      menus, "keep")))
    files: dict[str, str] = {}
    search = [source_dir, *(image_dirs or [])]
    copies = _resolve_images(images, search, read_roots or search, reporter)
    index_nodes = _drop_index_sections(doc)
    labels = Labels.collect(doc, prefix=label_prefix)
    for name in index_nodes:
        # a reference to an index node leads to Sphinx's general index
        labels.by_name.setdefault(name, "genindex")
        labels.by_name.setdefault(" ".join(name.split()), "genindex")
    for name, label in (extra_labels or {}).items():
        labels.by_name.setdefault(name, label)
    signatures: SignatureCache = {}  # the tree's tables stay as they are
    scopes, has_fragments = _option_scopes(doc, signatures)
    options = RstOptions(label_prefix=label_prefix, external_manuals=external_manuals,
                         known_options=scopes.pop("", set()) | (extra_options or set()),
                         all_options_known=True, signatures=signatures)
    # options are scoped by program (Sphinx's std domain): each file names the manual's
    name = program or _program(doc, pages)
    program = f".. program:: {name}\n\n" if options.known_options else ""

    def render_fragment(blocks: list[n.Block], scope: str) -> str:
        scoped = copy.copy(options)
        if scope:
            scoped.known_options = scopes.get(scope, set())
        return write_rst(blocks, options=scoped, labels=labels, reporter=reporter,
                         scrub=False)

    if has_fragments:
        _render_fragments(doc, files, include_root, render_fragment)
    parts = _split(doc, split, page_files)
    title = _project_title(doc, project)
    page_blocks: list[tuple[str, list[n.Block]]] = []
    for part in parts:
        blocks = part.blocks
        if part.children:
            visible = part.docname == "index" and bool(first_contents)
            depth = "4" if first_contents == "contents" else "1"
            head = f"   :maxdepth: {depth}\n" if visible else "   :hidden:\n"
            if visible and any(p.children for p in parts if p is not part):
                # the contents reach into the sections of split chapters
                head += "   :includehidden:\n"
            toctree = ".. toctree::\n" + head + "\n" + "".join(
                f"   {_relative(part.docname, child)}\n" for child in part.children)
            blocks = _append_to_last_section(blocks, n.Literal(text=toctree))
        if part.docname == "index" and index_nodes:
            # the one entry point to the index, after the chapters (only HTML builders have
            # the general index: it cannot stand in a toctree that the man builder reads)
            blocks = _append_to_last_section(blocks, n.Literal(
                text=".. only:: html\n\n   :ref:`genindex`\n"))
        if part.docname == "index" and not _starts_with_title(blocks):
            blocks = [n.Section(level=0, kind="top", title=[n.Text(title)], children=blocks)]
        page_blocks.append((part.docname, blocks))

    def render_pages(chosen: list[tuple[str, list[n.Block]]], page_reporter: Reporter,
                     elsewhere: dict[int, Callable[[BlockWriter], Any]] | None = None
                     ) -> list[tuple[str, str]]:
        return [(docname + ".rst", program + write_rst(blocks, options=options, labels=labels,
                                                       reporter=page_reporter, scrub=False,
                                                       elsewhere=elsewhere))
                for docname, blocks in chosen]

    def render_man_pages(numbers: list[int], page_reporter: Reporter
                         ) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, int]]]:
        man_files: list[tuple[str, str]] = []
        man_conf: list[tuple[str, str, str, int]] = []
        for number in numbers:
            page, body = pages[number], man_bodies[number]
            # (looked up by the name the regions give, before it is made a safe one)
            description = page.description or doc.settings.get(f"man-title:{page.name}", "")
            docname = man_page_docname(page, bool(body), doc.source, page_reporter)
            if docname is None:
                continue
            man_doc: list[n.Block] = [
                n.Section(level=0, kind="top", title=[n.Text(page.name)], children=body)]
            man_options = RstOptions(label_prefix=label_prefix,
                                     external_manuals=external_manuals,
                                     known_options=options.known_options, no_index=True,
                                     width=79 - 3, links=False, all_options_known=True)
            body_rst = write_rst(man_doc, options=man_options, labels=labels,
                                 reporter=Reporter(), scrub=False)
            # only the man builder shows it: other builds already have this text in the
            # manual (indented by 3 under the directive)
            man_files.append((docname + ".rst", ":orphan:\n\n" + program + ".. only:: man\n\n"
                              + "".join(f"   {line}\n" if line else "\n"
                                        for line in body_rst.splitlines())))
            man_conf.append((docname, page.name, description or title, int(page.section)))
        return man_files, man_conf

    # the pages, then the man pages, in contiguous groups, one per process: see
    # texi2rst.writers.workers (a tree the Texinfo reader made says when it holds no
    # definition, and the workers then have none to replay; man pages give no labels); a
    # page heavier than a process's share is cut in two (texi2rst.writers.page_cut)
    replay = doc.settings.get("definitions") != "no"
    man_units = [(_MAN_UNIT, body) for body in man_bodies]
    groups, cut = _share(page_blocks, man_units, workers, replay)
    man_number = {id(unit): number for number, unit in enumerate(man_units)}
    spliced: list[bool] = []  # (one item once this process took the worker's part)

    def task_for(index: int) -> Task:
        def task(task_reporter: Reporter, in_worker: bool, fetch: Fetch) -> Any:
            if in_worker and replay:
                _replay_definitions([p for g in groups[:index] for p in g
                                     if p[0] != _MAN_UNIT], options, labels)
            elif spliced and index == 1 and replay:
                # written here after all: the labels are as the part this process took
                # from the worker left them
                assert cut is not None
                _replay_definitions([(_REST_UNIT, cut.rest())], options, labels)
            rest = None
            if cut is not None and index == 1 and in_worker:
                rest = write_rest(cut, page_blocks[cut.page][1], options, labels)
            chosen = [p for p in groups[index] if p[0] not in (_MAN_UNIT, _REST_UNIT)]
            elsewhere = None
            if cut is not None and index == 0:
                chosen[-1] = page_blocks[cut.page]  # the whole page, the rest spliced in
                first, take = take_rest(cut, lambda: _rest_of(fetch(1)), task_reporter,
                                        lambda: spliced.append(True))
                elsewhere = {first: take}
            rendered = render_pages(chosen, task_reporter, elsewhere)
            numbers = [man_number[id(p)] for p in groups[index] if p[0] == _MAN_UNIT]
            return (rendered, *render_man_pages(numbers, task_reporter), rest)

        return task

    man_conf: list[tuple[str, str, str, int]] = []
    for rendered, man_files, conf, _rest in run_in_order(
            [task_for(i) for i in range(len(groups))], reporter):
        files.update(rendered)
        files.update(man_files)
        man_conf += conf
    version = doc.settings.get("set:VERSION", "") or doc.settings.get("set:version", "")
    filename = os.path.splitext(os.path.basename(doc.settings.get("filename", "")))[0]
    return Project(title=title, version=version, files=files, images=copies,
                   man_pages=man_conf, external_manuals=external_manuals,
                   author=doc.settings.get("author", ""), filename=filename)


_PROGRAM_RE = re.compile(r"^\.\. program:: (\S+)$")


#: below this many blocks (a small manual), pages are rendered in one process: starting
#: another costs more than it saves
_MIN_BLOCKS_TO_SHARE = 400
#: what a worker's replay of the pages before its own costs, in blocks written: a walk of
#: those pages (per block), and the head of each definition (measured on 2 CPUs)
_REPLAY_PER_BLOCK = 0.22
_REPLAY_PER_DEFINITION = 0.6


def _weight(blocks: list[n.Block]) -> tuple[int, int]:
    """How much work rendering ``blocks`` is, as the number of blocks (with those inside
    them: it follows the time taken within a few percent), and how many definitions those
    are."""
    total = definitions = 0
    stack = list(blocks)
    while stack:
        block = stack.pop()
        total += 1
        if isinstance(block, _INLINE_ONLY):
            continue
        if isinstance(block, n.Definition):
            definitions += 1
        for name in ("children", "items", "entries"):
            inner = getattr(block, name, None)
            if inner:
                stack.extend(inner)
    return total, definitions


#: the document name of a man page's body among the pages to group
_MAN_UNIT = "\0man"
#: what a block of a man page costs against one of a page: its text is written at 76
#: columns, then indented under its directive (measured on QEMU's and binutils' manuals)
_MAN_BLOCK_COST = 1.3


def _unit_weights(units: list[tuple[str, list[n.Block]]],
                  sizes: list[tuple[int, int]] | None = None
                  ) -> tuple[list[tuple[int, int]], list[float]]:
    """Each unit's :func:`_weight` (``sizes``, when known), and what it costs to write (a
    man page's blocks cost more)."""
    if sizes is None:
        sizes = [_weight(blocks) for _docname, blocks in units]
    weights: list[float] = [
        size * _MAN_BLOCK_COST if docname == _MAN_UNIT else size
        for (docname, _blocks), (size, _definitions) in zip(units, sizes, strict=True)]
    return sizes, weights


def _page_groups(pages: list[tuple[str, list[n.Block]]], count: int,
                 replay: bool = False, force: bool = False,
                 sizes: list[tuple[int, int]] | None = None
                 ) -> list[list[tuple[str, list[n.Block]]]]:
    """``pages`` cut into at most ``count`` contiguous groups that take about the same time:
    the first stays in this process, the others go to workers, each of which first replays
    the pages before its own when ``replay`` (:func:`_replay_definitions`). ``sizes``: the
    pages' :func:`_weight`, when known."""
    if count < 2 or len(pages) < 2:
        return [pages]
    sizes, weights = _unit_weights(pages, sizes)
    if sum(weights) < _MIN_BLOCKS_TO_SHARE and not force:
        return [pages]
    before_weight = before_defs = 0.0
    replays = []  # what a group starting at each page costs to replay
    for size, definitions in sizes:
        replays.append(_REPLAY_PER_BLOCK * before_weight
                       + _REPLAY_PER_DEFINITION * before_defs if replay else 0.0)
        before_weight += size
        before_defs += definitions

    def cut(limit: float) -> list[int] | None:
        """Where groups start so that none costs more than ``limit``; None: impossible."""
        starts = [0]
        cost = 0.0
        for i, more in enumerate(weights):
            if cost + more > limit and i > starts[-1]:
                if len(starts) == count:
                    return None
                starts.append(i)
                cost = replays[i]
            cost += more
            if cost > limit:
                return None
        return starts

    low, high = max(weights) / 2, float(sum(weights) + max(replays))
    best = cut(high) or [0]
    for _step in range(20):  # the least limit that can be met (to a twentieth of a percent)
        middle = (low + high) / 2
        starts = cut(middle)
        if starts is None:
            low = middle
        else:
            high, best = middle, starts
    ends = [*best[1:], len(pages)]
    return [pages[a:b] for a, b in zip(best, ends, strict=True)]


#: the part of a cut page that a worker writes, among the units of its group
_REST_UNIT = "\0rest"


def _share(pages: list[tuple[str, list[n.Block]]], man_units: list[tuple[str, list[n.Block]]],
           count: int, replay: bool
           ) -> tuple[list[list[tuple[str, list[n.Block]]]], PageCut | None]:
    """The pages and man pages in contiguous groups, one per process (:func:`_page_groups`),
    and where the heaviest page is cut when it outweighs a process's share: the first group
    then ends with that page up to the cut, the second starts with the rest of it."""
    units = pages + man_units
    if count < 2 or not pages:
        return _page_groups(units, count, replay), None
    sizes, weights = _unit_weights(units)
    if sum(weights) >= _MIN_BLOCKS_TO_SHARE:
        cut = find_cut(pages, weights, count, lambda blocks: _weight(blocks)[0],
                       _REPLAY_PER_BLOCK if replay else 0.0)
        if cut is not None:
            head = [*pages[:cut.page], (pages[cut.page][0], cut.head())]
            rest = [(_REST_UNIT, cut.rest()), *units[cut.page + 1:]]
            rest_sizes = [_weight(rest[0][1]), *sizes[cut.page + 1:]]
            return [head, *_page_groups(rest, count - 1, replay, force=True,
                                        sizes=rest_sizes)], cut
    return _page_groups(units, count, replay, sizes=sizes), None


def _rest_of(result: Any) -> Any:
    """The part of the cut page in the second task's result (None: not written there)."""
    return None if result is None else result[3]


def _replay_definitions(pages: list[tuple[str, list[n.Block]]], options: RstOptions,
                        labels: Labels) -> None:
    """What writing ``pages`` does to ``labels``: the labels of definition lines and the
    C names are given as they are written. In the order the writer meets them: each
    definition's head (:func:`~texi2rst.writers.rst.definitions.replay_definition`), then
    what its body holds; sections and containers are gone through (the writer writes their
    blocks one after the other, after a section's title); a head or another block that
    holds a definition itself is written, the text dropped."""
    def write(blocks: list[n.Block]) -> None:
        write_rst(blocks, options=options, labels=labels, reporter=Reporter(), scrub=False)

    def replay(blocks: list[n.Block]) -> None:
        for block in blocks:
            if isinstance(block, n.Container) or (isinstance(block, n.Section)
                                                  and not _holds_definition(block.title)):
                replay(block.children)
            elif isinstance(block, n.Definition):
                if _holds_definition(block.lines):
                    head = copy.copy(block)
                    head.children = []
                    write([head])
                else:
                    replay_definition(block, labels, options.no_index)
                replay(block.children)
            elif _holds_definition([block]):
                write([block])

    for _docname, blocks in pages:
        replay(blocks)


def _holds_definition(nodes: Sequence[n.Node]) -> bool:
    return any(isinstance(x, n.Definition) for node in nodes for x in node.walk(text=False))


def _scope(node: object) -> str:
    """The program a fragment's options belong to, when it names one first."""
    if isinstance(node, n.Container) and node.kind == "fragment" and node.children and \
            isinstance(node.children[0], n.Literal):
        m = _PROGRAM_RE.match(node.children[0].text)
        if m:
            return m.group(1)
    return ""


#: blocks that hold nothing but inline content (no table can be inside)
_INLINE_ONLY = (n.Paragraph, n.LiteralBlock, n.IndexEntry, n.LineBlock)


def _option_scopes(doc: n.Document, signatures: SignatureCache | None = None
                   ) -> tuple[dict[str, set[str]], bool]:
    """The options each program defines: "" for the manual's own, and one set for every
    fragment that names another program; and whether the tree holds fragments (the tables'
    signatures are kept in ``signatures``)."""
    scopes: dict[str, set[str]] = {}
    fragments = False

    def visit(node: n.Node, scope: str) -> None:
        nonlocal fragments
        if isinstance(node, n.Container) and node.kind == "fragment":
            fragments = True
            scope = _scope(node) or scope
        elif isinstance(node, n.Table):
            scopes.setdefault(scope, set()).update(defined_options(node, signatures))
        elif isinstance(node, _INLINE_ONLY):
            return
        for child in node.child_nodes():
            if not isinstance(child, n.Inline):
                visit(child, scope)

    visit(doc, "")
    scopes.setdefault("", set())
    return scopes, fragments


def _render_fragments(node: object, files: dict[str, str], include_root: str,
                      render: Callable[[list[n.Block], str], str]) -> None:
    """Render every fragment inside ``node`` (the innermost first) into ``files`` and put
    an ``.. include::`` of it in its place; a fragment that reads as an earlier one is
    included from that one's file."""
    by_text = {text: name for name, text in files.items()}

    def visit(value: object, scope: str = "") -> None:
        if isinstance(value, list):
            for i, item in enumerate(value):
                inner = _scope(item) or scope
                visit(item, inner)
                if isinstance(item, n.Container) and item.kind == "fragment":
                    text = render(item.children, inner)
                    name = by_text.setdefault(text, item.name)
                    files.setdefault(name, text)
                    value[i] = n.Literal(text=f".. include:: {include_root}{name}",
                                         source=item.source, line=item.line)
        elif isinstance(value, n.Block):
            for attr in vars(value).values():
                if isinstance(attr, list) and attr and not isinstance(attr[0], n.Inline):
                    visit(attr, scope)

    visit([node])


def drop_man_only(doc: n.Document) -> None:
    """Remove man-page-only content from the manual: ``@c man begin`` regions inside
    ``@ignore``."""
    reshape(doc, Shaping(drop_man_only=True, contents="keep", menus="keep"))


def _project_title(doc: n.Document, project: str) -> str:
    if project:
        return project
    title = doc.settings.get("title", "")
    if title:
        return title
    for block in doc.children:
        if isinstance(block, n.Section):
            return n.plain_text(block.title).strip() or "Manual"
    return os.path.splitext(os.path.basename(doc.source))[0] or "Manual"


#: blocks an index chapter may hold besides ``@printindex`` and still be only an index
_INDEX_PAGE_EXTRAS = (n.NodeLabel, n.Anchor, n.IndexEntry, n.Menu, n.Comment, n.PrintIndex)


def _drop_index_sections(doc: n.Document) -> list[str]:
    """Remove the sections that hold nothing but ``@printindex`` (Sphinx's general index,
    ``genindex``, takes their place); returns their node names."""
    names: list[str] = []

    def visit(blocks: list[n.Block]) -> None:
        kept = []
        for block in blocks:
            if isinstance(block, n.Section) and block.level > 0 and any(
                    isinstance(b, n.PrintIndex) for b in block.children) and all(
                    isinstance(b, _INDEX_PAGE_EXTRAS) for b in block.children):
                names.extend(x for x in [block.node] + [
                    b.name for b in block.children if isinstance(b, (n.NodeLabel, n.Anchor))]
                    if x.strip())
                continue
            if isinstance(block, (n.Section, n.Container)):
                visit(block.children)
            kept.append(block)
        blocks[:] = kept

    visit(doc.children)
    return names


def man_page_docname(page: ManPage, has_body: bool, source: str, reporter: Reporter,
                     folder: str = "") -> str | None:
    """The document of a man page (``folder``/man/NAME, its name made a safe file name), or
    None, with a warning, when no ``@c man begin`` region gives it a body."""
    if not has_body:
        reporter.warning(source, 0, f"no `@c man begin' regions for man page {page.name}")
        return None
    page.name = safe_man_name(page.name)
    return f"{folder}man/{safe_file_stem(page.name)}"


def _program(doc: n.Document, pages: list[ManPage]) -> str:
    """The program a manual's options belong to: its (first) man page's name, else its
    file name (also when its regions name several programs, as binutils' do); a name
    Sphinx's ``.. program::`` takes as one word."""
    if pages and len(doc.settings.get("man-programs", "").split()) < 2:
        name = pages[0].name
    else:
        name = os.path.splitext(
            doc.settings.get("filename", "") or os.path.basename(doc.source))[0]
    return re.sub(r"[^\w.+-]+", "-", name).strip("-") or "program"


def _starts_with_title(blocks: list[n.Block]) -> bool:
    meaningful = [b for b in blocks if not isinstance(b, (n.Literal, n.IndexEntry))]
    return len(meaningful) == 1 and isinstance(meaningful[0], n.Section)


def _append_to_last_section(blocks: list[n.Block], extra: n.Block) -> list[n.Block]:
    sections = [b for b in blocks if isinstance(b, n.Section)]
    if sections:
        sections[-1].children.append(extra)
        return blocks
    return [*blocks, extra]


def _relative(parent: str, child: str) -> str:
    base = os.path.dirname(parent)
    return os.path.relpath(child, base) if base else child


# ------------------------------------------------------------------ splitting


def _apply_pages(doc: n.Document, pages: dict[str, tuple[str, str, bool]]) -> None:
    """Titles the configuration gives to nodes, and the nodes it leaves out."""
    def visit(node: n.Node) -> None:
        children = getattr(node, "children", None)
        if not isinstance(children, list):
            return
        kept = []
        for child in children:
            spec = pages.get(" ".join(child.node.split())) if isinstance(
                child, n.Section) else None
            if spec is not None and spec[2]:
                continue
            if spec is not None and spec[1]:
                child.title = [n.Text(spec[1], source=child.source, line=child.line)]
            if isinstance(child, (n.Section, n.Container)):
                visit(child)
            kept.append(child)
        children[:] = kept

    visit(doc)


def _split(doc: n.Document, split: str,
           files: dict[str, str] | None = None) -> list[_Part]:
    """Cut the tree into files: index, then chapters (and deeper with ``split``)."""
    names: set[str] = {"index", "genindex", "search", "man"}
    root = _Part("index", [])
    parts = [root]
    top = next((b for b in doc.children if isinstance(b, n.Section) and b.level == 0), None)
    if split == "none":
        root.blocks = list(doc.children)
        return parts
    if top is not None:
        head = [b for b in doc.children if b is not top]
        chapters = [b for b in top.children if isinstance(b, n.Section)]
        top_copy = copy.copy(top)
        top_copy.children = [b for b in top.children if not isinstance(b, n.Section)]
        root.blocks = [*head, top_copy]
    else:
        chapters = [b for b in doc.children if isinstance(b, n.Section)]
        root.blocks = [b for b in doc.children if not isinstance(b, n.Section)]
    depth = {"chapter": 1, "section": 2, "node": 9}.get(split, 1)
    for chapter in chapters:
        _split_section(chapter, "", depth, root, parts, names, files or {})
    return parts


def _split_section(section: n.Section, folder: str, depth: int, parent: _Part,
                   parts: list[_Part], names: set[str], files: dict[str, str]) -> None:
    chosen = files.get(" ".join(section.node.split()))
    stem = _unique(chosen or safe_file_stem(section.node or n.plain_text(section.title),
                                            "section"), folder, names)
    subsections = [b for b in section.children if isinstance(b, n.Section)]
    if depth > 1 and subsections and (section.node or depth > 1):
        docname = f"{folder}{stem}/index"
        names.add(docname)  # a subsection named "Index" must not take this file
        part = _Part(docname, [])
        own = copy.copy(section)
        own.children = [b for b in section.children if not isinstance(b, n.Section)]
        part.blocks = [own]
        parts.append(part)
        parent.children.append(docname)
        for sub in subsections:
            _split_section(sub, f"{folder}{stem}/", depth - 1, part, parts, names, files)
        return
    docname = f"{folder}{stem}"
    parts.append(_Part(docname, [section]))
    parent.children.append(docname)


def _unique(stem: str, folder: str, names: set[str]) -> str:
    candidate = stem
    i = 2
    while f"{folder}{candidate}" in names:
        candidate = f"{stem}-{i}"
        i += 1
    names.add(f"{folder}{candidate}")
    return candidate


# ------------------------------------------------------------------ images


def _resolve_images(images: list[ImageSlot], search: list[str], roots: list[str],
                    reporter: Reporter) -> dict[str, str]:
    """The image files to copy into the project (project path → source); an image that
    cannot be found (or only outside the read roots) becomes its text."""
    copies: dict[str, str] = {}
    for items, i in images:
        item = items[i]
        found, outside = find_file(item.path, search, roots, IMAGE_SUFFIXES)
        if found is not None and found.endswith(".txt"):
            found = None
        if found is None:
            where = "is outside the read roots" if outside else "not found"
            reporter.warning(item.source, item.line,
                             f"@image file `{item.path}' {where}; its text is kept")
            text = n.Text(item.alt or item.text or f"[{item.path}]", source=item.source,
                          line=item.line)
            items[i] = text if isinstance(item, n.InlineImage) else n.Paragraph(
                [text], source=item.source, line=item.line)
            continue
        rel = _image_target(item.path, found)
        copies[rel.lstrip("/")] = found
        item.path = rel
    return copies


def _image_target(path: str, found: str) -> str:
    parts = [safe_file_stem(p, "image") for p in os.path.dirname(path).split("/") if p
             and p not in (".", "..")]
    name = os.path.basename(found)
    return "/" + "/".join(["_images_src", *parts, name])


# ------------------------------------------------------------------ man pages


def _default_man_pages(doc: n.Document) -> list[ManPage]:
    """One man page per program that regions are tagged for, else one named from the
    ``@setfilename`` inside ``@ignore`` (texi2pod.pl reads it there), else the manual's."""
    if "man-regions" not in doc.settings:
        return []
    section = doc.settings.get("man-section", "1")
    programs = doc.settings.get("man-programs", "").split()
    if programs:
        return [ManPage(name=program, section=section) for program in programs]
    name = doc.settings.get("man-name") or os.path.splitext(
        doc.settings.get("filename", "") or os.path.basename(doc.source))[0]
    return [ManPage(name=name or "manual", section=section,
                    description=doc.settings.get("man-description", ""))]


#: man-page regions by section: the (program, blocks) of each region, in the manual's order
ManRegions = dict[str, list[tuple[str, list[n.Block]]]]


def _man_regions(doc: n.Document, reporter: Reporter) -> ManRegions:
    """Copies of the ``@c man begin SECTION [PROGRAM]`` … ``@c man end`` regions (sections
    texi2pod does not print are left out, with a warning unless they hold nothing to show:
    binutils' ``INCLUDE`` region only makes texi2pod read ``@set`` lines).

    As texi2pod.pl, only the main file's regions count, and those of a file whose
    ``@include`` sits inside a region: a file included elsewhere (another program's manual
    that the main manual includes) gives nothing to this man page."""
    regions: ManRegions = {}
    current: list[n.Block] | None = None  # the blocks of the region being read, if any
    followed = {doc.source}
    unprinted: n.Container | None = None  # the start of that region, if left out
    warned: set[str] = set()

    def region_ends() -> None:
        nonlocal current, unprinted
        if unprinted is not None and current:
            section = n.man_region(unprinted.name)[0]
            if section not in warned:
                warned.add(section)
                reporter.warning(unprinted.source, unprinted.line, f"man page section "
                                 f"{section}: texi2pod prints no such section; left out")
        current = unprinted = None

    def visit(blocks: list[n.Block]) -> None:
        nonlocal current, unprinted
        for block in blocks:
            if block.source and block.source not in followed:
                if current is None:
                    continue  # included outside a region: texi2pod never read it
                followed.add(block.source)
            if isinstance(block, n.Container) and block.kind == "man-begin":
                region_ends()
                section, program = n.man_region(block.name)
                if section not in _MAN_ORDER:
                    unprinted = block
                current = []
                regions.setdefault(section, []).append((program, current))
            elif isinstance(block, n.Container) and block.kind == "man-end":
                region_ends()
            elif isinstance(block, n.Container) and block.kind == "man-only":
                only: list[n.Block] = copy.deepcopy(block.children)
                for node in n.Document(children=only).walk(text=False):
                    _second_text(node)
                section, program = n.man_region(block.name)
                regions.setdefault(section, []).append((program, only))
            elif current is not None and not _contains_marker(block):
                if not isinstance(block, (n.IndexEntry, n.NodeLabel)):  # the manual has them
                    current.append(_unlabelled(block))
            elif isinstance(block, n.Section):
                if current is not None:
                    current.append(n.Heading(level=3, title=block.title,
                                             source=block.source, line=block.line))
                visit(block.children)
            elif _contains_marker(block):
                for attr in ("children", "items", "entries"):
                    inner = getattr(block, attr, None)
                    if isinstance(inner, list):
                        visit(inner)

    visit(doc.children)
    region_ends()
    return regions


def _man_bodies(regions: ManRegions, defined: list[set[str]]) -> list[list[n.Block]]:
    """The sections of each man page, in texi2pod's order, from the regions for every program
    and those for a program in the page's ``defined`` (what texi2pod.pl is given with -D). A
    region that an earlier page took is copied: each page has text of its own to render."""
    taken: set[int] = set()
    bodies: list[list[n.Block]] = []
    for page_defined in defined:
        body: list[n.Block] = []
        for name in [x for x in _MAN_ORDER if x in regions]:
            blocks: list[n.Block] = []
            for program, found in regions[name]:
                if program and program not in page_defined:
                    continue
                if id(found) in taken:
                    found = copy.deepcopy(found)
                taken.add(id(found))
                blocks += found
            if blocks:
                body.append(n.Section(level=1, kind="chapter",
                                      title=[n.Text(_man_title(name))], children=blocks))
        bodies.append(body)
    return bodies


#: the man-page sections texi2pod.pl prints, in its order (it drops any other)
_MAN_ORDER = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "ENVIRONMENT", "FILES", "BUGS",
              "NOTES", "FOOTNOTES", "EXAMPLES", "SEEALSO", "AUTHOR", "COPYRIGHT"]


def _man_title(name: str) -> str:
    return {"SEEALSO": "SEE ALSO"}.get(name, name)


def _contains_marker(block: n.Block) -> bool:
    return any(isinstance(x, n.Container) and x.kind.startswith("man-")
               for x in block.walk(text=False))


def _unlabelled(block: n.Block) -> n.Block:
    """A deep copy (shared objects stay shared; text nodes, which nothing changes once read,
    are shared with the original) without anchors, node labels and index entries (in the
    lists of children, entries and items), its sections unnamed: man pages must not define
    labels again. One pass, as it copies (it was a tenth of converting a
    manual with man pages as a deep copy and a walk)."""
    copied: n.Block = _copy_node(block, {})
    return copied


_STRIPPED_LISTS = frozenset({"children", "entries", "items"})
#: the classes a copy shares rather than copies
_IMMUTABLE = frozenset({str, int, float, bool, type(None)})


def _copy_node(node: n.Node, memo: dict[int, Any]) -> Any:
    new = node.__class__.__new__(node.__class__)
    memo[id(node)] = new
    state = node.__dict__.copy()  # then the values that are not shared are replaced
    for name, value in state.items():
        if value.__class__ in _IMMUTABLE:
            continue
        if value.__class__ is list:
            found = memo.get(id(value))
            state[name] = found if found is not None else _copy_list(
                value, memo, name in _STRIPPED_LISTS)
        else:
            state[name] = copy.deepcopy(value, memo)
    new.__dict__ = state
    if isinstance(new, n.Section):
        new.node = ""
    _second_text(new)
    return new


def _only_text(node: n.Styled) -> bool:
    """Whether styled text holds nothing but text and such styled text (which nothing
    changes once read either: the passes after reading change targets, images and blocks)."""
    if node.expansion or node.blocks:
        return False
    for child in node.children:
        if child.__class__ is not n.Text and (child.__class__ is not n.Styled
                                              or not _only_text(child)):
            return False
    return True


def _second_text(node: n.Node) -> None:
    """A literal's text for its second place (a man page), when it has one."""
    if isinstance(node, n.Literal) and node.second is not None:
        node.text = node.second


def _copy_list(items: list[Any], memo: dict[int, Any], strip: bool) -> list[Any]:
    out: list[Any] = []
    memo[id(items)] = out
    for item in items:
        if item.__class__ in _IMMUTABLE or item.__class__ is n.Text \
                or item.__class__ is n.Styled and _only_text(item):
            out.append(item)  # (text nodes too: nothing changes them once read)
        elif isinstance(item, n.Node):
            if strip and isinstance(item, _TARGETS):
                continue
            found = memo.get(id(item))
            out.append(found if found is not None else _copy_node(item, memo))
        elif item.__class__ is list:
            found = memo.get(id(item))
            out.append(found if found is not None else _copy_list(item, memo, False))
        else:
            out.append(copy.deepcopy(item, memo))
    return out


_TARGETS = (n.Anchor, n.NodeLabel, n.IndexEntry)


# ------------------------------------------------------------------ conf.py and files


