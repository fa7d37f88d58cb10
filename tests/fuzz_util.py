"""Shared machinery of the fuzz tests and of ``benchmarks/fuzz_long.py``.

Seeds are the fixtures (and, when present, the shared corpus); mutations are the mistakes
documentation trees are full of. :func:`check_run` runs the CLI in-process on one input and
returns a list of problems (empty when the run behaved): a traceback or ``internal error``,
an exit code other than 0/1, an exit 1 without a located ``file:line: error:``, too much
time, output that is not UTF-8 or that docutils cannot read.
"""

from __future__ import annotations

import gc
import io
import os
import random
import re
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = Path(os.environ.get("TEXI2RST_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "qemu-v4.2.0"

_LOCATED = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+)(?::\d+)?: error:", re.M)
_MAX_SEED_BYTES = 200_000


def _seed_files(kind: str, corpus: bool) -> list[Path]:
    pattern = {"texi": "*.texi", "hx": "*.hx", "qapi": "*.json"}[kind]
    found = sorted(FIXTURES.rglob(pattern))
    if corpus and CORPUS.exists():
        found += sorted(p for p in CORPUS.rglob(pattern) if p.stat().st_size < _MAX_SEED_BYTES)
    return found


def seeds(kind: str, corpus: bool = False) -> list[bytes]:
    """The seed inputs of one kind: ``texi``, ``hx`` or ``qapi``."""
    return [p.read_bytes() for p in _seed_files(kind, corpus)]


# ----------------------------------------------------------------------------- mutations

_COMMANDS = [b"@code{", b"@var{", b"@emph{", b"@xref{", b"@ref{", b"@footnote{", b"@verb{|",
             b"@item ", b"@itemx ", b"@tab ", b"@end table", b"@end itemize", b"@table @asis",
             b"@itemize @bullet", b"@enumerate", b"@multitable @columnfractions .5 .5",
             b"@example", b"@end example", b"@node X", b"@node ../../x", b"@node /etc/passwd",
             b"@chapter C", b"@section S", b"@subsection U", b"@menu", b"@end menu",
             b"* N::", b"@ifset a", b"@end ifset", b"@set a b", b"@value{a}", b"@clear a",
             b"@macro m{p}", b"@end macro", b"@m{x}", b"@include nonexist.texi",
             b"@include ../../../../../../etc/passwd", b"@verbatiminclude /etc/hostname",
             b"@deffn Command foo bar", b"@end deffn", b"@defvrx V w", b"@quotation",
             b"@end quotation", b"@float Figure,f", b"@end float", b"@caption{", b"@anchor{a}",
             b"@image{x}", b"@w{", b"@{", b"@}", b"@@", b"@", b"{", b"}", b"@c man begin",
             b"@c man end", b"@ignore", b"@end ignore", b"@html", b"@end html", b"@tex",
             b"@bye", b"@alias a = b", b"@definfoenclose a,<,>", b"@defindex z", b"@zindex q",
             b"@printindex cp", b"@printindex zz", b"@contents", b"@documentencoding latin1",
             b"@top T", b"@appendix A", b"@unnumbered U", b"@heading H", b"@cartouche",
             b"@end cartouche", b"@titlepage", b"@end titlepage", b"@sp 2", b"@ifnottex",
             b"@end ifnottex", b"@inlinefmt{html,", b"@math{", b"@displaymath",
             b"@end displaymath", b"@indicateurl{", b"@uref{http://x,", b"@email{a@@b,",
             b"@acronym{A,", b"@exdent", b"@center", b"@noindent", b"@dots{}", b"@result{}",
             b"@'e", b"@~{n}", b"@dotless{i}", b"@U{1F600}", b"@U{zzz}", b"@sc{", b"@t{"]
_HX = [b"STEXI", b"ETEXI", b"SRST", b"ERST", b"DEFHEADING(Head)", b"ARCHHEADING(A, B)",
       b"DEF(\"x\", HAS_ARG, QEMU_OPTION_x,", b"    \"-x\\n\", QEMU_ARCH_ALL)", b"HXCOMM c",
       b"{", b"    .name = \"n\",", b"},", b"@item -x @var{y}", b"@findex x",
       b"@table @option", b"@end table"]
_QAPI = [b"{ 'include': 'sub/x.json' }", b"{ 'include': '../../../../etc/passwd' }",
         b"{ 'include': 'missing.json' }", b"##", b"# @Foo:", b"# @bar: text",
         b"{ 'struct': 'Foo', 'data': { 'bar': 'str' } }", b"{ 'command': 'c' }",
         b"{ 'enum': 'E', 'data': [ 'a', 'b' ] }", b"# Returns: x", b"# Since: 1.0",
         b"{ 'pragma': { 'doc-required': true } }", b"{ 'union': 'U', 'base': 'Foo' }",
         b"{", b"}", b"[", b"]", b"'", b"#", b"# = Heading", b"# == Sub", b"# @arg: ",
         b"{ 'event': 'E' }", b"{ 'alternate': 'A', 'data': { 'a': 'int' } }",
         b"{ 'struct': 'S', 'features': [ 'deprecated' ] }", b"# Features:"]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _truncate(rnd: random.Random, data: bytes, kind: str) -> bytes:
    return data[: rnd.randrange(len(data) + 1)]


def _drop_braces(rnd: random.Random, data: bytes, kind: str) -> bytes:
    if rnd.random() < 0.3:
        return data.replace(b"{" if rnd.random() < 0.5 else b"}", b"")
    out = bytearray()
    for b in data:
        if b in b"{}" and rnd.random() < 0.2:
            continue
        out.append(b)
    return bytes(out)


def _ends(rnd: random.Random, data: bytes, kind: str) -> bytes:
    marker = {"texi": (b"@end",), "hx": (b"ETEXI", b"ERST", b"@end"),
              "qapi": (b"##", b"}")}[kind]
    out = []
    double = rnd.random() < 0.5
    for line in _lines(data):
        if line.lstrip().startswith(marker) and rnd.random() < 0.5:
            if double:
                out += [line, line]
            continue
        out.append(line)
    return b"\n".join(out)


def _random_bytes(rnd: random.Random, data: bytes, kind: str) -> bytes:
    pos = rnd.randrange(len(data) + 1)
    junk = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 40)))
    if rnd.random() < 0.3:
        junk = rnd.choice([b"\xff\xfe", b"\xc3", b"\xe2\x82", b"\x00", b"\r", b"\x1b[0m",
                           b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\xf4\x90\x80\x80"])
    return data[:pos] + junk + data[pos:]


def _huge_line(rnd: random.Random, data: bytes, kind: str) -> bytes:
    size = rnd.choice([10_000, 100_000, 300_000])
    unit = rnd.choice([b"a", b"word ", b"@@", b"@code{x} ", b"-", b"`", b"*", b"\\", b"'",
                       b"@{", b"\t"])
    line = unit * (size // len(unit))
    lines = _lines(data)
    lines.insert(rnd.randrange(len(lines) + 1), line)
    return b"\n".join(lines)


def _deep_nesting(rnd: random.Random, data: bytes, kind: str) -> bytes:
    depth = rnd.choice([50, 300, 3000, 100_000])
    if kind == "qapi":
        opener, closer = rnd.choice([(b"[", b"]"), (b"{ 'a': ", b"}")])
        text = b"{ 'struct': 'Deep', 'data': { 'x': " + opener * depth + b"'int'" \
            + (closer * depth if rnd.random() < 0.5 else b"") + b" } }"
    elif rnd.random() < 0.5:
        cmd = rnd.choice([b"@code{", b"@emph{", b"{", b"@footnote{", b"@w{", b"@var{"])
        text = cmd * depth + b"x" + (b"}" * depth if rnd.random() < 0.5 else b"")
    else:
        depth = min(depth, 5000)
        block = rnd.choice([b"quotation", b"itemize", b"table @asis", b"example",
                            b"enumerate", b"ifset x", b"ifclear x", b"cartouche"])
        name = block.split()[0]
        text = (b"@" + block + b"\n@item i\n") * depth + b"text\n"
        if rnd.random() < 0.5:
            text += (b"@end " + name + b"\n") * depth
    if kind == "hx":
        text = b"STEXI\n" + text + b"\nETEXI"
    lines = _lines(data)
    lines.insert(rnd.randrange(len(lines) + 1), text)
    return b"\n".join(lines)


def _macro(rnd: random.Random, data: bytes, kind: str) -> bytes:
    name = rnd.choice([b"m", b"code", b"foo", b"end", b"value", b"a-b", b"x1"])
    params = rnd.choice([b"", b"{}", b"{p}", b"{p, q}", b"{p,", b"{ }"])
    body = rnd.choice([b"\\p\\", b"@" + name + b"{\\p\\}", b"@" + name + b"{@" + name + b"{}}",
                       b"x @" + name + b" y", b"@end macro", b"\\q\\ \\\\", b"{", b"}",
                       b"@" + name + b"\n@" + name, b"@table @asis\n@item \\p\\",
                       b"@value{v}@set v @" + name + b"{}"])
    kw = rnd.choice([b"macro", b"rmacro"])
    defn = b"@" + kw + b" " + name + b" " + params + b"\n" + body + b"\n@end " + kw
    calls = [rnd.choice([b"@" + name + b"{a}", b"@" + name + b" arg", b"@" + name + b"{a,b,c}",
                         b"@" + name + b"{", b"@" + name + b"{a\\,b}", b"@" + name])
             for _ in range(rnd.randrange(1, 4))]
    text = defn + b"\n" + b"\n".join(calls)
    if kind == "hx":
        text = b"STEXI\n" + text + b"\nETEXI"
    lines = _lines(data)
    lines.insert(rnd.randrange(len(lines) + 1), text)
    return b"\n".join(lines)


def _splice(rnd: random.Random, data: bytes, kind: str) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    op = rnd.randrange(4)
    i = rnd.randrange(len(lines))
    j = min(len(lines), i + rnd.randrange(1, 20))
    if op == 0:
        del lines[i:j]
    elif op == 1:
        lines[i:i] = lines[i:j]
    elif op == 2:
        k = rnd.randrange(len(lines))
        lines[i], lines[k] = lines[k], lines[i]
    else:
        chunk = lines[i:j]
        del lines[i:j]
        k = rnd.randrange(len(lines) + 1)
        lines[k:k] = chunk
    return b"\n".join(lines)


def _insert_token(rnd: random.Random, data: bytes, kind: str) -> bytes:
    vocab = {"texi": _COMMANDS, "hx": _COMMANDS + _HX, "qapi": _QAPI}[kind]
    out = data
    for _ in range(rnd.randrange(1, 6)):
        pos = rnd.randrange(len(out) + 1)
        if rnd.random() < 0.5:  # at a line start
            pos = out.rfind(b"\n", 0, pos) + 1
        tok = rnd.choice(vocab) + rnd.choice([b"", b"\n", b" ", b"}"])
        out = out[:pos] + tok + out[pos:]
    return out


def _whitespace(rnd: random.Random, data: bytes, kind: str) -> bytes:
    choice = rnd.randrange(4)
    if choice == 0:
        return data.replace(b"\n", b"\r\n")
    if choice == 1:
        return data.replace(b"\n", b"\r")
    if choice == 2:
        return b"\n".join(b"  " + line for line in _lines(data))
    return data.replace(b"  ", b"\t")


MUTATIONS = {
    "truncate": _truncate, "drop_braces": _drop_braces, "ends": _ends,
    "random_bytes": _random_bytes, "huge_line": _huge_line, "deep_nesting": _deep_nesting,
    "macro": _macro, "splice": _splice, "insert_token": _insert_token,
    "whitespace": _whitespace,
}


def mutate(data: bytes, kind: str, steps: list[tuple[str, int]]) -> bytes:
    """Apply mutations ``[(name, seed), …]`` to ``data``."""
    for name, seed in steps:
        if name == "macro" and kind == "qapi":
            name = "insert_token"
        data = MUTATIONS[name](random.Random(seed), data, kind)
    return data


def random_input(rnd: random.Random, kind: str, pool: list[bytes]) -> bytes:
    """One input for the long run: a seed with 1–4 mutations, or (rarely) pure noise."""
    if rnd.random() < 0.03:
        return bytes(rnd.randrange(256) for _ in range(rnd.randrange(2000)))
    steps = [(rnd.choice(list(MUTATIONS)), rnd.randrange(2**32))
             for _ in range(rnd.randrange(1, 5))]
    return mutate(rnd.choice(pool), kind, steps)


# ----------------------------------------------------------------------------- checking

def run_cli(argv: list[str]) -> tuple[int, str, str]:
    from texi2rst.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.getrecursionlimit()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    sys.setrecursionlimit(old)
    return code, out.getvalue(), err.getvalue()


def located_errors(stderr: str) -> list[tuple[str, int]]:
    return [(m.group("file"), int(m.group("line"))) for m in _LOCATED.finditer(stderr)]


def docutils_parses(text: str) -> str | None:
    """None when docutils reads ``text`` without an exception, else the exception."""
    import docutils.core
    import docutils.utils

    settings = {"report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(),
                "file_insertion_enabled": False, "raw_enabled": False,
                "_disable_config": True}
    try:
        docutils.core.publish_doctree(text, settings_overrides=settings)
    except docutils.utils.SystemMessage:
        return None
    except Exception as e:  # noqa: BLE001 - what we look for
        return f"docutils crashed: {type(e).__name__}: {e}"
    return None


def _timed_run(argv: list[str]) -> tuple[int, str, float]:
    """Run the CLI in-process; (exit code, stderr, CPU seconds). CPU time, not wall time: the
    bound is on texi2rst's work, not on a stalled machine; the objects earlier tests left
    are frozen out of the cycle collector's passes, which are not this input's work."""
    gc.collect()
    gc.freeze()
    try:
        start = time.process_time()
        code, _stdout, stderr = run_cli(argv)
        return code, stderr, time.process_time() - start
    finally:
        gc.unfreeze()


# In the test suite the CPU bound only catches hangs (and super-linear blow-ups): a loaded CI
# machine has measured 6 s for an input that takes 0.3 s. The speed bound for small inputs
# (10 s for 1 KB) is enforced by tests/test_bombs.py on known bombs, in a subprocess, and by
# benchmarks/fuzz_long.py, which runs 10^5 inputs alone on the machine.
HANG_LIMIT = 60.0


def check_run(kind: str, data: bytes, workdir: Path, *, mode: str = "rst",
              time_limit: float = HANG_LIMIT, check_docutils: bool = True) -> list[str]:
    """Convert ``data`` (a ``texi``, ``hx`` or ``qapi`` input) through the CLI; the problems."""
    workdir.mkdir(parents=True, exist_ok=True)
    name = {"texi": "in.texi", "hx": "in.hx", "qapi": "in.json"}[kind]
    src = workdir / name
    src.write_bytes(data)
    if kind == "texi":
        out = workdir / ("out" if mode == "dir" else "out.rst")
        argv = ["convert", str(src), "-o", str(out)]
    elif kind == "hx":
        out = workdir / ("out.hx" if mode == "hx" else "out.rst")
        argv = ["hx", str(src), "-o", str(out)]
    else:
        out = workdir / "out.rst"
        argv = ["qapi", str(src), "-o", str(out)]
    code, stderr, elapsed = _timed_run(argv)
    if elapsed > time_limit:
        # one slow run in a long test process may be the process's own work (the cycle
        # collector, caches of earlier tests); texi2rst is slow on the input if it is again
        code, stderr, elapsed = _timed_run(argv)
    problems = []
    if "internal error" in stderr or "Traceback" in stderr:
        problems.append(f"internal error: {stderr[-1500:]}")
    if code not in (0, 1):
        problems.append(f"exit code {code}: {stderr[-500:]}")
    if code == 1:
        errors = located_errors(stderr)
        if not errors:
            problems.append(f"exit 1 without a located error: {stderr[-500:]}")
        elif not any(line > 0 for _f, line in errors):
            problems.append(f"exit 1, errors only at line 0: {stderr[-500:]}")
    if elapsed > time_limit:
        problems.append(f"took {elapsed:.1f} s")
    if code == 0 or out.exists():
        files = [out] if out.is_file() else sorted(out.rglob("*")) if out.exists() else []
        for f in files:
            if not f.is_file() or f.suffix not in (".rst", ".hx", ".txt", ".py"):
                continue
            try:
                text = f.read_bytes().decode("utf-8")
            except UnicodeDecodeError as e:
                if f.suffix == ".hx":  # a rewritten .hx keeps the bytes the input had
                    continue
                problems.append(f"{f.name} is not UTF-8: {e}")
                continue
            if check_docutils and f.suffix == ".rst":
                crash = docutils_parses(text)
                if crash:
                    problems.append(f"{f.name}: {crash}")
    return problems
