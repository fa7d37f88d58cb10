"""QEMU ``.hx`` files: their Texinfo (``STEXI`` blocks) to reStructuredText.

All the ``STEXI`` blocks of a file are read as **one** Texinfo document (as ``hxtool -t`` fed
them to makeinfo), so a ``@table`` opened in one block and closed in a later one is one table.
The tree is then split back per block by the source lines of its nodes: each block gets the
nodes whose first line is in it, and a table (or list) spanning blocks is cut into the entries
of each block, so every block's rST stands on its own.

Entries of the file's command tables become Sphinx objects:

* ``@table @option`` entries of an options file → ``.. option::`` (``:option:`-machine```);
* entries of the monitor-command tables (``hmp-commands*.hx``) → an index entry, a label
  ``hmp-<name>`` (``<name>`` from ``@findex``) and ``.. describe::``;
  refer to them with ``:ref:`quit <hmp-quit>```.

Entry points: :func:`convert_hx` (the ``texi2rst hx`` command) and :class:`HxConverter`
(also used by the Sphinx directive in :mod:`texi2rst.sphinx.hx`).
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.output import atomic_write, atomic_write_bytes, keep_output
from texi2rst.readers.hx import HxFile, read_hx
from texi2rst.readers.texinfo.lexer import Options
from texi2rst.readers.texinfo.parser import TexinfoReader
from texi2rst.writers.rst import Labels, RstOptions, option_name, write_rst

#: a located rST line: (text, line number in the .hx file)
RstLine = tuple[str, int]

_TITLE_SPECIALS = re.compile(r"([\\*`|_])")
_LABEL_LINE = re.compile(r"^\s*\.\. _[^:]+:\s*$")
_OPTION_LINE = re.compile(r"^(\s*)\.\. option::")
_INDEX_LINE = re.compile(r"^(\s*)\.\. index::")


_SURROGATES = re.compile("[\udc80-\udcff]")


def is_command_file(path: str) -> bool:
    """Whether the file documents monitor commands (``hmp-commands*.hx``)."""
    return os.path.basename(path).startswith("hmp-")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "command"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class HxConverter:
    """Converts the Texinfo of one read ``.hx`` file.

    ``mode``: ``"auto"`` (monitor commands for ``hmp-*.hx``, else options), ``"options"`` or
    ``"commands"``. ``index=False`` writes no labels, no index entries and ``:no-index:``
    options (for a file rendered a second time)."""

    def __init__(self, hx: HxFile, options: Options | None = None,
                 reporter: Reporter | None = None, *, mode: str = "auto",
                 index: bool = True) -> None:
        self.hx = hx
        self.reporter = reporter or Reporter()
        self.index = index
        if mode == "auto":
            mode = "commands" if is_command_file(hx.path) else "options"
        self.mode = mode
        opts = dataclasses.replace(options) if options else Options()
        folder = os.path.dirname(os.path.abspath(hx.path))
        opts.include_dirs = [folder, *[d for d in opts.include_dirs if d != folder]]
        self.options = opts
        self.stexi = hx.blocks("stexi")
        self.doc: n.Document | None = None
        self.block_rst: dict[int, list[RstLine]] = {}
        self.included: set[str] = set()
        self.used_labels: set[str] = set()

    # ------------------------------------------------------------------ reading

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

    def convert(self) -> None:
        """Read the STEXI blocks as one document and write each block's rST."""
        if not self.stexi:
            return
        reader = TexinfoReader(self.options, self.reporter)
        self.doc = reader.read_lines(self.texinfo_lines(), self.hx.path)
        starts = [p.line for p in self.stexi]
        self._assign_blocks(starts)
        pieces = self._distribute(self.doc.children)
        self.labels = Labels.collect(self.doc)
        self.known_options: set[str] = set()
        if self.index and self.mode == "options":
            for _, node, _ in pieces:
                if self._is_option_table(node):
                    for entry in node.entries:
                        for term in entry.terms:
                            sig = _one_line(n.plain_text(term))
                            if sig:
                                self.known_options.add(option_name(sig))
        self._neutralise_nested_tables(pieces)
        per_block: dict[int, list[list[RstLine]]] = {}
        for block, node, _ in pieces:
            lines = self._render(node)
            if lines:
                per_block.setdefault(block, []).append(lines)
        for i in range(len(self.stexi)):
            out: list[RstLine] = []
            for chunk in per_block.get(i, []):
                if out:
                    out.append(("", chunk[0][1]))
                out.extend(chunk)
            self.block_rst[i] = out

    def _assign_blocks(self, starts: list[int]) -> None:
        """Give every node of the tree the index of the STEXI block it comes from. Nodes from
        an ``@include`` (or without a line) belong where the text before them does."""
        assert self.doc is not None
        self._block: dict[int, int] = {}
        current = 0
        path = self.hx.path
        for node in self.doc.walk():
            if node.source and node.source != path:
                self.included.add(node.source)
            if node.source == path and node.line > 0:
                current = max(0, bisect.bisect_right(starts, node.line) - 1)
            self._block[id(node)] = current

    def block_of(self, node: n.Node) -> int:
        return self._block.get(id(node), 0)

    def blocks_of(self, node: n.Node) -> set[int]:
        return {self._block.get(id(x), 0) for x in node.walk()}

    # ------------------------------------------------------------------ splitting per block

    def _distribute(self, blocks: list[n.Block]) -> list[tuple[int, n.Block, bool]]:
        """(block index, node, cut from a larger node) for each piece, in document order."""
        out: list[tuple[int, n.Block, bool]] = []
        for node in blocks:
            if len(self.blocks_of(node)) <= 1:
                out.append((self.block_of(node), node, False))
            elif isinstance(node, n.Table):
                self._cut_items(node, "entries", out)
            elif isinstance(node, (n.BulletList, n.EnumeratedList)):
                self._cut_items(node, "items", out)
            elif isinstance(getattr(node, "children", None), list) and not isinstance(
                    node, (n.Paragraph, n.LiteralBlock)):
                here = self.block_of(node)
                head, rest = self._split_children(node.children, here)
                out.append((here, dataclasses.replace(node, children=head), True))
                out.extend(self._distribute(rest))
            else:
                out.append((self.block_of(node), node, False))
        return out

    def _cut_items(self, node: n.Block, attr: str, out: list[tuple[int, n.Block, bool]]) -> None:
        group: n.Block | None = None
        for item in getattr(node, attr):
            here = self.block_of(item)
            if len(self.blocks_of(item)) <= 1:
                if group is not None and out and out[-1][1] is group and out[-1][0] == here:
                    getattr(group, attr).append(item)
                else:
                    group = dataclasses.replace(node, **{attr: [item]})
                    out.append((here, group, True))
                continue
            head, rest = self._split_children(item.children, here)
            group = dataclasses.replace(node, **{attr: [dataclasses.replace(item, children=head)]})
            out.append((here, group, True))
            out.extend(self._distribute(rest))
            group = None

    def _split_children(self, children: list[n.Block],
                        here: int) -> tuple[list[n.Block], list[n.Block]]:
        head: list[n.Block] = []
        for i, child in enumerate(children):
            if self.blocks_of(child) != {here}:
                return head, list(children[i:])
            head.append(child)
        return head, []

    # ------------------------------------------------------------------ rendering

    def _is_option_table(self, node: n.Block) -> bool:
        return isinstance(node, n.Table) and node.style == "option" and bool(node.entries)

    def _is_command_table(self, node: n.Block) -> bool:
        return isinstance(node, n.Table) and bool(node.entries) and self.mode == "commands"

    def _neutralise_nested_tables(self, pieces: list[tuple[int, n.Block, bool]]) -> None:
        """Tables inside entries stay definition lists (their terms are values, not
        command-line options): only the file's own option tables make ``.. option::``."""
        for _, node, _ in pieces:
            top = node if isinstance(node, n.Table) else None
            for sub in node.walk():
                if isinstance(sub, n.Table) and sub is not top and sub.style == "option":
                    sub.style = "option-value"
            if top is not None and top.style == "option" and self.mode == "commands":
                top.style = "option-value"

    def _write(self, blocks: list[n.Block]) -> list[str]:
        if not blocks:
            return []
        text = write_rst(blocks, options=RstOptions(known_options=self.known_options),
                         labels=self.labels, reporter=self.reporter)
        lines = text.rstrip("\n").split("\n")
        return lines if any(x.strip() for x in lines) else []

    def _render(self, node: n.Block) -> list[RstLine]:
        line = node.line
        if self.mode == "options" and self._is_option_table(node):
            return self._render_entries(node, self._option_entry)
        if self._is_command_table(node):
            return self._render_entries(node, self._command_entry)
        return [(x, line) for x in self._write([node])]

    def _render_entries(self, table: n.Table, render) -> list[RstLine]:
        out: list[RstLine] = []
        for entry in table.entries:
            lines = render(table, entry)
            if out and lines:
                out.append(("", entry.line))
            out.extend(lines)
        return out

    def _body(self, entry: n.TableEntry, drop_findex: bool) -> list[str]:
        children = [c for c in entry.children
                    if not (drop_findex and isinstance(c, n.IndexEntry) and c.index == "fn")]
        return self._write(children)

    def _signatures(self, entry: n.TableEntry) -> list[str]:
        return [s for s in (_one_line(n.plain_text(t)) for t in entry.terms) if s]

    def _option_entry(self, table: n.Table, entry: n.TableEntry) -> list[RstLine]:
        sigs = self._signatures(entry)
        if not sigs:
            return [(x, entry.line) for x in self._write([dataclasses.replace(
                table, entries=[entry], style="option-value")])]
        head = ".. option:: "
        lines = [head + sigs[0]] + [" " * len(head) + s for s in sigs[1:]]
        if not self.index:
            lines.append("   :no-index:")
        body = self._body(entry, drop_findex=True)
        if body:
            lines += [""] + ["   " + b if b else "" for b in body]
        return [(x, entry.line) for x in lines]

    def _command_entry(self, table: n.Table, entry: n.TableEntry) -> list[RstLine]:
        sigs = self._signatures(entry) or ["\\"]
        names = [_one_line(n.plain_text(c.children)) for c in entry.children
                 if isinstance(c, n.IndexEntry) and c.index == "fn"]
        names = [x for x in names if x]
        name = names[0] if names else sigs[0].split(" ")[0]
        lines: list[str] = []
        if self.index:
            for index_name in names or [name]:
                lines += [f".. index:: single: {index_name} (monitor command)", ""]
            label = "hmp-" + _slug(name)
            base, k = label, 1
            while label in self.used_labels:
                k += 1
                label = f"{base}-{k}"
            self.used_labels.add(label)
            lines += [f".. _{label}:", ""]
        head = ".. describe:: "
        lines += [head + sigs[0]] + [" " * len(head) + s for s in sigs[1:]]
        body = self._body(entry, drop_findex=True)
        if body:
            lines += [""] + ["   " + b if b else "" for b in body]
        return [(x, entry.line) for x in lines]

    # ------------------------------------------------------------------ whole-file outputs

    def rewritten(self, keep_texinfo: bool = False) -> str:
        """The file with every STEXI block replaced by (or, with ``keep_texinfo``, followed by)
        an SRST block holding its rST. Every other line is kept byte for byte."""
        out: list[str] = []
        k = 0
        for part in self.hx.parts:
            if part.kind != "stexi":
                out.append(part.raw)
                continue
            end = part.lines[0].end or "\n"
            if keep_texinfo:
                out.append(part.raw)
                if not part.lines[-1].end:
                    out.append(end)
            else:
                out.extend(x.raw for x in part.body if x.stripped.startswith("HXCOMM"))
            out.append("SRST" + end)
            out.extend(text.rstrip() + end for text, _ in self.block_rst.get(k, []))
            out.append("ERST" + part.lines[-1].end)
            k += 1
        return "".join(out)

    def rst_lines(self) -> list[RstLine]:
        """The file's documentation as one rST document: headings as section titles, the
        STEXI blocks converted, the SRST blocks as they are (``SQMP`` text is left out)."""
        out: list[RstLine] = []

        def add(lines: list[RstLine]) -> None:
            if not lines:
                return
            if out and out[-1][0].strip():
                out.append(("", lines[0][1]))
            out.extend(lines)

        k = 0
        for part in self.hx.parts:
            if part.kind == "heading":
                title = part.title.strip()
                if title.endswith(":"):
                    title = title[:-1].rstrip()
                if title:
                    title = _TITLE_SPECIALS.sub(r"\\\1", title)
                    add([(title, part.line), ("=" * max(len(title), 4), part.line),
                          ("", part.line)])
            elif part.kind == "stexi":
                add(self.block_rst.get(k, []))
                k += 1
            elif part.kind == "srst":
                lines = [(x.text.rstrip("\r"), x.number) for x in part.body
                         if not x.stripped.startswith("HXCOMM")]
                if not self.index:
                    lines = strip_index(lines)
                elif part.label and lines:
                    lines = [(f".. _{part.label}:", part.line), ("", part.line), *lines]
                add(lines)
        while out and not out[-1][0].strip():
            out.pop()
        return out


