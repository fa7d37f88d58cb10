"""The rST writer dispatches per node class: every node class of the tree has its method."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import pytest

from texi2rst import nodes as n
from texi2rst.writers.rst import BlockWriter, InlineWriter, Labels, MissingVisitor, RstOptions
from texi2rst.writers.rst.visitor import method_name


def concrete_node_classes(base: type) -> list[type]:
    """The node classes of :mod:`texi2rst.nodes` below ``base`` (the bases themselves are
    abstract)."""
    return [cls for _name, cls in inspect.getmembers(n, inspect.isclass)
            if cls.__module__ == n.__name__ and issubclass(cls, base)
            and cls not in (n.Node, n.Inline, n.Block)]


def test_the_tree_has_node_classes_of_both_families() -> None:
    assert n.Text in concrete_node_classes(n.Inline)
    assert n.Paragraph in concrete_node_classes(n.Block)
    assert len(concrete_node_classes(n.Node)) == (len(concrete_node_classes(n.Inline))
                                                 + len(concrete_node_classes(n.Block)))


@pytest.mark.parametrize("cls", concrete_node_classes(n.Inline), ids=lambda c: c.__name__)
def test_every_inline_class_has_visitors(cls: type) -> None:
    # its rendering, and its text inside other markup
    assert method_name(cls) in vars(InlineWriter), method_name(cls)
    assert method_name(cls, "flat") in vars(InlineWriter), method_name(cls, "flat")


@pytest.mark.parametrize("cls", concrete_node_classes(n.Block), ids=lambda c: c.__name__)
def test_every_block_class_has_a_visitor(cls: type) -> None:
    assert method_name(cls) in vars(BlockWriter), method_name(cls)


def test_method_names() -> None:
    assert method_name(n.LineBreak) == "visit_line_break"
    assert method_name(n.IndexTarget, "flat") == "flat_index_target"
    assert method_name(n.Text) == "visit_text"


@dataclass(eq=False)
class Unknown(n.Inline):
    text: str = ""


@dataclass(eq=False)
class UnknownBlock(n.Block):
    text: str = ""


@dataclass(eq=False)
class LoudText(n.Text):
    """A subclass without a method of its own is written as its base class."""


def writer() -> BlockWriter:
    return BlockWriter([], RstOptions(), Labels(), None)


def test_a_class_without_visitor_is_a_clear_error() -> None:
    with pytest.raises(MissingVisitor, match=r"BlockWriter has no method visit_unknown\(\) "
                                             r"for Unknown nodes"):
        writer().render_inline([n.Text("a"), Unknown(text="b")])
    with pytest.raises(MissingVisitor, match=r"visit_unknown_block\(\) for UnknownBlock"):
        writer().blocks([n.Paragraph(children=[n.Text("a")]), UnknownBlock(text="b")])
    with pytest.raises(MissingVisitor, match=r"flat_unknown\(\) for Unknown nodes"):
        writer().render_inline([n.Styled(kind="code", children=[Unknown(text="b")])])


def test_a_subclass_uses_its_base_class_visitor() -> None:
    w = writer()
    assert w.render_inline([LoudText(text="a*b")]) == w.render_inline([n.Text("a*b")])


def test_a_subclass_visitor_overrides() -> None:
    class Shouting(BlockWriter):
        def visit_text(self, node: n.Text, out: list, in_lines: bool) -> None:
            super().visit_text(n.Text(node.text.upper()), out, in_lines)

    w = Shouting([], RstOptions(), Labels(), None)
    assert w.blocks([n.Paragraph(children=[n.Text("loud")])]) == ["LOUD"]
    assert writer().blocks([n.Paragraph(children=[n.Text("loud")])]) == ["loud"]
