"""A read ``.hx`` file (:class:`~texi2rst.readers.hx.HxFile`) as a document tree.

All the ``STEXI`` blocks of a file are read as **one** Texinfo document (as ``hxtool -t`` fed
them to makeinfo), so a ``@table`` opened in one block and closed in a later one is one table.
The tree is then split back per block by the source lines of its nodes: each block gets the
nodes whose first line is in it, and a table (or list) spanning blocks is cut into the entries
of each block, so every block stands on its own. Each block becomes an
:class:`~texi2rst.nodes.HxBlock`; ``DEFHEADING``/``ARCHHEADING`` lines become sections holding
the blocks after them.

The file's command tables become tree nodes the rST writer knows:

* ``@table @option`` entries of an options file → one single-entry option table per entry, its
  terms as plain option signatures (the rST writer decides whether it becomes
  ``.. option::``: an entry whose terms are no Sphinx option signature, such as
  ``-foo a, b``, is written as a definition list);
* entries of the monitor-command tables (``hmp-commands*.hx``) → index entries
  ``NAME (monitor command)``, a label ``hmp-NAME`` (``NAME`` from ``@findex``; a ``Literal``
  that man-page copies leave out, as the name is public and takes no manual prefix) and a
  ``.. describe::`` definition.
"""

from __future__ import annotations

import bisect
import copy
import os
import re
from typing import Any, TypeVar

from texi2rst import nodes as n
from texi2rst import records
from texi2rst.diagnostics import Reporter
from texi2rst.readers.hx import HxFile, HxPart
from texi2rst.readers.texinfo.options import Options
from texi2rst.readers.texinfo.parser import TexinfoReader

_N = TypeVar("_N", bound=n.Node)
_SURROGATES = re.compile("[\udc80-\udcff]")


def is_command_file(path: str) -> bool:
    """Whether the file documents monitor commands (``hmp-commands*.hx``)."""
    return os.path.basename(path).startswith("hmp-")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "command"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _with(node: _N, attr: str, value: list[Any]) -> _N:
    """A shallow copy of ``node`` whose list field ``attr`` is ``value``."""
    clone = copy.copy(node)
    setattr(clone, attr, value)
    return clone


def heading_title(part: HxPart) -> str:
    """A heading's title as hxtool shows it: blanks and a trailing ``:`` removed."""
    title = part.title.strip()
    if title.endswith(":"):
        title = title[:-1].rstrip()
    return title


