"""Façade for QAPI schema documentation: the functions a generator or the CLI needs.

* :func:`read_schema` / :func:`parse_schema` – read a schema (with includes) into a
  :class:`Schema`, reporting ``file:line: error: message`` diagnostics;
* :func:`schema_to_document`, :func:`definition_to_blocks`, :func:`doc_comment_to_blocks` –
  build the common document tree (:mod:`texi2rst.nodes`);
* :func:`render_rst` – reStructuredText through :mod:`texi2rst.rst_writer`;
* :func:`convert_schema` – schema file → one rST file (what ``texi2rst qapi`` runs).
"""

from __future__ import annotations

from .qapi_doc import DocError, QAPIDoc, parse_doc_text
from .qapi_reader import Definition, Member, Schema, parse_schema, read_schema
from .qapi_render import (
    convert_schema,
    definition_to_blocks,
    doc_comment_to_blocks,
    label_for,
    render_rst,
    schema_to_document,
)

__all__ = [
    "DocError", "QAPIDoc", "parse_doc_text", "Definition", "Member", "Schema",
    "parse_schema", "read_schema", "convert_schema", "definition_to_blocks",
    "doc_comment_to_blocks", "label_for", "render_rst", "schema_to_document",
]
