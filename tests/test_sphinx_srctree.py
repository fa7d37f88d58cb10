"""``texi2rst_srctree``: the directives in QEMU's layout (the Sphinx source folder ``docs/``,
the ``.hx`` files and schemas one level up), confinement to that tree, and dependencies
precise enough that touching one input re-reads only the pages that use it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, sphinx_env

CONF = ("extensions = ['texi2rst.sphinx']\nproject = 'tree'\nexclude_patterns = ['_build']\n"
        "texi2rst_srctree = '..'\n")


def _tree(tmp_path: Path) -> Path:
    """tree/docs (the source folder), tree/options.hx, tree/hmp.hx, tree/qapi/*.json."""
    tree = tmp_path / "tree"
    docs = tree / "docs"
    docs.mkdir(parents=True)
    shutil.copy(FIXTURES / "hx" / "options.hx", tree / "options.hx")
    shutil.copy(FIXTURES / "hx" / "options-include.texi", tree / "options-include.texi")
    shutil.copy(FIXTURES / "hx" / "hmp-fixture.hx", tree / "hmp.hx")
    shutil.copytree(FIXTURES / "qapi", tree / "qapi")
    (docs / "conf.py").write_text(CONF + "hxtool_doc_include_dirs = ['..']\n")
    (docs / "index.rst").write_text("Tree\n====\n\n.. toctree::\n\n   options\n   monitor\n"
                                    "   api\n   plain\n")
    (docs / "options.rst").write_text("Options\n=======\n\n.. hxtool-doc:: options.hx\n")
    (docs / "monitor.rst").write_text("Monitor\n=======\n\n.. hxtool-doc:: /hmp.hx\n")
    (docs / "api.rst").write_text("API\n===\n\n.. qapi-doc:: qapi/main.json\n")
    (docs / "plain.rst").write_text("Plain\n=====\n\nNo directive here.\n")
    return tree


def _build(docs: Path, out: Path, *extra: str) -> tuple[int, str, list[str]]:
    """sphinx-build -W (text) in a process of its own: (exit code, stderr, re-read docs)."""
    p = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-N", "-b", "text", *extra,
                        str(docs), str(out)], capture_output=True, text=True, env=sphinx_env())
    reread = re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", p.stdout, re.M)
    return p.returncode, p.stderr, sorted(reread)


def _touch(path: Path) -> None:
    path.write_text(path.read_text() + "\n")


def test_paths_are_relative_to_the_source_tree(tmp_path):
    tree = _tree(tmp_path)
    code, err, reread = _build(tree / "docs", tmp_path / "out")
    assert code == 0 and err == "", err
    assert reread == ["api", "index", "monitor", "options", "plain"]
    out = tmp_path / "out"
    assert "-machine [type=]name[,prop=value[,...]]" in (out / "options.txt").read_text()
    assert "Text from an included file" in (out / "options.txt").read_text()
    assert "q or quit" in (out / "monitor.txt").read_text()
    assert "paint" in (out / "api.txt").read_text()


def test_touching_one_input_rereads_only_its_pages(tmp_path):
    tree = _tree(tmp_path)
    out, doctrees = tmp_path / "out", str(tmp_path / "doctrees")
    assert _build(tree / "docs", out, "-d", doctrees)[:2] == (0, "")
    _touch(tree / "hmp.hx")
    code, err, reread = _build(tree / "docs", out, "-d", doctrees)
    assert (code, err) == (0, "")
    assert reread == ["monitor"]
    # the Texinfo file an .hx file includes, and a schema module, count too
    _touch(tree / "options-include.texi")
    assert _build(tree / "docs", out, "-d", doctrees)[2] == ["options"]
    module = next(p for p in sorted((tree / "qapi").rglob("*.json")) if p.name != "main.json"
                  and "include" in (tree / "qapi" / "main.json").read_text()
                  and p.relative_to(tree / "qapi").as_posix() in
                  (tree / "qapi" / "main.json").read_text())
    _touch(module)
    assert _build(tree / "docs", out, "-d", doctrees)[2] == ["api"]
    # nothing changed: nothing re-read
    assert _build(tree / "docs", out, "-d", doctrees)[2] == []


def test_paths_leaving_the_source_tree_are_refused(tmp_path):
    tree = _tree(tmp_path)
    (tmp_path / "secret.hx").write_text("STEXI\nSecret hx text\nETEXI\n")
    (tmp_path / "secret.json").write_text("##\n# Secret schema text\n##\n{ 'command': 'x' }\n")
    os.symlink(tmp_path / "secret.hx", tree / "link.hx")
    docs = tree / "docs"
    (docs / "bad.rst").write_text(
        ":orphan:\n\nBad\n===\n\n.. hxtool-doc:: ../secret.hx\n\n.. hxtool-doc:: link.hx\n\n"
        ".. qapi-doc:: ../secret.json\n")
    code, err, _ = _build(docs, tmp_path / "out", "--keep-going")
    bad = docs / "bad.rst"
    assert code != 0
    assert f"{bad}:6: ERROR: hxtool-doc: ../secret.hx is outside the source tree {tree}" in err
    assert f"{bad}:8: ERROR: hxtool-doc: link.hx is outside the source tree" in err
    assert f"{bad}:10: ERROR: qapi-doc: ../secret.json is outside the source tree" in err
    text = (tmp_path / "out" / "bad.txt").read_text()
    assert "Secret" not in text


def test_without_the_setting_paths_stay_relative_to_the_document(tmp_path):
    tree = _tree(tmp_path)
    docs = tree / "docs"
    (docs / "conf.py").write_text(CONF.replace("texi2rst_srctree = '..'\n", ""))
    (docs / "options.rst").write_text("Options\n=======\n\n.. hxtool-doc:: ../options.hx\n")
    code, err, _ = _build(docs, tmp_path / "out", "--keep-going")
    assert code != 0
    assert f"options.rst:4: ERROR: hxtool-doc: ../options.hx is outside the source folder " \
           f"{docs}" in err
    assert "hxtool-doc: cannot read /hmp.hx" in err  # /hmp.hx: docs/hmp.hx


def test_copies_register_nothing(tmp_path):
    """A page named in texi2rst_copies (a man page made of a manual's fragments) shows the
    same text, but its labels, options and index entries are the manual's only."""
    from conftest import sphinx_environment

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(CONF.replace("texi2rst_srctree = '..'\n", "")
                                  + "texi2rst_copies = ['man/*']\n")
    (docs / "frag.rst.inc").write_text(
        ".. _shared-label:\n\nShared\n------\n\n.. index:: sharedword\n\n"
        ".. option:: -x\n\n   The x option.\n")
    (docs / "index.rst").write_text("Top\n===\n\n.. toctree::\n\n   manual\n")
    (docs / "manual.rst").write_text(".. program:: prog\n\nManual\n======\n\n"
                                     ".. include:: /frag.rst.inc\n\nSee :option:`-x`.\n")
    (docs / "man").mkdir()
    (docs / "man" / "prog.rst").write_text(
        ":orphan:\n\n.. program:: prog\n\nprog\n====\n\n.. include:: /frag.rst.inc\n")
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-N", "-q", "-b", "html",
                        str(docs), str(out)], capture_output=True, text=True, env=sphinx_env())
    assert (p.returncode, p.stderr) == (0, "")
    env = sphinx_environment(out)
    std = env.domaindata["std"]
    assert std["labels"]["shared-label"][0] == "manual"
    assert std["progoptions"][("prog", "-x")][0] == "manual"
    entries = env.domaindata["index"]["entries"]
    assert entries.get("man/prog") == [] and entries["manual"]
