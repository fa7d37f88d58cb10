"""Convert a whole documentation tree (Texinfo manuals, QEMU .hx files, QAPI schemas) into one
Sphinx manual set, as a configuration file (TOML) describes it.

What it writes (one Sphinx project, in ``project.output``):

* ``conf.py`` and ``index.rst`` — the root: its toctree lists the top-level manuals; the
  ``man_pages`` of every manual are listed here; ``extensions`` has ``texi2rst.sphinx`` (the
  ``qapi`` domain that QAPI references use), so texi2rst must be importable where Sphinx runs.
* one folder per manual (``[manuals.NAME]``): its Texinfo (``main``) as a Sphinx project part
  (``index.rst``, one file per chapter …, ``man/NAME.rst`` for its man pages), or, for a manual
  without ``main``, an ``index.rst`` with its title and a toctree of the manuals inside it.
  All manuals are one Sphinx project, so references between them are ordinary ``:ref:``,
  ``:option:`` and ``:qapi:…:`` references; every manual's labels carry its ``label_prefix``.
* ``.hx`` files and QAPI schemas are rendered **in the place of** the Texinfo file a manual
  ``@include``-d that hxtool or qapi-gen made of them (``replaces = "qemu-options.texi"``): the
  reader sees a placeholder instead of that file, and the placeholder becomes the rST of the
  ``.hx`` file (through :mod:`texi2rst.writers.hx`, with the manual's labels, so ``@ref`` from the
  fragment into the manual resolves) or of the schema (the ``sphinx-domain`` flavour of
  :mod:`texi2rst.writers.qapi`). Its headings are placed one level below the section holding the
  ``@include``. Man pages get a second rendering without labels or index entries. With
  ``page = "NAME"`` instead, the file becomes a page of its own in the manual.
* ``.hx`` files with ``in_place = true`` (or ``output = "x.hx"``) are rewritten with their
  ``STEXI`` blocks as ``SRST`` blocks.

Inputs are converted in parallel (``--jobs``), each in a worker process; files are written by
the main process, in sorted order, only when their content changed, so the output is the same
for any ``--jobs``. Files that an earlier run wrote and this one did not are removed (the list
is in ``.texi2rst-bulk-manifest``); the files of an input that had errors are left as they were.

Exit status: 0 success; 1 an input had errors (every other output is still written) or the
configuration is wrong (``CONFIG: error: KEY: message``); 2 the configuration cannot be read
(missing, not TOML) or a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

MANIFEST = ".texi2rst-bulk-manifest"
_TOKEN = "TEXI2RSTBULKSUBSTITUTE"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("config", nargs="?", default="texi2rst.toml", metavar="CONFIG.toml",
                   help="the configuration (default: texi2rst.toml in the current folder)")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="convert N inputs at a time, in processes (default: the number of CPUs)")
    p.add_argument("--check", action="store_true",
                   help="convert everything and report, but write nothing")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="write the manual set to DIR instead of project.output")
    p.add_argument("--progress", choices=("auto", "bar", "lines", "none"), default="auto",
                   help="a progress bar (auto, the default: on a terminal), plain lines, or "
                        "nothing")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary table")
    p.add_argument("--force", action="store_true",
                   help="also write the files of inputs that had errors (the exit status "
                        "stays 1), and replace files in the output folder that texi2rst did "
                        "not write")
    p.add_argument("--check-fidelity", action="store_true",
                   help="also compare each Texinfo manual with makeinfo --plaintext "
                        "(see texi2rst check) and print its word recall and precision")
    p.add_argument("--min-recall", type=float, metavar="X",
                   help="with --check-fidelity: exit 1 when a manual keeps less than X")
    p.add_argument("--min-precision", type=float, metavar="Y",
                   help="with --check-fidelity: exit 1 when a manual's precision is below Y")


# --------------------------------------------------------------------------- tasks


@dataclass
class Task:
    """One independent unit of work, run in a worker process."""

    key: str  # "manual:NAME", "hx:N", "qapi-page:N:MANUAL", "hx-page:N:MANUAL"
    label: str  # for the summary
    kind: str
    payload: Any


@dataclass
class TaskResult:
    key: str
    label: str
    files: dict[str, bytes] = field(default_factory=dict)  # relative to the output folder
    external: dict[str, bytes] = field(default_factory=dict)  # absolute paths (.hx rewrites)
    man_pages: list[tuple[str, str, str, int]] = field(default_factory=list)
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
    from texi2rst.diagnostics import Reporter

    start = time.perf_counter()
    result = TaskResult(task.key, task.label)
    reporter = Reporter()
    try:
        if task.kind == "manual":
            _manual_task(task.payload[0], task.payload[1], reporter, result)
        elif task.kind == "hx-page":
            _hx_page_task(*task.payload, reporter, result)
        elif task.kind == "qapi-page":
            _qapi_page_task(*task.payload, reporter, result)
        elif task.kind == "hx-rewrite":
            _hx_rewrite_task(task.payload, reporter, result)
    except RecursionError:
        reporter.error(task.label, 0, "input nested too deeply to convert")
    except Exception as e:  # a bug: reported as an error of this input, others go on
        reporter.error(task.label, 0, f"internal error in texi2rst: {type(e).__name__}: {e}")
    if reporter.has_errors:
        result.files.clear()
        result.external.clear()
        result.man_pages.clear()
    result.diagnostics = list(reporter.diagnostics)
    result.seconds = time.perf_counter() - start
    return result


def _texinfo_options(include_dirs: list[str], defines: dict[str, str]) -> Any:
    from texi2rst.readers.texinfo.lexer import Options

    return Options(include_dirs=list(include_dirs), defines=dict(defines))


def _manual_task(m: Any, subst: list[tuple[str, str, Any]], reporter: Any,
                 result: TaskResult) -> None:
    import copy
    import tempfile

    from texi2rst.readers.texinfo.parser import read_texinfo
    from texi2rst.writers.project import drop_man_only, parse_man_page, write_project
    from texi2rst.writers.rst import Labels

    with tempfile.TemporaryDirectory(prefix="texi2rst-bulk-") as tmp:
        stubs = os.path.join(tmp, "stubs")
        os.makedirs(stubs)
        stub_anchors: set[str] = set()
        for k, (kind, replaces, item) in enumerate(subst):
            # the fragment's anchors are defined here too, so that the manual's references
            # to them resolve; the rendering of the fragment then carries the labels
            anchors = _hx_anchors(item.file) if kind == "hx" else []
            stub_anchors.update(anchors)
            with open(os.path.join(stubs, replaces), "w", encoding="utf-8") as f:
                f.write("".join(f"@anchor{{{a}}}\n" for a in anchors) + f"\n{_TOKEN}{k}\n\n")
        options = _texinfo_options([stubs, *m.include_dirs], m.defines)
        doc = read_texinfo(m.main, options, reporter)
        if reporter.has_errors:
            return
        # the labels write_project will give (the same steps, on a copy when man-only text
        # holds labels): fragments refer to them
        labelled = doc
        if _man_only_labels(doc):
            labelled = copy.deepcopy(doc)
            drop_man_only(labelled)
        labels = Labels.collect(labelled, prefix=m.label_prefix)
        defines = dict(m.defines)
        for key, value in doc.settings.items():
            if key.startswith("set:"):
                defines[key[4:]] = value
        renderings: dict[int, tuple[list[str], list[str]]] = {}
        for k, (kind, _replaces, item) in enumerate(subst):
            if kind == "hx":
                lines = _hx_lines(item, defines, m.include_dirs, labels, True, reporter,
                                  m.label_prefix, stub_anchors)
                renderings[k] = (lines, _without_index(lines))
            else:
                renderings[k] = _qapi_lines(item, reporter)
        if reporter.has_errors:
            return
        out = os.path.join(tmp, "out")
        write_project(doc, out, reporter=reporter, split=m.split, label_prefix=m.label_prefix,
                      man_pages=[parse_man_page(p) for p in m.man_pages] if m.man_pages
                      else [], source_dir=os.path.dirname(os.path.abspath(m.main)),
                      image_dirs=m.include_dirs, project=m.title)
        files = _read_tree(out)
    conf = files.pop("conf.py", b"").decode("utf-8")
    files.pop(".texi2rst-manifest", None)
    for docname, name, description, section in _man_pages_of(conf):
        result.man_pages.append((f"{m.folder}/{docname}", name, description, section))
    used = set()
    for rel in sorted(files):
        if not rel.endswith(".rst"):
            continue
        text = files[rel].decode("utf-8")
        if _TOKEN not in text:
            continue
        man = rel.startswith("man/")
        text = _drop_labels(text, {labels.label_for(a) for a in stub_anchors})
        for k, (manual_lines, man_lines) in renderings.items():
            token = f"{_TOKEN}{k}"
            if token in text:
                used.add(k)
                text = splice(text, token, man_lines if man else manual_lines, reporter, rel)
        files[rel] = text.encode("utf-8")
    for k, (kind, replaces, _item) in enumerate(subst):
        if k not in used:
            reporter.warning(m.main, 0, f"{kind} input for `{replaces}': the manual does not "
                             f"@include {replaces}")
    for rel, data in files.items():
        result.files[f"{m.folder}/{rel}"] = data


def _hx_anchors(path: str) -> list[str]:
    """The ``@anchor`` names of an .hx file's Texinfo."""
    import re

    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    names = re.findall(r"@anchor\{([^{}]*)\}", text)
    return sorted({x.strip() for x in names if x.strip()})


