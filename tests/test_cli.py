"""The command line: help, outputs, exit codes, diagnostics, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES, ROOT, run_cli


def test_help_lists_every_command():
    code, out, _ = run_cli("--help")
    assert code == 0
    for command in ("convert", "qapi"):
        assert command in out


def test_convert_to_stdout_and_file(tmp_path):
    code, out, err = run_cli("convert", str(FIXTURES / "texinfo" / "lists.texi"), "-o", "-")
    assert code == 0 and err == ""
    assert out == (FIXTURES / "texinfo" / "lists.rst").read_text()
    target = tmp_path / "lists.rst"
    code, _, _ = run_cli("convert", str(FIXTURES / "texinfo" / "lists.texi"), "-o", str(target))
    assert code == 0 and target.read_text() == out


def test_include_dir_and_define(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "v.texi").write_text("Version @value{V}.\n")
    main = tmp_path / "m.texi"
    main.write_text("@include v.texi\n")
    code, out, err = run_cli("convert", str(main), "-I", str(tmp_path / "inc"), "-D", "V=9.9")
    assert code == 0, err
    assert "Version 9.9." in out


def test_usage_error_exits_2():
    code, _, err = run_cli("convert")
    assert code == 2 and "usage" in err
    code, _, _ = run_cli("no-such-command")
    assert code == 2


def test_input_errors_exit_1_with_located_message_and_keep_old_output(tmp_path):
    bad = tmp_path / "bad.texi"
    bad.write_text("ok\n\n@itemize\n@item x\n")
    target = tmp_path / "out.rst"
    target.write_text("previous\n")
    code, _, err = run_cli("convert", str(bad), "-o", str(target))
    assert code == 1
    assert f"{bad}:3: error: no matching `@end itemize'" in err
    assert target.read_text() == "previous\n"


def test_missing_input_file_is_an_error_not_a_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "texi2rst.cli", "convert",
                           str(tmp_path / "none.texi")], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "error:" in proc.stderr


def test_unknown_command_is_an_error_naming_it(tmp_path):
    # makeinfo refuses an unknown command (issue 13): so does texi2rst, keeping its text
    src = tmp_path / "u.texi"
    src.write_text("A @mystery{text} here.\n")
    code, out, err = run_cli("convert", str(src))
    assert code == 1
    assert f"{src}:1: error: unknown command `mystery'" in err


def test_same_input_same_output_bytes(tmp_path):
    src = ROOT / "examples" / "manual" / "manual.texi"
    outputs = []
    for seed in ("0", "1"):
        target = tmp_path / f"out{seed}.rst"
        subprocess.run([sys.executable, "-m", "texi2rst.cli", "convert", str(src), "-o",
                        str(target)], check=True, env={"PYTHONHASHSEED": seed, "PATH": ""},
                       cwd=ROOT)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
