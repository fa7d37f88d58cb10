"""Round-trip helpers: parse rST with Sphinx's roles and directives, and reduce both the
document tree and the docutils doctree to one comparable skeleton.

``skeleton_of_tree(tree) == skeleton_of_doctree(parse_rst(write_rst(tree)).doctree)`` is the
property the writer must keep: the rST means exactly what the tree means.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes as du
from docutils.parsers.rst import directives, roles
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.parsers import RSTParser
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import _parse_str_to_doctree

from texi2rst import nodes as n
from texi2rst.writers.rst import (
    ADMONITIONS,
    EMPHASIS_KINDS,
    LITERAL_KINDS,
    STRONG_KINDS,
    Labels,
    RstOptions,
    definition_signature,
    link_uri,
    make_label,
    option_signatures,
    raw_html_text,
)
from texi2rst.writers.rst.c_declarations import c_declaration
from texi2rst.writers.rst.signatures import definition_term

# --------------------------------------------------------------------------- parsing


@functools.lru_cache(maxsize=1)
def _app() -> tuple[Sphinx, io.StringIO]:
    root = Path(tempfile.mkdtemp(prefix="texi2rst-rt-"))
    src = root / "src"
    src.mkdir()
    # smart quotes would turn "--" and quotes into typographic characters: the Sphinx
    # project texi2rst writes turns them off too
    (src / "conf.py").write_text("extensions = []\nsmartquotes = False\n", encoding="utf-8")
    (src / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (src / "index.rst").write_text("Index\n=====\n", encoding="utf-8")
    warnings = io.StringIO()
    before = _registry_state()
    app = Sphinx(src, src, root / "out", root / "doctrees", "html", status=None,
                 warning=warnings, freshenv=True)
    _APP_REGISTRIES.update(_registry_state())
    _APP_NODE_NAMES.extend(name[6:] for name in dir(du.GenericNodeVisitor)
                           if name.startswith("visit_"))
    _set_registry_state(before)  # other tests get docutils as Sphinx found it
    return app, warnings


#: docutils' global directive and role tables as the session app registered them
_APP_REGISTRIES: dict[str, dict] = {}
#: node classes docutils' visitors must know (another test's Sphinx may have removed them)
_APP_NODE_NAMES: list[str] = []


def _registry_state() -> dict[str, dict]:
    return {"directives": dict(directives._directives), "roles": dict(roles._roles)}


def _set_registry_state(state: dict[str, dict]) -> None:
    directives._directives.clear()
    directives._directives.update(state["directives"])
    roles._roles.clear()
    roles._roles.update(state["roles"])


@contextlib.contextmanager
def _app_registries():
    """Install the session app's roles and directives for one parse, then restore."""
    saved = _registry_state()
    _set_registry_state(_APP_REGISTRIES)
    try:
        yield
    finally:
        _set_registry_state(saved)


@dataclass
class Parsed:
    doctree: du.document
    #: system messages of level WARNING or above, and Sphinx warnings, as text
    messages: list[str] = field(default_factory=list)

    @property
    def labels(self) -> set[str]:
        """Explicit target names defined in the document."""
        return set(self.doctree.nameids)


def _sphinx_parse(app: Sphinx, text: str, docname: str = "index") -> du.document:
    """Like ``sphinx.testing.restructuredtext.parse`` but with the settings a real build
    uses (``app.env.settings``: no doctitle transform)."""
    parser = RSTParser()
    parser._config = app.config
    parser._env = app.env
    settings = {**app.env.settings, "env": app.env, "gettext_compact": True,
                "input_encoding": "utf-8", "output_encoding": "unicode", "traceback": True}
    app.env.clear_doc(docname)  # forget labels and objects of the previous parse
    app.env.current_document.docname = docname
    try:
        return _parse_str_to_doctree(text, filename=app.srcdir / f"{docname}.rst",
                                     default_settings=settings, env=app.env, parser=parser,
                                     transforms=app.registry.get_transforms())
    finally:
        app.env.current_document.docname = ""


