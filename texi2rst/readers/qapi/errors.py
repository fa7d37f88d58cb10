"""The one exception of the QAPI reader: a problem in a schema or a doc comment, located."""

from __future__ import annotations

from texi2rst.diagnostics import Reporter


class QAPIError(Exception):
    """A schema or doc-comment problem at ``source:line[:column]``.

    ``context`` names the definition it is in (``In command 'x'``), ``includes`` the
    ``(file, line)`` include chain, outermost first (both as QEMU's generator printed them).
    """

    def __init__(self, source: str, line: int, message: str, *, column: int = 0,
                 context: str = "", includes: tuple[tuple[str, int], ...] = ()) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.column = column
        self.message = message
        self.context = context
        self.includes = includes

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" + (f":{self.column}" if self.column else "")
        head = "".join(f"In file included from {f}:{n}:\n" for f, n in self.includes)
        if self.context:
            head += f"{self.source}: {self.context}:\n"
        return f"{head}{where}: {self.message}"

    def report(self, reporter: Reporter) -> None:
        """Hand the error to ``reporter`` as a located diagnostic."""
        reporter.error(self.source, self.line, self.message, column=self.column,
                       context=self.context, includes=self.includes)
