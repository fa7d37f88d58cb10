"""texi2rst bulk: the configuration reader, the parallel runner, the summary and --check."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, sphinx_build

from texi2rst import nodes as n
from texi2rst.commands.bulk_config import ConfigError, load_config, parse_config
from texi2rst.commands.bulk_tasks import seat_sections
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.lexer import Options
from texi2rst.readers.texinfo.parser import read_texinfo_string
from texi2rst.writers.rst import write_rst

BULK = FIXTURES / "bulk"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the fixture folder (the config writes beside itself), in static mode
    (tests/test_bulk_single.py has the single-sourced mode)."""
    dest = tmp_path / "src"
    shutil.copytree(BULK, dest)
    config = dest / "texi2rst.toml"
    config.write_text(config.read_text().replace('output = "out"\n',
                                                 'output = "out"\nmode = "static"\n'))
    return dest


# --------------------------------------------------------------------------- config


def test_config_good() -> None:
    cfg = load_config(str(BULK / "texi2rst.toml"))
    assert cfg.title == "Demo documentation" and cfg.version == "1.0"
    assert cfg.output == str(BULK / "out")
    assert list(cfg.manuals) == ["guide", "tools", "tool"]
    assert cfg.manuals["guide"].main == str(BULK / "guide.texi")
    assert cfg.manuals["guide"].label_prefix == "guide-"
    assert cfg.manuals["tool"].folder == "tools/tool"
    assert cfg.conf == {"html_theme": "alabaster"}
    assert [h.replaces or h.page for h in cfg.hx] == ["demo-options.texi", "options"]
    assert cfg.qapi[0].manuals == ["guide"]


BAD = [
    ({"manuals": {"a": {"main": "nope.texi"}}}, "manuals.a.main: file not found: nope.texi"),
    ({"manuals": {"a": {"main": "guide.texi", "colour": 1}}}, "manuals.a.colour: unknown key"),
    ({"manual": {}}, "manual: unknown key"),
    ({"manuals": {"a": {"main": 3}}}, "manuals.a.main: must be a string, not an integer"),
    ({"manuals": {"a": {"main": "guide.texi", "split": "page"}}}, "manuals.a.split: must be"),
    ({"manuals": {"a": {"main": "guide.texi", "include_dirs": ["nowhere"]}}},
     "manuals.a.include_dirs[0]: folder not found: nowhere"),
    ({"manuals": {"a": {"main": "guide.texi", "man_pages": [1]}}},
     "manuals.a.man_pages[0]: must be a string"),
    ({"manuals": {"a": {"main": "guide.texi", "parent": "b"}}},
     "manuals.a.parent: no manual named 'b'"),
    ({"manuals": {"a": {}}}, "manuals.a.title: a manual without `main' needs a title"),
    ({"manuals": {}}, "manuals: at least one manual is needed"),
    ({"project": {"output": 1}, "manuals": {"a": {"title": "A"}}},
     "project.output: must be a string"),
    ({"project": {"conf": {"project": "x"}}, "manuals": {"a": {"title": "A"}}},
     "project.conf.project: set by texi2rst bulk"),
    ({"manuals": {"a": {"title": "A"}}, "hx": [{"manuals": ["a"], "page": "p"}]},
     "hx[0].file: missing"),
    ({"manuals": {"a": {"title": "A"}}, "hx": [{"file": "demo-options.hx", "manuals": ["b"],
                                                 "page": "p"}]},
     "hx[0].manuals[0]: no manual named 'b'"),
    ({"manuals": {"a": {"title": "A"}}, "hx": [{"file": "demo-options.hx", "manuals": ["a"],
                                                 "replaces": "x.texi"}]},
     "hx[0].replaces: manuals.a has no `main'"),
    ({"manuals": {"a": {"title": "A"}}, "hx": [{"file": "demo-options.hx", "manuals": ["a"]}]},
     "hx[0].replaces: give either replaces"),
    ({"manuals": {"a": {"title": "A"}}, "qapi": [{"schema": "demo.json", "manuals": ["a"],
                                                   "page": "p", "extra": True}]},
     "qapi[0].extra: unknown key"),
    ({"manuals": {"a": {"title": "A"}}, "qapi": [{"schema": "demo.json"}]},
     "qapi[0].manuals: missing"),
    ({"manuals": {"a": {"title": "A", "folder": "../up"}}}, "manuals.a.folder: not a folder"),
]


