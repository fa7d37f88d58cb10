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
  Texinfo reader puts the document tree of the ``.hx`` file or of the schema (the
  ``sphinx-domain`` flavour of :mod:`texi2rst.writers.qapi`) in the place of that ``@include``
  (:mod:`texi2rst.commands.bulk_tasks`), so its headings sit one level below the section holding
  it and the manual's labels and the fragment's are one set. Man pages get a second rendering
  without labels or index entries. With ``page = "NAME"`` instead, the file becomes a page of
  its own in the manual.
* ``.hx`` files with ``in_place = true`` (or ``output = "x.hx"``) are rewritten with their
  ``STEXI`` blocks as ``SRST`` blocks.

That is the ``static`` mode. The ``single`` mode (the default when the configuration has
``.hx`` files or QAPI schemas; :mod:`texi2rst.commands.bulk_single`) writes every text once:
``.hx`` files and schemas copied into an output tree laid out like the sources and pulled in
with ``.. hxtool-doc::``/``.. qapi-doc::``, shared Texinfo and man-page regions as included
fragments, man pages as skeletons.

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
from typing import Any

from texi2rst.commands.bulk_output import skeleton, write_outputs
from texi2rst.commands.bulk_tasks import Task, TaskResult, make_tasks, run_task, texinfo_options
from texi2rst.diagnostics import reraise_interrupt

__all__ = ["add_arguments", "run", "run_tasks", "summary", "make_tasks", "Task", "TaskResult"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("config", nargs="?", default="texi2rst.toml", metavar="CONFIG.toml",
                   help="the configuration (default: texi2rst.toml in the current folder)")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="convert N inputs at a time, in processes (default: the number of CPUs)")
    p.add_argument("--no-raw-html", action="store_true",
                   help="drop raw HTML (@html, @inlineraw) and turn javascript:, vbscript: "
                        "and data: links into plain text, in every input (untrusted sources)")
    p.add_argument("--check", action="store_true",
                   help="convert everything and report, but write nothing")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="write the manual set to DIR instead of project.output")
    p.add_argument("--mode", choices=("single", "static"),
                   help="single: every text in one file of the output (.hx files and "
                        "schemas copied and pulled in by directives, shared Texinfo as "
                        "included fragments, man pages as skeletons); static: one rendering "
                        "in every place. Default: project.mode, else single when the "
                        "configuration has .hx files or QAPI schemas")
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
                reraise_interrupt(e)
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
        if task.kind == "single-manual":
            return os.path.getsize(task.payload[0].manual.main) * 8
        if task.kind in ("hx-copy", "qapi-copy"):
            item = task.payload[0]
            return os.path.getsize(getattr(item, "file", "") or item.schema)
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
            from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]

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


def run(args: argparse.Namespace, reporter: Any) -> int:
    from texi2rst.commands.bulk_config import ConfigError, load_config

    start = time.perf_counter()
    try:
        cfg = load_config(args.config)
    except ConfigError as e:
        print(e, file=sys.stderr)
        return e.status
    if args.no_raw_html:
        for manual in cfg.manuals.values():
            manual.raw_html = False
        for entry in [*cfg.hx, *cfg.qapi]:
            entry.raw_html = False
    if args.jobs < 0:
        print("texi2rst: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    out_dir = os.path.abspath(args.output) if args.output else cfg.output
    cfg.mode = getattr(args, "mode", None) or cfg.mode
    plan = None
    if cfg.mode == "single":
        from texi2rst.commands.bulk_single import make_plan, make_single_tasks

        real_out = os.path.realpath(out_dir)
        if os.path.commonpath([real_out, os.path.realpath(cfg.source_root)]) == real_out:
            print(f"{cfg.path}: error: --output: in single mode the output repeats the "
                  "layout of the sources: it must not hold the source root", file=sys.stderr)
            return 2
        plan = make_plan(cfg)
        tasks = make_single_tasks(cfg, plan)
    else:
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
            if plan is not None:
                from texi2rst.commands.bulk_output import single_skeleton

                frame = single_skeleton(cfg, plan, results)
            else:
                frame = skeleton(cfg, results)
            counts, unchanged = write_outputs(out_dir, results, frame, args.force, reporter)
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
                                 texinfo_options(manual.include_dirs, manual.defines))
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
