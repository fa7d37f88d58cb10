"""The reader's shortcuts agree with the scans they save (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from texi2rst.readers.texinfo.blocks import _balanced
from texi2rst.readers.texinfo.includes import _document_encoding


def _depths(text: str) -> list[int]:
    """Brace depth after each brace, ``@@``, ``@{`` and ``@}`` read as escapes."""
    depth, out, i = 0, [], 0
    while i < len(text):
        if text[i] == "@" and i + 1 < len(text) and text[i + 1] in "@{}":
            i += 2
            continue
        if text[i] in "{}":
            depth += 1 if text[i] == "{" else -1
            out.append(depth)
        i += 1
    return out


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="@{}ab ", max_size=30))
def test_a_line_said_balanced_closes_every_brace_it_opens(text: str) -> None:
    depths = _depths(text)
    balanced = all(d >= 0 for d in depths) and (not depths or depths[-1] == 0)
    if _balanced(text):
        assert balanced
    elif balanced:  # only when the nesting is too deep to tell at once
        assert max(depths) > 8


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["@documentencoding ISO-8859-1", "x@documentencoding UTF-8",
                                 "@c @documentencoding koi8-r", "text", "",
                                 "@documentencoding"]), max_size=6))
def test_the_encoding_line_is_the_first_that_starts_a_line(lines: list[str]) -> None:
    import re

    data = "\n".join(lines).encode("ascii")
    expected = re.search(rb"^@documentencoding[ \t]+([\w.-]+)", data, re.M)
    found = _document_encoding(data)
    assert (found.group(1) if found else None) == (expected.group(1) if expected else None)


#: pieces of a document that define names (``{}``: a name drawn for it)
_NAMING = ["@node {}\n@chapter C\n", "@node {}\n", "Text @anchor{{{}}} here.\n",
           "@float Figure,{}\nx\n@end float\n", "@copying\n@anchor{{{}}}\n@end copying\n",
           "@insertcopying\n", "@ignore\n@c man begin SEEALSO\n@anchor{{{}}}\n@c man end\n"
           "@end ignore\n", "@macro m\n@anchor{{{}}}\n@end macro\n", "@m{{}}\n",
           "@table @asis\n@item x\n@anchor{{{}}}\n@end table\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NAMING), st.sampled_from(["A", "B", "A  ", ""])),
                max_size=7))
def test_names_made_once_each_spare_the_walk_and_lose_no_error(
        pieces: list[tuple[str, str]]) -> None:
    """A document whose node lines, anchors and floats name nothing twice is not walked for
    names defined twice; every other one gets the errors the walk of the tree gives."""
    from texi2rst.diagnostics import Reporter
    from texi2rst.readers.texinfo import document as texi_document
    from texi2rst.readers.texinfo import parser as texi_parser

    text = "".join(piece.format(name) for piece, name in pieces)
    walked: list[bool] = []
    check = texi_document.check_unique_names

    def recorded(doc, reporter, made=None, places=None):  # type: ignore[no-untyped-def]
        walks = texi_document.n.Document.walk
        texi_document.n.Document.walk = lambda *a, **k: walked.append(True) or walks(*a, **k)
        try:
            check(doc, reporter, made, places)
        finally:
            texi_document.n.Document.walk = walks

    def exact(doc, reporter, made=None, places=None):  # type: ignore[no-untyped-def]
        check(doc, reporter, None, places)

    def errors(checker) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
        reporter = Reporter()
        saved = texi_parser.check_unique_names
        texi_parser.check_unique_names = checker
        try:
            texi_parser.read_texinfo_string(text, reporter=reporter)
        finally:
            texi_parser.check_unique_names = saved
        return [(d.line, d.message) for d in reporter.diagnostics if d.severity == "error"]

    found = errors(recorded)
    assert found == errors(exact)
    if any("previous" in message for _line, message in found):
        assert walked
    names = [name.strip() for piece, name in pieces if "{}" in piece and name.strip()]
    if len(set(names)) == len(names) and "@m{" not in text and "@insertcopying" not in text:
        assert not walked
