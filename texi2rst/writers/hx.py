"""QEMU ``.hx`` files: the documentation tree of a ``.hx`` file written back as rST.

The reader (:mod:`texi2rst.readers.hx_document`) gives a :class:`~texi2rst.nodes.Document`:
sections from the headings, one :class:`~texi2rst.nodes.HxBlock` per documentation block. The
rST writer (:func:`texi2rst.writers.rst.write_rst`, with the file's :class:`Labels`) renders
every node; this module only places the rendered rST:

* :meth:`HxConverter.rewritten` — the file with each ``STEXI`` block replaced by an ``SRST``
  block holding its rST. No rendered line starts (after blanks) with one of hxtool's markers
  (``ERST``, ``SRST``, ``STEXI`` …): such a line is escaped with a backslash, which rST reads
  as nothing (a literal block holding one is written as a parsed literal, where the escape
  works too), so the block structure of the file cannot change;
* :meth:`HxConverter.rst_lines` — the file's documentation as one rST document.

Option entries are ``.. option::`` (``:option:`-machine```); monitor commands
(``hmp-commands*.hx``) get an index entry, a label ``hmp-<name>`` and ``.. describe::``;
refer to them with ``:ref:`quit <hmp-quit>```.

Entry points: :func:`convert_hx` (the ``texi2rst hx`` command) and :class:`HxConverter`
(also used by the Sphinx directive in :mod:`texi2rst.sphinx.hx`).
"""

from __future__ import annotations

import re

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.neutral import neutralise
from texi2rst.output import atomic_write, atomic_write_bytes, keep_output
from texi2rst.readers.files import ByteBudget
from texi2rst.readers.hx import HxFile, read_hx
from texi2rst.readers.hx_document import HxReader
from texi2rst.readers.texinfo.options import Options
from texi2rst.transforms.untrusted import drop_raw_html
from texi2rst.writers.rst import Labels, RstOptions, defined_options, make_label, write_rst

#: a located rST line: (text, line number in the .hx file)
RstLine = tuple[str, int]

_LABEL_LINE = re.compile(r"^\s*\.\. _[^:]+:\s*$")
_OPTION_LINE = re.compile(r"^(\s*)\.\. option::")
_INDEX_LINE = re.compile(r"^(\s*)\.\. index::")
_SURROGATES = re.compile("[\udc80-\udcff]")

#: hxtool's line markers: a documentation line must never start with one (blanks stripped)
HX_MARKERS = ("HXCOMM", "STEXI", "ETEXI", "SRST", "ERST", "SQMP", "EQMP", "DEFHEADING",
              "ARCHHEADING")
_MARKER_LINE = re.compile(r"^([ \t]*)(?=" + "|".join(HX_MARKERS) + ")")
_LITERAL_INTRO = re.compile(r"^([ \t]*)(?:\.\. (?:code-block|code|sourcecode|raw)::.*"
                            r"|(?!\.\. ).*::)$")


def _starts_with_marker(text: str) -> bool:
    return any(line.lstrip(" \t\r").startswith(HX_MARKERS) for line in text.split("\n"))


def _markers_to_parsed_literal(doc: n.Node) -> None:
    """Literal blocks with a line that starts with an hxtool marker become parsed literals,
    where a backslash escape before the marker is read as nothing."""
    for node in doc.walk():
        if (isinstance(node, n.LiteralBlock) and node.children
                and all(isinstance(c, n.Text) for c in node.children)
                and _starts_with_marker(n.plain_text(node.children))):
            node.children = [n.Styled(kind="r", children=list(node.children),
                                      source=node.source, line=node.line)]