def _drop_labels(text: str, labels: set[str | None]) -> str:
    """Remove the label lines ``.. _LABEL:`` of ``labels`` (and the blank line after)."""
    wanted = {f".. _{x}:" for x in labels if x}
    if not wanted:
        return text
    lines = text.split("\n")
    out: list[str] = []
    skip_blank = False
    for line in lines:
        if line.strip() in wanted:
            skip_blank = True
            continue
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        out.append(line)
    return "\n".join(out)


def _read_tree(folder: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            with open(path, "rb") as f:
                out[rel] = f.read()
    return out


def _man_pages_of(conf: str) -> list[tuple[str, str, str, int]]:
    """The ``man_pages`` list of a ``conf.py`` that write_project made."""
    import ast

    for node in ast.parse(conf).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "man_pages"
                                                for t in node.targets):
            return [(d, n, desc, int(s)) for d, n, desc, _authors, s in
                    ast.literal_eval(node.value)]
    return []


def _hx_converter_class() -> Any:
    from texi2rst.writers.hx import HxConverter
    from texi2rst.writers.rst import RstOptions, write_rst

    class ManualHxConverter(HxConverter):
        """An .hx file's Texinfo written with the labels of the manual it is rendered in
        (plus the fragment's own anchors), so ``@ref`` into the manual resolves."""

        manual_labels: Any = None
        label_prefix = ""
        _merged = False

        def _write(self, blocks: list[Any]) -> list[str]:
            if not blocks:
                return []
            labels = self.labels
            if self.manual_labels is not None:
                if not self._merged and self.doc is not None:
                    self._merge(self.manual_labels)
                    self._merged = True
                labels = self.manual_labels
            text = write_rst(blocks, options=RstOptions(known_options=self.known_options,
                                                        label_prefix=self.label_prefix),
                             labels=labels, reporter=self.reporter)
            lines = text.rstrip("\n").split("\n")
            return lines if any(x.strip() for x in lines) else []

        def _merge(self, labels: Any) -> None:
            """The fragment's anchors join the manual's labels; those the manual already
            defines (in the place of the @include) keep the manual's label."""
            from texi2rst import nodes as n

            for node in self.doc.walk():
                name = ""
                if isinstance(node, n.Section):
                    name = node.node
                elif isinstance(node, (n.NodeLabel, n.Anchor)):
                    name = node.name
                elif isinstance(node, n.Float):
                    name = node.label
                if not name.strip():
                    continue
                existing = labels.label_for(name)
                if existing and name in self.stub_anchors:
                    labels.by_node[id(node)] = existing
                else:
                    labels._assign(node, name)

        stub_anchors: set[str] = set()

    return ManualHxConverter


