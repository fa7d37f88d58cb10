"""The Texinfo lexer: the context-sensitive part of reading Texinfo.

It reads source lines (following ``@include``), expands ``@value``, macros and aliases while it
reads, resolves conditionals, sets raw blocks aside, and cuts what remains into line-level
tokens for the Lark grammar (``grammars/texinfo.lark``): one token per paragraph, block start,
``@end``, line command, ``@item``… Every token keeps the file and line each of its lines came
from, so locations survive includes and macro expansion.

It also keeps the token stream well formed (every block start has its ``@end``, ``@item`` only
where an item may stand), reporting each repair as a located error, so that the grammar never
sees input it cannot parse.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from texi2rst.diagnostics import LimitExceeded, Reporter
from texi2rst.neutral import strip_private
from texi2rst.output import find_file, inside, inside_any, note_input
from texi2rst.readers.files import ByteBudget, InputRefused, read_input
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.options import Limits as Limits  # re-exported
from texi2rst.readers.texinfo.options import Options
from texi2rst.readers.texinfo.placement import (
    UNIQUE_COMMANDS,
    context_error,
    context_warning,
    mid_line_command,
)

if TYPE_CHECKING:
    from texi2rst.nodes import Block

Line = tuple[str, str, int]  # text, source file, line number


@dataclass
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


@dataclass
class Macro:
    name: str
    params: list[str]
    body: str
    recursive: bool = False


_CMD_AT_START = re.compile(r"[ \t]*@([A-Za-z][\w-]*)")
_COMMENT_LINE = re.compile(r"[ \t]*@(?:c|comment)(?![\w-])(.*)$")
_MAN = re.compile(r"\s*man\s+(begin|end)\b\s*(.*)$")
_TRAILING_COMMENT = re.compile(r"@(?:@|c(?:omment)?(?![\w-]))")
_BRACES = re.compile(r"@[@{}]|@([A-Za-z][\w-]*)[ \t]*\{|[{}]")
_EXPANDABLE = re.compile(r"@(@|[A-Za-z][\w-]*)")
_MACRO_HEAD = re.compile(r"\s*([\w-]+)\s*(?:\{(.*?)\})?\s*(.*)$")
_NAME = re.compile(r"^[\w-]+$")
_ENDS_IN_COMMAND = re.compile(r"@[A-Za-z][\w-]*$")
_ARG_BRACE = re.compile(r"\\.|[{}]", re.S)
_ANCHORS_ONLY = re.compile(r"\s*(?:@anchor\{[^{}]*\}\s*)+$")
_CONTENT_TOKENS = {"TEXT", "PRE", "MENU_TEXT", "RAW", "START_BLOCK", "START_LIST", "START_TABLE",
                   "START_MULTITABLE", "START_DEF", "START_MENU"}
_BRACE_TOKEN = re.compile(r"@.|[{}]")
_FLAG = re.compile(r"^[^\s{}@,]+$")

#: brace commands whose argument may hold blank lines (and, for some, whole blocks)
_FOOTNOTE_LIKE = {"footnote", "caption", "shortcaption", "math", "verb", "inlineraw",
                  "inlinefmt", "inlinefmtifelse", "inlineifset", "inlineifclear"}
_VERB = re.compile(r"@verb\{(.)")


def verb_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of ``@verb{xTEXTx}`` in a line: nothing inside is markup."""
    spans = []
    pos = 0
    while True:
        m = _VERB.search(text, pos)
        if not m:
            return spans
        close = text.find(m.group(1) + "}", m.end())
        end = len(text) if close < 0 else close + 2
        spans.append((m.start(), end))
        pos = end


def _brace_depth(text: str) -> int:
    """Braces opened minus braces closed in ``text`` (``@{`` and ``@}`` are text)."""
    depth = 0
    for m in _BRACE_TOKEN.finditer(text):
        depth += {"{": 1, "}": -1}.get(m.group(0), 0)
    return depth


def _outside(spans: list[tuple[int, int]], pos: int) -> bool:
    return not any(a <= pos < b for a, b in spans)


@dataclass
class _Again:
    """Text that :meth:`Lexer._expand` must expand once more."""

    text: str