def parse_rst(text: str) -> Parsed:
    """Parse rST with a (session-wide) Sphinx application's roles and directives."""
    app, warnings = _app()
    start = len(warnings.getvalue())
    # another Sphinx app made since (in another test) may own Sphinx's logging now
    sphinx_logging.setup(app, io.StringIO(), warnings)
    missing = [name for name in _APP_NODE_NAMES
               if not hasattr(du.GenericNodeVisitor, "visit_" + name)]
    if missing:
        du._add_node_class_names(missing)
    with _app_registries():
        doctree = _sphinx_parse(app, text)
    messages = [
        f"{msg.get('type')}: {msg.astext()}"
        for msg in doctree.findall(du.system_message)
        if msg.get("level", 0) >= 2
    ]
    emitted = warnings.getvalue()[start:].strip()
    if emitted:
        messages.append(emitted)
    return Parsed(doctree, messages)


# --------------------------------------------------------------------------- skeleton helpers


_KBD_SEP = re.compile(r"[-+^]| +")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _normalise_inlines(items: Iterable[tuple]) -> tuple:
    """Merge text, collapse whitespace, strip the ends, drop empty text."""
    merged: list[tuple] = []
    for item in items:
        if item[0] == "text":
            if merged and merged[-1][0] == "text":
                merged[-1] = ("text", merged[-1][1] + item[1])
            else:
                merged.append(item)
        else:
            merged.append(item)
    # Sphinx's :kbd: splits "C-x a" into literals with the separators between: merge such
    # runs on both sides
    kbd: list[tuple] = []
    merged = [("text", re.sub(r"\s+", " ", item[1])) if item[0] == "text" else item
              for item in merged]
    for item in merged:
        if (item[0] == "kbd" and len(kbd) >= 2 and kbd[-2][0] == "kbd"
                and kbd[-1][0] == "text" and _KBD_SEP.fullmatch(kbd[-1][1])):
            sep = kbd.pop()[1]
            kbd[-1] = ("kbd", kbd[-1][1] + sep + item[1])
        else:
            kbd.append(item)
    merged = kbd
    out: list[tuple] = []
    for i, item in enumerate(merged):
        if item[0] == "text":
            text = " ".join(item[1].split())
            raw = item[1]
            if raw[:1].isspace() and i > 0 and text:
                text = " " + text
            if raw[-1:].isspace() and i < len(merged) - 1 and text:
                text = text + " "
            if not text and raw and 0 < i < len(merged) - 1:
                text = " "
            if text:
                out.append(("text", text))
        else:
            out.append(tuple(_norm(x) if isinstance(x, str) else x for x in item))
    return tuple(out)


def _literal_text(text: str) -> str:
    lines = [line.rstrip() for line in text.expandtabs(8).replace("\r", "").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)


# --------------------------------------------------------------------------- tree side