@pytest.mark.parametrize(("data", "message"), BAD, ids=[m.split(":")[0] for _, m in BAD])
def test_config_bad(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(data, str(BULK / "bad.toml"))
    text = str(info.value)
    assert text.startswith(f"{BULK / 'bad.toml'}: error: ") or "bad.toml: error: " in text
    assert message in text
    assert info.value.status == 1


def test_config_unreadable(tmp_path: Path) -> None:
    bad = tmp_path / "texi2rst.toml"
    bad.write_text("[project\n")
    code, out, err = run_cli("bulk", str(bad))
    assert code == 2 and "not valid TOML" in err
    code, out, err = run_cli("bulk", str(tmp_path / "missing.toml"))
    assert code == 2 and "configuration file not found" in err


def test_cli_names_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "texi2rst.toml"
    cfg.write_text('[manuals.system]\nmain = "qemu-doc.texi"\n')
    code, out, err = run_cli("bulk", str(cfg))
    assert code == 1
    assert "texi2rst.toml: error: manuals.system.main: file not found: qemu-doc.texi" in err
    assert not (tmp_path / "texi2rst-out").exists()


# --------------------------------------------------------------------------- running


def test_jobs_give_the_same_output(project: Path, tmp_path: Path) -> None:
    cfg = str(project / "texi2rst.toml")
    one, two = tmp_path / "one", tmp_path / "two"
    code1, out1, err1 = run_cli("bulk", cfg, "--jobs", "1", "-o", str(one), "--progress", "none")
    code2, out2, err2 = run_cli("bulk", cfg, "--jobs", "2", "-o", str(two), "--progress", "none")
    assert code1 == code2 == 0
    assert _tree(one) == _tree(two)
    assert err1 == err2  # diagnostics in input order, whatever finished first
    files = _tree(one)
    assert {"conf.py", "index.rst", "guide/index.rst", "tools/index.rst",
            "tools/options.rst", "tools/tool/index.rst", "guide/man/demo.rst"} <= set(files)
    assert not any(name.endswith("/conf.py") for name in files)
    conf = files["conf.py"].decode()
    assert "'texi2rst.sphinx'" in conf and "html_theme = 'alabaster'" in conf
    assert "('guide/man/demo', 'demo', 'Demo program', [], 1)" in conf
    assert "('tools/tool/man/tool', 'tool', 'The tool', [], 1)" in conf
    usage = files["guide/usage.rst"].decode()
    # the .hx file stands in the place of the @include, headings one level down
    assert "Standard options\n----------------" in usage
    assert ".. option:: -h" in usage and "TEXI2RST" not in usage
    # references between the manual and the fragment resolve both ways
    flat = " ".join(usage.split())  # a reference may span lines (issue 16)
    assert ":ref:`the network options <guide-net-anchor>`" in flat
    assert ".. _guide-net-anchor:" in usage and ":ref:`Usage <guide-usage>`" in usage
    # the fragment's @value is a substitution; the manual's @set defines it in rst_epilog
    assert re.search(r"Display help and exit \((\\ )?\|prog\|", usage)
    assert "'.. |prog| replace:: demo\\n'" in conf
    monitor = files["guide/monitor.rst"].decode()
    assert ".. qapi:command:: paint" in monitor and "Demo API" in monitor
    man = files["guide/man/demo.rst"].decode()
    assert ":no-index:" in man and ".. _guide-net-anchor:" not in man


def test_summary_and_rerun(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, err = run_cli("bulk", str(project / "texi2rst.toml"), "-o", str(out),
                                "--progress", "lines", "-j", "1")
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0].split() == ["input", "files", "warnings", "errors", "time"]
    row = next(x for x in lines if x.startswith("hx demo-options.hx -> tools/options"))
    assert row.split()[-4:-1] == ["1", "2", "0"]  # a page alone: its @ref and @value warn
    assert "manual guide (guide.texi)" in stdout
    assert "0 unchanged" in lines[-1] and "2 warnings, 0 errors" in lines[-1]
    assert "texi2rst bulk: [3/3]" in err
    assert "demo-options.hx:10: warning: undefined flag: prog" in err
    code, stdout, _ = run_cli("bulk", str(project / "texi2rst.toml"), "-o", str(out),
                              "--progress", "none")
    total = len([p for p in out.rglob("*") if p.is_file()]) - 1  # not the manifest
    assert f"({total} unchanged" in stdout.splitlines()[-1]


def test_check_writes_nothing(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = _tree(project)
    code, stdout, err = run_cli("bulk", str(project / "texi2rst.toml"), "--check", "-o",
                                str(out), "--progress", "none")
    assert code == 0
    assert not out.exists() and not (project / "out").exists()
    assert "would write" in stdout
    assert _tree(project) == before


def test_errors_keep_other_outputs(project: Path, tmp_path: Path) -> None:
    cfg = project / "texi2rst.toml"
    cfg.write_text(cfg.read_text() + '\n[manuals.broken]\nmain = "broken.texi"\n')
    out = tmp_path / "out"
    code, stdout, err = run_cli("bulk", str(cfg), "-o", str(out), "-j", "2",
                                "--progress", "none")
    assert code == 1
    assert "broken.texi:7: error: @include: could not find does-not-exist.texi" in err
    assert "1 of 4 inputs failed" in stdout
    row = next(x for x in stdout.splitlines() if x.startswith("manual broken"))
    assert row.split()[-4:-1] == ["-", "0", "1"]
    assert (out / "guide" / "usage.rst").is_file() and (out / "conf.py").is_file()
    assert not (out / "broken").exists()


def test_stale_files_removed(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("bulk", str(project / "texi2rst.toml"), "-o", str(out))[0] == 0
    (out / "mine.txt").write_text("kept")
    cfg = project / "texi2rst.toml"
    text = cfg.read_text()
    cfg.write_text(text.replace('page = "options"', 'page = "opts"'))
    assert run_cli("bulk", str(cfg), "-o", str(out))[0] == 0
    assert (out / "tools" / "opts.rst").exists() and not (out / "tools" / "options.rst").exists()
    assert (out / "mine.txt").read_text() == "kept"


def test_sphinx_builds_the_set(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cfg = project / "texi2rst.toml"
    # a page rendered alone has a dangling @ref: leave it out for the -W build
    text = cfg.read_text()
    cfg.write_text(text[:text.index("[[hx]]\nfile = \"demo-options.hx\"\nmanuals = [\"tools\"]")]
                   + text[text.index("[[qapi]]"):])
    assert run_cli("bulk", str(cfg), "-o", str(out), "--progress", "none")[0] == 0
    code, warnings = sphinx_build(out, tmp_path / "html", werror=True)
    assert code == 0, warnings
    code, warnings = sphinx_build(out, tmp_path / "man", builder="man", werror=True)
    assert code == 0, warnings
    assert (tmp_path / "man" / "demo.1").is_file() and (tmp_path / "man" / "tool.1").is_file()


# --------------------------------------------------------------------------- composing trees


def _fragment(defines: dict[str, str]) -> list[n.Block]:
    beta = n.Section(level=2, title=[n.Text("Beta")], children=[
        n.Paragraph(children=[n.Text("beta text")])])
    return [n.Section(level=1, title=[n.Text("Alpha " + defines.get("v", "?"))], children=[
        n.Paragraph(children=[n.Text("alpha text")]), beta])]


def _read_with_fragment(text: str, reporter: Reporter) -> n.Document:
    options = Options(include_substitutes={"frag.texi": _fragment})
    doc = read_texinfo_string(text, options, reporter)
    seat_sections(doc, reporter)
    return doc


def test_include_substitute_sits_at_the_include_level() -> None:
    reporter = Reporter()
    doc = _read_with_fragment("@node Top\n@top T\n\n@node C\n@chapter C\n\n@section S\n"
                              "@set v 2\n\n@include frag.texi\n\n@section After\n\nend\n",
                              reporter)
    rst = write_rst(doc)
    # no file is read: the fragment's tree stands in the place of the @include, its
    # headings one level below the section holding it; @set values at the @include reach it
    assert "Alpha 2\n~~~~~~~\n\nalpha text\n\nBeta\n^^^^\n\nbeta text" in rst
    assert "S\n----" in rst and "After\n-----" in rst
    sections = [x for x in doc.walk() if isinstance(x, n.Section)]
    assert [(n.plain_text(x.title), x.level) for x in sections][-4:] == [
        ("S", 2), ("Alpha 2", 3), ("Beta", 4), ("After", 2)]
    assert not reporter.diagnostics


def test_include_substitute_inside_a_block_warns() -> None:
    reporter = Reporter()
    doc = _read_with_fragment("@itemize\n@item\nfirst\n\n@include frag.texi\n@end itemize\n",
                              reporter)
    rst = write_rst(doc)
    assert "  .. rubric:: Alpha ?" in rst and "  beta text" in rst
    assert [d.message for d in reporter.warnings] == [
        "an included file with headings sits inside a block; its headings are rubrics"]


def test_check_fidelity_reports_each_manual_and_gates(project: Path, tmp_path: Path) -> None:
    from conftest import need_makeinfo

    need_makeinfo()
    cfg = str(project / "texi2rst.toml")
    code, stdout, _err = run_cli("bulk", cfg, "--check", "--progress", "none", "-q",
                                 "--check-fidelity")
    lines = [line for line in stdout.splitlines() if line.startswith("fidelity: ")]
    assert [line.split()[1] for line in lines] == ["guide", "tool"]
    assert all("recall" in line and "precision" in line for line in lines)
    assert code == 0
    code, stdout, _err = run_cli("bulk", cfg, "--check", "--progress", "none", "-q",
                                 "--check-fidelity", "--min-recall", "1.01")
    assert code == 1 and "below the minimum 1.01" in stdout
