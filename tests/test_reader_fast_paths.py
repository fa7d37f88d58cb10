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
