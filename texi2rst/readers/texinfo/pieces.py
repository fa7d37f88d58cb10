"""What the tree builder makes before it knows where it goes: section and ``@node`` lines
(nested by level once the whole document is read), preformatted text (merged by the block
around it), ``@author`` lines (a quotation's attribution, or a paragraph), multitable rows and
cells.

The first four are blocks (they travel in lists of blocks) that never reach the finished tree.
"""

from __future__ import annotations

from texi2rst import nodes as n
from texi2rst.readers.lalr import GrammarToken
from texi2rst.readers.texinfo.tokens import Token
from texi2rst.records import field, record


class SectionLine(n.Block):
    """A sectioning line, nested by level after parsing."""

    kind: str
    title: list[n.Inline] = field(default_factory=list)


class NodeLine(n.Block):
    """A ``@node`` line, attached to the section that follows it."""

    name: str


class PendingPre(n.Block):
    """Preformatted text waiting for its enclosing block to say what it is."""

    tok: Token


class Author(n.Paragraph):
    """An ``@author`` line: a quotation's attribution, else a paragraph of its own."""

    @property
    def inlines(self) -> list[n.Inline]:
        return self.children


@record
class Row:
    """A multitable row: whether it is a heading row, and its cells' blocks."""

    head: bool
    cells: list[list[n.Block]]


@record
class Cell:
    """A multitable cell after ``@tab``."""

    blocks: list[n.Block]


#: what a rule of the block grammar is given: the grammar's tokens and what its rules made
Child = GrammarToken | list[n.Block] | n.Block | Row | Cell
