"""texi2rst bulk in single-sourced mode (the default for configurations with .hx files or
QAPI schemas), on the small fixture set: the output repeats the source layout, every text is
in one file, man pages are skeletons, and Sphinx builds it with -W."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, sphinx_build, sphinx_env

from texi2rst.commands.bulk_config import ConfigError, parse_config

BULK = FIXTURES / "bulk"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def paragraphs(path: Path, shortest: int) -> list[str]:
    """The text paragraphs of a file (blank-line separated, whitespace folded; ``#``
    comment markers of a QAPI schema dropped), longer than ``shortest``; directive lines and
    section titles are markup, not text."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    if path.suffix == ".json":
        lines = [re.sub(r"^\s*##?\s?", "", x) if x.lstrip().startswith("#") else x
                 for x in lines]
    out: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip() and not re.match(r"^\s*\.\. [\w:-]+::", line):
            current.append(line.strip())
        elif current:
            if not any(re.fullmatch(r"([=*#~^-])\1+", x) for x in current):
                out.append(" ".join(" ".join(current).split()))
            current = []
    return [p for p in out if len(p) > shortest]


def paragraph_files(root: Path, shortest: int) -> dict[str, set[str]]:
    """Every paragraph of the output tree and the files (relative paths) it is in."""
    where: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or path.name.startswith(".") or path.name == "conf.py" \
                or "/_build" in f"/{rel}":
            continue
        for para in paragraphs(path, shortest):
            where.setdefault(para, set()).add(rel)
    return where


@pytest.fixture()
def built(tmp_path: Path) -> dict[str, Path]:
    src = tmp_path / "src"
    shutil.copytree(BULK, src)
    before = _tree(src)
    out = tmp_path / "out"
    code, stdout, err = run_cli("bulk", str(src / "texi2rst.toml"), "-o", str(out),
                                "--progress", "none")
    assert code == 0, err
    assert _tree(src) == before  # nothing written onto an input
    return {"src": src, "out": out, "docs": out / "docs"}


def test_output_repeats_the_source_layout(built: dict[str, Path]) -> None:
    out, src, docs = built["out"], built["src"], built["docs"]
    hx = (out / "demo-options.hx").read_text()
    assert "SRST" in hx and "STEXI" not in hx
    assert (out / "demo.json").read_bytes() == (src / "demo.json").read_bytes()
    conf = (docs / "conf.py").read_text()
    assert "texi2rst_srctree = '..'" in conf
    assert "texi2rst_copies = ['guide/man/demo', 'tools/tool/man/tool']" in conf
    rst = "\n".join(p.read_text() for p in docs.rglob("*.rst*"))
    assert ".. hxtool-doc:: demo-options.hx\n" in rst
    assert ".. qapi-doc:: demo.json\n" in rst
    # the second showing of the .hx file registers nothing
    assert (docs / "tools" / "options.rst").read_text().endswith(
        ".. hxtool-doc:: demo-options.hx\n   :no-index:\n")
    assert not (docs / "tools" / "tool" / "man" / "index.rst").exists()


def test_man_pages_are_skeletons(built: dict[str, Path]) -> None:
    docs = built["docs"]
    demo = (docs / "guide" / "man" / "demo.rst").read_text()
    body = [x.strip() for x in demo.splitlines() if x.strip()]
    assert all(x.startswith((".. ", ":orphan:")) or set(x) <= set("*=") or x.isupper()
               or x == "demo" for x in body), body
    includes = re.findall(r"\.\. include:: (\S+)", demo)
    assert includes and all((docs / x.lstrip("/")).is_file() for x in includes)
    usage = (docs / "guide" / "usage.rst").read_text()
    assert all(f".. include:: {x}" in usage for x in includes)  # the manual shows the same


def test_every_text_in_one_file(built: dict[str, Path]) -> None:
    where = paragraph_files(built["out"], 15)
    repeated = {p: files for p, files in where.items() if len(files) > 1}
    assert not repeated
    assert "The tool does things." in where
    # the .hx and schema texts are only in the .hx and .json files
    for para, files in where.items():
        if "Enable the network" in para or "Paint the canvas" in para:
            assert all(f.endswith((".hx", ".json")) for f in files), (para, files)


def test_sphinx_builds_html_and_man(built: dict[str, Path], tmp_path: Path) -> None:
    docs = built["docs"]
    code, warnings = sphinx_build(docs, tmp_path / "html", "-n", werror=True)
    assert (code, warnings) == (0, "")
    code, warnings = sphinx_build(docs, tmp_path / "man", "-n", builder="man", werror=True)
    assert (code, warnings) == (0, "")
    demo = (tmp_path / "man" / "demo.1").read_text()
    assert "network options" in demo and ".SH OPTIONS" in demo
    tool = (tmp_path / "man" / "tool.1").read_text()
    assert "The tool does things." in tool and "Be verbose." in tool
    from conftest import sphinx_environment

    env = sphinx_environment(tmp_path / "html")
    options = env.domaindata["std"]["progoptions"]
    assert options[("tool", "-v")][0] == "tools/tool/index"  # not the man page
    assert all(not doc.endswith(("/man/demo", "/man/tool")) for doc, _ in options.values())


