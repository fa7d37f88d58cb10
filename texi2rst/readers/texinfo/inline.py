"""Inline Texinfo: brace commands, glyphs, accents and text inside one paragraph or line.

The lexer has already expanded macros and values, so what is left here is the context-free
brace structure, read by a small recursive descent over a regular-expression tokenizer (the
speed this needs is measured in ``DESIGN-NOTES.md``: a Lark pass at this level would cost
most of the conversion time).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Container
from itertools import islice

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo import commands as tc
from texi2rst.readers.texinfo.arguments import (
    brace_pairs,
    closing_brace,
    cut_at,
    outside_braces,
)

#: text first: the commonest token
_TOKEN = re.compile(r"([^@{}]+)|@([A-Za-z][A-Za-z0-9_-]*)|@(.)|([{}])|(@)", re.S)
#: ``--`` starting a word (``--preconfig``) is an option name, never a dash
_DASHES = re.compile(r"(?P<option>(?<![\w-])--(?=[A-Za-z]))|---|--|``|''")
_DASH_MAP = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d"}


def _typographic(m: re.Match[str]) -> str:
    return m.group(0) if m.group("option") else _DASH_MAP[m.group(0)]


#: commands whose arguments are split at commas
_MULTI_ARG = {"xref": 5, "pxref": 5, "ref": 5, "inforef": 3, "uref": 3, "url": 3, "email": 2,
              "image": 5, "abbr": 2, "acronym": 2, "inlinefmt": 2, "inlineraw": 2,
              "inlinefmtifelse": 3, "inlineifset": 2, "inlineifclear": 2}


#: brace commands whose argument is marked-up text: read by :meth:`InlineParser._command`
#: itself (see :meth:`InlineParser._brace_command` for the order of the cases)
_STYLED = (tc.STYLE_COMMANDS | tc.TRANSPARENT_BRACE) - set(tc.GLYPHS) - {"verb"}

@functools.cache
def _has_block() -> re.Pattern[str]:
    """A block command starting a line (compiled when first needed: only captions use it,
    and compiling it took a fiftieth of start-up)."""
    return re.compile(r"(?:^|\n)[ \t]*@(?:" + "|".join(
        sorted(tc.BLOCK_COMMANDS, key=len, reverse=True)) + r")(?![\w-])")


class LocationMap:
    """Maps an offset in a paragraph's text to the file and line it came from."""

    def __init__(self, lines: list[tuple[str, str, int]]) -> None:
        self.starts: list[int] = []
        self.places: list[tuple[str, int]] = []
        #: the place of every offset, when there is one line
        self.single: tuple[str, int] | None = None
        if len(lines) == 1:
            text, source, line = lines[0]
            self.starts.append(0)
            self.places.append((source, line))
            self.single = (source, line)
            self.text = text
            return
        offset = 0
        for text, source, line in lines:
            self.starts.append(offset)
            self.places.append((source, line))
            offset += len(text) + 1
        self.text = "\n".join(t for t, _s, _l in lines)

    def at(self, offset: int) -> tuple[str, int]:
        if self.single is not None:
            return self.single
        if not self.places:
            return ("", 0)
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.places[i if i > 0 else 0]

    def lines_from(self, start: int, end: int) -> list[tuple[str, str, int]]:
        """The (text, source, line) lines covering ``text[start:end]``."""
        out = []
        chunk = self.text[start:end]
        offset = start
        for part in chunk.split("\n"):
            source, line = self.at(offset)
            out.append((part, source, line))
            offset += len(part) + 1
        return out


