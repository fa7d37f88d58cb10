"""The units of work of ``texi2rst bulk`` and how each composes its document tree.

A manual's task reads its Texinfo with an ``@include`` hook
(:attr:`~texi2rst.readers.texinfo.lexer.Options.include_substitutes`): the ``@include`` that a
``replaces = "X.texi"`` entry names is not read; the tree of the ``.hx`` file (through
:mod:`texi2rst.readers.hx_document`) or of the QAPI schema stands in its place, so its sections
sit one level below the section holding the ``@include``. The project writer
(:func:`texi2rst.writers.project.render_project`) then renders the whole tree, with one set of
labels for the manual and the fragments.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable
from typing import Any

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter, reraise_interrupt
from texi2rst.records import field, record


@record
class Task:
    """One independent unit of work, run in a worker process."""

    key: str  # "manual:NAME", "hx:N", "qapi-page:N:MANUAL", "hx-page:N:MANUAL"
    label: str  # for the summary
    kind: str
    payload: Any


@record
class TaskResult:
    key: str
    label: str
    files: dict[str, bytes] = field(default_factory=dict)  # relative to the output folder
    external: dict[str, bytes] = field(default_factory=dict)  # absolute paths (.hx rewrites)
    man_pages: list[tuple[str, str, str, int]] = field(default_factory=list)
    #: ``|X|`` substitutions the rST uses (``@value`` of .hx files) and their text
    substitutions: dict[str, str] = field(default_factory=dict)
    #: the ``@set`` values a manual had where it includes an .hx file or a schema (they
    #: give the ``|X|`` substitutions of that file their text)
    values: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Any] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")


def make_tasks(cfg: Any) -> list[Task]:
    """The tasks of a configuration, in a fixed order."""
    tasks: list[Task] = []
    for m in cfg.manuals.values():
        if m.main:
            subst = []
            for h in cfg.hx:
                if m.name in h.manuals and h.replaces:
                    subst.append(("hx", h.replaces, h))
            for q in cfg.qapi:
                if m.name in q.manuals and q.replaces:
                    subst.append(("qapi", q.replaces, q))
            tasks.append(Task(f"manual:{m.name}", f"manual {m.name} "
                              f"({os.path.basename(m.main)})", "manual", (m, subst)))
    for h in cfg.hx:
        for name in h.manuals:
            if h.page:
                tasks.append(Task(f"hx-page:{h.index}:{name}", f"hx {os.path.basename(h.file)} "
                                  f"-> {name}/{h.page}", "hx-page", (h, cfg.manuals[name])))
        if h.in_place or h.output:
            tasks.append(Task(f"hx:{h.index}", f"hx {os.path.basename(h.file)} (rewrite)",
                              "hx-rewrite", h))
    for q in cfg.qapi:
        for name in q.manuals:
            if q.page:
                tasks.append(Task(f"qapi-page:{q.index}:{name}", f"qapi "
                                  f"{os.path.basename(q.schema)} -> {name}/{q.page}",
                                  "qapi-page", (q, cfg.manuals[name])))
    return tasks


def run_task(task: Task) -> TaskResult:
    """Run one task (in a worker process or in this one)."""
    start = time.perf_counter()
    result = TaskResult(task.key, task.label)
    reporter = Reporter()
    try:
        if task.kind == "manual":
            _manual_task(task.payload[0], task.payload[1], reporter, result)
        elif task.kind == "hx-page":
            _hx_page_task(task.payload[0], task.payload[1], reporter, result)
        elif task.kind == "qapi-page":
            _qapi_page_task(task.payload[0], task.payload[1], reporter, result)
        elif task.kind == "hx-rewrite":
            _hx_rewrite_task(task.payload, reporter, result)
        else:
            from texi2rst.commands import bulk_single

            run: dict[str, Callable[[Any, Reporter, TaskResult], None]] = {
                "single-manual": bulk_single.single_manual_task,
                "hx-copy": bulk_single.hx_copy_task,
                "qapi-copy": bulk_single.qapi_copy_task}
            run[task.kind](task.payload, reporter, result)
    except RecursionError:
        reporter.error(task.label, 0, "input nested too deeply to convert")
    except Exception as e:  # a bug: reported as an error of this input, others go on
        reraise_interrupt(e)
        reporter.error(task.label, 0, f"internal error in texi2rst: {type(e).__name__}: {e}")
    if reporter.has_errors:
        result.files.clear()
        result.external.clear()
        result.man_pages.clear()
    result.diagnostics = list(reporter.diagnostics)
    result.seconds = time.perf_counter() - start
    return result


def texinfo_options(include_dirs: list[str], defines: dict[str, str],
                    raw_html: bool = True) -> Any:
    """Reader options for a manual's or a fragment's Texinfo."""
    from texi2rst.readers.texinfo.options import Options

    return Options(include_dirs=list(include_dirs), defines=dict(defines), raw_html=raw_html)


def untrusted(doc: n.Node, raw_html: bool) -> None:
    """Drop raw HTML and script links from a tree read for ``bulk --no-raw-html``."""
    if not raw_html:
        from texi2rst.transforms.untrusted import drop_raw_html

        drop_raw_html(doc)


# --------------------------------------------------------------------------- fragments


def hx_blocks(h: Any, include_dirs: list[str], defines: dict[str, str],
              reporter: Reporter, substitutions: dict[str, str]) -> list[n.Block]:
    """The tree of an ``[[hx]]`` entry's file, as blocks another document can hold. Its
    ``@value{X}`` stay the substitution ``|X|`` (as in QEMU's rST), whose text (the value in
    force, else the name) is added to ``substitutions`` for ``rst_epilog``."""
    from texi2rst.readers.hx import read_hx
    from texi2rst.readers.hx_document import HxReader
    from texi2rst.writers.hx import host_blocks

    hx = read_hx(h.file, reporter)
    if hx is None:
        return []
    doc = HxReader(hx, texinfo_options(include_dirs, defines, h.raw_html), reporter,
                   mode=h.mode, substitute_values=True).read()
    untrusted(doc, h.raw_html)
    for node in doc.walk():
        if isinstance(node, n.Styled) and node.kind == "value":
            name = n.plain_text(node.children)
            if not node.expansion:
                reporter.warning(node.source, node.line, f"undefined flag: {name}")
            substitutions.setdefault(name, n.plain_text(node.expansion) or name)
    return host_blocks(doc)


def qapi_blocks(q: Any, reporter: Reporter) -> list[n.Block]:
    """A ``[[qapi]]`` entry's schema as blocks: its doc-comment headings as sections, the
    text between them written in the ``sphinx-domain`` flavour (with a ``:no-index:``
    rendering for man pages)."""
    from texi2rst.qapi import read_schema, render_rst, schema_to_document

    schema = read_schema(q.schema, reporter=reporter)
    if schema.errors or reporter.has_errors:
        return []
    doc = schema_to_document(schema)
    # every definition's label beside each run: references between runs keep domain roles
    targets = [copy.copy(x) for x in doc.walk()
               if isinstance(x, n.NodeLabel) and x.name.startswith("qapi-")]

    def literal(run: list[n.Block]) -> n.Literal:
        target = n.Document(children=[*run, *targets], source=schema.source)
        text, second = (render_rst(target, schema, flavour="sphinx-domain", no_index=no_index)
                        for no_index in (False, True))
        return n.Literal(text=text, second=second, source=run[0].source, line=run[0].line)

    def compose(blocks: list[n.Block]) -> list[n.Block]:
        out: list[n.Block] = []
        run: list[n.Block] = []
        for block in [*blocks, None]:
            if block is not None and not isinstance(block, n.Section):
                run.append(block)
                continue
            if run:
                out.append(literal(run))
                run = []
            if isinstance(block, n.Section):
                out.append(n.Section(level=block.level, kind=block.kind, title=block.title,
                                     children=compose(block.children), source=block.source,
                                     line=block.line))
        return out

    return compose(doc.children)


def seat_sections(doc: n.Document, reporter: Reporter) -> None:
    """Sections placed inside a deeper section (a fragment's headings) get levels below it;
    sections inside a block (a fragment included in a list or table) can only be rubrics,
    and are reported."""
    stack: list[tuple[n.Node, int]] = [(doc, 0)]
    while stack:
        node, level = stack.pop()
        for child in reversed(node.child_nodes()):
            if isinstance(child, n.Section):
                if not isinstance(node, (n.Document, n.Section)):
                    reporter.warning(child.source, child.line, "an included file with headings "
                                     "sits inside a block; its headings are rubrics")
                elif isinstance(node, n.Section) and child.level <= level:
                    child.level = level + 1
                stack.append((child, child.level))
            elif not isinstance(child, n.Inline):
                stack.append((child, level))


# --------------------------------------------------------------------------- tasks


def _manual_task(m: Any, subst: list[tuple[str, str, Any]], reporter: Reporter,
                 result: TaskResult) -> None:
    from texi2rst.readers.texinfo.parser import read_texinfo
    from texi2rst.writers.project import parse_man_page, render_project

    used: set[str] = set()

    def substitute(kind: str, replaces: str, item: Any) -> Callable[[dict[str, str]],
                                                                    list[n.Block]]:
        def tree(defines: dict[str, str]) -> list[n.Block]:
            used.add(replaces)
            if kind == "hx":
                return hx_blocks(item, m.include_dirs, defines, reporter,
                                 result.substitutions)
            return qapi_blocks(item, reporter)
        return tree

    options = texinfo_options(m.include_dirs, m.defines, m.raw_html)
    options.include_substitutes = {replaces: substitute(kind, replaces, item)
                                   for kind, replaces, item in subst}
    doc = read_texinfo(m.main, options, reporter)
    if reporter.has_errors:
        return
    untrusted(doc, m.raw_html)
    seat_sections(doc, reporter)
    project = render_project(
        doc, reporter=reporter, split=m.split, label_prefix=m.label_prefix,
        man_pages=[parse_man_page(p) for p in m.man_pages] if m.man_pages else [],
        source_dir=os.path.dirname(os.path.abspath(m.main)), image_dirs=m.include_dirs,
        project=m.title, node_pages=node_pages(doc, m, reporter))
    for docname, name, description, section in project.man_pages:
        result.man_pages.append((f"{m.folder}/{docname}", name, description, section))
    for rel, text in project.files.items():
        result.files[f"{m.folder}/{rel}"] = text.encode("utf-8")
    for rel, src in project.images.items():
        with open(src, "rb") as f:
            result.files[f"{m.folder}/{rel}"] = f.read()
    for kind, replaces, _item in subst:
        if replaces not in used:
            reporter.warning(m.main, 0, f"{kind} input for `{replaces}': the manual does not "
                             f"@include {replaces}")


def node_pages(doc: n.Document, m: Any, reporter: Reporter) -> dict[str, tuple[str, str,
                                                                                bool]]:
    """The manual's ``pages`` settings for the project writer; a node the manual does not
    have is reported."""
    names = {" ".join(x.node.split()) for x in doc.walk() if isinstance(x, n.Section)}
    for name in m.pages:
        if name not in names:
            reporter.warning(m.main, 0, f'configuration key manuals.{m.name}.pages."{name}": '
                             f"the manual has no node `{name}'")
    return {name: (spec.file, spec.title, spec.drop) for name, spec in m.pages.items()}


def page(title: str, blocks: list[n.Block], reporter: Reporter | None = None) -> bytes:
    """A page of its own: ``title`` over the blocks, their sections one level below it."""
    from texi2rst.writers.rst import RstOptions, write_rst

    doc = n.Document(title=[n.Text(title)], children=blocks)
    return write_rst(doc, options=RstOptions(section_level=2),
                     reporter=reporter).encode("utf-8")


def _hx_page_task(h: Any, m: Any, reporter: Reporter, result: TaskResult) -> None:
    blocks = hx_blocks(h, m.include_dirs, dict(m.defines), reporter, result.substitutions)
    title = h.title or os.path.basename(h.file)
    result.files[f"{m.folder}/{h.page}.rst"] = page(title, blocks, reporter)


def _qapi_page_task(q: Any, m: Any, reporter: Reporter, result: TaskResult) -> None:
    blocks = qapi_blocks(q, reporter)
    title = q.title or f"QAPI reference: {os.path.basename(q.schema)}"
    result.files[f"{m.folder}/{q.page}.rst"] = page(title, blocks, reporter)


def _hx_rewrite_task(h: Any, reporter: Reporter, result: TaskResult) -> None:
    from texi2rst.writers.hx import load

    conv = load(h.file, texinfo_options([], {}, h.raw_html), reporter, mode=h.mode,
                substitute_values=True)
    if conv is None or reporter.has_errors:
        return
    target = h.file if h.in_place else h.output
    result.external[target] = conv.rewritten().encode("utf-8", "surrogateescape")
