"""Record classes: fields declared as annotated class attributes, and the ``__init__``,
``__repr__``, ``__eq__`` and ``__hash__`` made from them.

This is the part of :mod:`dataclasses` that texi2rst uses, with the same meaning:
:func:`field` with ``default``, ``default_factory``, ``kw_only`` and ``repr``; ``eq``,
``repr``, ``frozen`` and ``kw_only`` on :func:`record`; :func:`fields`, :func:`replace` and
:func:`asdict`; and
``__post_init__``. It lives here for speed: importing :mod:`dataclasses` imports
:mod:`inspect` and the parsers behind it, about 6 ms, a twentieth of converting a small
manual, and its class processing took 8 ms more. Type checkers read :func:`record` as
:func:`dataclasses.dataclass` (:func:`typing.dataclass_transform`), and
``tests/test_records.py`` checks the two give the same classes.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: 3 ms of start-up)
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform, overload

    _T = TypeVar("_T")
else:  # the markers only inform type checkers: importing typing costs start-up
    def dataclass_transform(**_kwargs: Any) -> Callable[[Any], Any]:
        return lambda obj: obj

    def overload(func: Any) -> Any:
        return func

__all__ = ["FACTORY", "MISSING", "CompiledInits", "Field", "FrozenInstanceError", "asdict",
           "dataclass_transform", "field", "fields", "init_source", "make_record", "record",
           "replace", "write_compiled_inits"]

class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: no default (and no default factory) given
MISSING: Any = _Sentinel("MISSING")
#: the default of an ``__init__`` argument whose field has a default factory
FACTORY: Any = _Sentinel("<factory>")


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class Field:
    """One field of a record class: its ``name``, its annotation (``type``, as written), its
    ``default`` or ``default_factory``, whether it is keyword-only and shown by ``repr``."""

    __slots__ = ("default", "default_factory", "kw_only", "name", "repr", "type")

    def __init__(self, default: Any, default_factory: Any, kw_only: bool, repr: bool) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot give both default and default_factory")
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.kw_only = kw_only
        self.repr = repr

    def __repr__(self) -> str:
        return (f"Field(name={self.name!r}, type={self.type!r}, default={self.default!r}, "
                f"default_factory={self.default_factory!r}, kw_only={self.kw_only!r}, "
                f"repr={self.repr!r})")


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] = MISSING,
          kw_only: bool = False, repr: bool = True) -> Any:
    """Declare a field with a default, a default factory, keyword-only or out of ``repr``
    (as :func:`dataclasses.field`)."""
    return Field(default, default_factory, kw_only, repr)


_FIELDS = "__record_fields__"


def fields(class_or_instance: Any) -> tuple[Field, ...]:
    """The fields of a record class (or of a record's class), in ``__init__`` order of
    declaration (the bases' first)."""
    cls = class_or_instance if isinstance(class_or_instance, type) else type(class_or_instance)
    found: tuple[Field, ...] | None = getattr(cls, _FIELDS, None)
    if found is None:
        raise TypeError(f"{cls.__qualname__} is not a record class")
    return found


def asdict(obj: Any) -> dict[str, Any]:
    """A record as a dict of its fields, records inside it (in lists, tuples and dicts)
    as dicts too, other values copied deeply (as :func:`dataclasses.asdict`)."""
    return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}


def _plain(value: Any) -> Any:
    if getattr(type(value), _FIELDS, None) is not None:
        return asdict(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(x) for x in value)
    if isinstance(value, dict):
        return type(value)((_plain(k), _plain(v)) for k, v in value.items())
    import copy

    return copy.deepcopy(value)


def replace(obj: _T, /, **changes: Any) -> _T:
    """A new record of ``obj``'s class, with its fields but ``changes``."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    values.update(changes)
    return type(obj)(**values)


@overload
def record(cls: type[_T], /) -> type[_T]: ...


# (overload is typing's for type checkers only: ruff cannot tell these are overloads)
@overload
def record(*, eq: bool = True, repr: bool = True, frozen: bool = False,  # noqa: F811
           kw_only: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(field_specifiers=(field, Field))
def record(cls: type[_T] | None = None, /, *, eq: bool = True, repr: bool = True,  # noqa: F811
           frozen: bool = False, kw_only: bool = False
           ) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """Make ``cls`` a record class (as ``@dataclasses.dataclass``; ``kw_only``: the
    fields its body declares are keyword-only)."""
    def wrap(cls: type[_T]) -> type[_T]:
        make_record(cls, eq=eq, repr=repr, frozen=frozen, kw_only=kw_only)
        return cls

    return wrap if cls is None else wrap(cls)


def make_record(cls: type, *, eq: bool = True, repr: bool = True, frozen: bool = False,
                kw_only: bool = False, compiled: CompiledInits | None = None) -> None:
    """Give ``cls`` its fields and methods (what :func:`record` does; ``compiled``: see
    :func:`write_compiled_inits`)."""
    merged: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get(_FIELDS, ()):
            merged[f.name] = f
    # a class made a record twice keeps its fields (the first pass took their
    # declarations out of the class body)
    previous = {f.name: f for f in cls.__dict__.get(_FIELDS, ())}
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        if name in previous and (value is MISSING or value is previous[name].default):
            merged[name] = previous[name]
            continue
        if isinstance(value, Field):
            declared = value
            declared.kw_only = declared.kw_only or kw_only
            if value.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value.default)
        else:
            declared = Field(value, MISSING, kw_only, True)
        declared.name, declared.type = name, annotation
        merged[name] = declared
    all_fields = tuple(merged.values())
    setattr(cls, _FIELDS, all_fields)
    _add(cls, "__init__", _make_init(cls, all_fields, frozen, compiled))
    if repr:
        _add(cls, "__repr__", _record_repr)
    if eq:
        _add(cls, "__eq__", _record_eq)
        if frozen:
            _add(cls, "__hash__", _record_hash)
        elif "__hash__" not in cls.__dict__:
            cls.__hash__ = None  # type: ignore[assignment]
    if frozen:
        _add(cls, "__setattr__", _frozen_setattr)
        _add(cls, "__delattr__", _frozen_delattr)


def _is_class_var(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _add(cls: type, name: str, function: Callable[..., Any]) -> None:
    if name not in cls.__dict__:  # a method the class body defines is kept
        setattr(cls, name, function)


#: the defaults an ``__init__``'s source can spell out (a float only when finite: see
#: :func:`_spelled`)
_LITERALS = (str, int, float, bool, type(None))
#: default factories an ``__init__``'s source can name
_BUILTIN_FACTORIES: dict[Any, str] = {list: "list", dict: "dict", set: "set"}


def _spelled(value: Any) -> bool:
    return type(value) in _LITERALS and (type(value) is not float or value - value == 0)


def init_source(cls: type, all_fields: tuple[Field, ...], frozen: bool, *,
                annotate: bool = False) -> tuple[str, dict[str, Any]]:
    """The source of the ``__init__`` of a record class, and the names it uses besides
    ``FACTORY`` (the default of an argument whose field has a factory) and ``setter``
    (``object.__setattr__``): the defaults and factories it cannot spell out. ``annotate``:
    every argument typed ``Any`` (for a module that type checkers read)."""
    names: dict[str, Any] = {}
    positional: list[str] = []
    keywords: list[str] = []
    body: list[str] = []
    seen_default = False
    typed = ": Any" if annotate else ""
    for f in all_fields:
        if f.default is not MISSING:
            if _spelled(f.default):
                default = repr(f.default)
            else:
                default = f"_d_{f.name}"
                names[default] = f.default
            value = f.name
        elif f.default_factory is not MISSING:
            maker = _BUILTIN_FACTORIES.get(f.default_factory)
            if maker is None:
                maker = f"_f_{f.name}"
                names[maker] = f.default_factory
            default = "FACTORY"
            value = f"{maker}() if {f.name} is FACTORY else {f.name}"
        else:
            default = ""
            value = f.name
        param = (f"{f.name}{typed} = {default}" if annotate else f"{f.name}={default}") \
            if default else f"{f.name}{typed}"
        if f.kw_only:
            keywords.append(param)
        else:
            if default:
                seen_default = True
            elif seen_default:
                raise TypeError(f"{cls.__qualname__}: non-default argument {f.name!r} "
                                "follows default argument")
            positional.append(param)
        body.append(f"setter(self, {f.name!r}, {value})" if frozen
                    else f"self.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    params = [f"self{typed}", *positional, *(["*", *keywords] if keywords else [])]
    returns = " -> None" if annotate else ""
    source = (f"def __init__({', '.join(params)}){returns}:\n    "
              + "\n    ".join(body or ["pass"]))
    return source, names


#: ``__init__`` functions compiled ahead (:func:`write_compiled_inits`): class name ->
#: (function, the source it was compiled from)
CompiledInits = dict[str, tuple[Callable[..., None], str]]


def _make_init(cls: type, all_fields: tuple[Field, ...], frozen: bool,
               compiled: CompiledInits | None = None) -> Callable[..., None]:
    """The ``__init__`` of a record class, as Python source run once (so that making a
    record costs what a hand-written ``__init__`` does), or the one compiled ahead from
    the same source (compiling is most of the time a record class takes to make)."""
    source, names = init_source(cls, all_fields, frozen)
    ahead = compiled.get(cls.__qualname__) if compiled else None
    init: Callable[..., None]
    if ahead is not None and ahead[1] == source and not names:
        init = ahead[0]
    else:
        names.update(FACTORY=FACTORY, setter=object.__setattr__)
        exec(source, names)  # noqa: S102 (made from the class's own field names)
        init = names["__init__"]
    init.__annotations__ = {f.name: f.type for f in all_fields} | {"return": None}
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def write_compiled_inits(module_name: str) -> str:
    """The source of a module holding the ``__init__`` of every record class of
    ``module_name`` whose source needs no other name, ahead of time (the classes' module
    passes it to :func:`make_record` as ``compiled``; one whose source has changed since is
    compiled as usual)."""
    module = importlib.import_module(module_name)
    out = [f'"""The ``__init__`` of the record classes of :mod:`{module_name}`, compiled ahead.\n\n'
           f"Written by ``python -m texi2rst.records {module_name} OUT.py`` (tests check that "
           "it is\ncurrent): do not edit. texi2rst.records uses a function only while its "
           'source is the\none the class gives.\n"""\n\n'
           "from __future__ import annotations\n\n"
           "from texi2rst.records import FACTORY, CompiledInits\n\n"
           "TYPE_CHECKING = False  # (typing's, without importing typing: start-up)\n"
           "if TYPE_CHECKING:\n    from typing import Any\n\nsetter = object.__setattr__\n"]
    table = []
    for cls in vars(module).values():
        if not (isinstance(cls, type) and cls.__module__ == module_name
                and _FIELDS in cls.__dict__):
            continue
        frozen = cls.__dict__.get("__setattr__") is _frozen_setattr
        source, names = init_source(cls, cls.__dict__[_FIELDS], frozen)
        if names:
            continue
        typed, _names = init_source(cls, cls.__dict__[_FIELDS], frozen, annotate=True)
        name = f"_init_{cls.__qualname__}"
        head, body = typed.split("\n", 1)
        head = head.replace("def __init__(", f"def {name}(", 1)
        params, returns = head[len(name) + 5:].rsplit(")", 1)
        out.append("\n\n" + _wrapped(f"def {name}(", params.split(", "), ")" + returns)
                   + "\n" + body + "\n")
        pieces = [line + "\n" for line in source.split("\n")]
        pieces[-1] = pieces[-1][:-1]
        pieces = [piece[i:i + 80] for piece in pieces for i in range(0, len(piece), 80)]
        table.append(f"    {cls.__qualname__!r}: (\n        {name},\n"
                     + "".join(f"        {piece!r}\n" for piece in pieces) + "    ),\n")
    out.append("\n\nINITS: CompiledInits = {\n" + "".join(table) + "}\n")
    return "".join(out)


def _wrapped(head: str, items: list[str], tail: str, width: int = 100) -> str:
    """``head`` + ``items`` joined by ", " + ``tail``, in lines of at most ``width``
    columns (the continuation lines under the first item)."""
    lines = [head]
    for i, item in enumerate(items):
        piece = item + ("," if i + 1 < len(items) else tail)
        if len(lines[-1]) + 1 + len(piece) > width and lines[-1] != head:
            lines.append(" " * len(head) + piece)
        else:
            lines[-1] += ("" if lines[-1] == head else " ") + piece
    return "\n".join(lines)


def _record_repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _values(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, f.name) for f in fields(obj))


def _record_eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _record_hash(self: Any) -> int:
    return hash(_values(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


if __name__ == "__main__":
    # python -m texi2rst.records MODULE OUT.py (through the module MODULE imports: this
    # one, run as __main__, has sentinels of its own)
    from texi2rst.records import write_compiled_inits as write

    with open(sys.argv[2], "w", encoding="utf-8") as output:
        output.write(write(sys.argv[1]))