class InlineParser:
    """Parses inline Texinfo into :mod:`texi2rst.nodes` inlines."""

    def __init__(self, reporter: Reporter, *, enclosures: dict[str, tuple[str, str]] | None = None,
                 flags: dict[str, str] | None = None, formats: set[str] | None = None,
                 parse_blocks: Callable[[list[tuple[str, str, int]]], list[n.Block]] | None = None,
                 max_depth: int = 100, index_commands: Container[str] = (),
                 unseen_by_makeinfo: Container[tuple[str, int]] = (),
                 substitute_values: bool = False) -> None:
        self.reporter = reporter
        self.index_commands = index_commands
        self.unseen_by_makeinfo = unseen_by_makeinfo
        self.substitute_values = substitute_values
        self.max_depth = max_depth
        self.enclosures = enclosures or {}
        self.flags = flags if flags is not None else {}
        self.formats = formats or {"html"}
        self.parse_blocks = parse_blocks
        #: every image made, for the reader to give each its text version
        self.images: list[n.Image | n.InlineImage] = []
        #: the name of every anchor made
        self.names: list[str] = []
        self.warned_unknown: set[str] = set()
        #: set by the reader while it parses an index entry (where @sortas belongs)
        self.in_index_entry = False
        #: the text whose brace groups ``_closers`` holds (see :func:`brace_pairs`)
        self._closers_text: str | None = None
        self._closers: dict[int, int] = {}

    # ------------------------------------------------------------------ entry points

    def parse_lines(self, lines: list[tuple[str, str, int]], *,
                    code: bool = False) -> list[n.Inline]:
        """Parse the text of located lines (joined by newlines)."""
        locs = LocationMap(lines)
        return self.parse(locs.text, locs, code=code)

    def parse(self, text: str, locs: LocationMap, *, code: bool = False) -> list[n.Inline]:
        if "@" not in text and "{" not in text and "}" not in text:  # text alone
            if not text:
                return []
            if not code and ("--" in text or "``" in text or "''" in text):
                text = _DASHES.sub(_typographic, text)
            source, line = locs.single or locs.at(0)
            return [n.Text(text, source=source, line=line)]
        too_deep = _too_deep(text, self.max_depth)
        if too_deep >= 0:  # the parser recurses once per brace: refuse before it starts
            source, line = locs.at(too_deep)
            self.reporter.error(source, line, f"braces nested more than {self.max_depth} "
                                "deep (--max-brace-depth)")
            source, line = locs.at(0)
            return [n.Text(text, source=source, line=line)]
        out, _end = self._sequence(text, 0, len(text), locs, code, top=True)
        return _merge_text(out)

    # ------------------------------------------------------------------ machinery

    def _sequence(self, text: str, pos: int, end: int, locs: LocationMap, code: bool,
                  top: bool = False) -> tuple[list[n.Inline], int]:
        """Parse from ``pos`` up to ``end`` or an unmatched ``}``; returns (inlines, stop)."""
        out: list[n.Inline] = []
        single = locs.single
        match = _TOKEN.match
        text_node = n.Text
        while pos < end:
            m = match(text, pos, end)
            if m is None:  # cannot happen: the pattern matches any character
                break
            if m.lastindex == 1:  # text, the most frequent token: handled here
                plain = m.group(1)
                if not code and ("--" in plain or "``" in plain or "''" in plain):
                    plain = _DASHES.sub(_typographic, plain)
                source, line = single if single is not None else locs.at(pos)
                out.append(text_node(plain, source=source, line=line))
                pos = m.end()
                continue
            _plain, word, symbol, brace, lone_at = m.groups()
            if brace == "}":
                if top:
                    source, line = locs.at(pos)
                    self.reporter.error(source, line, "misplaced }")
                    pos = m.end()
                    continue
                return out, pos
            elif brace == "{":
                inner, stop = self._sequence(text, m.end(), end, locs, code)
                out.extend(inner)
                pos = stop + 1 if stop < end else stop
            elif lone_at is not None:
                if pos + 1 < end or not top:  # "@" closing a line is "@ " whose space was cut
                    source, line = locs.at(pos)
                    self.reporter.error(source, line, "unexpected @")
                pos = m.end()
            elif (symbol or word) in tc.ACCENTS:
                pos = self._accent(symbol or word, text, m.end(), end, locs, code, out)
            elif symbol is not None:
                pos = self._symbol(symbol, text, m.end(), end, locs, code, out)
            else:
                pos = self._command(word, text, m.end(), end, locs, code, out)
        return out, pos

    def _braced(self, text: str, pos: int, end: int) -> tuple[int, int] | None:
        """If a brace group starts at ``pos`` (after optional spaces), its (start, close)."""
        i = pos
        while i < end and text[i] in " \t\n":
            i += 1
        if i >= end or text[i] != "{":
            return None
        if text is not self._closers_text:
            self._closers_text, self._closers = text, brace_pairs(text)
        close = self._closers.get(i)
        if close is None:  # not a group of the text read from its start: look it up
            return i, closing_brace(text, i, end)
        return i, close if close < end else -1

    def _split_args(self, text: str, start: int, close: int, count: int) -> list[tuple[int, int]]:
        """Split ``text[start:close]`` at top-level commas into at most ``count`` ranges."""
        commas = islice(outside_braces(text, ",", start, close), max(count - 1, 0))
        ranges = cut_at(text, commas, start, close)
        trimmed = []
        for a, b in ranges:
            while a < b and text[a] in " \t\n":
                a += 1
            while b > a and text[b - 1] in " \t\n" and not (b - 2 >= a and text[b - 2] == "@"):
                b -= 1
            trimmed.append((a, b))
        return trimmed

    def _symbol(self, symbol: str, text: str, pos: int, end: int, locs: LocationMap, code: bool,
                out: list[n.Inline]) -> int:
        source, line = locs.single or locs.at(pos)
        if symbol == "*":
            out.append(n.LineBreak(source=source, line=line))
            return pos
        if symbol in tc.SYMBOL_COMMANDS:
            value = tc.SYMBOL_COMMANDS[symbol]
            if value:
                out.append(n.Text(value, source=source, line=line))
            return pos
        report = (self.reporter.warning if (source, line) in self.unseen_by_makeinfo
                  else self.reporter.error)
        report(source, line, f"unexpected @ (before `{symbol}'); its text is kept")
        out.append(n.Text(symbol, source=source, line=line))
        return pos

    def _accent(self, name: str, text: str, pos: int, end: int, locs: LocationMap, code: bool,
                out: list[n.Inline]) -> int:
        source, line = locs.single or locs.at(pos)
        braced = self._braced(text, pos, end)
        if braced and braced[1] >= 0:
            inner, _stop = self._sequence(text, braced[0] + 1, braced[1], locs, code)
            base = n.plain_text(inner)
            pos = braced[1] + 1
        elif len(name) == 1 and pos < end and text[pos] not in "@{}\n":
            base = text[pos]
            pos += 1
        elif len(name) > 1 and pos < end and text[pos] in " \t" and pos + 1 < end:
            base = text[pos + 1]
            pos += 2
        else:
            self.reporter.error(source, line, f"@{name} expected braces")
            return pos
        if name == "dotless":
            out.append(n.Text({"i": "ı", "j": "ȷ"}.get(base, base), source=source, line=line))
            return pos
        mark = tc.ACCENTS[name]
        out.append(n.Text(unicodedata.normalize("NFC", base + mark),
                          source=source, line=line))
        return pos

    def _command(self, name: str, text: str, pos: int, end: int, locs: LocationMap, code: bool,
                 out: list[n.Inline]) -> int:
        source, line = locs.single or locs.at(pos)
        if name == "verb" and pos + 1 < end and text[pos] == "{":
            delim = text[pos + 1]
            close = text.find(delim + "}", pos + 2, end)
            if close < 0:
                self.reporter.error(source, line, "@verb missing closing delimiter sequence: "
                                    f"{delim}}}")
                close = end
            out.append(n.Styled("verb", [n.Text(text[pos + 2:close], source=source, line=line)],
                                source=source, line=line))
            return min(close + 2, end)
        if name in _STYLED and name not in self.enclosures:
            # the commonest brace commands: their text is read up to the brace that closes
            # it (the others need to know where it is first)
            i = pos
            while i < end and text[i] in " \t\n":
                i += 1
            if i < end and text[i] == "{":
                inner, stop = self._sequence(text, i + 1, end, locs,
                                             code or name in tc.CODE_COMMANDS)
                if stop >= end:
                    self.reporter.error(source, line, f"@{name} missing closing brace")
                inner = _merge_text(inner)
                out.append(n.Styled(name, _capitals(inner) if name == "sc" else inner,
                                    source=source, line=line))
                return min(stop + 1, end)
        braced = self._braced(text, pos, end)
        if braced is None:
            return self._command_without_braces(name, text, pos, locs, out)
        start, close = braced
        if close < 0:
            self.reporter.error(source, line, f"@{name} missing closing brace")
            close = end
        after = min(close + 1, end)
        node = self._brace_command(name, text, start + 1, close, locs, code, source, line)
        if node is not None:
            out.extend(node if isinstance(node, list) else [node])
        return after

    def _command_without_braces(self, name: str, text: str, pos: int, locs: LocationMap,
                                out: list[n.Inline]) -> int:
        source, line = locs.single or locs.at(pos)
        if name in tc.GLYPHS:
            out.append(n.Text(tc.GLYPHS[name], source=source, line=line))
            return pos
        if name in ("noindent", "indent", "refill"):
            if name == "refill":
                self.reporter.warning(source, line, "@refill is obsolete.")
            return pos  # a line command that makeinfo also takes inside a line
        if name in tc.BRACE_COMMANDS or name in self.enclosures:
            self.reporter.error(source, line, f"@{name} expected braces")
            return pos
        if (name in tc.LINE_COMMANDS_USED or name in tc.IGNORED_LINE_COMMANDS
                or name in tc.BLOCK_COMMANDS or name in tc.SECTION_LEVELS
                or name in tc.LEXER_COMMANDS or name in self.index_commands):
            if name not in ("noindent", "indent", "refill", "sp", "page", "c", "comment"):
                self.reporter.warning(source, line,
                                      f"@{name} should only appear at the beginning of a line")
            if name in ("c", "comment"):
                nl = text.find("\n", pos)
                return len(text) if nl < 0 else nl
            return pos
        # an unknown command without braces is text written with an unescaped @ (an e-mail
        # address, ``anthony@codemonkey.ws``): kept as written, as texi2pod kept it
        self._unknown(name, source, line)
        out.append(n.Text("@" + name, source=source, line=line))
        return pos

    def _unknown(self, name: str, source: str, line: int) -> None:
        # makeinfo refuses an unknown command, except where it does not read at all
        report = (self.reporter.warning if (source, line) in self.unseen_by_makeinfo
                  else self.reporter.error)
        report(source, line, f"unknown command `{name}'; its text is kept")

    def _args(self, text: str, start: int, close: int, count: int, locs: LocationMap,
              code: bool) -> list[list[n.Inline]]:
        return [_merge_text(self._sequence(text, a, b, locs, code)[0])
                for a, b in self._split_args(text, start, close, count)]

    def _raw_args(self, text: str, start: int, close: int, count: int) -> list[str]:
        return [text[a:b].strip() for a, b in self._split_args(text, start, close, count)]

    def _brace_command(self, name: str, text: str, start: int, close: int, locs: LocationMap,
                       code: bool, source: str, line: int) -> n.Inline | list[n.Inline] | None:
        loc: n.Loc = {"source": source, "line": line}
        if name in self.enclosures:
            before, after = self.enclosures[name]
            inner = self._sequence(text, start, close, locs, code)[0]
            return n.Styled(name, [n.Text(before, **loc), *inner, n.Text(after, **loc)], **loc)
        if name in tc.GLYPHS:
            if text[start:close].strip():
                self.reporter.warning(source, line, f"@{name} takes no argument")
            return n.Text(tc.GLYPHS[name], **loc)
        if name == "verb":
            verbatim = text[start:close]
            if verbatim:
                delim = verbatim[0]
                body = verbatim[1:]
                if body.endswith(delim):
                    body = body[:-1]
                else:
                    self.reporter.error(source, line, "@verb missing closing delimiter")
                return n.Styled("verb", [n.Text(body, **loc)], **loc)
            return None
        if name in tc.STYLE_COMMANDS or name in tc.TRANSPARENT_BRACE:
            inner_code = code or name in tc.CODE_COMMANDS
            inner = _merge_text(self._sequence(text, start, close, locs, inner_code)[0])
            return n.Styled(name, _capitals(inner) if name == "sc" else inner, **loc)
        if name in tc.XREF_COMMANDS:
            args = self._args(text, start, close, _MULTI_ARG[name], locs, code)
            raw = self._raw_args(text, start, close, _MULTI_ARG[name])
            target = " ".join(n.plain_text(args[0]).split()) if args else ""
            if not target:
                self.reporter.error(source, line, f"@{name} missing a node name")
            ref = n.Reference(name, target=target, **loc)
            if name == "inforef":
                self.reporter.warning(source, line, "@inforef is obsolete.")
                ref.label = args[1] if len(args) > 1 else []
                ref.info_file = raw[2] if len(raw) > 2 else ""
                ref.manual = ref.info_file
                return ref
            ref.label = args[1] if len(args) > 1 else []
            ref.title = args[2] if len(args) > 2 else []
            ref.info_file = raw[3] if len(raw) > 3 else ""
            ref.manual = n.plain_text(args[4]) if len(args) > 4 and args[4] else ref.info_file
            if target.startswith("(") and ")" in target:
                ref.manual = target[1:target.index(")")]
                ref.target = target[target.index(")") + 1:].strip() or "Top"
            return ref
        if name in ("uref", "url"):
            raw = self._raw_args(text, start, close, 3)
            args = self._args(text, start, close, 3, locs, True)
            url = n.plain_text(args[0]).strip() if args else ""
            label = args[2] if len(args) > 2 and args[2] else (
                args[1] if len(args) > 1 and args[1] else [])
            if len(raw) > 2 and raw[2] and not (len(raw) > 1 and raw[1]):
                return label  # third argument alone replaces the link
            return n.Link("url", url=url, children=label, **loc)
        if name == "email":
            args = self._args(text, start, close, 2, locs, True)
            addr = n.plain_text(args[0]).strip() if args else ""
            return n.Link("email", url=addr, children=args[1] if len(args) > 1 else [], **loc)
        if name == "anchor":
            anchor = " ".join(text[start:close].split())
            name = n.plain_text(self._sequence(text, start, close, locs, True)[0]).strip()
            self.names.append(name or anchor)
            return n.Anchor(name=name or anchor, **loc)
        if name == "footnote":
            lines = locs.lines_from(start, close)
            if self.parse_blocks is not None:
                return n.Footnote(self.parse_blocks(lines), **loc)
            inner = self._sequence(text, start, close, locs, code)[0]
            return n.Footnote([n.Paragraph(inner, **loc)], **loc)
        if name == "image":
            raw = self._raw_args(text, start, close, 5)
            raw += [""] * (5 - len(raw))
            path = n.plain_text(self._args(text, start, close, 5, locs, True)[0]).strip()
            if raw[4]:
                path = f"{path}.{raw[4].lstrip('.')}"
            image = n.InlineImage(path=path, width=raw[1], height=raw[2], alt=raw[3], **loc)
            self.images.append(image)
            return image
        if name in ("acronym", "abbr"):
            args = self._args(text, start, close, 2, locs, code)
            node = n.Styled(name, args[0] if args else [], **loc)
            if len(args) > 1:
                node.expansion = args[1]
            return node
        if name == "U":
            hexcode = text[start:close].strip()
            try:
                return n.Text(chr(int(hexcode, 16)), **loc)
            except (ValueError, OverflowError):
                self.reporter.error(source, line, f"non-hex digits in argument for @U: {hexcode}")
                return None
        if name in ("inlinefmt", "inlineraw"):
            raw = self._raw_args(text, start, close, 2)
            if raw[0] in self.formats and len(raw) > 1:
                if name == "inlineraw":
                    return n.RawInline(format=raw[0], text=raw[1], **loc)
                return self._args(text, start, close, 2, locs, code)[1]
            return None
        if name == "inlinefmtifelse":
            raw = self._raw_args(text, start, close, 3)
            args = self._args(text, start, close, 3, locs, code)
            pick = 1 if raw[0] in self.formats else 2
            return args[pick] if len(args) > pick else None
        if name in ("inlineifset", "inlineifclear"):
            raw = self._raw_args(text, start, close, 2)
            is_set = raw[0] in self.flags
            if is_set == (name == "inlineifset") and len(raw) > 1:
                return self._args(text, start, close, 2, locs, code)[1]
            return None
        if name in ("caption", "shortcaption"):
            if self.parse_blocks is not None and _has_block().search(text, start, close):
                # a caption holding lists or tables: its float takes the blocks
                node = n.Styled(name, [], **loc)
                node.blocks = self.parse_blocks(locs.lines_from(start, close))
                return node
            inner = _merge_text(self._sequence(text, start, close, locs, code)[0])
            return n.Styled(name, inner, **loc)
        if name in ("seeentry", "seealso"):
            inner = _merge_text(self._sequence(text, start, close, locs, code)[0])
            word = "see" if name == "seeentry" else "see also"
            return [n.Text(f", {word} ", **loc), *inner]
        if name == "sortas" and not self.in_index_entry:
            self.reporter.warning(source, line, "@sortas should only appear in an index entry")
        if name in ("sortas", "hyphenation", "errormsg", "noindent"):
            if name == "errormsg":
                self.reporter.error(source, line, text[start:close])
            return None
        if name == "value":
            flag = text[start:close].strip()
            if self.substitute_values:
                value: list[n.Inline] = [n.Text(self.flags[flag], **loc)] \
                    if flag in self.flags else []
                return n.Styled("value", [n.Text(flag, **loc)], expansion=value, **loc)
            return n.Text(self.flags.get(flag, ""), **loc)
        if name.startswith("this"):
            return None
        if name in ("dmn", "ctrl", "center"):
            return _merge_text(self._sequence(text, start, close, locs, code)[0])
        self._unknown(name, source, line)
        return _merge_text(self._sequence(text, start, close, locs, code)[0])


