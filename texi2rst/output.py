"""Paths in and out: reads confined to a set of root folders (:func:`inside`,
:func:`find_file`); output written atomically, never onto an input, never outside the output
folder, a lock for a folder being written, and environment errors reported as
``PATH: error: cannot write: REASON``."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from itertools import count

from texi2rst.diagnostics import (
    ConversionError,
    Reporter,
    hold_interrupts,
    release_interrupts,
)

#: the file name endings an ``@image`` may leave out
IMAGE_SUFFIXES = ("", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
TEMP_PREFIX, TEMP_SUFFIX = ".texi2rst-", ".tmp"
_TEMP_NUMBERS = count()
LOCK_FILE = ".texi2rst-lock"


class WriteError(ConversionError, OSError):
    """An output file could not be written (permissions, a full disk, a folder in the way,
    or the file is one of the conversion's inputs); ``str()`` is the located message."""

    def __init__(self, path: str, reason: str, error: int | None = None) -> None:
        super().__init__(f"{path}: error: cannot write: {reason}")
        self.path, self.reason, self.errno = path, reason, error

    def __str__(self) -> str:
        return str(self.args[0])


def inside(folder: str, path: str) -> bool:
    """Whether ``path`` stays inside ``folder`` once both are resolved (symlinks followed).
    The one containment test of texi2rst: reads and writes both go through it."""
    return _within(os.path.realpath(folder), os.path.realpath(path))


def _within(base: str, real: str) -> bool:
    """Whether the resolved path ``real`` is inside the resolved folder ``base``."""
    try:
        return os.path.commonpath([base, real]) == base
    except ValueError:  # different drives
        return False


def inside_any(roots: Iterable[str], path: str) -> bool:
    """Whether ``path`` is inside one of ``roots`` (as :func:`inside` tells, ``path``
    resolved once)."""
    real = os.path.realpath(path)
    return any(_within(os.path.realpath(root), real) for root in roots)


def find_file(name: str, folders: Iterable[str], roots: Iterable[str],
              suffixes: Iterable[str] = ("",)) -> tuple[str | None, str | None]:
    """The first file ``FOLDER/NAME+SUFFIX`` (``name`` may be absolute) that lies inside
    ``roots``: ``(path, None)``; when only files outside the roots exist, ``(None, the first
    of them)``; ``(None, None)`` when there is no such file."""
    roots = list(roots)
    outside = None
    for folder in folders:
        for suffix in suffixes:
            candidate = (os.path.join(folder, name) if name else folder) + suffix
            if os.path.isfile(candidate):
                if inside_any(roots, candidate):
                    return candidate, None
                outside = outside or candidate
    return None, outside


# ------------------------------------------------------------------ what the run has read

_INPUTS: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("texi2rst_inputs",
                                                                          default=None)


@contextlib.contextmanager
def input_session() -> Iterator[set[str]]:
    """Within this block, files noted by :func:`note_input` cannot be written over."""
    token = _INPUTS.set(set())
    try:
        yield _INPUTS.get() or set()
    finally:
        _INPUTS.reset(token)


def note_input(path: str) -> None:
    """Record that the conversion read ``path`` (the readers call it for every file)."""
    inputs = _INPUTS.get()
    if inputs is not None:
        inputs.add(os.path.realpath(path))


def is_input(path: str, real: str | None = None) -> bool:
    """Whether ``path`` (``real``: resolved already) was read by the conversion running in
    this :func:`input_session`."""
    inputs = _INPUTS.get()
    return inputs is not None and (real or os.path.realpath(path)) in inputs


# ------------------------------------------------------------------ writing

#: temporary files being written: removed if the run is interrupted
_LIVE_TEMPS: set[str] = set()


def _reason(exc: OSError) -> str:
    if exc.errno == errno.EFBIG:
        return "File too large"
    return exc.strerror or str(exc)


def atomic_write(path: str, text: str, *, allow_input: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file renamed into place.

    ``path == "-"`` writes to standard output. A failure leaves any earlier file intact and
    raises :class:`WriteError`."""
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
        try:
            with open(path, "w", encoding="utf-8") as f:  # a device such as /dev/null
                f.write(text)
        except OSError as e:
            raise WriteError(path, _reason(e)) from None
        return
    atomic_write_bytes(path, text.encode("utf-8"), allow_input=allow_input)


def _refuse_input(path: str, allow_input: bool, real: str | None = None) -> None:
    """A :class:`WriteError` when ``path`` (``real``: resolved already) is one of the
    conversion's inputs (unless ``allow_input``: a file rewritten in place)."""
    if not allow_input and is_input(path, real):
        raise WriteError(path, "it is one of the conversion's inputs (choose another output)")


def atomic_write_bytes(path: str, data: bytes, *, sync: bool = True,
                       allow_input: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed into
    place (``sync``: flushed to disk first). A symlink stays a symlink: its target is
    written. A failure leaves any earlier file intact, no temporary file behind, and raises
    :class:`WriteError`; the file keeps its permissions. Refuses a file the conversion read
    (unless ``allow_input``, for rewriting a file in place)."""
    _refuse_input(path, allow_input)
    target = os.path.realpath(path) if os.path.islink(path) else path
    folder = os.path.dirname(os.path.abspath(target))
    tmp = ""
    try:
        try:
            os.makedirs(folder, exist_ok=True)
        except FileExistsError:  # a file stands where a folder is needed
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
        held = hold_interrupts()  # (an interrupt between the two would leave the file)
        try:
            fd, tmp = _new_temp_file(folder)
            _LIVE_TEMPS.add(tmp)
        finally:
            release_interrupts(held)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, os.stat(target).st_mode & 0o7777 if os.path.exists(target) else 0o644)
        os.replace(tmp, target)
    except BaseException as e:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError):
            raise WriteError(path, _reason(e), e.errno) from None
        raise
    finally:
        _LIVE_TEMPS.discard(tmp)


def write_changed(path: str, data: bytes, *, allow_input: bool = False) -> bool:
    """Write ``data`` to ``path`` as :func:`atomic_write_bytes` does (not forced to disk),
    unless the file already holds exactly that; whether it was written. A file left as it
    was keeps its time, so that Sphinx reads again only what changed (and leaving it is
    faster than replacing it)."""
    _refuse_input(path, allow_input)
    try:
        found = os.stat(path)
        if stat.S_ISREG(found.st_mode) and found.st_size == len(data):
            with open(path, "rb") as f:
                if f.read() == data:
                    return False
    except OSError:
        pass
    atomic_write_bytes(path, data, sync=False, allow_input=True)  # (refused above)
    return True


def _new_temp_file(folder: str) -> tuple[int, str]:
    """Create a file of this process's own in ``folder`` (never an existing one, nor through
    a symlink), readable by its owner only; return its descriptor and path. (What
    ``tempfile.mkstemp`` does, without the start-up time of importing it.)"""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) \
        | getattr(os, "O_NOFOLLOW", 0)
    while True:
        path = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{next(_TEMP_NUMBERS)}"
                                    f"{TEMP_SUFFIX}")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:  # left by a killed run that had the same process id
            continue


def remove_live_temps() -> None:
    """Remove the temporary files of writes cut short (called when interrupted)."""
    for tmp in list(_LIVE_TEMPS):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _LIVE_TEMPS.discard(tmp)


def clean_stale_temps(folder: str) -> list[str]:
    """Remove the temporary files an earlier, killed run left in ``folder`` (call it while
    holding the folder's :func:`output_lock`); returns their paths."""
    removed = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for name in files:
            if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
                path = os.path.join(root, name)
                with contextlib.suppress(OSError):
                    os.unlink(path)
                    removed.append(path)
    return sorted(removed)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def output_lock(folder: str) -> Iterator[None]:
    """Hold ``folder/.texi2rst-lock`` (holding this process's id) while writing ``folder``;
    another texi2rst finding it gets a clear error. A lock whose process is gone is stale
    and taken over. An interrupt never leaves the lock behind: it is held back from the
    moment the lock is made until the code that removes it is in place."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as e:
        raise WriteError(folder, _reason(e)) from None
    lock = os.path.join(folder, LOCK_FILE)
    held = hold_interrupts()
    try:
        _take_lock(folder, lock)
    except BaseException:
        release_interrupts(held)
        raise
    try:
        release_interrupts(held)  # (an interrupt that came meanwhile is raised here)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)


def _take_lock(folder: str, lock: str) -> None:
    for _attempt in range(3):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                with open(lock, encoding="ascii", errors="replace") as f:
                    pid = int(f.read().strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and pid != os.getpid() and _alive(pid):
                raise ConversionError(f"texi2rst: error: {folder} is being written by another "
                                      f"texi2rst (pid {pid})") from None
            with contextlib.suppress(OSError):
                os.unlink(lock)  # stale: its process is gone
            continue
        except OSError as e:
            raise WriteError(lock, _reason(e)) from None
        try:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(f"{os.getpid()}\n")
        except OSError as e:
            with contextlib.suppress(OSError):
                os.unlink(lock)
            raise WriteError(lock, _reason(e)) from None
        return
    raise ConversionError(f"texi2rst: error: cannot take the lock {lock}")


def foreign_files(out_dir: str, rels: Iterable[str], owned: set[str]) -> list[str]:
    """The files among ``rels`` that exist in ``out_dir`` but that texi2rst did not write
    (they are not in ``owned``, the manifest of an earlier run)."""
    return sorted(rel for rel in rels if rel not in owned
                  and os.path.lexists(os.path.join(out_dir, rel)))


def keep_output(output: str, reporter: Reporter, force: bool) -> bool:
    """Whether to write the output of a conversion: not when the input had errors, unless
    ``force`` (makeinfo's ``--force``), which says so (the exit status stays 1)."""
    if not reporter.has_errors:
        return True
    if force:
        reporter.warning(output, 0, "the input had errors; output written anyway (--force)")
    return force


MANIFEST = ".texi2rst-manifest"


def write_owned_files(out_dir: str, files: dict[str, str | bytes], reporter: Reporter, *,
                      force: bool = False) -> list[str]:
    """Write ``files`` (relative name → text or bytes) into ``out_dir`` and list them in its
    manifest; files the previous manifest listed and this run does not write are removed.
    A file already there that texi2rst did not write stops everything (a
    :class:`WriteError` names it) unless ``force``: then it is replaced, with a warning.
    Returns the names written."""
    manifest_path = os.path.join(out_dir, MANIFEST)
    previous: set[str] = set()
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            previous = {line.strip() for line in f if line.strip()}
    foreign = foreign_files(out_dir, files, previous)
    if foreign and not force:
        raise WriteError(os.path.join(out_dir, foreign[0]), "texi2rst did not write this file "
                         "(move it away, or use --force to replace it)")
    for rel in foreign:
        reporter.warning(os.path.join(out_dir, rel), 0,
                         "replacing a file texi2rst did not write (--force)")
    written = []
    base = os.path.realpath(out_dir)
    for rel, data in sorted(files.items()):
        path = os.path.join(out_dir, rel)
        real = os.path.realpath(path)
        if not _within(base, real):
            continue
        _refuse_input(path, False, real)
        # renamed into place, not forced to disk one by one (as bulk writes): a run that
        # fails leaves each file whole, old or new
        write_changed(path, data if isinstance(data, bytes) else data.encode("utf-8"),
                      allow_input=True)  # (refused above)
        written.append(rel)
    for stale in sorted(previous - set(written)):
        path = os.path.join(out_dir, stale)
        if inside(out_dir, path) and os.path.isfile(path):
            try:
                os.remove(path)
            except OSError as e:
                raise WriteError(path, _reason(e), e.errno) from None
    atomic_write(manifest_path, "".join(f"{rel}\n" for rel in sorted(written)))
    return written


def check_bulk_files(out_dir: str, outputs: list[tuple[str, dict[str, bytes]]],
                     previous: dict[str, set[str]], force: bool, reporter: Reporter) -> None:
    """Before ``bulk`` writes anything: no file may come from two inputs (one would silently
    replace the other), and none may replace a file texi2rst did not write (listed in no
    earlier manifest) unless ``force``. Raises a :class:`WriteError` naming the file."""
    owner: dict[str, str] = {}
    for label, files in outputs:
        for rel in files:
            if rel in owner and owner[rel] != label:
                raise WriteError(os.path.join(out_dir, rel), f"both {owner[rel]} and {label} "
                                 "make this file (rename one page or chapter); nothing written")
            owner[rel] = label
    known = set().union(*previous.values()) if previous else set()
    for rel in foreign_files(out_dir, owner, known):
        path = os.path.join(out_dir, rel)
        if not force:
            raise WriteError(path, "texi2rst did not write this file (move it away, or use "
                             "--force to replace it)")
        reporter.warning(path, 0, "replacing a file texi2rst did not write (--force)")


# ------------------------------------------------------------------ names

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_stem(name: str, fallback: str = "node") -> str:
    """A file name made from a node name: no separators, no ``..``, no leading dot."""
    stem = _UNSAFE.sub("-", name.strip().lower()).strip("-.")
    stem = re.sub(r"\.{2,}", ".", stem)
    return stem[:80] or fallback


_UNSAFE_MAN = re.compile(r"[^A-Za-z0-9._+-]+")


def safe_man_name(name: str, fallback: str = "manual") -> str:
    """A man page name that is one plain file name (Sphinx's man builder writes
    ``NAME.SECTION`` into the build folder): the last path component, case kept."""
    base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    base = _UNSAFE_MAN.sub("-", base).strip("-.")
    return re.sub(r"\.{2,}", ".", base)[:80] or fallback
