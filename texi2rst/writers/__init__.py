"""Writers: each consumes the document tree (:mod:`texi2rst.nodes`) and produces one output.

* :mod:`.rst` — reStructuredText text that docutils reads back as the same tree;
* :mod:`.project` — a Sphinx project (``conf.py``, ``index.rst``, one file per chapter);
* :mod:`.hx` — ``.hx`` files with their STEXI blocks rewritten as SRST blocks;
* :mod:`.qapi` — QAPI reference documentation.

Every rST they write goes through :func:`texi2rst.neutral.neutralise` last.
"""
