"""Write the common document tree (:mod:`texi2rst.nodes`) as reStructuredText for Sphinx.

The output is meant to be parsed by docutils and Sphinx *exactly* as the tree means it: every
piece of text is escaped so that nothing in it turns into markup, inline markup is delimited
with escaped spaces where it touches words, and blocks are separated so that none swallows
the next.  Inline markup cannot nest in rST: the outermost markup wins and inner markup is
reduced to its text (except ``@var`` inside ``@code``/``@samp``/``@file``, which becomes
Sphinx's ``:samp:``/``:file:`` with ``{var}``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from texi2rst.diagnostics import Reporter
from texi2rst.nodes import (
    Admonition,
    Anchor,
    Block,
    BulletList,
    Comment,
    Container,
    Definition,
    DefinitionLine,
    Document,
    EnumeratedList,
    Float,
    Footnote,
    Heading,
    Image,
    IndexEntry,
    IndexTarget,
    Inline,
    InlineImage,
    LineBlock,
    LineBreak,
    Link,
    ListItem,
    Literal,
    LiteralBlock,
    Menu,
    MenuComment,
    MenuEntry,
    MultiTable,
    Node,
    NodeLabel,
    Paragraph,
    PrintIndex,
    Quotation,
    RawBlock,
    RawInline,
    Reference,
    Section,
    Styled,
    Table,
    TableEntry,
    Text,
    Transition,
    plain_text,
)
from texi2rst.writers.neutral import neutralise, scrub_tree

__all__ = [
    "RstOptions",
    "Labels",
    "write_rst",
    "make_label",
    "option_signatures",
    "link_uri",
    "LITERAL_KINDS",
    "EMPHASIS_KINDS",
    "STRONG_KINDS",
    "ADMONITIONS",
]

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
_ADORNMENTS = ["*", "=", "-", "~", "^", '"', "'", "+", ":", ".", "_", "`"]
_RESERVED_LABELS = {"genindex", "modindex", "search", "py-modindex"}
_WIDTH = 79

# Sphinx's option signature regex (sphinx.domains.std.option_desc_re)
_OPTION_DESC_RE = re.compile(r"((?:/|--|-|\+)?[^\s=]+)(=?\s*.*)")
_CSS_LENGTH_RE = re.compile(r"^(\d+(\.\d*)?|\.\d+)(px|em|ex|pt|pc|cm|mm|in|%)?$")
_ENUM_WORD_RE = re.compile(r"^(\d+|[A-Za-z]|[IVXLCDM]+|[ivxlcdm]+)[.)]$")
_WS_RUN_RE = re.compile(r"[ \t\n\r\f\v]+")
_ADORNMENT_LINE_RE = re.compile(r"^([!-/:-@\[-`{-~])\1*$")
TEXT = "\x02"  # marker: escaped text starts here
MARKUP = "\x04"  # marker: markup starts here


@dataclass
class RstOptions:
    """Choices the writer cannot make from the tree alone."""

    #: prepended to every generated label
    label_prefix: str = ""
    #: option names defined with ``.. option::`` in the project; None = only this document's
    known_options: set[str] | None = None
    #: references into another manual: "text" or "intersphinx"
    external_manuals: str = "text"


def make_label(name: str, prefix: str = "") -> str:
    """The label for a node name, before collisions are resolved."""
    label = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return prefix + (label or "node")


def _norm_name(name: str) -> str:
    return " ".join(name.split())


@dataclass
class Labels:
    """Node and anchor names mapped to unique Sphinx labels."""

    prefix: str = ""
    by_name: dict[str, str] = field(default_factory=dict)
    by_node: dict[int, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def collect(cls, doc_or_blocks: Document | Block | list[Block], prefix: str = "") -> Labels:
        """Walk sections, node labels, anchors and floats in document order."""
        labels = cls(prefix=prefix)
        labels.add(doc_or_blocks)
        return labels

    def add(self, doc_or_blocks: Node | list[Block]) -> None:
        """Add the names defined in more blocks (another document of the same project)."""
        roots = doc_or_blocks if isinstance(doc_or_blocks, list) else [doc_or_blocks]
        for root in roots:
            for node in root.walk():
                name = ""
                if isinstance(node, Section):
                    name = node.node
                elif isinstance(node, NodeLabel):
                    name = node.name
                elif isinstance(node, Anchor):
                    name = node.name
                elif isinstance(node, Float):
                    name = node.label
                if name.strip():
                    self._assign(node, name)

    def _assign(self, node: Node, name: str) -> None:
        base = make_label(name, self.prefix)
        label = base
        n = 1
        while label in self.used or label in _RESERVED_LABELS:
            n += 1
            label = f"{base}-{n}"
        self.used.add(label)
        self.by_node[id(node)] = label
        self.by_name.setdefault(name, label)
        self.by_name.setdefault(_norm_name(name), label)

    def label_for(self, node_name: str) -> str | None:
        """The label of a node or anchor name, or None when it is not defined."""
        found = self.by_name.get(node_name)
        if found is None:
            found = self.by_name.get(_norm_name(node_name))
        return found

    def label_of(self, node: Node, name: str) -> str | None:
        """The label given to this very node (falls back to its name)."""
        return self.by_node.get(id(node)) or self.label_for(name)


# --------------------------------------------------------------------------- helpers


def column_width(text: str) -> int:
    """Width of text in columns: East Asian wide and fullwidth characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clean(text: str) -> str:
    """Characters docutils turns into spaces anyway."""
    return text.replace("\f", " ").replace("\v", " ").replace("\r", " ")


