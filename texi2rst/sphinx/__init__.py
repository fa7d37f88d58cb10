"""The Sphinx extension: add ``"texi2rst.sphinx"`` to ``extensions`` in ``conf.py``.

It provides the ``hxtool-doc`` directive (QEMU ``.hx`` files, see :mod:`texi2rst.sphinx.hx`)
and the ``qapi-doc`` directive with the ``qapi`` domain (QAPI schemas, see
:mod:`texi2rst.sphinx.qapi`); in man pages, cross-references are their text
(:mod:`texi2rst.sphinx.manpage`).

Both directives read files inside the Sphinx source folder only, inside the source tree that
``texi2rst_srctree`` names (a project whose ``.hx`` files and schemas sit beside the source
folder, as in QEMU's tree: ``texi2rst_srctree = ".."``) and inside the folders that
``texi2rst_read_roots`` adds (both in ``conf.py``, relative to the source folder). With
``texi2rst_srctree`` set, the directives' paths are relative to it.

The documents that ``texi2rst_copies`` names (glob patterns of document names) show text the
project documents elsewhere (man pages made of a manual's fragments): in them the directives
render as with ``:no-index:``, and Sphinx registers none of their labels, options or index
entries.
"""

from __future__ import annotations

import os
from typing import Any

from texi2rst import __version__
from texi2rst.output import inside_any


def add_input_config(app: Any) -> None:
    """Declare the settings that say where the directives read (``texi2rst_read_roots``,
    ``texi2rst_srctree``) and which documents are copies (``texi2rst_copies``), once,
    whichever directive's setup comes first."""
    for name, default, types in (("texi2rst_read_roots", [], (list, tuple)),
                                 ("texi2rst_srctree", "", (str,)),
                                 ("texi2rst_copies", [], (list, tuple))):
        if name not in app.config:
            app.add_config_value(name, default, "env", types=types)


def source_tree(env: Any) -> str | None:
    """The folder that ``texi2rst_srctree`` names (relative to the source folder), or None
    when it is not set: paths are then relative to the document, as for ``include``."""
    tree = getattr(env.config, "texi2rst_srctree", "") or ""
    if not tree:
        return None
    return os.path.normpath(os.path.join(str(env.srcdir), str(tree)))


def read_roots(env: Any) -> list[str]:
    """The folders the directives may read from: the source folder, the source tree and the
    configured ``texi2rst_read_roots``."""
    srcdir = str(env.srcdir)
    extra = getattr(env.config, "texi2rst_read_roots", None) or []
    tree = source_tree(env)
    return [srcdir, *([tree] if tree else []), *(os.path.join(srcdir, str(d)) for d in extra)]


def resolve_input(env: Any, argument: str) -> tuple[str, bool]:
    """Where a directive's ``PATH`` argument leads: ``(real path, allowed)``. With
    ``texi2rst_srctree`` the path is relative to it (a leading ``/`` too); without, relative
    to the document, ``/`` starting at the source folder. An absolute path naming a file
    inside the read roots is taken as it is. ``allowed`` is False when the path, symlinks
    resolved, leaves every read root: the caller must not read it."""
    roots = read_roots(env)
    tree = source_tree(env)
    if os.path.isabs(argument) and inside_any(roots, argument) and os.path.exists(argument):
        candidate = argument
    elif tree is not None:
        candidate = os.path.join(tree, argument.lstrip("/"))
    else:
        _rel, candidate = env.relfn2path(argument, env.docname)
        candidate = str(candidate)
        if os.path.isabs(argument) and not os.path.exists(candidate) \
                and os.path.exists(argument):
            return os.path.realpath(argument), False
    real = os.path.realpath(candidate)
    return real, inside_any(roots, real)


def where_allowed(env: Any) -> str:
    """The folders a directive's file must lie in, for messages."""
    tree = source_tree(env)
    return f"the source tree {tree}" if tree else f"the source folder {env.srcdir}"


def is_copy(env: Any) -> bool:
    """Whether the document being read is one of ``texi2rst_copies`` (glob patterns of
    document names): a second showing of text the project documents elsewhere, such as a man
    page that includes the fragments of a manual."""
    from fnmatch import fnmatchcase

    patterns = getattr(env.config, "texi2rst_copies", None) or []
    docname = env.docname
    return any(fnmatchcase(docname, str(p)) for p in patterns)


def _second_showing(app: Any) -> None:
    """In the documents of ``texi2rst_copies``, Sphinx registers no labels, options or index
    entries: the ones of the manual stay the only targets (no duplicate-label warnings, no
    ``:option:`` link or index entry leading into a man page)."""
    from docutils import nodes  # type: ignore[import-untyped, unused-ignore]
    from sphinx import addnodes
    from sphinx.transforms import SphinxTransform

    class SecondShowing(SphinxTransform):
        default_priority = 840  # before Sphinx collects the targets into its domains (850)

        def apply(self, **kwargs: Any) -> None:
            if not is_copy(self.env):
                return
            document: nodes.document = self.document
            for name, explicit in list(document.nametypes.items()):
                if explicit:
                    document.nametypes[name] = False
            for node in document.findall(addnodes.index):
                node["entries"] = []
            std = self.env.domains["std"]
            docname = self.env.docname
            for key, (doc, _id) in list(std.progoptions.items()):
                if doc == docname:
                    del std.progoptions[key]

    app.add_transform(SecondShowing)


def setup(app: Any) -> dict[str, Any]:
    """Register the directives, roles and domain with Sphinx."""
    from texi2rst.sphinx import hx as sphinx_hx
    from texi2rst.sphinx import manpage as sphinx_manpage
    from texi2rst.sphinx import qapi as sphinx_qapi

    sphinx_hx.setup(app)
    sphinx_qapi.setup(app)
    sphinx_manpage.setup(app)
    add_input_config(app)
    _second_showing(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