class HxConverter:
    """Reads one ``.hx`` file into a tree and renders it.

    ``mode``: ``"auto"`` (monitor commands for ``hmp-*.hx``, else options), ``"options"`` or
    ``"commands"``. ``index=False`` writes no labels, no index entries and ``:no-index:``
    options (for a file rendered a second time)."""

    def __init__(self, hx: HxFile, options: Options | None = None,
                 reporter: Reporter | None = None, *, mode: str = "auto",
                 index: bool = True, substitute_values: bool = False,
                 label_prefix: str = "") -> None:
        self.hx = hx
        self.label_prefix = label_prefix
        self.reporter = reporter or Reporter()
        self.index = index
        self.raw_html = (options or Options()).raw_html
        self.reader = HxReader(hx, options, self.reporter, mode=mode,
                               substitute_values=substitute_values)
        self.mode = self.reader.mode
        self.doc: n.Document | None = None
        self.block_rst: dict[int, list[RstLine]] = {}
        self.included: set[str] = set()

    def convert(self) -> None:
        """Read the file into a tree and render each STEXI block's rST."""
        self.doc = self.reader.read()
        self.included = self.reader.included
        if not self.raw_html:
            drop_raw_html(self.doc)
        _markers_to_parsed_literal(self.doc)
        self._report_substitutions(self.doc)
        labels = Labels.collect(self.doc)
        if self.label_prefix:
            # references out of the file go to the labels of the manual that shows it
            for node in self.doc.walk():
                if isinstance(node, n.Reference) and not (node.manual or node.info_file) \
                        and node.target.strip() and labels.label_for(node.target) is None:
                    labels.by_name[node.target] = make_label(node.target, self.label_prefix)
        known: set[str] = set()
        if self.index and self.mode == "options":
            for node in self.doc.walk():
                if isinstance(node, n.Table):
                    known.update(defined_options(node))
        # a rewritten file is part of QEMU's manuals: references go to their labels
        options = RstOptions(known_options=known, outside_references="ref"
                             if self.reader.options.value_substitutions else "text")
        for node in self.doc.walk():
            if isinstance(node, n.HxBlock) and node.kind == "stexi":
                out: list[RstLine] = []
                for child in node.children:
                    text = write_rst([child], options=options, labels=labels,
                                     reporter=self.reporter)
                    lines = text.rstrip("\n").split("\n")
                    if not any(x.strip() for x in lines):
                        continue
                    if out:
                        out.append(("", child.line))
                    out.extend((x, child.line) for x in lines)
                if not self.index:
                    out = strip_index(out)
                self.block_rst[node.number] = self._escape_markers(out)

    def _report_substitutions(self, doc: n.Document) -> None:
        """Say once per variable that its ``|NAME|`` needs a definition in ``rst_epilog``."""
        seen: set[str] = set()
        for node in doc.walk():
            if isinstance(node, n.Styled) and node.kind == "value":
                name = n.plain_text(node.children)
                if name not in seen:
                    seen.add(name)
                    self.reporter.warning(node.source, node.line, f"@value{{{name}}} is "
                                          f"written as the substitution |{name}|: define it "
                                          "in rst_epilog of the Sphinx configuration")

    def _escape_markers(self, lines: list[RstLine]) -> list[RstLine]:
        """No line may start with an hxtool marker: a backslash before it (read as nothing
        by rST) keeps the file's block structure."""
        out: list[RstLine] = []
        literal_indent = -1
        for text, line in lines:
            indent = len(text) - len(text.lstrip(" "))
            if literal_indent >= 0 and text.strip() and indent <= literal_indent:
                literal_indent = -1
            m = _MARKER_LINE.match(text)
            if m and text.strip():
                if literal_indent >= 0:
                    self.reporter.warning(self.hx.path, line, "literal text line starts with "
                                          "an .hx marker; a backslash was added before it")
                text = m.group(1) + "\\" + text[m.end(1):]
            intro = _LITERAL_INTRO.match(text)
            if intro and literal_indent < 0:
                literal_indent = len(intro.group(1))
            out.append((text, line))
        return out

    # ------------------------------------------------------------------ whole-file outputs

    def rewritten(self, keep_texinfo: bool = False) -> str:
        """The file with every STEXI block replaced by (or, with ``keep_texinfo``, followed by)
        an SRST block holding its rST. Every other line is kept byte for byte.

        Each SRST block is a complete rST fragment ending with a blank line (QEMU's hxtool
        joins the blocks of a section into one text); ``HXCOMM`` lines inside a block stay in
        it, before the rST of the line after them; a block whose Texinfo gives no text (only
        ``@table``/``@end table``) leaves only its ``HXCOMM`` lines."""
        out: list[str] = []
        k = 0
        for part in self.hx.parts:
            if part.kind != "stexi":
                out.append(part.raw)
                continue
            end = part.lines[0].end or "\n"
            rst = self.block_rst.get(k, [])
            k += 1
            comments = [x for x in part.body if x.stripped.startswith("HXCOMM")]
            if keep_texinfo:
                out.append(part.raw)
                if not part.lines[-1].end:
                    out.append(end)
                comments = []
            if not rst:
                out.extend(x.raw for x in comments)
                continue
            out.append("SRST" + end)
            for text, number in rst:
                while comments and comments[0].number < number:
                    out.append(comments.pop(0).raw)
                out.append(neutralise(text).rstrip() + end)
            out.append(end)
            out.extend(x.raw for x in comments)
            out.append("ERST" + part.lines[-1].end)
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

        def visit(blocks: list[n.Block]) -> None:
            for block in blocks:
                if isinstance(block, n.Section):
                    title = write_rst([n.Section(level=block.level, kind=block.kind,
                                                 title=block.title)],
                                      options=RstOptions(section_level=2))
                    add([(x, block.line) for x in title.rstrip("\n").split("\n")] +
                        [("", block.line)])
                    visit(block.children)
                elif isinstance(block, n.HxBlock) and block.kind == "stexi":
                    add(self.block_rst.get(block.number, []))
                elif isinstance(block, n.HxBlock):
                    add(self._srst_lines(block))

        if self.doc is not None:
            visit(self.doc.children)
        while out and not out[-1][0].strip():
            out.pop()
        return [(neutralise(text), number) for text, number in out]

    def _srst_lines(self, block: n.HxBlock) -> list[RstLine]:
        lines: list[RstLine] = []
        for run in block.children:
            if isinstance(run, n.Literal):
                lines.extend((x, run.line + i) for i, x in enumerate(run.text.split("\n")))
        if not self.index:
            return strip_index(lines)
        if block.label and lines:
            return [(f".. _{block.label}:", block.line), ("", block.line), *lines]
        return lines


