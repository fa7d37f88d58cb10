"""Readers: each turns one input language into the common document tree (:mod:`texi2rst.nodes`).

* :mod:`texi2rst.readers.texinfo` — Texinfo manuals (macros, conditionals, ``@include``);
* :mod:`texi2rst.readers.hx` — QEMU ``.hx`` files (the line structure around the Texinfo);
* :mod:`texi2rst.readers.qapi` — QAPI schemas and their doc comments;
* :mod:`texi2rst.readers.files` — reading an input file: regular files only, within the size
  limits of one run.

Nothing in here writes output: writers live in :mod:`texi2rst.writers`.
"""


def quiet_lark() -> None:
    """Keep Lark's messages about its own workings out of the user's logs (called by the
    readers that import Lark; a conversion of Texinfo does not)."""
    import logging

    logger = logging.getLogger("lark")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False