class _TreeSkeleton:
    def __init__(self, labels: Labels, options: RstOptions, known_options: set[str]) -> None:
        self.labels = labels
        self.options = options
        self.known_options = known_options
        self.footnotes: list[list[n.Block]] = []
        self.c_names: set[str] = set()

    # inline ------------------------------------------------------------------

    def inlines(self, inlines: list[n.Inline], lines: bool = False) -> list[tuple]:
        out: list[tuple] = []
        for node in inlines:
            self.inline(node, out, lines)
        return out

    def flat(self, inlines: list[n.Inline], after: list[tuple]) -> str:
        parts: list[str] = []

        def visit(node: n.Inline) -> None:
            if isinstance(node, n.Text):
                parts.append(node.text)
            elif isinstance(node, (n.Styled, n.IndexTarget)):
                for child in node.children:
                    visit(child)
            elif isinstance(node, (n.Reference, n.Link)):
                parts.append(n.plain_text(node))
            elif isinstance(node, n.LineBreak):
                parts.append(" ")
            elif isinstance(node, n.RawInline):
                if node.format == "html":
                    parts.append(node.text)
            elif isinstance(node, (n.Footnote, n.InlineImage)):
                self.inline(node, after, False)

        for node in inlines:
            visit(node)
        return "".join(parts)

    def markup(self, out: list[tuple], kind: str, text: str, *extra: str) -> None:
        if text.strip():
            out.append(("text", text[: len(text) - len(text.lstrip())]))
            out.append((kind, text.strip(), *extra))
            out.append(("text", text[len(text.rstrip()):]))
        else:
            out.append(("text", text))

    def inline(self, node: n.Inline, out: list[tuple], lines: bool) -> None:
        if isinstance(node, n.Text):
            out.append(("text", node.text))
        elif isinstance(node, n.Styled):
            after: list[tuple] = []
            kind = node.kind
            if kind in LITERAL_KINDS:
                text = self.flat(node.children, after)
                if text and not text.strip() and kind not in ("t", "verb", "indicateurl"):
                    # no inline literal holds only spaces: they are shown quoted in one
                    out.append(("literal", "'" + " " * len(text) + "'"))
                else:
                    self.markup(out, "kbd" if kind in ("kbd", "key") else "literal", text)
            elif kind in EMPHASIS_KINDS:
                self.markup(out, "emphasis", self.flat(node.children, after))
            elif kind in STRONG_KINDS:
                self.markup(out, "strong", self.flat(node.children, after))
            elif kind in ("acronym", "abbr"):
                text = self.flat(node.children, after)
                expansion = _norm(n.plain_text(node.expansion))
                if expansion and "(" not in text and ")" not in text:
                    self.markup(out, "abbr", text, expansion)
                else:
                    out.append(("text", text + (f" ({expansion})" if expansion else "")))
            elif kind in ("sub", "sup"):
                self.markup(out, kind, self.flat(node.children, after))
            else:
                for child in node.children:
                    self.inline(child, out, lines)
            out.extend(after)
        elif isinstance(node, n.Reference):
            # no text given: the section title of the node, as makeinfo's HTML shows
            text = _norm(n.plain_text(node.label or node.title)) or _norm(
                self.labels.title_for(node.target) if not (node.manual or node.info_file)
                else "") or _norm(node.target)
            prefix = {"xref": "See ", "pxref": "see ", "inforef": "See "}.get(node.kind, "")
            out.append(("text", prefix))
            manual = node.manual or node.info_file
            if manual:
                if self.options.external_manuals == "intersphinx":
                    key = make_label(node.info_file or manual)
                    label = make_label(node.target or "top")
                    self.markup(out, "ref", text or node.target, f"{key}:{label}")
                else:
                    self.markup(out, "emphasis", text or node.target)
                    out.append(("text", " in "))
                    self.markup(out, "emphasis", _norm(manual))
                return
            label = self.labels.label_for(node.target)
            if label is None:
                self.markup(out, "emphasis", text)
            else:
                self.markup(out, "ref", text or node.target or label, label)
        elif isinstance(node, n.Link):
            uri = link_uri(node)
            if not uri:
                out.extend(self.inlines(node.children))
                return
            after = []
            text = _norm(self.flat(node.children, after)) or _norm(node.url)
            self.markup(out, "link", text, uri)
            out.extend(after)
        elif isinstance(node, n.Footnote):
            out.append(("footnote",))
            self.footnotes.append(node.children)
        elif isinstance(node, n.LineBreak):
            out.append(("br",) if lines else ("text", " "))
        elif isinstance(node, n.InlineImage):
            if node.path.strip():
                out.append(("image", _norm(node.path)))
        elif isinstance(node, n.RawInline):
            if node.format == "html":
                out.append(("text", node.text))
        elif isinstance(node, n.IndexTarget):
            for child in node.children:
                self.inline(child, out, lines)

    def para(self, inlines: list[n.Inline]) -> list[tuple]:
        items = _normalise_inlines(self.inlines(inlines))
        return [("para", items)] if items else []

    # blocks ------------------------------------------------------------------

    def blocks(self, blocks: list[n.Block], top: bool = False) -> list[tuple]:
        out: list[tuple] = []
        for block in blocks:
            out.extend(self.block(block, top))
        return out

    def block(self, b: n.Block, top: bool) -> list[tuple]:
        if isinstance(b, n.Container):
            return self.blocks(b.children, top)
        if isinstance(b, n.Section):
            title = _normalise_inlines(self.inlines(b.title))
            if not title:
                title = (("text", _norm(b.node) or "Untitled"),)
            if not top:
                return [("rubric", title), *self.blocks(b.children)]
            return [("section", title), *self.blocks(b.children, True), ("/section",)]
        if isinstance(b, (n.Paragraph, n.MenuComment)):
            return self.para(b.children)
        if isinstance(b, n.Heading):
            title = _normalise_inlines(self.inlines(b.title))
            return [("rubric", title)] if title else []
        if isinstance(b, n.Literal) and b.text.startswith(".. contents::"):
            return [("contents",)]
        if isinstance(b, n.LiteralBlock):
            if all(isinstance(c, n.Text) for c in b.children):
                text = _literal_text("".join(c.text for c in b.children))  # type: ignore
                return [("literal", text)] if text else []
            items = self.inlines(b.children, lines=True)
            items = [("text", "\n") if i == ("br",) else i for i in items]
            if all(i[0] == "text" for i in items):
                text = _literal_text("".join(i[1] for i in items))
                return [("literal", text)] if text else []
            items = _normalise_inlines(items)
            return [("parsed", items)] if items else []
        if isinstance(b, n.LineBlock):
            lines: list[tuple] = []
            for line in b.lines:
                current: list[tuple] = []
                for item in self.inlines(line, lines=True):
                    if item == ("br",):
                        lines.append(_normalise_inlines(current))
                        current = []
                    else:
                        current.append(item)
                lines.append(_normalise_inlines(current))
            while lines and not lines[-1]:
                lines.pop()
            while lines and not lines[0]:
                lines.pop(0)
            return [("lineblock", tuple(lines))] if lines else []
        if isinstance(b, n.BulletList):
            return self.list_(("bullet",), b.items)
        if isinstance(b, n.EnumeratedList):
            start = b.start.strip() or "1"
            if start.isdigit():
                head = ("enum", "arabic", int(start))
            elif len(start) == 1 and start.isascii() and start.isalpha():
                if start in "iI":
                    head = ("enum", "lowerroman" if start == "i" else "upperroman", 1)
                elif start.islower():
                    head = ("enum", "loweralpha", ord(start) - 96)
                else:
                    head = ("enum", "upperalpha", ord(start) - 64)
            else:
                head = ("enum", "arabic", 1)
            return self.list_(head, b.items)
        if isinstance(b, n.Table):
            # entries that are options are options; runs of the others are definition lists
            sigs = option_signatures(b) or [None] * len(b.entries)
            out: list[tuple] = []
            in_list = False
            for entry, entry_sigs in zip(b.entries, sigs, strict=True):
                if entry_sigs is not None:
                    if in_list:
                        out.append(("/deflist",))
                        in_list = False
                    out += [("option", tuple(_norm(s) for s in entry_sigs)),
                            *self.blocks(entry.children), ("/option",)]
                    continue
                if not in_list:
                    out.append(("deflist",))
                    in_list = True
                terms = tuple(_normalise_inlines(self.inlines(t)) for t in entry.terms or [[]])
                out += [("term", terms), *self.blocks(entry.children), ("/term",)]
            if in_list:
                out.append(("/deflist",))
            return out
        if isinstance(b, n.MultiTable):
            rows = list(b.head) + list(b.body)
            if not rows:
                return []
            ncols = max(max(len(r) for r in rows), 1)
            head = len(b.head) if len(b.head) < len(rows) else 0
            out = [("table", head)]
            for row in rows:
                out.append(("row",))
                for cell in list(row) + [[]] * (ncols - len(row)):
                    out += [("cell",), *self.blocks(cell), ("/cell",)]
                out.append(("/row",))
            out.append(("/table",))
            return out
        if isinstance(b, n.Quotation):
            body: list[tuple] = []
            title = _norm(n.plain_text(b.title))
            if title:
                body.append(("para", (("strong", title + ":"),)))
            body += self.blocks(b.children)
            if not body:
                return []
            authors = [_norm(n.plain_text(a)) for a in b.authors]
            authors = [a for a in authors if a]
            if authors:
                body.append(("attribution", ", ".join(authors)))
            return [("quote",), *body, ("/quote",)]
        if isinstance(b, n.Admonition):
            kind = b.kind.lower().strip()
            if kind in ADMONITIONS:
                head = ("admonition", kind)
            else:
                title = _normalise_inlines(self.inlines(b.title)) or (
                    ("text", _norm(b.kind) or "Note"),)
                head = ("admonition", title)
            return [head, *self.blocks(b.children), ("/admonition",)]
        if isinstance(b, n.Definition) and b.kind.startswith("def"):
            # a C declaration (each line, of one kind, declared once): a C-domain object
            c_objects = [c_declaration(line) for line in b.lines]
            if b.lines and all(c_objects) and len({c.directive for c in c_objects if c}) == 1 \
                    and not any(c.name in self.c_names for c in c_objects if c):
                self.c_names.update(c.name for c in c_objects if c)
                sigs = tuple("".join(c.signature.split()) for c in c_objects if c)
                shown = ", ".join(dict.fromkeys(
                    c for c in (_norm(n.plain_text(line.category)) for line in b.lines) if c))
                category = self.blocks([n.Paragraph(children=[n.Styled(
                    kind="emph", children=[n.Text(shown)])])]) if shown else []
                return [("c", sigs), *category, *self.blocks(b.children), ("/c",)]
            # a Texinfo definition: a definition-list item, a term a header line
            terms = tuple(_normalise_inlines(self.inlines(definition_term(line)))
                          for line in b.lines) or ((),)
            return [("deflist",), ("term", terms), *self.blocks(b.children), ("/term",),
                    ("/deflist",)]
        if isinstance(b, n.Definition):
            sigs = [definition_signature(line) for line in b.lines]
            sigs = [_norm(s) for s in sigs if s] or ["\\"]
            return [("describe", tuple(sigs)), *self.blocks(b.children), ("/describe",)]
        if isinstance(b, n.PrintIndex):
            return [("para", (("ref", "genindex", "genindex"),))]
        if isinstance(b, n.Image):
            if not b.path.strip():
                return []
            only = [("only", "not html", _literal_text(b.text))] if b.text.strip() else []
            return [("image", "".join(b.path.split())), *only]
        if isinstance(b, n.Float):
            return self.blocks(list(b.children) + list(b.caption))
        if isinstance(b, n.RawBlock):
            if b.format == "html" and b.text.strip():
                fallback = raw_html_text(b.text)
                only = [("only", "not html", _literal_text(fallback))] if fallback else []
                return [("raw", _literal_text(b.text)), *only]
            return []
        if isinstance(b, n.Menu):
            return self.menu(b)
        return []

    def list_(self, head: tuple, items: list[n.ListItem]) -> list[tuple]:
        if not items:
            return []
        out = [head]
        for item in items:
            out += [("item",), *self.blocks(item.children), ("/item",)]
        out.append(("/" + head[0],))
        return out

    def menu(self, b: n.Menu) -> list[tuple]:
        out: list[tuple] = []
        items: list[tuple] = []

        def flush() -> None:
            if items:
                out.extend([("bullet",), *items, ("/bullet",)])
                items.clear()

        for entry in b.entries:
            if isinstance(entry, n.MenuEntry):
                text = _norm(n.plain_text(entry.name)) or _norm(entry.node)
                inl: list[tuple] = []
                if entry.manual:
                    ref = n.Reference(target=entry.node, manual=entry.manual, label=[n.Text(text)])
                    self.inline(ref, inl, False)
                else:
                    label = self.labels.label_for(entry.node)
                    if label is None:
                        inl.append(("text", text))
                    else:
                        self.markup(inl, "ref", text or label, label)
                if n.plain_text(entry.description).strip():
                    inl.append(("text", " \u2014 "))
                    inl += self.inlines(entry.description)
                para = _normalise_inlines(inl)
                items.extend([("item",), *([("para", para)] if para else []), ("/item",)])
            elif isinstance(entry, n.MenuComment):
                para = self.para(entry.children)
                if para:
                    flush()
                    out.extend(para)
        flush()
        return out

    def document(self, doc: n.Document | list[n.Block]) -> list[tuple]:
        out: list[tuple] = []
        blocks = doc.children if isinstance(doc, n.Document) else doc
        if isinstance(doc, n.Document) and n.plain_text(doc.title).strip():
            title = _normalise_inlines(self.inlines(doc.title))
            out += [("section", title), *self.blocks(blocks, top=True), ("/section",)]
        else:
            out += self.blocks(blocks, top=True)
        done = 0
        while done < len(self.footnotes):
            body = self.footnotes[done]
            done += 1
            out += [("footnote-body",), *self.blocks(body), ("/footnote-body",)]
        return out


