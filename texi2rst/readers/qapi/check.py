"""The checks QEMU's generator made on each schema expression (docs/devel/qapi-code-gen.txt):
keys, names, flags, ``if`` conditions, features, and the shape of ``data``/``base``/
``returns``.  They run in source order and stop at the first problem, raising
:class:`~texi2rst.readers.qapi.errors.QAPIError` at the expression's line with QEMU's
message and context (``In struct 'X'``).  Type references, clashes and cycles are checked
once every definition is known (:mod:`texi2rst.readers.qapi.entities`).
"""

from __future__ import annotations

import re
from typing import Any

from texi2rst.readers.qapi.doc import QAPIDoc
from texi2rst.readers.qapi.errors import QAPIError
from texi2rst.records import field, record

DEFINITION_KINDS = ("enum", "union", "alternate", "struct", "command", "event")

_VALID_NAME = re.compile(r"^(__[a-zA-Z0-9.-]+_)?(x-)?([a-zA-Z][a-zA-Z0-9_-]*)$")

#: required and optional keys of each kind of definition
KEYS: dict[str, tuple[list[str], list[str]]] = {
    "enum": (["enum", "data"], ["if", "features", "prefix"]),
    "union": (["union", "data"], ["base", "discriminator", "if", "features"]),
    "alternate": (["alternate", "data"], ["if", "features"]),
    "struct": (["struct", "data"], ["base", "if", "features"]),
    "command": (["command"], ["data", "returns", "boxed", "if", "features", "gen",
                              "success-response", "allow-oob", "allow-preconfig"]),
    "event": (["event"], ["data", "boxed", "if", "features"]),
}


def c_name(name: str) -> str:
    """The C identifier QEMU's generator derived from a name (``.`` and ``-`` → ``_``)."""
    return name.replace(".", "_").replace("-", "_")


@record
class Info:
    """Where an expression is: its file, line and include chain, and (once its name is
    known) the definition it makes."""

    source: str
    line: int
    includes: tuple[tuple[str, int], ...] = ()
    meta: str = ""
    name: str = ""

    @property
    def context(self) -> str:
        return f"In {self.meta} '{self.name}'" if self.meta else ""

    def error(self, message: str) -> QAPIError:
        return QAPIError(self.source, self.line, message, context=self.context,
                         includes=self.includes)


@record
class Expr:
    """One top-level definition expression as read, with its doc comment."""

    expr: dict[str, Any]
    info: Info
    doc: QAPIDoc | None = None


@record
class Pragmas:
    doc_required: bool = False
    returns_whitelist: list[str] = field(default_factory=list)
    name_case_whitelist: list[str] = field(default_factory=list)


def _quoted(names: Any) -> str:
    return ", ".join(f"'{n}'" for n in sorted(names))


def check_keys(value: dict[str, Any], info: Info, source: str, required: list[str],
               optional: list[str]) -> None:
    missing = set(required) - set(value)
    if missing:
        s = "s" if len(missing) > 1 else ""
        raise info.error(f"{source} misses key{s} {_quoted(missing)}")
    allowed = set(required) | set(optional)
    unknown = set(value) - allowed
    if unknown:
        s = "s" if len(unknown) > 1 else ""
        raise info.error(f"{source} has unknown key{s} {_quoted(unknown)} "
                         f"(valid keys are {_quoted(allowed)})")


def check_name_is_str(name: Any, info: Info, source: str) -> None:
    if not isinstance(name, str):
        raise info.error(f"{source} requires a string name")


def check_name_str(name: str, info: Info, source: str, *, allow_optional: bool = False,
                   enum_member: bool = False, permit_upper: bool = False) -> None:
    member = name[1:] if allow_optional and name.startswith("*") else name
    if enum_member and member[:1].isdigit():
        member = "D" + member  # enum values may start with a digit
    if not _VALID_NAME.match(member) or c_name(member).startswith("q_"):
        raise info.error(f"{source} has an invalid name")
    if not permit_upper and name.lower() != name:
        raise info.error(f"{source} uses uppercase in name")


