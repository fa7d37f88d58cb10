"""The table of Texinfo commands: what kind each one is and what it becomes.

The reader's lexer uses the kinds to cut lines into tokens; the inline parser uses the brace
command tables; the documentation's mapping table is checked against :data:`MAPPING`.
"""

from __future__ import annotations

# --------------------------------------------------------------------- block commands

#: blocks whose content is not Texinfo (kept or dropped as raw text)
RAW_BLOCKS = {"verbatim", "ignore", "html", "tex", "latex", "docbook", "xml", "displaymath"}

#: raw-output formats a Sphinx/HTML reader keeps
KEPT_RAW_FORMATS = {"html"}

#: blocks holding preformatted text with markup
PREFORMATTED_BLOCKS = {"example", "smallexample", "lisp", "smalllisp", "display", "smalldisplay",
                       "format", "smallformat"}
#: among those, the ones that are code examples (the others are line blocks)
EXAMPLE_BLOCKS = {"example", "smallexample", "lisp", "smalllisp"}

LIST_BLOCKS = {"itemize", "enumerate"}
TABLE_BLOCKS = {"table", "ftable", "vtable"}
QUOTATION_BLOCKS = {"quotation", "smallquotation", "indentedblock", "smallindentedblock",
                    "cartouche"}
FLUSH_BLOCKS = {"flushleft", "flushright", "raggedright"}
#: blocks that only group their content
TRANSPARENT_BLOCKS = {"group", "raggedright", "nodocentry"}
#: blocks whose content a Sphinx reader does not see
DROPPED_BLOCKS = {"titlepage", "documentdescription", "direntry", "macro", "rmacro"}
MENU_BLOCKS = {"menu", "detailmenu"}

#: definition commands: name -> (index, fixed category or "" when the line gives it,
#: whether the line carries a data type)
DEF_COMMANDS: dict[str, tuple[str, str, bool]] = {
    "deffn": ("fn", "", False),
    "defun": ("fn", "Function", False),
    "defmac": ("fn", "Macro", False),
    "defspec": ("fn", "Special Form", False),
    "defvr": ("vr", "", False),
    "defvar": ("vr", "Variable", False),
    "defopt": ("vr", "User Option", False),
    "deftypefn": ("fn", "", True),
    "deftypefun": ("fn", "Function", True),
    "deftypevr": ("vr", "", True),
    "deftypevar": ("vr", "Variable", True),
    "defcv": ("vr", "", False),
    "deftypecv": ("vr", "", True),
    "defivar": ("vr", "Instance Variable", False),
    "deftypeivar": ("vr", "Instance Variable", True),
    "defop": ("fn", "", False),
    "deftypeop": ("fn", "", True),
    "defmethod": ("fn", "Method", False),
    "deftypemethod": ("fn", "Method", True),
    "deftp": ("tp", "", False),
    "defline": ("", "", False),
    "deftypeline": ("", "", True),
}
#: the commands that take a class argument after the category (``@defop Op Class name``)
DEF_WITH_CLASS = {"defcv", "deftypecv", "defivar", "deftypeivar", "defop", "deftypeop",
                  "defmethod", "deftypemethod"}

OTHER_BLOCKS = {"multitable", "float", "copying", "documentdescription"}

BLOCK_COMMANDS = (RAW_BLOCKS | PREFORMATTED_BLOCKS | LIST_BLOCKS | TABLE_BLOCKS
                  | QUOTATION_BLOCKS | FLUSH_BLOCKS | TRANSPARENT_BLOCKS | DROPPED_BLOCKS
                  | MENU_BLOCKS | set(DEF_COMMANDS) | OTHER_BLOCKS)

#: conditional blocks, resolved by the lexer
FORMAT_CONDITIONALS = {"html", "info", "plaintext", "tex", "docbook", "xml", "latex"}
CONDITIONALS = ({f"if{fmt}" for fmt in FORMAT_CONDITIONALS}
                | {f"ifnot{fmt}" for fmt in FORMAT_CONDITIONALS}
                | {"ifset", "ifclear", "ifcommanddefined", "ifcommandnotdefined"})

# --------------------------------------------------------------------- line commands

