"""Reliability: limits with located errors, include safety, safe file names, atomic output,
determinism across runs and hash seeds, the conformance cases."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED, run_cli, sphinx_build
from fuzz_util import located_errors

LOCATED = re.compile(r"^(?P<file>[^\n:]+):(?P<line>[1-9]\d*): error: ", re.M)


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _error_at(stderr: str, path: Path, line: int, words: str) -> None:
    """stderr has ``path:line: error: …words…``."""
    wanted = f"{path}:{line}: error: "
    assert any(s.startswith(wanted) and words in s for s in stderr.splitlines()), stderr


# ----------------------------------------------------------------------------- limits

@pytest.mark.parametrize("option, value, raised, text, line, words", [
    ("--max-macro-expansions", None, None,
     "@rmacro m\n@m\n@end rmacro\n\n@m\n", 5, "macro expansions"),
    ("--max-macro-expansions", "5", "50",
     "@macro m\nx\n@end macro\n\n" + "@m{}\n" * 10, 10, "macro expansions"),
    ("--max-nesting", "3", "10",
     "@quotation\n@quotation\n@quotation\n@quotation\nx\n@end quotation\n@end quotation\n"
     "@end quotation\n@end quotation\n", 4, "nested more than 3"),
    ("--max-brace-depth", "5", "10", "A\n@code{@code{@code{@code{@code{@code{x}}}}}}\n", 2,
     "braces nested more than 5"),
    ("--max-line-chars", "50", "500", "short\n" + "a" * 100 + "\n", 2, "longer than 50"),
    ("--max-input-bytes", "100", "10000", "x\n" * 100, 0, "larger than 100"),
])
def test_limits_end_to_end(tmp_path, option, value, raised, text, line, words):
    src = _write(tmp_path / "in.texi", text)
    out = tmp_path / "out.rst"
    args = ["convert", str(src), "-o", str(out)]
    code, _o, err = run_cli(*args, *([option, value] if value else []))
    assert code == 1 and "internal error" not in err and "Traceback" not in err
    if line:
        _error_at(err, src, line, words)
    else:  # the main file itself is too big: the error names it
        assert f"{src}: error:" in err or f"{src}:0: error:" in err, err
        assert words in err
    assert not out.exists()
    if raised:
        code, _o, err = run_cli(*args, option, raised)
        assert code == 0, err
        assert out.exists()


def test_include_depth_cycle_and_missing(tmp_path):
    for i in range(5):
        _write(tmp_path / f"d{i}.texi", f"@include d{i + 1}.texi\n")
    _write(tmp_path / "d5.texi", "deep\n")
    main = _write(tmp_path / "main.texi", "@include d0.texi\n")
    code, _o, err = run_cli("convert", str(main), "-o", "-", "--max-include-depth", "3")
    assert code == 1
    assert "deep (--max-include-depth)" in err and located_errors(err)[0][1] > 0, err
    code, out, err = run_cli("convert", str(main), "-o", "-", "--max-include-depth", "10")
    assert code == 0 and "deep" in out, err

    _write(tmp_path / "a.texi", "A\n\n@include b.texi\n")
    _write(tmp_path / "b.texi", "B\n\n@include a.texi\n")
    code, _o, err = run_cli("convert", str(tmp_path / "a.texi"), "-o", "-")
    assert code == 1
    _error_at(err, tmp_path / "b.texi", 3, "cycle")

    missing = _write(tmp_path / "missing.texi", "Text\n\n@include nowhere.texi\n")
    code, _o, err = run_cli("convert", str(missing), "-o", "-")
    assert code == 1
    _error_at(err, missing, 3, "nowhere.texi")


# ----------------------------------------------------------------------------- includes

@pytest.fixture
def tree(tmp_path, monkeypatch):
    """tmp/tree/… the input's tree; tmp/outside/… elsewhere; the working folder is the tree."""
    _write(tmp_path / "outside" / "secret.texi", "SECRET-TEXT\n")
    _write(tmp_path / "outside" / "secret.json", "##\n# @secret-cmd:\n#\n# SECRET-DOC.\n##\n"
           "{ 'command': 'secret-cmd' }\n")
    _write(tmp_path / "incdir" / "allowed.texi", "ALLOWED-TEXT\n")
    root = tmp_path / "tree"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def test_texinfo_include_outside_is_refused(tree, tmp_path):
    secret = tmp_path / "outside" / "secret.texi"
    for spelling in ("../outside/secret.texi", str(secret)):
        src = _write(tree / "main.texi", f"Intro\n\n@include {spelling}\n")
        code, out, err = run_cli("convert", str(src), "-o", "-")
        assert code == 1 and "SECRET" not in out
        _error_at(err, src, 3, "outside the input's tree")
        code, out, err = run_cli("convert", str(src), "-o", "-", "--allow-outside-includes")
        assert code == 0 and "SECRET-TEXT" in out, err
    # a symbolic link inside the tree that points out of it counts as outside
    os.symlink(secret, tree / "link.texi")
    src = _write(tree / "main.texi", "Intro\n\n@include link.texi\n")
    code, out, err = run_cli("convert", str(src), "-o", "-")
    assert code == 1 and "SECRET" not in out
    _error_at(err, src, 3, "outside")
    # @verbatiminclude too
    src = _write(tree / "main.texi", f"Intro\n\n@verbatiminclude {secret}\n")
    code, out, err = run_cli("convert", str(src), "-o", "-")
    assert code == 1 and "SECRET" not in out, out
    # an -I folder is part of the allowed tree
    src = _write(tree / "main.texi", "Intro\n\n@include allowed.texi\n")
    code, out, err = run_cli("convert", str(src), "-o", "-", "-I", str(tmp_path / "incdir"))
    assert code == 0 and "ALLOWED-TEXT" in out, err


