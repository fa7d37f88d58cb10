"""The Texinfo lexer's tokens, and the line scanners its layers share.

A :class:`Token` is one line-level unit for the block grammar (``grammars/texinfo.lark``): a
paragraph, a block start, an ``@end``, a line command, an ``@item``… It keeps the file and
line each of its lines came from, so locations survive includes and macro expansion.
"""

from __future__ import annotations

import re

from texi2rst.records import field, record

Line = tuple[str, str, int]  # text, source file, line number


@record
class Token:
    """A line-level token. ``lines`` are the source lines it was made of."""

    type: str
    name: str = ""  # command name for commands
    arg: str = ""  # rest of the line for commands
    lines: list[Line] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.lines[0][1] if self.lines else ""

    @property
    def line(self) -> int:
        return self.lines[0][2] if self.lines else 0

    @property
    def text(self) -> str:
        return "\n".join(line[0] for line in self.lines)


CMD_AT_START = re.compile(r"[ \t]*@([A-Za-z][\w-]*)")
COMMENT_LINE = re.compile(r"[ \t]*@(?:c|comment)(?![\w-])(.*)$")
MAN_MARKER = re.compile(r"\s*man\s+(begin|end|title)\b\s*(.*)$")
_BRACE_TOKEN = re.compile(r"@.|[{}]")
_VERB = re.compile(r"@verb\{(.)")


def verb_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of ``@verb{xTEXTx}`` in a line: nothing inside is markup."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _VERB.search(text, pos)
        if not m:
            return spans
        close = text.find(m.group(1) + "}", m.end())
        end = len(text) if close < 0 else close + 2
        spans.append((m.start(), end))
        pos = end


def brace_depth(text: str) -> int:
    """Braces opened minus braces closed in ``text`` (``@{`` and ``@}`` are text)."""
    depth = 0
    for m in _BRACE_TOKEN.finditer(text):
        depth += {"{": 1, "}": -1}.get(m.group(0), 0)
    return depth


def outside_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    return not any(a <= pos < b for a, b in spans)
