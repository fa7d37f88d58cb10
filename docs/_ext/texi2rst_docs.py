"""Directives of texi2rst's own manual.

``.. texinfo-mapping:: GROUP`` renders the rows of
:data:`texi2rst.readers.texinfo.commands.MAPPING` that belong to one group of commands (``all`` for
every command), so the table is written once, in the converter, and a test checks it covers
every command the converter knows.
"""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from texi2rst.readers.texinfo import commands as tc

_SPECIAL_NAMES = {" ": "@ (at-space)", "\t": "@ (at-tab)", "\n": "@ (at end of line)"}


def _groups() -> dict[str, tuple[str, set[str]]]:
    """Group name -> (title, commands); a command goes to the first group that has it."""
    definitions = set(tc.DEF_COMMANDS)
    return {
        "conditionals": ("Conditionals", set(tc.CONDITIONALS)),
        "reading": ("Reading: variables, macros, includes, comments",
                    set(tc.LEXER_COMMANDS) | {"defindex", "defcodeindex"}),
        "sections": ("Sectioning and nodes", set(tc.SECTION_LEVELS) | {"node"}),
        "indices": ("Index entries", set(tc.INDEX_COMMANDS) | {"printindex", "subentry",
                                                                "sortas", "seeentry",
                                                                "seealso"}),
        "definitions": ("Definition commands", definitions),
        "blocks": ("Environments (blocks)", set(tc.BLOCK_COMMANDS) - definitions),
        "glyphs": ("Glyphs (``@name{}``)", set(tc.GLYPHS)),
        "accents": ("Accents", set(tc.ACCENTS)),
        "symbols": ("One-character commands", set(tc.SYMBOL_COMMANDS)),
        "lines": ("Line commands", set(tc.LINE_COMMANDS_USED) | set(tc.IGNORED_LINE_COMMANDS)),
        "inline": ("Brace commands (inline)", set(tc.BRACE_COMMANDS)),
    }


def grouped() -> dict[str, list[str]]:
    """Group name -> sorted commands; every command of MAPPING is in exactly one group."""
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    for group, (_title, commands) in _groups().items():
        mine = sorted((commands & set(tc.MAPPING)) - seen, key=lambda c: (c.lower(), c))
        seen.update(mine)
        out[group] = mine
    out["other"] = sorted(set(tc.MAPPING) - seen)
    return out


def display_name(command: str) -> str:
    return _SPECIAL_NAMES.get(command, "@" + command)


class TexinfoMappingDirective(SphinxDirective):
    """``.. texinfo-mapping:: GROUP``: a two-column table, command → what it becomes."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        group = self.arguments[0]
        table_groups = grouped()
        if group == "all":
            commands = sorted(tc.MAPPING, key=lambda c: (c.lower(), c))
        elif group in table_groups:
            commands = table_groups[group]
        else:
            raise self.error(f"unknown group {group!r}; one of: all, "
                             + ", ".join(table_groups))
        if not commands:
            return []
        table = nodes.table(classes=["texinfo-mapping"])
        tgroup = nodes.tgroup(cols=2)
        table += tgroup
        tgroup += nodes.colspec(colwidth=25)
        tgroup += nodes.colspec(colwidth=75)
        thead = nodes.thead()
        tgroup += thead
        head = nodes.row()
        for text in ("Texinfo", "reStructuredText / Sphinx"):
            head += nodes.entry("", nodes.paragraph(text=text))
        thead += head
        tbody = nodes.tbody()
        tgroup += tbody
        for command in commands:
            row = nodes.row()
            name = nodes.paragraph()
            name += nodes.literal(text=display_name(command))
            row += nodes.entry("", name)
            text_nodes, messages = self.state.inline_text(tc.MAPPING[command], self.lineno)
            para = nodes.paragraph()
            para.extend(text_nodes)
            row += nodes.entry("", para, *messages)
            tbody += row
        return [table]


#: pages written by other parts of the project, linked from a page of this manual once they
#: exist: page -> (the page that links it, the line in that page replaced by the link)
OPTIONAL_PAGES = {"back-losses": ("back", ".. optional-page:: back-losses")}


def _link_optional_pages(app: Any, docname: str, source: list[str]) -> None:
    """Replace an ``.. optional-page:: NAME`` line by a toctree entry when NAME.rst exists,
    else by a note (a toctree entry to a missing page would be a warning)."""
    for page, (host, marker) in OPTIONAL_PAGES.items():
        if docname != host or marker not in source[0]:
            continue
        if os.path.isfile(os.path.join(app.srcdir, page + ".rst")):
            text = f".. toctree::\n\n   {page}\n"
        else:
            text = (f"*(The page* ``{page}`` *is not written yet; this manual links it as "
                    "soon as it is in* :file:`docs/`\\ *.)*\n")
        source[0] = source[0].replace(marker, text)


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _link_optional_pages)
    app.add_directive("texinfo-mapping", TexinfoMappingDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
