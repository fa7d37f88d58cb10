"""Rewritten QEMU .hx files read by QEMU's own Sphinx extension (hxtool.py, QEMU 5.2).

hxtool.py joins the SRST blocks of a section into one rST text, so every block must be a
complete fragment ending with a blank line. The build runs with -W; the words are compared
with makeinfo's text of the Texinfo QEMU's build generated from the same file.
Shim for this Sphinx: none needed (hxtool.py checks ``sphinx.__version__[:3] >= '1.7'`` and
uses ``switch_source_input``, which Sphinx 7-9 still have).
"""

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
from texi2rst.writers.hx import convert_hx

REFERENCE = CORPUS / "reference-code"
HXTOOL_PY = REFERENCE / "docs" / "sphinx" / "hxtool.py"
HXTOOL_SH = REFERENCE / "scripts" / "hxtool"
TOOLS = SHARED / "tools"

pytestmark = pytest.mark.skipif(
    not HXTOOL_PY.exists() or not HXTOOL_SH.exists() or not (TOOLS / "fidelity.py").exists(),
    reason=f"{HXTOOL_PY} or {HXTOOL_SH} (QEMU reference code) not present beside the project")

#: .hx file -> the Texinfo hxtool -t made of it (in generated/)
PAGES = {"qemu-options.hx": "qemu-options.texi", "hmp-commands.hx": "qemu-monitor.texi",
         "hmp-commands-info.hx": "qemu-monitor-info.texi", "qemu-img-cmds.hx": "qemu-img-cmds.texi"}
#: what qemu-doc.texi sets with @set, and QEMU 5.2's conf.py defines in rst_epilog
DEFINES = {"qemu_system": "qemu-system-x86_64", "qemu_system_x86": "qemu-system-x86_64"}


@pytest.fixture(scope="module")
def rewritten(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hx")
    for name in PAGES:
        r = Reporter()
        assert convert_hx(str(CORPUS / name), str(out / name), reporter=r) == 0, r.errors
    return out


def _blocks(path: Path) -> list[list[str]]:
    hx = read_hx(str(path), Reporter())
    assert hx is not None
    return [[x.text for x in p.body if not x.stripped.startswith("HXCOMM")]
            for p in hx.parts if p.kind == "srst"]


@pytest.mark.parametrize("name", PAGES)
def test_blocks_are_complete_fragments(name, rewritten):
    text = (rewritten / name).read_text()
    assert "No value for" not in text
    assert not re.search(r"^(STEXI|ETEXI)", text, re.M)
    blocks = _blocks(rewritten / name)
    assert blocks
    for body in blocks:
        assert any(x.strip() for x in body), "empty SRST/ERST pair"
        assert body[-1] == "", body[-3:]
    assert "\u2013preconfig" not in text


@pytest.mark.parametrize("name", PAGES)
def test_hxtool_h_unchanged_and_in_place_idempotent(name, rewritten, tmp_path):
    def header(path: Path) -> bytes:
        # v4.2's hxtool skips STEXI..ETEXI; QEMU 5.2's skips SRST..ERST the same way
        data = re.sub(rb"^(SRST|ERST)", lambda m: {b"SRST": b"STEXI", b"ERST": b"ETEXI"}[
            m.group(1)], path.read_bytes(), flags=re.M)
        return subprocess.run(["sh", str(HXTOOL_SH), "-h"], input=data, capture_output=True,
                              check=True).stdout

    assert header(rewritten / name) == header(CORPUS / name)
    again = tmp_path / name
    shutil.copy(rewritten / name, again)
    assert convert_hx(str(again), None, in_place=True) == 0
    assert again.read_bytes() == (rewritten / name).read_bytes()


def test_hxtool_comments_stay_inside_their_block(rewritten):
    # qemu-options.hx has HXCOMM lines between the lines of a STEXI block
    src = (CORPUS / "qemu-options.hx").read_text().split("\n")
    inside = set()
    state = False
    for line in src:
        if line.startswith(("STEXI", "ETEXI")):
            state = line.startswith("STEXI")
        elif state and line.startswith("HXCOMM"):
            inside.add(line)
    assert inside
    out = (rewritten / "qemu-options.hx").read_text().split("\n")
    state = False
    found = set()
    for line in out:
        if line.startswith(("SRST", "ERST")):
            state = line.startswith("SRST")
        elif state and line in inside:
            found.add(line)
    assert found == inside


def test_qemu_hxtool_builds_with_W(rewritten, tmp_path):
    if not shutil.which("makeinfo"):
        pytest.skip("makeinfo not installed")
    src = tmp_path / "src"
    (src / "ext").mkdir(parents=True)
    shutil.copy(HXTOOL_PY, src / "ext" / "hxtool.py")
    epilog = "".join(f".. |{k}| replace:: {v}\n" for k, v in DEFINES.items())
    (src / "conf.py").write_text(
        "import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), 'ext'))\n"
        f"extensions = ['hxtool']\nhxtool_srctree = {str(rewritten)!r}\n"
        f"rst_epilog = {epilog!r}\n")
    for name in PAGES:
        stem = Path(name).stem
        (src / f"{stem}.rst").write_text(f"{stem}\n{'=' * len(stem)}\n\n.. hxtool-doc:: {name}\n")
    # the nodes of qemu-doc.texi that the files refer to are labels of QEMU's other pages
    texts = [(rewritten / x).read_text() for x in PAGES]
    wanted = {m for t in texts for m in re.findall(r":ref:`[^`<]*<([^>`]+)>`", t)}
    defined = {m for t in texts for m in re.findall(r"^\s*\.\. _([^:]+):$", t, re.M)}
    assert len(wanted - defined) >= 9  # the 13 @ref/@pxref to 9 nodes became :ref:
    (src / "others.rst").write_text("Other pages\n===========\n\n" + "".join(
        f".. _{x}:\n\n{x}\n{'-' * len(x)}\n\nText.\n\n" for x in sorted(wanted - defined)))
    toc = "\n".join(f"   {Path(x).stem}" for x in [*PAGES, "others"])
    (src / "index.rst").write_text(f"QEMU\n====\n\n.. toctree::\n\n{toc}\n")
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-E", "-q", "-b", "text",
                        str(src), str(out)], capture_output=True, text=True)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    sys.path.insert(0, str(TOOLS))
    try:
        from fidelity import compare, makeinfo_text, words
    finally:
        sys.path.remove(str(TOOLS))
    defines = [f"{k} {v}" for k, v in DEFINES.items()]
    for name, texi in PAGES.items():
        ref = words(makeinfo_text(str(CORPUS / "generated" / texi), [str(CORPUS)], defines))
        text = (out / f"{Path(name).stem}.txt").read_text()
        assert not re.search(r"\|qemu_system", text)
        recall = compare(ref, words(text))[0]
        print(f"{name}: recall {recall:.4f}")
        assert recall >= 0.99, (name, recall)