def test_hx_include_outside_is_refused(tree, tmp_path):
    hx = _write(tree / "options.hx", "STEXI\nIntro\n\n@include ../outside/secret.texi\nETEXI\n")
    out = tree / "out.rst"
    code, _o, err = run_cli("hx", str(hx), "-o", str(out))
    assert code == 1 and not out.exists()
    _error_at(err, hx, 4, "outside")
    code, _o, err = run_cli("hx", str(hx), "-o", str(out), "--allow-outside-includes")
    assert code == 0, err
    assert "SECRET-TEXT" in out.read_text(encoding="utf-8")


def test_qapi_include_outside_is_refused(tree, tmp_path):
    schema = _write(tree / "schema.json",
                    "{ 'include': '../outside/secret.json' }\n{ 'command': 'mine' }\n")
    out = tree / "out.rst"
    code, _o, err = run_cli("qapi", str(schema), "-o", str(out))
    assert code == 1 and not out.exists()
    _error_at(err, schema, 1, "outside")
    code, _o, err = run_cli("qapi", str(schema), "-o", str(out), "--allow-outside-includes")
    assert code == 0, err
    assert "SECRET-DOC" in out.read_text(encoding="utf-8")
    # includes under the schema's folder stay allowed
    code, _o, err = run_cli("qapi", str(FIXTURES / "qapi" / "main.json"), "-o",
                            str(tree / "main.rst"))
    assert code == 0, err


def test_sphinx_hx_directive_texinfo_include_stays_in_srcdir(tmp_path):
    src = tmp_path / "src"
    _write(tmp_path / "secret.texi", "SECRET-TEXT\n")
    _write(src / "conf.py", "extensions = ['texi2rst.sphinx']\n")
    _write(src / "index.rst", "T\n=\n\n.. hxtool-doc:: opts.hx\n")
    _write(src / "opts.hx", "STEXI\nIntro\n\n@include ../secret.texi\nETEXI\n")
    out = tmp_path / "out"
    _code, warnings = sphinx_build(src, out)
    assert "outside" in warnings, warnings
    assert "SECRET" not in (out / "index.html").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- file names

