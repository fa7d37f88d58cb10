"""Text to rST text: escaping, line-start escaping, wrapping, word splitting, column widths.

Rendered inline text carries two private marker characters until it is cut into lines:
:data:`TEXT` where escaped running text starts and :data:`MARKUP` where markup starts, so
that wrapping breaks lines only inside text and line-start escaping applies only to text.
:func:`finish_line` drops them.
"""

from __future__ import annotations

import re
import unicodedata

TEXT = "\x02"  # marker: escaped text starts here
MARKUP = "\x04"  # marker: markup starts here
_MARKER_CHARS = TEXT + MARKUP
_MARKERS = re.compile(f"([{TEXT}{MARKUP}])")
_SPACE = re.compile(" ")
_SPACE_BEFORE_WORD = re.compile(r" (?=\S)")

_ENUM_WORD_RE = re.compile(r"^(\d+|[A-Za-z]|[IVXLCDM]+|[ivxlcdm]+)[.)]$")
_WS_RUN_RE = re.compile(r"[ \t\n\r\f\v]+")
_ADORNMENT_LINE_RE = re.compile(r"^([!-/:-@\[-`{-~])\1*$")

#: what running text escapes: markup characters; "_" not followed by a letter or digit;
#: ":" beside another ":", or between a letter or digit and a non-space
_ESCAPED = re.compile(r"[\\*`|@]|_(?![^\W_])|(?<=:):|:(?=:)|(?<=[^\W_]):(?=\S)")