def skeleton_of_tree(doc: n.Document | list[n.Block], *, labels: Labels | None = None,
                     options: RstOptions | None = None) -> list[tuple]:
    """The skeleton the writer's output must parse back to."""
    options = options or RstOptions()
    if labels is None:
        labels = Labels.collect(doc, options.label_prefix)
    known = set(options.known_options or ())
    blocks = doc.children if isinstance(doc, n.Document) else doc
    for root in blocks:
        for node in root.walk():
            if isinstance(node, n.Table):
                from texi2rst.writers.rst import option_name

                for sigs in option_signatures(node) or []:
                    known.update(option_name(x) for s in sigs or [] for x in s.split(", "))
    return _TreeSkeleton(labels, options, known).document(doc)


# --------------------------------------------------------------------------- doctree side


class _DoctreeSkeleton:
    def __init__(self, document: du.document) -> None:
        self.doc = document
        self.footnotes: list[du.Element] = []

    def inlines(self, node: du.Element) -> tuple:
        out: list[tuple] = []
        for child in node.children:
            self.inline(child, out)
        return _normalise_inlines(out)

    def inline(self, node: du.Node, out: list[tuple]) -> None:
        if isinstance(node, du.Text):
            out.append(("text", node.astext()))
        elif isinstance(node, (du.target, addnodes.index, du.system_message, du.comment,
                               du.substitution_definition)):
            return
        elif isinstance(node, addnodes.pending_xref):
            if node.get("reftype") == "option":
                out.append(("literal", node.astext()))
            else:
                out.append(("ref", node.astext(), node.get("reftarget", "")))
        elif isinstance(node, du.literal) and "kbd" in node.get("classes", []):
            out.append(("kbd", node.astext()))
        elif isinstance(node, (du.literal, addnodes.literal_strong, addnodes.literal_emphasis)):
            out.append(("literal", node.astext()))
        elif isinstance(node, du.emphasis):
            out.append(("emphasis", node.astext()))
        elif isinstance(node, du.strong):
            out.append(("strong", node.astext()))
        elif isinstance(node, du.abbreviation):
            out.append(("abbr", node.astext(), node.get("explanation", "")))
        elif isinstance(node, du.subscript):
            out.append(("sub", node.astext()))
        elif isinstance(node, du.superscript):
            out.append(("sup", node.astext()))
        elif isinstance(node, du.reference) and node.get("refuri"):
            out.append(("link", node.astext(), node["refuri"]))
        elif isinstance(node, du.footnote_reference):
            out.append(("footnote",))
            ids = node.get("refid")
            found = self.doc.ids.get(ids) if ids else None
            self.footnotes.append(found)
        elif isinstance(node, du.image):
            out.append(("image", node.get("uri", "")))
        elif isinstance(node, du.Element) and isinstance(node, (du.inline, du.generated)):
            for child in node.children:
                self.inline(child, out)
        else:
            out.append(("unexpected-" + node.__class__.__name__, node.astext()))

    def blocks(self, node: du.Element) -> list[tuple]:
        out: list[tuple] = []
        for child in node.children:
            out.extend(self.block(child))
        return out

    def block(self, node: du.Node) -> list[tuple]:
        if isinstance(node, (du.target, addnodes.index, du.system_message, du.comment,
                             du.substitution_definition, du.footnote)):
            return []
        if isinstance(node, du.topic) and "contents" in node.get("classes", []):
            return [("contents",)]  # made by docutils from the section titles
        if isinstance(node, du.pending) and "contents" in str(node.details):
            return [("contents",)]
        if isinstance(node, du.section):
            title = self.inlines(node[0])
            return [("section", title), *self.blocks_after(node, 1), ("/section",)]
        if isinstance(node, du.paragraph):
            items = self.inlines(node)
            return [("para", items)] if items else []
        if isinstance(node, du.rubric):
            return [("rubric", self.inlines(node))]
        if isinstance(node, du.literal_block):
            if all(isinstance(c, du.Text) for c in node.children):
                return [("literal", _literal_text(node.astext()))]
            return [("parsed", self.inlines(node))]
        if isinstance(node, du.line_block):
            lines = tuple(self.inlines(line) for line in node.children)
            return [("lineblock", lines)]
        if isinstance(node, du.bullet_list):
            return self.list_(("bullet",), node)
        if isinstance(node, du.enumerated_list):
            head = ("enum", node.get("enumtype"), node.get("start", 1))
            return self.list_(head, node)
        if isinstance(node, du.definition_list):
            out: list[tuple] = [("deflist",)]
            # items whose definition is one empty comment hold the first terms of an entry
            pending: list[tuple] = []
            for item in node.children:
                term = next(c for c in item.children if isinstance(c, du.term))
                definition = next(c for c in item.children if isinstance(c, du.definition))
                if [(type(c), c.astext()) for c in definition.children] == [(du.comment, "")]:
                    pending.append(self.inlines(term))
                    continue
                terms = (*pending, self.inlines(term))
                pending = []
                out += [("term", terms), *self.blocks(definition), ("/term",)]
            out.append(("/deflist",))
            return out
        if isinstance(node, addnodes.desc):
            objtype = node.get("objtype")
            sigs = tuple(_norm(s.astext()) for s in node.children
                         if isinstance(s, addnodes.desc_signature))
            content = next(c for c in node.children if isinstance(c, addnodes.desc_content))
            if node.get("domain") == "c":
                sigs = tuple("".join(s.split()) for s in sigs)
                return [("c", sigs), *self.blocks(content), ("/c",)]
            kind = "option" if objtype == "option" else "describe"
            return [(kind, sigs), *self.blocks(content), ("/" + kind,)]
        if isinstance(node, du.table):
            # this table's own rows only: a table in a cell has its own skeleton
            tgroup = next(c for c in node.children if isinstance(c, du.tgroup))
            parts = [c for c in tgroup.children if isinstance(c, (du.thead, du.tbody))]
            head = sum(len(p.children) for p in parts if isinstance(p, du.thead))
            out = [("table", head)]
            for row in (r for p in parts for r in p.children):
                out.append(("row",))
                for entry in row.children:
                    out += [("cell",), *self.blocks(entry), ("/cell",)]
                out.append(("/row",))
            out.append(("/table",))
            return out
        if isinstance(node, du.block_quote):
            inner = self.blocks(node)
            return [("quote",), *inner, ("/quote",)] if inner else []
        if isinstance(node, du.attribution):
            return [("attribution", _norm(node.astext()))]
        if isinstance(node, du.admonition) and node.__class__ is du.admonition:
            title = self.inlines(node[0])
            return [("admonition", title), *self.blocks_after(node, 1), ("/admonition",)]
        if isinstance(node, du.Admonition):
            return [("admonition", node.tagname), *self.blocks(node), ("/admonition",)]
        if isinstance(node, du.image):
            return [("image", node.get("uri", ""))]
        if isinstance(node, du.raw):
            return [("raw", _literal_text(node.astext()))]
        if isinstance(node, addnodes.only):
            return [("only", node.get("expr", ""), _literal_text(node.astext()))]
        return [("unexpected-" + node.__class__.__name__, node.astext())]

    def blocks_after(self, node: du.Element, start: int) -> list[tuple]:
        out: list[tuple] = []
        for child in node.children[start:]:
            out.extend(self.block(child))
        return out

    def list_(self, head: tuple, node: du.Element) -> list[tuple]:
        out = [head]
        for item in node.children:
            out += [("item",), *self.blocks(item), ("/item",)]
        out.append(("/" + head[0],))
        return out

    def document(self) -> list[tuple]:
        out = self.blocks(self.doc)
        done = 0
        while done < len(self.footnotes):
            fn = self.footnotes[done]
            done += 1
            if fn is None:
                out.append(("missing-footnote",))
                continue
            body = [c for c in fn.children if not isinstance(c, du.label)]
            out.append(("footnote-body",))
            for child in body:
                out.extend(self.block(child))
            out.append(("/footnote-body",))
        return out


