"""What the Texinfo reader is told: :class:`Options` (include path, variables, output
formats) and :class:`Limits`. A module of its own, so that the command line can give their
defaults without importing the lexer."""

from __future__ import annotations

import os
from collections.abc import Callable

from texi2rst.readers.files import (
    MAX_INPUT_BYTES,
    MAX_REPEATED_INPUT_BYTES,
    MAX_TOTAL_INPUT_BYTES,
)
from texi2rst.records import field, record

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from texi2rst.nodes import Block

__all__ = ["Limits", "Options"]


@record
class Limits:
    """Safety limits; each can be raised from the command line."""

    max_macro_expansions: int = 50_000
    max_include_depth: int = 50
    max_nesting: int = 20  # sphinx-build -b text fails at 25 nested @table, -b html at 68
    max_input_bytes: int = MAX_INPUT_BYTES
    max_total_input_bytes: int = MAX_TOTAL_INPUT_BYTES
    max_repeated_input_bytes: int = MAX_REPEATED_INPUT_BYTES
    max_expanded_chars: int = 2 * 1024 * 1024
    max_line_chars: int = 1_000_000
    max_brace_depth: int = 100


@record
class Options:
    """What the reader should see: include path, variables, output formats for conditionals."""

    include_dirs: list[str] = field(default_factory=list)
    defines: dict[str, str] = field(default_factory=dict)
    formats: set[str] = field(default_factory=lambda: {"html"})
    allow_outside_includes: bool = False
    #: more folders files may be read from (``--allow-read``), beside the input's folder
    #: and the include folders
    allow_read: list[str] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    #: ``@include`` arguments (as written, e.g. ``"qemu-options.texi"``) whose file is not
    #: read: the tree the function returns stands in its place. The function gets the
    #: ``@set`` variables in force at the ``@include``.
    include_substitutes: dict[str, Callable[[dict[str, str]], list[Block]]] = field(
        default_factory=dict)
    #: ``@value{X}`` in running text is kept as a reference to the variable (a ``Styled``
    #: node of kind ``value``, its ``expansion`` the value when set) instead of its text
    value_substitutions: bool = False
    #: False: the conversion drops raw HTML (``@html``, ``@inlineraw``) and makes script
    #: links (``javascript:`` …) plain text, for untrusted input (``--no-raw-html``); the
    #: reader itself keeps everything, the writers' callers apply it
    raw_html: bool = True

    def read_roots(self, main: str | None = None) -> list[str]:
        """The folders input may be read from: ``main``'s folder, the include folders and
        the ``allow_read`` folders (everything with ``allow_outside_includes``)."""
        if self.allow_outside_includes:
            return [os.path.abspath(os.sep)]
        here = [os.path.dirname(os.path.abspath(main))] if main else []
        return here + [os.path.abspath(d) for d in [*self.include_dirs, *self.allow_read]]