#: what running text escapes: markup characters; "_" not followed by a letter or digit;
#: ":" beside another ":", or between a letter or digit and a non-space
_ESCAPED = re.compile(r"[\\*`|@]|_(?![^\W_])|(?<=:):|:(?=:)|(?<=[^\W_]):(?=\S)")


def _escape_text(text: str) -> str:
    """Backslash-escape everything in running text that could start or end markup."""
    return _ESCAPED.sub(r"\\\g<0>", text)


def _escape_role(text: str) -> str:
    """Escape the content of interpreted text (roles)."""
    text = text.replace("\\", "\\\\").replace("`", "\\`").replace("<", "\\<")
    if text[:1] in ("!", "~"):
        text = "\\" + text
    return text


def _escape_samp(text: str) -> str:
    """Escape literal text inside a Sphinx ``:samp:``/``:file:`` role."""
    return (text.replace("\\", "\\\\\\\\").replace("{", "\\\\{").replace("}", "\\\\}")
            .replace("`", "\\`"))


def _single_line(text: str) -> str:
    return _WS_RUN_RE.sub(" ", text).strip()


def _indent(lines: list[str], n: int) -> list[str]:
    pad = " " * n
    return [pad + line if line.strip() else "" for line in lines]


def _bullet(marker: str, lines: list[str]) -> list[str]:
    """A list item: marker then the body indented under it."""
    width = len(marker) + 1
    if not lines:
        return [marker]
    first = lines[0]
    out = [marker + (" " + first if first.strip() else "")]
    out.extend(_indent(lines[1:], width))
    return out


def _escape_line_start(line: str) -> str:
    """Escape what would make a text line start a block construct."""
    if not line:
        return line
    c = line[0]
    if c == "\\":
        return line
    if not c.isalnum():
        return "\\" + line
    word = line.split(" ", 1)[0]
    if _ENUM_WORD_RE.match(word):
        return word[:-1] + "\\" + line[len(word) - 1:]
    return line


def option_signatures(table: Table) -> list[list[str]] | None:
    """For an ``@table @option``: the ``.. option::`` signature of every entry's terms, or
    None when some term cannot be written as a Sphinx option signature."""
    if table.style != "option" or not table.entries:
        return None
    result: list[list[str]] = []
    for entry in table.entries:
        sigs: list[str] = []
        if not entry.terms:
            return None
        for term in entry.terms:
            parts = [x for x in term if not (isinstance(x, Text) and not x.text.strip())]
            if len(parts) != 1 or not isinstance(parts[0], Styled) or parts[0].kind != "option":
                return None
            if any(not isinstance(x, Text) for x in parts[0].children):
                return None
            sig = _single_line(plain_text(parts[0]))
            if (not sig or ", " in sig or sig.endswith("\\") or "`" in sig
                    or not _OPTION_DESC_RE.fullmatch(sig)):
                return None
            name, args = _OPTION_DESC_RE.fullmatch(sig).groups()
            if name.endswith("[") and not args.endswith("]"):
                return None
            sigs.append(sig)
        result.append(sigs)
    return result


def link_uri(node: Link) -> str:
    """The URI a link is written with (as docutils will report it back)."""
    url = _single_line(node.url)
    if not url:
        return ""
    url = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    if node.kind == "email":
        return "mailto:" + url
    if "@" in url and ":" not in url.split("/", 1)[0]:
        # docutils would turn an address-like relative URI into a mailto: link
        url = "./" + url
    return url


def option_name(text: str) -> str:
    """The option name an ``:option:`` reference text designates."""
    m = _OPTION_DESC_RE.match(text.strip())
    return m.group(1) if m else text.strip()


# --------------------------------------------------------------------------- inline pieces


@dataclass
class _Piece:
    kind: str  # "t" raw text, "m" rendered markup, "br" line break
    text: str = ""