def _hx_lines(h: Any, defines: dict[str, str], include_dirs: list[str], labels: Any,
              index: bool, reporter: Any, prefix: str = "",
              stub_anchors: set[str] | None = None) -> list[str]:
    import copy

    from texi2rst.diagnostics import Reporter
    from texi2rst.readers.hx import read_hx

    rep = reporter if index else Reporter()  # the second rendering reports nothing new
    hx = read_hx(h.file, rep)
    if hx is None:
        return []
    conv = _hx_converter_class()(hx, _texinfo_options(include_dirs, defines), rep,
                                 mode=h.mode, index=index)
    if labels is not None:
        conv.manual_labels = copy.deepcopy(labels)
        conv.label_prefix = prefix
        conv.stub_anchors = stub_anchors or set()
    conv.convert()
    lines = [text for text, _line in conv.rst_lines()]
    return lines if index else _without_index(lines)


def _without_index(lines: list[str]) -> list[str]:
    """An .hx rendering for a second place (man pages): no labels, no index entries,
    ``:no-index:`` options."""
    import re

    from texi2rst.writers.hx import strip_index

    label = re.compile(r"^\s*\.\. _[^:`]+:\s*$")
    out = [text for text, _n in strip_index([(x, 0) for x in lines])]
    return [x for x in out if not label.match(x)]


