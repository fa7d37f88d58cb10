"""Reading input files within limits: regular files only, never more than a byte budget.

A FIFO, a device or a socket named as an input (or an ``@include``) would block or never end;
a huge file would exhaust memory. Every reader reads through :func:`read_input`, and a whole
run (a manual and its includes, a schema and its includes) shares one :class:`ByteBudget`.
"""

from __future__ import annotations

import os
import stat

from texi2rst.records import field, record

#: the largest single input file, and the default of ``--max-input-bytes``
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: all input files of one run together (a file included twice counts twice), the default of
#: ``--max-total-input-bytes``
MAX_TOTAL_INPUT_BYTES = 128 * 1024 * 1024
#: the bytes of files read again (included a second time or more): the default of
#: ``--max-repeated-input-bytes``. Small files included from each other many times over are
#: the way a kilobyte of input becomes gigabytes; real manuals include a file again rarely.
MAX_REPEATED_INPUT_BYTES = 2 * 1024 * 1024


class InputRefused(OSError):
    """The file is not read: not a regular file, or over a limit (message names the option)."""


@record
class ByteBudget:
    """The limits on what one run reads, and what it read so far."""

    limit: int = MAX_TOTAL_INPUT_BYTES
    repeated_limit: int = MAX_REPEATED_INPUT_BYTES
    #: the largest single file
    max_file: int = MAX_INPUT_BYTES
    used: int = 0
    repeated: int = 0
    seen: set[tuple[int, int]] = field(default_factory=set)

    @property
    def exhausted(self) -> bool:
        """Whether a limit was passed: reading must stop."""
        return self.used > self.limit or self.repeated > self.repeated_limit

    def take(self, path: str, size: int, identity: tuple[int, int] = (0, 0)) -> None:
        """Count ``size`` more bytes read from ``path`` (``identity``: its device and inode);
        refuse past a limit."""
        self.used += size
        if identity in self.seen:
            self.repeated += size
        elif identity != (0, 0):
            self.seen.add(identity)
        if self.used > self.limit:
            raise InputRefused(f"{path}: the input files together exceed {self.limit} bytes "
                               "(--max-total-input-bytes)")
        if self.repeated > self.repeated_limit:
            raise InputRefused(f"{path}: files read again (included more than once) exceed "
                               f"{self.repeated_limit} bytes (--max-repeated-input-bytes)")


def read_input(path: str, budget: ByteBudget | None = None) -> bytes:
    """The bytes of the regular file ``path``, counted in ``budget``; :class:`InputRefused`
    for anything else (a FIFO is opened without blocking and refused) or past a limit."""
    budget = budget if budget is not None else ByteBudget()
    max_bytes = budget.max_file
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(f"{path}: not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise InputRefused(f"{path}: input larger than {max_bytes} bytes (--max-input-bytes)")
    budget.take(path, len(data), (info.st_dev, info.st_ino))
    return data
