"""``texi2rst qapi``: a schema file to one rST file or a standalone Sphinx project."""

from __future__ import annotations

import os

from texi2rst.diagnostics import Reporter, reraise_interrupt
from texi2rst.output import atomic_write, write_owned_files
from texi2rst.readers.files import ByteBudget
from texi2rst.readers.qapi.schema import Schema, read_schema
from texi2rst.writers.qapi import render_rst

__all__ = ["convert_schema", "project_files", "is_project_output"]


def is_project_output(output: str) -> bool:
    """Whether ``texi2rst qapi -o OUTPUT`` means a Sphinx project folder: not ``-``, not a
    name ending in ``.rst``."""
    return output != "-" and not output.lower().endswith(".rst")


def _project_title(schema: Schema, path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0] or "schema"
    return f"QAPI reference: {stem}"


def project_files(schema: Schema, *, title: str) -> dict[str, str]:
    """The files of a standalone Sphinx project (plain Sphinx, no extension) documenting
    ``schema``: ``conf.py`` and ``index.rst``."""
    from texi2rst.writers.sphinx_conf import SphinxConf, conf_py

    conf = conf_py(SphinxConf(
        project=title, smartquotes=None,
        header=["Sphinx configuration written by texi2rst (texi2rst qapi SCHEMA -o DIR).",
                "The reference is plain reStructuredText: no extension is needed."],
        exclude_patterns=["_build", "Thumbs.db", ".DS_Store"],
        settings=[("html_theme", "alabaster")]))
    return {"conf.py": conf, "index.rst": render_rst(schema, title=title)}


def _write_project(schema: Schema, path: str, output: str, reporter: Reporter,
                   title: str | None, force: bool = False) -> int:
    if os.path.exists(output) and not os.path.isdir(output):
        reporter.error(output, 0, "output is not a folder (give -o FILE.rst for one rST file)")
        return 1
    try:
        files = project_files(schema, title=title or _project_title(schema, path))
    except Exception as exc:  # a writer failure is reported, never a traceback
        reraise_interrupt(exc)
        reporter.error(path, 0, f"cannot write rST: {exc}")
        return 1
    write_owned_files(output, dict(files), reporter, force=force)
    return 1 if reporter.has_errors else 0


def convert_schema(path: str, output: str, *, reporter: Reporter,
                   title: str | None = None, allow_outside_includes: bool = False,
                   allow_read: list[str] | None = None, force: bool = False,
                   budget: ByteBudget | None = None) -> int:
    """Read the schema at ``path`` and write its reference: ``output`` "-" = stdout,
    ``FILE.rst`` = one rST file, anything else = a folder holding a standalone Sphinx project
    (``conf.py`` and ``index.rst``, for plain Sphinx; ``title`` names it, default
    "QAPI reference: <schema name>").  Files are written atomically (a temporary file in the
    same folder, then ``os.replace``).
    Includes are read from the schema's folder and ``allow_read`` only (anywhere with
    ``allow_outside_includes``). Returns 0 when all went well, 1 when errors were reported
    (nothing is written then, unless ``force``); a file that cannot be written raises
    :class:`texi2rst.output.WriteError`."""
    schema = read_schema(path, reporter=reporter, allow_outside_includes=allow_outside_includes,
                         allow_read=allow_read, budget=budget)
    failed = bool(schema.errors or reporter.has_errors)
    if failed and not force:
        return 1
    if failed:
        reporter.warning(output, 0, "the input had errors; output written anyway (--force)")
    if is_project_output(output):
        return _write_project(schema, path, output, reporter, title, force) or int(failed)
    try:
        text = render_rst(schema)
    except Exception as exc:  # a writer failure is reported, never a traceback
        reraise_interrupt(exc)
        reporter.error(path, 0, f"cannot write rST: {exc}")
        return 1
    atomic_write(output, text)
    return 1 if failed or reporter.has_errors else 0