def _man_only_labels(doc: Any) -> bool:
    """Whether text that write_project leaves out of the manual defines labels."""
    from texi2rst import nodes as n

    for node in doc.walk():
        if isinstance(node, n.Container) and node.kind in ("man-only", "hidden"):
            for sub in node.walk():
                if isinstance(sub, (n.Section, n.NodeLabel, n.Anchor, n.Float)):
                    return True
    return False


def _qapi_lines(q: Any, reporter: Any) -> tuple[list[str], list[str]]:
    """A schema's reference in the ``sphinx-domain`` flavour: for the manual, and without
    index entries (for man pages)."""
    from texi2rst.qapi import read_schema, render_rst_lines

    schema = read_schema(q.schema, reporter=reporter)
    if schema.errors or reporter.has_errors:
        return [], []
    return tuple([text for text, _s, _l in render_rst_lines(schema, flavour="sphinx-domain",
                                                            no_index=no_index)]
                 for no_index in (False, True))  # type: ignore[return-value]


def _page(title: str, body: list[str]) -> bytes:
    from texi2rst.writers.rst import column_width

    width = max(column_width(title), 4)
    lines = ["#" * width, title, "#" * width, "", *reseat_headings(body, 1)]
    while lines and not lines[-1].strip():
        lines.pop()
    return ("\n".join(lines) + "\n").encode("utf-8")


def _hx_page_task(h: Any, m: Any, reporter: Any, result: TaskResult) -> None:
    lines = _hx_lines(h, dict(m.defines), m.include_dirs, None, True, reporter)
    title = h.title or os.path.basename(h.file)
    result.files[f"{m.folder}/{h.page}.rst"] = _page(title, lines)


def _qapi_page_task(q: Any, m: Any, reporter: Any, result: TaskResult) -> None:
    lines = _qapi_lines(q, reporter)[0]
    title = q.title or f"QAPI reference: {os.path.basename(q.schema)}"
    result.files[f"{m.folder}/{q.page}.rst"] = _page(title, lines)


def _hx_rewrite_task(h: Any, reporter: Any, result: TaskResult) -> None:
    from texi2rst.writers.hx import load

    conv = load(h.file, _texinfo_options([], {}), reporter, mode=h.mode)
    if conv is None or reporter.has_errors:
        return
    target = h.file if h.in_place else h.output
    result.external[target] = conv.rewritten().encode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------- splicing rST


