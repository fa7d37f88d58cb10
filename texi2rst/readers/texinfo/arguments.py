"""Splitting the arguments of line commands: at commas or commands outside braces, and a
definition line into its words."""

from __future__ import annotations

import re
from collections.abc import Iterator


def outside_braces(text: str, char: str) -> Iterator[int]:
    """Positions of ``char`` outside braces (``@,`` and other ``@x`` are skipped)."""
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "@":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == char and depth <= 0:
            yield i
        i += 1


def find_outside_braces(text: str, char: str) -> int:
    return next(outside_braces(text, char), -1)


def split_line_args(text: str) -> list[str]:
    """Split a line command's argument at commas outside braces (``@,`` is no comma)."""
    parts: list[str] = []
    last = 0
    for i in outside_braces(text, ","):
        parts.append(text[last:i])
        last = i + 1
    parts.append(text[last:])
    return parts


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
            depth = 0
            j = i
            while j < length:
                if text[j] == "@":
                    j += 2
                    continue
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            words.append((text[i + 1:j], j + 1))
            i = j + 1
        else:
            j = i
            depth = 0
            while j < length and (depth > 0 or text[j] not in " \t"):
                if text[j] == "@" and j + 1 < length:
                    j += 2
                    continue
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                j += 1
            words.append((text[i:j], j))
            i = j
    return words