SECTION_LEVELS = {
    "top": 0,
    "chapter": 1, "unnumbered": 1, "appendix": 1, "majorheading": 1, "chapheading": 1,
    "centerchap": 1,
    "section": 2, "unnumberedsec": 2, "appendixsec": 2, "appendixsection": 2, "heading": 2,
    "subsection": 3, "unnumberedsubsec": 3, "appendixsubsec": 3, "subheading": 3,
    "subsubsection": 4, "unnumberedsubsubsec": 4, "appendixsubsubsec": 4,
    "subsubheading": 4,
    "part": 0,
}
#: sectioning commands by family, outermost first: @raisesections/@lowersections move
#: a command along its family
SECTION_FAMILIES = [
    ["chapter", "section", "subsection", "subsubsection"],
    ["unnumbered", "unnumberedsec", "unnumberedsubsec", "unnumberedsubsubsec"],
    ["appendix", "appendixsec", "appendixsubsec", "appendixsubsubsec"],
    ["chapheading", "heading", "subheading", "subsubheading"],
]


def shifted_section(name: str, shift: int) -> str:
    """The sectioning command ``name`` becomes after ``shift`` ``@lowersections``
    (negative: ``@raisesections``)."""
    name = "appendixsec" if name == "appendixsection" else name
    name = "chapheading" if name == "majorheading" and shift else name
    for family in SECTION_FAMILIES:
        if name in family:
            return family[max(0, min(len(family) - 1, family.index(name) + shift))]
    return name


#: headings that are not part of the section tree
HEADING_COMMANDS = {"majorheading", "chapheading", "heading", "subheading", "subsubheading"}
SECTION_COMMANDS = set(SECTION_LEVELS) - HEADING_COMMANDS

INDEX_COMMANDS = {"cindex": "cp", "findex": "fn", "vindex": "vr", "kindex": "ky",
                  "pindex": "pg", "tindex": "tp",
                  # every index ``XX`` also has ``@XXindex``, the standard ones included
                  "cpindex": "cp", "fnindex": "fn", "vrindex": "vr", "kyindex": "ky",
                  "pgindex": "pg", "tpindex": "tp"}
STANDARD_INDICES = {"cp": False, "fn": True, "vr": True, "ky": True, "pg": True, "tp": True}

#: line commands whose argument is kept and used by the reader
LINE_COMMANDS_USED = {
    "node", "settitle", "setfilename", "author", "title", "subtitle", "printindex",
    "center", "exdent", "sp", "page", "insertcopying", "noindent", "indent", "item", "itemx",
    "headitem", "tab", "vskip", "documentlanguage", "documentencoding", "need",
    "listoffloats", "shorttitlepage", "dircategory", "nodedescription",
    "subentry", "sortas", "seeentry", "seealso", "caption", "shortcaption",
}

#: line commands that only affect print or Info output: dropped, no warning
IGNORED_LINE_COMMANDS = {
    "setchapternewpage", "headings", "smallbook", "afourpaper", "afivepaper", "afourlatex",
    "afourwide", "pagesizes", "paragraphindent", "firstparagraphindent", "exampleindent",
    "footnotestyle", "bsixpaper",
    "contents", "shortcontents", "summarycontents", "finalout", "evenheading", "oddheading",
    "everyheading", "evenfooting", "oddfooting", "everyfooting", "everyheadingmarks",
    "evenheadingmarks", "oddheadingmarks", "everyfootingmarks", "evenfootingmarks",
    "oddfootingmarks", "cropmarks", "vskip", "page", "need", "novalidate", "frenchspacing",
    "allowcodebreaks", "codequoteundirected", "codequotebacktick", "deftypefnnewline",
    "kbdinputstyle", "urefbreakstyle", "xrefautomaticsectiontitle", "microtype",
    "setfilename", "clickstyle", "fonttextsize", "documentlanguage", "bye", "refill",
    "raisesections", "lowersections", "hyphenation", "dircategory",
    "validatemenus", "shorttitlepage", "chapternewpage", "documentencoding", "indent",
    "noindent", "sp", "nodedescription",
    "shorttitle", "c", "comment", "tableofcontents",
}

