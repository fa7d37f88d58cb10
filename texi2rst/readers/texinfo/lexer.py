"""The Texinfo lexer: the context-sensitive part of reading Texinfo.

It reads source lines (following ``@include``), expands ``@value``, macros and aliases while it
reads, resolves conditionals, sets raw blocks aside, and cuts what remains into line-level
tokens for the Lark grammar (``grammars/texinfo.lark``): one token per paragraph, block start,
``@end``, line command, ``@item``… Every token keeps the file and line each of its lines came
from, so locations survive includes and macro expansion.

It also keeps the token stream well formed (every block start has its ``@end``, ``@item`` only
where an item may stand), reporting each repair as a located error, so that the grammar never
sees input it cannot parse.

:class:`Lexer` classifies each line and combines the layers that do the rest, each a class over
the shared :class:`~texi2rst.readers.texinfo.state.LexerState`: :mod:`.includes` (files),
:mod:`.macros` (macros, ``@value``, aliases), :mod:`.conditionals` (conditionals and the
commands the lexer obeys), :mod:`.raw` (raw blocks, man-page regions) and :mod:`.blocks`
(block structure, items, paragraphs).
"""

from __future__ import annotations

import os
import re

from texi2rst.neutral import strip_private
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.conditionals import ConditionalReader
from texi2rst.readers.texinfo.macros import MacroExpander
from texi2rst.readers.texinfo.options import Limits, Options
from texi2rst.readers.texinfo.placement import (
    CONTEXT_CHECKED,
    UNIQUE_COMMANDS,
    context_error,
    context_warning,
    mid_line_command,
)
from texi2rst.readers.texinfo.raw import RawBlockReader
from texi2rst.readers.texinfo.tokens import (
    CMD_AT_START,
    COMMENT_LINE,
    MAN_MARKER,
    Line,
    Token,
    brace_depth,
)

__all__ = ["Lexer", "Limits", "Line", "Options", "Token"]