class Lexer:
    """Turns a Texinfo file into line-level tokens; see the module docstring."""

    #: commands that end a paragraph even inside an unclosed brace command
    _STRUCTURAL = {"end", "node", "bye", "include"} | set(tc.SECTION_LEVELS) | tc.CONDITIONALS

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
        self._inputs: list[tuple[list[Line], int]] = []  # (lines, next index)
        self._pushback: list[Line] = []
        self._include_stack: list[str] = []
        self._roots: list[str] = []
        #: where each (@include name, folder) led, for the run
        self._located: dict[tuple[str, str], tuple[str | None, bool]] = {}
        self._blocks: list[tuple[str, str, str, int]] = []  # name, category, source, line
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

    # ------------------------------------------------------------------ reading input

    def lex_file(self, path: str) -> list[Token]:
        """Read ``path`` (and what it includes) into tokens."""
        self._roots = self.options.read_roots(path)
        lines = self._read_lines(path, path, 0)
        if lines is None:
            return []
        if lines and lines[0][0].startswith("\\input"):
            lines = lines[1:]
        self._inputs.append((lines, 0))
        self._include_stack.append(os.path.abspath(path))
        self._run()
        return self.tokens

    def lex_text(self, text: str, source: str = "<string>", first_line: int = 1) -> list[Token]:
        """Read Texinfo given as a string."""
        self._roots = self.options.read_roots()
        text = strip_private(text)
        lines = [(t, source, first_line + i) for i, t in enumerate(text.split("\n"))]
        self._inputs.append((lines, 0))
        self._run()
        return self.tokens

    def lex_lines(self, lines: list[Line]) -> list[Token]:
        """Read lines that already carry their locations (e.g. ``.hx`` blocks)."""
        self._roots = self._roots or self.options.read_roots()
        self._inputs.append(([(strip_private(t), s, i) for t, s, i in lines], 0))
        self._run()
        return self.tokens

    def _read_lines(self, path: str, where: str, line: int) -> list[Line] | None:
        try:
            data = read_input(path, self._budget)
        except InputRefused as e:
            self.reporter.error(where, line, str(e))
            if self._budget.exhausted:
                raise LimitExceeded(f"{where}:{line}: total input limit") from None
            return None
        except OSError as e:
            self.reporter.error(where, line, f"@include: could not read {path}: {e.strerror}")
            return None
        note_input(path)
        m = re.search(rb"^@documentencoding[ \t]+([\w.-]+)", data, re.M)
        encoding = "utf-8"
        if m:
            name = m.group(1).decode("ascii", "replace").lower()
            try:
                encoding = codecs.lookup(name).name
            except LookupError:
                encoding = "utf-8"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            bad_line = data[: e.start].count(b"\n") + 1
            self.reporter.warning(path, bad_line,
                                  f"input is not valid {encoding}; invalid bytes replaced")
            text = data.decode(encoding, "replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        text = strip_private(text).replace("\r\n", "\n").replace("\r", "\n")
        parts = text.split("\n")
        if parts and parts[-1] == "":
            parts.pop()
        return [(t, path, i + 1) for i, t in enumerate(parts)]

    def _next_line(self) -> Line | None:
        if self._pushback:
            return self._pushback.pop()
        while self._inputs:
            lines, index = self._inputs[-1]
            if index < len(lines):
                self._inputs[-1] = (lines, index + 1)
                return lines[index]
            self._inputs.pop()
            if len(self._include_stack) > len(self._inputs):
                self._include_stack.pop()
        return None

    def _push_lines(self, lines: list[Line]) -> None:
        self._pushback.extend(reversed(lines))

    # ------------------------------------------------------------------ main loop

    def _run(self) -> None:
        while not self._stopped:
            item = self._next_line()
            if item is None:
                break
            text, source, line = item
            if len(text) > self.options.limits.max_line_chars:
                self.reporter.error(source, line, f"line longer than "
                                    f"{self.options.limits.max_line_chars} characters; cut")
                text = text[: self.options.limits.max_line_chars]
            self._line(text, source, line)
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
        m = _COMMENT_LINE.match(text)
        if m:
            man = _MAN.match(m.group(1))
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
            m = _CMD_AT_START.match(text)
            if m and self._open_braces and self._text_inside_braces(m.group(1), text, m.end(),
                                                                    source, line):
                m = None  # inside an unclosed brace command: the line is text
            if m:
                self._command_line(m.group(1), text, m.end(), source, line)
                return
        if not text.strip():
            if self._paragraph_kind == "PRE" or self._open_footnote():
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
            body: list[Line] = []
            while True:
                item = self._next_line()
                if item is None:
                    break
                cm = _CMD_AT_START.match(item[0])
                if cm and cm.group(1) == "end" and item[0][cm.end():].split()[:1] == [name]:
                    break
                body.append(item)
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

    # ------------------------------------------------------------------ expansion

    def _expand(self, text: str, source: str, line: int) -> str | None:
        """Expand @value, macros and aliases in one line; strip a trailing comment.

        Returns the line to go on with, or None when the expansion was pushed back as lines.
        """
        limit = self.options.limits.max_line_chars
        # each round rescans the line: bound the rounds of one line (a macro calling itself
        # in its own line grows it) well below the expansions of the whole input
        rounds = max(self.options.limits.max_macro_expansions // 200, 1)
        scanned, budget = 0, 20 * limit  # and the characters rescanned (a long line)
        while True:  # a loop, not recursion: a recursive macro must not exhaust the stack
            result = self._expand_step(text, source, line)
            if not isinstance(result, _Again):
                return result
            text = result.text
            rounds -= 1
            scanned += len(text)
            if rounds < 0 or scanned > budget:
                self.reporter.error(source, line, "too many macro expansions in one line "
                                    "(recursive macro?); stopping (--max-macro-expansions)")
                raise LimitExceeded(f"{source}:{line}: expansion limit")
            if len(text) > limit:
                self.reporter.error(source, line, f"macro expansion longer than {limit} "
                                    "characters (recursive macro?) (--max-line-chars)")
                raise LimitExceeded(f"{source}:{line}: expansion too long")

    def _expand_step(self, text: str, source: str, line: int) -> str | _Again | None:
        """One round of :meth:`_expand`; ``_Again(text)`` when the result needs another."""
        spans = verb_spans(text) if "@verb{" in text else []
        cut = _TRAILING_COMMENT.search(text)
        while cut and (cut.group(0) == "@@" or not _outside(spans, cut.start())):
            cut = _TRAILING_COMMENT.search(text, cut.end())
        if cut:
            kept = text[: cut.start()]
            stripped = kept.rstrip()
            trailing_ats = len(stripped) - len(stripped.rstrip("@"))
            text = stripped + " " if trailing_ats % 2 else stripped
            if not text:
                return ""
        if "@value" not in text and not self.macros and not self.aliases:
            return text
        self._expansion_scanned += len(text)
        if self._expansion_scanned > 64 * self.options.limits.max_line_chars + self._budget.used:
            # lines a macro keeps growing and pushing back (each rescanned whole)
            self.reporter.error(source, line, "macro and @value expansion rescanned more than "
                                "64 times --max-line-chars characters beyond the input "
                                "(recursive macro?); stopping")
            raise LimitExceeded(f"{source}:{line}: expansion rescan limit")
        out: list[str] = []
        pos = 0
        changed = False
        for m in _EXPANDABLE.finditer(text):
            if m.start() < pos or (spans and not _outside(spans, m.start())):
                continue
            name = m.group(1)
            if name == "@":
                continue
            if name in self.aliases:
                out.append(text[pos:m.start()] + "@" + self.aliases[name])
                pos = m.end()
                changed = True
                continue
            if name == "value":
                rest = text[m.end():]
                vm = re.match(r"\{([^{}@]*)\}", rest)
                if not vm:
                    continue
                flag = vm.group(1).strip()
                if self.options.value_substitutions:
                    continue
                out.append(text[pos:m.start()])
                if flag in self.flags:
                    out.append(self.flags[flag])
                else:
                    self.reporter.warning(source, line, f"undefined flag: {flag}")
                    out.append("{No value for `" + flag + "'}")
                pos = m.end() + vm.end()
                changed = True
                self._count_expansion(source, line, flag, len(out[-1]))
                continue
            if name in self.macros:
                call = self._macro_call(self.macros[name], text, m.end(), source, line)
                if call is None:
                    return None
                args, end, extra = call
                expansion = self._substitute(self.macros[name], args, source, line)
                self._count_expansion(source, line, name, len(expansion))
                before = "".join(out) + text[pos:m.start()]
                after = text[end:]
                # a command name ends where the expansion begins or ends, as in makeinfo
                if _ENDS_IN_COMMAND.search(before[-256:]) and re.match(r"[\w-]", expansion):
                    expansion = " " + expansion
                if _ENDS_IN_COMMAND.search(expansion[-256:]) and re.match(r"[\w-]", after):
                    expansion += " "
                new_text = before + expansion + after
                if extra:
                    self._push_lines(extra)
                if "\n" in new_text:
                    self._push_lines([(t, source, line) for t in new_text.split("\n")])
                    return None
                return _Again(new_text)
        if not changed:
            return text
        out.append(text[pos:])
        result = "".join(out)
        if "@" in result and ("@value" in result or self.macros):
            return _Again(result)
        return result

    def _count_expansion(self, source: str, line: int, name: str, size: int = 0) -> None:
        self._expansions += 1
        self._expanded_chars += size
        budget = self.options.limits.max_expanded_chars
        if self._expanded_chars > budget:
            self.reporter.error(source, line, f"@value and macro expansions made more than "
                                f"{budget} characters (at `{name}'); stopping "
                                "(--max-expanded-chars)")
            raise LimitExceeded(f"{source}:{line}: macro expansion size limit")
        if self._expansions > self.options.limits.max_macro_expansions:
            limit = self.options.limits.max_macro_expansions
            self.reporter.error(source, line, f"more than {limit}"
                                f" macro expansions (recursive `{name}'?); stopping"
                                " (--max-macro-expansions)")
            raise LimitExceeded(f"{source}:{line}: macro expansion limit")

    def _macro_call(self, macro: Macro, text: str, pos: int, source: str,
                    line: int) -> tuple[list[str], int, list[Line]] | None:
        """Find a macro call's arguments after ``pos``; may read further lines.

        Returns (arguments, end position in the text, lines read beyond it)."""
        rest = text[pos:]
        stripped = rest.lstrip(" \t")
        if stripped.startswith("{"):
            start = pos + len(rest) - len(stripped)
            buf = text
            extra: list[Line] = []
            depth = 0
            i = start
            while True:
                chunk = buf[i:]
                if depth and "\\" not in chunk and chunk.count("}") < depth:
                    # the call cannot close in this chunk: count its braces at C speed (a
                    # scan brace by brace made unclosed calls over long lines quadratic)
                    depth += chunk.count("{") - chunk.count("}")
                    i = len(buf)
                while i < len(buf):
                    m = _ARG_BRACE.search(buf, i)
                    if m is None:
                        i = len(buf)
                        break
                    i = m.start()
                    c = m.group(0)[0]
                    if c == "\\":
                        i = m.end()
                        continue
                    if c == "{":
                        depth += 1
                    else:
                        depth -= 1
                        if depth == 0:
                            break
                    i += 1
                if depth == 0 and i < len(buf):
                    break
                nxt = self._next_line()
                # an argument longer than any line may be is no argument (and a call
                # reaching that far from every line of a self-repeating macro is quadratic)
                too_long = len(buf) - len(text) > self.options.limits.max_line_chars
                if nxt is None or len(extra) > 10_000 or too_long:
                    self.reporter.error(source, line, f"@{macro.name} missing closing brace")
                    # the argument is the rest of this line; the lines after it are read
                    # as they are (not swallowed into a call that would repeat them)
                    self._push_lines(extra + ([nxt] if nxt is not None else []))
                    return [self._trim_arg(text[start + 1:])], len(text), []
                extra.append(nxt)
                buf += "\n" + nxt[0]
                self._argument_chars += len(nxt[0]) + 1
                if self._argument_chars > 20 * self.options.limits.max_line_chars:
                    self.reporter.error(source, line, "macro arguments spanning lines took "
                                        "more than 20 times --max-line-chars characters in "
                                        "all (unclosed braces?); stopping")
                    raise LimitExceeded(f"{source}:{line}: macro argument limit")
            body = buf[start + 1:i]
            args = self._split_args(body, len(macro.params))
            if len(buf) > len(text):
                # the call ended on a later line: what follows it stays on that line
                tail = buf[i + 1:]
                return args, len(text), ([(tail, extra[-1][1], extra[-1][2])] if tail else [])
            return args, i + 1, []
        if len(macro.params) == 1:
            return [rest.strip()], len(text), []
        return [], pos, []

    @staticmethod
    def _trim_arg(arg: str) -> str:
        return arg.strip()

    def _split_args(self, body: str, count: int) -> list[str]:
        if count <= 1:
            return [self._unescape_arg(body.strip())]
        args: list[str] = []
        depth = 0
        current: list[str] = []
        i = 0
        while i < len(body):
            c = body[i]
            if c == "\\" and i + 1 < len(body):
                current.append(body[i:i + 2])
                i += 2
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == "," and depth == 0 and len(args) < count - 1:
                args.append("".join(current))
                current = []
                i += 1
                continue
            current.append(c)
            i += 1
        args.append("".join(current))
        return [self._unescape_arg(a.strip()) for a in args]

    @staticmethod
    def _unescape_arg(arg: str) -> str:
        return re.sub(r"\\([\\{},])", r"\1", arg)

    def _substitute(self, macro: Macro, args: list[str], source: str, line: int) -> str:
        if len(args) > len(macro.params) and macro.params:
            self.reporter.error(source, line, f"macro `{macro.name}' called with too many args")
        values = dict(zip(macro.params, args, strict=False))

        def repl(m: re.Match[str]) -> str:
            name = m.group(1)
            if name == "":
                return "\\"
            if name in values:
                return values[name]
            if name in macro.params:
                return ""
            self.reporter.error(source, line, f"\\ in @{macro.name} expansion followed by "
                                f"`{name}' instead of parameter name or \\")
            return "\\" + name

        return re.sub(r"\\([^\\\s]*?)\\", repl, macro.body)

    # ------------------------------------------------------------------ commands at line start

    def _command_line(self, name: str, text: str, end: int, source: str, line: int) -> None:
        if (name in tc.DEF_COMMANDS or name[:-1] in tc.DEF_COMMANDS) and text.endswith("@"):
            while text.endswith("@") and (len(text) - len(text.rstrip("@"))) % 2:
                nxt = self._next_line()
                if nxt is None:
                    break
                more = self._expand(nxt[0], nxt[1], nxt[2]) if "@" in nxt[0] else nxt[0]
                text = text[:-1] + " " + (more or "").strip()
        if "@footnote" in text and name not in tc.BLOCK_COMMANDS and _brace_depth(text) > 0:
            text = self._footnote_continued(text)
        arg = text[end:].strip()
        raw_arg = text[end:]
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
        blocks = [b[0] for b in self._blocks]
        if name in UNIQUE_COMMANDS:
            if name in self._unique_seen:
                self.reporter.warning(source, line, f"multiple @{name}")
            self._unique_seen.add(name)
        warning = context_warning(name, blocks)
        if warning:
            self.reporter.warning(source, line, warning)
        error = context_error(name, blocks)
        if error:
            self.reporter.error(source, line, error)
            while self._blocks:  # the blocks end here; their @end is then unmatched
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
        depth = _brace_depth(text)
        while depth > 0:
            item = self._next_line()
            if item is None:
                break
            m = _CMD_AT_START.match(item[0])
            if m and m.group(1) in self._STRUCTURAL:
                self._push_lines([item])
                break
            more = self._expand(item[0], item[1], item[2]) if "@" in item[0] else item[0]
            if more is None:
                continue
            text += "\n" + more
            depth += _brace_depth(more)
        return text

    def _lexer_command(self, name: str, arg: str, raw_arg: str, source: str, line: int) -> None:
        if name == "set":
            parts = raw_arg.strip().split(None, 1)
            if not parts:
                self.reporter.error(source, line, "@set requires a name")
                return
            flag = parts[0]
            if not _FLAG.match(flag):
                self.reporter.error(source, line, f"bad name for @set: {flag}")
                return
            self.flags[flag] = parts[1].rstrip() if len(parts) > 1 else ""
        elif name == "clear":
            for flag in arg.split():
                self.flags.pop(flag, None)
        elif name == "alias":
            m = re.match(r"([\w-]+)\s*=\s*([\w-]+)\s*$", arg)
            if not m:
                self.reporter.error(source, line, "bad argument to @alias")
            else:
                self.aliases[m.group(1)] = m.group(2)
        elif name == "definfoenclose":
            parts = [p.strip() for p in arg.split(",")]
            if len(parts) < 3 or not _NAME.match(parts[0]):
                self.reporter.error(source, line, "bad argument to @definfoenclose")
            else:
                self.enclosures[parts[0]] = (parts[1], parts[2])
        elif name in ("defindex", "defcodeindex"):
            idx = arg.split()[0] if arg.split() else ""
            if not _NAME.match(idx):
                self.reporter.error(source, line, f"bad argument to @{name}: {arg}")
            else:
                self.indices[idx + "index"] = (idx, name == "defcodeindex")
                self.defined_indices[idx] = name == "defcodeindex"
        elif name in ("synindex", "syncodeindex"):
            parts = arg.split()
            if len(parts) != 2:
                self.reporter.error(source, line, f"@{name} expects 2 arguments")
            else:
                self.index_merges[parts[0]] = parts[1]
        elif name == "unmacro":
            self.macros.pop(arg.strip(), None)
        elif name == "include":
            self._include(arg, source, line)
        elif name == "verbatiminclude":
            path = self._find_include(arg, source, line)
            if path:
                lines = self._read_lines(path, source, line) or []
                self._flush()
                self._emit(Token("RAW", "verbatim", "",
                                         [(text, source, line) for text, _s, _l in lines]
                                         or [("", source, line)]))
        elif name == "bye":
            self._stopped = True
        elif name == "errormsg":
            self.reporter.error(source, line, arg)
        elif name == "documentencoding":
            self.encoding = arg.strip() or "utf-8"

    def _include(self, arg: str, source: str, line: int) -> None:
        substitute = self.options.include_substitutes.get(arg.strip())
        if substitute is not None:
            self._flush()
            self.substitutions.append(substitute(dict(self.flags)))
            self._emit(Token("LINE", "include", str(len(self.substitutions) - 1),
                             [(f"@include {arg.strip()}", source, line)]))
            return
        path = self._find_include(arg, source, line)
        if path is None:
            return
        real = os.path.realpath(path)
        if real in self._include_stack:
            self.reporter.error(source, line, f"@include of `{arg}' includes itself (cycle)")
            return
        if len(self._include_stack) >= self.options.limits.max_include_depth:
            self.reporter.error(source, line, f"@include nested more than "
                                f"{self.options.limits.max_include_depth} deep "
                                "(--max-include-depth)")
            return
        lines = self._read_lines(path, source, line)
        if lines is None:
            return
        self._inputs.append((lines, 0))
        self._include_stack.append(real)

    def _find_include(self, arg: str, source: str, line: int) -> str | None:
        name = arg.strip()
        if not name:
            self.reporter.error(source, line, "@include missing file name")
            return None
        # paths stay as the user gave them (relative stays relative) for the messages
        here = os.path.dirname(source) if os.path.exists(source) else ""
        found, outside = self._located.get((name, here)) or self._locate(name, here)
        if found:
            return found
        if outside:
            self.reporter.error(source, line, f"@include `{name}' is outside the input's "
                                "tree, the -I folders and the --allow-read folders")
            return None
        self.reporter.error(source, line, f"@include: could not find {name}")
        return None

    def _locate(self, name: str, here: str) -> tuple[str | None, bool]:
        """Where ``@include name`` in folder ``here`` leads (remembered: a macro may include
        the same file many times over)."""
        candidates = [name] if os.path.isabs(name) else [
            os.path.join(d, name) for d in [here, "", *self.options.include_dirs]]
        candidates += [] if os.path.isabs(name) else self._mirrored(os.path.abspath(here), name)
        result = self._located[(name, here)] = find_file("", candidates, self._read_roots())
        return result

    def _mirrored(self, here: str, name: str) -> list[str]:
        """Last resort, for out-of-tree builds: an -I folder that mirrors the source tree.

        When the including file lies in ``SRC/sub`` and ``SRC`` is an -I folder, a generated
        file may sit in ``OTHER/sub`` for another -I folder ``OTHER`` (as build trees do)."""
        out = []
        dirs = [os.path.abspath(d) for d in self.options.include_dirs]
        for base in dirs:
            if here != base and inside(base, here):
                sub = os.path.relpath(here, base)
                out += [os.path.join(other, sub, name) for other in dirs if other != base]
        return out

    def _read_roots(self) -> list[str]:
        return [*self._roots, *self.options.read_roots()]

    def _inside_roots(self, path: str) -> bool:
        return inside_any(self._read_roots(), path)

    # ------------------------------------------------------------------ conditionals, raw

    def _conditional(self, name: str, arg: str, source: str, line: int) -> None:
        if name in ("ifset", "ifclear"):
            flag = arg.split()[0] if arg.split() else ""
            if not flag:
                self.reporter.error(source, line, f"@{name} requires a name")
            active = (flag in self.flags) == (name == "ifset")
        elif name in ("ifcommanddefined", "ifcommandnotdefined"):
            cmd = arg.split()[0] if arg.split() else ""
            defined = (cmd in tc.BRACE_COMMANDS or cmd in tc.BLOCK_COMMANDS
                       or cmd in tc.LINE_COMMANDS_USED or cmd in tc.IGNORED_LINE_COMMANDS
                       or cmd in tc.SECTION_LEVELS or cmd in self.macros
                       or cmd in self.aliases or cmd in self.indices or cmd in tc.LEXER_COMMANDS)
            active = defined == (name == "ifcommanddefined")
        elif name.startswith("ifnot"):
            active = name[5:] not in self.options.formats
        else:
            active = name[2:] in self.options.formats
        if active:
            self._conditionals.append((name, source, line))
            return
        self._skip_conditional(name, source, line)

    def _skip_conditional(self, name: str, source: str, line: int) -> None:
        depth = 1
        while True:
            item = self._next_line()
            if item is None:
                self.reporter.error(source, line, f"no matching `@end {name}'")
                return
            m = _CMD_AT_START.match(item[0])
            if not m:
                continue
            cmd = m.group(1)
            if cmd in tc.CONDITIONALS:
                depth += 1
            elif cmd == "end":
                ended = item[0][m.end():].split()
                if ended and ended[0] in tc.CONDITIONALS:
                    depth -= 1
                    if depth == 0:
                        return

    def _raw_block(self, name: str, arg: str, source: str, line: int) -> None:
        body: list[Line] = []
        depth = 1
        while True:
            item = self._next_line()
            if item is None:
                self.reporter.error(source, line, f"no matching `@end {name}'")
                break
            m = _CMD_AT_START.match(item[0])
            if m and m.group(1) == "end" and item[0][m.end():].split()[:1] == [name]:
                depth -= 1
                if depth == 0:
                    break
            elif name == "ignore":
                meta = re.match(r"\s*@(setfilename|settitle)\s+(.*)$", item[0])
                if meta and len(self._include_stack) <= 1:
                    self.ignored_settings.setdefault(meta.group(1), meta.group(2).strip())
                cm = _COMMENT_LINE.match(item[0])
                man = _MAN.match(cm.group(1)) if cm else None
                if man and man.group(1) == "begin":
                    self._ignored_man_region(man.group(2).strip(), item[1], item[2])
                    continue
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
        depth = len(self._blocks)
        while True:
            item = self._next_line()
            if item is not None and item[1] == source:
                self.unseen_by_makeinfo.add((source, item[2]))
            if item is None:
                self.reporter.error(source, line, "no matching `@c man end'")
                break
            cm = _COMMENT_LINE.match(item[0])
            man = _MAN.match(cm.group(1)) if cm else None
            if man and man.group(1) == "end":
                break
            m = _CMD_AT_START.match(item[0])
            if m and m.group(1) == "end" and item[0][m.end():].split()[:1] == ["ignore"]:
                self.reporter.error(item[1], item[2], "`@end ignore' inside a `@c man begin' "
                                    "region")
                self._push_lines([item])
                break
            self._line(*item)
        self._flush()
        while len(self._blocks) > depth:
            name, _c, bsource, bline = self._blocks[-1]
            self.reporter.error(bsource, bline, f"no matching `@end {name}'")
            self._close_block(bsource, bline)
        self._emit(Token("MANONLY_END", "man", section, [("", source, line)]))

    def _define_macro(self, name: str, arg: str, source: str, line: int) -> None:
        m = _MACRO_HEAD.match(arg)
        body: list[str] = []
        depth = 1
        while True:
            item = self._next_line()
            if item is None:
                self.reporter.error(source, line, f"no matching `@end {name}'")
                break
            cm = _CMD_AT_START.match(item[0])
            if cm and cm.group(1) in ("macro", "rmacro"):
                depth += 1
            elif cm and cm.group(1) == "end" and item[0][cm.end():].split()[:1] in (
                    ["macro"], ["rmacro"]):
                depth -= 1
                if depth == 0:
                    break
            body.append(item[0])
        if not m or not arg.strip():
            self.reporter.error(source, line, f"@{name} requires a name")
            return
        macro_name = m.group(1)
        if not re.match(r"^[A-Za-z][\w-]*$", macro_name):
            self.reporter.error(source, line, f"bad name for @{name}: {macro_name}")
            return
        if m.group(3):
            self.reporter.error(source, line, f"bad syntax for @{name}: {m.group(3)}")
        params = [p.strip() for p in (m.group(2) or "").split(",")] if m.group(2) else []
        params = [p for p in params if p]
        self.macros[macro_name] = Macro(macro_name, params, "\n".join(body), name == "rmacro")

    def _man_marker(self, kind: str, section: str, source: str, line: int) -> None:
        self._flush()
        self._emit(Token("MAN", kind, section, [("", source, line)]))

    # ------------------------------------------------------------------ blocks

    def _open_block(self, name: str, arg: str, source: str, line: int) -> None:
        self._flush()
        if len(self._blocks) >= self.options.limits.max_nesting:
            self.reporter.error(source, line, f"blocks nested more than "
                                f"{self.options.limits.max_nesting} deep (--max-nesting)")
            raise LimitExceeded(f"{source}:{line}: nesting limit")
        category = tc.block_category(name)
        token_type = {"list": "START_LIST", "table": "START_TABLE",
                      "multitable": "START_MULTITABLE", "def": "START_DEF",
                      "menu": "START_MENU"}.get(category, "START_BLOCK")
        self._emit(Token(token_type, name, arg, [(f"@{name} {arg}", source, line)]))
        self._blocks.append((name, category, source, line))
        self._def_header = category == "def"
        self._paragraph_kind = self._kind_for_context()

    def _end(self, name: str, source: str, line: int) -> None:
        if not name:
            self.reporter.error(source, line, "bad argument to @end")
            return
        if name in tc.CONDITIONALS:
            for i in range(len(self._conditionals) - 1, -1, -1):
                if self._conditionals[i][0] == name:
                    del self._conditionals[i]
                    return
            self.reporter.error(source, line, f"unmatched `@end {name}'")
            return
        names = [b[0] for b in self._blocks]
        if name not in names:
            if name in ("macro", "rmacro") or name in tc.RAW_BLOCKS:
                self.reporter.error(source, line, f"unmatched `@end {name}'")
            else:
                self.reporter.error(source, line, f"unmatched `@end {name}'")
            return
        while self._blocks and self._blocks[-1][0] != name:
            inner = self._blocks[-1]
            self.reporter.error(inner[2], inner[3], f"no matching `@end {inner[0]}'")
            self._close_block(source, line)
        self._close_block(source, line)

    def _close_block(self, source: str, line: int) -> None:
        self._flush()
        name = self._blocks.pop()[0]
        self._emit(Token("END", name, "", [(f"@end {name}", source, line)]))
        self._def_header = False
        self._paragraph_kind = self._kind_for_context()

    def _kind_for_context(self) -> str:
        for name, category, _s, _l in reversed(self._blocks):
            if category == "menu":
                return "MENU_TEXT"
            if name in tc.PREFORMATTED_BLOCKS or name in ("flushleft", "flushright"):
                self._pre_name = name
                return "PRE"
            if category in ("list", "table", "multitable", "def") or name in tc.QUOTATION_BLOCKS:
                return "TEXT"
        return "TEXT"

    def _item(self, name: str, raw_arg: str, category: str, source: str, line: int) -> None:
        self._flush()
        if category == "list":
            if name != "item":
                self.reporter.error(source, line, f"@{name} not meaningful inside `@"
                                    f"{self._blocks[-1][0]}' block")
                return
            self._emit(Token("ITEM", name, "", [(f"@{name}", source, line)]))
            if raw_arg.strip():
                self._text(raw_arg.strip(), source, line)
        elif category == "table":
            if name == "headitem":
                self.reporter.error(source, line, "@headitem not meaningful inside `@table' block")
                return
            # index entries and anchors may stand between @item and @itemx
            previous = [t for t in self._tokens_in_block() if t.type != "LINE"
                        and not (t.type == "TEXT" and _ANCHORS_ONLY.match(t.text))]
            if name == "itemx" and not any(t.type in ("ITEM", "ITEMX") for t in previous):
                self.reporter.warning(source, line,
                                      f"@itemx should not begin @{self._blocks[-1][0]}")
                name = "item"
            elif name == "itemx" and previous[0].type not in ("ITEM", "ITEMX"):
                self.reporter.error(source, line, "@itemx must follow @item")
                name = "item"
            self._emit(Token("ITEMX" if name == "itemx" else "ITEM", name,
                                     raw_arg.strip(), [(raw_arg.strip(), source, line)]))
        else:
            if name == "itemx":
                self.reporter.error(source, line, "@itemx not meaningful inside `@multitable' "
                                    "block")
                return
            self._emit(Token("HEADITEM" if name == "headitem" else "ITEM", name, "",
                                     [(f"@{name}", source, line)]))
            self._tab_line(raw_arg, source, line)

    def _tab_line(self, text: str, source: str, line: int) -> None:
        """Split a multitable line at its ``@tab``, ``@item`` and ``@headitem`` commands
        (outside braces): each starts a cell or a row."""
        if not any(t.type in ("ITEM", "HEADITEM") for t in self._tokens_in_block()):
            self.reporter.error(source, line, "@tab before @item")
            return
        cuts: list[tuple[str, int, int]] = []
        depth = 0
        spans = verb_spans(text) if "@verb{" in text else []
        for m in re.finditer(r"@[@{}]|@(tab|item|headitem)(?![\w-])|[{}]", text):
            if spans and not _outside(spans, m.start()):
                continue
            tok = m.group(0)
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
            elif m.group(1) and depth == 0:
                cuts.append((m.group(1), m.start(), m.end()))
        first = text[:cuts[0][1]] if cuts else text
        if first.strip():
            self._text(first.strip(), source, line)
        for i, (name, _start, end) in enumerate(cuts):
            cell = text[end:cuts[i + 1][1]] if i + 1 < len(cuts) else text[end:]
            self._flush()
            kind = {"tab": "TAB", "item": "ITEM", "headitem": "HEADITEM"}[name]
            self._emit(Token(kind, name, "", [(f"@{name}", source, line)]))
            if cell.strip():
                self._text(cell.strip(), source, line)

    def _tokens_in_block(self) -> list[Token]:
        depth = 0
        out: list[Token] = []
        for tok in reversed(self.tokens):
            if tok.type == "END":
                depth += 1
            elif tok.type.startswith("START_"):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0:
                out.append(tok)
                if tok.type in ("ITEM", "HEADITEM"):
                    break
        return out

    # ------------------------------------------------------------------ text

    def _text(self, text: str, source: str, line: int) -> None:
        if "@" in text and self._blocks and self._blocks[-1][1] == "multitable" \
                and re.search(r"@(tab|item|headitem)(?![\w-])", text) and not self._splitting:
            self._splitting = True
            try:
                self._tab_line(text, source, line)
            finally:
                self._splitting = False
            return
        self._def_header = False
        self._paragraph.append((text, source, line))
        if self._paragraph_kind != "PRE":
            self._track_braces(text)
            if self._open_braces:
                for m in re.finditer(r"@(?:footnote|caption|shortcaption)\s*\{\s*@([A-Za-z]+)",
                                     text):
                    if m.group(1) in tc.BLOCK_COMMANDS:
                        self._inner_blocks.append(m.group(1))

    def _open_footnote(self) -> bool:
        return any(name.split(":")[0] in _FOOTNOTE_LIKE for name in self._open_braces)

    def _track_braces(self, text: str) -> None:
        if "{" not in text and "}" not in text and not (
                self._open_braces and self._open_braces[-1].startswith("verb:")):
            return
        stack = self._open_braces
        pos = 0
        if stack and stack[-1].startswith("verb:"):
            close = text.find(stack[-1][5:] + "}")
            if close < 0:
                return
            stack.pop()
            pos = close + 2
        spans = verb_spans(text) if "@verb{" in text else []
        for m in _BRACES.finditer(text, pos):
            tok = m.group(0)
            if m.group(1) == "verb" and m.end() < len(text) \
                    and text.find(text[m.end()] + "}", m.end() + 1) < 0:
                stack.append("verb:" + text[m.end()])  # @verb{x … continues on later lines
                return
            if spans and not _outside(spans, m.start()):
                continue
            if m.group(1):
                stack.append(m.group(1))
            elif tok == "{":
                stack.append("")
            elif tok == "}" and stack:
                stack.pop()

    def _emit(self, token: Token) -> None:
        if self._part is not None:
            self._follow_part(token)
        self.tokens.append(token)
        if token.type not in ("DEFX", "START_DEF"):
            self._def_header = False

    def _follow_part(self, token: Token) -> None:
        """makeinfo's warnings for what follows ``@part``: no text, then a chapter."""
        source, line, warned = self._part
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
