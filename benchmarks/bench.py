#!/usr/bin/env python3
"""Time texi2rst against makeinfo on the same inputs, in the same run.

    python benchmarks/bench.py [--runs 5] [--shared ../shared] [--only texinfo,qemu-doc,bulk]

For each input, every tool runs ``--runs`` times as a fresh process (startup included), in
interleaved order; the script prints the median wall time, the ratio to ``makeinfo --xml``,
and the peak resident memory of each run's process tree (``ru_maxrss`` of the children,
taken as the largest over the runs of one command). Inputs:

* small manuals: ``sed.texi`` and ``find.texi`` (``shared/manuals``);
* a large multi-file manual: the Texinfo manual's nodes twice, one included file per copy;
* a scaling series: ``sed.texi``'s nodes 1x, 2x, 4x, 8x, with time per byte at 8x against 1x;
* 100 in-process conversions of the Texinfo manual (``--api-runs``): memory growth, with the
  cycle collector on and off;
* ``texinfo.texi`` (the Texinfo manual, ``shared/manuals/texinfo-6.8``):
  ``texi2rst convert texinfo.texi -o DIR`` (a Sphinx project) vs ``makeinfo --xml`` and
  ``makeinfo --plaintext``;
* ``qemu-doc.texi`` with its includes (``-I . -I generated -I generated/docs -I docs``),
  likewise; makeinfo gets ``--force``: without it, it stops at the manual's menu errors
  before writing anything (half its work), and texi2rst must succeed;
* the whole QEMU bulk conversion (``texi2rst bulk examples/qemu/texi2rst.toml``) vs makeinfo
  on the three QEMU manuals it contains (qemu-doc, qemu-qmp-ref, qemu-ga-ref, ``--force``),
  one after the other in one shell.

Besides wall time, each command's CPU time (user + system, its children included) is shown
with its ratio: the machine is shared, and CPU time moves less with the load than wall time.
"""

from __future__ import annotations

import argparse
import os
import re
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


# ----------------------------------------------------------------- made-up larger manuals


def _manual_body(path: Path) -> str:
    """The nodes of a manual (after its Top node, before its last ``@bye``), with the included
    files that hold nodes of their own inlined (so that copies can rename them)."""
    text = path.read_text(encoding="utf-8")
    top = re.search(r"^@node\s+Top\b.*$", text, flags=re.M | re.I)
    if top is None:
        raise SystemExit(f"{path}: no Top node")
    rest = text[top.end():]
    first = re.search(r"^@node\s", rest, flags=re.M)
    rest = rest[first.start():] if first else rest
    ends = list(re.finditer(r"^@bye\b", rest, flags=re.M))
    rest = rest[:ends[-1].start()] if ends else rest

    def inline(m: re.Match[str]) -> str:
        included = path.parent / m.group(1).strip()
        inner = included.read_text(encoding="utf-8") if included.exists() else ""
        return inner if "@node" in inner else m.group(0)
    return re.sub(r"^@include\s+(\S+)\s*$", inline, rest, flags=re.M)


def _renamed(text: str, prefix: str) -> str:
    """``text`` with every node, anchor, float label and reference to them prefixed, so that
    several copies can stand in one manual."""
    text = re.sub(r"^@node\s+([^,\n]+).*$", lambda m: f"@node {prefix}{m.group(1).strip()}",
                  text, flags=re.M)

    def ref(m: re.Match[str]) -> str:
        target = m.group(2)
        if target.lstrip().startswith("("):
            return m.group(0)
        return f"@{m.group(1)}{{{prefix}{target.strip()}"
    text = re.sub(r"@(xref|pxref|ref|inforef)\{\s*([^,}]+)", ref, text)
    text = re.sub(r"@anchor\{([^}]+)\}", lambda m: f"@anchor{{{prefix}{m.group(1)}}}", text)

    def menu(block: re.Match[str]) -> str:
        out = re.sub(r"^\* ([^:\n]+)::", lambda m: f"* {prefix}{m.group(1)}::", block.group(0),
                     flags=re.M)
        return re.sub(r"^\* ([^:\n]+):(?!:)[ \t]*([^.,\t\n(][^.,\t\n]*)",
                      lambda m: f"* {m.group(1)}: {prefix}{m.group(2)}", out, flags=re.M)
    text = re.sub(r"^@menu\b.*?^@end menu", menu, text, flags=re.M | re.S)
    return re.sub(r"^(@float\s+[^,\n]*,\s*)(\S.*)$", lambda m: m.group(1) + prefix + m.group(2),
                  text, flags=re.M)