def _adornments() -> list[str]:
    from texi2rst.writers.rst import _ADORNMENTS

    return list(_ADORNMENTS)


def _is_adornment(line: str) -> bool:
    s = line.strip()
    return len(s) >= 4 and len(set(s)) == 1 and not s[0].isalnum() and not s[0].isspace()


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _depth_before(lines: list[str], at: int, indent: int) -> int | None:
    """The depth of the section holding line ``at``: from the nearest title above it written
    at ``indent`` (0 = the document title, 1 = overlined ``*``, then ``=``, ``-`` …)."""
    chars = _adornments()
    for j in range(at - 1, 0, -1):
        line = lines[j]
        if not _is_adornment(line) or _indent_of(line) != indent:
            continue
        title = lines[j - 1]
        if not title.strip() or _is_adornment(title) or _indent_of(title) != indent:
            continue
        char = line.strip()[0]
        if char == "#":
            return 0
        if char in chars:
            return chars.index(char) + 1
    return None


def reseat_headings(lines: list[str], base: int | None) -> list[str]:
    """Re-adorn the section titles of rST ``lines`` so that its first title level is at
    ``base + 1`` (in texi2rst's adornment order); with ``base`` None, titles become rubrics."""
    from texi2rst.writers.rst import column_width

    chars = _adornments()
    styles: list[tuple[str, bool]] = []
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        after = lines[i + 2] if i + 2 < len(lines) else ""
        over = (_is_adornment(line) and not line.startswith(" ") and nxt.strip()
                and not _is_adornment(nxt) and _is_adornment(after)
                and after.strip()[0] == line.strip()[0])
        under = (not over and line.strip() and not line.startswith(" ")
                 and not _is_adornment(line) and _is_adornment(nxt) and not nxt.startswith(" ")
                 and (not out or not out[-1].strip()))
        if over or under:
            title = (nxt if over else line).strip()
            style = ((after if over else nxt).strip()[0], bool(over))
            if style not in styles:
                styles.append(style)
            level = styles.index(style) + 1
            if base is None:
                out += [f".. rubric:: {title}"]
            else:
                depth = base + level
                char = chars[min(depth, len(chars)) - 1]
                width = max(column_width(title), 4)
                out += [char * width, title, char * width] if depth <= 1 else \
                    [title, char * width]
            i += 3 if over else 2
            continue
        out.append(line)
        i += 1
    return out


def splice(text: str, token: str, rst: list[str], reporter: Any, where: str) -> str:
    """Put ``rst`` in the place of the paragraph ``token`` in ``text``."""
    lines = text.split("\n")
    for at, line in enumerate(lines):
        if line.strip() != token:
            continue
        indent = _indent_of(line)
        depth = _depth_before(lines, at, indent)
        if depth is None and any(_is_adornment(x) for x in rst):
            reporter.warning(where, 0, "an included file with headings sits inside a block; "
                             "its headings are rubrics")
        body = reseat_headings(rst, depth)
        pad = " " * indent
        lines[at:at + 1] = [pad + x if x.strip() else "" for x in body]
        return "\n".join(lines)
    return text


# --------------------------------------------------------------------------- skeleton


def skeleton(cfg: Any, results: list[TaskResult]) -> dict[str, bytes]:
    """The root ``conf.py`` and ``index.rst``, and the index of every manual without
    ``main``; toctrees of manuals with ``main`` get their child manuals and pages."""
    files: dict[str, bytes] = {}
    pages: dict[str, list[str]] = {}
    for h in cfg.hx:
        for name in h.manuals:
            if h.page:
                pages.setdefault(name, []).append(h.page)
    for q in cfg.qapi:
        for name in q.manuals:
            if q.page:
                pages.setdefault(name, []).append(q.page)
    root_toc = [f"{m.folder}/index" for m in cfg.top_manuals()]
    files["index.rst"] = _page(cfg.title, [*([cfg.intro.strip(), ""] if cfg.intro else []),
                                           *_toctree(root_toc, 2)])
    extra: dict[str, list[str]] = {}
    for m in cfg.manuals.values():
        entries = [*pages.get(m.name, []),
                   *[os.path.relpath(c.folder, m.folder) + "/index"
                     for c in cfg.children(m.name)]]
        if not m.main:
            files[f"{m.folder}/index.rst"] = _page(m.title, _toctree(entries, 2))
        elif entries:
            extra[f"{m.folder}/index.rst"] = _toctree(entries, 1)
    man_pages = sorted(mp for r in results for mp in r.man_pages)
    files["conf.py"] = _conf_py(cfg, man_pages).encode("utf-8")
    return {**files, **{f"{k}\0append": ("\n" + "\n".join(v) + "\n").encode("utf-8")
                        for k, v in extra.items()}}


