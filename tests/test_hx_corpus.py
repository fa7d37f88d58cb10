"""The QEMU v4.2.0 .hx files: conversion, Sphinx builds with -W, text fidelity vs makeinfo."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED

from texi2rst.diagnostics import Reporter
from texi2rst.readers.hx import read_hx
from texi2rst.readers.texinfo.lexer import Options
from texi2rst.writers.hx import convert_hx

TOOLS = SHARED / "tools"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "qemu-options.hx").exists() or not (TOOLS / "fidelity.py").exists(),
    reason=f"{SHARED} (QEMU corpus and fidelity tool) not present beside the project")

ALL = ["qemu-options.hx", "hmp-commands.hx", "hmp-commands-info.hx", "qemu-img-cmds.hx",
       "hw/audio/pl041.hx"]
#: .hx file -> the Texinfo hxtool -t made of it
PAGES = {"qemu-options.hx": "qemu-options.texi", "hmp-commands.hx": "qemu-monitor.texi",
         "hmp-commands-info.hx": "qemu-monitor-info.texi", "qemu-img-cmds.hx": "qemu-img-cmds.texi"}
#: the values qemu-doc.texi sets with @set
DEFINES = {"qemu_system": "qemu-system-x86_64", "qemu_system_x86": "qemu-system-x86_64"}
CONF = f"""project = 'QEMU hx'
extensions = ['texi2rst.sphinx.hx']
hxtool_doc_defines = {DEFINES!r}
# @ref/@xref from the fragments into qemu-doc.texi nodes that are not part of this project
# (the rewritten files have them as :ref:, checked in test_hx_qemu_protocol.py)
suppress_warnings = ['texi2rst.undefined-reference', 'ref.ref']
# the rewritten files keep @value as |name| substitutions, as QEMU's own conf.py defines them
rst_epilog = {"".join(f".. |{k}| replace:: {v}" + chr(10) for k, v in DEFINES.items())!r}
"""
INDEX = """QEMU
====

.. toctree::

{toc}

References: :option:`-machine`, :option:`-drive`, :option:`-netdev`,
:ref:`quit <hmp-quit>`, :ref:`info version <hmp-info-version>`.
"""


def _outside(path: Path) -> list[str]:
    hx = read_hx(str(path), Reporter())
    assert hx is not None
    return [p.raw for p in hx.parts if not p.is_block]


def _kinds(path: Path, skip_empty: bool = False) -> list[str]:
    hx = read_hx(str(path), Reporter())
    assert hx is not None
    structure = re.compile(r"^\s*(?:@end table|@table\b.*|@c\b.*|HXCOMM.*)?$")
    return [p.kind for p in hx.parts if p.is_block and not (
        skip_empty and p.kind == "stexi" and all(structure.match(x.text) for x in p.body))]


@pytest.fixture(scope="module")
def rewritten(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rewritten")
    for name in ALL:
        target = out / Path(name).name
        r = Reporter()
        assert convert_hx(str(CORPUS / name), str(target), options=Options(defines=DEFINES),
                          reporter=r) == 0, r.errors
    return out


@pytest.mark.parametrize("name", ALL)
def test_corpus_file_rewrites(name, rewritten):
    src, out = CORPUS / name, rewritten / Path(name).name
    before = _outside(src)
    # HXCOMM lines inside STEXI blocks are kept, just before the SRST block
    assert [x for x in _outside(out) if not x.startswith("HXCOMM")] == \
        [x for x in before if not x.startswith("HXCOMM")]
    # a STEXI block that only opens or closes a table leaves no (empty) SRST block
    assert _kinds(out) == ["srst" if k == "stexi" else k for k in _kinds(src, skip_empty=True)]
    # idempotent
    again = out.parent / ("again-" + out.name)
    assert convert_hx(str(out), str(again)) == 0
    assert again.read_bytes() == out.read_bytes()


def _project(root: Path, hx_dir: Path) -> Path:
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    shutil.copy(CORPUS / "qemu-option-trace.texi", src)
    for hx in PAGES:
        shutil.copy(hx_dir / hx, src / hx)
        stem = Path(hx).stem
        title = f"{stem}\n{'=' * len(stem)}\n\n"
        (src / f"{stem}.rst").write_text(f"{title}.. hxtool-doc:: {hx}\n")
    toc = "\n".join(f"   {Path(hx).stem}" for hx in PAGES)
    (src / "index.rst").write_text(INDEX.format(toc=toc))
    return src


def _build_and_measure(src: Path, out: Path) -> dict[str, float]:
    p = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-E", "-b", "text", "-q",
                        str(src), str(out)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    index = (out / "index.txt").read_text()
    assert 'References: "-machine", "-drive", "-netdev", quit, info version.' in index
    sys.path.insert(0, str(TOOLS))
    try:
        from fidelity import compare, makeinfo_text, words
    finally:
        sys.path.remove(str(TOOLS))
    if not shutil.which("makeinfo"):
        pytest.skip("makeinfo not installed")
    defines = [f"{k} {v}" for k, v in DEFINES.items()]
    recall = {}
    for hx, texi in PAGES.items():
        ref = words(makeinfo_text(str(CORPUS / "generated" / texi), [str(CORPUS)], defines))
        ours = words((out / f"{Path(hx).stem}.txt").read_text())
        recall[hx] = compare(ref, ours)[0]
        print(f"{hx}: recall {recall[hx]:.4f}")
    return recall


def test_sphinx_build_from_original_files(tmp_path):
    recall = _build_and_measure(_project(tmp_path, CORPUS), tmp_path / "out")
    assert all(r >= 0.99 for r in recall.values()), recall


def test_sphinx_build_from_rewritten_files(tmp_path, rewritten):
    recall = _build_and_measure(_project(tmp_path, rewritten), tmp_path / "out")
    assert all(r >= 0.99 for r in recall.values()), recall
    assert "\nSTEXI\n" not in (tmp_path / "src" / "qemu-options.hx").read_text()