def test_static_mode_keeps_the_former_output(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(BULK, src)
    config = src / "texi2rst.toml"
    code, _, err = run_cli("bulk", str(config), "-o", str(tmp_path / "a"), "--mode", "static",
                           "--progress", "none", "-q")
    assert code == 0, err
    config.write_text(config.read_text().replace('output = "out"\n',
                                                 'output = "out"\nmode = "static"\n'))
    code, _, err = run_cli("bulk", str(config), "-o", str(tmp_path / "b"), "--progress",
                           "none", "-q")
    assert code == 0, err
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert "guide/man/demo.rst" in _tree(tmp_path / "a")
    assert not (tmp_path / "a" / "docs").exists()


@pytest.mark.parametrize(("project", "message"), [
    ({"mode": "dynamic"}, "project.mode: must be one of single, static, not 'dynamic'"),
    ({"docs": "../up"}, "project.docs: not a folder name inside the output"),
    ({"source_root": "nowhere"}, "project.source_root: folder not found: nowhere"),
    ({"output": "."}, "project.output: in single mode the output repeats the layout"),
])
def test_single_mode_config_errors(project: dict[str, str], message: str) -> None:
    data = {"project": project, "manuals": {"a": {"main": "guide.texi"}},
            "hx": [{"file": "demo-options.hx", "manuals": ["a"],
                    "replaces": "demo-options.texi"}]}
    with pytest.raises(ConfigError) as info:
        parse_config(data, str(BULK / "texi2rst.toml"))
    assert message in str(info.value)


def test_pages_name_title_and_drop_nodes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(BULK, src)
    config = src / "texi2rst.toml"
    config.write_text(config.read_text().replace(
        'man_pages = ["demo.1:Demo program"]\n',
        'man_pages = ["demo.1:Demo program"]\n\n[manuals.guide.pages]\n'
        '"Top" = { title = "The Demo Guide" }\n"Usage" = { file = "using" }\n'
        '"Monitor" = { drop = true }\n"Nowhere" = { title = "x" }\n'))
    out = tmp_path / "out"
    code, _, err = run_cli("bulk", str(config), "-o", str(out), "--progress", "none", "-q")
    assert code == 0, err
    docs = out / "docs" / "guide"
    assert sorted(p.name for p in docs.glob("*.rst")) == ["index.rst", "using.rst"]
    index = (docs / "index.rst").read_text()
    assert "The Demo Guide\n**************" in index and "   using\n" in index
    assert "monitor" not in index
    assert f'{src / "guide.texi"}: warning: configuration key manuals.guide.pages."Nowhere": ' \
           "the manual has no node `Nowhere'" in err


@pytest.mark.parametrize(("pages", "message"), [
    ({"Usage": {"name": "x"}}, 'manuals.a.pages."Usage".name: unknown key'),
    ({"Usage": {"file": "../up"}}, 'manuals.a.pages."Usage".file: not a file name'),
    ({"Usage": {"file": "index"}}, 'manuals.a.pages."Usage".file: not a file name'),
    ({"Usage": {"title": 3}}, 'manuals.a.pages."Usage".title: must be a string'),
    ({"Usage": {"drop": True, "file": "x"}}, 'manuals.a.pages."Usage".drop: a dropped node'),
    ({"Usage": "x"}, 'manuals.a.pages."Usage": must be a table'),
])
def test_pages_config_errors(pages: dict[str, object], message: str) -> None:
    data = {"manuals": {"a": {"main": "guide.texi", "pages": pages}}}
    with pytest.raises(ConfigError) as info:
        parse_config(data, str(BULK / "texi2rst.toml"))
    assert message in str(info.value)


def test_changing_one_input_rereads_only_its_pages(built: dict[str, Path],
                                                   tmp_path: Path) -> None:
    import subprocess
    import sys

    def build() -> list[str]:
        p = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-N", "-b", "html",
                            str(built["docs"]), str(tmp_path / "html")],
                           capture_output=True, text=True, env=sphinx_env())
        assert (p.returncode, p.stderr) == (0, "")
        return sorted(re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", p.stdout, re.M))

    assert len(build()) > 5
    hx = built["out"] / "demo-options.hx"
    hx.write_text(hx.read_text() + "\n")
    # the pages that show the .hx file: the guide's (through its fragment), the tools page
    # and the man page that includes the same fragment
    assert build() == ["guide/man/demo", "guide/usage", "tools/options"]
    schema = built["out"] / "demo.json"
    schema.write_text(schema.read_text() + "\n")
    assert build() == ["guide/monitor"]


def test_single_mode_without_inputs(tmp_path: Path) -> None:
    config = tmp_path / "texi2rst.toml"
    config.write_text('[project]\nmode = "single"\noutput = "out"\n\n'
                      '[manuals.a]\ntitle = "A collection"\n')
    code, _, err = run_cli("bulk", str(config), "--progress", "none", "-q")
    assert code == 0, err
    assert "A collection" in (tmp_path / "out" / "docs" / "a" / "index.rst").read_text()