def host_blocks(doc: n.Document) -> list[n.Block]:
    """The tree of a ``.hx`` file as blocks another document can hold (a manual that
    ``@include``-d what hxtool made of it): each STEXI block gives its blocks; an SRST block
    gives its rST as a ``Literal`` (its label first), with a second rendering for man pages
    (no labels, no index entries, options ``:no-index:``)."""
    out: list[n.Block] = []
    for block in doc.children if isinstance(doc, n.Document) else []:
        out.extend(_host(block))
    return out


def _host(block: n.Block) -> list[n.Block]:
    if isinstance(block, n.Section):
        children: list[n.Block] = []
        for child in block.children:
            children.extend(_host(child))
        block.children = children
        return [block]
    if not isinstance(block, n.HxBlock):
        return [block]
    if block.kind == "stexi":
        return list(block.children)
    lines = [(x, run.line) for run in block.children if isinstance(run, n.Literal)
             for x in run.text.split("\n")]
    if not lines:
        return []
    source, line = block.source, block.line
    out: list[n.Block] = []
    if block.label:
        out.append(n.Literal(text=f".. _{block.label}:", second="", source=source, line=line))
    out.append(n.Literal(text="\n".join(x for x, _ in lines),
                         second="\n".join(x for x, _ in strip_index(lines)),
                         source=source, line=line))
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
            pad = m.group(1) + "   "
            while i < len(lines) and lines[i][0].strip() and not lines[i][0].lstrip().startswith(
                    ":"):
                out.append(lines[i])
                i += 1
            out.append((pad + ":no-index:", num))
    return out


def load(path: str, options: Options | None, reporter: Reporter, *, mode: str = "auto",
         index: bool = True, substitute_values: bool = False,
         label_prefix: str = "") -> HxConverter | None:
    """Read and convert a ``.hx`` file; None when its markers do not pair."""
    limits = (options or Options()).limits
    hx = read_hx(path, reporter, ByteBudget(limits.max_total_input_bytes,
                                            limits.max_repeated_input_bytes,
                                            limits.max_input_bytes))
    if hx is None:
        return None
    conv = HxConverter(hx, options, reporter, mode=mode, index=index,
                       substitute_values=substitute_values, label_prefix=label_prefix)
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
    rewrite = in_place or bool(output and output != "-" and output.endswith(".hx"))
    conv = load(input, options, reporter, substitute_values=rewrite)
    if conv is None or not keep_output(input if in_place else output or "-", reporter, force):
        return 1
    if rewrite:
        data = conv.rewritten(keep_texinfo).encode("utf-8", "surrogateescape")
        atomic_write_bytes(input if in_place or not output else output, data,
                           allow_input=in_place)
    else:
        text = "\n".join(t for t, _ in conv.rst_lines()) + "\n"
        atomic_write(output or "-", _SURROGATES.sub("\ufffd", text))  # rST is always UTF-8
    return 1 if reporter.has_errors else 0
