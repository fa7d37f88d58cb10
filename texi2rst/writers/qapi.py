"""QAPI schema → the common document tree (a reference manual), and the public API.

The manual has the shape of QEMU's own QAPI reference: free-form doc comments give the text
and the ``= ``/``== `` headings (nested :class:`nodes.Section`), each documented definition
becomes a :class:`nodes.NodeLabel` ``qapi-<Name>`` followed by a :class:`nodes.Definition`
(``kind`` ``qapi-command``, ``qapi-event``, ``qapi-struct``, ``qapi-union``,
``qapi-alternate``, ``qapi-enum``) holding its body, its members (a :class:`nodes.Table`),
features, tagged sections and conditions.  Every node carries the schema file and line it
came from.

API (no file I/O needed)::

    schema = parse_schema(text, "x.json")        # or read_schema(path)
    doc = schema_to_document(schema)              # nodes.Document
    blocks = definition_to_blocks(defn, schema)   # one definition
    blocks = doc_comment_to_blocks("## ... ##")   # one doc comment
    rst = render_rst(schema)                      # via rst_writer.write_rst
    rst = render_rst(schema, flavour="sphinx-domain")  # for the ``qapi`` Sphinx domain
    lines = render_rst_lines(schema, flavour="sphinx-domain")  # (text, file, line)
"""

from __future__ import annotations

import re

from texi2rst import nodes
from texi2rst.neutral import neutralise, scrub_tree
from texi2rst.readers.qapi.doc import (
    DocSection,
    QAPIDoc,
    literal_blocks,
    parse_doc_text,
    text_to_blocks,
)
from texi2rst.readers.qapi.schema import (
    BUILTIN_TYPES,
    Definition,
    Member,
    Schema,
    parse_schema,
    read_schema,
)
from texi2rst.writers.qapi_links import Known, Links, label_for, labels_for, qapi_target
from texi2rst.writers.qapi_rst import FIELDS, OPTIONS, QAPIRstWriter

__all__ = [
    "read_schema", "parse_schema", "schema_to_document", "definition_to_blocks",
    "doc_comment_to_blocks", "render_rst", "render_rst_lines", "label_for", "FLAVOURS",
]

#: the category shown on a definition's header line (as QEMU's manual did)
CATEGORIES = {"command": "Command", "event": "Event", "struct": "Object", "union": "Object",
              "alternate": "Alternate", "enum": "Enum"}


class _Ctx:
    """Where nodes come from and how ``@name`` resolves."""

    def __init__(self, known: Known | Links, source: str, fields: bool = False) -> None:
        self.links = known if isinstance(known, Links) else Links(known)
        self.source = source
        #: members, values, features and returns as the ``qapi`` domain's field lists
        self.fields = fields

    def resolve(self, name: str) -> str:
        return qapi_target(name) if self.links.kind(name) is not None else ""

    def text(self, text: str, line: int) -> nodes.Text:
        return nodes.Text(text, source=self.source, line=line)

    def code(self, text: str, line: int) -> nodes.Styled:
        return nodes.Styled(kind="code", children=[self.text(text, line)], source=self.source,
                            line=line)

    def strong(self, text: str, line: int) -> nodes.Styled:
        return nodes.Styled(kind="strong", children=[self.text(text, line)],
                            source=self.source, line=line)

    def para(self, children: list[nodes.Inline], line: int) -> nodes.Paragraph:
        return nodes.Paragraph(children=children, source=self.source, line=line)

    def type_inline(self, typ: str | list[str] | None, line: int) -> list[nodes.Inline]:
        """A member's type: user-defined types as references, built-ins plain (shown with
        the JSON type name QEMU's manual used: ``string``, ``boolean``, ``int`` …)."""
        if typ is None:
            return []
        if isinstance(typ, list):
            return [self.text("array of ", line), *self.type_inline(typ[0], line)]
        if typ in BUILTIN_TYPES:
            return [self.text(BUILTIN_TYPES[typ], line)]
        if self.resolve(typ):
            return [nodes.Reference(target=qapi_target(typ), label=[self.text(typ, line)],
                                    source=self.source, line=line)]
        return [self.code(typ, line)]

    def blocks(self, section: DocSection, headings: bool = False) -> list[nodes.Block]:
        return text_to_blocks(section.lines, source=self.source, resolve=self.resolve,
                              headings=headings)


