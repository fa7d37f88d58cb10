"""Where the Lark grammars are: ``grammars/`` in a checkout, ``texi2rst/grammars`` installed."""

from __future__ import annotations

from pathlib import Path


def grammar_path(name: str) -> Path:
    """The path of the grammar file ``name`` (for example ``texinfo.lark``)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "grammars" / name, here / "grammars" / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"grammar {name} not found beside {here}")