def scaled_manual(source: Path, copies: int, folder: Path) -> Path:
    """A manual made of ``copies`` copies of ``source``'s nodes, one included file each, as
    separate nodes (renamed ``c1 …``, ``c2 …``); the preamble is ``source``'s."""
    folder.mkdir(parents=True, exist_ok=True)
    for other in source.parent.glob("*.texi"):
        if other != source:
            shutil.copy(other, folder / other.name)
    body = _manual_body(source)
    includes = []
    for i in range(1, copies + 1):
        (folder / f"copy{i}.texi").write_text(_renamed(body, f"c{i} "), encoding="utf-8")
        includes.append(f"@include copy{i}.texi\n")
    head = source.read_text(encoding="utf-8")
    top = re.search(r"^@node\s+Top\b", head, flags=re.M | re.I)
    preamble = head[:top.start()] if top else head
    if preamble.count("@ifnottex") > preamble.count("@end ifnottex"):
        preamble = preamble[:preamble.rindex("@ifnottex")]
    main = folder / "scaled.texi"
    main.write_text(preamble + "@node Top\n@top Scaled\n\n" + "".join(includes) + "@bye\n",
                    encoding="utf-8")
    return main


def _size(main: Path) -> int:
    return sum(p.stat().st_size for p in main.parent.glob("*.texi"))


# ----------------------------------------------------------------- measuring


def _measure(cmd: list[str] | str, cwd: str | None = None, must_succeed: bool = False
             ) -> tuple[float, int, float]:
    """Run a command in a child (via a helper process, so that RUSAGE_CHILDREN's figures are
    this command's own); returns (wall seconds, peak RSS in KiB, CPU seconds: user + system
    of the command and its children, which machine load disturbs less than wall time)."""
    helper = (
        "import resource, subprocess, sys, time, json\n"
        "cmd = json.loads(sys.argv[1]); cwd = sys.argv[2] or None\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(cmd, shell=isinstance(cmd, str), cwd=cwd,\n"
        "                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "dt = time.perf_counter() - t\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([dt, u.ru_maxrss, u.ru_utime + u.ru_stime, r.returncode]))\n")
    import json

    out = subprocess.run([sys.executable, "-c", helper, json.dumps(cmd), cwd or ""],
                         capture_output=True, text=True, check=True).stdout
    seconds, rss, cpu, code = json.loads(out)
    # makeinfo exits 1 on the QEMU manuals' errors; texi2rst must succeed, or its time
    # would be that of a failure
    if code not in (0, 1) or (code and must_succeed):
        raise SystemExit(f"command failed ({code}): {cmd}")
    return seconds, rss, cpu


def bench(name: str, commands: dict[str, list[str] | str], runs: int, cwd: str | None = None
          ) -> dict[str, tuple[float, float]]:
    """Run each command ``runs`` times, interleaved; print and return the median wall and
    CPU times."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    cpus: dict[str, list[float]] = {k: [] for k in commands}
    rss: dict[str, int] = {k: 0 for k in commands}
    for _ in range(runs):
        for label, cmd in commands.items():
            t, m, c = _measure(cmd, cwd, must_succeed=label.startswith("texi2rst"))
            times[label].append(t)
            cpus[label].append(c)
            rss[label] = max(rss[label], m)
    base = statistics.median(times["makeinfo --xml"]) if "makeinfo --xml" in times else None
    cpu_base = statistics.median(cpus["makeinfo --xml"]) if base else None
    print(f"\n{name} ({runs} runs)")
    print(f"  {'command':<24} {'median':>8} {'min':>8} {'ratio':>7} {'CPU':>8} {'ratio':>7} "
          f"{'peak RSS':>10}")
    for label in commands:
        med, cpu = statistics.median(times[label]), statistics.median(cpus[label])
        ratio = f"{med / base:.2f}x" if base else "-"
        cpu_ratio = f"{cpu / cpu_base:.2f}x" if cpu_base else "-"
        print(f"  {label:<24} {med:>7.3f}s {min(times[label]):>7.3f}s {ratio:>7} "
              f"{cpu:>7.3f}s {cpu_ratio:>7} {rss[label] / 1024:>8.1f}MB")
    return {label: (statistics.median(times[label]), statistics.median(cpus[label]))
            for label in commands}


def _convert_vs_makeinfo(name: str, main: Path, out: Path, runs: int,
                         extra: list[str] | None = None) -> dict[str, tuple[float, float]]:
    extra = extra or []
    return bench(name, {
        "makeinfo --xml": ["makeinfo", "--xml", *extra, "-o", str(out / "m.xml"), "--",
                           str(main)],
        "texi2rst convert": [*TEXI2RST, "convert", *extra, "-o", str(out / "project"), "--",
                             str(main)],
        "texi2rst convert --jobs 1": [*TEXI2RST, "convert", "--jobs", "1", *extra, "-o",
                                      str(out / "project-1"), "--", str(main)],
    }, runs)


def scaling(source: Path, out: Path, runs: int, factors: tuple[int, ...] = (1, 2, 4, 8)
            ) -> None:
    """Time per byte of the same nodes 1x, 2x, 4x, 8x: texi2rst should grow linearly."""
    per_byte: dict[int, tuple[float, float]] = {}
    for k in factors:
        main = scaled_manual(source, k, out / f"scaled-{k}")
        size = _size(main)
        wall, cpu = _convert_vs_makeinfo(f"scaling: {source.name} x{k} ({size // 1024} KB)",
                                         main, out / f"scaled-{k}-out", runs)["texi2rst convert"]
        per_byte[k] = (wall / size, cpu / size)
    first, last = factors[0], factors[-1]
    print(f"\nscaling: time per byte at x{last} / at x{first} = "
          f"{per_byte[last][0] / per_byte[first][0]:.2f} wall, "
          f"{per_byte[last][1] / per_byte[first][1]:.2f} CPU (1.00 is linear; target <= 1.10)")


API_LOOP = """
import gc, resource, sys
from texi2rst.convert import texinfo_to_rst
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.options import Options
path, runs, collector = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if collector == "off":
    gc.disable()  # as the command line runs: only reference counting frees memory
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
marks = {}
for i in range(1, runs + 1):
    texinfo_to_rst(path, Options(), Reporter())
    if i in (10, runs):
        if collector == "on":
            gc.collect()
        marks[i] = rss()
