"""STEXI blocks to rST: rewritten .hx files, one rST document, per-block splitting."""

from __future__ import annotations

import os
import shutil

from conftest import FIXTURES, run_cli

from texi2rst.diagnostics import Reporter
from texi2rst.readers.hx import read_hx_text
from texi2rst.writers.hx import convert_hx, load

HX = FIXTURES / "hx"


def _copy(tmp_path, name="options.hx"):
    for f in HX.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / name


def _blocks(text: str, kind: str = "srst") -> list[list[str]]:
    hx = read_hx_text(text, "x.hx", Reporter())
    assert hx is not None
    return [[x.text for x in p.body] for p in hx.blocks(kind)]


def _outside(text: str) -> list[str]:
    hx = read_hx_text(text, "x.hx", Reporter())
    assert hx is not None
    # an HXCOMM line inside a STEXI block moves out, just before its SRST block
    return [p.raw for p in hx.parts if not p.is_block and "inside a Texinfo" not in p.raw]


def test_rewrite_replaces_each_stexi_block(tmp_path):
    src = _copy(tmp_path)
    out = tmp_path / "out.hx"
    assert convert_hx(str(src), str(out)) == 0
    before, after = src.read_text(), out.read_text()
    assert "STEXI" not in after and "ETEXI" not in after
    assert _outside(after) == _outside(before)
    blocks = _blocks(after)
    # 7 STEXI blocks + the SRST block that was already there; the one holding only
    # "@table @option" gives no block; each block ends with a blank line (hxtool joins them)
    assert len(blocks) == 7
    assert all([x for x in b if not x.startswith("HXCOMM")][-1] == "" for b in blocks[:-1])
    assert blocks[0] == [".. option:: -h", "", "   Display help and exit. See also "
                         ":option:`-machine`.", ""]
    assert blocks[1][0] == ".. option:: -machine [type=]name[,prop=value[,...]]"
    assert "   ``accel=accels``" in blocks[1]  # a nested table stays a definition list
    assert any("Text from an included file" in x for x in blocks[2])  # @include resolved
    assert blocks[3][:2] == [".. option:: -netdev user,id=id[,option]",
                             "            -nic user"]
    # a plain table over two blocks: each block holds its entries as a list of its own
    assert blocks[4] == ["Values of the next option, in a table over two blocks:", "",
                         "first", "   The first value.", ""]
    assert blocks[5] == ["second", "   The second value.", ""]
    assert blocks[6] == ["Text already in reStructuredText, see :option:`-drive`."]


def test_hxcomm_inside_stexi_stays_in_its_place(tmp_path):
    src = _copy(tmp_path)
    out = tmp_path / "out.hx"
    assert convert_hx(str(src), str(out)) == 0
    lines = out.read_text().splitlines()
    i = lines.index("HXCOMM a comment inside a Texinfo block")
    # inside its block, after the rST of the entry it stood in (an entry is rendered whole)
    assert lines[i - 5:i - 3] == ["SRST", ".. option:: -drive option[,option[,...]]"]
    assert lines[i + 1] == "ERST"


def test_crlf_and_odd_whitespace_survive(tmp_path):
    src = _copy(tmp_path)
    data = src.read_bytes().replace(b"\n", b"\r\n")
    src.write_bytes(data)
    out = tmp_path / "out.hx"
    assert convert_hx(str(src), str(out)) == 0
    after = out.read_bytes()
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert b"    } while (0)   \r\n" in after and b"\tx;  /* a tab */   \\\r\n" in after
    text = after.decode()
    assert _outside(text) == _outside(data.decode())


def test_keep_texinfo_adds_srst_after_stexi(tmp_path):
    src = _copy(tmp_path)
    out = tmp_path / "out.hx"
    assert convert_hx(str(src), str(out), keep_texinfo=True) == 0
    after = out.read_text()
    assert _blocks(after, "stexi") == _blocks(src.read_text(), "stexi")
    assert len(_blocks(after, "srst")) == 7  # not for the STEXI block holding only @table
    assert "ETEXI\nSRST\n.. option:: -h\n" in after


def test_in_place_is_atomic_and_idempotent(tmp_path, monkeypatch):
    src = _copy(tmp_path)
    replaced = []
    real_replace = os.replace

    def spy(a, b):
        replaced.append((os.path.dirname(a), os.path.basename(b)))
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", spy)
    code, _, err = run_cli("hx", str(src), "--in-place")
    assert code == 0, err
    assert replaced == [(str(tmp_path), "options.hx")]
    once = src.read_bytes()
    assert b"STEXI" not in once
    assert run_cli("hx", str(src), "--in-place")[0] == 0
    assert src.read_bytes() == once
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["options.hx", "options-include.texi", "hmp-fixture.hx"])


