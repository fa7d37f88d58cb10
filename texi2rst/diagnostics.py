"""Diagnostics in the form compilers use: ``file:line: error: message``."""

from __future__ import annotations

import sys

from texi2rst.records import field, record

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: 3 ms of start-up)
if TYPE_CHECKING:
    import signal
    from typing import Any, TextIO


class ConversionError(Exception):
    """Raised when input cannot be converted at all; the message is already located."""


class LimitExceeded(ConversionError):
    """A safety limit (macro recursion, include depth, nesting, size) was hit."""


@record(frozen=True)
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


@record
class Reporter:
    """Collects diagnostics; optionally echoes them to a stream, as they come or, when
    ``ordered``, on :meth:`flush`, sorted by file name and line (same place: as reported).

    Errors are never dropped. Warnings after the first ``max_warnings`` are counted in
    ``dropped_warnings`` but neither kept nor printed (one line says so). A diagnostic
    identical to one already reported (same place, same message: a macro expanded many times
    over) is counted in ``repeated`` and not kept again."""

    stream: TextIO | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    max_warnings: int = 1000
    ordered: bool = False
    dropped_warnings: int = 0
    repeated: int = 0
    _pending: list[Diagnostic] = field(default_factory=list, repr=False)
    _warning_count: int = field(default=0, repr=False)
    _error_count: int = field(default=0, repr=False)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False)

    def error(self, source: str, line: int, message: str, *, column: int = 0,
              context: str = "", includes: tuple[tuple[str, int], ...] = ()) -> None:
        self._add(Diagnostic("error", source, line, message, column, context, includes))

    def warning(self, source: str, line: int, message: str) -> None:
        self._add(Diagnostic("warning", source, line, message))

    def add(self, diagnostic: Diagnostic) -> None:
        """Report a diagnostic made elsewhere (in a worker process)."""
        self._add(diagnostic)

    def _add(self, diagnostic: Diagnostic) -> None:
        if diagnostic in self._seen:
            self.repeated += 1
            return
        self._seen.add(diagnostic)
        if diagnostic.severity == "error":
            self._error_count += 1
        elif diagnostic.severity == "warning":
            self._warning_count += 1
            if self._warning_count > self.max_warnings:
                if not self.dropped_warnings and self.stream is not None and not self.ordered:
                    print(self._dropped_note(), file=self.stream)
                self.dropped_warnings += 1
                return
        self.diagnostics.append(diagnostic)
        if self.ordered:
            self._pending.append(diagnostic)
        elif self.stream is not None:
            print(diagnostic, file=self.stream)

    def flush(self) -> None:
        """Print the diagnostics held back by an ``ordered`` reporter, sorted."""
        for d in sorted(self._pending, key=lambda d: (d.source, d.line)):
            if self.stream is not None:
                print(d, file=self.stream)
        if self._pending and self.dropped_warnings and self.stream is not None:
            print(self._dropped_note(), file=self.stream)
        self._pending.clear()

    def _dropped_note(self) -> str:
        return (f"texi2rst: note: more than {self.max_warnings} warnings; further warnings "
                "are not shown (errors still are)")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return self._error_count > 0 or any(d.severity == "error" for d in self.diagnostics)


def stderr_reporter() -> Reporter:
    """A reporter that prints to standard error, sorted, when flushed."""
    return Reporter(stream=sys.stderr, ordered=True)


def reraise_interrupt(exc: BaseException) -> None:
    """Raise :class:`KeyboardInterrupt` when ``exc`` was caused by one.

    An interrupt that arrives while Python runs a hook (``__set_name__`` during a lazy import,
    a ``__del__``) reaches the caller wrapped in another exception, e.g. ``RuntimeError``;
    it must still end the run as an interrupt, not as an internal error."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            raise KeyboardInterrupt from exc
        seen.add(id(current))
        current = current.__cause__ or current.__context__


def signal_functions() -> Any:
    """The functions and numbers of :mod:`signal`, from the C module under it where there
    is one: importing :mod:`signal` builds its enums, 3 ms of a conversion's start-up."""
    found = sys.modules.get("signal")
    if found is None:
        try:
            import _signal as found  # type: ignore[import-not-found, no-redef]
        except ImportError:  # (another Python than CPython)
            import signal as found
    return found


def hold_interrupts() -> set[int | signal.Signals] | None:
    """Block SIGINT in this thread, where the platform can (an interrupt that comes is
    raised when :func:`release_interrupts` lets it through); what to restore (None: nothing
    was blocked)."""
    signals = signal_functions()
    if not hasattr(signals, "pthread_sigmask"):
        return None
    held: set[int | signal.Signals] = signals.pthread_sigmask(signals.SIG_BLOCK,
                                                              {signals.SIGINT})
    return held


def release_interrupts(held: set[int | signal.Signals] | None) -> None:
    """Undo :func:`hold_interrupts`."""
    if held is not None:
        signals = signal_functions()
        signals.pthread_sigmask(signals.SIG_SETMASK, held)
