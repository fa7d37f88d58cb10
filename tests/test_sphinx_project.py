"""Whole manuals as Sphinx projects: splitting, labels, references, indices, man pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

BOOK = FIXTURES / "project" / "book.texi"


def sphinx(src: Path, builder: str, out: Path) -> tuple[int, str]:
    """sphinx-build -W in a process of its own (Sphinx registers things globally)."""
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-E", "-b", builder,
                           str(src), str(out)], capture_output=True, text=True)
    return proc.returncode, proc.stderr


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("book") / "project"
    code, _, err = run_cli("convert", str(BOOK), "-o", str(out), "--man-page", "book.1")
    assert code == 0, err
    return out, err


def test_files_per_chapter_named_from_nodes(book):
    out, _ = book
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.rst"))
    # the Index node holds only @printindex: Sphinx's genindex takes its place (issue 16)
    assert files == sorted(["escape.rst", "getting-started.rst", "index.rst",
                            "man/book.rst", "reference.rst"])
    conf = (out / "conf.py").read_text()
    assert "project = 'The Book'" in conf and "version = '3.1'" in conf
    assert "('man/book', 'book', 'The Book', [], 1)" in conf


def test_node_names_never_escape_the_output_folder(book):
    out, _ = book
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())


def test_html_and_text_builds_have_no_warning(book, tmp_path):
    out, _ = book
    for builder in ("html", "text"):
        code, log = sphinx(out, builder, tmp_path / builder)
        assert code == 0 and log == "", log
    text = "\n".join(p.read_text() for p in (tmp_path / "text").glob("*.txt"))
    assert "Welcome to the book." in text and "Install it." in text
    html = (tmp_path / "html" / "genindex.html").read_text()
    assert "starting" in html and "details" in html and "start" in html


def test_labels_are_unique_and_references_resolve(book, tmp_path):
    out, err = book
    labels = re.findall(r"^\.\. _([^:]+):$", "\n".join(
        p.read_text() for p in out.rglob("*.rst") if "man" not in p.parts), re.M)
    assert len(labels) == len(set(labels))
    assert "details-of-things" in labels and "details-of-things-2" in labels
    assert "reference to undefined node `No Such Node'" in err
    assert re.search(r"book\.texi:\d+: warning: reference to undefined node", err)
    text = (out / "getting-started.rst").read_text()
    assert ":ref:`the install step <install-anchor>`" in (out / "reference.rst").read_text()
    assert ":ref:`Reference <reference>`" in text
    assert "Other Manual" in text  # a reference into another manual stays readable


def test_image_is_copied_into_the_project(book):
    out, _ = book
    assert (out / "_images_src" / "images" / "dot.png").is_file()


def test_man_page_has_the_regions_in_texi2pod_order(book, tmp_path):
    out, _ = book
    code, log = sphinx(out, "man", tmp_path / "man")
    assert code == 0, log
    page = (tmp_path / "man" / "book.1").read_text()
    heads = re.findall(r"^\.SH (.*)$", page, re.M)
    assert heads == ["NAME", "DESCRIPTION", "OPTIONS", "SEE ALSO"]
    assert "The other manual." in page  # from inside @ignore
    assert "The other manual." not in (out / "reference.rst").read_text()


@pytest.mark.parametrize("split,expected", [
    ("none", ["index.rst"]),
    ("section", ["escape.rst", "getting-started/index.rst", "getting-started/installing.rst",
                 "index.rst", "reference/details-of-things-2.rst",
                 "reference/details-of-things.rst", "reference/index.rst"]),
])
def test_split_levels_build_cleanly(split, expected, tmp_path):
    out = tmp_path / "p"
    code, _, err = run_cli("convert", str(BOOK), "-o", str(out), "--split", split)
    assert code == 0, err
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.rst")
                   if p.parts[-2] != "man")
    assert files == expected
    code, log = sphinx(out, "html", tmp_path / "html")
    assert code == 0 and log == "", log


def test_rerun_replaces_own_files_and_leaves_others(tmp_path):
    out = tmp_path / "p"
    assert run_cli("convert", str(BOOK), "-o", str(out))[0] == 0
    (out / "mine.rst").write_text("kept\n")
    (out / "reference.rst").write_text("stale edit\n")
    assert run_cli("convert", str(BOOK), "-o", str(out), "--split", "none")[0] == 0
    assert (out / "mine.rst").read_text() == "kept\n"
    assert not (out / "reference.rst").exists()  # texi2rst wrote it before, not now
    assert (out / "index.rst").exists()


def test_menus_dropped_index_pages_replaced_by_genindex(book, tmp_path):
    """Issue 16: no menu comment by default, no page that only links to the index, the
    general index in the root toctree; ``--menus comment`` keeps the menus as comments."""
    out, _ = book
    index = (out / "index.rst").read_text()
    texts = "\n".join(p.read_text() for p in out.rglob("*.rst"))
    assert "menu:" not in texts and "\n..\n   " not in texts
    assert ".. only:: html\n\n   :ref:`genindex`" in index
    assert not [p for p in out.rglob("*.rst")
                if p.name != "index.rst" and ":ref:`genindex`" in p.read_text()]
    other = tmp_path / "comment"
    code, _, err = run_cli("convert", str(BOOK), "-o", str(other), "--menus", "comment")
    assert code == 0, err
    assert "..\n   menu:\n   * Getting Started::" in (other / "index.rst").read_text()


def _convert(tmp_path: Path, texi: str) -> Path:
    """A Sphinx project converted from Texinfo text."""
    src = tmp_path / "m.texi"
    src.write_text(texi)
    out = tmp_path / "p"
    code, _, err = run_cli("convert", str(src), "-o", str(out))
    assert code == 0, err
    return out


def test_conf_py_metadata(tmp_path):
    """Issue 16: no highlighting unless the source names a language; the project named without
    its version; author from @author; man page and LaTeX document named from @setfilename."""
    out = _convert(tmp_path, "\\input texinfo\n@setfilename grep.info\n@set VERSION 3.12\n"
                   "@settitle GNU Grep @value{VERSION}\n@titlepage\n@title GNU Grep\n"
                   "@author Jim Doe\n@author Ann Roe\n@end titlepage\n@node Top\n@top Grep\n"
                   "@lisp\n(car x)\n@end lisp\n@example\nls\n@end example\n"
                   "@example c\nint x;\n@end example\n@example nolang\nx\n@end example\n"
                   "@bye\n")
    conf = (out / "conf.py").read_text()
    assert "project = 'GNU Grep'\n" in conf and "version = '3.12'" in conf
    assert "author = 'Jim Doe, Ann Roe'" in conf
    assert "highlight_language = 'none'" in conf
    assert "('index', 'grep', 'GNU Grep', [], 1)" in conf
    assert "('index', 'grep.tex', 'GNU Grep', 'Jim Doe, Ann Roe', 'manual')" in conf
    index = (out / "index.rst").read_text()
    assert ".. code-block:: common-lisp\n\n    (car x)" in index
    assert ".. code-block:: c\n\n    int x;" in index
    assert "::\n\n    ls" in index and "::\n\n    x" in index
    for builder in ("html", "man"):
        code, log = sphinx(out, builder, tmp_path / builder)
        assert code == 0 and log == "", log
    assert (tmp_path / "man" / "grep.1").exists()


def test_itemx_terms_on_lines_of_their_own(tmp_path):
    """Issue 16: each @item/@itemx term on its own line in HTML and text, as makeinfo."""
    out = _convert(tmp_path, "\\input texinfo\n@node Top\n@top T\n@table @code\n@item first\n"
                   "@itemx second @var{arg}\n@itemx third\nThe body.\n@item other\nMore.\n"
                   "@end table\n@bye\n")
    for builder in ("html", "text"):
        code, log = sphinx(out, builder, tmp_path / builder)
        assert code == 0 and log == "", log
    text = (tmp_path / "text" / "index.txt").read_text()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    i = lines.index('"first"')
    assert lines[i:i + 4] == ['"first"', '"second *arg*"', '"third"', "The body."], lines
    html = (tmp_path / "html" / "index.html").read_text()
    assert re.search(r"<dt>.*first.*</dt>\s*<dd>\s*</dd>\s*<dt>.*second", html), html


def test_definitions_show_category_name_arguments_and_have_labels(tmp_path):
    """Issue 16: @deffn/@deftypefn as makeinfo shows them (category apart, name in bold,
    arguments in italics) with a label per name that :ref: reaches; plain Sphinx builds it."""
    out = _convert(tmp_path, "\\input texinfo\n@node Top\n@top D\n"
                   "@deffn {Scheme Procedure} array-ref array idx\n"
                   "@deffnx {Scheme Procedure} aref a i\nGet.\n@end deffn\n"
                   "@deftypefn {Library Function} int foobar (int @var{foo})\nCompute.\n"
                   "@end deftypefn\n@bye\n")
    index = out / "index.rst"
    text = index.read_text()
    assert ".. _array-ref:\n\n.. _aref:\n" in text
    assert "Scheme Procedure: **array-ref** *array idx*\n   ..\n\n" in text
    # valid C: an object of Sphinx's C domain, its category shown apart (issue 16)
    assert ".. _foobar:\n\n.. c:function:: int foobar(int foo)\n\n   *Library Function*\n" \
        in text
    index.write_text(text + "\nSee :ref:`array-ref`, :ref:`the function <foobar>` and "
                     ":c:func:`foobar`.\n")
    code, log = sphinx(out, "html", tmp_path / "html")
    assert code == 0 and log == "", log
    html = (tmp_path / "html" / "index.html").read_text()
    assert '<strong>array-ref</strong> <em>array idx</em>' in html
    assert 'href="#array-ref"' in html and 'id="foobar"' in html
    assert 'href="#c.foobar"' in html  # the C cross-reference resolves


def test_every_page_fits_79_columns(book):
    """Issue 16: no line of any page (man pages indented under their directive included)
    passes column 79 unless it is one unbreakable token."""
    out, _ = book
    long = [(p.name, line) for p in out.rglob("*.rst") for line in p.read_text().splitlines()
            if len(line) > 79 and " " in line.strip()]
    assert long == []


def _convert_files(tmp_path: Path, files: dict[str, str]) -> tuple[Path, str]:
    """The Sphinx project converted from ``main.texi`` among ``files``, and the messages."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    out = tmp_path / "out"
    code, _, err = run_cli("convert", str(tmp_path / "main.texi"), "-o", str(out))
    assert code == 0, err
    return out, err