class _Writer:
    def __init__(self, doc: Document | list[Block], options: RstOptions, labels: Labels,
                 reporter: Reporter | None) -> None:
        self.options = options
        self.labels = labels
        self.reporter = reporter
        self.pre: list[list[str]] = []
        self.post: list[list[str]] = []
        self.footnotes = 0
        self.images = 0
        self.emitted: set[str] = set()
        self.section_depth = 1
        roots = doc.children if isinstance(doc, Document) else doc
        known: set[str] = set(options.known_options or ())
        for root in roots:
            for node in root.walk():
                if isinstance(node, Table):
                    sigs = option_signatures(node)
                    for entry_sigs in sigs or []:
                        known.update(option_name(s) for s in entry_sigs)
        self.known_options = known

    # ------------------------------------------------------------------ warnings / labels

    def warn(self, node: Node, message: str) -> None:
        if self.reporter is not None:
            self.reporter.warning(node.source, node.line, message)

    def label_lines(self, node: Node, name: str) -> list[str]:
        label = self.labels.label_of(node, name)
        if label is None or label in self.emitted:
            return []
        self.emitted.add(label)
        return [f".. _{label}:", ""]

    # ------------------------------------------------------------------ inline content

    def pieces(self, inlines: list[Inline], *, in_lines: bool = False) -> list[_Piece]:
        out: list[_Piece] = []
        for node in inlines:
            self.inline(node, out, in_lines)
        return out

    def add_markup(self, out: list[_Piece], content: str, render) -> None:
        """Markup around content: whitespace at the ends of content goes outside."""
        content = _clean(content).replace("\n", " ").replace("\t", " ")
        stripped = content.strip()
        if not stripped:
            if content:
                out.append(_Piece("t", content))
            return
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()):]
        if lead:
            out.append(_Piece("t", lead))
        out.append(_Piece("m", render(stripped)))
        if trail:
            out.append(_Piece("t", trail))

    def flat(self, inlines: list[Inline], out: list[_Piece]) -> str:
        """Text of inlines inside markup; footnotes and images inside go after the markup,
        anchors and index entries before the block."""
        parts: list[str] = []

        def visit(node: Inline) -> None:
            if isinstance(node, Text):
                parts.append(node.text)
            elif isinstance(node, (Styled, IndexTarget)):
                if isinstance(node, IndexTarget):
                    self.index_target(node)
                for child in node.children:
                    visit(child)
            elif isinstance(node, Reference):
                parts.append(plain_text(node))
            elif isinstance(node, Link):
                parts.append(plain_text(node))
            elif isinstance(node, LineBreak):
                parts.append(" ")
            elif isinstance(node, RawInline):
                if node.format == "html":
                    parts.append(node.text)
            elif isinstance(node, (Footnote, InlineImage, Anchor)):
                self.inline(node, out, False)

        for node in inlines:
            visit(node)
        return "".join(parts)

    def inline(self, node: Inline, out: list[_Piece], in_lines: bool) -> None:
        if isinstance(node, Text):
            out.append(_Piece("t", node.text))
        elif isinstance(node, Styled):
            self.styled(node, out, in_lines)
        elif isinstance(node, Reference):
            self.reference(node, out)
        elif isinstance(node, Link):
            self.link(node, out)
        elif isinstance(node, Anchor):
            if node.name.strip():
                self.pre.append(self.label_lines(node, node.name)[:1])
        elif isinstance(node, Footnote):
            self.footnotes += 1
            name = f"f{self.footnotes}"
            out.append(_Piece("m", f"[#{name}]_"))
            saved_pre, saved_post = self.pre, self.post
            self.pre, self.post = [], []
            body = self.blocks(node.children)
            pre, post = self.pre, self.post
            self.pre, self.post = saved_pre, saved_post
            self.pre.extend(pre)
            lines = _indent(body, 3) or ["\\"]
            if lines:
                lines[0] = lines[0].strip()
            first = f".. [#{name}]" + (" " + lines[0] if lines else "")
            self.post.append([first, *lines[1:]])
            self.post.extend(post)
        elif isinstance(node, LineBreak):
            out.append(_Piece("br") if in_lines else _Piece("t", " "))
        elif isinstance(node, InlineImage):
            if not node.path.strip():
                return
            self.images += 1
            name = f"img-{self.images}"
            out.append(_Piece("m", f"|{name}|"))
            self.post.append(self.image_directive(f".. |{name}| image::", node))
        elif isinstance(node, RawInline):
            if node.format == "html":
                out.append(_Piece("t", node.text))
        elif isinstance(node, IndexTarget):
            self.index_target(node)
            for child in node.children:
                self.inline(child, out, in_lines)

    def index_target(self, node: IndexTarget) -> None:
        entry = self.index_entry_text(node.children)
        if entry:
            self.pre.append([".. index:: single: " + entry])

    @staticmethod
    def index_entry_text(inlines: list[Inline]) -> str:
        text = _single_line(plain_text(inlines)).replace(";", ",")
        return text

    def styled(self, node: Styled, out: list[_Piece], in_lines: bool) -> None:
        after: list[_Piece] = []
        self._styled(node, out, after, in_lines)
        out.extend(after)

    def _styled(self, node: Styled, out: list[_Piece], after: list[_Piece],
                in_lines: bool) -> None:
        kind = node.kind
        has_var = any(isinstance(c, Styled) and c.kind == "var" for c in node.children)
        if kind in ("code", "samp", "file") and has_var:
            self.samp(node, out, after)
        elif kind in LITERAL_KINDS:
            text = self.flat(node.children, after)
            if kind == "option" and option_name(_single_line(text)) in self.known_options \
                    and _single_line(text)[:1] not in ("!", "~"):
                self.add_markup(out, text, lambda s: f":option:`{_escape_role(s)}`")
            elif kind == "file":
                self.add_markup(out, text, lambda s: f":file:`{_escape_samp(s)}`")
            elif kind == "command":
                self.add_markup(out, text, lambda s: f":command:`{_escape_role(s)}`")
            elif kind in ("kbd", "key"):
                self.add_markup(out, text, lambda s: f":kbd:`{_escape_role(s)}`")
            else:
                self.add_markup(out, text, _literal)
        elif kind == "dfn":
            self.add_markup(out, self.flat(node.children, after),
                            lambda s: f":dfn:`{_escape_role(s)}`")
        elif kind in EMPHASIS_KINDS:
            self.add_markup(out, self.flat(node.children, after), lambda s: f"*{_escape_text(s)}*")
        elif kind in STRONG_KINDS:
            self.add_markup(out, self.flat(node.children, after),
                            lambda s: f"**{_escape_text(s)}**")
        elif kind in ("acronym", "abbr"):
            text = self.flat(node.children, after)
            expansion = _single_line(plain_text(node.expansion))
            if expansion and "(" not in text and ")" not in text:
                self.add_markup(out, text,
                                lambda s: f":abbr:`{_escape_role(s)} ({_escape_role(expansion)})`")
            else:
                out.append(_Piece("t", text))
                if expansion:
                    out.append(_Piece("t", f" ({expansion})"))
        elif kind in ("sub", "sup"):
            self.add_markup(out, self.flat(node.children, after),
                            lambda s: f":{kind}:`{_escape_role(s)}`")
        else:
            for child in node.children:
                self.inline(child, out, in_lines)

    def samp(self, node: Styled, out: list[_Piece], after: list[_Piece]) -> None:
        role = "file" if node.kind == "file" else "samp"
        segs: list[tuple[bool, str]] = []
        for child in node.children:
            if isinstance(child, Styled) and child.kind == "var":
                segs.append((True, self.flat(child.children, after)))
            else:
                segs.append((False, self.flat([child], after)))
        segs = [(v, _clean(t).replace("\n", " ").replace("\t", " ")) for v, t in segs]
        full = "".join(t for _, t in segs)
        if not full.strip():
            if full:
                out.append(_Piece("t", full))
            return
        lead = len(full) - len(full.lstrip())
        trail = len(full) - len(full.rstrip())
        # trim the outer whitespace from the segments
        pos = 0
        rendered: list[str] = []
        end = len(full) - trail
        for is_var, text in segs:
            start, stop = pos, pos + len(text)
            pos = stop
            a, b = max(start, lead), min(stop, end)
            if a >= b:
                continue
            piece = full[a:b]
            if is_var and piece.strip():
                rendered.append("{" + _escape_samp(piece) + "}")
            else:
                rendered.append(_escape_samp(piece))
        if lead:
            out.append(_Piece("t", full[:lead]))
        out.append(_Piece("m", f":{role}:`{''.join(rendered)}`"))
        if trail:
            out.append(_Piece("t", full[len(full) - trail:]))

    def ref_markup(self, text: str, label: str) -> str:
        return f":ref:`{_escape_role(text)} <{label}>`"

    def reference(self, node: Reference, out: list[_Piece]) -> None:
        text = _single_line(plain_text(node.label or node.title)) or _single_line(node.target)
        prefix = {"xref": "See ", "pxref": "see ", "inforef": "See "}.get(node.kind, "")
        if prefix:
            out.append(_Piece("t", prefix))
        manual = node.manual or node.info_file
        if manual:
            self.external(text, node, manual, out)
            return
        label = self.labels.label_for(node.target)
        if label is None:
            self.warn(node, f"reference to undefined node `{node.target}'")
            self.add_markup(out, text, lambda s: f"*{_escape_text(s)}*")
            return
        if not text:
            text = node.target or label
        self.add_markup(out, text, lambda s: self.ref_markup(s, label))

    def external(self, text: str, node: Reference | MenuEntry, manual: str,
                 out: list[_Piece]) -> None:
        target = node.target if isinstance(node, Reference) else node.node
        if self.options.external_manuals == "intersphinx":
            key = make_label(getattr(node, "info_file", "") or manual)
            label = make_label(target or "top")
            self.add_markup(out, text or target, lambda s: f":ref:`{_escape_role(s)} "
                            f"<{key}:{label}>`")
        else:
            self.add_markup(out, text or target, lambda s: f"*{_escape_text(s)}*")
            out.append(_Piece("t", " in "))
            self.add_markup(out, _single_line(manual), lambda s: f"*{_escape_text(s)}*")

    def link(self, node: Link, out: list[_Piece]) -> None:
        uri = link_uri(node)
        if not uri:
            out.extend(self.pieces(node.children))
            return
        after: list[_Piece] = []
        text = _single_line(self.flat(node.children, after)) or _single_line(node.url)
        uri_esc = uri.replace("\\", "\\\\").replace("`", "\\`")
        if uri_esc.endswith("_"):
            uri_esc = uri_esc[:-1] + "\\_"
        self.add_markup(out, text, lambda s: f"`{_escape_role(s)} <{uri_esc}>`__")
        out.extend(after)

    def render_inline(self, inlines: list[Inline], *, preserve: bool = False,
                      in_lines: bool = False) -> list[str]:
        """Render inline content to lines (split at line breaks) in which ``\x02`` marks
        where escaped text starts and ``\x04`` where markup starts; with ``preserve`` the
        text keeps its spaces and newlines (parsed-literal)."""
        return self.join_pieces(self.pieces(inlines, in_lines=in_lines), preserve)

    def join_pieces(self, pieces: list[_Piece], preserve: bool) -> list[str]:
        merged: list[_Piece] = []
        for p in pieces:
            if p.kind == "t":
                if not p.text:
                    continue
                if merged and merged[-1].kind == "t":
                    merged[-1] = _Piece("t", merged[-1].text + p.text)
                    continue
                merged.append(_Piece("t", p.text))
            else:
                merged.append(p)
        for p in merged:
            if p.kind == "t":
                p.text = _clean(p.text) if preserve else _WS_RUN_RE.sub(" ", _clean(p.text))
        lines: list[str] = []
        current: list[str] = []
        for i, p in enumerate(merged):
            if p.kind == "br":
                lines.append("".join(current))
                current = []
                continue
            prev = merged[i - 1] if i else None
            nxt = merged[i + 1] if i + 1 < len(merged) else None
            if p.kind == "m":
                current.append(MARKUP)
                if prev is not None and (prev.kind == "m" or (
                        prev.kind == "t" and not prev.text[-1].isspace())):
                    current.append("\\ ")
                current.append(p.text)
                if nxt is not None and nxt.kind == "t" and not nxt.text[0].isspace():
                    current.append("\\ ")
            else:
                current.append(TEXT + _escape_text(p.text))
        lines.append("".join(current))
        return lines