_BRACE_OR_ESCAPE = re.compile(r"@.|[{}]", re.S)


def _too_deep(text: str, limit: int) -> int:
    """Where brace nesting first goes deeper than ``limit`` in ``text``; -1 if it does not."""
    if text.count("{") <= limit:
        return -1
    depth = 0
    for m in _BRACE_OR_ESCAPE.finditer(text):
        c = m.group(0)
        if c == "{":
            depth += 1
            if depth > limit:
                return m.start()
        elif c == "}":
            depth = max(depth - 1, 0)
    return -1


def _capitals(items: list[n.Inline]) -> list[n.Inline]:
    """``items`` with their text in capitals, as makeinfo prints ``@sc`` in Info and HTML
    (the Texinfo manual, "Smallcaps")."""
    for item in items:
        if isinstance(item, n.Text):
            item.text = item.text.upper()
        elif isinstance(item, (n.Styled, n.Link)):
            _capitals(item.children)
        elif isinstance(item, n.Reference):
            _capitals(item.label)
    return items


def _merge_text(items: list[n.Inline]) -> list[n.Inline]:
    """Join adjacent Text nodes (each run joined once: linear in the run's length); a run
    keeps the place of its first non-empty text."""
    if len(items) < 2:  # most often (the text of a command): nothing to join
        first = items[0] if items else None
        return [] if isinstance(first, n.Text) and not first.text else items
    out: list[n.Inline] = []
    run: list[n.Text] = []
    for item in items:
        if isinstance(item, n.Text):
            if run or item.text:
                run.append(item)
            continue
        if run:
            out.append(_joined(run))
            run = []
        out.append(item)
    if run:
        out.append(_joined(run))
    return out


def _joined(run: list[n.Text]) -> n.Text:
    first = run[0]
    if len(run) == 1:
        return first
    return n.Text("".join(t.text for t in run), source=first.source, line=first.line)
