"""Write the common document tree (:mod:`texi2rst.nodes`) as reStructuredText for Sphinx.

The output is meant to be parsed by docutils and Sphinx *exactly* as the tree means it: every
piece of text is escaped so that nothing in it turns into markup, inline markup is delimited
with escaped spaces where it touches words, and blocks are separated so that none swallows
the next.  Inline markup cannot nest in rST: the outermost markup wins and inner markup is
reduced to its text (except ``@var`` inside ``@code``/``@samp``/``@file``, which becomes
Sphinx's ``:samp:``/``:file:`` with ``{var}``).

What belongs where in this package:

* ``escape`` — text to rST text: escaping, line-start escaping, wrapping, column widths;
* ``labels`` — unique Sphinx labels for sections, node labels, anchors and floats;
* ``signatures`` — ``.. option::`` and ``.. describe::`` signatures;
* ``c_declarations`` — which Texinfo definitions are C declarations (Sphinx's C domain);
* ``definitions`` — definition blocks (Texinfo's form, C-domain objects, ``.. describe::``);
* ``visitor`` — per-node-class dispatch (``visit_<node>`` methods);
* ``inline`` — inline rendering (:class:`InlineWriter`);
* ``blocks`` — block rendering (:class:`BlockWriter`, the writer);
* this module — the entry point :func:`write_rst` and the public names.
"""

from __future__ import annotations

from collections.abc import Callable

from texi2rst.diagnostics import Reporter
from texi2rst.neutral import neutralise, scrub_tree
from texi2rst.nodes import Block, Document, plain_text
from texi2rst.writers.rst.blocks import BlockWriter, ForeignBlock, raw_html_text
from texi2rst.writers.rst.escape import column_width, escape_role, indent, single_line
from texi2rst.writers.rst.inline import InlineWriter, link_uri
from texi2rst.writers.rst.labels import Labels, make_label
from texi2rst.writers.rst.options import (
    ADMONITIONS,
    ADORNMENTS,
    EMPHASIS_KINDS,
    LITERAL_KINDS,
    STRONG_KINDS,
    RstOptions,
)
from texi2rst.writers.rst.signatures import (
    defined_options,
    definition_signature,
    is_option,
    option_name,
    option_signatures,
)
from texi2rst.writers.rst.visitor import MissingVisitor

__all__ = [
    "RstOptions",
    "Labels",
    "write_rst",
    "make_label",
    "option_signatures",
    "option_name",
    "defined_options",
    "is_option",
    "definition_signature",
    "link_uri",
    "raw_html_text",
    "column_width",
    "escape_role",
    "indent",
    "single_line",
    "BlockWriter",
    "InlineWriter",
    "MissingVisitor",
    "LITERAL_KINDS",
    "EMPHASIS_KINDS",
    "STRONG_KINDS",
    "ADMONITIONS",
    "ADORNMENTS",
]

#: the former private name of :data:`ADORNMENTS` (``commands/bulk.py`` imports it)
_ADORNMENTS = ADORNMENTS


def write_rst(doc: Document | list[Block], *, options: RstOptions | None = None,
              labels: Labels | None = None, reporter: Reporter | None = None,
              scrub: bool = True,
              elsewhere: dict[int, Callable[[BlockWriter], list[ForeignBlock] | None]]
              | None = None) -> str:
    """Render a document (or a list of blocks) as one reStructuredText document.

    ``scrub``: first drop the writer's private marker characters from the tree's strings (a
    tree built through the API never went through a reader); ``False`` only for a tree that
    texi2rst's readers made, since they drop them where input enters. ``elsewhere``: blocks
    another process wrote (:attr:`BlockWriter.elsewhere`)."""
    options = options or RstOptions()
    if scrub:
        scrub_tree(doc)
    if labels is None:
        labels = Labels.collect(doc, options.label_prefix)
    writer = BlockWriter(doc, options, labels, reporter)
    if elsewhere:
        writer.elsewhere = elsewhere
    out: list[str] = []
    blocks = doc.children if isinstance(doc, Document) else doc
    if isinstance(doc, Document) and plain_text(doc.title).strip():
        title = writer.line_text(doc.title)
        width = max(column_width(title), 4)
        for p in writer.pre:
            out += [*p, ""]
        out += ["#" * width, title, "#" * width, ""]
        for p in writer.post:
            out += [*p, ""]
        writer.pre, writer.post = [], []
    out += writer.blocks(blocks, 0, top=True)
    return _finish(out)


def _finish(lines: list[str]) -> str:
    """The document's text from its lines: trailing blank lines dropped, one final newline."""
    while lines and lines[-1] == "":
        lines.pop()
    return neutralise("\n".join(lines) + "\n")
