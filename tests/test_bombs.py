"""Issue 17: resource bombs. A small input cannot take much time or memory; every limit is a
located error (``file:line: error: …``) that names its option; FIFOs are refused, not read."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import run_cli, sphinx_build

from texi2rst.readers.texinfo.lexer import Limits

#: what a kilobyte of input may cost
MAX_SECONDS = 10
MAX_RSS_BYTES = 1024 ** 3


def _run_bounded(*args: str) -> tuple[int, str, float, int]:
    """``texi2rst ARGS`` in a process of its own under a 2 GB address-space limit; returns
    its exit code, stderr, CPU seconds and peak resident bytes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
            "from texi2rst.cli import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.returncode, proc.stderr, cpu, after.ru_maxrss * 1024


def _assert_cheap(cpu: float, rss: int) -> None:
    assert cpu < MAX_SECONDS, f"{cpu:.1f} s of CPU"
    assert rss < MAX_RSS_BYTES, f"{rss / 2**20:.0f} MB resident"


def _value_bomb(levels: int) -> str:
    lines = ["\\input texinfo", "@settitle B", "@node Top", "@top B", "@set v0 0123456789abcdef"]
    for i in range(1, levels + 1):
        lines.append(f"@set v{i} @value{{v{i - 1}}}@value{{v{i - 1}}}@value{{v{i - 1}}}")
    lines += [f"@value{{v{levels}}}", "@bye"]
    return "\n".join(lines) + "\n"


def test_nested_value_bomb_is_a_located_error(tmp_path: Path) -> None:
    src = tmp_path / "bomb.texi"
    src.write_text(_value_bomb(20), encoding="utf-8")  # 16 * 3**20 characters
    assert src.stat().st_size < 1024
    code, err, cpu, rss = _run_bounded("convert", str(src), "-o", str(tmp_path / "out.rst"))
    assert code == 1
    assert f"{src}:" in err and ": error: " in err and "(--max-expanded-chars)" in err, err
    assert "Traceback" not in err
    _assert_cheap(cpu, rss)


def test_value_just_under_the_limit_stays_cheap(tmp_path: Path) -> None:
    # 16 * 3**9 = 315 K characters in the document, 790 K expanded in all: under the limit
    src = tmp_path / "big.texi"
    src.write_text(_value_bomb(9), encoding="utf-8")
    code, err, cpu, rss = _run_bounded("convert", str(src), "-o", str(tmp_path / "out.rst"))
    assert code == 0, err
    _assert_cheap(cpu, rss)


def test_expansion_limit_is_an_option(tmp_path: Path) -> None:
    src = tmp_path / "b.texi"
    src.write_text(_value_bomb(4), encoding="utf-8")  # 16 * 81 characters
    code, _out, err = run_cli("convert", str(src), "-o", "-", "--max-expanded-chars", "1000")
    assert code == 1 and "more than 1000 characters" in err, err
    assert Limits().max_expanded_chars >= 1024 * 1024  # real manuals make a few KB


def _fan_out(tmp_path: Path, levels: int, width: int) -> Path:
    for i in range(levels):
        body = "".join(f"@include f{i + 1}.texi\n" for _ in range(width))
        (tmp_path / f"f{i}.texi").write_text(f"Level {i}.\n\n{body}", encoding="utf-8")
    (tmp_path / f"f{levels}.texi").write_text("Some text of the innermost file.\n" * 3,
                                              encoding="utf-8")
    main = tmp_path / "main.texi"
    main.write_text("\\input texinfo\n@settitle F\n@node Top\n@top F\n\n@include f0.texi\n@bye\n",
                    encoding="utf-8")
    return main


def test_include_fan_out_is_a_located_error(tmp_path: Path) -> None:
    main = _fan_out(tmp_path, 5, 9)  # 9**5 inclusions from under a kilobyte
    assert sum(p.stat().st_size for p in tmp_path.glob("*.texi")) < 1024
    code, err, cpu, rss = _run_bounded("convert", str(main), "-o", str(tmp_path / "out.rst"))
    assert code == 1
    assert "(--max-repeated-input-bytes)" in err and f"{tmp_path}/f" in err, err
    assert ": error: " in err and "Traceback" not in err
    _assert_cheap(cpu, rss)


