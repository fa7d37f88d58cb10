"""A page heavier than a process's share of a project, written by two processes.

:func:`~texi2rst.writers.workers.run_in_order` gives each process contiguous pages; when one
chapter holds most of a manual (GNU as: its machine-dependent features are seven tenths of
it), the process that writes that page is the one everything waits for. Such a page is cut
before one of its chapter's sections: this process writes the pages before it and the page
itself, and the first worker writes the sections from the cut on (then its own pages), with
its writer in the state this process's writer will be in when it comes to the cut. There, this
process checks that state and takes the worker's lines for those sections; when the state
differs or the worker failed, it writes them itself. Either way the page is what one process
writes, byte for byte.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.records import record
from texi2rst.writers.rst import BlockWriter, Labels, RstOptions
from texi2rst.writers.rst.blocks import ForeignBlock
from texi2rst.writers.workers import Recorder, replay

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["PageCut", "find_cut", "write_rest", "take_rest"]

#: how much lighter the heaviest process's share must be with the cut than the page alone
_WORTH_CUTTING = 0.9


@record
class PageCut:
    """Where a page is cut: its index among the pages, its one section, and the index in
    the section's children of the first one the worker writes (a section)."""

    page: int
    section: n.Section
    at: int

    def head(self) -> list[n.Block]:
        """The page up to the cut (what writing it does to the labels is the pages' before
        the worker's own)."""
        head = copy.copy(self.section)
        head.children = self.section.children[:self.at]
        return [head]

    def rest(self) -> list[n.Block]:
        """The blocks from the cut on, as one container."""
        return [n.Container(kind="rest", children=self.section.children[self.at:])]


def find_cut(pages: list[tuple[str, list[n.Block]]], weights: list[float], count: int,
             weight: Callable[[list[n.Block]], float], replay_per_block: float
             ) -> PageCut | None:
    """Where to cut the heaviest page (one section, written by this process with the pages
    before it) so that the processes take about the same time; None: no cut makes the
    heaviest share lighter than that page alone by a tenth. ``weights``: the pages', as
    ``weight`` gives them, then those of the units written after them (man pages); a worker
    replays what comes before its part at ``replay_per_block`` of its weight."""
    if count < 2 or not pages:
        return None
    index = max(range(len(pages)), key=weights.__getitem__)
    blocks = pages[index][1]
    if len(blocks) != 1 or not isinstance(blocks[0], n.Section):
        return None
    section = blocks[0]
    total = sum(weights)
    here = sum(weights[:index]) + 1.0  # the pages before, the section's title
    best: tuple[float, int] | None = None
    for at, child in enumerate(section.children):
        if at and isinstance(child, n.Section):
            rest = total - here
            share = max(here, rest / (count - 1) + replay_per_block * here)
            if best is None or share < best[0]:
                best = (share, at)
        here += weight([child])
    if best is None or best[0] > _WORTH_CUTTING * weights[index]:
        return None
    return PageCut(page=index, section=section, at=best[1])


def _assumed(writer: BlockWriter, labels: Labels) -> tuple[int, ...]:
    """What a writer's output for the blocks after the cut depends on, besides the labels
    given so far (``emitted``: checked on its own)."""
    return (writer.footnotes, writer.images, writer.section_depth, writer.quote_depth,
            writer.depth, len(labels.used), len(labels.c_names))


def write_rest(cut: PageCut, page: list[n.Block], options: RstOptions,
               labels: Labels) -> tuple[Any, ...]:
    """The worker's part: the blocks from the cut on, written as this process's writer will
    be when it comes to them (``labels`` are as writing the pages before leaves them), with
    what that state is taken to be, what writing them leaves, and their diagnostics."""
    recorder = Recorder()
    writer = BlockWriter(page, options, labels, recorder)
    for node in cut.head()[0].walk(text=False):
        if isinstance(node, n.Footnote):
            writer.footnotes += 1
        elif isinstance(node, n.InlineImage):
            writer.images += 1
    writer.section_depth = options.section_level + 1  # the section's children
    assumed = _assumed(writer, labels)
    written = writer.blocks_apart(cut.section.children[cut.at:], 0, True)
    return (assumed, written, (writer.footnotes, writer.images), sorted(writer.emitted),
            recorder.carried())


def take_rest(cut: PageCut, fetch: Callable[[], Any], reporter: Reporter,
              taken: Callable[[], None]
              ) -> tuple[int, Callable[[BlockWriter], list[ForeignBlock] | None]]:
    """The first block after the cut (its ``id``), and what this process's writer calls
    when it comes to it (see :attr:`BlockWriter.elsewhere`): the worker's lines, when it
    has them (``fetch``: what :func:`write_rest` made, or None) and assumed this writer's
    state; its diagnostics are given then, and ``taken`` called."""

    def take(writer: BlockWriter) -> list[ForeignBlock] | None:
        done = fetch()
        if done is None:
            return None
        assumed, written, (footnotes, images), emitted, diagnostics = done
        if tuple(assumed) != _assumed(writer, writer.labels) \
                or not writer.emitted.isdisjoint(emitted):
            return None
        replay(reporter, diagnostics)
        writer.footnotes, writer.images = footnotes, images
        writer.emitted.update(emitted)
        taken()
        return list(written)

    return id(cut.section.children[cut.at]), take
