"""Where line-level commands may stand: makeinfo's rules, used by the lexer.

A command that takes the rest of its line or starts a block (``@cindex``, ``@defun``,
``@end``…) is meant to start a line. makeinfo also takes it in the middle of a line: the text
before it stays a paragraph, the command acts as if it began the line, and most of them get
a warning. There is no warning when only spaces or the closing brace of ``@anchor`` (and of
the few other commands after which makeinfo ignores spaces) come before it.
"""

from __future__ import annotations

import re
from collections.abc import Container

from texi2rst.readers.texinfo import commands as tc

#: brace commands after which makeinfo ignores spaces, as at the start of a line
IGNORE_SPACE_AFTER = {"anchor", "hyphenation", "caption", "shortcaption", "sortas", "seeentry",
                      "seealso"}

#: line commands that makeinfo reads anywhere on a line without a warning
ANYWHERE_LINE_COMMANDS = {"sp", "set", "clear", "vskip", "verbatiminclude", "columnfractions",
                          "subentry", "item", "headitem"}

#: line-level commands that keep their own handling when not at a line start: inline
#: commands that also exist as line commands, and those the lexer places itself
_NOT_SPLIT = {"noindent", "indent", "refill", "c", "comment", "tab", "caption", "shortcaption",
              "sortas", "subentry", "seeentry", "seealso", "errormsg", "columnfractions"}

#: commands that take the rest of the line or start a block, index commands aside
LINE_LEVEL_COMMANDS = (
    (tc.BLOCK_COMMANDS | tc.CONDITIONALS | set(tc.SECTION_LEVELS) | tc.LINE_COMMANDS_USED
     | tc.IGNORED_LINE_COMMANDS | tc.LEXER_COMMANDS
     | {"macro", "rmacro", "node", "item", "itemx", "headitem"}
     | {f"{name}x" for name in tc.DEF_COMMANDS}) - _NOT_SPLIT)

_SCAN = re.compile(r"@(?:[^A-Za-z]|([A-Za-z][\w-]*))|[{}]", re.S)
#: every command name in a line ("" for an escaped "@")
_NAMES = re.compile(r"@@|@([A-Za-z][\w-]*)")
#: a line that starts with a command
_AT_START = re.compile(r"[ \t]*@[A-Za-z]")


def mid_line_command(text: str, index_commands: Container[str], *,
                     in_multitable: bool = False) -> tuple[int, str, bool] | None:
    """The first line-level command of ``text`` that does not start it, outside braces.

    In a multitable, ``@item`` and ``@headitem`` are left to the row splitter. Returns its
    position, its name, and whether makeinfo warns that it should start a line; None when
    there is none (a comment ends the search)."""
    if text.count("@") == 1 and _AT_START.match(text):
        return None  # one command, which starts the line (the usual command line)
    names = _NAMES.findall(text)
    level = [i for i, name in enumerate(names)
             if name in LINE_LEVEL_COMMANDS or name in index_commands]
    if not level:
        return None  # no line-level command at all (the usual line of text)
    if level == [0] and _AT_START.match(text):
        return None  # one, and the line starts with it (the usual command line)
    stack: list[str] = []
    last_close, last_closed = -1, ""
    pending = ""
    only_end = False  # after a block command that starts the line, only its @end counts
    for m in _SCAN.finditer(text):
        tok, name = m.group(0), m.group(1)
        if tok == "{":
            stack.append(pending)
        elif tok == "}":
            if stack:
                last_closed, last_close = stack.pop(), m.end()
        elif name in ("verb", "c", "comment"):
            return None  # @verb's text may hold anything; a comment ends the line
        elif name and not stack and text.startswith("{", m.end()):
            pass  # a brace command, or a line command misused with braces
        elif name and not stack and (name in LINE_LEVEL_COMMANDS or name in index_commands) \
                and not (in_multitable and name in ("item", "headitem")) \
                and not (only_end and name != "end"):
            before = text[:m.start()].rstrip()
            if not before:  # the line starts with it: the ordinary case
                if name not in tc.BLOCK_COMMANDS or name in tc.RAW_BLOCKS:
                    return None
                only_end = True
                continue
            quiet = (len(before) == last_close and last_closed in IGNORE_SPACE_AFTER) \
                or name in ANYWHERE_LINE_COMMANDS
            return m.start(), name, not quiet
        pending = name or ""
    return None


#: commands makeinfo 6.8 calls obsolete (it still converts them)
OBSOLETE = {"definfoenclose", "refill", "inforef", "centerchap"}

#: commands that end every open block: makeinfo reports them as seen before its ``@end``
BLOCK_ENDING = (tc.SECTION_COMMANDS | {"node"}) - {"top"}

#: commands a manual gives once: makeinfo warns about each repetition
UNIQUE_COMMANDS = {
    "documentdescription", "evenfootingmarks", "evenheadingmarks", "everyfootingmarks",
    "everyheadingmarks", "fonttextsize", "footnotestyle", "oddfootingmarks",
    "oddheadingmarks", "pagesizes", "setchapternewpage", "setfilename", "everyheading",
    "everyfooting", "evenheading", "evenfooting", "oddheading", "oddfooting", "copying",
    "settitle", "shorttitlepage", "title", "titlepage"}

_AUTHOR_BLOCKS = {"titlepage", "quotation", "smallquotation"}


#: the commands :func:`context_warning` or :func:`context_error` may have something to say of
CONTEXT_CHECKED = frozenset(OBSOLETE | BLOCK_ENDING | {"author", "menu"})


def context_warning(name: str, blocks: list[str]) -> str | None:
    """makeinfo's warning for a line command in the open ``blocks`` (outermost first)."""
    if name in OBSOLETE:
        return f"@{name} is obsolete."
    if name == "author" and not _AUTHOR_BLOCKS.intersection(blocks):
        return "@author not meaningful outside `@titlepage' and `@quotation' environments"
    if name == "menu" and blocks:
        return "@menu in invalid context"
    return None


def context_error(name: str, blocks: list[str]) -> str | None:
    """makeinfo's error for a command that cannot stand inside the open ``blocks``."""
    if name in BLOCK_ENDING and blocks:
        return f"@{name} seen before @end {blocks[-1]}"
    return None