def _literal(text: str) -> str:
    if text and "``" not in text and not text.startswith("`") and not text.endswith("`"):
        return f"``{text}``"
    return f":code:`{_escape_role(text)}`"


# --------------------------------------------------------------------------- blocks


class _BlockWriter(_Writer):
    """Block rendering; each block gives a list of lines without a trailing blank."""

    def paragraph_lines(self, inlines: list[Inline], width: int) -> list[str]:
        text = self.inline_text(inlines)
        if not text:
            return []
        return _wrap(text, width)

    def inline_text(self, inlines: list[Inline], *, in_lines: bool = False) -> str:
        """Rendered inline content with markers, lines joined by newlines."""
        return "\n".join(self.render_inline(inlines, in_lines=in_lines))

    def line_text(self, inlines: list[Inline]) -> str:
        """Inline content on one line (titles, terms), with line-start escaping."""
        text = self.inline_text(inlines).replace("\n", " ")
        text = _strip_marked(text)
        return _finish_line(text)

    # ------------------------------------------------------------------ sequences

    def blocks(self, blocks: list[Block], depth: int = 0, top: bool = False) -> list[str]:
        chunks: list[tuple[str, list[str]]] = []
        for block in _flatten_containers(blocks):
            saved_pre, saved_post = self.pre, self.post
            self.pre, self.post = [], []
            kind, lines = self.block(block, depth, top)
            pre, post = self.pre, self.post
            self.pre, self.post = saved_pre, saved_post
            pre = [p for p in pre if p]
            if not lines and not pre and not post:
                continue
            chunk: list[str] = []
            for p in pre:
                chunk.extend(p)
                if p[-1] != "":
                    chunk.append("")
            chunk.extend(lines)
            for p in post:
                if chunk and chunk[-1] != "":
                    chunk.append("")
                chunk.extend(p)
            while chunk and chunk[-1] == "":
                chunk.pop()
            if not chunk:
                continue
            start_kind = "other" if pre or not lines else kind
            end_kind = "other" if post or not lines else kind
            chunks.append((start_kind, end_kind, chunk))
        out: list[str] = []
        prev_kind = ""
        for start_kind, end_kind, chunk in chunks:
            if out:
                out.append("")
                if start_kind == prev_kind and start_kind in ("bullet", "enum", "deflist"):
                    # two lists of one type would merge: an empty comment separates them
                    out.extend(["..", ""])
            out.extend(chunk)
            prev_kind = end_kind
        return out

    def block(self, block: Block, depth: int, top: bool) -> tuple[str, list[str]]:
        width = max(_WIDTH - depth, 30)
        if isinstance(block, Section):
            return "section", self.section(block, depth, top)
        if isinstance(block, Paragraph):
            return "para", self.paragraph_lines(block.children, width)
        if isinstance(block, Heading):
            title = self.line_text(block.title)
            return "other", [f".. rubric:: {title}"] if title else []
        if isinstance(block, NodeLabel):
            return "other", self.label_lines(block, block.name)[:1]
        if isinstance(block, LiteralBlock):
            return "literal", self.literal_block(block)
        if isinstance(block, LineBlock):
            return "lineblock", self.line_block(block)
        if isinstance(block, BulletList):
            return "bullet", self.bullet_list(block, depth)
        if isinstance(block, EnumeratedList):
            return "enum", self.enumerated_list(block, depth)
        if isinstance(block, Table):
            return self.table(block, depth)
        if isinstance(block, MultiTable):
            return "other", self.multitable(block, depth)
        if isinstance(block, Quotation):
            return "quote", self.quotation(block, depth)
        if isinstance(block, Admonition):
            return "other", self.admonition(block, depth)
        if isinstance(block, Definition):
            return "other", self.definition(block, depth)
        if isinstance(block, IndexEntry):
            entry = self.index_entry_text(block.children)
            return "other", [".. index:: single: " + entry] if entry else []
        if isinstance(block, PrintIndex):
            return "para", [":ref:`genindex`"]
        if isinstance(block, Image):
            if not block.path.strip():
                return "other", []
            out = self.image_directive(".. image::", block)
            if block.text.strip():
                out += self.not_html_text(block.text)
            return "other", out
        if isinstance(block, Float):
            return "other", self.float(block, depth)
        if isinstance(block, RawBlock):
            if block.format != "html" or not block.text.strip():
                return "other", []
            out = [".. raw:: html", "", *_indent(_literal_lines(block.text), 3)]
            text = raw_html_text(block.text)
            if text:
                # other builders get the words without the tags, as makeinfo --plaintext did
                out += self.not_html_text(text)
            return "other", out
        if isinstance(block, Menu):
            # its entries are a bullet list: a list right before or after must not merge
            has_entries = any(isinstance(e, MenuEntry) for e in block.entries)
            return ("bullet" if has_entries else "other"), self.menu(block, depth)
        if isinstance(block, MenuComment):
            return "para", self.paragraph_lines(block.children, width)
        if isinstance(block, Comment):
            lines = [line.rstrip() for line in _clean(block.text).expandtabs(8).split("\n")]
            while lines and not lines[-1].strip():
                lines.pop()
            while lines and not lines[0].strip():
                lines.pop(0)
            if not lines:
                return "other", []
            return "other", ["..", *_indent(lines, 3)]
        if isinstance(block, Literal):
            lines = block.text.rstrip("\n").split("\n")
            return "other", lines if block.text.strip() else []
        if isinstance(block, Transition):
            return "other", []
        if isinstance(block, (ListItem, TableEntry, DefinitionLine, MenuEntry)):
            return "other", self.blocks(getattr(block, "children", []), depth)
        return "other", []

    # ------------------------------------------------------------------ sections

    def section(self, sec: Section, depth: int, top: bool) -> list[str]:
        out = self.label_lines(sec, sec.node) if sec.node.strip() else []
        saved_pre, saved_post = self.pre, self.post
        self.pre, self.post = [], []
        title = self.line_text(sec.title)
        title_pre, title_post = self.pre, self.post
        self.pre, self.post = saved_pre, saved_post
        for p in title_pre:
            if p:
                out += [*p, ""]
        if not title:
            title = _finish_line(_escape_text(_single_line(sec.node) or "Untitled"))
        if not top:
            # sections cannot stand inside body elements: a rubric keeps the title
            out += [f".. rubric:: {title}", ""]
            for p in title_post:
                out += [*p, ""]
            body = self.blocks(sec.children, depth)
            return out + body
        level = self.section_depth
        char = _ADORNMENTS[min(level, len(_ADORNMENTS)) - 1] if level > 0 else "#"
        width = max(column_width(title), 4)
        if level <= 1:
            out += [char * width, title, char * width]
        else:
            out += [title, char * width]
        self.section_depth += 1
        try:
            # body blocks first; rST cannot put parent content after a subsection
            body = self.blocks(sec.children, depth, top=True)
        finally:
            self.section_depth -= 1
        for p in title_post:
            out += ["", *p]
        if body:
            out += [""] + body
        return out

    # ------------------------------------------------------------------ simple blocks

    def literal_block(self, block: LiteralBlock) -> list[str]:
        if all(isinstance(c, Text) for c in block.children):
            text = "".join(c.text for c in block.children)  # type: ignore[attr-defined]
            lines = _literal_lines(text)
            if not lines:
                return []
            head = [f".. code-block:: {block.language}"] if block.language.strip() else ["::"]
            return [*head, "", *_indent(lines, 4)]
        text = _unmark("\n".join(self.render_inline(block.children, preserve=True)))
        lines = _literal_lines(text)
        if not lines:
            return []
        return [".. parsed-literal::", "", *_indent(lines, 4)]

    def line_block(self, block: LineBlock) -> list[str]:
        out: list[str] = []
        for line in block.lines:
            text = self.inline_text(line, in_lines=True)
            for part in text.split("\n"):
                part = _unmark(_strip_marked(part))
                out.append("| " + part if part else "|")
        while out and out[-1] == "|":
            out.pop()
        while out and out[0] == "|":
            out.pop(0)
        return out

    @staticmethod
    def not_html_text(text: str) -> list[str]:
        """Text that builders other than HTML show instead of an image or raw HTML."""
        return ["", ".. only:: not html", "", "   ::", "", *_indent(_literal_lines(text), 6)]

    def image_directive(self, head: str, node: Image | InlineImage) -> list[str]:
        lines = [f"{head} {_single_line(node.path)}"]
        alt = _single_line(node.alt) or (_single_line(node.text)
                                         if isinstance(node, InlineImage) else "")
        if alt:
            lines.append(f"   :alt: {alt}")
        for opt in ("width", "height"):
            value = "".join(getattr(node, opt).split())
            if value and _CSS_LENGTH_RE.match(value):
                lines.append(f"   :{opt}: {value}")
        return lines

    def float(self, block: Float, depth: int) -> list[str]:
        out: list[str] = []
        if block.label.strip():
            out += self.label_lines(block, block.label)
        body = self.blocks(list(block.children) + list(block.caption), depth)
        if not body and out:
            return out[:1]
        return out + body

    # ------------------------------------------------------------------ lists

    def bullet_list(self, block: BulletList, depth: int) -> list[str]:
        out: list[str] = []
        for item in block.items:
            out += ([""] if out else []) + _bullet("-", self.blocks(item.children, depth + 2))
        return out

    def enumerated_list(self, block: EnumeratedList, depth: int) -> list[str]:
        out: list[str] = []
        start = block.start.strip() or "1"
        if not (start.isdigit() or (len(start) == 1 and start.isascii() and start.isalpha())):
            start = "1"
        for i, item in enumerate(block.items):
            marker = f"{int(start) if start.isdigit() else start}." if i == 0 else "#."
            out += ([""] if out else []) + _bullet(
                marker, self.blocks(item.children, depth + len(marker) + 1))
        return out

    def table(self, block: Table, depth: int) -> tuple[str, list[str]]:
        sigs = option_signatures(block)
        out: list[str] = []
        if sigs is not None:
            for entry, entry_sigs in zip(block.entries, sigs, strict=True):
                if out:
                    out.append("")
                head = ".. option:: "
                out.append(head + entry_sigs[0])
                out.extend(" " * len(head) + s for s in entry_sigs[1:])
                body = self.blocks(entry.children, depth + 3)
                if body:
                    out += [""] + _indent(body, 3)
            return "other", out
        if block.index:
            for entry in block.entries:
                for term in entry.terms:
                    text = self.index_entry_text(term)
                    if text:
                        self.pre.append([".. index:: single: " + text])
        for entry in block.entries:
            term_inlines: list[Inline] = []
            for i, term in enumerate(entry.terms):
                if i:
                    term_inlines.append(Text(", "))
                term_inlines.extend(term)
            term = self.term_text(term_inlines)
            body = self.blocks(entry.children, depth + 3)
            if out:
                out.append("")
            out.append(term)
            out.extend(_indent(body, 3) if body else ["   \\"])
        return "deflist", out

    def term_text(self, inlines: list[Inline]) -> str:
        text = self.inline_text(inlines).replace("\n", " ")
        text = _strip_marked(text)
        # " : " separates a classifier in a term: escape every colon after a space
        text = _finish_line(_escape_term_colons(text))
        if not text:
            return "\\ \\"  # an empty term; a lone backslash would end the list
        return text

    def multitable(self, block: MultiTable, depth: int) -> list[str]:
        rows = list(block.head) + list(block.body)
        if not rows:
            return []
        ncols = max(max((len(r) for r in rows), default=0), 1)
        out = [".. list-table::"]
        head = len(block.head)
        if head and head < len(rows):
            out.append(f"   :header-rows: {head}")
        if len(block.columns) == ncols and all(c > 0 for c in block.columns):
            total = sum(block.columns)
            widths = [max(1, round(100 * c / total)) for c in block.columns]
            out.append("   :widths: " + " ".join(str(w) for w in widths))
        out.append("")
        for row in rows:
            cells = list(row) + [[]] * (ncols - len(row))
            row_lines: list[str] = []
            for cell in cells:
                row_lines += ([""] if row_lines else []) + _bullet(
                    "-", self.blocks(cell, depth + 7))
            if out[-1]:
                out.append("")
            out += _indent(_bullet("*", row_lines), 3)
        return out

    # ------------------------------------------------------------------ containers

    def quotation(self, block: Quotation, depth: int) -> list[str]:
        body: list[str] = []
        title = _single_line(plain_text(block.title))
        if title:
            body = [f"**{_escape_text(title)}:**"]
        inner = self.blocks(block.children, depth + 4)
        if inner:
            body += ([""] if body else []) + inner
        authors = [_single_line(plain_text(a)) for a in block.authors]
        authors = [a for a in authors if a]
        if not body:
            return []
        if authors:
            body += ["", "-- " + _escape_text(", ".join(authors))]
        return ["..", "", *_indent(body, 4)]

    def admonition(self, block: Admonition, depth: int) -> list[str]:
        kind = block.kind.lower().strip()
        body = self.blocks(block.children, depth + 3) or ["\\"]
        if kind in ADMONITIONS:
            head = f".. {kind}::"
        else:
            title = self.line_text(block.title) or _finish_line(
                _escape_text(_single_line(block.kind) or "Note"))
            head = f".. admonition:: {title}"
        return [head, "", *_indent(body, 3)]

    def definition(self, block: Definition, depth: int) -> list[str]:
        sigs = [definition_signature(line) for line in block.lines]
        sigs = [s for s in sigs if s] or ["\\"]
        head = ".. describe:: "
        out = [head + sigs[0]] + [" " * len(head) + s for s in sigs[1:]]
        for line in block.lines:
            if line.index:
                name = self.index_entry_text(line.name)
                if name:
                    self.pre.append([".. index:: single: " + name])
        body = self.blocks(block.children, depth + 3)
        if body:
            out += [""] + _indent(body, 3)
        return out

    def menu(self, block: Menu, depth: int) -> list[str]:
        out: list[str] = []
        items: list[list[str]] = []

        def flush() -> None:
            if items:
                if out:
                    out.append("")
                for item in items:
                    out.extend(item)
                items.clear()

        for entry in block.entries:
            if isinstance(entry, MenuEntry):
                pieces: list[_Piece] = []
                text = _single_line(plain_text(entry.name)) or _single_line(entry.node)
                if entry.manual:
                    self.external(text, entry, entry.manual, pieces)
                else:
                    label = self.labels.label_for(entry.node)
                    if label is None:
                        self.warn(entry, f"reference to undefined node `{entry.node}'")
                        pieces.append(_Piece("t", text))
                    else:
                        self.add_markup(pieces, text or label,
                                        lambda s, lb=label: self.ref_markup(s, lb))
                desc = self.pieces(entry.description)
                if desc and plain_text(entry.description).strip():
                    pieces.append(_Piece("t", " \u2014 "))
                    pieces.extend(desc)
                text_line = "\n".join(self.join_pieces(pieces, False))
                lines = _wrap(text_line, max(_WIDTH - depth - 2, 30))
                items.append(_bullet("-", lines))
            elif isinstance(entry, MenuComment):
                lines = self.paragraph_lines(entry.children, _WIDTH - depth)
                if lines:
                    flush()
                    if out:
                        out.append("")
                    out.extend(lines)
        flush()
        return out