def strip_index(lines: list[RstLine]) -> list[RstLine]:
    """Already-written rST without labels and index entries, its options ``:no-index:``."""
    out: list[RstLine] = []
    i = 0
    while i < len(lines):
        text, num = lines[i]
        if _LABEL_LINE.match(text):
            i += 1
            continue
        m = _INDEX_LINE.match(text)
        if m:
            indent = len(m.group(1))
            i += 1
            while i < len(lines) and (not lines[i][0].strip() or
                                      len(lines[i][0]) - len(lines[i][0].lstrip()) > indent):
                if not lines[i][0].strip() and (i + 1 >= len(lines) or len(
                        lines[i + 1][0]) - len(lines[i + 1][0].lstrip()) <= indent):
                    break
                i += 1
            continue
        out.append((text, num))
        m = _OPTION_LINE.match(text)
        i += 1
        if m:
            indent = m.group(1) + "   "
            while i < len(lines) and lines[i][0].strip() and not lines[i][0].lstrip().startswith(
                    ":"):
                out.append(lines[i])
                i += 1
            out.append((indent + ":no-index:", num))
    return out


def load(path: str, options: Options | None, reporter: Reporter, *, mode: str = "auto",
         index: bool = True) -> HxConverter | None:
    """Read and convert a ``.hx`` file; None when its markers do not pair."""
    hx = read_hx(path, reporter)
    if hx is None:
        return None
    conv = HxConverter(hx, options, reporter, mode=mode, index=index)
    conv.convert()
    return conv


def convert_hx(input: str, output: str | None, *, in_place: bool = False,
               keep_texinfo: bool = False, options: Options | None = None,
               reporter: Reporter | None = None, force: bool = False) -> int:
    """``texi2rst hx``: rewrite a ``.hx`` file (``-o OUT.hx`` or ``in_place``: a symlink
    stays one, its target is rewritten, with its mode) or write its documentation as rST
    (``-o OUT.rst`` or ``-o -``). Writes nothing when the input has errors, unless
    ``force``. Returns the exit code."""
    reporter = reporter or Reporter()
    conv = load(input, options, reporter)
    if conv is None or not keep_output(input if in_place else output or "-", reporter, force):
        return 1
    if in_place or (output and output != "-" and output.endswith(".hx")):
        data = conv.rewritten(keep_texinfo).encode("utf-8", "surrogateescape")
        atomic_write_bytes(input if in_place else output, data, allow_input=in_place)
    else:
        text = "\n".join(t for t, _ in conv.rst_lines()) + "\n"
        atomic_write(output or "-", _SURROGATES.sub("\ufffd", text))  # rST is always UTF-8
    return 1 if reporter.has_errors else 0