# --------------------------------------------------------------------------- definitions


def _member_entry(ctx: _Ctx, m: Member, sec: DocSection | None,
                  suffix: list[nodes.Inline] | None = None,
                  fallback: list[nodes.Block] | None = None) -> nodes.TableEntry:
    line = m.line
    term: list[nodes.Inline] = [ctx.code(m.name, line)]
    if m.type is not None:
        term += [ctx.text(": ", line), *ctx.type_inline(m.type, line)]
    if suffix:
        term += suffix
    if m.optional:
        term.append(ctx.text(" (optional)", line))
    if sec is not None and sec.lines:
        children = ctx.blocks(sec)
    elif fallback is not None:
        children = fallback
    else:
        children = [ctx.para([ctx.text("Not documented", line)], line)] if suffix is None \
            else []
    if m.ifcond:
        children = [*children, _if_para(ctx, m.ifcond, line)]
    return nodes.TableEntry(terms=[term], children=children, source=ctx.source, line=line)


def _if_inlines(ctx: _Ctx, ifcond: list[str], line: int) -> list[nodes.Inline]:
    out: list[nodes.Inline] = [ctx.strong("If:", line), ctx.text(" ", line)]
    for i, cond in enumerate(ifcond):
        if i:
            out.append(ctx.text(", ", line))
        out.append(ctx.code(cond, line))
    return out


def _if_para(ctx: _Ctx, ifcond: list[str], line: int) -> nodes.Paragraph:
    return ctx.para(_if_inlines(ctx, ifcond, line), line)


def _titled_table(ctx: _Ctx, title: str, entries: list[nodes.TableEntry],
                  line: int, fields: list[str | None] | None = None) -> list[nodes.Block]:
    """``title:`` and a table of ``entries``; with ``ctx.fields``, a field list of the
    entries that have a field name in ``fields`` (the others as paragraphs after it)."""
    if not entries:
        return []
    if ctx.fields and fields is not None and all(f is not None for f in fields):
        return _field_list(ctx, entries, fields)
    return [ctx.para([ctx.strong(f"{title}:", line)], line),
            nodes.Table(kind="table", style="asis", entries=entries, source=ctx.source,
                        line=line)]


#: a name or type the domain's field names can hold as they are
_FIELD_WORD = re.compile(r"[A-Za-z0-9_][\w.+-]*")


def _field_name(field: str, m: Member) -> str | None:
    """``field TYPE name`` (``[TYPE]`` an array, ``TYPE?`` optional) as the ``qapi``
    domain reads it; None when a word would need escaping."""
    typ = m.type[0] if isinstance(m.type, list) else m.type
    words = [m.name] if typ is None else [typ, m.name]
    if not all(_FIELD_WORD.fullmatch(w) for w in words):
        return None
    if typ is None:
        return f"{field} {m.name}"
    # a built-in type as QEMU's manual names it (str: string), as in the signatures
    shown = BUILTIN_TYPES.get(typ, typ)
    shown = f"[{shown}]" if isinstance(m.type, list) else shown
    return f"{field} {shown}{'?' if m.optional else ''} {m.name}"


def _field_list(ctx: _Ctx, entries: list[nodes.TableEntry], fields: list[str | None]
                ) -> list[nodes.Block]:
    named = [nodes.TableEntry(terms=[[ctx.text(f, e.line)]], children=e.children,
                              source=e.source, line=e.line)
             for e, f in zip(entries, fields, strict=True) if f]
    out: list[nodes.Block] = []
    if named:
        out.append(nodes.Table(kind=FIELDS, entries=named, source=ctx.source,
                               line=named[0].line))
    out += [ctx.para(e.terms[0], e.line) for e, f in zip(entries, fields, strict=True)
            if not f and e.terms]
    return out


def _members_of(ctx: _Ctx, name: str, line: int, when: list[nodes.Inline] | None = None
                ) -> nodes.TableEntry:
    term: list[nodes.Inline] = [ctx.text("The members of ", line), *ctx.type_inline(name, line)]
    if when:
        term += when
    return nodes.TableEntry(terms=[term], children=[], source=ctx.source, line=line)


