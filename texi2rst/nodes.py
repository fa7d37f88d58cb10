"""The common document tree shared by every reader and writer.

Readers (Texinfo, ``.hx``, QAPI) build these nodes; writers (rST, Sphinx project) walk them.
Every node carries the original source file and line (``node.source``, ``node.line``), so a
writer or a checker can point back at the input, even through ``@include`` and macros.

Two families:

* **Block** nodes hold a list of ``children`` (blocks) and stand on lines of their own.
* **Inline** nodes live inside paragraphs and titles; containers among them hold ``children``
  (inlines), leaves hold ``text``.

The meaning of inline markup is kept (``Styled.kind`` is the Texinfo command name, such as
``"code"``, ``"var"`` or ``"option"``), so a writer can choose a role per meaning.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from reprlib import recursive_repr

from texi2rst.records import CompiledInits, dataclass_transform, field, fields, make_record, record

try:  # the node classes' __init__ compiled ahead: see texi2rst.records.write_compiled_inits
    from texi2rst.node_inits import INITS as _INITS
except ImportError:  # (while it is written again)
    _INITS: CompiledInits = {}  # type: ignore[no-redef]

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any, TypedDict

    class Loc(TypedDict):
        """A node's location as keyword arguments: ``Text("x", **loc)``."""

        source: str
        line: int
else:
    Loc = dict  # (a TypedDict is a dict)


