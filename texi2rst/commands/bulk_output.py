"""What ``texi2rst bulk`` writes besides the manuals: the skeleton (root ``conf.py`` and
``index.rst``, the index of every manual without ``main``) and the writing of every result
(only changed files; files an earlier run wrote and this one did not are removed, from the
list in ``.texi2rst-bulk-manifest``)."""

from __future__ import annotations

import os
from typing import Any

from texi2rst import nodes as n
from texi2rst.commands.bulk_tasks import TaskResult, page
from texi2rst.writers.sphinx_conf import SphinxConf, conf_py

MANIFEST = ".texi2rst-bulk-manifest"


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
    extra = _manual_indexes(cfg, cfg.title, root_toc, pages, set(), "", files)
    man_pages, substitutions = _gathered(results)
    files["conf.py"] = _conf_py(cfg, man_pages, substitutions).encode("utf-8")
    return _with_appends(files, extra)


def single_skeleton(cfg: Any, plan: Any, results: list[TaskResult]) -> dict[str, bytes]:
    """The skeleton of single mode, in the Sphinx source folder ``cfg.docs``: as
    :func:`skeleton`, without the manuals that another one absorbed, with the pages of their
    own that ``.hx`` files and schemas get (a title over the directive), and a ``conf.py``
    that names the source tree (``texi2rst_srctree``) and the man-page skeletons
    (``texi2rst_copies``)."""
    files: dict[str, bytes] = {}
    docs = cfg.docs
    pages: dict[str, list[str]] = {}
    for manual, name, title, directive in plan.pages:
        pages.setdefault(manual.name, []).append(name)
        files[f"{docs}/{manual.folder}/{name}.rst"] = page(title, [n.Literal(text=directive)])
    shown = [m for m in cfg.manuals.values() if m.name not in plan.absorbed]
    root_toc = [f"{m.folder}/index" for m in shown if not m.parent]
    extra = _manual_indexes(cfg, cfg.title, root_toc, pages, set(plan.absorbed), f"{docs}/",
                            files)
    man_pages, substitutions = _gathered(results)
    srctree = "/".join([".."] * len(docs.split("/")))
    extra_conf = [("texi2rst_srctree", srctree),
                  ("texi2rst_copies", [mp[0] for mp in man_pages])]
    files[f"{docs}/conf.py"] = _conf_py(cfg, man_pages, substitutions, extra_conf).encode(
        "utf-8")
    return _with_appends(files, extra)


def _manual_indexes(cfg: Any, title: str, root_toc: list[str], pages: dict[str, list[str]],
                    hidden: set[str], prefix: str, files: dict[str, bytes]) -> dict[str, str]:
    """The root ``index.rst`` and the index of every manual without ``main`` into
    ``files``; returns the toctrees to append to the index of manuals with ``main``. Manuals
    in ``hidden`` are left out."""
    intro = [n.Literal(text=cfg.intro.strip())] if cfg.intro.strip() else []
    files[f"{prefix}index.rst"] = page(title, [*intro, *_toctree(root_toc, 2)])
    extra: dict[str, str] = {}
    for m in cfg.manuals.values():
        if m.name in hidden:
            continue
        entries = [*pages.get(m.name, []),
                   *[os.path.relpath(c.folder, m.folder) + "/index"
                     for c in cfg.children(m.name) if c.name not in hidden]]
        if not m.main:
            files[f"{prefix}{m.folder}/index.rst"] = page(m.title, _toctree(entries, 2))
        elif entries:
            extra[f"{prefix}{m.folder}/index.rst"] = _toctree_text(entries, 1)
    return extra


def _with_appends(files: dict[str, bytes], extra: dict[str, str]) -> dict[str, bytes]:
    """``files`` and, under ``NAME\\0append``, the text to add to file NAME."""
    return {**files, **{f"{k}\0append": ("\n" + v + "\n").encode("utf-8")
                        for k, v in extra.items()}}


def _gathered(results: list[TaskResult]) -> tuple[list[tuple[str, str, str, int]],
                                                   dict[str, str]]:
    """The man pages and the ``|X|`` substitutions of every result."""
    man_pages = sorted(mp for r in results for mp in r.man_pages)
    substitutions: dict[str, str] = {}
    values: dict[str, str] = {}
    for r in results:
        for name, text in sorted(r.substitutions.items()):
            substitutions.setdefault(name, text)
        for name, text in sorted(r.values.items()):
            values.setdefault(name, text)
    # an .hx file's @value is what the manual including it had @set there
    return man_pages, {name: values.get(name, text) for name, text in substitutions.items()}


def _toctree_text(entries: list[str], depth: int) -> str:
    return "\n".join([".. toctree::", f"   :maxdepth: {depth}", "", *[f"   {e}" for e in entries]])


def _toctree(entries: list[str], depth: int) -> list[n.Block]:
    return [n.Literal(text=_toctree_text(entries, depth))] if entries else []


def _conf_py(cfg: Any, man_pages: list[tuple[str, str, str, int]],
             substitutions: dict[str, str],
             extra: list[tuple[str, Any]] | None = None) -> str:
    extensions = ["texi2rst.sphinx", *[e for e in cfg.extensions if e != "texi2rst.sphinx"]]
    return conf_py(SphinxConf(
        project=cfg.title, version=cfg.version, extensions=extensions,
        highlight_language=None if "highlight_language" in cfg.conf else "none",
        header=[f"Sphinx configuration written by texi2rst bulk from "
                f"{os.path.basename(cfg.path)}.",
                "One project holds every manual: references between manuals are plain :ref:."],
        settings=[*(extra or []), *((key, cfg.conf[key]) for key in sorted(cfg.conf))],
        man_pages=man_pages,
        substitutions=substitutions))


def write_outputs(out_dir: str, results: list[TaskResult], skeleton_files: dict[str, bytes],
                  force: bool = False, reporter: Any = None) -> tuple[dict[str, int], int]:
    """Write every successful input's files (every input's, with ``force``) and the
    skeleton; remove files an earlier run wrote for an input that now succeeded and no longer
    makes them. Two inputs making one file, or a file there that texi2rst did not write
    (unless ``force``), stop it before anything is written. Returns the files written per
    input key and how many were unchanged."""
    from texi2rst.output import check_bulk_files, inside, write_changed

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
        if not write_changed(path, data):
            unchanged += 1
        counts[key] = counts.get(key, 0) + 1
    for r in results:
        for path, data in sorted(r.external.items()):
            if force or not r.errors:
                write_changed(path, data, allow_input=True)
                counts[r.key] = counts.get(r.key, 0) + 1
    still = {rel for files in owned.values() for rel in files}
    for _owner, files in sorted(previous.items()):
        for rel in sorted(files - still):
            path = os.path.join(out_dir, rel)
            if inside(out_dir, path) and os.path.isfile(path):
                os.remove(path)
    lines = sorted(f"{owner}\t{rel}" for owner, files in owned.items() for rel in files)
    write_changed(manifest, "".join(x + "\n" for x in lines).encode("utf-8"))
    return counts, unchanged