def _when(ctx: _Ctx, tag: str, value: str, ifcond: list[str], line: int
          ) -> list[nodes.Inline]:
    out: list[nodes.Inline] = [ctx.text(" when ", line), ctx.code(tag, line),
                               ctx.text(" is ", line), ctx.code(f'"{value}"', line)]
    if ifcond:
        out += [ctx.text(" (", line), *_if_inlines(ctx, ifcond, line), ctx.text(")", line)]
    return out


#: the ``qapi`` domain's field of a member of each kind of definition
_MEMBER_FIELDS = {"command": "arg", "alternate": "alt", "enum": "value"}


def _member_table(ctx: _Ctx, d: Definition, doc: QAPIDoc | None) -> list[nodes.Block]:
    args = doc.args if doc is not None else {}
    line = d.line
    entries: list[nodes.TableEntry] = []
    fields: list[str | None] = []  # each entry's field name ("": none, a paragraph)
    field = _MEMBER_FIELDS.get(d.kind, "memb")

    def member(m: Member, fallback: list[nodes.Block] | None = None) -> None:
        entries.append(_member_entry(ctx, m, args.get(m.name), fallback=fallback))
        fields.append(_field_name(field, m))

    def other(entry: nodes.TableEntry) -> None:
        entries.append(entry)
        fields.append("")

    if d.kind in ("command", "event") and (d.boxed or d.arg_type):
        if d.arg_type and d.boxed:
            return [ctx.para([ctx.strong("Arguments:", line), ctx.text(" the members of ", line),
                              *ctx.type_inline(d.arg_type, line)], line)]
        return []
    title = {"command": "Arguments", "event": "Arguments", "enum": "Values"}.get(d.kind,
                                                                                "Members")
    if d.kind == "union":
        if d.is_simple_union:
            values = [v.name for v in d.variants]
            member(Member("type", None, line=line), fallback=[ctx.para(
                [ctx.text("One of ", line)]
                + _join([ctx.code(f'"{v}"', line) for v in values], ctx, line), line)])
            for v in d.variants:
                other(_member_entry(ctx, Member("data", v.type, line=v.line), None,
                                    suffix=_when(ctx, "type", v.name, v.ifcond, v.line)))
        else:
            for m in d.base_members:
                member(m)
            if d.base:
                other(_members_of(ctx, d.base, line))
            for v in d.variants:
                typ = v.type[0] if isinstance(v.type, list) else (v.type or "")
                other(_members_of(ctx, typ, v.line,
                                  _when(ctx, d.discriminator or "type", v.name, v.ifcond,
                                        v.line)))
    else:
        for m in d.members:
            member(m)
        if d.kind == "struct" and d.base:
            other(_members_of(ctx, d.base, line))
    return _titled_table(ctx, title, entries, line, fields)


def _join(items: list[nodes.Inline], ctx: _Ctx, line: int) -> list[nodes.Inline]:
    out: list[nodes.Inline] = []
    for i, item in enumerate(items):
        if i:
            out.append(ctx.text(", ", line))
        out.append(item)
    return out


def _features_table(ctx: _Ctx, d: Definition | None, doc: QAPIDoc) -> list[nodes.Block]:
    entries = []
    features = d.features if d is not None else [Member(n, None, line=s.line)
                                                 for n, s in doc.features.items()]
    fields: list[str | None] = []
    for f in features:
        sec = doc.features.get(f.name)
        feature = Member(f.name, None, ifcond=f.ifcond, line=sec.line if sec else f.line)
        entries.append(_member_entry(ctx, feature, sec))
        fields.append(_field_name("feat", feature))
    return _titled_table(ctx, "Features", entries, doc.line, fields)


def _returns_field(ctx: _Ctx, d: Definition | None, sec: DocSection) -> list[nodes.Block]:
    """The ``Returns:`` section as a ``:return TYPE:`` field (``:returns:`` when the
    command's return type is not known or would need escaping)."""
    name = "returns"
    if d is not None and d.returns is not None:
        typed = _field_name("return", Member("x", d.returns, line=sec.line))
        name = typed[:-2] if typed else name
    entry = nodes.TableEntry(terms=[[ctx.text(name, sec.line)]], children=ctx.blocks(sec),
                             source=ctx.source, line=sec.line)
    return [nodes.Table(kind=FIELDS, entries=[entry], source=ctx.source, line=sec.line)]


