"""Façade for QAPI schema documentation: the functions a generator or the CLI needs.

* :func:`read_schema` / :func:`parse_schema` – read a schema (with includes) into a
  :class:`Schema`, reporting ``file:line: error: message`` diagnostics;
* :func:`schema_to_document`, :func:`definition_to_blocks`, :func:`doc_comment_to_blocks` –
  build the common document tree (:mod:`texi2rst.nodes`);
* :func:`render_rst` – reStructuredText through :mod:`texi2rst.writers.rst`, in the ``plain``
  flavour (any Sphinx) or the ``sphinx-domain`` flavour (the ``qapi`` domain of
  :mod:`texi2rst.sphinx.qapi`); :func:`render_rst_lines` – the same with the schema file and
  line of every rST line;
* :func:`convert_schema` – schema file → one rST file, or a folder holding a standalone
  Sphinx project (:func:`project_files`) (what ``texi2rst qapi`` runs).
"""

from __future__ import annotations

from texi2rst.readers.qapi.doc import DocError, QAPIDoc, parse_doc_text
from texi2rst.readers.qapi.schema import Definition, Member, Schema, parse_schema, read_schema
from texi2rst.writers.qapi import (
    FLAVOURS,
    convert_schema,
    definition_to_blocks,
    doc_comment_to_blocks,
    label_for,
    project_files,
    render_rst,
    render_rst_lines,
    schema_to_document,
)

__all__ = [
    "DocError", "QAPIDoc", "parse_doc_text", "Definition", "Member", "Schema",
    "parse_schema", "read_schema", "convert_schema", "definition_to_blocks",
    "doc_comment_to_blocks", "label_for", "render_rst", "render_rst_lines",
    "schema_to_document", "project_files", "FLAVOURS",
]
