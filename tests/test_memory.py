"""No reference cycles: a conversion's objects are freed by reference counting alone, so
repeated conversions (a Sphinx build, a generator) do not grow with the cycle collector off."""

from __future__ import annotations

import gc
from collections import Counter

from conftest import FIXTURES

from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.lexer import Options
from texi2rst.readers.texinfo.parser import read_texinfo


def _cyclic_garbage(action) -> Counter[str]:
    """The types of the objects that ``action`` leaves in reference cycles."""
    action()  # warm-up: caches and grammar tables are made once, on purpose
    was_enabled = gc.isenabled()
    gc.disable()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        action()
        gc.collect()
        return Counter(type(obj).__name__ for obj in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()


def test_reading_texinfo_leaves_no_cycles():
    sources = sorted((FIXTURES / "texinfo").glob("*.texi"))
    assert sources

    def read_all() -> None:
        for path in sources:
            read_texinfo(str(path), Options(include_dirs=[str(path.parent)]), Reporter())
    assert _cyclic_garbage(read_all) == Counter()


def test_writing_rst_leaves_no_cycles():
    from texi2rst.writers.rst import write_rst

    sources = sorted((FIXTURES / "texinfo").glob("*.texi"))
    docs = [read_texinfo(str(path), Options(include_dirs=[str(path.parent)]), Reporter())
            for path in sources]
    assert docs

    def write_all() -> None:
        for doc in docs:
            write_rst(doc, reporter=Reporter())
    assert _cyclic_garbage(write_all) == Counter()
