"""What the rST writer is told (:class:`RstOptions`) and the fixed choices it makes."""

from __future__ import annotations

from texi2rst.records import field, record

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from texi2rst.writers.rst.signatures import SignatureCache


@record
class RstOptions:
    """Choices the writer cannot make from the tree alone."""

    #: prepended to every generated label
    label_prefix: str = ""
    #: option names defined with ``.. option::`` in the project; None = only this document's
    known_options: set[str] | None = None
    #: ``known_options`` holds every option the rendered blocks define (the project collected
    #: them): the writer does not look through the blocks for more
    all_options_known: bool = False
    #: references into another manual: "text" or "intersphinx"
    external_manuals: str = "text"
    #: adornment level of top-level sections (1: overlined ``*``, 2: underlined ``=`` …)
    section_level: int = 1
    #: a second rendering of text shown elsewhere (man pages): options get ``:no-index:``
    no_index: bool = False
    #: the column lines end at, indentation included (the caller's own indentation of the
    #: whole output subtracted)
    width: int = 79
    #: False: cross-references are their text (a man-page copy: docutils' man writer would
    #: print an internal reference's target, ``<#anchor>``)
    links: bool = True
    #: a reference to a node outside the document: "text" (emphasis and a warning) or
    #: "ref" (``:ref:`` to the node's label, which another part of the project defines)
    outside_references: str = "text"
    #: the ``.. option::`` signatures of tables, by ``id`` of the table (see
    #: :func:`~texi2rst.writers.rst.signatures.option_signatures`), for a caller that renders
    #: the same unchanged tree more than once (a project: its pages, after it collected the
    #: options they define); None: computed where needed
    signatures: SignatureCache | None = field(default=None, repr=False)


#: Styled kinds rendered as an inline literal (``code``-like)
LITERAL_KINDS = {"code", "t", "verb", "samp", "env", "indicateurl", "command", "option", "file",
                 "kbd", "key"}
#: Styled kinds rendered as emphasis
EMPHASIS_KINDS = {"var", "emph", "i", "slanted", "cite", "dfn"}
#: Styled kinds rendered as strong emphasis
STRONG_KINDS = {"strong", "b"}
#: other Styled kinds with a meaning of their own
OTHER_MARKUP_KINDS = {"acronym", "abbr", "sub", "sup"}
#: admonition kinds docutils has a directive for
ADMONITIONS = {"note", "warning", "caution", "important", "tip", "danger", "hint", "attention",
               "error"}

#: section adornments by depth (1-based); depth 1 has an overline too
ADORNMENTS = ["*", "=", "-", "~", "^", '"', "'", "+", ":", ".", "_", "`"]
#: the width paragraphs are wrapped to (less the indentation)
WIDTH = 79

#: languages a Texinfo source names (``@example LANG``, ``@lisp``) → the Pygments lexer that
#: Sphinx highlights them with; a language not listed is not highlighted
LEXERS = {
    "lisp": "common-lisp", "common-lisp": "common-lisp", "elisp": "emacs-lisp",
    "emacs-lisp": "emacs-lisp", "scheme": "scheme", "guile": "scheme", "c": "c", "c++": "cpp",
    "cpp": "cpp", "objc": "objective-c", "java": "java", "javascript": "javascript",
    "js": "javascript", "python": "python", "perl": "perl", "ruby": "ruby", "tcl": "tcl",
    "awk": "awk", "sh": "bash", "shell": "bash", "bash": "bash", "console": "console",
    "make": "make", "makefile": "make", "tex": "tex", "latex": "latex",
    "html": "html", "xml": "xml", "css": "css", "json": "json", "yaml": "yaml", "ini": "ini",
    "diff": "diff", "patch": "diff", "sql": "sql", "fortran": "fortran", "ada": "ada",
    "pascal": "pascal", "go": "go", "rust": "rust", "lua": "lua", "d": "d",
}
#: the language of a Texinfo block kind that implies one
KIND_LANGUAGES = {"lisp": "lisp", "smalllisp": "lisp"}
