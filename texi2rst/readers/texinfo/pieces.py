"""What the tree builder makes before it knows where it goes: section and ``@node`` lines
(nested by level once the whole document is read), preformatted text (merged by the block
around it) and ``@author`` lines (a quotation's attribution, or a paragraph)."""

from __future__ import annotations

from typing import Any

from texi2rst import nodes as n
from texi2rst.readers.texinfo.tokens import Token


class SectionLine:
    """A sectioning line, nested by level after parsing."""

    def __init__(self, kind: str, title: list[n.Inline], source: str, line: int) -> None:
        self.kind, self.title, self.source, self.line = kind, title, source, line


class NodeLine:
    """A ``@node`` line, attached to the section that follows it."""

    def __init__(self, name: str, source: str, line: int) -> None:
        self.name, self.source, self.line = name, source, line


class PendingPre:
    """Preformatted text waiting for its enclosing block to say what it is."""

    def __init__(self, tok: Token) -> None:
        self.tok = tok


class Author(n.Paragraph):
    """An ``@author`` line: a quotation's attribution, else a paragraph of its own."""

    def __init__(self, inlines: list[n.Inline], **loc: Any) -> None:
        super().__init__(inlines, **loc)
        self.inlines = inlines