def test_man_page_follows_only_includes_inside_regions(tmp_path):
    out, err = _convert_files(tmp_path, {
        "inside.texi": "Included inside the region.\n",
        "other.texi": "@c man begin DESCRIPTION\nOther program's text.\n@c man end\n"
                      "@c man begin SEEALSO\nother(1)\n@c man end\n",
        "main.texi": "\\input texinfo\n@setfilename main.info\n@settitle Main\n@node Top\n"
                     "@top Main\n"
                     "@c man begin DESCRIPTION\nMain text.\n@include inside.texi\n@c man end\n"
                     "@c man begin LICENSE\nA section texi2pod does not print.\n@c man end\n"
                     "@c man begin SEEALSO\nmain(7)\n@c man end\n"
                     "@include other.texi\n@bye\n"})
    assert "main.texi:10: warning: man page section LICENSE" in err
    man = (out / "man" / "main.rst").read_text()
    assert "Main text." in man and "Included inside the region." in man
    assert "Other program" not in man and "other(1)" not in man and "texi2pod does" not in man
    assert man.count("SEE ALSO") == 1
    index = "".join(p.read_text() for p in out.glob("*.rst"))
    assert "Other program's text." in index  # the manual itself keeps everything


def test_a_man_page_flattens_a_multitable_inside_another(tmp_path):
    """A multitable in a multitable's cell is a list of its rows in the man page too (the
    regions are copied before the manual's tree is reshaped)."""
    out, err = _convert_files(tmp_path, {
        "main.texi": "\\input texinfo\n@setfilename prog.info\n@node Top\n@top Prog\n"
                     "@c man begin DESCRIPTION\n@multitable {aaa} {bbb}\n@item x @tab\n"
                     "@multitable {ccc}\n@item inner cell\n@end multitable\n@end multitable\n"
                     "@c man end\n@bye\n"})
    man = (out / "man" / "prog.rst").read_text()
    assert man.count(".. list-table::") == 1 and "- - inner cell" in man