def definition_signature(line: DefinitionLine) -> str:
    """Plain-text signature: data type, name, arguments, then the category in brackets."""
    parts = [_single_line(plain_text(x)) for x in (line.data_type, line.name, line.arguments)]
    sig = " ".join(p for p in parts if p)
    category = _single_line(plain_text(line.category))
    if category:
        sig = f"{sig} [{category}]" if sig else f"[{category}]"
    return sig.rstrip("\\").strip()


def _flatten_containers(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Container):
            out.extend(_flatten_containers(block.children))
        else:
            out.append(block)
    return out


def _literal_lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in _clean(text).expandtabs(8).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _unmark(text: str) -> str:
    return text.replace(TEXT, "").replace(MARKUP, "")


def _strip_marked(text: str) -> str:
    """Strip spaces at both ends of rendered inline text (markers kept)."""
    if not _unmark(text).strip():
        return ""
    i = 0
    while i < len(text) and (text[i] in (TEXT, MARKUP) or text[i].isspace()):
        i += 1
    head = text[:i]
    # keep the last marker before the first real character
    lead = ""
    for c in reversed(head):
        if c in (TEXT, MARKUP):
            lead = c
            break
    text = lead + text[i:]
    j = len(text)
    while j > 0 and (text[j - 1] in (TEXT, MARKUP) or text[j - 1].isspace()):
        j -= 1
    return text[:j]