def _toctree(entries: list[str], depth: int) -> list[str]:
    if not entries:
        return []
    return [".. toctree::", f"   :maxdepth: {depth}", "", *[f"   {e}" for e in entries]]


def _conf_py(cfg: Any, man_pages: list[tuple[str, str, str, int]]) -> str:
    extensions = ["texi2rst.sphinx", *[e for e in cfg.extensions if e != "texi2rst.sphinx"]]
    lines = [
        f"# Sphinx configuration written by texi2rst bulk from {os.path.basename(cfg.path)}.",
        "# One project holds every manual: references between manuals are plain :ref:.",
        f"project = {cfg.title!r}",
        f"version = {cfg.version!r}",
        f"release = {cfg.version!r}",
        "root_doc = 'index'",
        f"extensions = {extensions!r}",
        "exclude_patterns = ['_build']",
        "smartquotes = False  # the text is already typographic where Texinfo made it so",
    ]
    for key in sorted(cfg.conf):
        lines.append(f"{key} = {cfg.conf[key]!r}")
    if man_pages:
        lines.append("man_pages = [")
        for docname, name, description, section in man_pages:
            lines.append(f"    ({docname!r}, {name!r}, {description!r}, [], {section}),")
        lines.append("]")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- running


def _warm_up() -> None:
    """Build the parsers once before forking, so that workers share them."""
    from texi2rst.readers.hx import _get_parser
    from texi2rst.readers.qapi.doc import _inline_parser
    from texi2rst.readers.qapi.schema import _schema_parser
    from texi2rst.readers.texinfo.parser import TexinfoReader

    TexinfoReader.parser()
    _get_parser()
    _schema_parser()
    _inline_parser()


def run_tasks(tasks: list[Task], jobs: int, progress: Any) -> list[TaskResult]:
    """Run the tasks, ``jobs`` at a time; results in the order of ``tasks``."""
    results: dict[str, TaskResult] = {}
    order = sorted(range(len(tasks)), key=lambda i: -_weight(tasks[i]))
    if jobs <= 1 or len(tasks) <= 1:
        for i in order:
            r = run_task(tasks[i])
            results[r.key] = r
            progress(r)
        return [results[t.key] for t in tasks]
    import concurrent.futures
    import multiprocessing

    _warm_up()
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, len(tasks)),
                                                mp_context=ctx) as pool:
        futures = {pool.submit(run_task, tasks[i]): tasks[i] for i in order}
        for future in concurrent.futures.as_completed(futures):
            task = futures[future]
            try:
                r = future.result()
            except Exception as e:  # a worker died
                from texi2rst.diagnostics import Diagnostic

                r = TaskResult(task.key, task.label, diagnostics=[Diagnostic(
                    "error", task.label, 0, f"worker failed: {type(e).__name__}: {e}")])
            results[r.key] = r
            progress(r)
    return [results[t.key] for t in tasks]


def _weight(task: Task) -> float:
    """Rough cost, to start the biggest inputs first."""
    try:
        if task.kind == "manual":
            m, subst = task.payload
            size = os.path.getsize(m.main) * 4
            for kind, _r, item in subst:
                size += os.path.getsize(item.file if kind == "hx" else item.schema) * 8
            return size
        if task.kind in ("hx-page", "qapi-page"):
            item = task.payload[0]
            return os.path.getsize(getattr(item, "file", "") or item.schema) * 4
        return os.path.getsize(task.payload.file)
    except OSError:
        return 0


