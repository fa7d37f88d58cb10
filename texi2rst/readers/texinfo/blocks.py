"""The block structure as the lexer tracks it: block starts and ``@end``, ``@item`` and
``@tab`` lines, paragraphs and the braces left open in them.

The lexer keeps the token stream well formed (every block start has its ``@end``, ``@item``
only where an item may stand), reporting each repair as a located error, so that the grammar
never sees input it cannot parse.
"""

from __future__ import annotations

import re

from texi2rst.diagnostics import LimitExceeded
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.state import LexerState
from texi2rst.readers.texinfo.tokens import Token, outside_spans, verb_spans


def _balanced(text: str) -> bool:
    """Whether the braces of ``text`` (``@@``, ``@{``, ``@}`` aside) pair up, none closing
    before it opens (False also when they nest too deep to tell at once)."""
    braces = _NOT_BRACE.sub("", text.replace("@@", "").replace("@{", "").replace("@}", ""))
    for _depth in range(8):  # deeper nesting is left to the caller's scan (linear)
        if "{}" not in braces:
            break
        braces = braces.replace("{}", "")
    return not braces


_NOT_BRACE = re.compile(r"[^{}]+")
_BRACES = re.compile(r"@[@{}]|@([A-Za-z][\w-]*)[ \t]*\{|[{}]")
_ANCHORS_ONLY = re.compile(r"\s*(?:@anchor\{[^{}]*\}\s*)+$")

#: brace commands whose argument may hold blank lines (and, for some, whole blocks)
_FOOTNOTE_LIKE = {"footnote", "caption", "shortcaption", "math", "verb", "inlineraw",
                  "inlinefmt", "inlinefmtifelse", "inlineifset", "inlineifclear"}


