"""What kind of input a file is (Texinfo, QEMU ``.hx``, QAPI schema), from its text, so that a
file given to the wrong subcommand gets a hint instead of a conversion of the wrong language."""

from __future__ import annotations

import os
import re

#: subcommand -> the kind of input it reads
COMMAND_KINDS = {"convert": "texinfo", "check": "texinfo", "hx": "hx", "qapi": "qapi"}
_SUBCOMMAND = {"texinfo": "convert", "hx": "hx", "qapi": "qapi"}
_NAMES = {"texinfo": "a Texinfo manual", "hx": "a QEMU .hx file", "qapi": "a QAPI schema"}

_HX = re.compile(r"^(?:HXCOMM\b|[SE]TEXI\s*$|[SE]RST\s*$|(?:DEF|DEFHEADING|ARCHHEADING)\()", re.M)
_TEXINFO = re.compile(r"^(?:\\input texinfo|@(?:node|setfilename|settitle|top|chapter|section|"
                      r"unnumbered|include|deffn|c|comment)\b)", re.M)
_SNIFF_BYTES = 65536


def sniff(text: str) -> tuple[str, int] | None:
    """The kind of input ``text`` is and the line that shows it, or None when unclear."""
    m = _HX.search(text)
    if m:
        return "hx", text.count("\n", 0, m.start()) + 1
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip() and not line.startswith("#"):
            if line.startswith("{"):
                return "qapi", number
            break
    m = _TEXINFO.search(text)
    if m:
        return "texinfo", text.count("\n", 0, m.start()) + 1
    return None


def input_problem(command: str, path: str) -> tuple[int, str] | None:
    """(line, message) when ``path`` cannot be ``command``'s input: a directory, or a file of
    another kind than the subcommand reads; None when it looks right or cannot be told."""
    if os.path.isdir(path):
        return 0, "is a directory"
    expected = COMMAND_KINDS.get(command)
    if expected is None:
        return None
    try:
        with open(path, "rb") as fh:
            text = fh.read(_SNIFF_BYTES).decode("utf-8", "replace")
    except OSError:
        return None  # the reader says what is wrong
    found = sniff(text)
    if found is None or found[0] == expected:
        return None
    kind, line = found
    return line, (f"this looks like {_NAMES[kind]}, not {_NAMES[expected]}: "
                  f"use `texi2rst {_SUBCOMMAND[kind]} {path}'")
