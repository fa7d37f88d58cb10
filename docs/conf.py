"""Sphinx configuration of texi2rst's own manual (``sphinx-build -W -b html docs out``)."""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "_ext"))
sys.path.insert(0, os.path.dirname(HERE))  # the package, when it is not installed

from texi2rst import __version__  # noqa: E402

project = "texi2rst"
author = "The texi2rst developers"
copyright = "the texi2rst developers; GPL-2.0-or-later"
version = release = __version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinxarg.ext",
    "texi2rst.sphinx",
    "texi2rst_docs",
]

root_doc = "index"
exclude_patterns = ["_build", "out"]
templates_path: list[str] = []
html_theme = "alabaster"
html_static_path: list[str] = []
html_title = f"texi2rst {release}"

# Texinfo commands, file names and rST markup are shown as code; nothing is Python by default
highlight_language = "none"
default_role = "literal"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}

nitpicky = False
suppress_warnings: list[str] = []
