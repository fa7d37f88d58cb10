"""Conditionals (``@ifset``, ``@ifhtml``, ``@ifcommanddefined``…) and the line commands the
lexer itself obeys: ``@set``/``@clear``, ``@alias``, ``@definfoenclose``, index definitions,
``@include``, ``@verbatiminclude``, ``@bye``."""

from __future__ import annotations

import re

from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.includes import IncludeReader
from texi2rst.readers.texinfo.tokens import Token

_NAME = re.compile(r"^[\w-]+$")
_FLAG = re.compile(r"^[^\s{}@,]+$")


class ConditionalReader(IncludeReader):
    """Resolves conditionals while reading and keeps flags, aliases and index definitions."""

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
        for _skipped in self._lines_to_end(name, source, line, ends=tc.CONDITIONALS,
                                           nested=tc.CONDITIONALS):
            pass

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