def check_defn_name_str(name: str, info: Info, meta: str) -> None:
    check_name_str(name, info, meta, permit_upper=True)
    if name.endswith(("Kind", "List")):
        raise info.error(f"{meta} name should not end in '{name[-4:]}'")


def check_if(expr: dict[str, Any], info: Info, source: str) -> None:
    cond = expr.get("if")
    if cond is None:
        return
    conds = cond if isinstance(cond, list) else [cond]
    if isinstance(cond, list) and not cond:
        raise info.error(f"'if' condition [] of {source} is useless")
    for c in conds:
        if not isinstance(c, str):
            raise info.error(f"'if' condition of {source} must be a string or a list of "
                             "strings")
        if not c.strip():
            raise info.error(f"'if' condition '{c}' of {source} makes no sense")


def normalize_members(members: Any) -> None:
    if isinstance(members, dict):
        for key, arg in members.items():
            if not isinstance(arg, dict):
                members[key] = {"type": arg}


def check_type(value: Any, info: Info, source: str, *, allow_array: bool = False,
               allow_dict: bool | str = False, pragmas: Pragmas | None = None) -> None:
    if value is None or isinstance(value, str):
        return
    if isinstance(value, list):
        if not allow_array:
            raise info.error(f"{source} cannot be an array")
        if len(value) != 1 or not isinstance(value[0], str):
            raise info.error(f"{source}: array type must contain single type name")
        return
    if not allow_dict:
        raise info.error(f"{source} should be a type name")
    if not isinstance(value, dict):
        raise info.error(f"{source} should be an object or type name")
    permit_upper = isinstance(allow_dict, str) and pragmas is not None and \
        allow_dict in pragmas.name_case_whitelist
    for key, arg in value.items():
        key_source = f"{source} member '{key}'"
        check_name_str(key, info, key_source, allow_optional=True, permit_upper=permit_upper)
        if c_name(key) == "u" or c_name(key).startswith("has_"):
            raise info.error(f"{key_source} uses reserved name")
        check_keys(arg, info, key_source, ["type"], ["if"])
        check_if(arg, info, key_source)
        check_type(arg["type"], info, key_source, allow_array=True)


def _check_named_list(items: list[Any], info: Info, what: str, *, enum_member: bool = False,
                      permit_upper: bool = False) -> None:
    """Enum values and features: a name, or ``{'name': NAME, '*if': COND}``."""
    items[:] = [m if isinstance(m, dict) else {"name": m} for m in items]
    for item in items:
        check_keys(item, info, what, ["name"], ["if"])
        check_name_is_str(item["name"], info, what)
        source = f"{what} '{item['name']}'"
        check_name_str(item["name"], info, source, enum_member=enum_member,
                       permit_upper=permit_upper)
        check_if(item, info, source)


def check_features(features: Any, info: Info) -> None:
    if features is None:
        return
    if not isinstance(features, list):
        raise info.error("'features' must be an array")
    _check_named_list(features, info, "'features' member")


def check_flags(expr: dict[str, Any], info: Info) -> None:
    for key in ("gen", "success-response"):
        if key in expr and expr[key] is not False:
            raise info.error(f"flag '{key}' may only use false value")
    for key in ("boxed", "allow-oob", "allow-preconfig"):
        if key in expr and expr[key] is not True:
            raise info.error(f"flag '{key}' may only use true value")


def _check_enum(expr: dict[str, Any], info: Info, pragmas: Pragmas) -> None:
    members = expr["data"]
    prefix = expr.get("prefix")
    if not isinstance(members, list):
        raise info.error("'data' must be an array")
    if prefix is not None and not isinstance(prefix, str):
        raise info.error("'prefix' must be a string")
    permit_upper = expr["enum"] in pragmas.name_case_whitelist
    _check_named_list(members, info, "'data' member", enum_member=True,
                      permit_upper=permit_upper)