#: a ``Since:`` text that a directive option holds as it is: one line, no QAPI markup
_OPTION_TEXT = re.compile(r"[^@*_`|\\]+")


def _option_text(sec: DocSection) -> str:
    text = " ".join(sec.text.split())
    return text if "\n" not in sec.text.strip() and _OPTION_TEXT.fullmatch(text) else ""


def _options(ctx: _Ctx, d: Definition) -> list[nodes.Block]:
    """The domain directive's ``:since:`` and ``:ifcond:`` options, as a table of kind
    ``"qapi-options"`` (the writer moves it into the directive's option lines)."""
    since = d.doc.section("Since") if d.doc is not None else None
    values = [("since", _option_text(since) if since is not None else "", d.line),
              ("ifcond", " and ".join(d.ifcond), d.line)]
    entries = [nodes.TableEntry(terms=[[ctx.text(name, line)]],
                                children=[ctx.para([ctx.text(value, line)], line)],
                                source=ctx.source, line=line)
               for name, value, line in values if value]
    return [nodes.Table(kind=OPTIONS, entries=entries, source=ctx.source, line=d.line)
            ] if entries else []


def _sections(ctx: _Ctx, doc: QAPIDoc, d: Definition | None = None) -> list[nodes.Block]:
    out: list[nodes.Block] = []
    for sec in doc.sections:
        line = sec.line
        if sec.name is None:
            out += ctx.blocks(sec)
        elif sec.name == "Returns" and ctx.fields:
            out += _returns_field(ctx, d, sec)
        elif sec.name == "Since" and ctx.fields and _option_text(sec):
            continue  # the directive's :since: option
        elif sec.name.startswith("Example"):
            out.append(ctx.para([ctx.strong(f"{sec.name}:", line)], line))
            out += literal_blocks(sec.lines, source=ctx.source)
        elif sec.name in ("Note", "Notes"):
            # "Notes" keeps its title (``.. admonition:: Notes``): a note would say "Note"
            kind = "Notes" if sec.name == "Notes" else "note"
            out.append(nodes.Admonition(kind=kind, title=[ctx.text(sec.name, line)],
                                        children=ctx.blocks(sec), source=ctx.source,
                                        line=line))
        else:
            blocks = ctx.blocks(sec)
            label = ctx.strong(f"{sec.name}:", line)
            if blocks and isinstance(blocks[0], nodes.Paragraph):
                blocks[0].children[:0] = [label, ctx.text(" ", line)]
                out += blocks
            else:
                out += [ctx.para([label], line), *blocks]
    return out


def _signature(ctx: _Ctx, d: Definition) -> list[nodes.Inline]:
    line = d.line
    if d.kind not in ("command", "event"):
        return []
    args: list[nodes.Inline]
    if d.arg_type:
        args = [ctx.text(f"({d.arg_type})", line)]
    else:
        names = [f"[{m.name}]" if m.optional else m.name for m in d.members]
        args = [ctx.text(f"({', '.join(names)})", line)]
    if d.kind == "command" and d.returns is not None:
        ret = d.returns if isinstance(d.returns, str) else f"[{d.returns[0]}]"
        args.append(ctx.text(f" -> {ret}", line))
    return args


