"""One read per Sphinx build: what a directive made of an input file is kept for the build
environment, and used again by the next directive on the same file while none of the files it
read changed (each checked by path, modification time and size).

The cache hangs on the environment object through a weak reference instead of an attribute,
so that it is never pickled with the environment: the next build reads the files again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar, cast
from weakref import WeakKeyDictionary

T = TypeVar("T")

#: a file's identity for the cache: modification time (ns) and size; None when missing
Stamp = tuple[int, int] | None

_CACHES: WeakKeyDictionary[Any, dict[Hashable, tuple[tuple[tuple[str, Stamp], ...], Any]]] = \
    WeakKeyDictionary()


def file_stamp(path: str) -> Stamp:
    """``path``'s modification time and size, or None when it cannot be looked at."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def cached(env: Any, key: Hashable, make: Callable[[], tuple[T, Iterable[str]]]) -> T:
    """The value ``make()`` gives for ``key`` in the build environment ``env``. ``make``
    returns the value and the paths of the files it read; it runs again only when one of
    those changed (or ``env`` is a new environment)."""
    cache = _CACHES.setdefault(env, {})
    hit = cache.get(key)
    if hit is not None:
        stamps, value = hit
        if all(file_stamp(path) == stamp for path, stamp in stamps):
            return cast(T, value)
    value, paths = make()
    cache[key] = (tuple((path, file_stamp(path)) for path in dict.fromkeys(paths)), value)
    return value
