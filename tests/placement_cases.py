"""Small documents that place every Texinfo command where the language lets it stand.

The commands and their syntax come from the Texinfo manual's own command list
(``@node Command List`` of ``texinfo.texi``), with the commands a corpus uses; each usage is
made concrete (``@var{x}`` becomes a word) and placed at a line start, after text or after
``@anchor`` on the same line, and inside the common blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from texi2rst.readers.texinfo import commands as tc

_ENTRY = re.compile(r"^@itemx? @@(\S+?)(?=@\{| |$)(.*)$")

#: arguments makeinfo needs to accept a command (else a placeholder word is used)
ARGUMENTS = {
    "printindex": "cp", "setfilename": "t.info", "codequotebacktick": "on",
    "codequoteundirected": "on", "footnotestyle": "end", "kbdinputstyle": "code",
    "documentencoding": "UTF-8", "headings": "on", "urefbreakstyle": "after", "set": "a b",
    "clear": "a", "alias": "myal = code", "definfoenclose": "phoo,//,\\\\", "defindex": "xx",
    "defcodeindex": "xx", "synindex": "fn cp", "syncodeindex": "fn cp", "U": "{0041}",
    "xref": "{Top}", "pxref": "{Top}", "ref": "{Top}", "setchapternewpage": "odd",
    "paragraphindent": "0", "firstparagraphindent": "none", "exampleindent": "4",
    "frenchspacing": "on", "allowcodebreaks": "true", "deftypefnnewline": "on",
    "xrefautomaticsectiontitle": "on", "fonttextsize": "10", "clickstyle": "@arrow",
    "documentlanguage": "en", "enumerate": "", "itemize": "@bullet", "table": "@asis",
    "ftable": "@asis", "vtable": "@asis", "multitable": "@columnfractions .5 .5",
    "float": "Figure,fl", "listoffloats": "Figure", "ifset": "a", "ifclear": "a",
    "ifcommanddefined": "code", "ifcommandnotdefined": "code", "value": "{a}",
    "inlineifset": "{a, t}", "inlineifclear": "{a, t}", "inlinefmt": "{html, t}",
    "inlineraw": "{html, t}", "inlinefmtifelse": "{html, t, e}", "verb": "{|t|}",
    "image": "{nosuch}", "email": "{a@@b.org}", "uref": "{https://example.org}",
    "url": "{https://example.org}", "sp": "1", "need": "10", "vskip": "1pt",
    "pagesizes": "10in", "dotless": "{i}", "anchor": "{anc}", "errormsg": "{oops}",
}
#: commands left out: they read other files, end the input, or define commands
SKIPPED = {"include", "verbatiminclude", "bye", "macro", "rmacro", "unmacro", "end",
           "tab", "item", "itemx", "headitem", "columnfractions", "node", "top", "c", "comment",
           "errormsg", "setfilename", "dircategory", "direntry", "documentencoding",
           "documentlanguage", "settitle", "copying", "titlepage", "insertcopying"}


@dataclass(frozen=True)
class Usage:
    name: str
    text: str  # the first line, as a writer would type it
    block: bool


def _concrete(syntax: str) -> str:
    syntax = re.sub(r"\[[^\]]*\]", "", syntax)
    syntax = syntax.replace("@dots{}", "")
    syntax = re.sub(r"@var\{[^}]*\}", "x", syntax)
    return syntax.replace("@@", "@").replace("@{", "{").replace("@}", "}").strip()


def command_usages(texinfo_texi: Path) -> list[Usage]:
    """Every command of the manual's command list, with a usage of it."""
    lines = texinfo_texi.read_text(encoding="utf-8").split("\n")
    start = lines.index("@node Command List")
    usages: dict[str, Usage] = {}
    for i in range(start, len(lines)):
        if lines[i].startswith("@node Tips"):
            break
        m = _ENTRY.match(lines[i])
        if not m or not re.fullmatch(r"[A-Za-z][\w-]*", m.group(1)):
            continue
        name = m.group(1)
        if name in SKIPPED or name in usages:
            continue
        following = "\n".join(lines[i + 1:i + 30])
        ends = re.search(rf"@@end {re.escape(name)}(?![\w-])", following) is not None
        block = name in tc.BLOCK_COMMANDS or name in tc.CONDITIONALS or ends
        if name in ARGUMENTS:
            arg = ARGUMENTS[name]
            text = f"@{name}{arg}" if arg.startswith("{") else f"@{name} {arg}".rstrip()
        elif m.group(2).startswith(" ") or not m.group(2):
            text = f"@{name} {_concrete(m.group(2))}".rstrip()
        else:
            text = "@" + name + _concrete(m.group(2))
        usages[name] = Usage(name, text, block)
    return sorted(usages.values(), key=lambda u: u.name)


def _block(usage: Usage) -> str:
    body = "@item x\nbody\n" if usage.name in ("table", "ftable", "vtable", "itemize",
                                                "enumerate") else "body\n"
    if usage.name == "multitable":
        body = "@item a @tab b\n"
    return f"{usage.text}\n{body}@end {usage.name}"


@dataclass(frozen=True)
class Segment:
    placement: str
    first: int  # document lines, 1-based
    last: int


def combined(usage: Usage, first_line: int) -> tuple[str, list[Segment]]:
    """One document body with ``usage`` at every placement in turn (starting at document
    line ``first_line``), and where each placement's lines are."""
    body, segments, line = "", [], first_line
    for i, placement in enumerate(PLACEMENTS):
        # names defined twice are an error of their own: each placement has its own
        text = (place(usage, placement) + "\n").replace("{here}", f"{{here{i}}}").replace(
            "{anc}", f"{{anc{i}}}").replace("Figure,fl", f"Figure,fl{i}")
        count = text.count("\n")
        segments.append(Segment(placement, line, line + count - 1))
        body += text
        line += count
    return body, segments


#: each placement: the document body around the usage (``USE``)
TEMPLATES = {
    "line-start": "Before.\n\nUSE\n\nAfter.\n",
    "after-text": "Before.\n\nSome text USE\n\nAfter.\n",
    "after-anchor": "Before.\n\n@anchor{here}USE\n\nAfter.\n",
    "in-example": "@example\nline\nUSE\n@end example\n",
    "in-quotation": "@quotation\nQuoted.\nUSE\n@end quotation\n",
    "in-itemize": "@itemize @bullet\n@item\nFirst.\nUSE\n@end itemize\n",
    "in-table": "@table @asis\n@item term\nText.\nUSE\n@end table\n",
}
PLACEMENTS = tuple(TEMPLATES)


def place(usage: Usage, placement: str) -> str:
    """A document body with ``usage`` at ``placement``."""
    use = _block(usage) if usage.block else usage.text
    if placement == "line-start" and not usage.block and "{" in usage.text:
        use += " more."  # a brace command starts a paragraph
    return TEMPLATES[placement].replace("USE", use)
