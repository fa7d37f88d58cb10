"""The Texinfo reader: tree shapes, locations, expansion, conditionals, diagnostics."""

from __future__ import annotations

from pathlib import Path

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.lexer import Limits
from texi2rst.readers.texinfo.parser import Options, read_texinfo, read_texinfo_string


def read(text: str, **options) -> tuple[n.Document, Reporter]:
    reporter = Reporter()
    doc = read_texinfo_string(text, Options(**options), reporter, source="t.texi")
    return doc, reporter


def first(doc: n.Node, kind: type) -> n.Node:
    return next(x for x in doc.walk() if isinstance(x, kind))


def test_sections_nest_by_level_and_take_their_node():
    doc, rep = read("@node Top\n@top T\n@node A\n@chapter A\n@node B\n@subsection B\n"
                    "@node C\n@chapter C\n")
    # a skipped level is makeinfo's error (issue 13); the tree still nests
    assert [(d.line, d.message) for d in rep.diagnostics] == [
        (6, "raising the section level of @subsection which is too low")]
    top = doc.children[0]
    assert isinstance(top, n.Section) and top.node == "Top" and top.level == 0
    chapters = [c for c in top.children if isinstance(c, n.Section)]
    assert [c.node for c in chapters] == ["A", "C"]
    assert chapters[0].children[0].node == "B"  # a skipped level still nests


def test_inline_markup_keeps_meaning():
    doc, _ = read("A @code{x} @var{y} @option{-z} @file{f} @kbd{k} @samp{s} @emph{e}.\n")
    kinds = [x.kind for x in doc.walk() if isinstance(x, n.Styled)]
    assert kinds == ["code", "var", "option", "file", "kbd", "samp", "emph"]


def test_typographic_text_outside_code_only():
    doc, _ = read("``a'' -- b --- c @code{--x}\n")
    text = n.plain_text(doc.children[0].children)
    assert "“a” – b — c --x" == text


def test_glyphs_and_accents():
    doc, _ = read("@dots{} @copyright{} @'e @\"u @ss{} @U{263A} @@ @{ @}\n")
    assert n.plain_text(doc.children[0].children) == "… © é ü ß ☺ @ { }"


def test_macros_values_and_aliases_expand_with_locations():
    doc, rep = read("@set NAME World\n@macro hi{who}\nHi @emph{\\who\\}!\n@end macro\n"
                    "@alias c2 = code\n\n@hi{@value{NAME}} @c2{x}\n")
    assert not rep.errors
    para = doc.children[0]
    assert n.plain_text(para.children) == "Hi World! x"
    emph = first(para, n.Styled)
    assert emph.kind == "emph" and emph.line == 7  # the line of the macro call


def test_recursive_macro_is_stopped_with_a_located_error():
    doc, rep = read("@rmacro loop\n@loop\n@end rmacro\n@loop\n",
                    limits=Limits(max_macro_expansions=50))
    assert any("macro expansions" in d.message and d.line == 4 for d in rep.errors)


def test_conditionals_follow_html_by_default():
    text = ("@ifhtml\nH\n@end ifhtml\n@ifinfo\nI\n@end ifinfo\n@iftex\nT\n@end iftex\n"
            "@ifnottex\nN\n@end ifnottex\n@set F\n@ifset F\nS\n@end ifset\n"
            "@ifclear F\nC\n@end ifclear\n")
    doc, _ = read(text)
    assert n.plain_text(doc.children[0].children).split() == ["H", "N", "S"]
    doc, _ = read(text, formats={"info"})
    assert n.plain_text(doc.children[0].children).split() == ["I", "N", "S"]


def test_include_keeps_file_and_line(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "part.texi").write_text("one\n\n@code{two}\n")
    main = tmp_path / "main.texi"
    main.write_text("start\n\n@include sub/part.texi\n\nend\n")
    rep = Reporter()
    doc = read_texinfo(str(main), Options(), rep)
    assert not rep.diagnostics
    code = first(doc, n.Styled)
    assert code.source.endswith("sub/part.texi") and code.line == 3
    assert doc.children[-1].source == str(main) and doc.children[-1].line == 5


def test_setfilename_of_an_included_file_is_ignored(tmp_path: Path):
    # the Texinfo manual, "Include Files": such a line "is ignored" (makeinfo says nothing)
    (tmp_path / "part.texi").write_text("@setfilename part.info\n\nPart text.\n")
    main = tmp_path / "main.texi"
    main.write_text("@setfilename main.info\n@include part.texi\n@setfilename again.info\n")
    rep = Reporter()
    doc = read_texinfo(str(main), Options(), rep)
    assert doc.settings["filename"] == "again.info"
    assert [(d.line, d.message) for d in rep.diagnostics] == [(3, "multiple @setfilename")]
    assert "Part text." in n.plain_text(doc.children[0].children)


