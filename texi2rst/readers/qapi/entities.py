"""The checks QEMU's generator made once every definition is known: redefinitions, unknown
types, what ``data``/``returns``/``base``/branches may name, member clashes, base cycles,
union discriminators, alternate ambiguity, and features without documentation.

The schema is modelled as QEMU's generator modelled it (built-in types, array types made on
first use, implicit enum and object types for simple unions, inline bases and argument
lists), so every message names what QEMU named.  The first problem raises
:class:`~texi2rst.readers.qapi.errors.QAPIError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from texi2rst.readers.qapi.check import Expr, Info, Pragmas, c_name
from texi2rst.readers.qapi.errors import QAPIError
from texi2rst.records import field, record

#: built-in types and their JSON type
BUILTIN_JSON: dict[str, str] = {
    "str": "string", "number": "number", "int": "int", "int8": "int", "int16": "int",
    "int32": "int", "int64": "int", "uint8": "int", "uint16": "int", "uint32": "int",
    "uint64": "int", "size": "int", "bool": "boolean", "null": "null", "any": "value",
    "QType": "string",
}
_QTYPE = {"string": "QSTRING", "number": "QNUM", "int": "QNUM", "boolean": "QBOOL",
          "null": "QNULL"}


@record
class _Member:
    name: str
    type_name: str = ""
    optional: bool = False
    ifcond: Any = None
    role: str = "member"
    defined_in: str = ""

    def describe(self, info: Info) -> str:
        role, owner = self.role, self.defined_in
        if owner.startswith("q_obj_"):
            owner = owner[6:]
            if owner.endswith("-arg"):
                role = "parameter"
            elif owner.endswith("-base"):
                role = "base " + role
        elif owner.endswith("Kind") and role == "value":
            role = "branch"
        elif owner != info.name:
            return f"{role} '{self.name}' of type '{owner}'"
        return f"{role} '{self.name}'"

    def check_clash(self, info: Info, seen: dict[str, _Member]) -> None:
        cname = c_name(self.name)
        if cname in seen:
            raise info.error(f"{self.describe(info)} collides with "
                             f"{seen[cname].describe(info)}")
        seen[cname] = self


@record
class _Entity:
    name: str
    meta: str  # built-in enum array struct union alternate object command event
    info: Info | None = None
    features: list[_Member] = field(default_factory=list)
    json: str = ""
    element: str = ""
    values: list[_Member] = field(default_factory=list)
    base: str | None = None
    local: list[_Member] = field(default_factory=list)
    tag: str | None = None  # flat union discriminator
    tag_member: _Member | None = None
    variants: list[_Member] | None = None
    arg_type: str | None = None
    returns: str | None = None
    boxed: bool = False
    doc: Any = None
    checking: bool = False
    members: list[_Member] | None = None

    @property
    def is_type(self) -> bool:
        return self.meta not in ("command", "event")

    @property
    def is_object(self) -> bool:
        return self.meta in ("struct", "union", "object")

    def describe(self) -> str:
        if self.meta == "array":
            return f"array type ['{self.element}']"
        meta = "union" if self.is_object and self.variants is not None else self.meta
        meta = "struct" if meta == "object" else meta
        return f"{meta} type '{self.name}'"


class _Schema:
    def __init__(self, pragmas: Pragmas) -> None:
        self.pragmas = pragmas
        self.entities: list[_Entity] = []
        self.by_name: dict[str, _Entity] = {}
        for name, json in BUILTIN_JSON.items():
            self.define(_Entity(name, "built-in", json=json))
            self.define(_Entity(name + "List", "array", element=name))
        self.define(_Entity("q_empty", "object"))
        qtype = self.by_name["QType"]
        qtype.meta, qtype.values = "enum", [
            _Member(v, role="value", defined_in="QType")
            for v in ("none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool")]

    def define(self, ent: _Entity) -> None:
        other = self.by_name.get(ent.name)
        if other is not None:
            assert ent.info is not None
            if other.info is not None:
                where = f"{other.info.source}:{other.info.line}"
                raise ent.info.error(f"'{ent.name}' is already defined "
                                     f"(previous definition: {where})")
            raise ent.info.error(f"{other.describe()} is already defined")
        self.entities.append(ent)
        self.by_name[ent.name] = ent

    def lookup_type(self, name: str) -> _Entity | None:
        ent = self.by_name.get(name)
        return ent if ent is not None and ent.is_type else None

    def resolve(self, name: str, info: Info, what: str | Callable[[], str]) -> _Entity:
        ent = self.lookup_type(name)
        if ent is None:
            raise info.error(f"{what() if callable(what) else what} uses unknown type "
                             f"'{name}'")
        return ent

    # -- building, as QEMU's generator did

    def type_name(self, typ: Any, info: Info) -> str:
        if isinstance(typ, list):
            name = f"{typ[0]}List"
            if self.by_name.get(name) is None:
                self.define(_Entity(name, "array", info, element=str(typ[0])))
            return name
        return str(typ)

    def members(self, data: dict[str, Any], info: Info, owner: str) -> list[_Member]:
        out = []
        for key, arg in data.items():
            optional = key.startswith("*")
            out.append(_Member(key[1:] if optional else key, self.type_name(arg["type"], info),
                               optional, arg.get("if"), defined_in=owner))
        return out

    def implicit_object(self, name: str, info: Info, role: str,
                        members: dict[str, Any]) -> str | None:
        if not members:
            return None
        full = f"q_obj_{name}-{role}"
        if self.by_name.get(full) is None:
            self.define(_Entity(full, "object", info, local=self.members(members, info, full)))
        return full

    def add(self, item: Expr) -> None:
        expr, info = item.expr, item.info
        meta, name = info.meta, info.name
        features = [_Member(f["name"], role="feature", ifcond=f.get("if"), defined_in=name)
                    for f in expr.get("features") or []]
        ent = _Entity(name, meta, info, features, doc=item.doc)
        data: Any = expr.get("data")
        if meta == "enum":
            ent.values = [_Member(v["name"], role="value", ifcond=v.get("if"),
                                  defined_in=name) for v in data]
        elif meta == "struct":
            ent.local = self.members(data, info, name)
            ent.base = expr.get("base")
        elif meta == "alternate":
            ent.variants = [_Member(k, self.type_name(v["type"], info), role="branch",
                                    defined_in=name) for k, v in data.items()]
        elif meta == "union":
            self._union(ent, expr, info)
        else:
            ent.boxed = expr.get("boxed") is True
            if isinstance(data, dict):
                ent.arg_type = self.implicit_object(name, info, "arg", data)
            elif data is not None:
                ent.arg_type = str(data)
            if expr.get("returns") is not None:
                ent.returns = self.type_name(expr["returns"], info)
        self.define(ent)

    def _union(self, ent: _Entity, expr: dict[str, Any], info: Info) -> None:
        data, base, name = expr["data"], expr.get("base"), ent.name
        ent.variants = []
        if expr.get("discriminator") is None:
            kind = _Entity(f"{name}Kind", "enum", info, values=[
                _Member(k, role="value", ifcond=v.get("if"), defined_in=f"{name}Kind")
                for k, v in data.items()])
            self.define(kind)
            ent.tag_member = _Member("type", kind.name, defined_in=name)
            ent.local = [ent.tag_member]
            for key, value in data.items():
                typ = self.type_name(value["type"], info)
                ent.variants.append(_Member(key, typ, role="branch", ifcond=value.get("if"),
                                            defined_in=name))
            return
        ent.tag = str(expr["discriminator"])
        if isinstance(base, dict):
            ent.base = self.implicit_object(name, info, "base", base)
        else:
            ent.base = base
        for key, value in data.items():
            ent.variants.append(_Member(key, self.type_name(value["type"], info),
                                        role="branch", ifcond=value.get("if"),
                                        defined_in=name))


class _Checker:
    """One ``check_<meta>`` method per kind of entity, as QEMU checked them."""

    def __init__(self, schema: _Schema) -> None:
        self.s = schema

    def check(self, ent: _Entity) -> None:
        getattr(self, f"check_{ent.meta.replace('-', '_')}")(ent)

    def check_built_in(self, ent: _Entity) -> None:
        pass

    def features(self, ent: _Entity) -> None:
        assert ent.info is not None
        seen: dict[str, _Member] = {}
        for f in ent.features:
            f.check_clash(ent.info, seen)
            if ent.doc is not None and f.name not in ent.doc.features:
                raise ent.info.error(f"feature '{f.name}' lacks documentation")

    def check_enum(self, ent: _Entity) -> None:
        if ent.info is None:
            return
        self.features(ent)
        seen: dict[str, _Member] = {}
        for m in ent.values:
            m.check_clash(ent.info, seen)

    def check_array(self, ent: _Entity) -> None:
        if ent.info is not None:
            self.s.resolve(ent.element, ent.info, ent.info.meta)

    def check_struct(self, ent: _Entity) -> None:
        self.check_object(ent)

    def check_union(self, ent: _Entity) -> None:
        self.check_object(ent)

    def check_object(self, ent: _Entity) -> None:
        if ent.members is not None:
            return
        info = ent.info
        if info is None:
            ent.members = []
            return
        if ent.checking:
            raise info.error(f"object {ent.name} contains itself")
        self.features(ent)
        ent.checking = True
        seen: dict[str, _Member] = {}
        if ent.base:
            base = self.s.resolve(ent.base, info, "'base'")
            if not base.is_object or base.variants is not None:
                raise info.error(f"'base' requires a struct type, {base.describe()} isn't")
            self.check_object(base)
            for m in base.members or []:
                m.check_clash(info, seen)
        for m in ent.local:
            self.s.resolve(m.type_name, info, lambda m=m: m.describe(info))  # type: ignore
            m.check_clash(info, seen)
        if ent.variants is not None:
            self.variants(ent, seen)
            if ent.tag is not None:
                for v in ent.variants:
                    vtype = self.s.by_name[v.type_name]
                    branch_seen = dict(seen)
                    for m in vtype.members or []:
                        m.check_clash(info, branch_seen)
        ent.members = list(seen.values())

    def variants(self, ent: _Entity, seen: dict[str, _Member]) -> None:
        info = ent.info
        assert info is not None and ent.variants is not None
        if ent.tag is not None:
            tag = seen.get(c_name(ent.tag))
            if tag is None or tag.name != ent.tag:
                raise info.error(f"discriminator '{ent.tag}' is not a member of 'base'")
            base = "'base'" if tag.defined_in.startswith("q_obj_") else \
                f"base type '{tag.defined_in}'"
            tag_type = self.s.by_name[tag.type_name]
            if tag_type.meta != "enum":
                raise info.error(f"discriminator member '{ent.tag}' of {base} must be of "
                                 "enum type")
            if tag.optional:
                raise info.error(f"discriminator member '{ent.tag}' of {base} must not be "
                                 "optional")
            if tag.ifcond:
                raise info.error(f"discriminator member '{ent.tag}' of {base} must not be "
                                 "conditional")
            cases = {v.name for v in ent.variants}
            ent.variants += [_Member(m.name, "q_empty", role="branch", ifcond=m.ifcond,
                                     defined_in=tag.defined_in)
                             for m in tag_type.values if m.name not in cases]
        else:
            assert ent.tag_member is not None
            tag_type = self.s.by_name[ent.tag_member.type_name]
        if not ent.variants:
            raise info.error("union has no branches")
        values = {m.name for m in tag_type.values}
        for v in ent.variants:
            vtype = self.s.resolve(v.type_name, info, lambda v=v: v.describe(info))  # type: ignore
            if v.name not in values:
                raise info.error(f"branch '{v.name}' is not a value of {tag_type.describe()}")
            if ent.tag is not None:
                if not vtype.is_object or vtype.variants is not None:
                    raise info.error(f"{v.describe(info)} cannot use {vtype.describe()}")
                self.check_object(vtype)

    def check_alternate(self, ent: _Entity) -> None:
        info = ent.info
        assert info is not None and ent.variants is not None
        self.features(ent)
        types = [self.s.resolve(v.type_name, info, lambda v=v: v.describe(info))  # type: ignore
                 for v in ent.variants]
        seen: dict[str, _Member] = {}
        types_seen: dict[str, str] = {}
        for v, vtype in zip(ent.variants, types, strict=True):
            v.check_clash(info, seen)
            qtype = _alternate_qtype(vtype)
            if not qtype:
                raise info.error(f"{v.describe(info)} cannot use {vtype.describe()}")
            conflicting = {qtype}
            if qtype == "QSTRING":
                if vtype.meta == "enum":
                    for m in vtype.values:
                        if m.name in ("on", "off"):
                            conflicting.add("QBOOL")
                        if re.match(r"[-+0-9.]", m.name):
                            conflicting.add("QNUM")
                else:
                    conflicting |= {"QNUM", "QBOOL"}
            for qt in sorted(conflicting):
                if qt in types_seen:
                    raise info.error(f"{v.describe(info)} can't be distinguished from "
                                     f"'{types_seen[qt]}'")
                types_seen[qt] = v.name

    def _arg_type(self, ent: _Entity, what: str) -> None:
        assert ent.info is not None
        if not ent.arg_type:
            return
        typ = self.s.resolve(ent.arg_type, ent.info, what)
        if not typ.is_object:
            raise ent.info.error(f"{what} cannot take {typ.describe()}")
        if typ.variants is not None and not ent.boxed:
            raise ent.info.error(f"{what} can take {typ.describe()} only with 'boxed': true")

    def check_command(self, ent: _Entity) -> None:
        info = ent.info
        assert info is not None
        self.features(ent)
        self._arg_type(ent, "command's 'data'")
        if ent.returns:
            typ = self.s.resolve(ent.returns, info, "command's 'returns'")
            if ent.name not in self.s.pragmas.returns_whitelist:
                element = self.s.lookup_type(typ.element) if typ.meta == "array" else None
                if not (typ.is_object or (element is not None and element.is_object)):
                    raise info.error(f"command's 'returns' cannot take {typ.describe()}")

    def check_event(self, ent: _Entity) -> None:
        self.features(ent)
        self._arg_type(ent, "event's 'data'")


def _alternate_qtype(typ: _Entity) -> str | None:
    if typ.meta == "built-in":
        return _QTYPE.get(typ.json)
    if typ.meta == "enum":
        return "QSTRING"
    if typ.meta == "array":
        return "QLIST"
    if typ.is_object:
        return "QDICT"
    return None


def check_entities(exprs: list[Expr], pragmas: Pragmas) -> None:
    """Check the definitions (already through :func:`~texi2rst.readers.qapi.check.check_expr`)
    as a whole; raises :class:`QAPIError` at the first problem."""
    schema = _Schema(pragmas)
    for item in exprs:
        schema.add(item)
    checker = _Checker(schema)
    for ent in schema.entities:
        checker.check(ent)


__all__ = ["BUILTIN_JSON", "QAPIError", "check_entities"]
