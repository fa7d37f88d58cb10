"""texi2rst.records makes the classes dataclasses would make (the part texi2rst uses)."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import subprocess
import sys
from typing import ClassVar

import pytest

from texi2rst import records


def _both(source: str) -> tuple[dict[str, object], dict[str, object]]:
    """What ``source`` defines, its ``@make`` run as ``dataclasses.dataclass`` and as
    ``records.record`` (``field`` the module's)."""
    made = []
    for module, name in ((dataclasses, "dataclass"), (records, "record")):
        namespace = {"field": module.field, "ClassVar": ClassVar, "make": getattr(module, name),
                     "__name__": __name__}  # (dataclasses finds ClassVar in the module)
        exec(source, namespace)  # noqa: S102
        made.append(namespace)
    return made[0], made[1]


def _pair(body: str, decorator: str = "") -> tuple[type, type]:
    """The same class body as a dataclass and as a record."""
    dc, rec = _both(f"@make{decorator}\nclass C:\n" + body)
    return dc["C"], rec["C"]


BODIES = {
    "plain": "    a: int\n    b: str = 'x'\n    c: list[int] = field(default_factory=list)\n",
    "kw_only": "    a: int = 1\n    source: str = field(default='', kw_only=True)\n"
               "    line: int = field(default=0, kw_only=True)\n",
    "repr": "    a: int = 0\n    hidden: int = field(default=5, repr=False)\n",
    "class_var": "    a: int = 0\n    shared: ClassVar[int] = 3\n",
}


@pytest.mark.parametrize(("body", "decorator"), [
    (body, decorator) for body in sorted(BODIES)
    for decorator in ("", "(eq=False, repr=False)", "(frozen=True)", "(kw_only=True)")
    # (a frozen class holding a list cannot be hashed)
    if not (decorator == "(frozen=True)" and "default_factory" in BODIES[body])])
def test_a_record_is_made_as_a_dataclass(body, decorator):
    dc, rec = _pair(BODIES[body], decorator)
    assert str(inspect.signature(rec)) == str(inspect.signature(dc))
    assert [f.name for f in records.fields(rec)] == [f.name for f in dataclasses.fields(dc)]
    args = {"a": 1} if "a: int\n" in BODIES[body] else {}
    one, other = dc(**args), rec(**args)
    if "repr=False)" not in decorator:
        assert repr(other) == repr(one)
    assert (rec(**args) == rec(**args)) == (dc(**args) == dc(**args))
    assert (rec.__hash__ is None) == (dc.__hash__ is None)
    if dc.__hash__ is not None and "(frozen=True)" in decorator:
        assert hash(rec(**args)) == hash(rec(**args))
    if "(frozen=True)" in decorator:
        with pytest.raises(AttributeError):
            other.a = 2
    for name in vars(dc):
        if not name.startswith("__"):
            assert getattr(rec, name, None) == getattr(dc, name), name


def test_default_factories_make_a_new_value_each_time():
    _dc, rec = _pair(BODIES["plain"])
    first, second = rec(1), rec(2)
    first.c.append(1)
    assert second.c == []
    assert rec(1, c=[5]).c == [5]


def test_inherited_fields_come_first_and_keyword_only_ones_last():
    dc, rec = _both("@make\nclass Base:\n    a: int = 0\n"
                    "    source: str = field(default='', kw_only=True)\n\n"
                    "@make\nclass Child(Base):\n    b: str = ''\n    a: int = 7\n")
    assert str(inspect.signature(rec["Child"])) == str(inspect.signature(dc["Child"]))
    assert rec["Child"]().a == 7  # type: ignore[operator]


def test_a_required_field_after_a_default_is_refused():
    with pytest.raises(TypeError, match="non-default argument 'b'"):
        @records.record
        class Wrong:
            a: int = 0
            b: int


def test_post_init_replace_asdict_and_pickle():
    @records.record
    class Inner:
        x: int = 0

    @records.record
    class Outer:
        inner: Inner = records.field(default_factory=Inner)
        items: list[Inner] = records.field(default_factory=list)
        total: int = 0

        def __post_init__(self) -> None:
            self.total = self.inner.x + len(self.items)

    made = Outer(Inner(2), [Inner(3)])
    assert made.total == 3
    changed = records.replace(made, items=[])
    assert changed.total == 2 and changed.inner is made.inner
    assert records.asdict(made) == {"inner": {"x": 2}, "items": [{"x": 3}], "total": 3}
    assert records.asdict(made)["items"] is not made.items
    global _Picklable
    _Picklable = Inner
    Inner.__qualname__ = "_Picklable"
    assert pickle.loads(pickle.dumps(Inner(4))) == Inner(4)


def test_a_class_made_a_record_twice_keeps_its_fields():
    @records.record
    class Twice:
        items: list[int] = records.field(default_factory=list)
        name: str = "n"

    records.make_record(Twice)
    assert Twice().items == [] and Twice().name == "n"
    assert Twice().items is not Twice().items


def test_fields_of_something_else_is_an_error():
    with pytest.raises(TypeError, match="not a record class"):
        records.fields(object)


def test_a_conversion_imports_neither_dataclasses_nor_inspect(tmp_path):
    # importing dataclasses imports inspect and its parsers: ~6 ms of every run
    manual = tmp_path / "m.texi"
    manual.write_text("@node Top\n@top T\n\n@deffn Command foo\nText.\n@end deffn\n",
                      encoding="utf-8")
    probe = ("import sys\nfrom texi2rst.cli import main\nrc = main(sys.argv[1:])\n"
             "print(sorted({'dataclasses', 'inspect'} & set(sys.modules)), rc)")
    out = subprocess.run([sys.executable, "-c", probe, "convert", str(manual), "-o",
                          str(tmp_path / "out")], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "0"], out.stderr


def test_the_node_classes_inits_compiled_ahead_are_current():
    from pathlib import Path

    import texi2rst.node_inits

    shipped = Path(texi2rst.node_inits.__file__).read_text(encoding="utf-8")
    assert records.write_compiled_inits("texi2rst.nodes") == shipped, \
        "run: python -m texi2rst.records texi2rst.nodes texi2rst/node_inits.py"


def test_the_node_classes_use_the_inits_compiled_ahead():
    from texi2rst import nodes

    classes = [c for c in vars(nodes).values() if isinstance(c, type)
               and c.__module__ == "texi2rst.nodes" and issubclass(c, nodes.Node)
               and c is not nodes.Node]
    assert len(classes) > 40
    for cls in classes:
        assert cls.__init__.__code__.co_filename.endswith("node_inits.py"), cls
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
    text = nodes.Styled("code", [nodes.Text("x")], line=3)
    assert (text.kind, text.expansion, text.blocks, text.source, text.line) == \
        ("code", [], None, "", 3)
    assert nodes.Styled().children is not nodes.Styled().children


def test_an_init_compiled_from_another_source_is_not_used():
    def stale(self, name="old"):  # what the class said before its fields changed
        self.name = name

    class Thing:
        name: str = "new"
        size: int = 1

    records.make_record(Thing, compiled={"Thing": (stale, "def __init__(self, name='old'):\n"
                                                          "    self.name = name")})
    made = Thing()
    assert (made.name, made.size) == ("new", 1)
    assert Thing.__init__ is not stale
