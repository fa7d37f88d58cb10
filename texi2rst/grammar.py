"""Where the Lark grammars are: ``grammars/`` in a checkout, ``texi2rst/grammars`` installed."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from pathlib import Path


def grammar_file(name: str) -> str:
    """The path of the grammar file ``name`` (for example ``texinfo.lark``), as a string
    (without importing :mod:`pathlib`, which a conversion does not otherwise need)."""
    here = os.path.dirname(os.path.realpath(__file__))
    for candidate in (os.path.join(os.path.dirname(here), "grammars", name),
                      os.path.join(here, "grammars", name)):
        if os.path.exists(candidate):
            return candidate
    raise FileNotFoundError(f"grammar {name} not found beside {here}")


def grammar_path(name: str) -> Path:
    """The path of the grammar file ``name`` (for example ``texinfo.lark``)."""
    from pathlib import Path

    return Path(grammar_file(name))
