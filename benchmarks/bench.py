#!/usr/bin/env python3
"""Time texi2rst against makeinfo on the same inputs, in the same run.

    python benchmarks/bench.py [--runs 5] [--shared ../shared] [--only texinfo,qemu-doc,bulk]

For each input, every tool runs ``--runs`` times as a fresh process (startup included), in
interleaved order; the script prints the median wall time, the ratio to ``makeinfo --xml``,
and the peak resident memory of each run's process tree (``ru_maxrss`` of the children,
taken as the largest over the runs of one command). Inputs:

* ``texinfo.texi`` (the Texinfo manual, ``shared/manuals/texinfo-6.8``):
  ``texi2rst convert texinfo.texi -o DIR`` (a Sphinx project) vs ``makeinfo --xml`` and
  ``makeinfo --plaintext``;
* ``qemu-doc.texi`` with its includes (``-I generated -I generated/docs -I docs``), likewise;
* the whole QEMU bulk conversion (``texi2rst bulk examples/qemu/texi2rst.toml``) vs makeinfo
  on the three QEMU manuals it contains (qemu-doc, qemu-qmp-ref, qemu-ga-ref), one after the
  other in one shell.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXI2RST = [sys.executable, "-m", "texi2rst.cli"]
if shutil.which("texi2rst"):
    TEXI2RST = [shutil.which("texi2rst")]  # type: ignore[list-item]
elif (Path(sys.executable).parent / "texi2rst").exists():
    TEXI2RST = [str(Path(sys.executable).parent / "texi2rst")]


def _measure(cmd: list[str] | str, cwd: str | None = None) -> tuple[float, int]:
    """Run a command in a child (via a helper process, so that RUSAGE_CHILDREN's maximum is
    this command's own); returns (seconds, peak RSS in KiB)."""
    helper = (
        "import resource, subprocess, sys, time, json\n"
        "cmd = json.loads(sys.argv[1]); cwd = sys.argv[2] or None\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(cmd, shell=isinstance(cmd, str), cwd=cwd,\n"
        "                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "dt = time.perf_counter() - t\n"
        "print(json.dumps([dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " r.returncode]))\n")
    import json

    out = subprocess.run([sys.executable, "-c", helper, json.dumps(cmd), cwd or ""],
                         capture_output=True, text=True, check=True).stdout
    seconds, rss, code = json.loads(out)
    if code not in (0, 1):
        raise SystemExit(f"command failed ({code}): {cmd}")
    return seconds, rss


def bench(name: str, commands: dict[str, list[str] | str], runs: int, cwd: str | None = None
          ) -> None:
    times: dict[str, list[float]] = {k: [] for k in commands}
    rss: dict[str, int] = {k: 0 for k in commands}
    for _ in range(runs):
        for label, cmd in commands.items():
            t, m = _measure(cmd, cwd)
            times[label].append(t)
            rss[label] = max(rss[label], m)
    base = statistics.median(times["makeinfo --xml"]) if "makeinfo --xml" in times else None
    print(f"\n{name} ({runs} runs)")
    print(f"  {'command':<24} {'median':>8} {'min':>8} {'ratio':>7} {'peak RSS':>10}")
    for label in commands:
        med = statistics.median(times[label])
        ratio = f"{med / base:.2f}x" if base else "-"
        print(f"  {label:<24} {med:>7.3f}s {min(times[label]):>7.3f}s {ratio:>7} "
              f"{rss[label] / 1024:>8.1f}MB")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--shared", default=str(ROOT.parent / "shared"))
    p.add_argument("--only", default="texinfo,qemu-doc,bulk")
    p.add_argument("--jobs", type=int, default=0, help="texi2rst bulk --jobs (default: CPUs)")
    args = p.parse_args()
    shared = Path(args.shared)
    corpus = shared / "corpus" / "qemu-v4.2.0"
    only = set(args.only.split(","))
    if not shutil.which("makeinfo"):
        print("makeinfo not found (Debian package texinfo)", file=sys.stderr)
        return 2
    version = subprocess.run(["makeinfo", "--version"], capture_output=True,
                             text=True).stdout.splitlines()[0]
    print(f"texi2rst: {' '.join(TEXI2RST)}; makeinfo: {version}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="texi2rst-bench-") as tmp:
        out = Path(tmp)
        if "texinfo" in only:
            manual = shared / "manuals" / "texinfo-6.8" / "texinfo.texi"
            if manual.exists():
                bench("texinfo.texi (851 KB) -> Sphinx project", {
                    "makeinfo --xml": ["makeinfo", "--xml", "-o", str(out / "t.xml"),
                                       str(manual)],
                    "makeinfo --plaintext": ["makeinfo", "--plaintext", "-o",
                                             str(out / "t.txt"), str(manual)],
                    "texi2rst convert": [*TEXI2RST, "convert", str(manual), "-o",
                                         str(out / "texinfo")],
                }, args.runs)
            else:
                print(f"skipped: {manual} not found")
        inc = ["-I", str(corpus / "generated"), "-I", str(corpus / "generated" / "docs"),
               "-I", str(corpus / "docs")]
        if "qemu-doc" in only and corpus.exists():
            doc = str(corpus / "qemu-doc.texi")
            bench("qemu-doc.texi (with its includes) -> Sphinx project", {
                "makeinfo --xml": ["makeinfo", "--xml", *inc, "-o", str(out / "q.xml"), doc],
                "makeinfo --plaintext": ["makeinfo", "--plaintext", *inc, "-o",
                                         str(out / "q.txt"), doc],
                "texi2rst convert": [*TEXI2RST, "convert", doc, *inc, "-o", str(out / "qemu")],
            }, args.runs)
        if "bulk" in only and corpus.exists():
            config = ROOT / "examples" / "qemu" / "texi2rst.toml"
            manuals = [corpus / "qemu-doc.texi", corpus / "docs/interop/qemu-qmp-ref.texi",
                       corpus / "docs/interop/qemu-ga-ref.texi"]
            incs = " ".join(inc)

            def chain(fmt: str) -> str:
                return " && ".join(f"makeinfo {fmt} {incs} -I {m.parent} -o "
                                   f"{out / (m.stem + fmt[2:])} {m}" for m in manuals)
            jobs = ["--jobs", str(args.jobs)] if args.jobs else []
            bench("whole QEMU bulk (examples/qemu/texi2rst.toml)", {
                "makeinfo --xml": chain("--xml"),
                "makeinfo --plaintext": chain("--plaintext"),
                "texi2rst bulk": [*TEXI2RST, "bulk", str(config), "-o", str(out / "bulk"),
                                  "-q", "--progress", "none", *jobs],
            }, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
