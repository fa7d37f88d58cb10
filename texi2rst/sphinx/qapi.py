"""QAPI schemas in a Sphinx build: the ``qapi`` domain and the ``qapi-doc`` directive.

Registered by the extension :mod:`texi2rst.sphinx` (``extensions = ["texi2rst.sphinx"]``);
this module can also be named in ``extensions`` on its own.

The domain
    Directives ``qapi:command``, ``qapi:event``, ``qapi:struct``, ``qapi:union``,
    ``qapi:alternate`` and ``qapi:enum`` (signature ``name``, ``name(args)`` or
    ``name(args) -> Type``; options ``:no-index:``, ``:no-index-entry:``,
    ``:no-contents-entry:``, ``:no-typesetting:``, ``:since:``, ``:ifcond:``,
    ``:deprecated:``; field lists ``:arg TYPE name:``, ``:memb TYPE name:``,
    ``:alt TYPE name:``, ``:value name:``, ``:feat name:``, ``:return TYPE:``/``:returns:``,
    ``:error Name:``) describe one definition each; ``qapi:module`` starts a
    module; roles ``:qapi:cmd:``, ``:qapi:event:``, ``:qapi:type:`` (any struct, union,
    alternate or enum), ``:qapi:struct:``, ``:qapi:union:``, ``:qapi:alternate:``,
    ``:qapi:enum:``, ``:qapi:mod:`` and ``:qapi:any:`` reference them (``module.name``: the
    ``name`` of that module; ``~`` drops a module part from the text; a dangling reference,
    an unknown module or a name of another module is a warning), ``:hmp:`` (or ``:qapi:hmp:``)
    an HMP command's ``hmp-NAME`` label; the index
    "QMP commands and types" is the page ``qapi-index``; general-index entries read
    "name (QMP command)" and so on.

``.. qapi-doc:: path/to/schema.json``
    Renders the documentation of a schema (with its includes) in place.  The path is
    relative to the document, or absolute (``/x.json`` is relative to the source folder, as
    for ``literalinclude``; an absolute file-system path must lie inside it); files outside
    the source folder are refused.  Problems in the schema are warnings located in the schema
    file, as are docutils' warnings about the generated text.  Every file read becomes a
    dependency of the document.  ``:no-index:`` renders without registering the definitions
    (a second rendering of a schema documented elsewhere in the project).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar

from docutils import nodes  # type: ignore[import-untyped, unused-ignore]
from docutils.parsers.rst import directives  # type: ignore[import-untyped, unused-ignore]
from docutils.statemachine import StringList  # type: ignore[import-untyped, unused-ignore]
from sphinx import addnodes
from sphinx.directives import ObjectDescription
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docfields import Field, GroupedField, TypedField
from sphinx.util.docutils import SphinxDirective, switch_source_input
from sphinx.util.nodes import make_id, make_refnode, nested_parse_with_titles

from texi2rst.diagnostics import Reporter
from texi2rst.neutral import neutralise_lines
from texi2rst.output import inside_any
from texi2rst.readers.files import ByteBudget, read_input
from texi2rst.readers.qapi.model import BUILTIN_TYPE_NAMES
from texi2rst.readers.qapi.schema import parse_schema
from texi2rst.sphinx import (
    add_input_config,
    is_copy,
    read_roots,
    resolve_input,
    source_tree,
)
from texi2rst.sphinx.cache import cached
from texi2rst.writers.qapi import render_rst_lines

logger = logging.getLogger(__name__)

#: object type → (label in the index and in signatures, roles that can reference it)
OBJECT_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "command": ("QMP command", ("cmd", "any")),
    "event": ("QMP event", ("event", "any")),
    "struct": ("QAPI struct", ("type", "struct", "any")),
    "union": ("QAPI union", ("type", "union", "any")),
    "alternate": ("QAPI alternate", ("type", "alternate", "any")),
    "enum": ("QAPI enum", ("type", "enum", "any")),
    "module": ("QAPI module", ("mod", "any")),
}

#: the heading each kind gets in signatures (as QEMU's manual showed them)
_SIG_CATEGORY = {"command": "Command", "event": "Event", "struct": "Object",
                 "union": "Object", "alternate": "Alternate", "enum": "Enum"}

#: index groups, in order
_INDEX_GROUPS = (("Commands", ("command",)), ("Events", ("event",)),
                 ("Types", ("struct", "union", "alternate", "enum")))

_SIG_RE = re.compile(r"^\s*([A-Za-z_][\w.+-]*)\s*(?:\((.*)\))?\s*(?:->\s*(\S.*?))?\s*$")


def _location(source: str, line: int) -> nodes.Element:
    """A node that only carries a location (Sphinx prints it as ``source:line``)."""
    where = nodes.Element()
    where.source, where.line = source, line or None
    return where


# --------------------------------------------------------------------------- directives


class _QAPITypes:
    """Types in fields as QAPI writes them: ``[Type]`` an array of ``Type`` (shown "array of"
    and its link, as QEMU's manual says it), ``Type?`` an optional member (", optional" after
    it)."""

    def make_xrefs(self, rolename: str, domain: str, target: str,
                   innernode: type[Any] = addnodes.literal_emphasis,
                   contnode: nodes.Node | None = None, env: Any = None, inliner: Any = None,
                   location: Any = None) -> list[nodes.Node]:
        optional = bool(rolename) and target.endswith("?")
        inner = target[:-1] if optional else target
        array = re.fullmatch(r"\[\s*(\S+?)\s*\]", inner) if rolename else None
        name = array.group(1) if array else inner
        out: list[nodes.Node] = super().make_xrefs(  # type: ignore[misc]
            rolename, domain, name, innernode, contnode, env, inliner, location)
        if array:
            out = [nodes.Text("array of "), *out]
        if optional:
            out.append(nodes.Text(", optional"))
        return out


class _TypedField(_QAPITypes, TypedField):
    """``:arg TYPE name:`` fields (``TYPE`` as :class:`_QAPITypes` reads it)."""


class _GroupedField(_QAPITypes, GroupedField):
    """``:return TYPE:`` fields (``TYPE`` as :class:`_QAPITypes` reads it)."""


_NO_INDEX_OPTIONS: dict[str, Any] = {"no-index": directives.flag, "noindex": directives.flag}


class QAPIObject(ObjectDescription[str]):
    """One QAPI definition; the signature is ``name``, ``name(args)`` or
    ``name(args) -> Type`` (``[Type]`` for an array)."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        **ObjectDescription.option_spec,
        "since": directives.unchanged_required,
        "ifcond": directives.unchanged_required,
        "deprecated": directives.flag,
    }
    doc_field_types = [  # noqa: RUF012 (Sphinx reads the class attribute)
        _TypedField("argument", label="Arguments", names=("arg", "argument"),
                    typerolename="type", typenames=("arg-type",), can_collapse=True),
        _TypedField("member", label="Members", names=("memb", "member"),
                    typerolename="type", typenames=("memb-type", "type"), can_collapse=True),
        _TypedField("alternative", label="Alternatives", names=("alt", "choice"),
                    typerolename="type", typenames=("alt-type",), can_collapse=True),
        GroupedField("value", label="Values", names=("value",), can_collapse=True),
        GroupedField("feature", label="Features", names=("feature", "feat"),
                     can_collapse=True),
        _GroupedField("return", label="Returns", names=("return",), rolename="type",
                      can_collapse=True),
        Field("returns", label="Returns", has_arg=False, names=("returns",)),
        GroupedField("error", label="Errors", names=("error", "errors"), can_collapse=True),
    ]

    def transform_content(self, content_node: addnodes.desc_content) -> None:
        """``:since:`` and ``:ifcond:`` as a field list after the body."""
        fields = nodes.field_list()
        for option, label in (("ifcond", "If"), ("since", "Since")):
            value = self.options.get(option)
            if value:
                fields += nodes.field("", nodes.field_name("", label),
                                      nodes.field_body("", nodes.paragraph(value, value)))
        if fields.children:
            content_node += fields

    def handle_signature(self, sig: str, signode: addnodes.desc_signature) -> str:
        m = _SIG_RE.match(sig)
        if not m:
            raise ValueError(f"not a QAPI signature: {sig!r}")
        name, args, returns = m.group(1), m.group(2), m.group(3)
        category = _SIG_CATEGORY.get(self.objtype, self.objtype)
        if "deprecated" in self.options:
            signode += addnodes.desc_annotation("deprecated", "", nodes.Text("deprecated"),
                                                addnodes.desc_sig_space())
        signode += addnodes.desc_annotation(category, "", nodes.Text(category),
                                            addnodes.desc_sig_space())
        signode += addnodes.desc_name(name, name)
        if args is not None:
            params = addnodes.desc_parameterlist()
            for arg in (a.strip() for a in args.split(",")):
                if arg:
                    params += addnodes.desc_parameter(arg, arg)
            signode += params
        if returns:
            signode += addnodes.desc_returns("", "", *self._type_nodes(returns))
        signode["qapi:name"] = name
        return name

    def _type_nodes(self, text: str) -> list[nodes.Node]:
        m = re.fullmatch(r"\[\s*(\S+?)\s*\]", text)
        inner = m.group(1) if m else text
        if inner in BUILTIN_TYPE_NAMES or not re.fullmatch(r"[A-Za-z_][\w.+-]*", inner):
            ref: nodes.Node = nodes.Text(inner)
        else:
            ref = addnodes.pending_xref("", nodes.Text(inner), refdomain="qapi",
                                        reftype="type", reftarget=inner, refwarn=False)
        if m:
            return [addnodes.desc_sig_punctuation("", "["), ref,
                    addnodes.desc_sig_punctuation("", "]")]
        return [ref]

    def add_target_and_index(self, name: str, sig: str,
                             signode: addnodes.desc_signature) -> None:
        node_id = make_id(self.env, self.state.document, "qapi", name)
        signode["ids"].append(node_id)
        self.state.document.note_explicit_target(signode)
        domain: QAPIDomain = self.env.domains["qapi"]  # type: ignore[assignment]
        domain.note_object(name, self.objtype, node_id, location=signode)
        if "no-index-entry" not in self.options:
            label = OBJECT_TYPES[self.objtype][0]
            self.indexnode["entries"].append(("single", f"{name} ({label})", node_id, "",
                                              None))

    def _object_hierarchy_parts(self, sig_node: addnodes.desc_signature) -> tuple[str, ...]:
        name = sig_node.get("qapi:name")
        return (name,) if name else ()

    def _toc_entry_name(self, sig_node: addnodes.desc_signature) -> str:
        return str(sig_node.get("qapi:name", ""))


