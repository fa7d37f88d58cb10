"""``@include`` and the reading of source files: encodings, read roots, search folders."""

from __future__ import annotations

import codecs
import os
import re
from itertools import repeat

from texi2rst.diagnostics import LimitExceeded
from texi2rst.neutral import PRIVATE, strip_private
from texi2rst.output import find_file, inside, inside_any, note_input
from texi2rst.readers.files import InputRefused, read_input
from texi2rst.readers.texinfo.state import LexerState
from texi2rst.readers.texinfo.tokens import Line, Token

_PRIVATE_BYTES = PRIVATE.encode("ascii")
_ENCODING_LINE = re.compile(rb"@documentencoding[ \t]+([\w.-]+)")


def _document_encoding(data: bytes) -> re.Match[bytes] | None:
    """The first ``@documentencoding NAME`` that starts a line (found by its text first: a
    line-anchored pattern would be tried at every position of the file)."""
    at = data.find(b"@documentencoding")
    while at >= 0:
        if at == 0 or data[at - 1:at] == b"\n":
            m = _ENCODING_LINE.match(data, at)
            if m:
                return m
        at = data.find(b"@documentencoding", at + 1)
    return None


class IncludeReader(LexerState):
    """Reads source files and follows ``@include`` inside the read roots."""

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
        m = _document_encoding(data)
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
        # UTF-8 writes the private characters as single bytes, each its own: bytes without
        # them make text without them (the check on bytes is the faster)
        if encoding != "utf-8" or len(data.translate(None, _PRIVATE_BYTES)) != len(data):
            text = strip_private(text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        parts = text.split("\n")
        if parts and parts[-1] == "":
            parts.pop()
        return list(zip(parts, repeat(path), range(1, len(parts) + 1)))

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
        self._inputs.append(iter(lines))
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

    def _locate(self, name: str, here: str) -> tuple[str | None, str | None]:
        """Where ``@include name`` in folder ``here`` leads (remembered: a macro may include
        the same file many times over)."""
        candidates = [name] if os.path.isabs(name) else [
            os.path.join(d, name) for d in [here, "", *self.options.include_dirs]]
        roots = self._read_roots()
        found, outside = find_file("", candidates, roots)
        if found is None and not os.path.isabs(name):  # the mirrored folders come last
            found, mirrored_outside = find_file(
                "", self._mirrored(os.path.abspath(here), name), roots)
            outside = outside or mirrored_outside
        result = self._located[(name, here)] = (found, None if found else outside)
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
