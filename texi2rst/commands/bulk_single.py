"""The single-sourced mode of ``texi2rst bulk`` (``mode = "single"``, the default when the
configuration has ``.hx`` files or QAPI schemas): every text of the sources is in one file of
the output.

The output folder repeats the layout of the sources (``project.source_root``): the ``.hx``
files are there, rewritten (``STEXI`` → ``SRST``), the QAPI schemas copied, and the Sphinx
source folder (``project.docs``, default ``docs``) beside them, with ``texi2rst_srctree`` in
its ``conf.py`` naming the root. Pages pull the ``.hx`` documentation in with
``.. hxtool-doc::`` and the schemas with ``.. qapi-doc::``; a Texinfo file that another
manual ``@include``-s (qemu-doc.texi includes qemu-img.texi, the main file of the qemu-img
manual) is rendered once, in the including manual, as a fragment it ``.. include::``-s; a
manual whose main file is included that way has no pages of its own, only its man pages. Man
pages are small skeleton documents: their sections ``.. include::`` the fragments that the
``@c man begin`` regions became (:mod:`texi2rst.commands.bulk_fragments`); ``conf.py`` lists
them in ``texi2rst_copies``, so that Sphinx registers their labels, options and index entries
only once, in the manual.
"""

from __future__ import annotations

import os
import re
from typing import Any

from texi2rst import nodes as n
from texi2rst.commands.bulk_fragments import (
    MAN_ORDER,
    _Names,
    cut_man_regions,
    cut_shared,
    fragment_stem,
)
from texi2rst.commands.bulk_tasks import (
    Task,
    TaskResult,
    node_pages,
    seat_sections,
    texinfo_options,
    untrusted,
)
from texi2rst.diagnostics import Reporter
from texi2rst.records import field, record

_INCLUDE_RE = re.compile(r"^[ \t]*@include[ \t]+(\S[^\n]*?)[ \t]*$", re.M)
#: how many files the scan of a manual's @include lines reads at most
_SCAN_LIMIT = 2000


@record
class Host:
    """What the task of one manual with pages of its own renders."""

    manual: Any
    #: manuals whose main file this manual includes: (manual, real path of its main)
    absorbed: list[tuple[Any, str]] = field(default_factory=list)
    #: real path of a shared Texinfo file → fragment stem
    shared: dict[str, str] = field(default_factory=dict)
    #: real path of a shared file → the program its options belong to
    programs: dict[str, str] = field(default_factory=dict)
    #: @include name → the directive that stands for it
    directives: dict[str, str] = field(default_factory=dict)
    #: the .hx files placed in it (their labels are targets of its references)
    hx_files: list[Any] = field(default_factory=list)


@record
class SinglePlan:
    hosts: list[Host] = field(default_factory=list)
    #: manuals rendered inside another one: name → the host's name
    absorbed: dict[str, str] = field(default_factory=dict)
    #: pages of their own for .hx files and schemas: (manual, page, title, directive)
    pages: list[tuple[Any, str, str, str]] = field(default_factory=list)


def scan_includes(main: str, include_dirs: list[str]) -> list[str]:
    """The real paths of the files a Texinfo file ``@include``-s, recursively, once per
    ``@include`` line (conditionals are not looked at: a file included in a branch that is not
    taken counts too)."""
    found: list[str] = []
    stack = [os.path.realpath(main)]
    seen: set[str] = set()
    while stack and len(found) < _SCAN_LIMIT:
        path = stack.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        for m in _INCLUDE_RE.finditer(text):
            name = m.group(1)
            for folder in [os.path.dirname(path), *include_dirs]:
                candidate = os.path.join(folder, name)
                if os.path.isfile(candidate):
                    real = os.path.realpath(candidate)
                    found.append(real)
                    stack.append(real)
                    break
    return found


def _program(manual: Any) -> str:
    name = manual.man_pages[0].partition(":")[0] if manual.man_pages else manual.name
    stem, dot, suffix = name.rpartition(".")
    name = stem if dot and suffix.isdigit() else name
    return re.sub(r"[^\w.+-]+", "-", name).strip("-") or "program"


