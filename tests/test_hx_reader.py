"""The .hx line grammar: markers, parts, byte-identical lines, located errors."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from texi2rst.diagnostics import Reporter
from texi2rst.readers.hx import classify, read_hx, read_hx_text, split_lines

HX = FIXTURES / "hx"


def test_every_marker_becomes_a_part():
    r = Reporter()
    hx = read_hx(str(HX / "options.hx"), r)
    assert hx is not None and not r.diagnostics
    kinds = {p.kind for p in hx.parts}
    assert kinds == {"comment", "code", "heading", "stexi", "srst", "sqmp"}
    headings = [(p.title, p.arch) for p in hx.parts if p.kind == "heading"]
    assert ("Standard options:", "") in headings
    assert ("i386 target only:", "QEMU_ARCH_I386") in headings
    assert ("", "") in headings
    srst = hx.blocks("srst")[0]
    assert srst.label == "already-rst"
    assert [x.text for x in srst.body] == [
        "Text already in reStructuredText, see :option:`-drive`."]
    stexi = hx.blocks("stexi")
    assert stexi[0].line == 5 and stexi[0].end_line == 7
    # the multi-line macro with backslash continuations is kept line by line
    code = [p.lines[0].text for p in hx.parts if p.kind == "code"]
    assert "#define MULTI_LINE(x) \\" in code
    assert "\tx;  /* a tab */   \\" in code


def test_lines_round_trip_byte_for_byte():
    text = (HX / "options.hx").read_text(encoding="utf-8")
    for variant in (text, text.replace("\n", "\r\n"), text.rstrip("\n"), "  STEXI \r\nx\rETEXI"):
        hx = read_hx_text(variant, "v.hx", Reporter())
        assert hx is not None
        assert "".join(p.raw for p in hx.parts) == variant


def test_split_lines_keeps_endings():
    lines = split_lines("a\r\nb\nc\rd")
    assert [(x.text, x.end, x.number) for x in lines] == [
        ("a", "\r\n", 1), ("b", "\n", 2), ("c", "\r", 3), ("d", "", 4)]


@pytest.mark.parametrize("line,kind", [
    ("HXCOMM x", "HXCOMM"), ("  STEXI", "STEXI"), ("ETEXI  ", "ETEXI"), ("SRST(lbl)", "SRST"),
    ("ERST", "ERST"), ("SQMP", "SQMP"), ("EQMP", "EQMP"), ("DEFHEADING(x:)", "DEFHEADING"),
    ("ARCHHEADING(x, y)", "ARCHHEADING"), ('DEF("h", 0, X, "", Y)', "TEXT"), ("", "TEXT"),
])
def test_classify(line, kind):
    assert classify(split_lines(line + "\n")[0]) == kind


@pytest.mark.parametrize("text,expected", [
    ("a\nETEXI\n", ["bad.hx:2: error: ETEXI without a matching STEXI"]),
    ("SRST\nSTEXI\nERST\n",
     ["bad.hx:2: error: STEXI inside the SRST block opened at line 1 (expected ERST first)"]),
    ("x\nSTEXI\n@table @option\n",
     ["bad.hx:2: error: STEXI block not closed (expected ETEXI before the end of the file)"]),
    ("STEXI\nERST\nETEXI\n",
     ["bad.hx:2: error: ERST closes the STEXI block opened at line 1 (expected ETEXI)"]),
    ("SQMP\nDEFHEADING(x)\nEQMP\nEQMP\n",
     ["bad.hx:2: error: DEFHEADING inside the SQMP block opened at line 1 (expected EQMP first)",
      "bad.hx:4: error: EQMP without a matching SQMP"]),
    ("SRST\n", ["bad.hx:1: error: SRST block not closed (expected ERST before the end of the "
                "file)"]),
])
def test_bad_markers_are_located(text, expected):
    r = Reporter()
    assert read_hx_text(text, "bad.hx", r) is None
    assert [str(d) for d in r.diagnostics] == expected


def test_missing_file_is_an_error(tmp_path):
    r = Reporter()
    assert read_hx(str(tmp_path / "none.hx"), r) is None
    assert r.has_errors