#: commands handled by the lexer itself (state, not document content)
LEXER_COMMANDS = {
    "set", "clear", "macro", "rmacro", "unmacro", "alias", "definfoenclose", "defindex",
    "defcodeindex", "synindex", "syncodeindex", "include", "verbatiminclude", "c", "comment",
    "errormsg", "end", "bye", "documentencoding",
} | CONDITIONALS

# --------------------------------------------------------------------- brace commands

#: brace commands that style their content; value: the kind kept in the tree
STYLE_COMMANDS = {
    "code", "var", "option", "file", "command", "env", "kbd", "key", "samp", "dfn", "emph",
    "strong", "cite", "b", "i", "t", "r", "sc", "sansserif", "slanted", "math", "indicateurl",
    "asis", "sub", "sup", "clicksequence", "headitemfont", "titlefont", "w", }
#: commands whose content is text only (no styling meaning in rST)
TRANSPARENT_BRACE = {"w", "asis", "headitemfont", "titlefont", "clicksequence", "r", "sansserif",
                     "sc", "slanted", "math", "dmn", "hyphenation", "ctrl"}
#: inline code-like commands: TeX quotes and dashes are not converted inside them
CODE_COMMANDS = {"code", "samp", "kbd", "key", "file", "command", "env", "option", "t",
                 "indicateurl", "verb", "url", "uref", "email"}

XREF_COMMANDS = {"xref", "pxref", "ref", "inforef"}
LINK_COMMANDS = {"uref", "url", "email"}

#: glyph commands written with empty braces
GLYPHS = {
    "dots": "…", "enddots": "...", "bullet": "•", "copyright": "©", "registeredsymbol": "®",
    "minus": "−", "equiv": "≡", "error": "error→", "expansion": "↦", "point": "∗",
    "print": "-|", "result": "⇒", "tie": "\u00a0", "TeX": "TeX", "LaTeX": "LaTeX",
    "today": "", "euro": "€", "pounds": "£", "exclamdown": "¡", "questiondown": "¿",
    "ordf": "ª", "ordm": "º", "ss": "ß", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "geq": "≥", "leq": "≤", "arrow": "→", "textdegree": "°",
    "quotedblleft": "“", "quotedblright": "”", "quoteleft": "‘", "quoteright": "’",
    "quotedblbase": "„", "quotesinglbase": "‚", "guillemetleft": "«", "guillemetright": "»",
    "guillemotleft": "«", "guillemotright": "»", "guilsinglleft": "‹", "guilsinglright": "›",
    "comma": ",", "atchar": "@", "lbracechar": "{", "rbracechar": "}", "backslashchar": "\\",
    "hashchar": "#", "ampchar": "&", "click": "→",
}

#: accent commands and the combining character they add
ACCENTS = {
    '"': "\u0308", "'": "\u0301", ",": "\u0327", "=": "\u0304", "^": "\u0302", "`": "\u0300",
    "~": "\u0303", "H": "\u030b", "dotaccent": "\u0307", "ogonek": "\u0328",
    "ringaccent": "\u030a", "tieaccent": "\u0361", "u": "\u0306", "ubaraccent": "\u0332",
    "udotaccent": "\u0323", "v": "\u030c", "dotless": "",
}

#: one-character commands that stand for text
SYMBOL_COMMANDS = {
    "@": "@", "{": "{", "}": "}", "*": "\n", " ": " ", "\t": " ", "\n": " ", "-": "",
    "/": "", ":": "", ".": ".", "!": "!", "?": "?", "&": "&", "\\": "\\", "#": "#",
    "|": "", ",": ",",
}

#: other brace commands the inline parser knows
OTHER_BRACE_COMMANDS = {
    "footnote", "anchor", "image", "verb", "U", "acronym", "abbr", "inlineraw", "inlinefmt",
    "inlinefmtifelse", "inlineifset", "inlineifclear", "sortas", "seeentry", "seealso",
    "value", "caption", "shortcaption", "email", "uref", "url", "xref", "pxref", "ref",
    "inforef", "titlefont", "dmn", "hyphenation", "errormsg", "ctrl", "noindent", "thischapter",
    "thischaptername", "thischapternum", "thisfile", "thispage", "thistitle", "thissection",
    "thissectionname", "thissectionnum", "kbd", "key", "center",
}

