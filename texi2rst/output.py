"""Writing output safely: atomic replacement, paths that cannot leave the output folder."""

from __future__ import annotations

import os
import re
import sys
import tempfile


def atomic_write(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file renamed into place.

    ``path == "-"`` writes to standard output. A failure leaves any earlier file intact."""
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
        with open(path, "w", encoding="utf-8") as f:  # a device such as /dev/null
            f.write(text)
        return
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed into
    place (``sync``: flushed to disk first). A failure leaves any earlier file intact and
    no temporary file behind; the file keeps its permissions."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".texi2rst-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, os.stat(path).st_mode & 0o7777 if os.path.exists(path) else 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_stem(name: str, fallback: str = "node") -> str:
    """A file name made from a node name: no separators, no ``..``, no leading dot."""
    stem = _UNSAFE.sub("-", name.strip().lower()).strip("-.")
    stem = re.sub(r"\.{2,}", ".", stem)
    return stem[:80] or fallback


def inside(folder: str, path: str) -> bool:
    """Whether ``path`` stays inside ``folder`` once resolved."""
    base = os.path.realpath(folder)
    real = os.path.realpath(path)
    return real == base or real.startswith(base + os.sep)