def _directive(kind: str, rel: str, mode: str, index: bool) -> str:
    lines = [f".. {'hxtool-doc' if kind == 'hx' else 'qapi-doc'}:: {rel}"]
    if mode != "auto":
        lines.append(f"   :mode: {mode}")
    if not index:
        lines.append("   :no-index:")
    return "\n".join(lines)


def make_plan(cfg: Any) -> SinglePlan:
    """Which manual renders what: hosts, the manuals they absorb, the files they share."""
    plan = SinglePlan()
    with_main = [m for m in cfg.manuals.values() if m.main]
    scans = {m.name: scan_includes(m.main, m.include_dirs) for m in with_main}
    mains = {os.path.realpath(m.main): m for m in with_main}
    includer: dict[str, str] = {}
    for m in with_main:
        for real in scans[m.name]:
            other = mains.get(real)
            if other is not None and other.name != m.name:
                includer.setdefault(other.name, m.name)

    def host_of(name: str) -> str:
        seen = {name}
        while name in includer and includer[name] not in seen:
            name = includer[name]
            seen.add(name)
        return name

    for m in with_main:
        if host_of(m.name) != m.name:
            plan.absorbed[m.name] = host_of(m.name)
    placed: set[str] = set()
    hosts: dict[str, Host] = {}
    for m in with_main:
        if m.name in plan.absorbed:
            continue
        host = hosts[m.name] = Host(m)
        counts: dict[str, int] = {}
        for real in scans[m.name]:
            counts[real] = counts.get(real, 0) + 1
        for other in with_main:
            if plan.absorbed.get(other.name) == m.name:
                real = os.path.realpath(other.main)
                host.absorbed.append((other, real))
                host.programs[real] = _program(other)
                counts[real] = max(counts.get(real, 0), 2)
        for real, count in counts.items():
            if count > 1:
                host.shared[real] = fragment_stem(os.path.relpath(
                    real, os.path.realpath(cfg.source_root)))
        plan.hosts.append(host)
    for kind, items in (("hx", cfg.hx), ("qapi", cfg.qapi)):
        for item in items:
            path = item.file if kind == "hx" else item.schema
            rel = os.path.relpath(path, cfg.source_root).replace(os.sep, "/")
            mode = getattr(item, "mode", "auto")
            for name in item.manuals:
                index = path not in placed
                placed.add(path)
                text = _directive(kind, rel, mode, index)
                if item.replaces:
                    host = hosts[plan.absorbed.get(name, name)]
                    host.directives[item.replaces] = text
                    if kind == "hx":
                        host.hx_files.append(item)
                else:
                    title = item.title or (os.path.basename(path) if kind == "hx" else
                                           f"QAPI reference: {os.path.basename(path)}")
                    plan.pages.append((cfg.manuals[name], item.page, title, text))
    return plan


