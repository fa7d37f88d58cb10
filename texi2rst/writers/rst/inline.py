"""Inline content to rST: text, markup roles, references, links, footnotes, inline images.

Inline content is rendered to :class:`Piece` objects (raw text, finished markup, line breaks),
then joined into marked text (see :mod:`texi2rst.writers.rst.escape`): markup that touches a
word is delimited with escaped spaces.  rST inline markup cannot nest: the outermost markup wins
and inner markup is reduced to its text (``flat_<node>`` methods), except ``@var`` inside
``@code``/``@samp``/``@file``, which becomes Sphinx's ``:samp:``/``:file:`` with ``{var}``.
Things that cannot stand inside a paragraph (labels, index entries, footnote bodies, image
substitutions) are collected in ``pre`` (before the block) and ``post`` (after it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from texi2rst.diagnostics import Reporter
from texi2rst.nodes import (
    Anchor,
    Block,
    Document,
    Footnote,
    Image,
    IndexTarget,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    Node,
    RawInline,
    Reference,
    Styled,
    Table,
    Text,
    plain_text,
)
from texi2rst.records import record
from texi2rst.writers.rst.escape import (
    BREAK,
    MARKUP,
    TEXT,
    breakable,
    breakable_literal,
    clean,
    collapse_spaces,
    escape_backquotes,
    escape_emphasis,
    escape_role,
    escape_samp,
    escape_text,
    indent,
    prefix_sure,
    quoted,
    single_line,
    suffix_sure,
)
from texi2rst.writers.rst.labels import Labels, make_label
from texi2rst.writers.rst.options import EMPHASIS_KINDS, LITERAL_KINDS, STRONG_KINDS, RstOptions
from texi2rst.writers.rst.signatures import defined_options, option_name
from texi2rst.writers.rst.visitor import NodeVisitor

__all__ = ["InlineWriter", "Piece", "image_directive", "link_uri"]

_CSS_LENGTH_RE = re.compile(r"^(\d+(\.\d*)?|\.\d+)(px|em|ex|pt|pc|cm|mm|in|%)?$")
_XREF_PREFIXES = {"xref": "See ", "pxref": "see ", "inforef": "See "}
#: literal kinds whose text Info shows between quotes ('x'): spaces alone are shown so
_QUOTED_KINDS = LITERAL_KINDS - {"t", "verb", "indicateurl"}


@record
class Piece:
    """A piece of rendered inline content."""

    kind: str  # "t" raw text, "m" rendered markup, "br" line break
    text: str = ""


def link_uri(node: Link) -> str:
    """The URI a link is written with (as docutils will report it back)."""
    url = single_line(node.url)
    if not url:
        return ""
    url = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    if node.kind == "email":
        return "mailto:" + url
    if "@" in url and ":" not in url.split("/", 1)[0]:
        # docutils would turn an address-like relative URI into a mailto: link
        url = "./" + url
    return url


def image_directive(head: str, node: Image | InlineImage) -> list[str]:
    """An ``image`` directive (``head`` is its first line up to the path) with its options."""
    lines = [f"{head} {single_line(node.path)}"]
    alt = single_line(node.alt) or (single_line(node.text)
                                    if isinstance(node, InlineImage) else "")
    if alt:
        lines.append(f"   :alt: {alt}")
    for opt, raw in (("width", node.width), ("height", node.height)):
        value = "".join(raw.split())
        if value and _CSS_LENGTH_RE.match(value):
            lines.append(f"   :{opt}: {value}")
    return lines


_START_STRING_RE = re.compile(r"``|\*\*|:[^`]*:`|[*`|\[]")


def emphasis(text: str) -> str:
    """Text as ``*emphasis*`` (it may span lines)."""
    return f"*{breakable(escape_emphasis(text))}*"


def strong(text: str) -> str:
    """Text as ``**strong emphasis**`` (it may span lines)."""
    return f"**{breakable(escape_emphasis(text))}**"


def _may_precede(c: str, markup: str) -> bool:
    """Whether markup is recognised right after the character ``c`` (no escaped space)."""
    if not prefix_sure(c) or (c == ":" and markup.startswith("`")):
        return False
    m = _START_STRING_RE.match(markup)
    return not quoted(c, markup[m.end():m.end() + 1] if m else None)


class InlineWriter(NodeVisitor):
    """Inline rendering: ``visit_<node>(node, out, in_lines)`` appends the node's pieces to
    ``out`` (``in_lines``: line breaks are kept, as in a line block); ``flat_<node>(node,
    parts, out)`` appends the node's text inside markup to ``parts``."""

    def __init__(self, doc: Document | list[Block], options: RstOptions, labels: Labels,
                 reporter: Reporter | None) -> None:
        self.options = options
        self.labels = labels
        self.reporter = reporter
        #: blocks of lines to put before / after the block being rendered
        self.pre: list[list[str]] = []
        self.post: list[list[str]] = []
        self.footnotes = 0
        self.images = 0
        #: indentation of the block being rendered (footnote bodies are written at it)
        self.depth = 0
        #: labels already written (a label is written once)
        self.emitted: set[str] = set()
        roots = doc.children if isinstance(doc, Document) else doc
        known: set[str] = set(options.known_options or ())
        for root in roots if not options.all_options_known else ():
            for node in root.walk():
                if isinstance(node, Table):
                    known.update(defined_options(node))
        #: option names written with ``:option:`` references
        self.known_options = known

    def blocks(self, blocks: list[Block], depth: int = 0, top: bool = False) -> list[str]:
        """Block content as lines (footnote bodies): the block writer renders it."""
        raise NotImplementedError

    # ------------------------------------------------------------------ warnings / labels

    def warn(self, node: Node, message: str) -> None:
        """Report a warning at the node's place in the input."""
        if self.reporter is not None:
            self.reporter.warning(node.source, node.line, message)

    def label_lines(self, node: Node, name: str) -> list[str]:
        """The label target for a node (and a blank line), or nothing once written."""
        label = self.labels.label_of(node, name)
        if label is None or label in self.emitted:
            return []
        self.emitted.add(label)
        return [f".. _{label}:", ""]

    # ------------------------------------------------------------------ inline content

    def pieces(self, inlines: list[Inline], *, in_lines: bool = False) -> list[Piece]:
        """The pieces of inline content."""
        out: list[Piece] = []
        # text, the commonest node, without the dispatch (unless a subclass handles it)
        plain = type(self).visit_text is InlineWriter.visit_text
        for node in inlines:
            if plain and node.__class__ is Text:
                out.append(Piece("t", node.text))
            else:
                self.inline(node, out, in_lines)
        return out

    def inline(self, node: Inline, out: list[Piece], in_lines: bool) -> None:
        """Append the pieces of one inline node (``visit_<node>``)."""
        self.dispatch("visit", node, out, in_lines)

    def add_markup(self, out: list[Piece], content: str, render: Callable[[str], str]) -> None:
        """Markup around content: whitespace at the ends of content goes outside."""
        if content.isprintable() and content and content[0] != " " and content[-1] != " ":
            out.append(Piece("m", render(content)))  # the usual case: nothing to move
            return
        content = clean(content).replace("\n", " ").replace("\t", " ")
        stripped = content.strip()
        if not stripped:
            if content:
                out.append(Piece("t", content))
            return
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()):]
        if lead:
            out.append(Piece("t", lead))
        out.append(Piece("m", render(stripped)))
        if trail:
            out.append(Piece("t", trail))

    def flat(self, inlines: list[Inline], out: list[Piece]) -> str:
        """Text of inlines inside markup (``flat_<node>``); footnotes and images inside go
        after the markup, anchors and index entries before the block."""
        parts: list[str] = []
        plain = type(self).flat_text is InlineWriter.flat_text
        for node in inlines:
            if plain and node.__class__ is Text:
                parts.append(node.text)
            else:
                self.dispatch("flat", node, parts, out)
        return "".join(parts)

    # ------------------------------------------------------------------ text inside markup

    def flat_text(self, node: Text, parts: list[str], out: list[Piece]) -> None:
        parts.append(node.text)

    def flat_styled(self, node: Styled, parts: list[str], out: list[Piece]) -> None:
        if node.kind == "value" and node.expansion:
            parts.append(plain_text(node.expansion))
            return
        for child in node.children:
            self.dispatch("flat", child, parts, out)

    def flat_index_target(self, node: IndexTarget, parts: list[str], out: list[Piece]) -> None:
        self.index_target(node)
        for child in node.children:
            self.dispatch("flat", child, parts, out)

    def flat_reference(self, node: Reference, parts: list[str], out: list[Piece]) -> None:
        parts.append(plain_text(node))

    def flat_link(self, node: Link, parts: list[str], out: list[Piece]) -> None:
        parts.append(plain_text(node))

    def flat_line_break(self, node: LineBreak, parts: list[str], out: list[Piece]) -> None:
        parts.append(" ")

    def flat_raw_inline(self, node: RawInline, parts: list[str], out: list[Piece]) -> None:
        if node.format == "html":
            parts.append(node.text)

    def _flat_apart(self, node: Footnote | InlineImage | Anchor, parts: list[str],
                    out: list[Piece]) -> None:
        self.inline(node, out, False)

    flat_footnote = flat_inline_image = flat_anchor = _flat_apart

    # ------------------------------------------------------------------ inline nodes

    def visit_text(self, node: Text, out: list[Piece], in_lines: bool) -> None:
        out.append(Piece("t", node.text))

    def visit_styled(self, node: Styled, out: list[Piece], in_lines: bool) -> None:
        self.styled(node, out, in_lines)

    def visit_reference(self, node: Reference, out: list[Piece], in_lines: bool) -> None:
        self.reference(node, out)

    def visit_link(self, node: Link, out: list[Piece], in_lines: bool) -> None:
        self.link(node, out)

    def visit_anchor(self, node: Anchor, out: list[Piece], in_lines: bool) -> None:
        if node.name.strip():
            self.pre.append(self.label_lines(node, node.name)[:1])

    def visit_footnote(self, node: Footnote, out: list[Piece], in_lines: bool) -> None:
        self.footnotes += 1
        name = f"f{self.footnotes}"
        out.append(Piece("m", f"[#{name}]_"))
        saved_pre, saved_post = self.pre, self.post
        self.pre, self.post = [], []
        head = f".. [#{name}] "
        # the first line follows the label, the others are indented by 3
        body = self.blocks(node.children, self.depth + len(head))
        pre, post = self.pre, self.post
        self.pre, self.post = saved_pre, saved_post
        self.pre.extend(pre)
        lines = indent(body, 3) or ["\\"]
        lines[0] = lines[0].strip()
        self.post.append([head + lines[0], *lines[1:]])
        self.post.extend(post)

    def visit_line_break(self, node: LineBreak, out: list[Piece], in_lines: bool) -> None:
        out.append(Piece("br") if in_lines else Piece("t", " "))

    def visit_inline_image(self, node: InlineImage, out: list[Piece], in_lines: bool) -> None:
        if not node.path.strip():
            return
        self.images += 1
        name = f"img-{self.images}"
        out.append(Piece("m", f"|{name}|"))
        self.post.append(image_directive(f".. |{name}| image::", node))

    def visit_raw_inline(self, node: RawInline, out: list[Piece], in_lines: bool) -> None:
        if node.format == "html":
            out.append(Piece("t", node.text))

    def visit_index_target(self, node: IndexTarget, out: list[Piece], in_lines: bool) -> None:
        self.index_target(node)
        for child in node.children:
            self.inline(child, out, in_lines)

    # ------------------------------------------------------------------ rendering

    def index_target(self, node: IndexTarget) -> None:
        """An index entry from running text, before the block."""
        entry = self.index_entry_text(node.children)
        if entry:
            self.pre.append([".. index:: single: " + entry])

    @staticmethod
    def index_entry_text(inlines: list[Inline]) -> str:
        """The text of an ``.. index:: single:`` entry."""
        return single_line(plain_text(inlines)).replace(";", ",")

    def styled(self, node: Styled, out: list[Piece], in_lines: bool) -> None:
        """Markup by the meaning of ``node.kind``."""
        after: list[Piece] = []
        self._styled(node, out, after, in_lines)
        out.extend(after)

    def _styled(self, node: Styled, out: list[Piece], after: list[Piece],
                in_lines: bool) -> None:
        kind = node.kind
        if kind == "value":  # a variable kept as a substitution (rst_epilog defines it)
            out.append(Piece("m", f"|{single_line(plain_text(node.children))}|"))
        elif kind in ("code", "samp", "file") and any(
                isinstance(c, Styled) and c.kind == "var" for c in node.children):
            self.samp(node, out, after)
        elif kind in LITERAL_KINDS:
            text = self.flat(node.children, after)
            if text and kind in _QUOTED_KINDS and not clean(text).strip():
                # spaces alone (``@samp{ }``) make no inline literal in rST: quoted inside
                # one, as Info shows them
                spaces = clean(text).replace("\n", " ").replace("\t", " ")
                out.append(Piece("m", f"``'{spaces}'``"))
                return
            if kind == "option" and self.options.links \
                    and option_name(single_line(text)) in self.known_options \
                    and single_line(text)[:1] not in ("!", "~"):
                self.add_markup(out, text, lambda s: f":option:`{escape_role(s, whole=True)}`")
            elif kind == "file":
                self.add_markup(out, text, lambda s: f":file:`{escape_samp(s)}`")
            elif kind == "command":
                self.add_markup(out, text,
                                lambda s: f":command:`{escape_role(s, whole=True, xref=False)}`")
            elif kind in ("kbd", "key"):
                self.add_markup(out, text,
                                lambda s: f":kbd:`{escape_role(s, whole=True, xref=False)}`")
            else:
                self.add_markup(out, text, breakable_literal)
        elif kind == "dfn":
            self.add_markup(out, self.flat(node.children, after),
                            lambda s: f":dfn:`{escape_role(s, whole=True, xref=False)}`")
        elif kind in EMPHASIS_KINDS:
            self.add_markup(out, self.flat(node.children, after),
                            emphasis)
        elif kind in STRONG_KINDS:
            self.add_markup(out, self.flat(node.children, after),
                            strong)
        elif kind in ("acronym", "abbr"):
            text = self.flat(node.children, after)
            expansion = single_line(plain_text(node.expansion))
            if expansion and "(" not in text and ")" not in text:
                self.add_markup(out, text,
                                lambda s: f":abbr:`{escape_role(s, xref=False)} "
                                          f"({escape_role(expansion, xref=False)})`")
            else:
                out.append(Piece("t", text))
                if expansion:
                    out.append(Piece("t", f" ({expansion})"))
        elif kind in ("sub", "sup"):
            self.add_markup(out, self.flat(node.children, after),
                            lambda s: f":{kind}:`{escape_role(s, whole=True, xref=False)}`")
        else:
            for child in node.children:
                self.inline(child, out, in_lines)

    def samp(self, node: Styled, out: list[Piece], after: list[Piece]) -> None:
        """``@code``/``@samp``/``@file`` holding ``@var``: ``:samp:`` (``:file:``) with
        ``{var}``."""
        role = "file" if node.kind == "file" else "samp"
        segs: list[tuple[bool, str]] = []
        for child in node.children:
            if isinstance(child, Styled) and child.kind == "var":
                segs.append((True, self.flat(child.children, after)))
            else:
                segs.append((False, self.flat([child], after)))
        segs = [(v, clean(t).replace("\n", " ").replace("\t", " ")) for v, t in segs]
        full = "".join(t for _, t in segs)
        if not full.strip():
            if full:
                out.append(Piece("t", full))
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
                rendered.append("{" + escape_samp(piece, backquotes=False) + "}")
            else:
                rendered.append(escape_samp(piece, backquotes=False))
        if lead:
            out.append(Piece("t", full[:lead]))
        out.append(Piece("m", f":{role}:`{escape_backquotes(''.join(rendered), whole=True)}`"))
        if trail:
            out.append(Piece("t", full[len(full) - trail:]))

    def ref_markup(self, text: str, label: str) -> str:
        """A ``:ref:`` to a label with its text."""
        return f":ref:`{breakable(escape_role(text))}{BREAK}<{label}>`"

    def reference(self, node: Reference, out: list[Piece]) -> None:
        """A cross-reference: ``:ref:`` to a label of this project, or another manual."""
        # makeinfo's HTML shows the text the reference gives, else the node's section title
        text = single_line(plain_text(node.label or node.title)) or single_line(
            self.labels.title_for(node.target) if not (node.manual or node.info_file) else ""
        ) or single_line(node.target)
        prefix = _XREF_PREFIXES.get(node.kind, "")
        if prefix:
            out.append(Piece("t", prefix))
        manual = node.manual or node.info_file
        if manual:
            self.external(text, node.target, manual, out, info_file=node.info_file)
            return
        if not self.options.links:
            self.add_markup(out, text, lambda s: f"*{escape_text(s)}*")
            return
        label = self.labels.label_for(node.target)
        if label is None and self.options.outside_references == "ref" and node.target.strip():
            label = make_label(node.target)
        if label is None:
            self.warn(node, f"reference to undefined node `{node.target}'")
            self.add_markup(out, text, emphasis)
            return
        if not text:
            text = node.target or label
        self.add_markup(out, text, lambda s: self.ref_markup(s, label))

    def external(self, text: str, target: str, manual: str, out: list[Piece], *,
                 info_file: str = "") -> None:
        """A reference to node ``target`` of another manual: intersphinx ``:ref:`` (to the
        inventory named after the Info file, else the manual) or text."""
        if self.options.external_manuals == "intersphinx":
            key = make_label(info_file or manual)
            label = make_label(target or "top")
            self.add_markup(out, text or target, lambda s: f":ref:`{breakable(escape_role(s))}"
                            f"{BREAK}<{key}:{label}>`")
        else:
            self.add_markup(out, text or target, emphasis)
            out.append(Piece("t", " in "))
            self.add_markup(out, single_line(manual), emphasis)

    def link(self, node: Link, out: list[Piece]) -> None:
        """An external link as an anonymous hyperlink reference."""
        uri = link_uri(node)
        if not uri:
            out.extend(self.pieces(node.children))
            return
        after: list[Piece] = []
        text = single_line(self.flat(node.children, after)) or single_line(node.url)
        uri_esc = uri.replace("\\", "\\\\").replace("`", "\\`")
        if uri_esc.endswith("_"):
            uri_esc = uri_esc[:-1] + "\\_"
        self.add_markup(out, text, lambda s: f"`{breakable(escape_role(s, xref=False))}"
                                             f"{BREAK}<{uri_esc}>`__")
        out.extend(after)

    def render_inline(self, inlines: list[Inline], *, preserve: bool = False,
                      in_lines: bool = False) -> list[str]:
        """Render inline content to lines (split at line breaks) in which the TEXT marker
        shows where escaped text starts and the MARKUP marker where markup starts; with
        ``preserve`` the text keeps its spaces and newlines (parsed-literal)."""
        return self.join_pieces(self.pieces(inlines, in_lines=in_lines), preserve)

    def join_pieces(self, pieces: list[Piece], preserve: bool) -> list[str]:
        """Marked lines from pieces: text escaped, markup delimited from touching words."""
        kinds: list[str] = []
        texts: list[str] = []
        for p in pieces:  # runs of text as one piece, empty text dropped
            kind, text = p.kind, p.text
            if kind == "t":
                if not text:
                    continue
                if kinds and kinds[-1] == "t":
                    texts[-1] += text
                    continue
            kinds.append(kind)
            texts.append(text)
        count = len(kinds)
        escaped = [""] * count
        last = max((i for i, kind in enumerate(kinds) if kind != "br"), default=-1)
        for i, kind in enumerate(kinds):
            if kind == "t":
                # (collapsing turns what clean() cleans into spaces as well)
                texts[i] = text = clean(texts[i]) if preserve else collapse_spaces(texts[i])
                escaped[i] = escape_text(text, final=i >= last)
        lines: list[str] = []
        current: list[str] = []
        for i, kind in enumerate(kinds):
            if kind == "br":
                lines.append("".join(current))
                current = []
            elif kind == "m":
                current.append(MARKUP)
                if i and (kinds[i - 1] == "m" or (
                        kinds[i - 1] == "t" and not _may_precede(texts[i - 1][-1], texts[i]))):
                    current.append("\\ ")
                current.append(texts[i])
                # an escaped character after an end-string is as good as punctuation
                if i + 1 < count and kinds[i + 1] == "t" and not suffix_sure(texts[i + 1][0]) \
                        and not escaped[i + 1].startswith("\\"):
                    current.append("\\ ")
            else:
                current.append(TEXT + escaped[i])
        lines.append("".join(current))
        return lines