def _escape_term_colons(text: str) -> str:
    """In a definition-list term, " : " would start a classifier: escape colons in text
    that follow whitespace."""
    out: list[str] = []
    in_text = False
    for i, c in enumerate(text):
        if c == TEXT:
            in_text = True
        elif c == MARKUP:
            in_text = False
        elif c == ":" and in_text and i > 0 and (text[i - 1].isspace() or text[i - 1] in (
                TEXT, MARKUP)) and not _odd_bs(text, i):
            out.append("\\")
        out.append(c)
    return "".join(out)


def _finish_line(text: str) -> str:
    """Apply line-start escaping to one output line; drop the markers."""
    if text.startswith(TEXT) and text[1:2] not in (TEXT, MARKUP):
        text = _escape_line_start(text[1:])
    text = _unmark(text)
    if _ADORNMENT_LINE_RE.match(text):
        # only backslashes: still an adornment or transition line; an escaped space
        # (which vanishes) in front breaks the pattern
        text = "\\ " + text
    return text


def _wrap(text: str, width: int) -> list[str]:
    """Wrap rendered inline text at spaces inside text; escape every line start."""
    out: list[str] = []
    for line_text in text.split("\n"):
        line_text = _strip_marked(line_text)
        if not line_text:
            continue
        line = ""
        length = 0
        for word in _split_words(line_text):
            wlen = len(word) - word.count(TEXT) - word.count(MARKUP)
            if line and length + 1 + wlen > width:
                out.append(_finish_line(line))
                line, length = word, wlen
            elif line:
                line, length = line + " " + word, length + 1 + wlen
            else:
                line, length = word, wlen
        if line:
            out.append(_finish_line(line))
    return out