def column_width(text: str) -> int:
    """Width of text in columns: East Asian wide and fullwidth characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clean(text: str) -> str:
    """Characters docutils turns into spaces anyway."""
    return text.replace("\f", " ").replace("\v", " ").replace("\r", " ")


def collapse_spaces(text: str) -> str:
    """Every run of whitespace as one space."""
    return _WS_RUN_RE.sub(" ", text)


def single_line(text: str) -> str:
    """Text on one line: whitespace runs become one space, none at the ends."""
    return collapse_spaces(text).strip()


def escape_text(text: str) -> str:
    """Backslash-escape everything in running text that could start or end markup."""
    return _ESCAPED.sub(r"\\\g<0>", text)


def escape_role(text: str) -> str:
    """Escape the content of interpreted text (a role such as ``:ref:`` or ``:option:``)."""
    text = text.replace("\\", "\\\\").replace("`", "\\`").replace("<", "\\<")
    if text[:1] in ("!", "~"):
        text = "\\" + text
    return text


def escape_samp(text: str) -> str:
    """Escape literal text inside a Sphinx ``:samp:``/``:file:`` role."""
    return (text.replace("\\", "\\\\\\\\").replace("{", "\\\\{").replace("}", "\\\\}")
            .replace("`", "\\`"))


def inline_literal(text: str) -> str:
    """Text as an inline literal: double backquotes, or ``:code:`` where they cannot be used."""
    if text and "``" not in text and not text.startswith("`") and not text.endswith("`"):
        return f"``{text}``"
    return f":code:`{escape_role(text)}`"


def indent(lines: list[str], n: int) -> list[str]:
    """Lines indented by ``n`` spaces; blank lines become empty."""
    pad = " " * n
    return [pad + line if line.strip() else "" for line in lines]


def bullet(marker: str, lines: list[str]) -> list[str]:
    """A list item: marker then the body indented under it."""
    width = len(marker) + 1
    if not lines:
        return [marker]
    first = lines[0]
    out = [marker + (" " + first if first.strip() else "")]
    out.extend(indent(lines[1:], width))
    return out


def literal_lines(text: str) -> list[str]:
    """Preformatted text as lines: tabs expanded, trailing spaces and blank ends dropped."""
    lines = [line.rstrip() for line in clean(text).expandtabs(8).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def escape_line_start(line: str) -> str:
    """Escape what would make a text line start a block construct."""
    if not line:
        return line
    c = line[0]
    if c == "\\":
        return line
    if not c.isalnum():
        return "\\" + line
    word = line.split(" ", 1)[0]
    if _ENUM_WORD_RE.match(word):
        return word[:-1] + "\\" + line[len(word) - 1:]
    return line


# --------------------------------------------------------------------------- marked text


def unmark(text: str) -> str:
    """Rendered text without its markers."""
    return text.replace(TEXT, "").replace(MARKUP, "")


def strip_marked(text: str) -> str:
    """Strip spaces at both ends of rendered inline text (markers kept)."""
    if not unmark(text).strip():
        return ""
    i = 0
    while i < len(text) and (text[i] in (TEXT, MARKUP) or text[i].isspace()):
        i += 1
    head = text[:i]
    # keep the last marker before the first real character
    lead = ""
    for c in reversed(head):
        if c in (TEXT, MARKUP):
            lead = c
            break
    text = lead + text[i:]
    j = len(text)
    while j > 0 and (text[j - 1] in (TEXT, MARKUP) or text[j - 1].isspace()):
        j -= 1
    return text[:j]


def escape_term_colons(text: str) -> str:
    """In a definition-list term, " : " would start a classifier: escape colons in text
    that follow whitespace."""
    out: list[str] = []
    in_text = False
    for i, c in enumerate(text):
        if c == TEXT:
            in_text = True
        elif c == MARKUP:
            in_text = False
        elif c == ":" and in_text and i > 0 and (text[i - 1].isspace() or text[i - 1] in (
                TEXT, MARKUP)) and not _odd_bs(text, i):
            out.append("\\")
        out.append(c)
    return "".join(out)


def finish_line(text: str) -> str:
    """Apply line-start escaping to one output line; drop the markers."""
    if text.startswith(TEXT) and text[1:2] not in (TEXT, MARKUP):
        text = escape_line_start(text[1:])
    text = unmark(text)
    if _ADORNMENT_LINE_RE.match(text):
        # only backslashes: still an adornment or transition line; an escaped space
        # (which vanishes) in front breaks the pattern
        text = "\\ " + text
    return text


def wrap(text: str, width: int) -> list[str]:
    """Wrap rendered inline text at spaces inside text; escape every line start."""
    out: list[str] = []
    for line_text in text.split("\n"):
        line_text = strip_marked(line_text)
        if not line_text:
            continue
        line = ""
        length = 0
        for word in split_words(line_text):
            wlen = len(word) - word.count(TEXT) - word.count(MARKUP)
            if line and length + 1 + wlen > width:
                out.append(finish_line(line))
                line, length = word, wlen
            elif line:
                line, length = line + " " + word, length + 1 + wlen
            else:
                line, length = word, wlen
        if line:
            out.append(finish_line(line))
    return out


def split_words(text: str) -> list[str]:
    """Split at single spaces that belong to text (never inside markup); a word that starts
    inside text gets a text marker so that line-start escaping applies to it."""
    words: list[str] = []
    current: list[str] = []
    in_text = False
    parts = _MARKERS.split(text)  # text pieces at even indices, markers at odd ones
    last = len(parts) - 1
    for k, segment in enumerate(parts):
        if k % 2:
            in_text = segment == TEXT
            current.append(segment)
        elif not in_text or " " not in segment:
            current.append(segment)
        else:
            pieces = _split_text(segment, k < last)
            current.append(pieces[0])
            for piece in pieces[1:]:
                words.append("".join(current))
                current = [TEXT, piece]
    if current:
        words.append("".join(current))
    return [w for w in words if w.strip(_MARKER_CHARS)]


def _split_text(segment: str, marker_follows: bool) -> list[str]:
    """A text segment cut at its spaces that are followed by a non-space (a marker follows
    the segment unless it ends the text) and not escaped by a backslash."""
    if "\\" not in segment:
        pieces = _SPACE_BEFORE_WORD.split(segment)
        if marker_follows and segment.endswith(" "):
            pieces[-1] = pieces[-1][:-1]
            pieces.append("")
        return pieces
    pieces = []
    last = 0
    n = len(segment)
    for m in _SPACE.finditer(segment):
        i = m.start()
        if (i + 1 < n and not segment[i + 1].isspace() or i + 1 == n and marker_follows) \
                and not _odd_bs(segment, i):
            pieces.append(segment[last:i])
            last = i + 1
    pieces.append(segment[last:])
    return pieces


def _odd_bs(text: str, i: int) -> bool:
    """Whether the character at i is preceded by an odd number of backslashes."""
    count = 0
    j = i - 1
    while j >= 0 and text[j] == "\\":
        count += 1
        j -= 1
    return count % 2 == 1