def definition_to_blocks(defn: Definition, schema: Known | Links = None, *,
                         fields: bool = False) -> list[nodes.Block]:
    """One definition as a label (``qapi-<Name>``) and a :class:`nodes.Definition` block.

    ``schema`` says what ``@name`` and member types may link to (:data:`Known`: the
    :class:`Schema`, a set of definition names, or a callable); names it does not know stay
    code.  ``fields``: members, values, features and the ``Returns:`` section as the
    ``qapi`` domain's field lists (tables of kind ``"qapi-fields"``, what the
    ``sphinx-domain`` flavour writes) instead of titled tables, and a one-line ``Since:``
    and the ``if`` condition as the directive's options (a first table of kind
    ``"qapi-options"``)."""
    ctx = _Ctx(schema, defn.source, fields)
    doc = defn.doc
    line = doc.symbol_line if doc is not None and doc.symbol_line else defn.line
    header = nodes.DefinitionLine(
        kind="deftp" if defn.kind not in ("command", "event") else "deftypefn",
        category=[ctx.text(CATEGORIES[defn.kind], line)],
        name=[ctx.text(defn.name, line)],
        arguments=_signature(ctx, defn),
        index="tp" if defn.kind not in ("command", "event") else "fn",
        source=defn.source, line=line)
    children: list[nodes.Block] = _options(ctx, defn) if fields else []
    if doc is not None:
        doc_ctx = _Ctx(schema, doc.source, fields)
        children += doc_ctx.blocks(doc.body, headings=True)
    children += _member_table(ctx, defn, doc)
    if doc is not None:
        doc_ctx = _Ctx(schema, doc.source, fields)
        children += _features_table(doc_ctx, defn, doc)
        children += _sections(doc_ctx, doc, defn)
    if defn.ifcond and not fields:
        children.append(_if_para(ctx, defn.ifcond, line))
    return [nodes.NodeLabel(name=qapi_target(defn.name), source=defn.source,
                            line=doc.line if doc else line),
            nodes.Definition(kind=f"qapi-{defn.kind}", lines=[header], children=children,
                             source=defn.source, line=doc.line if doc else line)]


# --------------------------------------------------------------------------- documents


def _freeform_blocks(ctx: _Ctx, doc: QAPIDoc) -> list[nodes.Block]:
    return text_to_blocks(doc.body.lines, source=doc.source, resolve=ctx.resolve,
                          headings=True)


def schema_to_document(schema: Schema, *, title: str = "", fields: bool = False
                       ) -> nodes.Document:
    """The whole schema as a reference manual: free-form headings nest the definitions in
    :class:`nodes.Section` blocks (``=`` level 1, ``==`` level 2); ``fields`` as for
    :func:`definition_to_blocks`."""
    document = nodes.Document(source=schema.source, line=1)
    if title:
        document.title = [nodes.Text(title, source=schema.source, line=1)]
        document.settings["title"] = title
    stack: list[nodes.Document | nodes.Section] = [document]

    def add(block: nodes.Block) -> None:
        if isinstance(block, nodes.Heading):
            while len(stack) > 1 and getattr(stack[-1], "level", 0) >= block.level:
                stack.pop()
            section = nodes.Section(level=block.level,
                                    kind="chapter" if block.level == 1 else "section",
                                    title=block.title, source=block.source, line=block.line)
            stack[-1].children.append(section)
            stack.append(section)
        else:
            stack[-1].children.append(block)

    for item in schema.items:
        if isinstance(item, QAPIDoc):
            ctx = _Ctx(schema, item.source)
            for block in _freeform_blocks(ctx, item):
                add(block)
        else:
            for block in definition_to_blocks(item, schema, fields=fields):
                add(block)
    return document


def doc_comment_to_blocks(text_or_doc: str | QAPIDoc, schema: Known | Links = None,
                          *, source: str = "<string>") -> list[nodes.Block]:
    """One doc comment as blocks: free-form text, or a definition's documentation without
    the schema around it (members only as documented).  ``text_or_doc`` is the comment
    (``##`` … ``##`` lines, or bare text without ``#``) or a parsed :class:`QAPIDoc`.
    ``schema`` as for :func:`definition_to_blocks`.  Raises
    :class:`texi2rst.readers.qapi.errors.QAPIError` (a ``DocError``) for a malformed
    comment."""
    doc = text_or_doc if isinstance(text_or_doc, QAPIDoc) else parse_doc_text(text_or_doc,
                                                                              source=source)
    ctx = _Ctx(schema, doc.source)
    if doc.freeform:
        return _freeform_blocks(ctx, doc)
    blocks = ctx.blocks(doc.body, headings=True)
    entries = [_member_entry(ctx, Member(name, None, line=sec.line), sec)
               for name, sec in doc.args.items()]
    blocks += _titled_table(ctx, "Members", entries, doc.line)
    blocks += _features_table(ctx, None, doc)
    blocks += _sections(ctx, doc)
    return blocks


