"""Texinfo to rST in one call: the job behind ``texi2rst convert``."""

from __future__ import annotations

import os

from texi2rst.diagnostics import Reporter
from texi2rst.nodes import Document
from texi2rst.output import atomic_write, clean_stale_temps, keep_output, output_lock
from texi2rst.readers.texinfo.options import Options
from texi2rst.readers.texinfo.parser import read_texinfo
from texi2rst.transforms.shaping import Shaping, reshape
from texi2rst.transforms.untrusted import drop_raw_html
from texi2rst.writers.rst import Labels, RstOptions, write_rst


def prepare_single_document(doc: Document) -> None:
    """Shape a manual's tree for one rST document (see :mod:`texi2rst.transforms.shaping`)."""
    reshape(doc, Shaping(contents="directive", menus="keep"))


def texinfo_to_rst(path: str, options: Options | None = None,
                   reporter: Reporter | None = None, *, label_prefix: str = "",
                   external_manuals: str = "text", raw_html: bool = True) -> str:
    """Convert one Texinfo manual (with its includes) to a single rST document
    (``raw_html=False``, or ``options.raw_html`` False: without raw HTML and script links)."""
    reporter = reporter or Reporter()
    doc = read_texinfo(path, options, reporter)
    if not (raw_html and (options or Options()).raw_html):
        drop_raw_html(doc)
    prepare_single_document(doc)
    rst_options = RstOptions(label_prefix=label_prefix, external_manuals=external_manuals)
    labels = Labels.collect(doc, prefix=label_prefix)
    return write_rst(doc, options=rst_options, labels=labels, reporter=reporter)


def convert_texinfo(path: str, output: str, options: Options, reporter: Reporter, *,
                    split: str = "chapter", label_prefix: str = "",
                    external_manuals: str = "text", menus: str = "toctree",
                    man_pages: list[str] | None = None, force: bool = False,
                    raw_html: bool = True, workers: int = 1,
                    keep: list[object] | None = None) -> int:
    """Convert ``path`` to ``output``: ``-`` or ``*.rst`` for one document, else a Sphinx
    project folder. Nothing is written when the input has errors, unless ``force`` (which
    also replaces files in the project folder that texi2rst did not write). ``workers`` > 1
    renders a project's pages in that many forked processes (only for a process without
    other threads: the command line's). ``keep`` receives the tree read, for a caller that
    leaves without freeing it (the command line). Returns the exit code."""
    if output == "-" or output.endswith(".rst") or (os.path.exists(output)
                                                   and not os.path.isdir(output)):
        text = texinfo_to_rst(path, options, reporter, label_prefix=label_prefix,
                              external_manuals=external_manuals, raw_html=raw_html)
        if not keep_output(output, reporter, force):
            return 1
        atomic_write(output, text)
        return 1 if reporter.has_errors else 0
    from texi2rst.writers.project import parse_man_page, write_project

    doc = read_texinfo(path, options, reporter)
    if keep is not None:
        keep.append(doc)
    if not keep_output(output, reporter, force):
        return 1
    if not (raw_html and options.raw_html):
        drop_raw_html(doc)
    with output_lock(output):  # two runs writing one project would mix their files
        clean_stale_temps(output)
        write_project(doc, output, reporter=reporter, split=split, label_prefix=label_prefix,
                      external_manuals=external_manuals, menus=menus,
                      man_pages=[parse_man_page(m) for m in man_pages] if man_pages else None,
                      source_dir=os.path.dirname(os.path.abspath(path)),
                      image_dirs=options.include_dirs, read_roots=options.read_roots(path),
                      force=force, scrub=False,  # the reader dropped private characters
                      workers=workers)
    return 1 if reporter.has_errors else 0
