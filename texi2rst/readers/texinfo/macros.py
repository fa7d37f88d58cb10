"""Macro definition and expansion, ``@value`` and ``@alias``: the textual layer of Texinfo.

Expansion happens line by line while the lexer reads, as in texi2any: a macro may expand to
several lines (pushed back to be read next) or to half a command. Every expansion counts
against the limits of :class:`~texi2rst.readers.texinfo.options.Limits`.
"""

from __future__ import annotations

import re
from itertools import islice

from texi2rst.diagnostics import LimitExceeded
from texi2rst.readers.texinfo.arguments import cut_at, outside_braces
from texi2rst.readers.texinfo.state import LexerState, Macro
from texi2rst.readers.texinfo.tokens import Line, outside_spans, verb_spans
from texi2rst.records import record

_TRAILING_COMMENT = re.compile(r"@(?:@|c(?:omment)?(?![\w-]))")
_MACRO_HEAD = re.compile(r"\s*([\w-]+)\s*(?:\{(.*?)\})?\s*(.*)$")
_ENDS_IN_COMMAND = re.compile(r"@[A-Za-z][\w-]*$")
_MACROS = ("macro", "rmacro")
_ARG_BRACE = re.compile(r"\\.|[{}]", re.S)


@record
class _Again:
    """Text that :meth:`MacroExpander._expand` must expand once more."""

    text: str


class MacroExpander(LexerState):
    """Defines macros and expands macros, ``@value`` and aliases in each line."""

    def _expand(self, text: str, source: str, line: int) -> str | None:
        """Expand @value, macros and aliases in one line; strip a trailing comment.

        Returns the line to go on with, or None when the expansion was pushed back as lines.
        """
        if not self.macros and not self.aliases and "@value" not in text \
                and "@c" not in text and "@@" not in text:
            return text  # nothing to expand, no comment to strip (most lines)
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
        cut = _TRAILING_COMMENT.search(text) if "@c" in text or "@@" in text else None
        while cut and (cut.group(0) == "@@" or not outside_spans(spans, cut.start())):
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
        for m in self._expandable().finditer(text):
            if m.start() < pos or (spans and not outside_spans(spans, m.start())):
                continue
            name = m.group(2)
            if name is None:  # "@@"
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

    def _expandable(self) -> re.Pattern[str]:
        """What :meth:`_expand_step` looks at: ``@@`` (so that ``@@value`` is text), and
        ``@value``, the macros and the aliases, each a whole command name (the other commands
        are skipped by the pattern, not one by one)."""
        known = self._expandable_names
        if known is None or self._expandable_pattern is None \
                or self.macros.keys() != known[0] or self.aliases.keys() != known[1]:
            known = (frozenset(self.macros), frozenset(self.aliases))
            alternatives = sorted({"value", *known[0], *known[1]}, key=lambda x: (-len(x), x))
            self._expandable_pattern = re.compile(
                "@(?:(@)|(" + "|".join(map(re.escape, alternatives)) + r")(?![\w-]))")
            self._expandable_names = known
        return self._expandable_pattern

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
        commas = islice(outside_braces(body, ",", escape="\\"), count - 1)
        return [self._unescape_arg(body[a:b].strip()) for a, b in cut_at(body, commas)]

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

    def _define_macro(self, name: str, arg: str, source: str, line: int) -> None:
        m = _MACRO_HEAD.match(arg)
        body = [item[0] for item in self._lines_to_end(name, source, line, ends=_MACROS,
                                                       nested=_MACROS)]
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
