"""QAPI doc comments: the section model and the line/inline markup."""

from __future__ import annotations

import time

import pytest

from texi2rst import nodes
from texi2rst.readers.qapi.doc import (
    DocError,
    inline,
    inline_pieces,
    parse_doc_text,
    text_to_blocks,
)


def doc(text: str):
    return parse_doc_text(text)


def body_texts(section):
    return [dl.text for dl in section.lines]


def test_freeform_and_symbol():
    d = doc("##\n# = Title\n# text\n##")
    assert d.freeform and body_texts(d.body) == ["= Title", "text"]
    d = doc("##\n# @thing:\n# Body line\n##")
    assert d.symbol == "thing" and d.symbol_line == 2 and body_texts(d.body) == ["Body line"]


def test_members_with_continuation_lines():
    d = doc("##\n# @f:\n#\n# @a: first\n#      more\n# @b:\n#   indented\n#\n##")
    assert list(d.args) == ["a", "b"]
    assert body_texts(d.args["a"]) == ["first", "more"]
    assert body_texts(d.args["b"]) == ["indented"]
    assert d.args["a"].line == 4


def test_features_and_tagged_sections():
    d = doc("##\n# @f:\n# @a: x\n#\n# Features:\n# @feat: a feature\n#\n"
            "# Returns: something\n#     else\n# Since: 2.0\n# Note: careful\n"
            "# TODO: later\n# Example:\n#\n# -> { \"execute\": \"f\" }\n#    indented\n##")
    assert list(d.features) == ["feat"] and body_texts(d.features["feat"]) == ["a feature"]
    assert [s.name for s in d.sections] == ["Returns", "Since", "Note", "TODO", "Example"]
    assert body_texts(d.sections[0]) == ["something", "else"]
    assert body_texts(d.sections[-1]) == ['-> { "execute": "f" }', "   indented"]


def test_untagged_section_after_members():
    d = doc("##\n# @f:\n# @a: x\n#\n# Free text after members\n##")
    assert [(s.name, body_texts(s)) for s in d.sections] == [(None,
                                                              ["Free text after members"])]


@pytest.mark.parametrize("text,line,message", [
    ("##\n# @f:\n# @a:\n# @a:\n##", 4, "'a' parameter name duplicated"),
    ("##\n# @f:\n# @:\n##", 3, "invalid parameter name"),
    ("##\n# @:\n##", 2, "invalid name"),
    ("##\n# @f\n##", 2, "line should end with ':'"),
    ("##\n# @f:\n#x\n##", 3, "missing space after #"),
    ("##\n# @f:\n# Since: 1\n# Since: 2\n##", 4, "duplicated 'Since' section"),
    ("##\n# @f:\n# Returns: 1\n# Returns: 2\n##", 4, "duplicated 'Returns' section"),
    ("##\n# @f:\n# Note:\n##", 4, "empty doc section 'Note'"),
    ("##\n# @f:\n# Note: x\n# @a: y\n##", 4, "'@a:' can't follow 'Note' section"),
    ("##\n# free\n# @a: y\n##", 3, "'@a:' not allowed in free-form documentation"),
])
def test_doc_errors(text, line, message):
    with pytest.raises(DocError) as info:
        doc(text)
    assert info.value.line == line and info.value.message == message


def test_bare_text_without_hashes():
    d = parse_doc_text("@f:\nBody\n\n@a: x\n\nSince: 1")
    assert d.symbol == "f" and list(d.args) == ["a"] and d.sections[0].name == "Since"


# --------------------------------------------------------------------------- inline markup


def test_inline_pieces():
    assert inline_pieces("*strong* _emph_ @name and a_b_c 2 * 3") == [
        ("strong", "strong"), ("text", " "), ("emph", "emph"), ("text", " "),
        ("symbol", "name"), ("text", " and a_b_c 2 * 3")]
    assert inline_pieces("plain") == [("text", "plain")]
    assert inline_pieces("") == []
    assert inline_pieces("lone @ and _ and *") == [("text", "lone @ and _ and *")]


def test_inline_nodes_and_resolution():
    out = inline("see @Foo and @bar", source="s.json", line=7,
                 resolve=lambda n: "qapi-Foo" if n == "Foo" else "")
    kinds = [type(n).__name__ for n in out]
    assert kinds == ["Text", "Reference", "Text", "Styled"]
    assert out[1].target == "qapi-Foo" and out[3].kind == "code"
    assert all(n.source == "s.json" and n.line == 7 for n in out)


def test_inline_speed():
    t0 = time.perf_counter()
    for _ in range(2000):
        inline_pieces("the @device member of *some* _struct_ here")
    assert time.perf_counter() - t0 < 1.0


# --------------------------------------------------------------------------- line markup


def lines(*texts):
    from texi2rst.readers.qapi.doc import DocLine
    return [DocLine(i + 1, t) for i, t in enumerate(texts)]


def test_paragraphs_lists_examples():
    blocks = text_to_blocks(lines("para one", "continued", "", "1. first", "   more",
                                  "2. second", "", "- bullet", "* bullet two", "",
                                  "after", "| code 1", "| code 2"))
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "EnumeratedList", "BulletList", "Paragraph",
                     "LiteralBlock"]
    assert len(blocks[1].items) == 2 and len(blocks[2].items) == 2
    assert nodes.plain_text(blocks[1].items[0].children[0].children) == "first\nmore"
    assert blocks[4].children[0].text == "code 1\ncode 2"
    assert blocks[1].line == 4 and blocks[4].line == 12


def test_list_ends_after_blank_then_text():
    blocks = text_to_blocks(lines("- a", "still a", "", "not in list"))
    assert [type(b).__name__ for b in blocks] == ["BulletList", "Paragraph"]
    assert nodes.plain_text(blocks[0].items[0].children[0].children) == "a\nstill a"


def test_headings():
    blocks = text_to_blocks(lines("= Top", "== Sub", "text"))
    assert [(type(b).__name__, getattr(b, "level", None)) for b in blocks] == [
        ("Heading", 1), ("Heading", 2), ("Paragraph", None)]