def _check_branches(members: Any, info: Info, *, allow_array: bool) -> None:
    if not isinstance(members, dict):
        raise info.error("'data' must be an object")
    for key, value in members.items():
        source = f"'data' member '{key}'"
        check_name_str(key, info, source)
        check_keys(value, info, source, ["type"], ["if"])
        check_if(value, info, source)
        check_type(value["type"], info, source, allow_array=allow_array)


def _check_union(expr: dict[str, Any], info: Info, pragmas: Pragmas) -> None:
    base = expr.get("base")
    discriminator = expr.get("discriminator")
    if discriminator is None:
        if base is not None:
            raise info.error("'base' requires 'discriminator'")
    else:
        check_type(base, info, "'base'", allow_dict=expr["union"], pragmas=pragmas)
        if not base:
            raise info.error("'discriminator' requires 'base'")
        check_name_is_str(discriminator, info, "'discriminator'")
    _check_branches(expr["data"], info, allow_array=not base)


def _check_alternate(expr: dict[str, Any], info: Info, pragmas: Pragmas) -> None:
    members = expr["data"]
    if isinstance(members, dict) and not members:
        raise info.error("'data' must not be empty")
    _check_branches(members, info, allow_array=False)


def _check_struct(expr: dict[str, Any], info: Info, pragmas: Pragmas) -> None:
    check_type(expr["data"], info, "'data'", allow_dict=expr["struct"], pragmas=pragmas)
    if not isinstance(expr["data"], dict):
        raise info.error("'data' should be an object")
    check_type(expr.get("base"), info, "'base'")


def _check_event(expr: dict[str, Any], info: Info, pragmas: Pragmas) -> None:
    args = expr.get("data")
    boxed = expr.get("boxed", False)
    if boxed and args is None:
        raise info.error("'boxed': true requires 'data'")
    check_type(args, info, "'data'", allow_dict=not boxed)


def _check_command(expr: dict[str, Any], info: Info, pragmas: Pragmas) -> None:
    _check_event(expr, info, pragmas)  # the same rules for 'data' and 'boxed'
    check_type(expr.get("returns"), info, "'returns'", allow_array=True)


_CHECKS = {"enum": _check_enum, "union": _check_union, "alternate": _check_alternate,
           "struct": _check_struct, "command": _check_command, "event": _check_event}


def meta_of(expr: dict[str, Any]) -> str | None:
    """The kind of definition an expression makes (QEMU's order of precedence)."""
    return next((k for k in DEFINITION_KINDS if k in expr), None)


def check_expr(item: Expr, pragmas: Pragmas) -> None:
    """Check one definition expression (normalising members as QEMU did); raises
    :class:`QAPIError` at the first problem."""
    expr, info, doc = item.expr, item.info, item.doc
    meta = meta_of(expr)
    if meta is None:
        raise info.error("expression is missing metatype")
    name = expr[meta]
    check_name_is_str(name, info, f"'{meta}'")
    info.meta, info.name = meta, name
    check_defn_name_str(name, info, meta)
    if doc is not None:
        if doc.symbol != name:
            raise info.error(f"documentation comment is for '{doc.symbol}'")
        if doc.section("Returns") is not None and meta != "command":
            raise QAPIError(doc.source, doc.line, "'Returns:' is only valid for commands",
                            includes=info.includes)
    elif pragmas.doc_required:
        raise info.error("documentation comment required")
    required, optional = KEYS[meta]
    check_keys(expr, info, meta, required, optional)
    if meta in ("union", "alternate", "struct", "command", "event"):
        normalize_members(expr.get("base"))
        normalize_members(expr.get("data"))
    _CHECKS[meta](expr, info, pragmas)
    check_if(expr, info, meta)
    check_features(expr.get("features"), info)
    check_flags(expr, info)
