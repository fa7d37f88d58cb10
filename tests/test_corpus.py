"""The real inputs: every QEMU .texi file and the Texinfo manual, as single rST documents."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED, TEXINFO_MANUAL, need_makeinfo, need_shared

from texi2rst.convert import texinfo_to_rst
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.parser import Options

QEMU_INCLUDES = ["generated", "generated/docs", "docs"]


def fidelity_module():
    path = need_shared(SHARED / "tools" / "fidelity.py")
    spec = importlib.util.spec_from_file_location("fidelity", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sphinx_text(rst_files: dict[str, str], tmp: Path) -> tuple[dict[str, str], str]:
    """Build rST documents with Sphinx's text builder; (text per document, log)."""
    src = tmp / "src"
    src.mkdir()
    (src / "conf.py").write_text("project = 'corpus'\nsuppress_warnings = ['toc.not_included']\n")
    (src / "index.rst").write_text("Corpus\n======\n\n.. toctree::\n   :glob:\n\n   *\n")
    for name, text in rst_files.items():
        (src / f"{name}.rst").write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "text", "-q", "-E", "--keep-going",
                           str(src), str(tmp / "out")], capture_output=True, text=True)
    texts = {name: (tmp / "out" / f"{name}.txt").read_text(encoding="utf-8")
             for name in rst_files if (tmp / "out" / f"{name}.txt").exists()}
    return texts, proc.stderr


def test_every_qemu_texi_converts_and_sphinx_reads_it(tmp_path, monkeypatch):
    corpus = need_shared(CORPUS)
    monkeypatch.chdir(corpus)  # as a maintainer runs it, from the top of the tree
    # fragments in generated/ include files of the top folder, found in the current folder
    # as makeinfo finds them; reading them needs that folder as a read root (--allow-read .)
    options = Options(include_dirs=[str(corpus / d) for d in QEMU_INCLUDES],
                      allow_read=[str(corpus)])
    files = sorted(corpus.rglob("*.texi"))
    assert len(files) >= 20
    outputs = {}
    for texi in files:
        reporter = Reporter()
        rst = texinfo_to_rst(str(texi), options, reporter)
        assert not reporter.errors, [str(d) for d in reporter.errors]
        outputs[str(texi.relative_to(corpus)).replace("/", "__")[:-5]] = rst
    texts, log = sphinx_text(outputs, tmp_path)
    errors = [line for line in log.splitlines() if "ERROR" in line or "SEVERE" in line]
    assert errors == []
    assert set(texts) == set(outputs)


def test_texinfo_manual_keeps_the_words_of_makeinfo(tmp_path):
    need_makeinfo()
    texi = need_shared(TEXINFO_MANUAL)
    fidelity = fidelity_module()
    reporter = Reporter()
    rst = texinfo_to_rst(str(texi), Options(), reporter)
    assert not reporter.errors
    texts, log = sphinx_text({"texinfo": rst}, tmp_path)
    assert not [line for line in log.splitlines() if "ERROR" in line or "SEVERE" in line]
    ref = fidelity.words(fidelity.makeinfo_text(str(texi), []))
    recall, _precision, lost, _extra = fidelity.compare(ref, fidelity.words(texts["texinfo"]))
    assert recall >= 0.98, lost


# (not "lists": Sphinx's text builder numbers lettered lists, where makeinfo writes letters)
@pytest.mark.parametrize("name", ["tables", "inline", "defs", "sections", "footnotes", "macros"])
def test_fixture_words_match_makeinfo(name, tmp_path):
    need_makeinfo()
    fidelity = fidelity_module()
    texi = Path(__file__).resolve().parents[1] / "fixtures" / "texinfo" / f"{name}.texi"
    rst = texinfo_to_rst(str(texi), Options(), Reporter())
    texts, _log = sphinx_text({name: rst}, tmp_path)
    ref = fidelity.words(fidelity.makeinfo_text(str(texi), []))
    recall, _p, lost, _e = fidelity.compare(ref, fidelity.words(texts[name]))
    assert recall >= 0.97, lost
