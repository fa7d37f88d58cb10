"""Scanning braces and splitting arguments: at commas or commands outside braces, a brace
group's closing brace, a definition line's words. Used for line commands, brace commands'
arguments (:mod:`.inline`) and macro calls (:mod:`.macros`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_SCANNERS: dict[tuple[str, str], re.Pattern[str]] = {}


def _scanner(chars: str, escape: str) -> re.Pattern[str]:
    pattern = _SCANNERS.get((chars, escape))
    if pattern is None:
        # an escape matters only before a brace, one of ``chars`` or itself (the scan then
        # skips what does not matter, which is most of a paragraph)
        escaped = "[" + re.escape(escape + "{}" + chars) + "]" if escape not in chars else "."
        pattern = _SCANNERS[(chars, escape)] = re.compile(
            re.escape(escape) + escaped + "|[{}" + re.escape(chars) + "]", re.S)
    return pattern


def outside_braces(text: str, chars: str, start: int = 0, end: int | None = None,
                   escape: str = "@") -> Iterator[int]:
    """Positions of any of ``chars`` outside braces in ``text[start:end]``; the ``escape``
    character makes the character after it plain (``@,`` ``@{`` in Texinfo, ``\\,`` in macro
    arguments)."""
    depth = 0
    for m in _scanner(chars, escape).finditer(text, start, len(text) if end is None else end):
        c = m.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif len(c) == 1 and depth <= 0:
            yield m.start()


def closing_brace(text: str, start: int, end: int | None = None, escape: str = "@") -> int:
    """The position of the brace that closes the one at ``start`` (before ``end``); -1 when
    it is not closed."""
    depth = 0
    for m in _scanner("", escape).finditer(text, start, len(text) if end is None else end):
        c = m.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return m.start()
    return -1


def brace_pairs(text: str, escape: str = "@") -> dict[int, int]:
    """Every brace group of ``text`` read from its start: opening position -> closing
    position (-1 when it is not closed), in one pass (looking up each group's end anew
    would cost the nesting depth times the length)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _scanner("", escape).finditer(text):
        c = m.group()
        if c == "{":
            stack.append(m.start())
        elif c == "}" and stack:
            pairs[stack.pop()] = m.start()
    for start in stack:
        pairs[start] = -1
    return pairs


def cut_at(text: str, cuts: Iterable[int], start: int = 0,
           end: int | None = None) -> list[tuple[int, int]]:
    """The ranges of ``text[start:end]`` between the one-character separators at ``cuts``."""
    ranges: list[tuple[int, int]] = []
    last = start
    for i in cuts:
        ranges.append((last, i))
        last = i + 1
    ranges.append((last, len(text) if end is None else end))
    return ranges


def find_outside_braces(text: str, char: str) -> int:
    return next(outside_braces(text, char), -1)


def split_line_args(text: str) -> list[str]:
    """Split a line command's argument at commas outside braces (``@,`` is no comma)."""
    return [text[a:b] for a, b in cut_at(text, outside_braces(text, ","))]


def split_command(text: str, name: str) -> list[str]:
    """Split a line at each ``@name`` command (not at an escaped ``@@name``)."""
    parts = []
    last = 0
    for m in re.finditer(r"@(@|" + re.escape(name) + r"(?![\w-]))", text):
        if m.group(1) != "@":
            parts.append(text[last:m.start()])
            last = m.end()
    parts.append(text[last:])
    return parts


def def_words(text: str) -> list[tuple[str, int]]:
    """Split a definition line into words; a braced group is one word. (word, end offset)"""
    words: list[tuple[str, int]] = []
    i = 0
    length = len(text)
    while i < length:
        while i < length and text[i] in " \t":
            i += 1
        if i >= length:
            break
        if text[i] == "{":
            j = closing_brace(text, i)
            j = length if j < 0 else j
            words.append((text[i + 1:j], j + 1))
            i = j + 1
        else:
            j = next(outside_braces(text, " \t", i), length)
            words.append((text[i:j], j))
            i = j
    return words
