"""In a Sphinx build, a ``.hx`` file or a QAPI schema used by several directives is read
once; a changed file is read again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, sphinx_build

from texi2rst.sphinx.cache import cached

pytest.importorskip("sphinx")

#: conf.py lines that count, in COUNT_FILE, each call of a module's function
_COUNTING_CONF = """
import {module} as _mod
_real = _mod.{function}
def _counting(path, *args, **kwargs):
    with open({count_file!r}, "a", encoding="utf-8") as f:
        f.write(str(path) + "\\n")
    return _real(path, *args, **kwargs)
_mod.{function} = _counting
"""


def _reads(count_file: Path) -> list[str]:
    if not count_file.exists():
        return []
    return [os.path.basename(p) for p in count_file.read_text(encoding="utf-8").splitlines()]


class _Env:
    """Stands for a build environment (the cache only needs a weak reference to it)."""


def test_cached_value_is_made_again_only_when_a_file_it_read_changes(tmp_path):
    main, included = tmp_path / "main.hx", tmp_path / "inc.texi"
    main.write_text("one\n")
    included.write_text("x\n")
    made: list[str] = []

    def make() -> tuple[str, list[str]]:
        made.append("made")
        return main.read_text() + included.read_text(), [str(main), str(included)]

    env = _Env()
    assert cached(env, "k", make) == "one\nx\n"
    assert cached(env, "k", make) == "one\nx\n"
    assert len(made) == 1
    included.write_text("changed include\n")  # another size
    assert cached(env, "k", make) == "one\nchanged include\n"
    assert len(made) == 2
    stat = main.stat()
    main.write_text("two\n")  # same size: the modification time tells
    os.utime(main, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cached(env, "k", make) == "two\nchanged include\n"
    assert len(made) == 3
    other = _Env()  # a new build: read again
    cached(other, "k", make)
    assert len(made) == 4


def test_deleted_file_is_read_again(tmp_path):
    main = tmp_path / "s.json"
    main.write_text("{}")
    calls: list[int] = []

    def make() -> tuple[int, list[str]]:
        calls.append(1)
        return len(calls), [str(main)]

    env = _Env()
    cached(env, "k", make)
    main.unlink()
    assert cached(env, "k", make) == 2


def _project(tmp_path: Path, conf: str, pages: dict[str, str]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(conf, encoding="utf-8")
    toc = "".join(f"   {name}\n" for name in pages if name != "index")
    (src / "index.rst").write_text(pages.get("index", "Index\n=====\n")
                                   + f"\n.. toctree::\n\n{toc}", encoding="utf-8")
    for name, text in pages.items():
        if name != "index":
            (src / f"{name}.rst").write_text(text, encoding="utf-8")
    return src


def _build_counting(tmp_path: Path, extension: str, counted: str, fixtures: str,
                    pages: dict[str, str]) -> list[str]:
    """Build ``pages`` (with ``fixtures/FIXTURES`` copied in) as text, counting the calls of
    ``counted`` (``module.function``); returns the names of the files it was called on."""
    count = tmp_path / "reads.txt"
    module, function = counted.rsplit(".", 1)
    conf = f"extensions = [{extension!r}]\nproject = 'p'\n" + _COUNTING_CONF.format(
        module=module, function=function, count_file=str(count))
    src = _project(tmp_path, conf, pages)
    shutil.copytree(FIXTURES / fixtures, src / fixtures)
    code, warnings = sphinx_build(src, tmp_path / "out", builder="text")
    assert code == 0, warnings
    return _reads(count)


def test_two_hxtool_doc_directives_on_one_file_read_it_once(tmp_path):
    reads = _build_counting(tmp_path, "texi2rst.sphinx.hx", "texi2rst.sphinx.hx.load", "hx", {
        "one": "One\n===\n\n.. hxtool-doc:: hx/options.hx\n   :no-index:\n",
        "two": "Two\n===\n\n.. hxtool-doc:: hx/options.hx\n   :no-index:\n\n"
               ".. hxtool-doc:: /hx/hmp-fixture.hx\n"})
    assert sorted(reads) == ["hmp-fixture.hx", "options.hx"]
    # both pages show the file's text
    for page in ("one", "two"):
        assert "-machine [type=]name" in (tmp_path / "out" / f"{page}.txt").read_text()


def test_two_qapi_doc_directives_on_one_schema_read_it_once(tmp_path):
    reads = _build_counting(tmp_path, "texi2rst.sphinx", "texi2rst.sphinx.qapi.read_input",
                            "qapi", {
                                "one": "One\n===\n\n.. qapi-doc:: qapi/main.json\n",
                                "two": "Two\n===\n\n.. qapi-doc:: /qapi/main.json\n"
                                       "   :no-index:\n"})
    assert reads.count("main.json") == 1, reads
    assert len(reads) == len(set(reads)), reads  # each included module once as well
    one = (tmp_path / "out" / "one.txt").read_text()
    two = (tmp_path / "out" / "two.txt").read_text()
    assert one.split("\n", 3)[3] == two.split("\n", 3)[3]  # the same text under each title