def test_missing_include_and_include_cycle_are_errors(tmp_path: Path):
    main = tmp_path / "main.texi"
    main.write_text("@include nothere.texi\n@include main.texi\n")
    rep = Reporter()
    read_texinfo(str(main), Options(), rep)
    messages = [(d.line, d.message) for d in rep.errors]
    assert messages[0][0] == 1 and "could not find" in messages[0][1]
    assert messages[1][0] == 2 and "cycle" in messages[1][1]


def test_include_outside_the_tree_is_refused(tmp_path: Path):
    outside = tmp_path / "secret.texi"
    outside.write_text("secret\n")
    (tmp_path / "doc").mkdir()
    main = tmp_path / "doc" / "main.texi"
    main.write_text("@include ../secret.texi\n")
    rep = Reporter()
    doc = read_texinfo(str(main), Options(), rep)
    assert any("outside" in d.message for d in rep.errors)
    assert "secret" not in n.plain_text([x for x in doc.walk() if isinstance(x, n.Text)])
    rep = Reporter()
    doc = read_texinfo(str(main), Options(allow_outside_includes=True), rep)
    assert not rep.errors


def test_lists_tables_and_multitables():
    doc, rep = read("@enumerate C\n@item a\n@item b\n@end enumerate\n"
                    "@table @code\n@item x\n@cindex x\n@itemx y\nboth\n@end table\n"
                    "@multitable {aa} {bbbb}\n@headitem h1 @tab h2\n@item 1 @tab 2\n"
                    "@end multitable\n")
    assert not rep.errors
    enum, table, multi = [c for c in doc.children if not isinstance(c, n.IndexEntry)]
    assert isinstance(enum, n.EnumeratedList) and enum.start == "C" and len(enum.items) == 2
    assert isinstance(table, n.Table) and table.style == "code"
    assert [n.plain_text(t) for t in table.entries[0].terms] == ["x", "y"]
    assert isinstance(multi, n.MultiTable) and len(multi.head) == 1 and len(multi.body) == 1
    assert n.plain_text(multi.body[0][1][0].children) == "2"


def test_table_opened_and_items_with_index_between():
    doc, rep = read("@table @option\n@item -a\n@findex a\n@itemx -b\nText.\n@end table\n")
    assert not rep.errors
    table = doc.children[0]
    assert [n.plain_text(t) for t in table.entries[0].terms] == ["-a", "-b"]


def test_examples_keep_lines_and_markup():
    doc, _ = read("@example\na -- b\n\n  @var{c}\n@end example\n")
    block = doc.children[0]
    assert isinstance(block, n.LiteralBlock)
    assert n.plain_text(block.children) == "a -- b\n\n  c"


def test_verbatim_and_ignore():
    doc, _ = read("@verbatim\n@code{ { x\n@end verbatim\n@ignore\nhidden @foo{\n@end ignore\n")
    assert [type(c) for c in doc.children] == [n.LiteralBlock]
    assert doc.children[0].children[0].text == "@code{ { x"


def test_definitions():
    doc, _ = read("@deftypefn {Library Function} int foo (int @var{a})\n"
                  "@deftypefnx {Library Function} int bar (void)\nBody.\n@end deftypefn\n")
    d = doc.children[0]
    assert isinstance(d, n.Definition) and len(d.lines) == 2
    line = d.lines[0]
    assert n.plain_text(line.category) == "Library Function"
    assert n.plain_text(line.data_type) == "int" and n.plain_text(line.name) == "foo"
    assert n.plain_text(line.arguments) == "(int a)"


def test_references_footnotes_anchors_links():
    doc, _ = read("@xref{Node A, Label, Title, file, Manual}. @ref{(other)Node}."
                  "@footnote{Note.}@anchor{here} @uref{http://x.org, X} @email{a@@b.c}\n")
    refs = [x for x in doc.walk() if isinstance(x, n.Reference)]
    assert refs[0].target == "Node A" and n.plain_text(refs[0].label) == "Label"
    assert refs[0].manual == "Manual" and refs[1].manual == "other"
    assert any(isinstance(x, n.Footnote) for x in doc.walk())
    assert any(isinstance(x, n.Anchor) and x.name == "here" for x in doc.walk())
    links = [x for x in doc.walk() if isinstance(x, n.Link)]
    assert [(x.kind, x.url) for x in links] == [("url", "http://x.org"), ("email", "a@b.c")]


