"""Diagnostics in the form compilers use: ``file:line: error: message``."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO


class ConversionError(Exception):
    """Raised when input cannot be converted at all; the message is already located."""


class LimitExceeded(ConversionError):
    """A safety limit (macro recursion, include depth, nesting, size) was hit."""


@dataclass(frozen=True)
class Diagnostic:
    """One message about the input."""

    severity: str  # "error" or "warning"
    source: str
    line: int
    message: str
    #: 1-based column (tabs to 8), 0 when not known
    column: int = 0
    #: what the location is inside, e.g. ``In command 'x'`` (printed on a line before)
    context: str = ""
    #: the include chain, outermost first: ``(file, line)`` of each ``include``
    includes: tuple[tuple[str, int], ...] = ()

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else (self.source or "texi2rst")
        if self.line and self.column:
            where += f":{self.column}"
        head = "".join(f"In file included from {f}:{n}:\n" for f, n in self.includes)
        if self.context:
            head += f"{self.source}: {self.context}:\n"
        return f"{head}{where}: {self.severity}: {self.message}"


@dataclass
class Reporter:
    """Collects diagnostics; optionally echoes them to a stream as they come."""

    stream: TextIO | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    max_errors: int = 1000

    def error(self, source: str, line: int, message: str, *, column: int = 0,
              context: str = "", includes: tuple[tuple[str, int], ...] = ()) -> None:
        self._add(Diagnostic("error", source, line, message, column, context, includes))

    def warning(self, source: str, line: int, message: str) -> None:
        self._add(Diagnostic("warning", source, line, message))

    def _add(self, diagnostic: Diagnostic) -> None:
        if len(self.diagnostics) >= self.max_errors:
            return
        self.diagnostics.append(diagnostic)
        if self.stream is not None:
            print(diagnostic, file=self.stream)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


def stderr_reporter() -> Reporter:
    """A reporter that prints to standard error as it goes."""
    return Reporter(stream=sys.stderr)
