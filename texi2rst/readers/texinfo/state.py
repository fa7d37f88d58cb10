"""The state every layer of the Texinfo lexer shares, and its input and output ends.

:class:`LexerState` holds what the lexer knows (flags, macros, aliases, indices, open blocks
and conditionals, the paragraph being collected) and the two ends of the pipe: the source lines
still to read (with lines pushed back by macro expansion) and the tokens made so far. The
layers (:mod:`.includes`, :mod:`.macros`, :mod:`.conditionals`, :mod:`.raw`, :mod:`.blocks`)
are classes over this state, and :class:`~texi2rst.readers.texinfo.lexer.Lexer` combines them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from texi2rst.diagnostics import Reporter
from texi2rst.readers.files import ByteBudget
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.options import Options
from texi2rst.readers.texinfo.tokens import CMD_AT_START, Line, Token
from texi2rst.records import record

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from texi2rst.nodes import Block


@record
class Macro:
    name: str
    params: list[str]
    body: str
    recursive: bool = False


_CONTENT_TOKENS = {"TEXT", "PRE", "MENU_TEXT", "RAW", "START_BLOCK", "START_LIST", "START_TABLE",
                   "START_MULTITABLE", "START_DEF", "START_MENU"}


def _first_word(text: str, pos: int) -> str:
    words = text[pos:].split(None, 1)
    return words[0] if words else ""


class LexerState:
    """What the lexer knows while it reads, with its line input and token output."""

    def __init__(self, options: Options, reporter: Reporter) -> None:
        self.options = options
        self.reporter = reporter
        # makeinfo (since Texinfo 5) sets this flag for manuals that test for conditionals
        self.flags: dict[str, str] = {"txicommandconditionals": "1", **options.defines}
        self.macros: dict[str, Macro] = {}
        self.aliases: dict[str, str] = {}
        self.enclosures: dict[str, tuple[str, str]] = {}
        self.indices: dict[str, tuple[str, bool]] = {
            cmd: (idx, tc.STANDARD_INDICES[idx]) for cmd, idx in tc.INDEX_COMMANDS.items()}
        self.index_merges: dict[str, str] = {}
        #: lines makeinfo never reads (man-page regions inside ``@ignore``): what it would
        #: refuse there is only a warning
        self.unseen_by_makeinfo: set[tuple[str, int]] = set()
        self.defined_indices: dict[str, bool] = {}
        self.tokens: list[Token] = []
        #: ``@setfilename``/``@settitle`` found inside ``@ignore`` (texi2pod reads them there)
        self.ignored_settings: dict[str, str] = {}
        #: ``@c man title NAME DESCRIPTION`` lines: the description of man page NAME (texi2pod
        #: reads them anywhere, ``@ignore`` too)
        self.man_titles: dict[str, str] = {}
        self._inputs: list[Iterator[Line]] = []  # the lines of each open input, still to read
        self._pushback: list[Line] = []
        self._include_stack: list[str] = []
        self._roots: list[str] = []
        #: where each (@include name, folder) led, for the run
        self._located: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self._blocks: list[tuple[str, str, str, int]] = []  # name, category, source, line
        #: blocks below this index were begun outside the man-page region being read: lines
        #: inside it do not end them (its tokens are one ``man_only`` element of the grammar)
        self._block_floor = 0
        self._conditionals: list[tuple[str, str, int]] = []
        self._paragraph: list[Line] = []
        self._paragraph_kind = "TEXT"
        self._open_braces: list[str] = []
        self._pre_name = ""
        self._section_shift = 0
        self._section_level: int | None = None  # of the last sectioning command
        self._unique_seen: set[str] = set()
        self._part: tuple[str, int, bool] | None = None  # an @part still without its chapter
        self._splitting = False
        self._inner_blocks: list[str] = []
        self._expansions = 0
        self._argument_chars = 0  # read by macro calls whose arguments span lines
        self._expansion_scanned = 0  # characters scanned for macros, @value and aliases
        #: the names :meth:`~.macros.MacroExpander._expandable` made its pattern of
        self._expandable_names: tuple[frozenset[str], frozenset[str]] | None = None
        self._expandable_pattern: re.Pattern[str] | None = None
        self._expanded_chars = 0
        self._budget = ByteBudget(options.limits.max_total_input_bytes,
                                  options.limits.max_repeated_input_bytes,
                                  options.limits.max_input_bytes)
        self._def_header = False
        self._stopped = False
        self._man_only = 0
        self.encoding = "utf-8"
        #: the trees of substituted ``@include`` lines, by their ``LINE include`` token's arg
        self.substitutions: list[list[Block]] = []

    def _next_line(self) -> Line | None:
        if self._pushback:
            return self._pushback.pop()
        while self._inputs:
            item = next(self._inputs[-1], None)
            if item is not None:
                return item
            self._inputs.pop()
            if len(self._include_stack) > len(self._inputs):
                self._include_stack.pop()
        return None

    def _push_lines(self, lines: list[Line]) -> None:
        self._pushback.extend(reversed(lines))

    def _lines_to_end(self, name: str, source: str, line: int, *,
                      ends: Collection[str] = (), nested: Collection[str] = (),
                      report: bool = True) -> Iterator[Line]:
        """The lines of the block ``@name`` begun at ``source:line``, up to the ``@end`` that
        closes it: ``@end`` of one of ``ends`` (default: ``name``), after as many as there were
        nested starts of ``nested`` blocks. An error when the input ends first (``report``)."""
        ends = ends or (name,)
        depth = 1
        while True:
            item = self._next_line()
            if item is None:
                if report:
                    self.reporter.error(source, line, f"no matching `@end {name}'")
                return
            m = CMD_AT_START.match(item[0])
            if m and m.group(1) in nested:
                depth += 1
            elif m and m.group(1) == "end" and _first_word(item[0], m.end()) in ends:
                depth -= 1
                if depth == 0:
                    return
            yield item

    def _line(self, text: str, source: str, line: int) -> None:
        """Read one source line: :meth:`texi2rst.readers.texinfo.lexer.Lexer._line`."""
        raise NotImplementedError

    def _emit(self, token: Token) -> None:
        if self._part is not None:
            self._follow_part(token, self._part)
        self.tokens.append(token)
        if token.type not in ("DEFX", "START_DEF"):
            self._def_header = False

    def _follow_part(self, token: Token, part: tuple[str, int, bool]) -> None:
        """makeinfo's warnings for what follows ``@part``: no text, then a chapter."""
        source, line, warned = part
        if token.type == "SECTION":
            self._part = None
            if tc.SECTION_LEVELS.get(token.name) != 1 or token.name in tc.HEADING_COMMANDS:
                self.reporter.warning(source, line, "no sectioning command associated with @part")
        elif token.type in _CONTENT_TOKENS and not warned:
            self.reporter.warning(source, line, "@part not empty")
            self._part = (source, line, True)

    def _flush(self) -> None:
        if not self._paragraph:
            return
        lines = self._paragraph
        self._open_braces = []
        self._inner_blocks = []
        if self._paragraph_kind != "PRE":
            while lines and not lines[-1][0].strip():
                lines.pop()
        self._paragraph = []
        if lines:
            name = self._pre_name if self._paragraph_kind == "PRE" else ""
            self._emit(Token(self._paragraph_kind, name, "", lines))