print(f"cycle collector {collector}: peak RSS after 10 conversions {marks[10]:.1f} MB, "
      f"after {runs} {marks[runs]:.1f} MB: growth {marks[runs] - marks[10]:.1f} MB "
      "(target < 5 MB)")
"""


def api_memory(manual: Path, runs: int) -> None:
    """Memory growth over many in-process conversions (a Sphinx build or a generator), with
    the cycle collector on (the API's default) and off (a leak through reference cycles
    would show)."""
    print(f"\n{runs} in-process conversions of {manual.name} (texi2rst.convert.texinfo_to_rst)")
    for collector in ("on", "off"):
        subprocess.run([sys.executable, "-c", API_LOOP, str(manual), str(runs), collector],
                       check=True, cwd=manual.parent)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--shared", default=str(ROOT.parent / "shared"))
    p.add_argument("--only", default="small,texinfo,large,scaling,qemu-doc,bulk,api",
                   help="comma-separated sections (default: all)")
    p.add_argument("--api-runs", type=int, default=100,
                   help="in-process conversions for the memory-growth figure")
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
        manuals = shared / "manuals"
        if "small" in only:
            for small in (manuals / "sed" / "sed.texi", manuals / "findutils" / "find.texi"):
                if small.exists():
                    _convert_vs_makeinfo(f"small manual: {small.name} "
                                         f"({small.stat().st_size // 1024} KB)", small,
                                         out / small.stem, args.runs,
                                         ["-I", str(small.parent)])
        texinfo_manual = manuals / "texinfo-6.8" / "texinfo.texi"
        if "large" in only and texinfo_manual.exists():
            large = scaled_manual(texinfo_manual, 2, out / "large")
            files = len(list(large.parent.glob("*.texi")))
            _convert_vs_makeinfo(f"large multi-file manual: texinfo.texi x2 "
                                 f"({_size(large) // 1024} KB, {files} files)", large,
                                 out / "large-out", args.runs)
        if "scaling" in only and (manuals / "sed" / "sed.texi").exists():
            scaling(manuals / "sed" / "sed.texi", out, args.runs)
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
                    "texi2rst convert --jobs 1": [*TEXI2RST, "convert", "--jobs", "1",
                                                  str(manual), "-o", str(out / "texinfo-1")],
                }, args.runs)
            else:
                print(f"skipped: {manual} not found")
        # the corpus folder too: generated/qemu-options.texi includes qemu-option-trace.texi
        inc = ["-I", str(corpus), "-I", str(corpus / "generated"),
               "-I", str(corpus / "generated" / "docs"), "-I", str(corpus / "docs")]
        if "qemu-doc" in only and corpus.exists():
            doc = str(corpus / "qemu-doc.texi")
            bench("qemu-doc.texi (with its includes) -> Sphinx project", {
                "makeinfo --xml": ["makeinfo", "--xml", "--force", *inc, "-o",
                                   str(out / "q.xml"), doc],
                "makeinfo --plaintext": ["makeinfo", "--plaintext", "--force", *inc, "-o",
                                         str(out / "q.txt"), doc],
                "texi2rst convert": [*TEXI2RST, "convert", doc, *inc, "-o", str(out / "qemu")],
                "texi2rst convert --jobs 1": [*TEXI2RST, "convert", "--jobs", "1", doc, *inc,
                                              "-o", str(out / "qemu-1")],
            }, args.runs)
        if "bulk" in only and corpus.exists():
            config = ROOT / "examples" / "qemu" / "texi2rst.toml"
            manuals = [corpus / "qemu-doc.texi", corpus / "docs/interop/qemu-qmp-ref.texi",
                       corpus / "docs/interop/qemu-ga-ref.texi"]
            incs = " ".join(inc)

            def chain(fmt: str) -> str:
                return " ; ".join(f"makeinfo {fmt} --force {incs} -I {m.parent} -o "
                                  f"{out / (m.stem + fmt[2:])} {m}" for m in manuals)
            jobs = ["--jobs", str(args.jobs)] if args.jobs else []
            bench("whole QEMU bulk (examples/qemu/texi2rst.toml)", {
                "makeinfo --xml": chain("--xml"),
                "makeinfo --plaintext": chain("--plaintext"),
                "texi2rst bulk": [*TEXI2RST, "bulk", str(config), "-o", str(out / "bulk"),
                                  "-q", "--progress", "none", *jobs],
            }, args.runs)
        if "api" in only and texinfo_manual.exists():
            api_memory(texinfo_manual, args.api_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
