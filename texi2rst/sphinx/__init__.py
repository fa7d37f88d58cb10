"""The Sphinx extension: add ``"texi2rst.sphinx"`` to ``extensions`` in ``conf.py``.

It provides the ``hxtool-doc`` directive (QEMU ``.hx`` files, see :mod:`texi2rst.sphinx.hx`)
and the ``qapi-doc`` directive with the ``qapi`` domain (QAPI schemas, see
:mod:`texi2rst.sphinx.qapi`); in man pages, cross-references are their text
(:mod:`texi2rst.sphinx.manpage`).
"""

from __future__ import annotations

from typing import Any

from texi2rst import __version__


def setup(app: Any) -> dict[str, Any]:
    """Register the directives, roles and domain with Sphinx."""
    from texi2rst.sphinx import hx as sphinx_hx
    from texi2rst.sphinx import manpage as sphinx_manpage
    from texi2rst.sphinx import qapi as sphinx_qapi

    sphinx_hx.setup(app)
    sphinx_qapi.setup(app)
    sphinx_manpage.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