BRACE_COMMANDS = (STYLE_COMMANDS | TRANSPARENT_BRACE | XREF_COMMANDS | LINK_COMMANDS
                  | set(GLYPHS) | set(ACCENTS) - set("\"',=^`~") | OTHER_BRACE_COMMANDS)


def block_category(name: str) -> str:
    """The reader's category of a block command (``list``, ``table``, ``def`` …)."""
    if name in LIST_BLOCKS:
        return "list"
    if name in TABLE_BLOCKS:
        return "table"
    if name == "multitable":
        return "multitable"
    if name in DEF_COMMANDS:
        return "def"
    if name in MENU_BLOCKS:
        return "menu"
    return "block"


# --------------------------------------------------------------------- the mapping table

_GLYPH_NOTES = {"tie": "a no-break space", "today": "nothing (the date is not reproducible)",
                "enddots": "``...``", "error": "``error→``", "print": "``-|``",
                "click": "``→`` (the arrow of ``@clicksequence``)"}
_ACCENT_NAMES = {
    '"': "umlaut (diaeresis)", "'": "acute accent", ",": "cedilla", "=": "macron",
    "^": "circumflex", "`": "grave accent", "~": "tilde", "H": "double acute (Hungarian umlaut)",
    "dotaccent": "dot above", "ogonek": "ogonek", "ringaccent": "ring above",
    "tieaccent": "tie (double inverted breve)", "u": "breve", "ubaraccent": "macron below",
    "udotaccent": "dot below", "v": "caron (háček)",
}
_SYMBOL_NOTES = {
    "@": "a literal ``@``", "{": "a literal ``{``", "}": "a literal ``}``",
    "*": "a forced line break: a line block (``|``) line",
    " ": "a space", "\t": "a space", "\n": "a space",
    "-": "nothing (a discretionary hyphen only matters in print)",
    "/": "nothing (a line-break opportunity only matters in print)",
    ":": "nothing (``@:`` only changes TeX's spacing after a period)",
    ".": "a period (sentence-ending: TeX spacing only)", "!": "``!`` (sentence-ending)",
    "?": "``?`` (sentence-ending)", "&": "a literal ``&``", "\\": "a literal backslash",
    "#": "a literal ``#``", "|": "nothing (a table-of-contents separator in print)",
}
_DEF_NOTES = {
    "defline": "a ``.. describe::`` directive whose category is given on the line "
               "(no index entry)",
    "deftypeline": "a ``.. describe::`` directive with a data type, category on the line "
                   "(no index entry)",
}
_IGNORED_NOTE = "dropped, no warning: it only affects print or Info output"
_HEADING = "a ``.. rubric::`` (a heading outside the section tree, as in Texinfo)"