#: how definitions and references are written: ``plain`` (``.. describe::`` and ``:ref:``,
#: builds with plain Sphinx) or ``sphinx-domain`` (the ``qapi`` domain of
#: :mod:`texi2rst.sphinx.qapi`: ``.. qapi:command::`` … and ``:qapi:cmd:`` … roles)
FLAVOURS = ("plain", "sphinx-domain")


def _render_target(obj: Schema | Definition | QAPIDoc | str | nodes.Document,
                   known: Known | Links, title: str, fields: bool = False
                   ) -> tuple[nodes.Document | list[nodes.Block], Links, str]:
    if title and not isinstance(obj, Schema):
        raise TypeError("render_rst(): 'title' applies to a whole Schema only")
    if isinstance(obj, Schema):
        return schema_to_document(obj, title=title, fields=fields), Links(obj), obj.source
    links = Links(known)
    if isinstance(obj, Definition):
        return definition_to_blocks(obj, links, fields=fields), links, obj.source
    if isinstance(obj, nodes.Document):
        return obj, links, obj.source
    blocks = doc_comment_to_blocks(obj, links)
    source = obj.source if isinstance(obj, QAPIDoc) else "<string>"
    return blocks, links, source


def render_rst_lines(obj: Schema | Definition | QAPIDoc | str | nodes.Document,
                     schema: Known | Links = None, *, flavour: str = "plain",
                     no_index: bool = False, title: str = "") -> list[tuple[str, str, int]]:
    """Like :func:`render_rst`, as ``(text, source, line)`` for each output line: the schema
    file and line each rST line comes from (what a Sphinx directive gives ``nested_parse``
    so that docutils' warnings point into the schema)."""
    from texi2rst.writers import rst as rw

    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r} (one of {', '.join(FLAVOURS)})")
    domain = flavour == "sphinx-domain"
    target, links, source = _render_target(obj, schema, title, fields=domain)
    scrub_tree(target)
    labels = labels_for(target, links)
    writer = QAPIRstWriter(target, rw.RstOptions(), labels, None, links=links,
                            domain=domain, no_index=no_index)
    out: list[str] = []
    if isinstance(target, nodes.Document) and nodes.plain_text(target.title).strip():
        title = writer.line_text(target.title)
        width = max(rw.column_width(title), 1)
        out += ["#" * width, title, "#" * width, ""]
    out += writer.blocks(target.children if isinstance(target, nodes.Document) else target,
                         0, top=True)
    while out and out[-1] == "":
        out.pop()
    lines: list[tuple[str, str, int]] = []
    where = (source, 1)
    for raw in out:
        text, where = writer.strip_origin(raw, where)
        lines.append((neutralise(text), where[0], where[1]))
    return lines


def render_rst(obj: Schema | Definition | QAPIDoc | str | nodes.Document,
               schema: Known | Links = None, *, flavour: str = "plain",
               no_index: bool = False, title: str = "") -> str:
    """reStructuredText for a schema, one definition, one doc comment (parsed or text) or a
    document built from them, through :func:`texi2rst.writers.rst.write_rst`.

    ``flavour`` is ``"plain"`` (default: ``.. describe::`` blocks, ``.. _qapi-Name:`` labels
    and ``:ref:`` references, for any Sphinx) or ``"sphinx-domain"`` (``.. qapi:command::``,
    ``.. qapi:struct::`` … directives, ``:qapi:cmd:``/``:qapi:event:``/``:qapi:type:``
    roles and the domain's field lists for members, values, features and returns, for a
    project using the ``texi2rst.sphinx`` extension); ``no_index`` adds
    ``:no-index:`` to every domain directive (a second rendering of the same schema);
    ``title`` heads a whole schema's document.  ``schema`` says what a definition or doc
    comment rendered alone may link to (:data:`Known`).  Any other keyword is a
    ``TypeError``; an unknown flavour a ``ValueError``.  Thread-safe (no global state)."""
    from texi2rst.writers import rst as rst_writer

    if flavour == "plain" and not no_index:
        target, links, _source = _render_target(obj, schema, title)
        return rst_writer.write_rst(target, labels=labels_for(target, links))
    lines = render_rst_lines(obj, schema, flavour=flavour, no_index=no_index, title=title)
    return "\n".join(text for text, _s, _l in lines) + "\n"