def test_man_regions_including_inside_ignore():
    doc, _ = read("@c man begin DESCRIPTION\nText.\n@c man end\n@ignore\n"
                  "@c man begin SEEALSO\nOther.\n@c man end\n@end ignore\n")
    kinds = [(c.kind, c.name) for c in doc.children if isinstance(c, n.Container)]
    assert kinds == [("man-begin", "DESCRIPTION"), ("man-end", ""), ("man-only", "SEEALSO")]


def test_footnote_with_a_block_after_a_brace_command_at_line_start():
    # the footnote opens on a line that starts with a brace command, not a line command:
    # the line is text, and the footnote's blocks belong to it (makeinfo reads it so)
    doc, rep = read("Use the\n@samp{x}@footnote{@c\nSince 1.5:\n\n@example\ny = 1\n"
                    "@end example\n@c\n} variable.\n\n@example\nz = 2\n@end example\n")
    assert not rep.diagnostics
    note = first(doc, n.Footnote)
    assert [type(b).__name__ for b in note.children] == ["Paragraph", "LiteralBlock"]
    assert [type(b).__name__ for b in doc.children] == ["Paragraph", "LiteralBlock"]
    assert n.plain_text(doc.children[0].children).endswith(" variable.")


def test_small_caps_are_capitals_as_in_info_and_html():
    doc, rep = read("The @sc{gnu} @sc{Tools @code{ar}} and @sc {xyz}.\n")
    assert not rep.diagnostics
    assert n.plain_text(doc.children[0].children) == "The GNU TOOLS AR and XYZ."
    assert [x.kind for x in doc.walk() if isinstance(x, n.Styled)] == ["sc", "sc", "code", "sc"]


def test_unknown_command_is_an_error_and_keeps_text():
    doc, rep = read("Some @frobnicate{kept text} here.\n")
    assert any("frobnicate" in d.message for d in rep.errors)
    assert "kept text" in n.plain_text(doc.children[0].children)


def test_unclosed_blocks_and_braces_are_located_errors():
    _doc, rep = read("@itemize\n@item a\n\n@code{open\n\nmore\n")
    lines = sorted((d.line, d.message) for d in rep.errors)
    assert any(line == 4 and "closing brace" in m for line, m in lines)
    assert any(line == 1 and "@end itemize" in m for line, m in lines)


def test_end_mismatch_recovers():
    doc, rep = read("@quotation\n@example\nx\n@end quotation\nafter\n")
    assert any("@end example" in d.message for d in rep.errors)
    assert n.plain_text(doc.children[-1].children) == "after"


def test_text_of_a_table_without_items_is_kept() -> None:
    # makeinfo's HTML shows it (as a definition without a term), texi2pod's man page too
    doc, r = read("@table @asis\nText before any item.\n\nSecond.\n@end table\n")
    assert [n.plain_text(b.children) for b in doc.walk() if isinstance(b, n.Paragraph)] == \
        ["Text before any item.", "Second."]
    assert any("has text but no @item; the text is kept" in str(d) for d in r.warnings)


def test_unknown_command_without_braces_is_kept_as_written() -> None:
    # "anthony@codemonkey.ws": the warning says the text is kept, and it is
    doc, r = read("Write to <anthony@codemonkey.ws>.\n")
    text = "".join(n.plain_text(b.children) for b in doc.walk() if isinstance(b, n.Paragraph))
    assert text == "Write to <anthony@codemonkey.ws>."
    # (an error where makeinfo reads it, as makeinfo refuses the command)
    assert any("unknown command `codemonkey'; its text is kept" in str(d)
               for d in r.diagnostics)


def test_item_in_a_man_region_inside_a_table_is_kept_not_fatal():
    """makeinfo accepts an @item in an @ignore'd man region inside a table (with a warning
    about the table); the structure has no place for it, so it is kept as text."""
    doc, rep = read("@table @option\n@ignore\n@c man begin NOTES\n@item qcow2\n"
                    "@c man end\n@end ignore\n@end table\n")
    assert not rep.errors, [str(d) for d in rep.errors]
    assert any("cannot stand here" in d.message and d.line == 4 for d in rep.warnings)


def test_a_name_defined_twice_is_reported_where_makeinfo_reports_it():
    """Node names, anchors and float labels share one namespace; a node's name is defined
    on its @node line (not its sectioning command's), as makeinfo says."""
    _doc, rep = read("@node A\n@chapter C\nText @anchor{A} here.\n@float Figure,B\nx\n"
                     "@end float\n@anchor{B}\n@node A\n@section D\n@node E\n@section A\n")
    assert [(d.line, d.message) for d in rep.errors] == [
        (3, "@anchor `A' previously defined"),
        (1, "here is the previous definition as @node"),
        (7, "@anchor `B' previously defined"),
        (4, "here is the previous definition as @float"),
        (8, "@node `A' previously defined")]  # (its second line is the first one's again)
