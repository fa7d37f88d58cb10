#!/usr/bin/env python3
"""The long fuzz run, to be started before a release:

    python benchmarks/fuzz_long.py --examples 20000 --seconds 900 [--kinds texi,hx,qapi]
                                   [--seed N] [--save DIR] [--no-corpus] [--no-docutils]

Feeds mutated Texinfo, ``.hx`` and QAPI input (the fixtures and, when present, the shared
corpus, cut, stripped of braces, with ``@end`` lines dropped or doubled, random bytes, huge
lines, deep nesting, random macros; see ``tests/fuzz_util.py``) to ``texi2rst`` through its
command line in-process, and checks each run as the CI fuzz tests do (no traceback or
internal error, exit 0/1, a located error for every exit 1, bounded time, UTF-8 output that
docutils reads). Stops after ``--examples`` inputs or ``--seconds``, whichever comes first;
prints the inputs tried, the time and the failures, and saves each failing input under
``--save`` (default ``fuzz-failures/``). Exit status 1 when something failed.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import fuzz_util  # noqa: E402


class _Hang(BaseException):
    """Raised by the alarm: BaseException, so that the CLI's catch-all lets it through."""


def _on_alarm(signum, frame):
    raise _Hang


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--kinds", default="texi,hx,qapi")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--save", default="fuzz-failures")
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("--no-docutils", action="store_true")
    ap.add_argument("--time-limit", type=float, default=5.0, help="seconds allowed per input")
    ap.add_argument("--hang-limit", type=int, default=60,
                    help="seconds after which an input counts as a hang")
    a = ap.parse_args()
    signal.signal(signal.SIGALRM, _on_alarm)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))  # as the console script
    seed = a.seed if a.seed is not None else random.randrange(2**32)
    rnd = random.Random(seed)
    kinds = a.kinds.split(",")
    pools = {k: fuzz_util.seeds(k, corpus=not a.no_corpus) for k in kinds}
    print(f"fuzz_long: seed {seed}; seeds " + ", ".join(f"{k} {len(p)}" for k, p in
                                                         pools.items()), flush=True)
    work = Path(tempfile.mkdtemp(prefix="texi2rst-fuzz-"))
    save = Path(a.save)
    tried = 0
    failures: collections.Counter[str] = collections.Counter()
    signatures: set[str] = set()
    start = time.monotonic()
    last_report = start
    try:
        while tried < a.examples and time.monotonic() - start < a.seconds:
            kind = kinds[tried % len(kinds)]
            data = fuzz_util.random_input(rnd, kind, pools[kind])
            mode = rnd.choice(["rst", "dir"] if kind == "texi" else
                              ["rst", "hx"] if kind == "hx" else ["rst"])
            case = work / f"case{tried}"
            signal.alarm(a.hang_limit)  # a hang becomes an (internal) error, not a stall
            try:
                problems = fuzz_util.check_run(kind, data, case, mode=mode,
                                               time_limit=a.time_limit,
                                               check_docutils=not a.no_docutils)
            except _Hang:
                problems = [f"hang: more than {a.hang_limit} s"]
            finally:
                signal.alarm(0)
            shutil.rmtree(case, ignore_errors=True)
            tried += 1
            for p in problems:
                sig = p.splitlines()[-1][:200] if p.startswith("internal") else p[:60]
                failures[sig] += 1
                if sig not in signatures:
                    signatures.add(sig)
                    save.mkdir(parents=True, exist_ok=True)
                    digest = hashlib.sha1(data).hexdigest()[:12]
                    ext = {"texi": "texi", "hx": "hx", "qapi": "json"}[kind]
                    (save / f"{digest}.{ext}").write_bytes(data)
                    (save / f"{digest}.txt").write_text(f"mode {mode}\n{p}\n", encoding="utf-8",
                                                        errors="backslashreplace")
                    shown = p[:300].encode("utf-8", "backslashreplace").decode("utf-8")
                    print(f"FAILURE ({kind}, {mode}) saved as {save / digest}: {shown}",
                          flush=True)
            if time.monotonic() - last_report > 60:
                last_report = time.monotonic()
                print(f"fuzz_long: {tried} inputs, {last_report - start:.0f} s, "
                      f"{sum(failures.values())} failures", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - start
    print(f"fuzz_long: {tried} inputs tried in {elapsed:.0f} s "
          f"({tried / max(elapsed, 1e-9):.1f}/s), {sum(failures.values())} failures, "
          f"{len(failures)} distinct")
    for sig, count in failures.most_common():
        print(f"  {count:5d}  " + sig.encode("utf-8", "backslashreplace").decode("utf-8"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
