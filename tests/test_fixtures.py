"""Every fixture: the expected rST, and the round trip through docutils with Sphinx's roles.

``fixtures/texinfo/NAME.texi`` converts to exactly ``NAME.rst``; that rST, parsed back by
docutils (Sphinx's roles and directives registered), gives the same skeleton as the document
tree (sections, lists, tables, literal blocks, inline markup kinds, references), with no
warning.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from roundtrip_util import parse_rst, skeleton_of_doctree, skeleton_of_tree

from texi2rst.convert import prepare_single_document, texinfo_to_rst
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.parser import Options, read_texinfo
from texi2rst.writers.rst import Labels, RstOptions, write_rst

CASES = sorted((FIXTURES / "texinfo").glob("*.texi"))


@pytest.mark.parametrize("texi", CASES, ids=[c.stem for c in CASES])
def test_fixture_converts_to_expected_rst(texi):
    reporter = Reporter()
    rst = texinfo_to_rst(str(texi), Options(), reporter)
    assert not reporter.errors, [str(d) for d in reporter.errors]
    assert rst == texi.with_suffix(".rst").read_text(encoding="utf-8")


@pytest.mark.parametrize("texi", CASES, ids=[c.stem for c in CASES])
def test_fixture_round_trips_through_docutils(texi):
    reporter = Reporter()
    doc = read_texinfo(str(texi), Options(), reporter)
    prepare_single_document(doc)
    labels = Labels.collect(doc)
    rst = write_rst(doc, options=RstOptions(), labels=labels, reporter=reporter)
    parsed = parse_rst(rst)
    assert parsed.messages == []
    assert skeleton_of_doctree(parsed.doctree) == skeleton_of_tree(doc, labels=labels)


def test_there_are_fixtures_for_each_construct_family():
    names = {c.stem for c in CASES}
    assert {"inline", "glyphs", "lists", "tables", "blocks", "macros", "sections", "defs",
            "footnotes", "include"} <= names
