"""The command line: help, outputs, exit codes, diagnostics, no tracebacks."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, need_makeinfo, run_cli


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


# --------------------------------------------------------------------------- usage mistakes


def _usage_error(*args: str) -> str:
    code, out, err = run_cli(*args)
    assert code == 2, (code, err)
    assert out == "" and "Traceback" not in err
    return err


def test_abbreviated_options_are_refused_with_a_suggestion():
    err = _usage_error("convert", "--out", "x.rst", "m.texi")
    assert err.startswith("usage: texi2rst convert ")
    assert "unrecognized arguments: --out" in err and "did you mean '--output'?" in err
    err = _usage_error("convert", "m.texi", "--spli", "none")
    assert "did you mean '--split'?" in err
    err = _usage_error("bulk", "--jo", "2")  # subcommands of their own modules too
    assert err.startswith("usage: texi2rst bulk ") and "did you mean '--jobs'?" in err


def test_misspelled_subcommand_and_choice_get_a_suggestion():
    err = _usage_error("conver", "m.texi")
    assert err.startswith("usage: texi2rst [-h]")
    assert "invalid choice: 'conver'" in err and "did you mean 'convert'?" in err
    err = _usage_error("convert", "m.texi", "--split", "chaptre")
    assert err.startswith("usage: texi2rst convert ") and "did you mean 'chapter'?" in err


def test_limits_must_be_positive(tmp_path):
    src = tmp_path / "m.texi"
    src.write_text("Text.\n")
    for value in ("-3", "0", "x"):
        err = _usage_error("convert", str(src), "--max-nesting", value)
        assert "texi2rst convert: error: argument --max-nesting" in err
    err = _usage_error("hx", str(src), "-o", "-", "--max-include-depth=0")
    assert "argument --max-include-depth: must be 1 or more" in err


def test_help_states_every_default():
    from texi2rst.cli import build_parser

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif (action.option_strings and action.help != argparse.SUPPRESS
                  and parser.get_default(action.dest) not in (None, False, [],
                                                              argparse.SUPPRESS)):
                assert "default" in (action.help or ""), (path, action.option_strings)

    walk(build_parser(), "texi2rst")
    _code, out, _ = run_cli("convert", "--help")
    assert re.search(r"--ifhtml\s+process @ifhtml and not @ifnothtml text \(default: on",
                     out)


# --------------------------------------------------------------------------- -D as makeinfo


DEFINE_TEST = ("\\input texinfo\n@setfilename d.info\n@node Top\n@top T\n\n"
               "V=@value{foo}.\n@ifset flag\nFLAG.\n@end ifset\n@bye\n")


@pytest.mark.parametrize("define, value", [("foo bar baz", "bar baz"),
                                            ("foo  two  spaces", "two spaces"),
                                            ("foo=bar", "bar"),
                                            ("foo=a b", None)])  # a space: makeinfo's form
def test_define_reads_makeinfo_form_and_name_equals_value(tmp_path, define, value):
    src = tmp_path / "d.texi"
    src.write_text(DEFINE_TEST)
    code, out, err = run_cli("convert", str(src), "-D", define, "-D", "flag")
    assert code == 0, err
    assert "FLAG." in out
    if value is None:  # the flag is named `foo=a' (as makeinfo reads it): foo is undefined
        assert "V=" in out and "bar" not in out and "undefined flag: foo" in err
    else:
        assert f"V={value}." in out


def test_define_value_is_what_follows_the_first_space():
    from texi2rst.cli import build_parser, texinfo_options

    args = build_parser().parse_args(["convert", "m.texi", "-D", "foo  two  spaces",
                                      "-D", "x=1=2", "-D", "flag"])
    assert texinfo_options(args).defines == {"foo": "two  spaces", "x": "1=2", "flag": ""}


def test_define_agrees_with_makeinfo(tmp_path):
    makeinfo = need_makeinfo()
    src = tmp_path / "d.texi"
    src.write_text(DEFINE_TEST)
    for define in ("foo bar baz", "foo  two  spaces"):
        ref = subprocess.run([makeinfo, "--plaintext", "-D", define, "-D", "flag", str(src),
                              "-o", "-"], capture_output=True, text=True).stdout
        _code, out, _err = run_cli("convert", str(src), "-D", define, "-D", "flag")
        shown = re.search(r"V=(.*?)\.", ref).group(1)
        assert f"V={shown}." in out


# --------------------------------------------------------------------------- inputs


def test_a_file_for_another_subcommand_gets_a_hint(tmp_path):
    hx = ROOT / "docs" / "examples" / "demo.hx"
    schema = ROOT / "docs" / "examples" / "demo.json"
    manual = ROOT / "examples" / "manual" / "manual.texi"
    for command, path, hint in (("convert", hx, "hx"), ("convert", schema, "qapi"),
                                ("hx", manual, "convert"), ("qapi", manual, "convert"),
                                ("qapi", hx, "hx"), ("check", schema, "qapi")):
        output = [] if command == "check" else ["-o", str(tmp_path / "o.rst")]
        code, out, err = run_cli(command, str(path), *output)
        assert code == 1, (command, path, err)
        assert re.match(rf"{re.escape(str(path))}:\d+: error: this looks like ", err)
        assert f"use `texi2rst {hint} {path}'" in err
        assert not (tmp_path / "o.rst").exists()


def test_a_directory_as_input_is_named_so(tmp_path):
    for command in ("convert", "hx", "qapi", "check", "back"):
        code, _out, err = run_cli(command, str(tmp_path), *([] if command == "check"
                                                             else ["-o", "-"]))
        assert code == 1, (command, err)
        assert err == f"{tmp_path}: error: is a directory\n", command


def test_qapi_output_folders_are_created(tmp_path):
    target = tmp_path / "a" / "b" / "c.rst"
    code, _out, err = run_cli("qapi", str(FIXTURES / "qapi" / "main.json"), "-o", str(target))
    assert code == 0, err
    assert target.read_text().strip()


def test_messages_relative_as_given_and_sorted(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "m.texi").write_text("@include sub/a.texi\n@include sub/b.texi\n"
                                     "Main @bogus{x}.\n")
    (tmp_path / "sub" / "a.texi").write_text("A @zork{y}.\n\n@quux{q}\n")
    (tmp_path / "sub" / "b.texi").write_text("@include c.texi\nB @quux{z}.\n")
    (tmp_path / "sub" / "c.texi").write_text("C @frob{w}.\n")
    monkeypatch.chdir(tmp_path)
    code, _out, err = run_cli("convert", "m.texi", "-o", "-")
    assert code == 1, err  # unknown commands are errors, as in makeinfo (issue 13)
    where = [line.split(": ")[0] for line in err.splitlines()]
    assert where == ["m.texi:3", "sub/a.texi:1", "sub/a.texi:3", "sub/b.texi:2",
                     "sub/c.texi:1"]
    assert str(tmp_path) not in err