def test_errors_write_nothing(tmp_path):
    src = tmp_path / "bad.hx"
    src.write_text("STEXI\n@table @option\nSRST\n")
    before = src.read_bytes()
    code, _, err = run_cli("hx", str(src), "--in-place")
    assert code == 1
    assert f"{src}:3: error: SRST inside the STEXI block opened at line 1" in err
    assert src.read_bytes() == before
    code, _, err = run_cli("hx", str(src), "-o", str(tmp_path / "out.rst"))
    assert code == 1 and not (tmp_path / "out.rst").exists()


def test_texinfo_errors_point_at_the_hx_line(tmp_path):
    src = tmp_path / "t.hx"
    src.write_text("HXCOMM x\nSTEXI\nSome text\n@include missing.texi\nETEXI\n")
    r = Reporter()
    assert convert_hx(str(src), str(tmp_path / "o.hx"), reporter=r) == 1
    assert [(d.source, d.line) for d in r.errors] == [(str(src), 4)]
    assert not (tmp_path / "o.hx").exists()


def test_rst_document(tmp_path):
    src = _copy(tmp_path)
    code, out, err = run_cli("hx", str(src), "-o", "-")
    assert code == 0, err
    assert out.startswith("Standard options\n================\n\n.. option:: -h\n")
    assert "i386 target only\n================\n" in out
    assert ".. _already-rst:\n\nText already in reStructuredText" in out
    assert "QMP text" not in out and "DEF(" not in out
    out_file = tmp_path / "doc.rst"
    assert convert_hx(str(src), str(out_file)) == 0
    assert out_file.read_text() == out


def test_monitor_commands(tmp_path):
    src = _copy(tmp_path, "hmp-fixture.hx")
    conv = load(str(src), None, Reporter())
    assert conv is not None
    text = "\n".join(t for t, _ in conv.rst_lines())
    assert ".. _hmp-quit:\n\n.. describe:: q or quit\n\n   Quit the emulator." in text
    assert ".. index:: single: info version (monitor command)" in text
    assert ".. _hmp-info-version:\n\n.. describe:: info version" in text
    # no @findex: the name is the first word of the item
    assert ".. _hmp-set-password:" in text
    assert "   *fail*\n      Fail." in text
    assert ".. option::" not in text


def test_no_index_drops_labels(tmp_path):
    src = _copy(tmp_path, "hmp-fixture.hx")
    conv = load(str(src), None, Reporter(), index=False)
    text = "\n".join(t for t, _ in conv.rst_lines())
    assert ".. _hmp" not in text and ".. index::" not in text
    conv = load(str(_copy(tmp_path)), None, Reporter(), index=False)
    text = "\n".join(t for t, _ in conv.rst_lines())
    assert ".. option:: -h\n   :no-index:\n" in text
    assert ".. _already-rst:" not in text


def test_no_index_on_already_converted_rst(tmp_path):
    src = _copy(tmp_path)
    out = tmp_path / "out.hx"
    assert convert_hx(str(src), str(out)) == 0
    conv = load(str(out), None, Reporter(), index=False)
    text = "\n".join(t for t, _ in conv.rst_lines())
    assert ".. option:: -netdev user,id=id[,option]\n            -nic user\n   :no-index:\n" \
        in text
    conv = load(str(_copy(tmp_path, "hmp-fixture.hx")), None, Reporter())
    rewritten = tmp_path / "hmp-out.hx"
    rewritten.write_text(conv.rewritten())
    again = load(str(rewritten), None, Reporter(), index=False)
    text = "\n".join(t for t, _ in again.rst_lines())
    assert ".. _hmp" not in text and ".. index::" not in text
    assert ".. describe:: q or quit\n\n   Quit the emulator." in text


def test_file_without_documentation(tmp_path):
    src = tmp_path / "regs.hx"
    src.write_bytes(b"REGISTER( a, 0x00 )\r\n/* x */")
    assert convert_hx(str(src), str(tmp_path / "o.hx")) == 0
    assert (tmp_path / "o.hx").read_bytes() == src.read_bytes()
    assert convert_hx(str(src), str(tmp_path / "o.rst")) == 0