class _Progress:
    def __init__(self, total: int, mode: str) -> None:
        self.total, self.done, self.bar = total, 0, None
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "lines"
        self.mode = mode
        if mode == "bar":
            from tqdm import tqdm

            tqdm.monitor_interval = 0
            self.bar = tqdm(total=total, unit="input", file=sys.stderr, leave=False,
                            desc="texi2rst bulk")

    def __call__(self, r: TaskResult) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(r.label, refresh=False)
            self.bar.update(1)
        elif self.mode == "lines":
            print(f"texi2rst bulk: [{self.done}/{self.total}] {r.label}: {r.errors} errors, "
                  f"{r.warnings} warnings", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _write_bytes(path: str, data: bytes, allow_input: bool = False) -> bool:
    """Write ``data`` to ``path`` through a renamed temporary file; False if unchanged.
    ``allow_input``: ``path`` is an input rewritten in place (a ``.hx`` file)."""
    from texi2rst.output import atomic_write_bytes

    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except OSError:
        pass
    atomic_write_bytes(path, data, sync=False, allow_input=allow_input)
    return True


def write_outputs(out_dir: str, results: list[TaskResult], skeleton_files: dict[str, bytes],
                  force: bool = False, reporter: Any = None) -> tuple[dict[str, int], int]:
    """Write every successful input's files (every input's, with ``force``) and the
    skeleton; remove files an earlier run wrote for an input that now succeeded and no longer
    makes them. Two inputs making one file, or a file there that texi2rst did not write
    (unless ``force``), stop it before anything is written. Returns the files written per
    input key and how many were unchanged."""
    from texi2rst.output import check_bulk_files, inside

    previous: dict[str, set[str]] = {}
    manifest = os.path.join(out_dir, MANIFEST)
    try:
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                owner, _, rel = line.rstrip("\n").partition("\t")
                if rel:
                    previous.setdefault(owner, set()).add(rel)
    except OSError:
        pass
    owned: dict[str, set[str]] = {}
    all_files: dict[str, tuple[str, bytes]] = {}
    appends: dict[str, bytes] = {}
    check_bulk_files(out_dir, [*((r.label, r.files) for r in results if force or not r.errors),
                               ("the project skeleton", {k: b"" for k in skeleton_files
                                                         if not k.endswith("\0append")})],
                     previous, force, reporter)
    for r in results:
        if r.errors and not force:
            owned[r.key] = set(previous.get(r.key, set()))
            continue
        owned[r.key] = set(r.files)
        for rel, data in r.files.items():
            all_files[rel] = (r.key, data)
    for rel, data in skeleton_files.items():
        if rel.endswith("\0append"):
            appends[rel[:-len("\0append")]] = data
        else:
            all_files[rel] = ("project", data)
            owned.setdefault("project", set()).add(rel)
    for rel, extra in appends.items():
        if rel in all_files:
            key, data = all_files[rel]
            all_files[rel] = (key, data.rstrip(b"\n") + b"\n" + extra)
    counts: dict[str, int] = {}
    unchanged = 0
    for rel in sorted(all_files):
        key, data = all_files[rel]
        path = os.path.join(out_dir, rel)
        if not inside(out_dir, path) if os.path.exists(out_dir) else ".." in rel.split("/"):
            continue
        if not _write_bytes(path, data):
            unchanged += 1
        counts[key] = counts.get(key, 0) + 1
    for r in results:
        for path, data in sorted(r.external.items()):
            if force or not r.errors:
                _write_bytes(path, data, allow_input=True)
                counts[r.key] = counts.get(r.key, 0) + 1
    still = {rel for files in owned.values() for rel in files}
    for _owner, files in sorted(previous.items()):
        for rel in sorted(files - still):
            path = os.path.join(out_dir, rel)
            if inside(out_dir, path) and os.path.isfile(path):
                os.remove(path)
    lines = sorted(f"{owner}\t{rel}" for owner, files in owned.items() for rel in files)
    _write_bytes(manifest, "".join(x + "\n" for x in lines).encode("utf-8"))
    return counts, unchanged


def run(args: argparse.Namespace, reporter: Any) -> int:
    from texi2rst.commands.bulk_config import ConfigError, load_config

    start = time.perf_counter()
    try:
        cfg = load_config(args.config)
    except ConfigError as e:
        print(e, file=sys.stderr)
        return e.status
    if args.jobs < 0:
        print("texi2rst: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    out_dir = os.path.abspath(args.output) if args.output else cfg.output
    tasks = make_tasks(cfg)
    jobs = args.jobs or os.cpu_count() or 1
    progress = _Progress(len(tasks), "none" if args.progress == "none" else args.progress)
    try:
        results = run_tasks(tasks, jobs, progress)
    finally:
        progress.close()
    for r in results:
        for d in r.diagnostics:
            print(d, file=sys.stderr)
    counts: dict[str, int] = {}
    unchanged = 0
    if not args.check:
        from texi2rst.output import clean_stale_temps, output_lock

        with output_lock(out_dir):
            clean_stale_temps(out_dir)
            counts, unchanged = write_outputs(out_dir, results, skeleton(cfg, results),
                                              args.force, reporter)
    else:
        for r in results:
            counts[r.key] = 0 if r.errors else len(r.files) + len(r.external)
    elapsed = time.perf_counter() - start
    if not args.quiet:
        print(summary(results, counts, elapsed, out_dir, check=args.check,
                      unchanged=unchanged, project_files=counts.get("project", 0)))
    failed = any(r.errors for r in results)
    if args.check_fidelity:
        failed = _check_fidelity(cfg, args.min_recall, args.min_precision) or failed
    return 1 if failed else 0


def _check_fidelity(cfg: Any, min_recall: float | None, min_precision: float | None) -> bool:
    """Run ``texi2rst check`` on every Texinfo manual of the config; True if one fails."""
    from texi2rst.commands.check import fidelity_report

    failed = False
    for name, manual in sorted(cfg.manuals.items()):
        if not manual.main:
            continue
        report = fidelity_report(manual.main,
                                 _texinfo_options(manual.include_dirs, manual.defines))
        problems = report.failures(min_recall, min_precision)
        failed = failed or bool(problems)
        figures = ("no makeinfo: no word figures" if report.recall is None else
                   f"recall {report.recall:.4f}, precision {report.precision:.4f}")
        print(f"fidelity: {name} ({manual.main}): {figures}"
              + "".join(f"\n  {problem}" for problem in problems))
    return failed


def summary(results: list[TaskResult], counts: dict[str, int], elapsed: float, out_dir: str,
            *, check: bool = False, unchanged: int = 0, project_files: int = 0) -> str:
    """The table printed at the end: files, warnings, errors and time per input."""
    width = max([len(r.label) for r in results] + [5])
    head = "would write" if check else "files"
    rows = [f"{'input':<{width}}  {head:>11}  {'warnings':>8}  {'errors':>6}  {'time':>7}"]
    for r in results:
        files = "-" if r.errors else str(counts.get(r.key, 0))
        rows.append(f"{r.label:<{width}}  {files:>11}  {r.warnings:>8}  {r.errors:>6}  "
                    f"{r.seconds:>6.2f}s")
    total = sum(counts.values())
    warnings = sum(r.warnings for r in results)
    errors = sum(r.errors for r in results)
    failed = sum(1 for r in results if r.errors)
    verb = "would write" if check else "wrote"
    tail = f"{verb} {total} files to {out_dir}"
    if not check:
        tail += f" ({unchanged} unchanged, {project_files} in the skeleton)"
    tail += f"; {warnings} warnings, {errors} errors"
    if failed:
        tail += f" ({failed} of {len(results)} inputs failed: their files were not written)"
    rows.append(f"{tail}; {elapsed:.2f}s")
    return "\n".join(rows)