HOSTILE_NODES = ["../../x", "/etc/passwd", "..", ".", "a/../../b", "~root", "-rf",
                 "C:\\Windows\\x", "x" * 300, "Ünïcödé ✓ 名前", "\u202eevil", "nul\x01",
                 ".hidden", "index", "conf", "  "]


@pytest.mark.parametrize("split", ["node", "chapter", "section"])
def test_node_names_give_safe_file_names(tmp_path, split):
    parts = ["@node Top\n@top Manual\n\n@menu\n@end menu\n"]
    for i, name in enumerate(HOSTILE_NODES):
        safe = name.replace("@", "@@").replace(",", "").strip() or f"blank{i}"
        parts.append(f"@node {safe}\n@chapter Chapter {i} {safe}\n\nText {i}.\n\n"
                     f"@section Sec {i}\n\nMore.\n")
    src = _write(tmp_path / "in" / "hostile.texi", "".join(parts))
    out = tmp_path / "work" / "out"
    code, _o, err = run_cli("convert", str(src), "-o", str(out), "--split", split)
    assert "internal error" not in err and "Traceback" not in err, err
    assert code in (0, 1)
    written = [p for p in (tmp_path / "work").rglob("*")]
    real_out = os.path.realpath(out)
    for p in written:
        real = os.path.realpath(p)
        assert real == real_out or real.startswith(real_out + os.sep), p
        assert len(p.name.encode()) < 255
        if p.is_file():
            assert re.fullmatch(r"[A-Za-z0-9._-]+", p.name), p.name
    assert not (tmp_path / "x").exists() and not (tmp_path / "b").exists()
    if code == 0:
        names = [p.relative_to(out).as_posix() for p in out.rglob("*.rst")]
        assert len(names) == len(set(n.lower() for n in names))
        if split != "section":
            assert len(names) >= len(HOSTILE_NODES)


# ----------------------------------------------------------------------------- output safety

HX = "HXCOMM comment\nDEF(\"x\", HAS_ARG, QEMU_OPTION_x,\n    \"-x y\\n\", QEMU_ARCH_ALL)\n" \
     "STEXI\n@table @option\n@item -x @var{y}\n@findex -x\nDo x with @var{y}.\n" \
     "@end table\nETEXI\n"


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]


def test_in_place_failure_leaves_the_original(tmp_path, monkeypatch):
    hx = _write(tmp_path / "opts.hx", HX * 20)
    before = hx.read_bytes()

    def broken_replace(a, b):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        from texi2rst.writers.hx import convert_hx
        convert_hx(str(hx), None, in_place=True)
    code, _o, err = run_cli("hx", str(hx), "--in-place")
    assert code == 1 and "No space left" in err
    monkeypatch.undo()
    assert hx.read_bytes() == before
    assert _temp_files(tmp_path) == []


def test_in_place_failing_write_leaves_the_original(tmp_path, monkeypatch):
    hx = _write(tmp_path / "opts.hx", HX * 20)
    before = hx.read_bytes()
    real_fsync = os.fsync

    def broken_fsync(fd):
        real_fsync(fd)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    code, _o, err = run_cli("hx", str(hx), "--in-place")
    monkeypatch.undo()
    assert code == 1 and "Input/output error" in err
    assert hx.read_bytes() == before
    assert _temp_files(tmp_path) == []


