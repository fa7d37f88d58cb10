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

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else (self.source or "texi2rst")
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Reporter:
    """Collects diagnostics; optionally echoes them to a stream as they come.

    Errors are never dropped. Warnings after the first ``max_warnings`` are counted in
    ``dropped_warnings`` but neither kept nor printed (one line says so)."""

    stream: TextIO | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    max_warnings: int = 1000
    dropped_warnings: int = 0
    _warning_count: int = 0

    def error(self, source: str, line: int, message: str) -> None:
        self._add(Diagnostic("error", source, line, message))

    def warning(self, source: str, line: int, message: str) -> None:
        self._add(Diagnostic("warning", source, line, message))

    def _add(self, diagnostic: Diagnostic) -> None:
        if diagnostic.severity == "warning":
            self._warning_count += 1
            if self._warning_count > self.max_warnings:
                if not self.dropped_warnings and self.stream is not None:
                    print(f"texi2rst: note: more than {self.max_warnings} warnings; "
                          "further warnings are not shown (errors still are)", file=self.stream)
                self.dropped_warnings += 1
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