class Lexer(RawBlockReader, ConditionalReader, MacroExpander):
    """Turns a Texinfo file into line-level tokens; see the module docstring."""

    #: commands that end a paragraph even inside an unclosed brace command
    _STRUCTURAL = {"end", "node", "bye", "include"} | set(tc.SECTION_LEVELS) | tc.CONDITIONALS

    def lex_file(self, path: str) -> list[Token]:
        """Read ``path`` (and what it includes) into tokens."""
        self._roots = self.options.read_roots(path)
        lines = self._read_lines(path, path, 0)
        if lines is None:
            return []
        if lines and lines[0][0].startswith("\\input"):
            lines = lines[1:]
        self._inputs.append(iter(lines))
        self._include_stack.append(os.path.abspath(path))
        self._run()
        return self.tokens

    def lex_text(self, text: str, source: str = "<string>", first_line: int = 1) -> list[Token]:
        """Read Texinfo given as a string."""
        self._roots = self.options.read_roots()
        text = strip_private(text)
        lines = [(t, source, first_line + i) for i, t in enumerate(text.split("\n"))]
        self._inputs.append(iter(lines))
        self._run()
        return self.tokens

    def lex_lines(self, lines: list[Line]) -> list[Token]:
        """Read lines that already carry their locations (e.g. ``.hx`` blocks)."""
        self._roots = self._roots or self.options.read_roots()
        self._inputs.append(iter([(strip_private(t), s, i) for t, s, i in lines]))
        self._run()
        return self.tokens

    def _run(self) -> None:
        limit = self.options.limits.max_line_chars
        next_line, read_line = self._next_line, self._line
        while not self._stopped:
            item = next_line()
            if item is None:
                break
            text, source, line = item
            if len(text) > limit:
                self.reporter.error(source, line, f"line longer than {limit} characters; cut")
                text = text[:limit]
            read_line(text, source, line)
        self._finish()

    def _finish(self) -> None:
        self._flush()
        if self._part is not None:
            self.reporter.warning(self._part[0], self._part[1],
                                  "no sectioning command associated with @part")
            self._part = None
        for name, source, line in reversed(self._conditionals):
            self.reporter.error(source, line, f"no matching `@end {name}'")
        self._conditionals.clear()
        while self._blocks:
            name, _cat, source, line = self._blocks[-1]
            self.reporter.error(source, line, f"no matching `@end {name}'")
            self._close_block(source, line)

    def _line(self, text: str, source: str, line: int) -> None:
        m = COMMENT_LINE.match(text) if "@c" in text else None
        if m:
            man = MAN_MARKER.match(m.group(1))
            if man:
                self._man_marker(man.group(1), man.group(2).strip(), source, line)
            return
        if "@" in text:
            expanded = self._expand(text, source, line)
            if expanded is None:
                return  # more lines were taken or pushed back; they come next
            text = expanded
        self._expanded_line(text, source, line)

    def _expanded_line(self, text: str, source: str, line: int) -> None:
        if "@" in text:
            found = None if self._open_braces else mid_line_command(
                text, self.indices,
                in_multitable=bool(self._blocks) and self._blocks[-1][1] == "multitable")
            if found:
                pos, name, warn = found
                self._expanded_line(text[:pos], source, line)
                if warn:
                    self.reporter.warning(source, line,
                                          f"@{name} should only appear at the beginning of a line")
                self._expanded_line(text[pos:], source, line)
                return
            m = CMD_AT_START.match(text)
            if m and self._open_braces and self._text_inside_braces(m.group(1), text, m.end(),
                                                                    source, line):
                m = None  # inside an unclosed brace command: the line is text
            if m:
                self._command_line(m.group(1), text, m.end(), source, line)
                return
        if not text or text.isspace():
            if self._paragraph_kind == "PRE" or (self._open_braces and self._open_footnote()):
                self._paragraph.append((text, source, line))
            else:
                self._flush()
            return
        self._text(text, source, line)

    def _text_inside_braces(self, name: str, text: str, end: int, source: str,
                            line: int) -> bool:
        """Inside an unclosed brace command, is this command line part of its text?

        Blocks opened and closed inside a footnote belong to it; raw blocks there are set
        aside; structural commands (sections, ``@end`` of an outer block) still end it."""
        if name in tc.RAW_BLOCKS:
            body = list(self._lines_to_end(name, "", 0, report=False))
            if name in ("verbatim", "html"):
                for body_text, body_source, body_line in body:
                    escaped = re.sub(r"([@{}])", r"@\1", body_text)
                    self._paragraph.append((escaped, body_source, body_line))
            return True
        if name == "end":
            ended = text[end:].split()[:1]
            if ended and self._inner_blocks and self._inner_blocks[-1] == ended[0]:
                self._inner_blocks.pop()
                return True
            return False
        if name in self._STRUCTURAL and not (name in tc.HEADING_COMMANDS
                                             and self._open_footnote()):
            return False
        if name in tc.BLOCK_COMMANDS:
            self._inner_blocks.append(name)
        return True

    def _command_line(self, name: str, text: str, end: int, source: str, line: int) -> None:
        if text.endswith("@") and (name in tc.DEF_COMMANDS or name[:-1] in tc.DEF_COMMANDS):
            while text.endswith("@") and (len(text) - len(text.rstrip("@"))) % 2:
                nxt = self._next_line()
                if nxt is None:
                    break
                more = self._expand(nxt[0], nxt[1], nxt[2]) if "@" in nxt[0] else nxt[0]
                text = text[:-1] + " " + (more or "").strip()
        if "@footnote" in text and name not in tc.BLOCK_COMMANDS and brace_depth(text) > 0 \
                and not text.startswith("{", end):  # (a brace command starts a line of text)
            text = self._footnote_continued(text)
        arg = text[end:].strip()
        raw_arg = text[end:]
        if name == "setfilename" and len(self._include_stack) > 1:
            return  # ignored in an included file (the Texinfo manual, "Include Files")
        self._check_context(name, source, line)
        if name == "end":
            self._end(arg.split()[0] if arg.split() else "", source, line)
            return
        if name in tc.CONDITIONALS:
            self._conditional(name, arg, source, line)
            return
        if name in ("macro", "rmacro"):
            self._define_macro(name, arg, source, line)
            return
        if name in tc.RAW_BLOCKS:
            self._raw_block(name, arg, source, line)
            return
        if name in tc.LEXER_COMMANDS:
            self._lexer_command(name, arg, raw_arg, source, line)
            return
        if name in tc.BLOCK_COMMANDS:
            self._open_block(name, arg, source, line)
            return
        top = self._blocks[-1] if self._blocks else None
        category = top[1] if top else ""
        if name in ("item", "itemx", "headitem") and category in ("list", "table", "multitable"):
            self._item(name, raw_arg, category, source, line)
            return
        if name == "tab" and category == "multitable":
            self._tab_line(text, source, line)
            return
        if name.endswith("x") and name[:-1] in tc.DEF_COMMANDS:
            if category == "def" and self._def_header:
                self._flush()
                self._emit(Token("DEFX", name[:-1], arg, [(text, source, line)]))
            else:
                self.reporter.error(source, line, f"must be after `@{name[:-1]}' to use `@{name}'")
            return
        if name in ("raisesections", "lowersections"):
            self._section_shift += 1 if name == "lowersections" else -1
            return
        if name in tc.SECTION_COMMANDS or name in tc.HEADING_COMMANDS:
            if self._section_shift:
                name = tc.shifted_section(name, self._section_shift)
            self._flush()
            self._emit(Token("SECTION", name, arg, [(text, source, line)]))
            if name == "part":
                self._part = (source, line, False)
            return
        if name == "node":
            self._flush()
            self._emit(Token("NODE", name, arg, [(text, source, line)]))
            return
        if name in self.indices:
            self._flush()
            self._emit(Token("LINE", name, arg, [(text, source, line)]))
            return
        if name in tc.LINE_COMMANDS_USED or name in tc.IGNORED_LINE_COMMANDS:
            if name in ("noindent", "indent", "refill") and arg:
                self._text(raw_arg.lstrip(), source, line)
                return
            if name in ("item", "itemx", "headitem", "tab"):
                self.reporter.error(source, line, f"@{name} outside of table or list")
                return
            if name in ("caption", "shortcaption", "sortas", "subentry", "seeentry", "seealso"):
                self._text(text, source, line)
                return
            self._flush()
            self._emit(Token("LINE", name, arg, [(text, source, line)]))
            return
        self._text(text, source, line)

    def _check_context(self, name: str, source: str, line: int) -> None:
        """makeinfo's diagnostics for where a line-level command stands."""
        if name in UNIQUE_COMMANDS:
            if name in self._unique_seen:
                self.reporter.warning(source, line, f"multiple @{name}")
            self._unique_seen.add(name)
        if name in CONTEXT_CHECKED:  # (the rest have nothing to say of the open blocks)
            blocks = [b[0] for b in self._blocks]
            warning = context_warning(name, blocks)
            if warning:
                self.reporter.warning(source, line, warning)
            error = context_error(name, blocks)
            if error:
                self.reporter.error(source, line, error)
                # the blocks end here (not those around a man-page region being read); their
                # @end is then unmatched
                while len(self._blocks) > self._block_floor:
                    self._close_block(source, line)
        if name in tc.SECTION_COMMANDS and name not in ("top", "part"):
            level = tc.SECTION_LEVELS[tc.shifted_section(name, self._section_shift)]
            if self._section_level is not None and level > self._section_level + 1:
                self.reporter.error(source, line, f"raising the section level of @{name} "
                                    "which is too low")
                level = self._section_level + 1
            self._section_level = level
        elif name in ("top", "part"):
            self._section_level = 0

    def _footnote_continued(self, text: str) -> str:
        """A line command's argument goes on while a ``@footnote`` in it is open, as in
        makeinfo; a structural command line ends it (the brace error is reported later)."""
        depth = brace_depth(text)
        while depth > 0:
            item = self._next_line()
            if item is None:
                break
            m = CMD_AT_START.match(item[0])
            if m and m.group(1) in self._STRUCTURAL:
                self._push_lines([item])
                break
            more = self._expand(item[0], item[1], item[2]) if "@" in item[0] else item[0]
            if more is None:
                continue
            text += "\n" + more
            depth += brace_depth(more)
        return text