def test_no_man_page_when_only_files_texi2pod_skips_have_regions(tmp_path):
    """Regions only in a file included outside any region (gnupg's scdaemon.texi): texi2pod
    reads none of them, so the manual gets no man page, and no warning about an empty one."""
    out, err = _convert_files(tmp_path, {
        "sub.texi": "@node Sub\n@chapter Sub\n@c man begin EXAMPLES\n@example\n$ prog\n"
                    "@end example\n@c man end\n",
        "main.texi": "\\input texinfo\n@setfilename main.info\n@node Top\n@top Main\n"
                     "@include sub.texi\n@bye\n"})
    assert err == ""
    assert not (out / "man").exists() and "man/" not in (out / "conf.py").read_text()
    assert "$ prog" in (out / "sub.rst").read_text()


_TOOLS = ("\\input texinfo\n@setfilename tools.info\n@settitle Tools\n@node Top\n@top Tools\n"
          "@c man title ar create archives\n"
          "@c man begin SYNOPSIS ar\nar [options] archive\n@c man end\n"
          "@c man begin DESCRIPTION ar\nAr makes archives.\n@c man end\n"
          "@table @option\n@item -v\nVerbose.\n@end table\n"
          "@ignore\n@c man begin SEEALSO ar\nnm(1)\n@c man end\n@end ignore\n"
          "@c man title nm list symbols\n"
          "@c man begin DESCRIPTION nm\nNm lists symbols.\n@c man end\n"
          "@c man begin COPYRIGHT\nCopyright for every tool.\n@c man end\n"
          "@c man title -x a name made safe\n@c man begin DESCRIPTION -x\nX.\n@c man end\n"
          "@bye\n")