#: every Texinfo command the converter handles -> what it becomes in rST (or why it is
#: dropped). The documentation's mapping table is rendered from this dictionary, and a test
#: checks that its keys are exactly the commands of the tables above.
MAPPING: dict[str, str] = {
    **{name: _IGNORED_NOTE for name in IGNORED_LINE_COMMANDS},  # overridden below when noted
    # the lexer: state, not document content
    **{f"if{fmt}": ("kept (the branch an HTML reader sees); ``--no-ifhtml`` drops it"
                    if fmt == "html" else
                    f"dropped by default (not an HTML reader's text); ``--if{fmt}`` keeps it")
       for fmt in FORMAT_CONDITIONALS},
    **{f"ifnot{fmt}": ("dropped by default (an HTML reader does not see it); "
                       "``--no-ifhtml`` keeps it" if fmt == "html" else
                       f"kept by default; ``--if{fmt}`` drops it")
       for fmt in FORMAT_CONDITIONALS},
    "ifset": "kept when the variable is set (``@set`` or ``-D NAME``), else dropped",
    "ifclear": "kept when the variable is not set, else dropped",
    "ifcommanddefined": "kept when the command is known to texi2rst or defined by a macro, "
                        "alias or ``@definfoenclose``",
    "ifcommandnotdefined": "the opposite of ``@ifcommanddefined``",
    "set": "sets a variable for ``@value``, ``@ifset`` and ``@ifclear``; no output "
           "(``@set VERSION`` gives the Sphinx project's version)",
    "clear": "unsets a variable; no output",
    "macro": "defines a macro, expanded while reading (line numbers point at the call); "
             "no output",
    "rmacro": "defines a recursive macro (expansions are limited by "
              "``--max-macro-expansions``); no output",
    "unmacro": "forgets a macro; no output",
    "alias": "makes a new name for a command; no output",
    "definfoenclose": "defines a command that encloses its argument in the given strings; "
                      "no output itself",
    "defindex": "defines a new index; its entries become Sphinx index entries",
    "defcodeindex": "defines a new index of code names; its entries become Sphinx index entries",
    "synindex": "merges one index into another (all indices end in Sphinx's general index)",
    "syncodeindex": "merges one index into another (all indices end in Sphinx's general index)",
    "include": "the included file is read in place (searched in the file's folder and the "
               "``-I`` folders; line numbers stay those of the included file)",
    "verbatiminclude": "the file's text as a literal block (``::``)",
    "c": "dropped (a comment); ``@c man begin``/``@c man end`` delimit man-page regions "
         "in Sphinx projects",
    "comment": "dropped (a comment), like ``@c``",
    "errormsg": "reported as an error with its file and line; no output",
    "end": "closes the block it names",
    "bye": "ends the input: nothing after it is read",
    "documentencoding": "the input's encoding (the output is always UTF-8); no output",
    # sections and headings
    "top": "the document title (the top-level section); in a Sphinx project, ``index.rst``",
    "part": "a section at the top level (like ``@top``)",
    **{name: "a section, with the node's label before it; in a Sphinx project a chapter-level "
             "command starts a file of its own" for name in
       ("chapter", "unnumbered", "appendix", "centerchap")},
    **{name: "a section one level below a chapter" for name in
       ("section", "unnumberedsec", "appendixsec", "appendixsection")},
    **{name: "a section two levels below a chapter" for name in
       ("subsection", "unnumberedsubsec", "appendixsubsec")},
    **{name: "a section three levels below a chapter" for name in
       ("subsubsection", "unnumberedsubsubsec", "appendixsubsubsec")},
    **{name: _HEADING for name in HEADING_COMMANDS},
    "node": "a label (``.. _name:``) before the section it names; ``@xref`` and friends "
            "point at it",
    # line commands used by the reader
    "settitle": "the document title when there is no ``@top`` title; ``project`` in the "
                "generated ``conf.py``",
    "setfilename": "the default man-page name in Sphinx projects; no output",
    "author": "in a ``@quotation``, the quotation's attribution; on the title page, dropped "
              "with it",
    "title": "the document title when there is no ``@settitle``; otherwise dropped with the "
             "title page",
    "subtitle": "dropped with the title page",
    "shorttitlepage": "dropped with the title page (print only)",
    "printindex": "a reference to Sphinx's general index (``:ref:`genindex```)",
    "center": "a paragraph (centring is left to the theme)",
    "exdent": "a paragraph",
    "insertcopying": "the ``@copying`` text, in place",
    "item": "a list item, a table term, or a multitable row",
    "itemx": "another term of the same table entry (another ``.. option::`` signature "
             "in an option table)",
    "headitem": "a header row of a ``list-table`` (``:header-rows:``)",
    "tab": "the next cell of a ``list-table`` row",
    "listoffloats": "a bullet list of the labelled floats of that type, each a ``:ref:`` "
                    "to its float, with its caption",
    "subentry": "joins an index entry's levels with a comma (``main, sub``)",
    "sortas": "dropped: Sphinx sorts index entries by their text",
    "seeentry": "the index entry reads \"…, see …\"",
    "seealso": "the index entry reads \"…, see also …\"",
    "caption": "the float's caption, after its number (``**Figure 1:** …``)",
    "shortcaption": "dropped: only used by a list of floats",
    # line commands with a note of their own
    "raisesections": "later sectioning commands move one level up (``@section`` becomes "
                     "a chapter), as makeinfo does",
    "lowersections": "later sectioning commands move one level down (``@chapter`` becomes "
                     "a section), as makeinfo does",
    "contents": "a ``.. contents::`` directive in a single document; a Sphinx project's "
                "toctree already is the table of contents",
    "shortcontents": "like ``@contents``",
    "summarycontents": "like ``@contents``",
    "documentlanguage": "dropped (the output has no language setting); no warning",
    "dircategory": "dropped: the Info directory does not exist in Sphinx",
    "nodedescription": "dropped: a node description only shows in Info menus",
    "vskip": "dropped: vertical space only matters in print",
    "page": "dropped: a page break only matters in print",
    "need": "dropped: only matters in print",
    "sp": "dropped: blank lines only matter in print",
    "indent": "dropped: paragraph indentation is left to the theme",
    "noindent": "dropped: paragraph indentation is left to the theme",
    "refill": "dropped (obsolete)",
    # index commands
    **{name: f"a Sphinx index entry (``.. index:: single: …``) from the ``{index}`` index"
       for name, index in INDEX_COMMANDS.items()},
    # blocks
    "verbatim": "a literal block (``::``), its text byte for byte",
    "ignore": "dropped with its content",
    "html": "a ``.. raw:: html`` directive, followed by its text without tags for "
            "other builders (``.. only:: not html``)",
    "tex": "dropped: raw TeX",
    "latex": "dropped: raw LaTeX",
    "docbook": "dropped: raw DocBook",
    "xml": "dropped: raw XML",
    "displaymath": "a literal block of its TeX",
    **{name: "a literal block: ``.. code-block:: LANG`` when the block names a language, "
             "else ``::``" for name in EXAMPLE_BLOCKS},
    **{name: "a line block (``|`` lines): line breaks kept, markup kept"
       for name in PREFORMATTED_BLOCKS - EXAMPLE_BLOCKS},
    "itemize": "a bullet list (``-``)",
    "enumerate": "an enumerated list, starting at the given number or letter",
    "table": "a definition list; in a ``@table @option`` each term is an ``.. option::`` "
             "directive (so ``:option:`` references work)",
    "ftable": "like ``@table``, each term also an index entry (``fn`` index)",
    "vtable": "like ``@table``, each term also an index entry (``vr`` index)",
    "quotation": "a block quote (a title argument in bold, ``@author`` lines as its "
                 "attribution); ``@quotation Note`` (``Warning``, ``Caution``, ``Tip``, "
                 "``Important`` …) an admonition directive (``.. note::`` …)",
    "smallquotation": "like ``@quotation``",
    "indentedblock": "a block quote",
    "smallindentedblock": "a block quote",
    "cartouche": "a block quote (the box is print-only)",
    "flushleft": "a line block (``|`` lines)",
    "flushright": "a line block (``|`` lines); the alignment is left to the theme",
    "raggedright": "its content, unchanged (a print layout setting)",
    "group": "its content, unchanged (keeping lines on one page only matters in print)",
    "nodocentry": "its content, unchanged",
    "titlepage": "dropped: a printed title page (the document title comes from ``@top``, "
                 "``@settitle`` or ``@title``; ``@insertcopying`` keeps the copying text)",
    "documentdescription": "dropped: HTML ``<meta>`` text",
    "direntry": "dropped: the Info directory does not exist in Sphinx",
    "menu": "in a Sphinx project, folded into the toctree (entries and descriptions kept as "
            "rST comments; ``--menus list`` also shows a list); in a single document, a "
            "list of references with their descriptions",
    "detailmenu": "like ``@menu``",
    "multitable": "a ``.. list-table::`` with ``:widths:`` from ``@columnfractions`` or the "
                  "prototypes (tables nested in tables are flattened)",
    "float": "a labelled, numbered block (``**Figure 1:** caption``) with a label from its "
             "second argument",
    "copying": "kept aside for ``@insertcopying`` (no output in place)",
    # definitions
    **{name: "a definition-list item as makeinfo shows it (category, the name in bold, the "
             "arguments), a label per name and an index entry in the "
             f"``{index}`` index"
             + (" (a C declaration, e.g. ``@deftypefun int f (int @var{x})``: an object of "
                "Sphinx's C domain, ``.. c:function::``, ``c:var`` or ``c:struct``/"
                "``c:type``, with the category as the first line of its text)"
                if name in ("deftypefn", "deftypefun", "deftypevr", "deftypevar", "deftp")
                else "")
       for name, (index, _category, _typed) in DEF_COMMANDS.items() if index},
    **_DEF_NOTES,
    # brace commands
    "code": "an inline literal (in double backquotes); with ``@var`` inside, ``:samp:`…{var}…```",
    "samp": "an inline literal; with ``@var`` inside, ``:samp:`…{var}…```",
    "file": "``:file:`…``` (``@var`` inside becomes ``{var}``)",
    "command": "``:command:`…```",
    "option": "``:option:`…``` when the option is documented in the same output, else an "
              "inline literal",
    "env": "an inline literal",
    "kbd": "``:kbd:`…```",
    "key": "``:kbd:`…```",
    "t": "an inline literal",
    "verb": "an inline literal, its text unchanged",
    "indicateurl": "an inline literal",
    "var": "emphasis (``*…*``); ``{…}`` inside ``:samp:`` and ``:file:``",
    "emph": "emphasis (``*…*``)",
    "i": "emphasis (``*…*``)",
    "slanted": "its text (a font choice only)",
    "cite": "emphasis (``*…*``)",
    "dfn": "``:dfn:`…```",
    "strong": "strong emphasis (``**…**``)",
    "b": "strong emphasis (``**…**``)",
    "sub": "``:sub:`…```",
    "sup": "``:sup:`…```",
    "acronym": "``:abbr:`NAME (expansion)``` with an expansion, else its text",
    "abbr": "``:abbr:`NAME (expansion)``` with an expansion, else its text",
    "r": "its text (a font choice only)",
    "sc": "its text in capitals, as makeinfo shows it in Info and HTML",
    "sansserif": "its text (a font choice only)",
    "math": "its text",
    "asis": "its text",
    "w": "its text (no line break inside only matters in print)",
    "headitemfont": "its text",
    "titlefont": "its text",
    "clicksequence": "its text, ``@click{}`` as ``→``",
    "dmn": "its text",
    "ctrl": "its text (obsolete)",
    "hyphenation": "dropped: hyphenation hints only matter in print",
    "xref": "\"See \" and a ``:ref:`text <label>``` to the node's label; into another manual, "
            "*node* in *manual* (or an intersphinx ``:ref:`` with "
            "``--external-manuals intersphinx``); an undefined node is a texi2rst warning",
    "pxref": "\"see \" and a ``:ref:``, like ``@xref``",
    "ref": "a ``:ref:``, like ``@xref`` without \"See\"",
    "inforef": "\"See \" *text* in *file* (a reference into an Info file)",
    "url": "a hyperlink (```text <URL>`__``)",
    "uref": "a hyperlink (```text <URL>`__``); with only the third argument, that text",
    "email": "a ``mailto:`` hyperlink",
    "footnote": "an auto-numbered footnote (``[#fN]_``), blocks inside kept",
    "anchor": "a label (``.. _name:``) at that place, for ``@xref``",
    "image": "an ``.. image::`` directive (inline: a substitution ``|img-N|``), with "
             "``:alt:``, ``:width:`` and ``:height:``; the text version ``FILE.txt``, when "
             "there is one, is shown by builders other than HTML (``.. only:: not html``)",
    "U": "the Unicode character with that code point",
    "inlineraw": "its text when the format is one texi2rst reads (``html``), else dropped",
    "inlinefmt": "its text when the format is one texi2rst reads (``html``), else dropped",
    "inlinefmtifelse": "the first text for ``html``, else the second",
    "inlineifset": "its text when the variable is set",
    "inlineifclear": "its text when the variable is not set",
    "value": "the variable's value (expanded while reading; an undefined variable is a "
             "warning)",
    **{name: "dropped: a print page-header value" for name in
       ("thischapter", "thischaptername", "thischapternum", "thisfile", "thispage",
        "thistitle", "thissection", "thissectionname", "thissectionnum")},
    # glyphs, accents, symbols
    **{name: _GLYPH_NOTES.get(name, f"the character ``{glyph}``")
       for name, glyph in GLYPHS.items()},
    **{name: f"its argument with a combining {label} (NFC-normalised)"
       for name, label in _ACCENT_NAMES.items()},
    "dotless": "a dotless ``ı`` or ``ȷ``",
    **_SYMBOL_NOTES,
}
