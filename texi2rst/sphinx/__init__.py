"""The Sphinx extension: add ``"texi2rst.sphinx"`` to ``extensions`` in ``conf.py``.

It provides the ``hxtool-doc`` directive (QEMU ``.hx`` files, see :mod:`texi2rst.sphinx.hx`)
and the ``qapi-doc`` directive with the ``qapi`` domain (QAPI schemas, see
:mod:`texi2rst.sphinx.qapi`); in man pages, cross-references are their text
(:mod:`texi2rst.sphinx.manpage`).

Both directives read files inside the Sphinx source folder only, and inside the folders that
``texi2rst_read_roots`` (in ``conf.py``, relative to the source folder) adds.
"""

from __future__ import annotations

import os
from typing import Any

from texi2rst import __version__


def add_read_roots_config(app: Any) -> None:
    """Declare ``texi2rst_read_roots`` (once, whichever directive's setup comes first)."""
    if "texi2rst_read_roots" not in app.config:
        app.add_config_value("texi2rst_read_roots", [], "env", types=(list, tuple))


def read_roots(env: Any) -> list[str]:
    """The folders the directives may read from: the source folder and the configured
    ``texi2rst_read_roots``."""
    srcdir = str(env.srcdir)
    extra = getattr(env.config, "texi2rst_read_roots", None) or []
    return [srcdir, *(os.path.join(srcdir, str(d)) for d in extra)]


def setup(app: Any) -> dict[str, Any]:
    """Register the directives, roles and domain with Sphinx."""
    from texi2rst.sphinx import hx as sphinx_hx
    from texi2rst.sphinx import manpage as sphinx_manpage
    from texi2rst.sphinx import qapi as sphinx_qapi

    sphinx_hx.setup(app)
    sphinx_qapi.setup(app)
    sphinx_manpage.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