def test_man_pages_of_regions_tagged_by_program(tmp_path):
    """texi2pod.pl's ``@c man begin SECTION PROGRAM`` (GNU binutils): each program gets its
    page (texi2pod -D PROGRAM), with the untagged regions, described by ``@c man title``."""
    out = _convert(tmp_path, _TOOLS)
    conf = (out / "conf.py").read_text()
    assert "('man/ar', 'ar', 'create archives', [], 1)" in conf
    assert "('man/nm', 'nm', 'list symbols', [], 1)" in conf
    assert "('man/x', 'x', 'a name made safe', [], 1)" in conf
    ar, nm = (out / "man" / "ar.rst").read_text(), (out / "man" / "nm.rst").read_text()
    assert "Ar makes archives." in ar and "nm(1)" in ar and "Copyright for every" in ar
    assert "Nm lists" not in ar and "Ar makes" not in nm and "Copyright for every" in nm
    assert "SYNOPSIS" in ar and "SYNOPSIS" not in nm
    # the manual's options belong to the manual, not to the first of its programs
    assert (out / "index.rst").read_text().startswith(".. program:: tools\n")
    code, log = sphinx(out, "man", tmp_path / "man")
    assert code == 0 and log == "", log
    assert re.findall(r"^\.SH (.*)$", (tmp_path / "man" / "ar.1").read_text(), re.M) == [
        "NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO", "COPYRIGHT"]
    # a page asked for by name takes that program's regions
    code, _, err = run_cli("convert", str(tmp_path / "m.texi"), "-o", str(tmp_path / "q"),
                           "--man-page", "nm.1")
    assert code == 0, err
    assert [p.name for p in (tmp_path / "q" / "man").iterdir()] == ["nm.rst"]


def test_a_left_out_region_with_nothing_to_show_gives_no_warning(tmp_path):
    # binutils' manuals: an INCLUDE region only makes texi2pod read the @set lines of a file
    out, err = _convert_files(tmp_path, {
        "ver.texi": "@set VERSION 2.40\n",
        "main.texi": "\\input texinfo\n@setfilename main.info\n@c man begin INCLUDE\n"
                     "@include ver.texi\n@c man end\n@settitle Main\n@node Top\n@top Main\n"
                     "@c man begin DESCRIPTION\nVersion @value{VERSION}.\n@c man end\n"
                     "@c man begin TARGET\nTarget options.\n@c man end\n@bye\n"})
    assert err == "main.texi:12: warning: man page section TARGET: texi2pod prints no such " \
        "section; left out\n".replace("main.texi", str(tmp_path / "main.texi"))
    assert "Version 2.40." in (out / "man" / "main.rst").read_text()


def test_man_pages_of_a_project_show_no_html_anchors(tmp_path):
    # references in the man copy are their text: the man writer would print <#anchor>
    out = tmp_path / "widget"
    code, _, err = run_cli("convert", str(FIXTURES.parent / "examples" / "manual" / "manual.texi"),
                           "-o", str(out))
    assert code == 0, err
    man_rst = (out / "man" / "widget.rst").read_text()
    assert ":ref:" not in man_rst and ":option:" not in man_rst
    pages = " ".join(" ".join(p.read_text().split()) for p in out.glob("*.rst"))
    assert ":ref:`Invocation <invocation>`" in pages  # (a reference may wrap across lines)
    code, log = sphinx(out, "man", tmp_path / "man")
    assert code == 0, log
    page = (tmp_path / "man" / "widget.1").read_text()
    assert "<#" not in page and "Invocation" in page