@dataclass_transform(eq_default=False, field_specifiers=(field,))
@record(eq=False, repr=False)
class Node:
    """Base of every node: where it came from."""

    source: str = field(default="", kw_only=True)
    line: int = field(default=0, kw_only=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every node class is a record (:mod:`texi2rst.records`) with the options of this
        one (compared by identity, the one ``__repr__`` below), without a decorator of its
        own."""
        super().__init_subclass__(**kwargs)
        make_record(cls, eq=False, repr=False, compiled=_INITS)

    @recursive_repr()
    def __repr__(self) -> str:
        # the dataclass format, written once here: a generated __repr__ per node class
        # costs start-up time
        args = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{self.__class__.__qualname__}({args})"

    def walk(self, *, text: bool = True) -> Iterator[Node]:
        """This node, then every node below it, depth first, in document order (without
        the :class:`Text` leaves below it when ``text`` is false: most nodes are text)."""
        # iterative, with a stack of nodes: deep trees cost no recursion; the children are
        # gathered inline (not through child_nodes()): a walk visits every node of a manual
        stack: list[Node] = [self]
        pop, push = stack.pop, stack.extend
        while stack:
            node = pop()
            yield node
            names = _CHILD_FIELDS.get(node.__class__)
            if names is None:
                names = _child_fields(node.__class__)
            if not names:
                continue
            children: list[Node] = []
            add = children.append
            for name in names:
                for item in getattr(node, name) or ():
                    if isinstance(item, Node):
                        if text or item.__class__ is not Text:
                            add(item)
                    elif isinstance(item, list):
                        _collect_nodes(item, children, text)
            if children:
                children.reverse()
                push(children)

    def __deepcopy__(self, memo: dict[int, Any]) -> Node:
        """What ``copy.deepcopy`` makes of a node (a new object of the class, its fields
        copied deeply, shared objects kept shared), without the generic machinery that made
        copying man-page regions a fifth of a conversion."""
        new = self.__class__.__new__(self.__class__)
        memo[id(self)] = new
        state = new.__dict__
        for name, value in self.__dict__.items():
            state[name] = value if value.__class__ in _ATOMIC else _deep_copy(value, memo)
        return new

    def child_nodes(self) -> list[Node]:
        """Direct children, from every field that holds nodes, in order."""
        names = _CHILD_FIELDS.get(self.__class__)
        if names is None:
            names = _child_fields(self.__class__)
        out: list[Node] = []
        for name in names:
            value = getattr(self, name)
            if value:
                _collect_nodes(value, out)
        return out


#: the classes ``copy.deepcopy`` returns as they are
_ATOMIC = frozenset({str, int, float, bool, type(None)})


def _deep_copy(value: Any, memo: dict[int, Any]) -> Any:
    """``copy.deepcopy(value, memo)``, with lists of nodes copied here."""
    found = memo.get(id(value), memo)
    if found is not memo:
        return found
    if value.__class__ is not list:
        return copy.deepcopy(value, memo)
    out: list[Any] = []
    memo[id(value)] = out
    for item in value:
        if item.__class__ in _ATOMIC:
            out.append(item)
        elif isinstance(item, Node):
            done = memo.get(id(item), memo)
            out.append(item.__deepcopy__(memo) if done is memo else done)
        else:
            out.append(_deep_copy(item, memo))
    return out


#: the field names :meth:`Node.child_nodes` looks at, per node class
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    """The list fields of ``cls`` (nodes only ever live in lists), looked up once."""
    names = _CHILD_FIELDS[cls] = tuple(
        f.name for f in fields(cls) if f.default_factory is list)
    return names


def _collect_nodes(items: list[Any], out: list[Node], text: bool = True) -> None:
    for item in items:
        if isinstance(item, Node):
            if text or item.__class__ is not Text:
                out.append(item)
        elif isinstance(item, list):
            _collect_nodes(item, out, text)


@record(eq=False, repr=False)
class ImageSource:
    """What an image is made of: its file (``path``), ``alt`` text, size as given, and
    ``text``, the image's text version (``FILE.txt``), for outputs that cannot show images.
    :class:`Image` stands as a block, :class:`InlineImage` inside text."""

    path: str = ""
    alt: str = ""
    width: str = ""
    height: str = ""
    text: str = ""


# --------------------------------------------------------------------------- inline nodes


class Inline(Node):
    """Base of inline nodes."""


class Text(Inline):
    """Plain text, already free of Texinfo markup (glyphs resolved to Unicode)."""

    text: str = ""


class Styled(Inline):
    """Inline markup with its meaning: ``kind`` is the Texinfo command (``code``, ``var``,
    ``option``, ``file``, ``command``, ``env``, ``kbd``, ``key``, ``samp``, ``dfn``, ``emph``,
    ``strong``, ``cite``, ``acronym``, ``abbr``, ``sc``, ``b``, ``i``, ``t``, ``r``, ``sansserif``,
    ``slanted``, ``math``, ``indicateurl``, ``verb``, ``asis``, ``sub``, ``sup`` …)."""

    kind: str = "code"
    children: list[Inline] = field(default_factory=list)
    #: ``@abbr``/``@acronym`` expansion, when given
    expansion: list[Inline] = field(default_factory=list)
    #: the blocks of a ``@caption``/``@shortcaption`` whose text holds some (a float's
    #: caption), else None
    blocks: list[Block] | None = field(default=None, repr=False)


class Reference(Inline):
    """A cross-reference (``@xref``, ``@pxref``, ``@ref``, ``@inforef``).

    ``target`` is the node or anchor name; ``label`` the text the author gave (argument 2 or 3,
    may be empty); ``manual``/``info_file`` name another manual (arguments 5 and 4)."""

    kind: str = "ref"
    target: str = ""
    label: list[Inline] = field(default_factory=list)
    title: list[Inline] = field(default_factory=list)
    info_file: str = ""
    manual: str = ""


class Link(Inline):
    """An external link: ``@uref``/``@url`` (``kind="url"``) or ``@email`` (``kind="email"``)."""

    kind: str = "url"
    url: str = ""
    children: list[Inline] = field(default_factory=list)


class Anchor(Inline):
    """``@anchor{name}``: a reference target inside running text."""

    name: str = ""


class Footnote(Inline):
    """``@footnote{...}``: its body is block content."""

    children: list[Block] = field(default_factory=list)


class LineBreak(Inline):
    """``@*``: a forced line break."""


class InlineImage(ImageSource, Inline):
    """``@image`` used inside a paragraph."""


class RawInline(Inline):
    """Inline raw output for one format (``@inlineraw``, ``@inlinefmt``)."""

    format: str = "html"
    text: str = ""


class IndexTarget(Inline):
    """An index entry inside running text (``@cindex`` can only stand on a line, but
    ``@sortas`` and table ``@ftable``/``@vtable`` entries make entries from inline positions)."""

    index: str = "cp"
    children: list[Inline] = field(default_factory=list)


# --------------------------------------------------------------------------- block nodes


class Block(Node):
    """Base of block nodes."""


class Document(Block):
    """The root. ``settings`` keeps document-wide values (``title``, ``filename``,
    ``encoding``, ``VERSION`` …); ``indices`` maps each index name to the index its entries
    are merged into (``@synindex``) and whether it is a code index."""

    children: list[Block] = field(default_factory=list)
    title: list[Inline] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    indices: dict[str, IndexInfo] = field(default_factory=dict)
    copying: list[Block] = field(default_factory=list)


@record(eq=False, repr=False)
class IndexInfo:
    """One index: its two-letter (or defined) name, whether entries are code, merged into."""

    name: str
    code: bool = False
    merged_into: str = ""


@record(eq=False, repr=False)
class Titled:
    """What sections and headings share: ``level`` (0 for ``@top``, 1 chapter … 4), the
    command (``kind``) and the ``title``."""

    level: int = 1
    kind: str = "heading"
    title: list[Inline] = field(default_factory=list)


class Section(Titled, Block):
    """A sectioning command with what follows it up to the next section of its level or higher.

    ``level``: 0 for ``@top``, 1 chapter, 2 section, 3 subsection, 4 subsubsection.
    ``kind``: the command (``chapter``, ``unnumbered``, ``appendix``, ``heading`` …).
    ``node``: the ``@node`` name labelling it ("" when none); ``node_line`` its line."""

    kind: str = "chapter"
    node: str = ""
    children: list[Block] = field(default_factory=list)

    @property
    def numbered(self) -> bool:
        return self.kind in {"chapter", "section", "subsection", "subsubsection", "appendix",
                             "appendixsec", "appendixsubsec", "appendixsubsubsec"}


class Heading(Titled, Block):
    """A heading outside the section tree (``@heading``, ``@majorheading``, ``@chapheading``…)."""


class NodeLabel(Block):
    """``@node`` not followed by a section: a bare reference target."""

    name: str = ""


class Paragraph(Block):
    children: list[Inline] = field(default_factory=list)


class LiteralBlock(Block):
    """Preformatted text. ``kind`` is the Texinfo block (``example``, ``smallexample``,
    ``lisp``, ``verbatim``, ``display``, ``format`` …). ``children`` are inlines: markup inside
    ``@example`` is kept (``@var`` in examples); ``@verbatim`` holds a single ``Text``.
    ``language`` is a highlighting hint ("" for none)."""

    kind: str = "example"
    children: list[Inline] = field(default_factory=list)
    language: str = ""


class LineBlock(Block):
    """Lines kept as they are but filled with markup (``@display``, ``@format``,
    ``@flushleft``, ``@flushright``, ``@center`` lines). Each line is a list of inlines."""

    kind: str = "display"
    lines: list[list[Inline]] = field(default_factory=list)


class ListItem(Block):
    children: list[Block] = field(default_factory=list)


class BulletList(Block):
    """``@itemize``: ``mark`` is its bullet as Texinfo gave it (``@bullet``, ``@minus`` …)."""

    mark: list[Inline] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)


class EnumeratedList(Block):
    """``@enumerate``: ``start`` is a number or a letter (``"1"``, ``"3"``, ``"a"``, ``"C"``)."""

    start: str = "1"
    items: list[ListItem] = field(default_factory=list)


class TableEntry(Block):
    """One ``@item`` (with its ``@itemx`` lines) of a two-column table."""

    terms: list[list[Inline]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


class Table(Block):
    """``@table``/``@ftable``/``@vtable``: ``kind`` is the block, ``style`` the command its
    terms are formatted with (``code``, ``option``, ``asis`` …; terms are already wrapped in
    ``Styled`` nodes of that kind). ``index`` is ``fn``/``vr`` for ``@ftable``/``@vtable``."""

    kind: str = "table"
    style: str = "asis"
    index: str = ""
    entries: list[TableEntry] = field(default_factory=list)


class MultiTable(Block):
    """``@multitable``. ``columns`` are relative widths; ``head``/``body`` are rows of cells,
    each cell a list of blocks."""

    columns: list[float] = field(default_factory=list)
    head: list[list[list[Block]]] = field(default_factory=list)
    body: list[list[list[Block]]] = field(default_factory=list)


class Quotation(Block):
    """``@quotation``/``@smallquotation``/``@indentedblock``/``@cartouche``; ``title`` is the
    argument (``@quotation Note``). ``authors`` from ``@author`` lines inside it."""

    kind: str = "quotation"
    title: list[Inline] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    authors: list[list[Inline]] = field(default_factory=list)


class Admonition(Block):
    """A note, warning, caution … (``@quotation Note``/``@quotation Warning``, QAPI ``Note:``).
    ``kind`` is the admonition name in lower case."""

    kind: str = "note"
    title: list[Inline] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


class DefinitionLine(Block):
    """One ``@deffn`` or ``@deffnx`` header line.

    ``kind`` is the command (``deffn``, ``deftypefn``, ``defun``, ``defvr`` …); ``category``
    (e.g. "Command"), ``data_type`` (return type for ``@deftype*``), ``name`` and ``arguments``
    (the rest of the line, markup kept)."""

    kind: str = "deffn"
    category: list[Inline] = field(default_factory=list)
    data_type: list[Inline] = field(default_factory=list)
    name: list[Inline] = field(default_factory=list)
    arguments: list[Inline] = field(default_factory=list)
    index: str = ""


class Definition(Block):
    """A ``@deffn``-family block: header lines then the body."""

    kind: str = "deffn"
    lines: list[DefinitionLine] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


class IndexEntry(Block):
    """``@cindex``/``@findex``/… or a ``@defindex`` index: ``index`` is the index name
    (``cp``, ``fn``, ``vr``, ``ky``, ``pg``, ``tp`` or a defined one)."""

    index: str = "cp"
    children: list[Inline] = field(default_factory=list)


class PrintIndex(Block):
    """``@printindex NAME``."""

    index: str = "cp"


class Image(ImageSource, Block):
    """``@image{file,width,height,alt,ext}`` standing as a paragraph of its own."""


class Float(Block):
    """``@float TYPE,LABEL`` with ``@caption``/``@shortcaption``."""

    kind: str = ""
    label: str = ""
    caption: list[Block] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


class RawBlock(Block):
    """Output for one format only (``@html`` → ``format="html"``, ``@tex`` …)."""

    format: str = "html"
    text: str = ""


class Menu(Block):
    """``@menu``: entries, and free text (``@menu`` comment lines) kept as ``MenuComment``."""

    entries: list[Block] = field(default_factory=list)


class MenuEntry(Block):
    """``* name: node.  description`` or ``* node::  description``."""

    name: list[Inline] = field(default_factory=list)
    node: str = ""
    manual: str = ""
    description: list[Inline] = field(default_factory=list)


class MenuComment(Block):
    """A free line in a menu (a heading between entries)."""

    children: list[Inline] = field(default_factory=list)


class Container(Block):
    """Blocks grouped with a purpose: ``kind`` says which (``titlepage``, ``copying``,
    ``man`` for a ``@c man begin`` region, ``group`` …); ``name`` is its argument
    (the man-page section name, e.g. ``DESCRIPTION``, and the program whose page it is
    for, if any: ``DESCRIPTION ar``; see :func:`man_region`)."""

    kind: str = "group"
    name: str = ""
    children: list[Block] = field(default_factory=list)


_MAN_REGION = re.compile(r"\s*(\S*)(?:\s+([A-Za-z0-9-]+))?")


def man_region(name: str) -> tuple[str, str]:
    """A man-page region's section (upper case; ``DESCRIPTION`` when the region names none)
    and the program it is for: ``@c man begin SECTION PROGRAM`` is printed by texi2pod.pl only
    into PROGRAM's page ("": into every page)."""
    m = _MAN_REGION.match(name)
    assert m is not None  # (it matches any text)
    return m.group(1).upper() or "DESCRIPTION", m.group(2) or ""


class Transition(Block):
    """A horizontal rule (``@page``-like breaks are dropped; ``@sp``/``@hrule`` …)."""


class Comment(Block):
    """Text kept for the writer but not for readers of the manual (an unsupported construct)."""

    text: str = ""


class Literal(Block):
    """Already-written rST passed through untouched (a ``.hx`` file's ``SRST`` block).
    ``second`` is the rST for a second place that shows the same text (man pages): without
    labels, index entries or object descriptions Sphinx would see twice (None: the same)."""

    text: str = ""
    second: str | None = None


class HxBlock(Block):
    """One documentation block of a QEMU ``.hx`` file, remembering which one it was.

    ``kind`` is ``stexi`` (``children`` are the blocks read from its Texinfo; ``number`` is its
    position among the file's ``STEXI`` blocks, so a writer can put its rST back in its place)
    or ``srst`` (``children`` are ``Literal`` runs of the rST as written, ``HXCOMM`` lines left
    out; ``label`` is the argument of ``SRST(label)``). Writers that do not place blocks back
    into the file render the children in order."""

    kind: str = "stexi"
    number: int = 0
    label: str = ""
    children: list[Block] = field(default_factory=list)


def plain_text(inlines: list[Inline] | Inline) -> str:
    """The text of inline content without markup (footnotes left out)."""
    out: list[str] = []
    for node in inlines if isinstance(inlines, list) else [inlines]:
        _plain_text_into(node, out)
    return "".join(out)


def _plain_text_into(node: Node, out: list[str]) -> None:
    # a module-level function, not a closure that calls itself: such a closure is a reference
    # cycle, which only the cycle collector frees
    if isinstance(node, Text):
        out.append(node.text)
    elif isinstance(node, Reference):
        label = node.label or node.title
        if label:
            for child in label:
                _plain_text_into(child, out)
        else:
            out.append(node.target)
    elif isinstance(node, Link):
        if node.children:
            for child in node.children:
                _plain_text_into(child, out)
        else:
            out.append(node.url)
    elif isinstance(node, LineBreak):
        out.append(" ")
    elif isinstance(node, (Styled, IndexTarget)):
        for child in node.children:
            _plain_text_into(child, out)
