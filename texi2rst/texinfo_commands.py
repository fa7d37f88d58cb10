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
#: headings that are not part of the section tree
HEADING_COMMANDS = {"majorheading", "chapheading", "heading", "subheading", "subsubheading"}
SECTION_COMMANDS = set(SECTION_LEVELS) - HEADING_COMMANDS

INDEX_COMMANDS = {"cindex": "cp", "findex": "fn", "vindex": "vr", "kindex": "ky",
                  "pindex": "pg", "tindex": "tp"}
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
    "footnotestyle", "setcontentsaftertitlepage", "setshortcontentsaftertitlepage",
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