def _split_words(text: str) -> list[str]:
    """Split at single spaces that belong to text (never inside markup); a word that starts
    inside text gets a text marker so that line-start escaping applies to it."""
    words: list[str] = []
    current: list[str] = []
    in_text = False
    n = len(text)
    offset = 0
    for segment in _MARKERS.split(text):
        if segment == TEXT or segment == MARKUP:
            in_text = segment == TEXT
            current.append(segment)
            offset += 1
            continue
        last = 0
        if in_text:
            for m in _SPACE.finditer(segment):
                i = m.start()
                at = offset + i
                if (current or i > last) and at + 1 < n and not text[at + 1].isspace() \
                        and not _odd_bs(text, at):
                    current.append(segment[last:i])
                    words.append("".join(current))
                    current = [TEXT]
                    last = i + 1
        current.append(segment[last:])
        offset += len(segment)
    if current:
        words.append("".join(current))
    return [w for w in words if w.strip(_MARKER_CHARS)]


_MARKERS = re.compile(f"([{TEXT}{MARKUP}])")
_MARKER_CHARS = TEXT + MARKUP
_SPACE = re.compile(" ")


def _odd_bs(text: str, i: int) -> bool:
    """Whether the character at i is preceded by an odd number of backslashes."""
    count = 0
    j = i - 1
    while j >= 0 and text[j] == "\\":
        count += 1
        j -= 1
    return count % 2 == 1


# --------------------------------------------------------------------------- entry point


def raw_html_text(html_text: str) -> str:
    """The text of raw HTML without its tags, for builders that cannot show HTML."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", html_text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def write_rst(doc: Document | list[Block], *, options: RstOptions | None = None,
              labels: Labels | None = None, reporter: Reporter | None = None) -> str:
    """Render a document (or a list of blocks) as one reStructuredText document."""
    options = options or RstOptions()
    scrub_tree(doc)
    if labels is None:
        labels = Labels.collect(doc, options.label_prefix)
    writer = _BlockWriter(doc, options, labels, reporter)
    out: list[str] = []
    blocks = doc.children if isinstance(doc, Document) else doc
    if isinstance(doc, Document) and plain_text(doc.title).strip():
        title = writer.line_text(doc.title)
        width = max(column_width(title), 4)
        for p in writer.pre:
            out += [*p, ""]
        out += ["#" * width, title, "#" * width, ""]
        for p in writer.post:
            out += [*p, ""]
        writer.pre, writer.post = [], []
    out += writer.blocks(blocks, 0, top=True)
    while out and out[-1] == "":
        out.pop()
    return neutralise("\n".join(out) + "\n")