def test_in_place_killed_leaves_original_or_result(tmp_path):
    """SIGKILL at random moments: the file is the original or the finished result."""
    body = HX * 400
    original = body.encode()
    expected_dir = tmp_path / "expected"
    _write(expected_dir / "opts.hx", body)
    code, _o, err = run_cli("hx", str(expected_dir / "opts.hx"), "--in-place")
    assert code == 0, err
    converted = (expected_dir / "opts.hx").read_bytes()
    assert converted != original
    rnd = random.Random(8)
    seen = set()
    for attempt in range(8):
        folder = tmp_path / f"run{attempt}"
        hx = _write(folder / "opts.hx", body)
        proc = subprocess.Popen([sys.executable, "-c",
                                 "import sys; from texi2rst.cli import main; "
                                 "sys.exit(main(sys.argv[1:]))", "hx", str(hx), "--in-place"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.05, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = hx.read_bytes()
        assert data in (original, converted), f"half-written file after kill {attempt}"
        seen.add(data == converted)
        # a temporary file may survive SIGKILL, but never under the target's name
        assert all(p.name.startswith(".texi2rst-") for p in _temp_files(folder))


def test_errors_leave_previous_output_intact(tmp_path):
    good = _write(tmp_path / "good.texi", "@node Top\n@top T\n\n@node C\n@chapter C\n\nGood.\n")
    bad = _write(tmp_path / "bad.texi", "@node Top\n@top T\n\n@node C\n@chapter C\n\n"
                 "@include missing.texi\n")
    out_rst = tmp_path / "out.rst"
    out_dir = tmp_path / "project"
    assert run_cli("convert", str(good), "-o", str(out_rst))[0] == 0
    assert run_cli("convert", str(good), "-o", str(out_dir))[0] == 0
    rst_before = out_rst.read_bytes()
    dir_before = {p: p.read_bytes() for p in out_dir.rglob("*") if p.is_file()}
    assert run_cli("convert", str(bad), "-o", str(out_rst))[0] == 1
    assert run_cli("convert", str(bad), "-o", str(out_dir))[0] == 1
    assert out_rst.read_bytes() == rst_before
    assert {p: p.read_bytes() for p in out_dir.rglob("*") if p.is_file()} == dir_before
    # hx and qapi: nothing written for a failing input
    hx = _write(tmp_path / "bad.hx", "STEXI\n@table @option\n@item -x\nETEXI\nSTEXI\n")
    before = hx.read_bytes()
    assert run_cli("hx", str(hx), "--in-place")[0] == 1
    assert hx.read_bytes() == before
    assert run_cli("hx", str(hx), "-o", str(tmp_path / "hx.rst"))[0] == 1
    assert not (tmp_path / "hx.rst").exists()
    schema = _write(tmp_path / "bad.json", "{ 'command': }\n")
    assert run_cli("qapi", str(schema), "-o", str(tmp_path / "q.rst"))[0] == 1
    assert not (tmp_path / "q.rst").exists()
    assert _temp_files(tmp_path) == []


# ----------------------------------------------------------------------------- determinism

def _run_seeded(seed: str, *args: str, cwd: Path) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run([sys.executable, "-c", "import sys; from texi2rst.cli import run; "
                           "sys.argv[0] = 'texi2rst'; run()", *args],
                          env=env, cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _snapshot(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.relative_to(path).as_posix(): p.read_bytes()
            for p in sorted(path.rglob("*")) if p.is_file()}


def test_output_is_identical_across_hash_seeds(tmp_path):
    texi = FIXTURES / "project" / "book.texi"
    manual = FIXTURES / "texinfo" / "macros.texi"
    hx = FIXTURES / "hx" / "options.hx"
    schema = FIXTURES / "qapi" / "main.json"
    jobs = {
        "book.rst": ["convert", str(texi), "-o", "{out}"],
        "book": ["convert", str(texi), "-o", "{out}", "--split", "node"],
        "macros.rst": ["convert", str(manual), "-o", "{out}"],
        "hx.rst": ["hx", str(hx), "-o", "{out}"],
        "hx.hx": ["hx", str(hx), "-o", "{out}"],
        "qapi.rst": ["qapi", str(schema), "-o", "{out}"],
        "qapi": ["qapi", str(schema), "-o", "{out}"],
    }
    results = {}
    for seed in ("0", "1"):
        base = tmp_path / f"seed{seed}"
        base.mkdir()
        for name, argv in jobs.items():
            out = base / name
            _run_seeded(seed, *[a.format(out=out) for a in argv], cwd=base)
            results[(seed, name)] = _snapshot(out)
    for name in jobs:
        assert results[("0", name)], name
        assert results[("0", name)] == results[("1", name)], name


def test_in_place_twice_changes_nothing(tmp_path):
    for source in (FIXTURES / "hx" / "options.hx", FIXTURES / "hx" / "hmp-fixture.hx"):
        hx = _write(tmp_path / source.name, source.read_bytes())
        for extra in (FIXTURES / "hx").glob("*.texi"):
            _write(tmp_path / extra.name, extra.read_bytes())
        code, _o, err = run_cli("hx", str(hx), "--in-place")
        assert code == 0, err
        once = hx.read_bytes()
        code, _o, err = run_cli("hx", str(hx), "--in-place")
        assert code == 0, err
        assert hx.read_bytes() == once, source.name


def test_bulk_is_identical_with_one_or_two_jobs(tmp_path):
    from texi2rst.cli import SUBCOMMAND_MODULES

    if "bulk" not in SUBCOMMAND_MODULES:
        pytest.skip("texi2rst bulk is not there")
    tree = tmp_path / "tree"
    _write(tree / "a.texi", "@node Top\n@top A\n\n@node One\n@chapter One\n\nText @ref{Two}.\n\n"
                            "@node Two\n@chapter Two\n\n@cindex two\nMore.\n")
    _write(tree / "b.texi", "@node Top\n@top B\n\n@node Uno\n@chapter Uno\n\nTexto.\n")
    _write(tree / "opts.hx", HX)
    _write(tree / "schema.json", (FIXTURES / "qapi" / "main.json").read_text(encoding="utf-8"))
    for sub in (FIXTURES / "qapi" / "sub").glob("*"):
        _write(tree / "sub" / sub.name, sub.read_bytes())
    _write(tree / "texi2rst.toml", """
[project]
title = "Determinism"
output = "out"

[manuals.a]
main = "a.texi"

[manuals.b]
main = "b.texi"

[manuals.q]
title = "QMP"

[[hx]]
file = "opts.hx"
manuals = ["a"]
page = "options"

[[qapi]]
schema = "schema.json"
manuals = ["q"]
page = "qmp"
""")
    snapshots = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code, _o, err = run_cli("bulk", str(tree / "texi2rst.toml"), "--jobs", jobs, "-o",
                                str(out), "-q", "--progress", "none")
        assert code == 0, err
        snapshots.append(_snapshot(out))
    assert snapshots[0] and snapshots[0] == snapshots[1]


# ----------------------------------------------------------------------------- conformance

CONFORMANCE = SHARED / "conformance"


def test_conformance_cases_finish_cleanly(tmp_path, monkeypatch):
    """Every conformance case (valid or not): exit 0/1 within 10 s, no traceback, and a
    located error for every exit 1 (as ``tools/conformance.py`` checks, in-process)."""
    if not CONFORMANCE.exists():
        pytest.skip(f"{CONFORMANCE} not present (the shared corpus is only beside the "
                    "project in the development setup)")
    cases = sorted(p for p in CONFORMANCE.rglob("*.texi") if p.parent.name != "include")
    assert cases
    bad = []
    started = time.monotonic()
    for i, texi in enumerate(cases):
        include = texi.parents[1] / "include"
        monkeypatch.chdir(texi.parent)
        out = tmp_path / f"case{i}.rst"
        t0 = time.monotonic()
        code, _o, err = run_cli("convert", str(texi), "-o", str(out), "-I", str(include))
        elapsed = time.monotonic() - t0
        if elapsed > 10:
            bad.append((texi, f"took {elapsed:.1f} s"))
        if code not in (0, 1) or "Traceback" in err or "internal error" in err:
            bad.append((texi, f"exit {code}: {err[-300:]}"))
        elif code == 1 and not LOCATED.search(err):
            bad.append((texi, f"exit 1 without a located error: {err[-300:]}"))
        if out.exists():
            out.read_bytes().decode("utf-8")
    assert not bad, json.dumps([(str(p), m) for p, m in bad[:20]], indent=1)
    assert time.monotonic() - started < 120


def _interrupt_inside_a_hook() -> None:
    """What Python raises when SIGINT lands in ``__set_name__`` during a lazy import."""
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as e:
        raise RuntimeError("Error calling __set_name__ on 'Field' instance 'lines'") from e


def test_a_wrapped_interrupt_in_a_bulk_task_is_an_interrupt(monkeypatch):
    from texi2rst.commands import bulk_tasks

    monkeypatch.setattr(bulk_tasks, "_manual_task", lambda *a: _interrupt_inside_a_hook())
    task = bulk_tasks.Task("manual:x", "manual x (x.texi)", "manual", (None, []))
    with pytest.raises(KeyboardInterrupt):
        bulk_tasks.run_task(task)


def test_a_wrapped_interrupt_in_a_command_exits_130(monkeypatch, tmp_path):
    from texi2rst import cli

    def wrapped(*_a, **_k):
        _interrupt_inside_a_hook()

    monkeypatch.setattr(cli, "_cmd_qapi", wrapped)
    src = tmp_path / "s.json"
    src.write_text("{ 'command': 'x' }\n")
    code, _out, err = run_cli("qapi", str(src), "-o", str(tmp_path / "o.rst"))
    assert code == 130, err
    assert err.strip() == "texi2rst: interrupted"


def test_a_plain_runtime_error_is_still_an_internal_error(monkeypatch):
    from texi2rst.commands import bulk_tasks

    def boom(*_a):
        raise RuntimeError("bug")

    monkeypatch.setattr(bulk_tasks, "_manual_task", boom)
    result = bulk_tasks.run_task(bulk_tasks.Task("manual:x", "manual x", "manual", (None, [])))
    assert [d.message for d in result.diagnostics] == [
        "internal error in texi2rst: RuntimeError: bug"]


def test_a_second_conversion_leaves_unchanged_files_as_they_were(tmp_path):
    # (Sphinx reads again the files whose time changed)
    manual = tmp_path / "book.texi"
    manual.write_text("@node Top\n@top Book\n\n@menu\n* One::\n* Two::\n@end menu\n\n"
                      "@node One\n@chapter One\n\nFirst.\n\n@node Two\n@chapter Two\n\nSecond.\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("convert", str(manual), "-o", str(out))[0] == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.rst")}
    os.utime(out / "one.rst", ns=(1, 1))
    os.utime(out / "two.rst", ns=(1, 1))
    manual.write_text(manual.read_text(encoding="utf-8").replace("Second.", "Changed."),
                      encoding="utf-8")
    assert run_cli("convert", str(manual), "-o", str(out))[0] == 0
    assert (out / "one.rst").stat().st_mtime_ns == 1  # the same text: left alone
    assert (out / "two.rst").stat().st_mtime_ns != 1
    assert "Changed." in (out / "two.rst").read_text(encoding="utf-8")
    assert set(before) == {p.name for p in out.glob("*.rst")}


def test_write_changed_reads_only_a_regular_file_of_the_same_size(tmp_path):
    from texi2rst.output import write_changed

    same = tmp_path / "same.rst"
    same.write_bytes(b"text\n")
    assert write_changed(str(same), b"text\n") is False
    assert write_changed(str(same), b"text!\n") is True and same.read_bytes() == b"text!\n"
    fifo = tmp_path / "pipe.rst"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    assert write_changed(str(fifo), b"x") is True
    assert fifo.read_bytes() == b"x"
