"""Recovery of malformed structure: blocks left open when reading stopped at a limit, and
``@item``-like lines where the grammar has no place for them."""

from __future__ import annotations

from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.tokens import Token


def balanced(tokens: list[Token]) -> list[Token]:
    """Close the blocks left open when lexing stopped early."""
    stack: list[Token] = []
    for tok in tokens:
        if tok.type.startswith("START_") or tok.type == "MANONLY_START":
            stack.append(tok)
        elif tok.type in ("END", "MANONLY_END") and stack:
            stack.pop()
    out = list(tokens)
    for tok in reversed(stack):
        out.append(Token("MANONLY_END" if tok.type == "MANONLY_START" else "END", tok.name, "",
                         tok.lines[:1]))
    return out


def demote_stray_item(tokens: list[Token], index: int | None, reporter: Reporter) -> bool:
    """An ``@item``-like line where the structure has no place for one (a man-page region
    cut into a table, say) becomes a paragraph of its text, with a located warning.

    Returns whether token ``index`` was such a line (the parse may then be tried again)."""
    if index is None or not 0 <= index < len(tokens):
        return False
    tok = tokens[index]
    if tok.type not in ("ITEM", "ITEMX", "HEADITEM", "TAB", "DEFX"):
        return False
    reporter.warning(tok.source, tok.line, f"@{tok.name or tok.type.lower()} cannot "
                     "stand here; its text is kept as a paragraph")
    tokens[index] = Token("TEXT", lines=[(tok.arg, tok.source, tok.line)])
    return True
