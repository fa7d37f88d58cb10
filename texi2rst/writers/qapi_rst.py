"""The rST writer of QAPI renderings (:func:`texi2rst.writers.qapi.render_rst_lines`).

It is the common rST writer, plus: every block's first line carries a marker naming the
schema file and line it came from (:func:`strip_origin` removes it), and in the
``sphinx-domain`` flavour definitions become ``qapi`` domain directives, references to
definitions domain roles, and the tables of kind :data:`FIELDS` (members, values,
features, returns) the domain's field lists (``:arg TYPE name:``, ``:memb TYPE name:``,
``:value name:`` …).
"""

from __future__ import annotations

import re
from typing import Any

from texi2rst import nodes
from texi2rst.writers.qapi_links import Links
from texi2rst.writers.rst import BlockWriter, escape_role, indent, single_line

#: the role of the ``qapi`` domain that references a definition of each kind
DOMAIN_ROLES = {"command": "cmd", "event": "event", "struct": "type", "union": "type",
                "alternate": "type", "enum": "type"}

#: the :class:`nodes.Table` kind of a domain field list: each entry's term is the field
#: name as plain text (``arg Colour colour``), its children the field body
FIELDS = "qapi-fields"
#: the kind of the table that opens a definition's children in the domain flavour: the
#: directive's options (``since``, ``ifcond``), each entry's one paragraph its value
OPTIONS = "qapi-options"

_MARK_OPEN, _MARK_CLOSE = "\x05", "\x06"
_MARK_RE = re.compile("\x05(\\d+)\x06")


_SIG_BREAK = re.compile(r"(?<=, )|(?= -> )")


def signature_lines(head: str, signature: str, width: int) -> list[str]:
    """``head`` and ``signature`` within ``width`` columns where the signature can break:
    after the commas between arguments and before ``->``, each line but the last ending
    in ``\\`` (Sphinx joins an object directive's lines so)."""
    lines = [head.rstrip() + " "]
    for i, piece in enumerate(_SIG_BREAK.split(signature)):
        if i and len(lines[-1]) + len(piece.rstrip()) + 2 > width:
            lines[-1] = lines[-1].rstrip() + " \\"
            lines.append("   " + piece.lstrip())
        else:
            lines[-1] += piece
    return [line.rstrip() for line in lines]


def _option_lines(table: nodes.Table) -> list[str]:
    """A directive's option lines from a table of kind :data:`OPTIONS`."""
    out = []
    for entry in table.entries:
        value = entry.children[0] if entry.children else None
        text = nodes.plain_text(value.children) if isinstance(value, nodes.Paragraph) else ""
        out.append(f"   :{nodes.plain_text(entry.terms[0])}: {' '.join(text.split())}")
    return out


class QAPIRstWriter(BlockWriter):
    """The rST writer of QAPI renderings (see the module's docstring)."""

    def __init__(self, doc: Any, options: Any, labels: Any, reporter: Any, *,
                 links: Links, domain: bool, no_index: bool) -> None:
        super().__init__(doc, options, labels, reporter)
        self.links = links
        self.domain = domain
        self.no_index = no_index
        self.origins: list[tuple[str, int]] = []
        roots = doc.children if isinstance(doc, nodes.Document) else doc
        #: definitions this rendering shows (their ``qapi-<Name>`` labels)
        self.shown = {n.name for root in roots for n in root.walk()
                      if isinstance(n, nodes.NodeLabel) and n.name.startswith("qapi-")}

    def strip_origin(self, text: str, where: tuple[str, int]) -> tuple[str, tuple[str, int]]:
        """``text`` without its markers, and where it comes from (``where`` when it has
        none: the line continues the block before)."""
        marks = _MARK_RE.findall(text)
        if not marks:
            return text, where
        return _MARK_RE.sub("", text).rstrip(), self.origins[int(marks[-1])]

    def _mark(self, text: str, source: str, line: int) -> str:
        if not (text and source and line):
            return text
        self.origins.append((source, line))
        return f"{_MARK_OPEN}{len(self.origins) - 1}{_MARK_CLOSE}{text}"

    def block(self, block: nodes.Block, depth: int, top: bool) -> tuple[str, list[str]]:
        if self.domain and isinstance(block, nodes.NodeLabel) and block.name in self.shown:
            return "other", []  # the domain directive is the target
        kind, lines = super().block(block, depth, top)
        if lines:
            lines = [self._mark(lines[0], block.source, block.line), *lines[1:]]
        return kind, lines

    def table(self, block: nodes.Table, depth: int) -> tuple[str, list[str]]:
        if block.kind == FIELDS:
            return "other", self.field_list(block, depth)
        saved, self._entries = getattr(self, "_entries", []), list(block.entries)
        try:
            return super().table(block, depth)
        finally:
            self._entries = saved

    def field_list(self, block: nodes.Table, depth: int) -> list[str]:
        """A field list: ``:NAME:`` and the body indented below it."""
        out: list[str] = []
        for entry in block.entries:
            name = " ".join(nodes.plain_text(entry.terms[0] if entry.terms else []).split())
            body = self.blocks(entry.children, depth + 3)
            if out:
                out.append("")
            out.append(self._mark(f":{name}:", entry.source, entry.line))
            out += indent(body, 3)
        return out

    def term_text(self, inlines: list[nodes.Inline]) -> str:
        text = super().term_text(inlines)
        entries = getattr(self, "_entries", [])
        if entries:
            entry = entries.pop(0)
            text = self._mark(text, entry.source, entry.line)
        return text

    def definition(self, block: nodes.Definition, depth: int) -> list[str]:
        if not self.domain or not block.kind.startswith("qapi-") or not block.lines:
            return super().definition(block, depth)
        header = block.lines[0]
        name = " ".join(nodes.plain_text(header.name).split())
        args = " ".join(nodes.plain_text(header.arguments).split())
        out = signature_lines(f".. qapi:{block.kind[5:]}:: ", f"{name}{args}",
                              self.options.width)
        if self.no_index:
            out.append("   :no-index:")
        children = block.children
        if children and isinstance(children[0], nodes.Table) and children[0].kind == OPTIONS:
            out += _option_lines(children[0])
            children = children[1:]
        body = self.blocks(children, depth + 3)
        if body:
            out += [""] + indent(body, 3)
        return out

    def reference(self, node: nodes.Reference, out: list[Any]) -> None:
        name = node.target[5:] if node.target.startswith("qapi-") else ""
        kind = self.links.kind(name) if name else None
        if self.domain and (node.target in self.shown or kind is not None) and not (
                node.manual or node.info_file):
            role = DOMAIN_ROLES.get(kind or "", "any")
            text = single_line(nodes.plain_text(node.label or node.title)) or name
            markup = (f":qapi:{role}:`{name}`" if text == name
                      else f":qapi:{role}:`{escape_role(text)} <{name}>`")
            self.add_markup(out, text, lambda _s: markup)
            return
        super().reference(node, out)