class QAPIModule(SphinxDirective):
    """``.. qapi:module:: name`` -- the definitions that follow belong to module ``name``
    (a target for ``:qapi:mod:`` and an index entry; ``:no-index:`` makes neither)."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = _NO_INDEX_OPTIONS

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        self.env.ref_context["qapi:module"] = name
        out: list[nodes.Node] = []
        if "no-index" not in self.options and "noindex" not in self.options:
            node_id = make_id(self.env, self.state.document, "qapi-module", name)
            target = nodes.target("", "", ids=[node_id], ismod=True)
            self.set_source_info(target)
            self.state.document.note_explicit_target(target)
            domain: QAPIDomain = self.env.domains["qapi"]  # type: ignore[assignment]
            domain.note_object(name, "module", node_id, location=target)
            index = addnodes.index(entries=[("single", f"{name} (QAPI module)", node_id, "",
                                             None)])
            out += [index, target]
        if self.content:
            holder = nodes.section()
            holder.document = self.state.document
            nested_parse_with_titles(self.state, self.content, holder)
            out += holder.children
        return out


class QAPIXRefRole(XRefRole):
    """The roles of the domain: ``~name`` shows the name without its module part
    (``~mod.name`` → ``name``); ``:hmp:`` refers to the ``hmp-NAME`` label of an HMP
    command (as the ``.hx`` converter writes them)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if self.name == "hmp":  # the role registered outside the domain
            self.refdomain, self.reftype = "qapi", "hmp"
            self.classes = ["xref", "qapi", "qapi-hmp"]
            return self.create_xref_node()
        return super().run()

    def process_link(self, env: Any, refnode: nodes.Element, has_explicit_title: bool,
                     title: str, target: str) -> tuple[str, str]:
        target = target.lstrip("~")
        if not has_explicit_title and title.startswith("~"):
            title = re.split(r"[.:]", title[1:])[-1]
        return title, target


