""".hx files read into the document tree and rendered by the rST writer: titles, option
signatures, and rewritten files that keep hxtool's block structure."""

from __future__ import annotations

import docutils.core
import docutils.utils

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.readers.hx import read_hx_text
from texi2rst.readers.hx_document import HxReader
from texi2rst.writers.hx import HX_MARKERS, HxConverter


def _convert(text: str, name: str = "opts.hx") -> HxConverter:
    reporter = Reporter()
    hx = read_hx_text(text, name, reporter)
    assert hx is not None
    conv = HxConverter(hx, None, reporter)
    conv.convert()
    return conv


def _docutils_problems(rst: str) -> list[str]:
    messages: list[str] = []
    settings = {"report_level": 5, "halt_level": 5, "warning_stream": False}
    doc = docutils.core.publish_doctree(rst, settings_overrides=settings)
    for msg in doc.findall(docutils.nodes.system_message):
        text = msg.astext()
        # Sphinx's directives and roles are not docutils': only rST problems count here
        if msg["level"] >= 2 and "Unknown directive type" not in text \
                and "Unknown interpreted text role" not in text:
            messages.append(text)
    return messages


def test_reader_gives_sections_and_blocks() -> None:
    text = ("DEFHEADING(Standard options:)\nSTEXI\n@table @option\n@item -h\nHelp.\n"
            "@end table\nETEXI\nSRST(lbl)\nText.\nERST\n")
    hx = read_hx_text(text, "x.hx", Reporter())
    assert hx is not None
    doc = HxReader(hx).read()
    [section] = doc.children
    assert isinstance(section, n.Section) and n.plain_text(section.title) == "Standard options"
    stexi, srst = section.children
    assert isinstance(stexi, n.HxBlock) and (stexi.kind, stexi.number) == ("stexi", 0)
    assert isinstance(stexi.children[0], n.Table)
    assert isinstance(srst, n.HxBlock) and (srst.kind, srst.label) == ("srst", "lbl")
    assert [c.text for c in srst.children if isinstance(c, n.Literal)] == ["Text."]


def test_cjk_heading_underline_covers_the_title() -> None:
    conv = _convert("DEFHEADING(日本語のオプション:)\nSTEXI\nBody text.\nETEXI\n")
    lines = [t for t, _ in conv.rst_lines()]
    assert lines[0] == "日本語のオプション"
    assert lines[1] == "=" * 18  # nine wide characters, two columns each
    assert _docutils_problems("\n".join(lines) + "\n") == []


def test_option_with_comma_separated_arguments_is_not_an_option() -> None:
    conv = _convert("STEXI\n@table @option\n@item -foo @var{a}, @var{b}\nTwo values.\n"
                    "@item -bar @var{x}\nOne value.\n@end table\nETEXI\n")
    rst = "\n".join(t for t, _ in conv.rst_lines())
    # "-foo a, b" would register the options "-foo a" and "b" with Sphinx
    assert ".. option:: -foo" not in rst
    assert "-foo" in rst and "Two values." in rst
    assert ".. option:: -bar x" in rst  # the other entry of the table still is one
    assert _docutils_problems(rst + "\n") == []


def test_rewritten_lines_never_start_with_a_marker() -> None:
    # markers reach a line start through rewrapping, and through @value in an example
    words = " ".join(HX_MARKERS)
    sets = "".join(f"@set m{i} {m}\n" for i, m in enumerate(HX_MARKERS))
    example = "".join(f"@value{{m{i}}} inside an example\n" for i in range(len(HX_MARKERS)))
    text = ("STEXI\n" + sets + f"Text {words} " * 8 + "\n\n"
            + "@example\n" + example + "@end example\n\n"
            + "@example\n@value{m4} with @var{markup}\n@end example\nETEXI\n")
    conv = _convert(text)
    out = conv.rewritten()
    again = read_hx_text(out, "again.hx", Reporter())
    assert again is not None
    # one SRST block, nothing else: no documentation line became a marker
    assert [p.kind for p in again.parts] == ["srst"]
    body = [x.stripped for x in again.parts[0].body]
    assert not [x for x in body if x.startswith(HX_MARKERS)]
    escaped = [x for x in body if x.startswith("\\") and x[1:].startswith(HX_MARKERS)]
    assert len(escaped) >= 1 + len(HX_MARKERS) + 1  # rewrapped text, both examples
    # the escapes are read as nothing: the text keeps every marker word
    rst = "\n".join(x.text for x in again.parts[0].body) + "\n"
    assert _docutils_problems(rst) == []
    doc = docutils.core.publish_doctree(rst, settings_overrides={"report_level": 5})
    shown = doc.astext()
    assert "\\" not in shown
    for marker in HX_MARKERS:
        assert f"{marker} inside an example" in shown
        assert shown.count(marker) >= 9  # eight in the paragraph, one in the example
    assert "ERST with markup" in shown


def test_the_rst_writer_renders_a_whole_hx_tree() -> None:
    from texi2rst.writers.rst import write_rst

    hx = read_hx_text("DEFHEADING(Opts:)\nSTEXI\n@table @option\n@item -h\nHelp.\n@end table\n"
                      "ETEXI\nSRST(lbl)\nText.\nERST\n", "x.hx", Reporter())
    assert hx is not None
    rst = write_rst(HxReader(hx).read())
    assert rst == ("****\nOpts\n****\n\n.. option:: -h\n\n   Help.\n\n.. _lbl:\n\nText.\n")