def skeleton_of_doctree(doctree: du.document) -> list[tuple]:
    """The skeleton of a parsed doctree, in the vocabulary of :func:`skeleton_of_tree`."""
    return _DoctreeSkeleton(doctree).document()


def check_roundtrip(tree: n.Document | list[n.Block], *, options: RstOptions | None = None,
                    labels: Labels | None = None, reporter=None) -> str:
    """Write tree, parse it back and assert: same skeleton, no warnings, every :ref:
    target defined in the document. Returns the rST."""
    from texi2rst.writers.rst import write_rst

    options = options or RstOptions()
    if labels is None:
        labels = Labels.collect(tree, options.label_prefix)
    rst = write_rst(tree, options=options, labels=labels, reporter=reporter)
    assert rst.endswith("\n") and not rst.endswith("\n\n")
    parsed = parse_rst(rst)
    assert parsed.messages == [], f"{parsed.messages}\n--- rST:\n{rst}"
    expected = skeleton_of_tree(tree, labels=labels, options=options)
    got = skeleton_of_doctree(parsed.doctree)
    assert got == expected, f"--- rST:\n{rst}"
    defined = parsed.labels | {"genindex"}
    for xref in parsed.doctree.findall(addnodes.pending_xref):
        if xref.get("reftype") == "ref" and ":" not in xref["reftarget"]:
            assert xref["reftarget"] in defined, f"undefined {xref['reftarget']}\n{rst}"
    return rst