def test_one_file_included_many_times(tmp_path: Path) -> None:
    (tmp_path / "big.texi").write_text("A line of text in a big file.\n" * 2000,
                                       encoding="utf-8")  # 60 KB
    main = tmp_path / "main.texi"
    main.write_text("@node Top\n@top T\n\n" + "@include big.texi\n" * 20, encoding="utf-8")
    code, _out, err = run_cli("convert", str(main), "-o", "-",
                              "--max-repeated-input-bytes", "200000")
    assert code == 1
    assert f"{main}:" in err and "(--max-repeated-input-bytes)" in err, err
    # the total counts distinct files too
    for i in range(4):
        (tmp_path / f"p{i}.texi").write_text("Text.\n" * 10000, encoding="utf-8")
    main.write_text("@node Top\n@top T\n\n" + "".join(f"@include p{i}.texi\n" for i in range(4)),
                    encoding="utf-8")
    code, _out, err = run_cli("convert", str(main), "-o", "-",
                              "--max-total-input-bytes", "150000")
    assert code == 1 and f"{main}:6: error: " in err, err
    assert "(--max-total-input-bytes)" in err


def test_hx_obeys_max_input_bytes(tmp_path: Path) -> None:
    hx = tmp_path / "big.hx"
    hx.write_text("STEXI\n" + "Some documentation text.\n" * 200 + "ETEXI\n", encoding="utf-8")
    code, _out, err = run_cli("hx", str(hx), "-o", "-", "--max-input-bytes", "1000")
    assert code == 1 and f"{hx}:" in err and "(--max-input-bytes)" in err, err