class BlockTracker(LexerState):
    """Opens and closes blocks, places items and cells, collects paragraphs."""

    def _open_block(self, name: str, arg: str, source: str, line: int) -> None:
        self._flush()
        if len(self._blocks) >= self.options.limits.max_nesting:
            self.reporter.error(source, line, f"blocks nested more than "
                                f"{self.options.limits.max_nesting} deep (--max-nesting)")
            raise LimitExceeded(f"{source}:{line}: nesting limit")
        category = tc.block_category(name)
        token_type = {"list": "START_LIST", "table": "START_TABLE",
                      "multitable": "START_MULTITABLE", "def": "START_DEF",
                      "menu": "START_MENU"}.get(category, "START_BLOCK")
        self._emit(Token(token_type, name, arg, [(f"@{name} {arg}", source, line)]))
        self._blocks.append((name, category, source, line))
        self._def_header = category == "def"
        self._paragraph_kind = self._kind_for_context()

    def _end(self, name: str, source: str, line: int) -> None:
        if not name:
            self.reporter.error(source, line, "bad argument to @end")
            return
        if name in tc.CONDITIONALS:
            for i in range(len(self._conditionals) - 1, -1, -1):
                if self._conditionals[i][0] == name:
                    del self._conditionals[i]
                    return
            self.reporter.error(source, line, f"unmatched `@end {name}'")
            return
        if name not in (b[0] for b in self._blocks[self._block_floor:]):
            if any(b[0] == name for b in self._blocks):
                self.reporter.error(source, line, f"`@end {name}' inside a `@c man begin' "
                                    f"region cannot end the @{name} begun before the region")
            else:
                self.reporter.error(source, line, f"unmatched `@end {name}'")
            return
        while self._blocks and self._blocks[-1][0] != name:
            inner = self._blocks[-1]
            self.reporter.error(inner[2], inner[3], f"no matching `@end {inner[0]}'")
            self._close_block(source, line)
        self._close_block(source, line)

    def _close_block(self, source: str, line: int) -> None:
        self._flush()
        name = self._blocks.pop()[0]
        self._emit(Token("END", name, "", [(f"@end {name}", source, line)]))
        self._def_header = False
        self._paragraph_kind = self._kind_for_context()

    def _kind_for_context(self) -> str:
        for name, category, _s, _l in reversed(self._blocks):
            if category == "menu":
                return "MENU_TEXT"
            if name in tc.PREFORMATTED_BLOCKS or name in ("flushleft", "flushright"):
                self._pre_name = name
                return "PRE"
            if category in ("list", "table", "multitable", "def") or name in tc.QUOTATION_BLOCKS:
                return "TEXT"
        return "TEXT"

    def _item(self, name: str, raw_arg: str, category: str, source: str, line: int) -> None:
        self._flush()
        if category == "list":
            if name != "item":
                self.reporter.error(source, line, f"@{name} not meaningful inside `@"
                                    f"{self._blocks[-1][0]}' block")
                return
            self._emit(Token("ITEM", name, "", [(f"@{name}", source, line)]))
            if raw_arg.strip():
                self._text(raw_arg.strip(), source, line)
        elif category == "table":
            if name == "headitem":
                self.reporter.error(source, line, "@headitem not meaningful inside `@table' block")
                return
            # index entries and anchors may stand between @item and @itemx
            previous = [t for t in self._tokens_in_block() if t.type != "LINE"
                        and not (t.type == "TEXT" and _ANCHORS_ONLY.match(t.text))]
            if name == "itemx" and not any(t.type in ("ITEM", "ITEMX") for t in previous):
                self.reporter.warning(source, line,
                                      f"@itemx should not begin @{self._blocks[-1][0]}")
                name = "item"
            elif name == "itemx" and previous[0].type not in ("ITEM", "ITEMX"):
                self.reporter.error(source, line, "@itemx must follow @item")
                name = "item"
            self._emit(Token("ITEMX" if name == "itemx" else "ITEM", name,
                                     raw_arg.strip(), [(raw_arg.strip(), source, line)]))
        else:
            if name == "itemx":
                self.reporter.error(source, line, "@itemx not meaningful inside `@multitable' "
                                    "block")
                return
            self._emit(Token("HEADITEM" if name == "headitem" else "ITEM", name, "",
                                     [(f"@{name}", source, line)]))
            self._tab_line(raw_arg, source, line)

    def _tab_line(self, text: str, source: str, line: int) -> None:
        """Split a multitable line at its ``@tab``, ``@item`` and ``@headitem`` commands
        (outside braces): each starts a cell or a row."""
        if not any(t.type in ("ITEM", "HEADITEM") for t in self._tokens_in_block()):
            self.reporter.error(source, line, "@tab before @item")
            return
        cuts: list[tuple[str, int, int]] = []
        depth = 0
        spans = verb_spans(text) if "@verb{" in text else []
        for m in re.finditer(r"@[@{}]|@(tab|item|headitem)(?![\w-])|[{}]", text):
            if spans and not outside_spans(spans, m.start()):
                continue
            tok = m.group(0)
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
            elif m.group(1) and depth == 0:
                cuts.append((m.group(1), m.start(), m.end()))
        first = text[:cuts[0][1]] if cuts else text
        if first.strip():
            self._text(first.strip(), source, line)
        for i, (name, _start, end) in enumerate(cuts):
            cell = text[end:cuts[i + 1][1]] if i + 1 < len(cuts) else text[end:]
            self._flush()
            kind = {"tab": "TAB", "item": "ITEM", "headitem": "HEADITEM"}[name]
            self._emit(Token(kind, name, "", [(f"@{name}", source, line)]))
            if cell.strip():
                self._text(cell.strip(), source, line)

    def _tokens_in_block(self) -> list[Token]:
        depth = 0
        out: list[Token] = []
        for tok in reversed(self.tokens):
            if tok.type == "END":
                depth += 1
            elif tok.type.startswith("START_"):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0:
                out.append(tok)
                if tok.type in ("ITEM", "HEADITEM"):
                    break
        return out

    def _text(self, text: str, source: str, line: int) -> None:
        if "@" in text and self._blocks and self._blocks[-1][1] == "multitable" \
                and re.search(r"@(tab|item|headitem)(?![\w-])", text) and not self._splitting:
            self._splitting = True
            try:
                self._tab_line(text, source, line)
            finally:
                self._splitting = False
            return
        self._def_header = False
        self._paragraph.append((text, source, line))
        if self._paragraph_kind != "PRE":
            self._track_braces(text)
            if self._open_braces:
                for m in re.finditer(r"@(?:footnote|caption|shortcaption)\s*\{\s*@([A-Za-z]+)",
                                     text):
                    if m.group(1) in tc.BLOCK_COMMANDS:
                        self._inner_blocks.append(m.group(1))

    def _open_footnote(self) -> bool:
        return any(name.split(":")[0] in _FOOTNOTE_LIKE for name in self._open_braces)

    def _track_braces(self, text: str) -> None:
        if "{" not in text and "}" not in text and not (
                self._open_braces and self._open_braces[-1].startswith("verb:")):
            return
        stack = self._open_braces
        if not stack and "@verb" not in text and _balanced(text):
            return  # every brace the line opens it closes (the usual line): nothing stays open
        pos = 0
        if stack and stack[-1].startswith("verb:"):
            close = text.find(stack[-1][5:] + "}")
            if close < 0:
                return
            stack.pop()
            pos = close + 2
        spans = verb_spans(text) if "@verb{" in text else []
        for m in _BRACES.finditer(text, pos):
            tok = m.group(0)
            if m.group(1) == "verb" and m.end() < len(text) \
                    and text.find(text[m.end()] + "}", m.end() + 1) < 0:
                stack.append("verb:" + text[m.end()])  # @verb{x … continues on later lines
                return
            if spans and not outside_spans(spans, m.start()):
                continue
            if m.group(1):
                stack.append(m.group(1))
            elif tok == "{":
                stack.append("")
            elif tok == "}" and stack:
                stack.pop()