def _shared_includes(path: str, manual: Any, plan: SinglePlan) -> dict[str, str]:
    """``@include`` names of an ``.hx`` file whose Texinfo a manual writes as a fragment
    already → the ``.. include::`` of that fragment (the text stays in one file)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return {}
    out: dict[str, str] = {}
    for m in _INCLUDE_RE.finditer(text):
        name = m.group(1)
        for folder in [os.path.dirname(path), *manual.include_dirs]:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                real = os.path.realpath(candidate)
                for host in plan.hosts:
                    if real in host.shared:
                        out[name] = (f".. include:: /{host.manual.folder}/_fragments/"
                                     f"{host.shared[real]}.rst.inc")
                        break
                break
    return out


def make_single_tasks(cfg: Any, plan: SinglePlan) -> list[Task]:
    """The tasks of single mode: one per host manual, one per ``.hx`` file (its rewritten
    copy), one per schema (its copies), and the ``in_place``/``output`` rewrites."""
    tasks: list[Task] = []
    for host in plan.hosts:
        m = host.manual
        tasks.append(Task(f"manual:{m.name}", f"manual {m.name} ({os.path.basename(m.main)})",
                          "single-manual", (host, cfg.docs)))
    done: set[str] = set()
    for h in cfg.hx:
        if h.manuals and h.file not in done:
            done.add(h.file)
            manual = cfg.manuals[h.manuals[0]]
            host = cfg.manuals[plan.absorbed.get(manual.name, manual.name)]
            rel = os.path.relpath(h.file, cfg.source_root).replace(os.sep, "/")
            tasks.append(Task(f"hx-copy:{h.index}", f"hx {rel} (single-sourced copy)",
                              "hx-copy", (h, rel, host.label_prefix, dict(manual.defines),
                                          _shared_includes(h.file, host, plan))))
        if h.in_place or h.output:
            tasks.append(Task(f"hx:{h.index}", f"hx {os.path.basename(h.file)} (rewrite)",
                              "hx-rewrite", h))
    for q in cfg.qapi:
        if q.schema not in done:
            done.add(q.schema)
            rel = os.path.relpath(q.schema, cfg.source_root).replace(os.sep, "/")
            tasks.append(Task(f"qapi-copy:{q.index}", f"qapi {rel} (copy)", "qapi-copy",
                              (q, cfg.source_root)))
    return tasks


# --------------------------------------------------------------------------- tasks


def single_manual_task(payload: tuple[Host, str], reporter: Reporter,
                       result: TaskResult) -> None:
    """Render a host manual: its pages, its fragments, its man pages' skeletons and those of
    the manuals it absorbs."""
    from texi2rst.readers.texinfo.parser import read_texinfo
    from texi2rst.writers.project import render_project

    host, docs = payload
    m = host.manual
    options = texinfo_options(m.include_dirs, m.defines, m.raw_html)

    def stand_in(text: str) -> Any:
        def directive(flags: dict[str, str]) -> list[n.Block]:
            for name, value in flags.items():
                result.values.setdefault(name, value)
            return [n.Literal(text=text)]
        return directive

    options.include_substitutes = {name: stand_in(text)
                                   for name, text in host.directives.items()}
    doc = read_texinfo(m.main, options, reporter)
    if reporter.has_errors:
        return
    untrusted(doc, m.raw_html)
    seat_sections(doc, reporter)
    pages = node_pages(doc, m, reporter)
    for other, _real in host.absorbed:
        pages.update(node_pages(doc, other, reporter))
    program = _program(m)
    names = _Names()
    fragments = cut_shared(doc, host.shared, names, host.programs, program)
    include_root = f"/{m.folder}/"
    skeletons: list[tuple[Any, str, dict[str, list[n.Block]]]] = []
    if m.man_pages:
        body = cut_man_regions([doc.children], doc.source, fragment_stem(m.name), names,
                               include_root, reporter)
        skeletons.append((m, program, body))
    for other, real in host.absorbed:
        if other.man_pages:
            lists = [f.children for f in fragments.get(real, [])]
            body = cut_man_regions(lists, real, fragment_stem(other.name), names,
                                   include_root, reporter)
            framed = any(f.children and isinstance(f.children[0], n.Literal)
                         and f.children[0].text.startswith(".. program::")
                         for f in fragments.get(real, []))
            skeletons.append((other, _program(other) if framed else program, body))
    labels, hx_options = _hx_targets(host, m)
    project = render_project(
        doc, reporter=reporter, split=m.split, label_prefix=m.label_prefix, man_pages=[],
        source_dir=os.path.dirname(os.path.abspath(m.main)), image_dirs=m.include_dirs,
        project=m.title, include_root=include_root, program=program,
        extra_labels=labels, extra_options=hx_options, node_pages=pages)
    for rel, text in project.files.items():
        result.files[f"{docs}/{m.folder}/{rel}"] = text.encode("utf-8")
    for rel, src in project.images.items():
        with open(src, "rb") as f:
            result.files[f"{docs}/{m.folder}/{rel}"] = f.read()
    title = project.title
    for manual, prog, body in skeletons:
        for spec in manual.man_pages:
            _skeleton(manual, spec, prog, body, title, docs, doc, reporter, result)


def _hx_targets(host: Host, m: Any) -> tuple[dict[str, str], set[str]]:
    """The labels (node name → label) and the options that the ``.hx`` files placed in the
    manual define, as ``hxtool-doc`` writes them."""
    from texi2rst.readers.hx import read_hx
    from texi2rst.readers.hx_document import HxReader
    from texi2rst.writers.rst import Labels, defined_options

    found: dict[str, str] = {}
    options: set[str] = set()
    for h in host.hx_files:
        quiet = Reporter()
        hx = read_hx(h.file, quiet)
        if hx is None:
            continue
        reader = HxReader(hx, texinfo_options(m.include_dirs, m.defines), quiet, mode=h.mode,
                          substitute_values=True)
        doc = reader.read()
        for name, label in Labels.collect(doc).by_name.items():
            found.setdefault(name, label)
        if reader.mode == "options":
            for node in doc.walk():
                if isinstance(node, n.Table):
                    options.update(defined_options(node))
    return found, options


def _skeleton(manual: Any, spec: str, program: str, body: dict[str, list[n.Block]],
              title: str, docs: str, doc: n.Document, reporter: Reporter,
              result: TaskResult) -> None:
    from texi2rst.writers.project import man_page_docname, parse_man_page
    from texi2rst.writers.rst import RstOptions, write_rst

    page = parse_man_page(spec)
    docname = man_page_docname(page, bool(body), manual.main, reporter, f"{manual.folder}/")
    if docname is None:
        return
    sections: list[n.Block] = [
        n.Section(level=1, kind="chapter", title=[n.Text(_MAN_TITLES.get(k, k))],
                  children=blocks) for k, blocks in body.items()]
    text = write_rst([n.Section(level=0, kind="top", title=[n.Text(page.name)],
                                children=sections)],
                     options=RstOptions(no_index=True, width=79 - 3, links=False),
                     reporter=Reporter())
    result.files[f"{docs}/{docname}.rst"] = (
        f":orphan:\n\n.. program:: {program}\n\n.. only:: man\n\n" + "".join(
            f"   {line}\n" if line else "\n" for line in text.splitlines())).encode("utf-8")
    result.man_pages.append((docname, page.name, page.description or manual.title or title,
                             int(page.section)))


_MAN_TITLES = {"SEEALSO": "SEE ALSO"}
assert set(_MAN_TITLES) <= set(MAN_ORDER)


def hx_copy_task(payload: tuple[Any, str, str, dict[str, str], dict[str, str]],
                 reporter: Reporter, result: TaskResult) -> None:
    """The ``.hx`` file rewritten (``STEXI`` → ``SRST``) into the output tree, and the
    ``|X|`` substitutions its rST uses (the value its manual gives, else the name). A
    Texinfo file it includes that a manual writes as a fragment is included from there."""
    from texi2rst.writers.hx import load

    h, rel, prefix, defines, shared = payload
    inner = Reporter()
    options = texinfo_options([], defines, h.raw_html)
    options.include_substitutes = {
        name: (lambda _defines, text=text: [n.Literal(text=text)])
        for name, text in shared.items()}
    conv = load(h.file, options, inner, mode=h.mode, substitute_values=True,
                label_prefix=prefix)
    for d in inner.diagnostics:
        if "is written as the substitution" not in d.message:  # conf.py defines them
            reporter._add(d)
    if conv is None or reporter.has_errors or conv.doc is None:
        return
    for node in conv.doc.walk():
        if isinstance(node, n.Styled) and node.kind == "value":
            name = n.plain_text(node.children)
            result.substitutions.setdefault(name, n.plain_text(node.expansion) or name)
    result.files[rel] = conv.rewritten().encode("utf-8", "surrogateescape")


def qapi_copy_task(payload: tuple[Any, str], reporter: Reporter, result: TaskResult) -> None:
    """The schema and every module it includes, copied into the output tree."""
    from texi2rst.qapi import read_schema

    q, root = payload
    schema = read_schema(q.schema, reporter=reporter)
    if schema.errors or reporter.has_errors:
        return
    for path in dict.fromkeys([q.schema, *schema.files]):
        real = os.path.realpath(path)
        rel = os.path.relpath(real, os.path.realpath(root))
        if rel.startswith(".."):
            reporter.error(path, 0, "schema module outside the source root: not copied")
            continue
        with open(real, "rb") as f:
            result.files[rel.replace(os.sep, "/")] = f.read()