def test_qapi_size_limits(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text("{ 'include': 'big.json' }\n", encoding="utf-8")
    (tmp_path / "big.json").write_text("##\n# @T:\n##\n{ 'enum': 'T', 'data': ['a'] }\n"
                                       + "# comment\n" * 500, encoding="utf-8")
    code, _out, err = run_cli("qapi", str(schema), "-o", "-", "--max-input-bytes", "1000")
    assert code == 1 and f"{schema}:1: error: " in err and "(--max-input-bytes)" in err, err
    code, _out, err = run_cli("qapi", str(schema), "-o", "-", "--max-total-input-bytes", "2000")
    assert code == 1 and f"{schema}:1: error: " in err, err
    assert "(--max-total-input-bytes)" in err
    from texi2rst.readers.files import MAX_INPUT_BYTES

    assert Limits().max_input_bytes == MAX_INPUT_BYTES  # QAPI and .hx share the default


# --------------------------------------------------------------------------- FIFOs


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def _fifo_run(tmp_path: Path, *args: str) -> tuple[int, str]:
    os.mkfifo(tmp_path / "pipe")
    try:
        proc = subprocess.run([sys.executable, "-c", "import sys; from texi2rst.cli import main; "
                               "sys.exit(main(sys.argv[1:]))", *args],
                              capture_output=True, text=True, timeout=60, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("texi2rst blocked on a FIFO")
    return proc.returncode, proc.stderr


@needs_fifo
@pytest.mark.parametrize("command", ["include", "verbatiminclude"])
def test_texinfo_include_of_a_fifo_is_refused(tmp_path: Path, command: str) -> None:
    (tmp_path / "main.texi").write_text(f"@node Top\n@top T\n\n@{command} pipe\n",
                                        encoding="utf-8")
    code, err = _fifo_run(tmp_path, "convert", "main.texi", "-o", "-")
    assert code == 1 and "main.texi:4: error: " in err, err


@needs_fifo
def test_qapi_include_of_a_fifo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text("{ 'enum': 'E', 'data': [] }\n{ 'include': 'pipe' }\n",
                                     encoding="utf-8")
    code, err = _fifo_run(tmp_path, "qapi", "s.json", "-o", "-")
    assert code == 1 and "s.json:2: error: " in err and "not a regular file" in err, err


@needs_fifo
def test_hx_input_fifo_is_refused(tmp_path: Path) -> None:
    code, err = _fifo_run(tmp_path, "hx", "pipe", "-o", "-")
    assert code == 1 and "pipe" in err and "not a regular file" in err, err


# --------------------------------------------------------------------------- nesting


def _nested(depth: int) -> str:
    return ("\\input texinfo\n@settitle N\n@node Top\n@top N\n\n@node C\n@chapter C\n\n"
            + "@table @asis\n@item x\n" * depth + "text\n" + "@end table\n" * depth + "@bye\n")


def test_nesting_over_the_default_is_a_located_error(tmp_path: Path) -> None:
    depth = Limits().max_nesting + 1
    src = tmp_path / "deep.texi"
    src.write_text(_nested(depth), encoding="utf-8")
    code, _out, err = run_cli("convert", str(src), "-o", "-")
    assert code == 1 and f"{src}:" in err and "(--max-nesting)" in err, err


def test_default_nesting_is_what_sphinx_can_build(tmp_path: Path) -> None:
    """The deepest nesting texi2rst accepts by default builds with Sphinx (25 nested tables
    fail with the text builder, 68 with a RecursionError in the HTML builder)."""
    src = tmp_path / "deep.texi"
    src.write_text(_nested(Limits().max_nesting), encoding="utf-8")
    code, _out, err = run_cli("convert", str(src), "-o", str(tmp_path / "proj"))
    assert code == 0, err
    for builder in ("text", "html"):  # text indents each level; html recursed too deep
        code, warnings = sphinx_build(tmp_path / "proj", tmp_path / builder, builder=builder)
        assert code == 0, textwrap.shorten(warnings, 400)


def test_unclosed_macro_call_of_a_self_repeating_macro_is_cheap(tmp_path: Path) -> None:
    """Found by fuzzing: a recursive macro whose body opens a call it never closes, over a
    line of braces; every call read the rest of the file again (over two minutes)."""
    src = tmp_path / "unclosed.texi"
    src.write_text("@rmacro m {p, q}\n@m{\\p\\\n" + "{" * 2400 + "x\n@end rmacro\n@m{\n",
                   encoding="utf-8")
    assert src.stat().st_size < 4096
    code, err, cpu, rss = _run_bounded("convert", str(src), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"{src}:" in err and "missing closing brace" in err, err
    assert "Traceback" not in err
    _assert_cheap(cpu, rss)


def test_macro_including_a_file_many_times_is_cheap_and_reported_once(tmp_path: Path) -> None:
    """Found by fuzzing: a 167-byte macro that calls itself twice and includes a refused file
    printed the same error tens of thousands of times and took 18 s."""
    src = tmp_path / "twice.texi"
    src.write_text("@macro m\n@include ../../../../../../etc/passwd\n@m\n@m\n@end macro\n@m\n",
                   encoding="utf-8")
    code, err, cpu, rss = _run_bounded("convert", str(src), "-o", str(tmp_path / "out.rst"))
    assert code == 1
    refused = [line for line in err.splitlines() if "outside the input's tree" in line]
    assert len(refused) == 1, err[:2000]
    assert "(--max-macro-expansions)" in err or "(--max-expanded-chars)" in err, err[-2000:]
    _assert_cheap(cpu, rss)


def test_macro_feeding_its_own_value_is_stopped(tmp_path: Path) -> None:
    """Found by fuzzing: a macro named like a command sets a flag to a call of itself and
    expands it; the pushed-back lines grew without end (no limit was reached in 100 s)."""
    src = tmp_path / "feed.texi"
    src.write_text("@node Top\n@top T\n\n@rmacro code {p}\n"
                   "@value{v}@set v @code{}@include ../../x@node /y/z\n\n@end rmacro\n"
                   "@code{\n@code{\n@end itemize\n\n@enumerate 7\n@item Seven.\n"
                   "@end enumerate\n", encoding="utf-8")
    assert src.stat().st_size < 1024
    code, err, cpu, rss = _run_bounded("convert", str(src), "-o", str(tmp_path / "out.rst"))
    assert code == 1
    assert f"{src}:" in err and "stopping" in err, err[-2000:]
    _assert_cheap(cpu, rss)
