"""The hxtool-doc directive in a real Sphinx build (-W)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, sphinx_build, sphinx_environment

HX = FIXTURES / "hx"

CONF = "extensions = ['texi2rst.sphinx.hx']\nproject = 'hx'\n"


def _project(tmp_path: Path, pages: dict[str, str], conf: str = CONF) -> Path:
    src = tmp_path / "src"
    (src / "hx").mkdir(parents=True)
    for f in HX.iterdir():
        shutil.copy(f, src / "hx" / f.name)
    (src / "conf.py").write_text(conf)
    toc = "\n".join(f"   {name}" for name in pages if name != "index")
    index = pages.get("index", "Index\n=====\n")
    (src / "index.rst").write_text(f"{index}\n\n.. toctree::\n\n{toc}\n")
    for name, text in pages.items():
        if name != "index":
            (src / f"{name}.rst").write_text(text)
    return src


class _Built:
    """What the tests read from a finished build's environment."""

    def __init__(self, env) -> None:
        self.std = env.domaindata["std"]
        self.dependencies = env.dependencies


def _build(src: Path, tmp_path: Path) -> tuple[_Built, str]:
    """A text build in a process of its own, and its environment."""
    _code, warnings = sphinx_build(src, tmp_path / "out", "-d", str(tmp_path / "doctrees"),
                                   builder="text")
    return _Built(sphinx_environment(tmp_path / "out", tmp_path / "doctrees")), warnings


PAGES = {
    "index": "Index\n=====\n\nSee :option:`-machine`, :option:`-drive`, :option:`-netdev`, "
             ":option:`-nic` and :ref:`quit <hmp-quit>`, :ref:`info version "
             "<hmp-info-version>` and :ref:`the rST block <already-rst>`.\n",
    "options": "Options\n=======\n\n.. hxtool-doc:: hx/options.hx\n",
    "monitor": "Monitor\n=======\n\n.. hxtool-doc:: /hx/hmp-fixture.hx\n",
    "again": "Again\n=====\n\n.. hxtool-doc:: hx/options.hx\n   :no-index:\n\n"
             ".. hxtool-doc:: hx/hmp-fixture.hx\n   :noindex:\n",
}


def test_build_with_W(tmp_path):
    src = _project(tmp_path, PAGES)
    # in a process of its own: no registrations left over by other tests
    p = subprocess.run([sys.executable, "-c", "import sys; from sphinx.cmd.build import "
                        "build_main; sys.exit(build_main(sys.argv[1:]))", "-W", "-b", "text",
                        "-q", str(src), str(tmp_path / "out")], capture_output=True, text=True)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    index = (tmp_path / "out" / "index.txt").read_text()
    assert 'See "-machine", "-drive", "-netdev", "-nic" and quit, info version' in index
    options = (tmp_path / "out" / "options.txt").read_text()
    assert "-machine [type=]name[,prop=value[,...]]" in options
    assert "Text from an included file" in options
    assert "i386 target only\n================" in options
    monitor = (tmp_path / "out" / "monitor.txt").read_text()
    assert "q or quit\n\n   Quit the emulator." in monitor


def test_references_resolve_to_the_indexed_page(tmp_path):
    src = _project(tmp_path, PAGES)
    app, warnings = _build(src, tmp_path)
    assert warnings == ""
    std = app.std
    assert std["progoptions"][(None, "-machine")][0] == "options"
    assert std["progoptions"][(None, "-nic")][0] == "options"
    assert std["anonlabels"]["hmp-quit"][0] == "monitor"
    # dependencies: the .hx file and the file its Texinfo includes
    deps = {Path(d).name for d in app.dependencies["options"]}
    assert {"options.hx", "options-include.texi"} <= deps
    assert {Path(d).name for d in app.dependencies["monitor"]} == {"hmp-fixture.hx"}


def test_rewritten_file_builds_too(tmp_path):
    from texi2rst.writers.hx import convert_hx

    src = _project(tmp_path, PAGES)
    for name in ("options.hx", "hmp-fixture.hx"):
        path = src / "hx" / name
        assert convert_hx(str(path), None, in_place=True) == 0
        assert "STEXI" not in path.read_text()
    app, warnings = _build(src, tmp_path)
    assert warnings == ""
    assert app.std["anonlabels"]["hmp-info-version"][0] == "monitor"


def test_warnings_point_at_the_hx_file(tmp_path):
    src = _project(tmp_path, {"bad": "Bad\n===\n\n.. hxtool-doc:: hx/bad.hx\n"})
    (src / "hx" / "bad.hx").write_text(
        "HXCOMM x\nSTEXI\nSee @ref{Nowhere}.\nETEXI\nSRST\nSome *unclosed emphasis.\nERST\n")
    _, warnings = _build(src, tmp_path)
    hx = str(src / "hx" / "bad.hx")
    assert f"{hx}:3: WARNING: reference to undefined node" in warnings
    assert f"{hx}:6: WARNING: Inline emphasis start-string without end-string" in warnings


def test_suppressing_undefined_references(tmp_path):
    conf = CONF + "suppress_warnings = ['texi2rst.undefined-reference']\n"
    src = _project(tmp_path, {"bad": "Bad\n===\n\n.. hxtool-doc:: hx/bad.hx\n"}, conf)
    (src / "hx" / "bad.hx").write_text("STEXI\nSee @ref{Nowhere}.\nETEXI\n")
    _, warnings = _build(src, tmp_path)
    assert warnings == ""


def test_marker_errors_and_paths_outside(tmp_path):
    src = _project(tmp_path, {"bad": "Bad\n===\n\n.. hxtool-doc:: hx/bad.hx\n\n"
                              ".. hxtool-doc:: ../outside.hx\n"})
    (src / "hx" / "bad.hx").write_text("STEXI\nText\n")
    (tmp_path / "outside.hx").write_text("STEXI\nSecret\nETEXI\n")
    app, warnings = _build(src, tmp_path)
    hx = str(src / "hx" / "bad.hx")
    assert f"{hx}:1: ERROR: STEXI block not closed" in warnings
    assert "bad.rst:6: ERROR: hxtool-doc: ../outside.hx is outside the source folder" in warnings
    assert "Secret" not in (tmp_path / "out" / "bad.txt").read_text()
