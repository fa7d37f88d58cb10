"""The ``hxtool-doc`` Sphinx directive: a QEMU ``.hx`` file's documentation, in place.

.. code-block:: rst

   .. hxtool-doc:: ../qemu-options.hx
      :no-index:

The path is relative to the document (or, starting with ``/``, to the source folder) and must
stay inside the source folder (or a folder of ``texi2rst_read_roots``); so must what its
``@include`` and ``@image`` read, or the folders of ``hxtool_doc_include_dirs``. The file's
``SRST`` blocks are used as they are, its ``STEXI`` blocks go through the converter
(:mod:`texi2rst.writers.hx`); headings become sections.
Warnings point at the ``.hx`` file and line. ``:no-index:`` (``:noindex:``) writes no labels,
no index entries and ``:no-index:`` options, for a file rendered a second time.

Configuration (``conf.py``): ``hxtool_doc_include_dirs`` (folders searched by ``@include``,
relative to the source folder) and ``hxtool_doc_defines`` (``@set`` variables, e.g.
``{"qemu_system": "qemu-system-x86_64"}``). Texinfo diagnostics are logged with
``type="texi2rst"`` and a subtype (``undefined-reference``, ``undefined-flag``, ``texinfo``),
so ``suppress_warnings = ["texi2rst.undefined-reference"]`` can silence references into the
manual a fragment used to be included in.
"""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes  # type: ignore[import-untyped, unused-ignore]
from docutils.parsers.rst import directives  # type: ignore[import-untyped, unused-ignore]
from docutils.statemachine import StringList  # type: ignore[import-untyped, unused-ignore]
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from texi2rst.diagnostics import Diagnostic, Reporter
from texi2rst.neutral import neutralise
from texi2rst.readers.texinfo.options import Options
from texi2rst.sphinx import (
    add_input_config,
    is_copy,
    read_roots,
    resolve_input,
    where_allowed,
)
from texi2rst.sphinx.cache import cached
from texi2rst.writers.hx import load

logger = logging.getLogger(__name__)


def _subtype(message: str) -> str:
    if "undefined node" in message or "undefined anchor" in message:
        return "undefined-reference"
    if "undefined flag" in message:
        return "undefined-flag"
    return "texinfo"


class HxtoolDocDirective(SphinxDirective):
    """``.. hxtool-doc:: path/to/file.hx``"""

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    has_content = False
    option_spec = {
        "no-index": directives.flag,
        "noindex": directives.flag,
        "mode": lambda arg: directives.choice(arg, ("auto", "options", "commands")),
    }

    def run(self) -> list[nodes.Node]:
        path, allowed = resolve_input(self.env, self.arguments[0])
        where = self.get_location()
        roots = read_roots(self.env)
        if not allowed:
            logger.error("hxtool-doc: %s is outside %s", self.arguments[0],
                         where_allowed(self.env), location=where, type="texi2rst",
                         subtype="path")
            return []
        if not os.path.isfile(path):
            logger.error("hxtool-doc: cannot read %s", self.arguments[0], location=where,
                         type="texi2rst", subtype="path")
            return []
        self.env.note_dependency(path)
        config = self.config
        srcdir = str(self.env.srcdir)
        include_dirs = [os.path.join(srcdir, d) for d in config.hxtool_doc_include_dirs]
        options = Options(include_dirs=include_dirs, allow_read=roots,
                          defines={str(k): str(v) for k, v in config.hxtool_doc_defines.items()})
        index = "no-index" not in self.options and "noindex" not in self.options \
            and not is_copy(self.env)
        mode = self.options.get("mode", "auto")

        def convert() -> tuple[tuple[list[Diagnostic], list[tuple[str, int]] | None,
                                     list[str]], list[str]]:
            reporter = Reporter()
            conv = load(path, options, reporter, mode=mode, index=index)
            included = sorted(conv.included) if conv is not None else []
            lines = list(conv.rst_lines()) if conv is not None else None
            return (reporter.diagnostics, lines, included), [path, *included]

        # several directives on one file with the same options read and convert it once
        key = ("hxtool-doc", path, mode, index, tuple(include_dirs), tuple(roots),
               tuple(sorted(options.defines.items())))
        diagnostics, lines, included = cached(self.env, key, convert)
        for d in diagnostics:
            loc = f"{d.source or path}:{d.line}" if d.line else (d.source or path)
            log = logger.error if d.severity == "error" else logger.warning
            log(d.message, location=loc, type="texi2rst", subtype=_subtype(d.message))
        if lines is None:
            return []
        for dep in included:
            if os.path.isfile(dep):
                self.env.note_dependency(os.path.abspath(dep))
        content = StringList()
        for text, line in lines:
            content.append(neutralise(text), path, max(line - 1, 0))
        if not content:
            return []
        return self.parse_content_to_nodes_with_titles(content)

    def parse_content_to_nodes_with_titles(self, content: StringList) -> list[nodes.Node]:
        from sphinx.util.docutils import switch_source_input
        from sphinx.util.parsing import nested_parse_to_nodes

        # messages about the generated rST point at the .hx lines its items carry
        with switch_source_input(self.state, content):
            return nested_parse_to_nodes(self.state, content, allow_section_headings=True)


def setup(app: Any) -> dict[str, Any]:
    add_input_config(app)
    app.add_config_value("hxtool_doc_include_dirs", [], "env", types=(list, tuple))
    app.add_config_value("hxtool_doc_defines", {}, "env", types=(dict,))
    app.add_directive("hxtool-doc", HxtoolDocDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
