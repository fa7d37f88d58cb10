"""Start-up: a subcommand imports what it uses and nothing else (for small manuals the
imports are most of a run)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

_PROBE = """
import contextlib, io, json, sys
from texi2rst.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("texi2rst", "lark"))
                      or m in ("shutil", "bz2", "lzma", "signal", "typing"))))
"""


def _modules_after(*argv: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True,
                         text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_importing_the_cli_imports_no_reader():
    out = subprocess.run([sys.executable, "-c", "import sys, texi2rst.cli; print(sorted("
                          "m for m in sys.modules if m.startswith(('texi2rst', 'lark'))))"],
                         capture_output=True, text=True, check=True).stdout
    assert "texi2rst.readers.texinfo.lexer" not in out
    assert "'lark'" not in out
    assert "texi2rst.nodes" not in out


@pytest.mark.parametrize("argv", [["--help"], ["convert", "--help"], ["hx", "--help"],
                                  ["qapi", "--help"]])
def test_help_imports_no_reader_and_no_other_subcommand(argv):
    loaded = _modules_after(*argv)
    assert not any(m.startswith("texi2rst.commands") for m in loaded), loaded
    assert "texi2rst.readers.texinfo.lexer" not in loaded
    assert "lark" not in loaded


def test_a_module_subcommand_imports_only_its_own_module():
    loaded = _modules_after("check", "--help")
    assert "texi2rst.commands.check" in loaded
    assert "texi2rst.commands.bulk" not in loaded
    assert "texi2rst.commands.back" not in loaded


def test_the_full_parser_still_has_every_subcommand_option():
    from texi2rst.cli import build_parser

    help_text = build_parser().format_help()
    assert "bulk" in help_text
    bulk = build_parser()._subparsers._group_actions[0].choices["bulk"]  # type: ignore[union-attr]
    assert any("--jobs" in a.option_strings for a in bulk._actions)


def test_converting_texinfo_imports_no_lark(tmp_path):
    # the block grammar's tables ship with texi2rst (texi2rst.readers.lalr runs them):
    # importing Lark was a third of a conversion's start-up
    manual = tmp_path / "m.texi"
    manual.write_text("@node Top\n@top T\n\n@table @code\n@item x\nText.\n@end table\n",
                      encoding="utf-8")
    loaded = _modules_after("convert", str(manual), "-o", str(tmp_path / "out"))
    assert "texi2rst.readers.texinfo.parser" in loaded
    assert "texi2rst.readers.texinfo.grammar_tables" in loaded
    assert not any(m == "lark" or m.startswith("lark.") for m in loaded), loaded
    # argparse measures the terminal through shutil, which imports three compression
    # modules: the CLI measures it itself
    assert not {"shutil", "bz2", "lzma"} & loaded, loaded
    # the project's lock holds interrupts back through the C module under signal, whose
    # import builds enums (3 ms)
    assert "signal" not in loaded
    # annotations are strings and typing's names are imported for type checkers only:
    # importing typing was 3 ms (5 with what it builds) of every conversion's start-up
    assert "typing" not in loaded


@pytest.mark.parametrize("columns", ["50", "200", "0", "-3", "wide", None])
def test_the_help_width_is_the_one_shutil_gives(monkeypatch, columns):
    import shutil

    from texi2rst.cli import _terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns


def test_the_console_script_leaves_its_output_whole_and_its_exit_code(tmp_path):
    # run() leaves without tearing the interpreter down: what it printed must all be out
    manual = tmp_path / "big.texi"
    body = "".join(f"@node N{i}\n@chapter S{i}\nText {i} @code{{x}}.\n\n" for i in range(2000))
    manual.write_text("@node Top\n@top T\n\n" + body, encoding="utf-8")
    probe = "import sys; from texi2rst.cli import run; sys.argv[0] = 'texi2rst'; run()"
    done = subprocess.run([sys.executable, "-c", probe, "convert", str(manual), "-o", "-"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 65_536 and done.stdout.rstrip().endswith("Text 1999 ``x``.")
    bad = tmp_path / "bad.texi"
    bad.write_text("@node Top\n@top T\n\n@bogus{x}\n", encoding="utf-8")
    failed = subprocess.run([sys.executable, "-c", probe, "convert", str(bad), "-o", "-"],
                            capture_output=True, text=True)
    assert failed.returncode == 1
    assert "bad.texi:4: error:" in failed.stderr


def test_convert_hands_the_tree_to_keep_to_a_caller_that_asks(tmp_path):
    # the console script keeps it, and leaves without freeing it node by node
    from texi2rst import nodes
    from texi2rst.convert import convert_texinfo
    from texi2rst.diagnostics import Reporter
    from texi2rst.readers.texinfo.options import Options

    manual = tmp_path / "m.texi"
    manual.write_text("@node Top\n@top T\n\nText.\n", encoding="utf-8")
    kept: list[object] = []
    assert convert_texinfo(str(manual), str(tmp_path / "out"), Options(), Reporter(),
                           keep=kept) == 0
    assert len(kept) == 1 and isinstance(kept[0], nodes.Document)
    assert convert_texinfo(str(manual), str(tmp_path / "out2"), Options(), Reporter()) == 0