class QAPIDocDirective(SphinxDirective):
    """``.. qapi-doc:: schema.json`` – the documentation of a whole schema."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = _NO_INDEX_OPTIONS

    def run(self) -> list[nodes.Node]:
        path = self._schema_path(self.arguments[0])
        if isinstance(path, nodes.system_message):
            return [path]
        roots = read_roots(self.env)

        def read() -> tuple[tuple[Any, list[Any], list[str]], list[str]]:
            reporter, budget, read_files = Reporter(), ByteBudget(), []

            def load(include: str) -> str:
                real = os.path.realpath(include)
                if not inside_any(roots, real):
                    raise OSError(f"{include} is outside the Sphinx source folder")
                read_files.append(real)
                return read_input(real, budget).decode("utf-8")

            text = load(path)
            schema = parse_schema(text, path, reporter=reporter, include_loader=load)
            return (schema, reporter.diagnostics, read_files), read_files

        try:  # one read per build for every qapi-doc directive on this schema
            schema, diagnostics, read_files = cached(self.env, ("qapi-doc", path, tuple(roots)),
                                                     read)
        except (OSError, UnicodeDecodeError) as exc:
            self.env.note_dependency(path)
            return [self._error(f"qapi-doc: cannot read {path}: "
                                f"{getattr(exc, 'strerror', None) or exc}")]
        for real in read_files:
            self.env.note_dependency(real)
        for diag in diagnostics:
            where = "".join(f"in file included from {f}:{n}: " for f, n in diag.includes)
            context = f"{diag.context[:1].lower()}{diag.context[1:]}: " if diag.context else ""
            logger.warning("%s%s%s", where, context, diag.message,
                           location=_location(diag.source, diag.line),
                           type="qapi", subtype="schema")
        no_index = "no-index" in self.options or "noindex" in self.options or is_copy(self.env)
        lines = render_rst_lines(schema, flavour="sphinx-domain", no_index=no_index)
        content = StringList(neutralise_lines(t for t, _s, _l in lines),
                             items=[(s, max(ln - 1, 0)) for _t, s, ln in lines])
        holder = nodes.section()  # sections in the schema may open at any level
        holder.document = self.state.document
        with switch_source_input(self.state, content):
            nested_parse_with_titles(self.state, content, holder)
        return list(holder.children)

    def _error(self, message: str) -> nodes.system_message:
        return self.state.document.reporter.error(message, line=self.lineno)

    def _schema_path(self, argument: str) -> str | nodes.system_message:
        real, allowed = resolve_input(self.env, argument)
        if not allowed:
            tree = source_tree(self.env)
            where = f"the source tree {tree}" if tree else \
                f"the Sphinx source folder {os.path.realpath(self.env.srcdir)}"
            return self._error(f"qapi-doc: {argument} is outside {where}; refusing to read it")
        return real



# --------------------------------------------------------------------------- domain


#: what the domain knows of a definition: (docname, node id, kind, module or "")
Record = tuple[str, str, str, str]


class QAPIIndex(Index):
    """The index of every QMP command, event and type of the project."""

    name = "index"
    localname = "QMP commands and types"
    shortname = "QMP index"

    def generate(self, docnames: Iterable[str] | None = None
                 ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        wanted = set(docnames) if docnames is not None else None
        objects: dict[str, Record] = self.domain.data["objects"]
        content = []
        for title, kinds in _INDEX_GROUPS:
            entries = [IndexEntry(name, 0, docname, node_id, OBJECT_TYPES[kind][0], "", "")
                       for name, (docname, node_id, kind, _module) in sorted(
                           objects.items(), key=lambda kv: kv[0].lower())
                       if kind in kinds and (wanted is None or docname in wanted)]
            if entries:
                content.append((title, entries))
        return content, False


class QAPIDomain(Domain):
    """The ``qapi`` domain: QMP commands, events and QAPI types."""

    name = "qapi"
    label = "QAPI"
    object_types: ClassVar[dict[str, ObjType]] = {
        kind: ObjType(label, *roles) for kind, (label, roles) in OBJECT_TYPES.items()}
    directives: ClassVar[dict[str, type]] = {
        **{kind: QAPIObject for kind in OBJECT_TYPES if kind != "module"},
        "module": QAPIModule}
    roles: ClassVar[dict[str, Any]] = {
        role: QAPIXRefRole(warn_dangling=True)
        for role in ("cmd", "event", "type", "struct", "union", "alternate", "enum", "mod",
                     "any", "hmp")}
    indices: ClassVar[list[type[Index]]] = [QAPIIndex]
    #: "objects": name → :data:`Record` (a module as ``module:NAME``); "qualified":
    #: ``MODULE.NAME`` → :data:`Record` of the definitions inside a module
    initial_data: ClassVar[dict[str, Any]] = {"objects": {}, "qualified": {}}
    dangling_warnings: ClassVar[dict[str, str]] = {
        "cmd": "undefined QMP command: %(target)s",
        "event": "undefined QMP event: %(target)s",
        "type": "undefined QAPI type: %(target)s",
        "struct": "undefined QAPI struct: %(target)s",
        "union": "undefined QAPI union: %(target)s",
        "alternate": "undefined QAPI alternate: %(target)s",
        "enum": "undefined QAPI enum: %(target)s",
        "mod": "undefined QAPI module: %(target)s",
        "any": "undefined QAPI definition: %(target)s",
        "hmp": "undefined HMP command: %(target)s",
    }

    @property
    def objects(self) -> dict[str, Record]:
        table: dict[str, Record] = self.data.setdefault("objects", {})
        return table

    @property
    def qualified(self) -> dict[str, Record]:
        table: dict[str, Record] = self.data.setdefault("qualified", {})
        return table

    def note_object(self, name: str, kind: str, node_id: str, location: Any = None) -> None:
        """Record a definition (a module as ``module:NAME``) in the current module."""
        module = "" if kind == "module" else self.env.ref_context.get("qapi:module", "")
        record = (self.env.docname, node_id, kind, module)
        if kind == "module":
            name = f"module:{name}"
        key = f"{module}.{name}" if module else name
        other = (self.qualified if module else self.objects).get(key)
        if other is not None:
            logger.warning("duplicate QAPI definition %s, also described in %s; use "
                           ":no-index: for one of them", key, other[0], location=location,
                           type="qapi", subtype="duplicate")
        if module:
            self.qualified[key] = record
        self.objects[name] = record

    def clear_doc(self, docname: str) -> None:
        for table in (self.objects, self.qualified):
            for name, record in list(table.items()):
                if record[0] == docname:
                    del table[name]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for table, other in ((self.objects, otherdata.get("objects", {})),
                             (self.qualified, otherdata.get("qualified", {}))):
            for name, record in other.items():
                if record[0] not in docnames:
                    continue
                if name in table and table[name][0] != record[0] and (
                        table is self.qualified or not record[3]):
                    logger.warning("duplicate QAPI definition %s, described in %s and %s",
                                   name, table[name][0], record[0], type="qapi",
                                   subtype="duplicate")
                table[name] = record

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for name, (doc, node_id, kind, _module) in self.objects.items():
            yield name, name, kind, doc, node_id, 1
        for name, (doc, node_id, kind, _module) in self.qualified.items():
            yield name, name, kind, doc, node_id, -1

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        target = node.get("reftarget")
        return str(target) if target is not None else None

    def _find(self, typ: str, target: str, node: nodes.Element | None = None
              ) -> Record | None:
        """The definition ``target`` (``MODULE.NAME``: the one in that module) if a
        ``typ`` role may reference it; a qualified name that names no module, or a
        definition of another module, leaves its reason in ``node["qapi:problem"]``."""
        if typ == "mod":
            return self.objects.get(f"module:{target}")
        found = self.objects.get(target)
        if found is None and "." in target:
            module, name = target.rsplit(".", 1)
            found = self.qualified.get(target)
            if found is None and node is not None:
                node["qapi:problem"] = self._why_not(module, name, target)
        if found is None:
            return None
        if typ != "any" and typ not in OBJECT_TYPES[found[2]][1]:
            return None
        return found

    def _why_not(self, module: str, name: str, target: str) -> str:
        if f"module:{module}" not in self.objects:
            return f"undefined QAPI module {module} (in {target})"
        if name in self.objects:
            where = self.objects[name][3]
            return (f"QAPI definition {name} is not in module {module} ("
                    + (f"it is in {where})" if where else "it is in no module)"))
        return ""

    # Sphinx 8 declares ``reference | None``, Sphinx 7 ``Element | None``: a built-in type
    # resolves to its own text, which both accept at run time
    def resolve_xref(  # type: ignore[override]
            self, env: Any, fromdocname: str, builder: Any, typ: str, target: str,
            node: addnodes.pending_xref, contnode: nodes.Element) -> nodes.Element | None:
        if typ == "hmp":
            return self._resolve_hmp(builder, fromdocname, target, contnode)
        found = self._find(typ, target, node)
        if found is None:
            # a built-in type (in a field list's types) is text, not a dangling reference
            return contnode if typ == "type" and target in BUILTIN_TYPE_NAMES else None
        doc, node_id, kind, _module = found
        return make_refnode(builder, fromdocname, doc, node_id, contnode,
                            f"{target} ({OBJECT_TYPES[kind][0]})")

    def _resolve_hmp(self, builder: Any, fromdocname: str, target: str,
                     contnode: nodes.Element) -> nodes.reference | None:
        std = self.env.domains["std"]
        found = std.anonlabels.get(f"hmp-{target}".lower())  # type: ignore[attr-defined, unused-ignore]
        if found is None:
            return None
        docname, label_id = found
        return make_refnode(builder, fromdocname, docname, label_id, contnode,
                            f"{target} (HMP command)")

    def resolve_any_xref(self, env: Any, fromdocname: str, builder: Any, target: str,
                         node: addnodes.pending_xref, contnode: nodes.Element
                         ) -> list[tuple[str, nodes.reference]]:
        found = self._find("any", target)
        if found is None:
            return []
        doc, node_id, kind, _module = found
        role = self.role_for_objtype(kind) or "any"
        ref = make_refnode(builder, fromdocname, doc, node_id, contnode,
                           f"{target} ({OBJECT_TYPES[kind][0]})")
        return [(f"qapi:{role}", ref)]


def _warn_missing(app: Any, domain: Domain | None, node: nodes.Element) -> bool | None:
    """A module-qualified reference that failed says why (the module does not exist, the
    definition is in another module), at the reference."""
    problem = node.get("qapi:problem") if domain is not None and domain.name == "qapi" else ""
    if not problem:
        return None
    logger.warning(problem, location=node, type="ref", subtype=node.get("reftype", ""))
    return True


def setup(app: Any) -> dict[str, Any]:
    """Register the ``qapi`` domain and the ``qapi-doc`` directive."""
    add_input_config(app)
    app.add_domain(QAPIDomain)
    app.add_directive("qapi-doc", QAPIDocDirective)
    app.add_role("hmp", QAPIXRefRole(warn_dangling=True))
    app.connect("warn-missing-reference", _warn_missing)
    return {"version": "1", "env_version": 2, "parallel_read_safe": True,
            "parallel_write_safe": True}
