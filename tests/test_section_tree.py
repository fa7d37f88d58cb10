"""The section tree of a converted manual equals the one makeinfo sees (levels and titles)."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, TEXINFO_MANUAL, need_makeinfo, need_shared

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.commands import SECTION_LEVELS
from texi2rst.readers.texinfo.parser import Options, read_texinfo

QEMU_INCLUDES = ["generated", "generated/docs", "docs", "generated/docs/interop"]


def words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def makeinfo_sections(texi: Path, includes: list[Path]) -> list[tuple[int, str]]:
    """(level, title) of every sectioning element in makeinfo's XML output."""
    cmd = ["makeinfo", "--xml", "--no-split", "--force", "--ifhtml", "--no-ifinfo", "-o", "-"]
    for folder in includes:
        cmd += ["-I", str(folder)]
    xml = subprocess.run([*cmd, texi.name], cwd=texi.parent, capture_output=True,
                         text=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    xml = re.sub(r"&[A-Za-z]+;", " ", xml)  # glyphs: their text is compared on our side
    out: list[tuple[int, str]] = []

    def visit(element: ET.Element) -> None:
        for child in element:
            if child.tag in SECTION_LEVELS and child.tag not in (
                    "majorheading", "chapheading", "heading", "subheading", "subsubheading"):
                title = child.find("sectiontitle")
                text = "".join(title.itertext()) if title is not None else ""
                out.append((SECTION_LEVELS[child.tag], words(text)))
            visit(child)

    visit(ET.fromstring(xml))
    return out


def our_sections(texi: Path, includes: list[Path]) -> list[tuple[int, str]]:
    doc = read_texinfo(str(texi), Options(include_dirs=[str(i) for i in includes]), Reporter())
    return [(s.level, words(n.plain_text(s.title))) for s in doc.walk()
            if isinstance(s, n.Section)]


def check(texi: Path, includes: list[Path]) -> None:
    need_makeinfo()
    theirs = makeinfo_sections(texi, includes)
    ours = our_sections(texi, includes)
    assert theirs, "makeinfo saw no sections"
    assert [level for level, _ in ours] == [level for level, _ in theirs]
    for (_, our_title), (_, their_title) in zip(ours, theirs, strict=True):
        # makeinfo's XML writes glyphs (@TeX{}, @@, quotes) as entities, left out here
        assert set(their_title.split()) <= set(our_title.split()), (our_title, their_title)


def test_fixture_book():
    check(FIXTURES / "project" / "book.texi", [])


def test_example_manual():
    root = FIXTURES.parent / "examples" / "manual"
    check(root / "manual.texi", [])


def test_texinfo_manual():
    check(need_shared(TEXINFO_MANUAL), [])


@pytest.mark.parametrize("name", ["qemu-doc.texi", "docs/interop/qemu-qmp-ref.texi",
                                  "docs/interop/qemu-ga-ref.texi"])
def test_qemu_manuals(name):
    texi = need_shared(CORPUS / name)
    check(texi, [CORPUS / d for d in QEMU_INCLUDES])
