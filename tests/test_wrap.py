"""Line wrapping of rendered inline text against a plain statement of its rules.

:func:`texi2rst.writers.rst.escape.wrap` is written for speed (one split, one match per output
line). The reference here is the rule written out character by character: a line may break at
a single space of text (not an escaped one, not after a word's hyphen, not the last
character) and at a breakable space of markup; lines are filled greedily, markers take no
room, and a word longer than the width stands alone. (Each line is first stripped as
:func:`~texi2rst.writers.rst.escape.strip_marked` strips it.)
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from texi2rst.writers.rst.escape import (
    BREAK,
    MARKUP,
    TEXT,
    finish_line,
    split_words,
    strip_marked,
    wrap,
)

_MARKERS = TEXT + MARKUP


def _reference_words(text: str) -> list[str]:
    words: list[str] = []
    current = ""
    in_text = False
    for i, c in enumerate(text):
        if c in _MARKERS:
            in_text = c == TEXT
            current += c
            continue
        backslashes = len(current) - len(current.rstrip("\\"))
        breaks_text = (in_text and c == " " and i + 1 < len(text) and not text[i + 1].isspace()
                       and backslashes % 2 == 0
                       and not (i > 1 and text[i - 1] == "-" and text[i - 2].isalpha()))
        if breaks_text or (not in_text and c == BREAK):
            words.append(current)
            current = TEXT if breaks_text else MARKUP
        else:
            current += c
    words.append(current)
    return [w for w in words if w.strip(_MARKERS)]


def _shown(word: str) -> int:
    return len(word) - word.count(TEXT) - word.count(MARKUP)


def _reference_wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for line_text in text.split("\n"):
        line: list[str] = []
        for word in _reference_words(strip_marked(line_text)):
            if line and sum(map(_shown, line)) + len(line) + _shown(word) > width:
                lines.append(" ".join(line))
                line = []
            line.append(word)
        if line:
            lines.append(" ".join(line))
    return [finish_line(line, i == 0, lines[1] if i == 0 and len(lines) > 1 else None)
            for i, line in enumerate(lines)]


def _marked_text() -> st.SearchStrategy[str]:
    piece = st.text(alphabet="ab -\\\t\u00a0\u2003", min_size=0, max_size=8)
    marker = st.sampled_from([TEXT, MARKUP, BREAK])
    return st.lists(st.tuples(marker, piece), max_size=12).map(
        lambda parts: "".join(m + p for m, p in parts))


@settings(max_examples=400, deadline=None)
@given(_marked_text(), st.integers(min_value=1, max_value=30))
def test_wrap_follows_the_rules(text: str, width: int) -> None:
    # what strip_marked leaves: a marker first, no blank at either end
    text = TEXT + text.strip(" \t" + _MARKERS)
    assert wrap(text, width) == _reference_wrap(text, width)


@settings(max_examples=400, deadline=None)
@given(_marked_text())
def test_split_words_follows_the_rules(text: str) -> None:
    assert split_words(text) == _reference_words(text)


def test_a_long_word_stands_alone_and_short_ones_fill_lines() -> None:
    text = TEXT + "aa bb " + "c" * 12 + " dd ee ff"
    assert wrap(text, 8) == ["aa bb", "c" * 12, "dd ee ff"]
    assert wrap(text, 7) == ["aa bb", "c" * 12, "dd ee", "ff"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\r\f\vab\u00a0\u2028", max_size=20))
def test_collapsing_makes_each_run_of_whitespace_one_space(text: str) -> None:
    import re

    from texi2rst.writers.rst.escape import clean, collapse_spaces

    expected = re.sub(r"[ \t\n\r\f\v]+", lambda m: " ", text)
    assert collapse_spaces(text) == expected
    assert collapse_spaces(clean(text)) == expected  # join_pieces relies on it


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([".. index:: single: a", ".. index:: single: b", "", "text",
                                 "   .. index:: single: c", "x\n.. index:: single: d"]),
                max_size=12))
def test_index_lines_found_in_the_joined_text_are_those_of_the_lines(lines: list[str]) -> None:
    from texi2rst.writers.rst.blocks import _group_index_lines, group_index_directives

    each = [k for k, line in enumerate(lines) if line.startswith(".. index:: ")]
    assert group_index_directives(lines) == _group_index_lines(lines, each)
