"""Man-page regions inside ``@ignore`` closed out of order with the blocks around them (issue
17): located errors, a tree, never an internal error of the block grammar."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.parser import Options, read_texinfo_string


def read(text: str) -> tuple[n.Document, list[tuple[str, int, str]]]:
    reporter = Reporter()
    doc = read_texinfo_string(text, Options(), reporter, source="t.texi")
    return doc, [(d.severity, d.line, d.message) for d in reporter.diagnostics]


def _outside(name: str) -> str:
    return (f"`@end {name}' inside a `@c man begin' region cannot end the @{name} begun "
            "before the region")


def test_end_of_a_block_begun_before_the_region_is_a_located_error():
    # the input of issue 17
    doc, found = read("@example\n@ignore\n@c man begin DESCRIPTION\nfoo\n@end example\n"
                      "@end ignore\nbar\n")
    assert found == [("error", 5, _outside("example")),
                     ("error", 6, "`@end ignore' inside a `@c man begin' region"),
                     ("error", 1, "no matching `@end example'")]
    man = next(x for x in doc.walk() if isinstance(x, n.Container) and x.kind == "man-only")
    assert [n.plain_text(b.children).strip() for b in man.children] == ["foo"]
    # the example goes on after the region, to the end of the input
    assert any(isinstance(x, n.LiteralBlock) and n.plain_text(x.children).strip() == "bar"
               for x in doc.children)


def test_table_ended_inside_the_region_stays_open_after_it():
    doc, found = read("@table @asis\n@item a\n@ignore\n@c man begin OPTIONS\n@end table\n"
                      "@c man end\n@end ignore\nafter\n")
    assert found == [("error", 5, _outside("table")),
                     ("error", 1, "no matching `@end table'")]
    assert [type(b) for b in doc.children] == [n.Table]


def test_blocks_nested_around_the_region_each_get_their_error():
    doc, found = read("@quotation\n@example\n@ignore\n@c man begin X\n@end quotation\n"
                      "@end example\n@c man end\n@end ignore\n@end example\n@end quotation\n")
    assert found == [("error", 5, _outside("quotation")), ("error", 6, _outside("example"))]
    assert [type(b) for b in doc.children] == [n.Quotation]


def test_block_begun_in_the_region_and_ended_after_it():
    doc, found = read("@ignore\n@c man begin X\n@quotation\nq\n@c man end\n@end ignore\n"
                      "@end quotation\n")
    assert found == [("error", 3, "no matching `@end quotation'"),
                     ("error", 7, "unmatched `@end quotation'")]
    man = doc.children[0]
    assert isinstance(man, n.Container) and man.kind == "man-only"
    assert isinstance(man.children[0], n.Quotation)


def test_misplaced_command_in_the_region_closes_only_the_region_blocks():
    # @node may not stand in a block: makeinfo's error ends the blocks, but not the block the
    # region stands in, whose @end still comes after the region
    doc, found = read("@quotation\n@ignore\n@c man begin X\n@example\n@node N\n@c man end\n"
                      "@end ignore\n@end quotation\n")
    assert found == [("error", 5, "@node seen before @end example")]
    assert [type(b) for b in doc.children] == [n.Quotation]


_LINES = ["@example", "@end example", "@ignore", "@end ignore", "@c man begin DESCRIPTION",
          "@c man end", "@table @asis", "@item a", "@end table", "@quotation", "@end quotation",
          "@multitable {a} {b}", "@tab x", "@end multitable", "@deffn C f", "@deffnx C g",
          "@end deffn", "@menu", "@end menu", "@node N", "text", ""]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(["@example", "@end example", "@ignore", "@end ignore",
                        "@c man begin DESCRIPTION", "@c man end", "@table @asis", "@item a",
                        "@end table", "text"]))
def test_any_order_of_begin_and_end_lines_reads_without_internal_error(lines):
    _doc, found = read("\n".join(lines) + "\n")
    assert not [m for _s, _l, m in found if "internal error" in m]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_LINES), min_size=2, max_size=14))
def test_mixed_regions_and_blocks_read_without_internal_error(lines):
    text = "\n".join(["@ignore", "@c man begin X", *lines, "@c man end", "@end ignore"]) + "\n"
    _doc, found = read(text)
    assert not [m for _s, _l, m in found if "internal error" in m]
