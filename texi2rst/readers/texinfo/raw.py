"""Raw blocks (``@ignore``, ``@verbatim``, ``@html``…) and man-page regions
(``@c man begin``/``@c man end``, and such regions inside ``@ignore``, which only man pages
show)."""

from __future__ import annotations

import re

from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.blocks import BlockTracker
from texi2rst.readers.texinfo.tokens import CMD_AT_START, COMMENT_LINE, MAN_MARKER, Line, Token


class RawBlockReader(BlockTracker):
    """Sets raw blocks aside and marks man-page regions."""

    def _raw_block(self, name: str, arg: str, source: str, line: int) -> None:
        body: list[Line] = []
        for item in self._lines_to_end(name, source, line):
            if name == "ignore":
                meta = re.match(r"\s*@(setfilename|settitle)\s+(.*)$", item[0])
                if meta and len(self._include_stack) <= 1:
                    self.ignored_settings.setdefault(meta.group(1), meta.group(2).strip())
                cm = COMMENT_LINE.match(item[0])
                man = MAN_MARKER.match(cm.group(1)) if cm else None
                if man and man.group(1) == "begin":
                    self._ignored_man_region(man.group(2).strip(), item[1], item[2])
                    continue
                if man and man.group(1) == "title":
                    self._man_title(man.group(2))
            body.append(item)
        if name == "ignore":
            return
        self._flush()
        if name == "verbatim" or name in tc.KEPT_RAW_FORMATS or name == "displaymath":
            self._emit(Token("RAW", name, arg, body or [("", source, line)]))
            # keep the start line for locations
            self.tokens[-1].lines = body or [("", source, line)]
            self.tokens[-1].arg = f"{source}\0{line}"

    def _ignored_man_region(self, section: str, source: str, line: int) -> None:
        """A ``@c man begin`` region inside ``@ignore``: man-page-only content."""
        self._flush()
        self._emit(Token("MANONLY_START", "man", section, [("", source, line)]))
        floor, self._block_floor = self._block_floor, len(self._blocks)
        while True:
            item = self._next_line()
            if item is not None and item[1] == source:
                self.unseen_by_makeinfo.add((source, item[2]))
            if item is None:
                self.reporter.error(source, line, "no matching `@c man end'")
                break
            cm = COMMENT_LINE.match(item[0])
            man = MAN_MARKER.match(cm.group(1)) if cm else None
            if man and man.group(1) == "end":
                break
            m = CMD_AT_START.match(item[0])
            if m and m.group(1) == "end" and item[0][m.end():].split()[:1] == ["ignore"]:
                self.reporter.error(item[1], item[2], "`@end ignore' inside a `@c man begin' "
                                    "region")
                self._push_lines([item])
                break
            self._line(*item)
        self._flush()
        while len(self._blocks) > self._block_floor:
            name, _c, bsource, bline = self._blocks[-1]
            self.reporter.error(bsource, bline, f"no matching `@end {name}'")
            self._close_block(bsource, bline)
        self._block_floor = floor
        self._emit(Token("MANONLY_END", "man", section, [("", source, line)]))

    def _man_title(self, text: str) -> None:
        """``@c man title NAME DESCRIPTION``, as texi2pod.pl reads it."""
        m = re.match(r"([A-Za-z0-9-]+)\s+(.+)", text.strip())
        if m:
            self.man_titles[m.group(1)] = m.group(2).strip()

    def _man_marker(self, kind: str, section: str, source: str, line: int) -> None:
        if kind == "title":
            self._man_title(section)
            return
        self._flush()
        self._emit(Token("MAN", kind, section, [("", source, line)]))
