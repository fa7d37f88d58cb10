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

A generator that parses schemas itself fills the plain data classes :class:`Definition`,
:class:`Member` (members, enum values, branches and features), :class:`QAPIDoc`,
:class:`DocSection`/:class:`ArgSection` and :class:`DocLine` (each with its file and line)
and renders them with :func:`render_rst`, giving the names to link to as a set, a callable
or a :class:`Schema` (:data:`Known`).  Every problem is a :class:`QAPIError` (file, line,
column); :class:`DocError` is the one raised for a malformed doc comment.  Nothing here keeps
global state: calls may run in parallel threads.
"""

from __future__ import annotations

from texi2rst.readers.qapi.doc import (
    ArgSection,
    DocError,
    DocLine,
    DocSection,
    QAPIDoc,
    parse_doc_text,
)
from texi2rst.readers.qapi.errors import QAPIError
from texi2rst.readers.qapi.schema import Definition, Member, Schema, parse_schema, read_schema
from texi2rst.writers.qapi import (
    FLAVOURS,
    definition_to_blocks,
    doc_comment_to_blocks,
    label_for,
    render_rst,
    render_rst_lines,
    schema_to_document,
)
from texi2rst.writers.qapi_links import Known, Links
from texi2rst.writers.qapi_project import convert_schema, project_files

__all__ = [
    "QAPIError", "DocError", "QAPIDoc", "DocSection", "ArgSection", "DocLine",
    "parse_doc_text", "Definition", "Member", "Schema", "Known", "Links",
    "parse_schema", "read_schema", "convert_schema", "definition_to_blocks",
    "doc_comment_to_blocks", "label_for", "render_rst", "render_rst_lines",
    "schema_to_document", "project_files", "FLAVOURS",
]