class HxReader:
    """Reads one ``.hx`` file into a :class:`~texi2rst.nodes.Document`.

    ``mode``: ``"auto"`` (monitor commands for ``hmp-*.hx``, else options), ``"options"`` or
    ``"commands"``. ``substitute_values``: ``@value{X}`` becomes the substitution ``|X|``
    (QEMU's own Sphinx setup defines them in ``rst_epilog``) instead of the value's text.
    After :meth:`read`, ``included`` holds the files the Texinfo included."""

    def __init__(self, hx: HxFile, options: Options | None = None,
                 reporter: Reporter | None = None, *, mode: str = "auto",
                 substitute_values: bool = False) -> None:
        self.hx = hx
        self.reporter = reporter or Reporter()
        if mode == "auto":
            mode = "commands" if is_command_file(hx.path) else "options"
        self.mode = mode
        opts = records.replace(options) if options else Options()
        folder = os.path.dirname(os.path.abspath(hx.path))
        opts.include_dirs = [folder, *[d for d in opts.include_dirs if d != folder]]
        opts.value_substitutions = substitute_values
        self.options = opts
        self.stexi = hx.blocks("stexi")
        self.included: set[str] = set()
        self._block: dict[int, int] = {}
        self._labels: set[str] = set()

    def texinfo_lines(self) -> list[tuple[str, str, int]]:
        """The STEXI text as hxtool gave it to makeinfo: ``HXCOMM`` lines dropped, blanks
        stripped from both ends of each line (``read -r``)."""
        out: list[tuple[str, str, int]] = []
        for part in self.stexi:
            for line in part.body:
                s = line.stripped
                if s.startswith("HXCOMM"):
                    continue
                if _SURROGATES.search(s):  # bytes that were not UTF-8 (kept by read_hx)
                    self.reporter.warning(self.hx.path, line.number,
                                          "input is not valid UTF-8; invalid bytes replaced")
                    s = _SURROGATES.sub("\ufffd", s)
                out.append((s, self.hx.path, line.number))
        return out

    def read(self) -> n.Document:
        """The file's documentation: sections from headings, one ``HxBlock`` per block."""
        blocks: dict[int, list[n.Block]] = {}
        if self.stexi:
            texinfo = TexinfoReader(self.options, self.reporter).read_lines(
                self.texinfo_lines(), self.hx.path)
            self._assign_blocks(texinfo, [p.line for p in self.stexi])
            for block, node in self._distribute(texinfo.children):
                blocks.setdefault(block, []).extend(self._shape(node))
        doc = n.Document(source=self.hx.path, line=1)
        container: list[n.Block] = doc.children
        k = 0
        for part in self.hx.parts:
            if part.kind == "heading":
                title = heading_title(part)
                if title:
                    section = n.Section(level=1, kind="heading", title=[n.Text(title)],
                                        source=self.hx.path, line=part.line)
                    doc.children.append(section)
                    container = section.children
            elif part.kind == "stexi":
                container.append(n.HxBlock(kind="stexi", number=k, children=blocks.get(k, []),
                                           source=self.hx.path, line=part.line))
                k += 1
            elif part.kind == "srst":
                container.append(n.HxBlock(kind="srst", label=part.label,
                                           children=self._literal_runs(part),
                                           source=self.hx.path, line=part.line))
        return doc

    def _literal_runs(self, part: HxPart) -> list[n.Block]:
        """An SRST block's lines as ``Literal`` runs, each with its first line number."""
        runs: list[n.Block] = []
        current: list[str] = []
        start = 0
        for line in [*part.body, None]:
            if line is None or line.stripped.startswith("HXCOMM"):
                if current:
                    runs.append(n.Literal(text="\n".join(current), source=self.hx.path,
                                          line=start))
                current = []
                continue
            if not current:
                start = line.number
            current.append(line.text.rstrip("\r"))
        return runs

    # ------------------------------------------------------------------ splitting per block

    def _assign_blocks(self, doc: n.Document, starts: list[int]) -> None:
        """Give every node of the tree the index of the STEXI block it comes from. Nodes from
        an ``@include`` (or without a line) belong where the text before them does."""
        current = 0
        path = self.hx.path
        for node in doc.walk():
            if node.source and node.source != path:
                self.included.add(node.source)
            if node.source == path and node.line > 0:
                current = max(0, bisect.bisect_right(starts, node.line) - 1)
            self._block[id(node)] = current

    def _block_of(self, node: n.Node) -> int:
        return self._block.get(id(node), 0)

    def _blocks_of(self, node: n.Node) -> set[int]:
        return {self._block.get(id(x), 0) for x in node.walk()}

    def _distribute(self, blocks: list[n.Block]) -> list[tuple[int, n.Block]]:
        """(block index, node) for each piece, in document order."""
        out: list[tuple[int, n.Block]] = []
        for node in blocks:
            if len(self._blocks_of(node)) <= 1:
                out.append((self._block_of(node), node))
            elif isinstance(node, n.Table):
                self._cut_items(node, "entries", out)
            elif isinstance(node, (n.BulletList, n.EnumeratedList)):
                self._cut_items(node, "items", out)
            elif isinstance(getattr(node, "children", None), list) and not isinstance(
                    node, (n.Paragraph, n.LiteralBlock)):
                here = self._block_of(node)
                children: list[n.Block] = node.children  # type: ignore[attr-defined]
                head, rest = self._split_children(children, here)
                out.append((here, _with(node, "children", head)))
                out.extend(self._distribute(rest))
            else:
                out.append((self._block_of(node), node))
        return out

    def _cut_items(self, node: n.Block, attr: str, out: list[tuple[int, n.Block]]) -> None:
        group: n.Block | None = None
        for item in getattr(node, attr):
            here = self._block_of(item)
            if len(self._blocks_of(item)) <= 1:
                if group is not None and out and out[-1][1] is group and out[-1][0] == here:
                    getattr(group, attr).append(item)
                else:
                    group = _with(node, attr, [item])
                    out.append((here, group))
                continue
            head, rest = self._split_children(item.children, here)
            group = _with(node, attr, [_with(item, "children", head)])
            out.append((here, group))
            out.extend(self._distribute(rest))
            group = None

    def _split_children(self, children: list[n.Block],
                        here: int) -> tuple[list[n.Block], list[n.Block]]:
        head: list[n.Block] = []
        for i, child in enumerate(children):
            if self._blocks_of(child) != {here}:
                return head, list(children[i:])
            head.append(child)
        return head, []

    # ------------------------------------------------------------------ command tables

    def _shape(self, node: n.Block) -> list[n.Block]:
        """A piece of a block as the nodes that stand for it: the file's command tables
        become option entries or monitor-command definitions."""
        top = node if isinstance(node, n.Table) else None
        # tables inside entries stay definition lists (their terms are values, not
        # command-line options): only the file's own option tables make options
        for sub in node.walk():
            if isinstance(sub, n.Table) and sub is not top and sub.style == "option":
                sub.style = "option-value"
        if top is None or not top.entries:
            return [node]
        if self.mode == "commands":
            if top.style == "option":
                top.style = "option-value"
            out: list[n.Block] = []
            for entry in top.entries:
                out.extend(self._command_entry(entry))
            return out
        if top.style == "option":
            return [self._option_entry(top, entry) for entry in top.entries]
        return [node]

    @staticmethod
    def _signatures(entry: n.TableEntry) -> list[str]:
        return [s for s in (_one_line(n.plain_text(t)) for t in entry.terms) if s]

    @staticmethod
    def _without_findex(entry: n.TableEntry) -> list[n.Block]:
        return [c for c in entry.children if not (isinstance(c, n.IndexEntry) and c.index == "fn")]

    def _option_entry(self, table: n.Table, entry: n.TableEntry) -> n.Table:
        sigs = self._signatures(entry)
        if not sigs:
            return records.replace(table, entries=[entry], style="option-value")
        terms: list[list[n.Inline]] = [
            [n.Styled(kind="option", children=[n.Text(s)], source=entry.source,
                      line=entry.line)] for s in sigs]
        return records.replace(table, entries=[records.replace(
            entry, terms=terms, children=self._without_findex(entry))])

    def _command_entry(self, entry: n.TableEntry) -> list[n.Block]:
        source, line = entry.source, entry.line
        sigs = self._signatures(entry) or ["\\"]
        names = [_one_line(n.plain_text(c.children)) for c in entry.children
                 if isinstance(c, n.IndexEntry) and c.index == "fn"]
        names = [x for x in names if x]
        name = names[0] if names else sigs[0].split(" ")[0]
        out: list[n.Block] = [
            n.IndexEntry(index="fn", children=[n.Text(f"{index_name} (monitor command)")],
                         source=source, line=line) for index_name in names or [name]]
        # the label is a public name (``:ref:`quit <hmp-quit>```), the same in every
        # manual: written as it is, not through the manual's label prefix
        label = base = "hmp-" + _slug(name)
        k = 1
        while label in self._labels:
            k += 1
            label = f"{base}-{k}"
        self._labels.add(label)
        out.append(n.Literal(text=f".. _{label}:", second="", source=source, line=line))
        lines = [n.DefinitionLine(kind="describe", name=[n.Text(s)], source=source, line=line)
                 for s in sigs]
        out.append(n.Definition(kind="describe", lines=lines,
                                children=self._without_findex(entry), source=source, line=line))
        return out
