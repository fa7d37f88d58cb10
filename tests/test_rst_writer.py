"""Unit tests of the rST writer: exact output where useful, and always the round trip."""

from __future__ import annotations

import re

import pytest
from roundtrip_util import check_roundtrip, parse_rst

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.writers.rst import Labels, RstOptions, column_width, make_label, write_rst


def T(text: str) -> n.Text:
    return n.Text(text)


def S(kind: str, *children: n.Inline | str, **kw) -> n.Styled:
    return n.Styled(kind=kind, children=[T(c) if isinstance(c, str) else c for c in children],
                    **kw)


def P(*children: n.Inline | str) -> n.Paragraph:
    return n.Paragraph(children=[T(c) if isinstance(c, str) else c for c in children])


def item(*blocks: n.Block) -> n.ListItem:
    return n.ListItem(children=list(blocks))


# --------------------------------------------------------------------------- escaping

TRICKY = ["*a*", "`x`", "foo_", "|sub|", "[1]_", "- not a list", "1. not a list",
          ":field: x", ".. not a comment", "----", "\\\\", "a::", "trailing\\", "#. no",
          "(a) no", "i) no", ">>> no", "-a  b", "+ no", "* no", "__ anon", "_`t`",
          "http://example.org", "mail@example.org", "a : b", "=====  =====", "| x",
          "::", "\\", "**", "``", "a_b_", "x__", "—attribution", "• bullet", "/V opt",
          "A. Name", "IV. four", "a\tb\nc", "中文*x*", "\u00a0lead"]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_in_paragraph(text: str) -> None:
    check_roundtrip([P(text)])


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_in_title_term_and_item(text: str) -> None:
    doc = n.Document(children=[
        n.Section(title=[T(text)], node="N", children=[
            n.Table(entries=[n.TableEntry(terms=[[T(text)]], children=[P(text)])]),
            n.BulletList(items=[item(P(text))]),
            n.LineBlock(lines=[[T(text)], [T(text)]]),
        ])])
    check_roundtrip(doc)


def test_exact_escapes() -> None:
    rst = check_roundtrip([P("*a* `x` foo_ |s| [1]_ back\\slash")])
    # only start-strings, reference ends and backslashes (issue 16: no needless escapes)
    assert rst == "\\*a* \\`x` foo\\_ \\|s| [1]\\_ back\\\\slash\n"
    assert check_roundtrip([P("- not a list")]) == "\\- not a list\n"
    assert check_roundtrip([P("1. not a list")]) == "1\\. not a list\n"
    # a final "::" starts a literal block; "a:" is no URI (docutils knows no scheme "a")
    assert check_roundtrip([P("a::")]) == "a:\\:\n"
    assert check_roundtrip([P("see hh:mm:ss or http://e.org")]) == \
        "see hh:mm:ss or http\\://e.org\n"  # text in the tree, not a link
    assert check_roundtrip([P("----")]) == "\\----\n"



@pytest.mark.parametrize(("text", "rst"), [
    # "**" and a space start nothing; "**x" would start strong text
    ("** Building the software", "** Building the software"), ("a **x", "a \\**x"),
    # a reference name needs a start-string's prefix before it: not "_"
    ("and _not_ to", "and _not_ to"), ("a not_ b", "a not\\_ b"),
    ("x foo_bar_ y", "x foo_bar\\_ y"), ("x (a.b_) y", "x (a.b\\_) y"),
    ("x _a.b_ y", "x _a.b_ y"),
    # an e-mail host ends with a letter, a digit or one of "_~*/=+"
    ("contain a '@' character", "contain a '@' character"),
    ("name@example.org", "name\\@example.org"), ("a@'b c", "a\\@'b c"),
    # "=" and "+" start a line of text unless it is a table's top
    ("=~ text", "=~ text"), ("+ text", "\\+ text"), ("== ==", "\\== =="),
    ("+-+-+", "\\+-+-+"), ("+=", "+="),
])
def test_no_escape_where_docutils_reads_no_markup(text: str, rst: str) -> None:
    assert check_roundtrip([P(text)]) == rst + "\n"


def test_a_double_colon_before_markup_ends_no_paragraph() -> None:
    """Only a paragraph that ends with "::" starts a literal block: grub's definition
    category "Command:" before its name stays as written."""
    assert check_roundtrip([P("Command:: ", S("strong", "rdmsr"))]) == "Command:: **rdmsr**\n"
    assert check_roundtrip([P(S("strong", "x"), " ends::")]) == "**x** ends:\\:\n"


def test_short_punctuation_titles_are_escaped_only_under_an_overline() -> None:
    """A title of fewer than four punctuation characters ("[", grub's command) is text
    above its underline; under an overline it would read as an underline itself."""
    inner = [n.Section(level=2, title=[T(t)], children=[P("Body.")]) for t in ("[", "!!", "=")]
    rst = check_roundtrip([n.Section(level=1, title=[T("[")], children=inner)])
    assert rst.splitlines()[:3] == ["****", "\\[", "****"]
    assert "\n[\n====\n" in rst and "\n!!\n====\n" in rst and "\n=\n====\n" in rst


@pytest.mark.parametrize(("styled", "rst"), [
    (S("var", "*ABS*"), "*\\*ABS**"), (S("strong", "(*f)"), "**(*f)**"),
    (S("emph", "void *p"), "*void *p*"), (S("emph", "a* b"), "*a\\* b*"),
    (S("strong", "x*, y"), "**x\\*, y**"), (S("emph", "back\\slash*"), "*back\\\\slash**"),
    # a star before an escaped one: that one's backslash is an end-string's suffix
    (S("emph", ":**x y"), "*:\\**x y*"), (S("emph", ":** x"), "*:\\*\\* x*"),
])
def test_stars_inside_emphasis_escaped_only_where_they_could_end_it(styled: n.Styled,
                                                                  rst: str) -> None:
    assert check_roundtrip([P(styled)]) == rst + "\n"


def test_wrapping_escapes_line_starts() -> None:
    words = " ".join(["word"] * 15 + ["-", "item", "1.", "x", "*", "y"] * 5)
    rst = check_roundtrip([P(words)])
    assert all(len(line) <= 79 for line in rst.splitlines())


# --------------------------------------------------------------------------- inline markup


def test_markup_adjacent_to_words() -> None:
    rst = check_roundtrip([P("pre", S("code", "x"), "post ", S("emph", " e "), ".")])
    assert rst == "pre\\ ``x``\\ post *e* .\n"


def test_styled_kinds() -> None:
    para = P(S("code", "c"), " ", S("var", "v"), " ", S("strong", "s"), " ",
             S("file", "f.txt"), " ", S("command", "ls"), " ", S("kbd", "C-x C-f"), " ",
             S("dfn", "d"), " ", S("acronym", "GNU", expansion=[T("GNU's Not Unix")]), " ",
             S("sub", "2"), " ", S("sup", "3"), " ", S("sc", "small"), " ",
             S("env", "HOME"), " ", S("samp", "a", S("var", "b"), "{c}"))
    rst = check_roundtrip([para])
    assert "``c``" in rst and "*v*" in rst and "**s**" in rst and ":file:`f.txt`" in rst
    assert ":command:`ls`" in rst and ":kbd:`C-x C-f`" in rst and ":dfn:`d`" in rst
    assert ":abbr:`GNU (GNU's Not Unix)`" in rst and ":sub:`2`" in rst
    assert ":samp:`a{b}\\\\{c\\\\}`" in rst


def test_nested_markup_is_flattened() -> None:
    rst = check_roundtrip([P(S("emph", "a ", S("code", "b"), " c"))])
    assert rst == "*a b c*\n"


def test_literal_fallbacks() -> None:
    rst = check_roundtrip([P(S("code", "a``b"), " ", S("code", "`q"), " ", S("code", ""))])
    # (the second backquote of a run can end nothing: only the first needs a backslash)
    assert ":code:`a\\``b`" in rst


def test_code_of_spaces_alone_is_kept_quoted() -> None:
    """``@samp{ }`` (printf's space flag) cannot be an inline literal of a space: it shows
    quoted, as Info shows it, in a paragraph and as a term; ``@t{ }`` stays a space."""
    rst = check_roundtrip([P("flag ", S("samp", " "), " and ", S("code", "\n"), " or",
                             S("t", " "), "x")])
    assert rst == "flag ``' '`` and ``' '`` or x\n"
    table = n.Table(entries=[n.TableEntry(terms=[[S("samp", "  ")]], children=[P("Space.")])])
    assert check_roundtrip([table]).startswith("``'  '``\n   Space.")


def test_option_role_only_for_known_options() -> None:
    table = n.Table(style="option", entries=[
        n.TableEntry(terms=[[S("option", "-f file")]], children=[P("body")])])
    doc = [table, P(S("option", "-f"), " and ", S("option", "--other"))]
    rst = check_roundtrip(doc)
    assert ".. option:: -f file" in rst
    assert ":option:`-f`" in rst and "``--other``" in rst
    rst = check_roundtrip([P(S("option", "--other"))],
                          options=RstOptions(known_options={"--other"}))
    assert rst == ":option:`--other`\n"


def test_option_table_fallback_to_definition_list() -> None:
    # "-foo a, b" would define an option "b"; "0" (an exit code) is no option
    table = n.Table(style="option", entries=[
        n.TableEntry(terms=[[S("option", "-foo a, b")]], children=[P("x")]),
        n.TableEntry(terms=[[S("option", "0")]], children=[P("success")])])
    rst = check_roundtrip([table])
    assert ".. option::" not in rst


def test_option_table_entries_decided_one_by_one() -> None:
    # alternatives joined by ", " and @var arguments are options (issue 14); other entries
    # of the same table stay definition-list entries
    table = n.Table(style="option", entries=[
        n.TableEntry(terms=[[S("option", "-a, -b")]], children=[P("x")]),
        n.TableEntry(terms=[[n.Styled(kind="option", children=[
            T("-p, --port="), S("var", "port")])]], children=[P("y")]),
        n.TableEntry(terms=[[S("option", "Safe mode")]], children=[P("z")]),
        n.TableEntry(terms=[[S("option", "if=interface")]], children=[P("w")])])
    rst = check_roundtrip([table])
    assert ".. option:: -a, -b" in rst and ".. option:: -p, --port=port" in rst
    assert ".. option:: if=interface" in rst
    assert ".. option:: Safe mode" not in rst and "``Safe mode``\n   z" in rst


def test_links() -> None:
    rst = check_roundtrip([P(n.Link(url="http://e.org/x_", children=[T("the <site>")]), " ",
                             n.Link(url="http://e.org"), " ",
                             n.Link(kind="email", url="a@b.org"))])
    # a link may span lines (issue 16: lines fit 79 columns)
    flat = " ".join(rst.split())
    # ("<" in the text needs no backslash: the last "<…>" is the target)
    assert "`the <site> <http://e.org/x\\_>`__" in flat
    assert "`a@b.org <mailto:a@b.org>`__" in flat


def test_footnotes() -> None:
    rst = check_roundtrip([P("a", n.Footnote(children=[P("one")]), " b",
                             n.Footnote(children=[P("two"), P("three")]))])
    assert "[#f1]_" in rst and ".. [#f2] two" in rst and "\n   three" in rst


def test_inline_image_and_index_target() -> None:
    rst = check_roundtrip([P("see ", n.InlineImage(path="pic.png", alt="A pic"), " ",
                             n.IndexTarget(children=[T("entry; x")]))])
    assert ".. |img-1| image:: pic.png" in rst and ".. index:: single: entry, x" in rst


# --------------------------------------------------------------------------- references


def test_labels_collisions_and_weird_characters() -> None:
    doc = n.Document(children=[
        n.Section(node="Foo Bar", title=[T("A")]),
        n.Section(node="foo-bar", title=[T("B")]),
        n.Section(node="Foo/Bar!", title=[T("C")]),
        n.Section(node="***", title=[T("D")]),
        n.Section(node="Search", title=[T("E")]),
    ])
    labels = Labels.collect(doc, prefix="m-")
    assert [labels.label_for(x) for x in ("Foo Bar", "foo-bar", "Foo/Bar!", "***")] == [
        "m-foo-bar", "m-foo-bar-2", "m-foo-bar-3", "m-node"]
    assert make_label("Über  alles") == "ber-alles"
    rst = check_roundtrip(doc, options=RstOptions(label_prefix="m-"))
    assert ".. _m-foo-bar-3:" in rst


def test_references_resolved_and_dangling() -> None:
    doc = n.Document(children=[n.Section(node="Top", title=[T("Top")], children=[
        P(n.Reference(kind="xref", target="Top"), ". ",
          n.Reference(kind="pxref", target="Top", label=[T("a <b> `c`")]), " ",
          n.Reference(kind="ref", target="Missing", source="x.texi", line=7), " ",
          n.Reference(kind="xref", target="Node", manual="emacs")),
        P("anchored", n.Anchor(name="here"), " ", n.Reference(target="here")),
        n.NodeLabel(name="bare"),
        P(n.Reference(target="bare")),
    ])])
    reporter = Reporter()
    rst = check_roundtrip(doc, reporter=reporter)
    assert "See :ref:`Top <top>`" in rst
    # a backquote after a space cannot end the role: only the second one is escaped; "<"
    # is (Sphinx's roles take the first "<" after the title for the target's)
    assert "see :ref:`a \\<b> `c\\` <top>`" in rst
    assert "*Missing*" in rst and "See *Node* in\n*emacs*" in rst
    assert [str(d) for d in reporter.diagnostics] == [
        "x.texi:7: warning: reference to undefined node `Missing'"]
    assert ".. _here:\n\nanchored" in rst
    rst = check_roundtrip(doc, options=RstOptions(external_manuals="intersphinx"))
    assert ":ref:`Node <emacs:node>`" in " ".join(rst.split())  # it may span lines


def test_menu() -> None:
    doc = n.Document(children=[n.Section(node="Top", title=[T("Top")], children=[
        n.Menu(entries=[n.MenuEntry(node="Top", description=[T("the top")]),
                        n.MenuComment(children=[T("Other")]),
                        n.MenuEntry(node="Gone", name=[T("Gone")])])])])
    reporter = Reporter()
    rst = check_roundtrip(doc, reporter=reporter)
    assert "- :ref:`Top <top>` \u2014 the top" in rst
    assert len(reporter.warnings) == 1


# --------------------------------------------------------------------------- blocks


def test_sections_use_nesting_depth_and_wide_titles() -> None:
    doc = n.Document(title=[T("Manual")], children=[
        n.Section(level=1, title=[T("中文标题")], children=[
            n.Section(level=4, title=[T("Skipped levels")], children=[P("x")])])])
    rst = check_roundtrip(doc)
    assert "######\nManual\n######" in rst
    assert "********\n中文标题\n********" in rst
    assert "Skipped levels\n==============" in rst
    assert column_width("中文") == 4


def test_heading_is_rubric_and_untitled_section() -> None:
    rst = check_roundtrip(n.Document(children=[
        n.Heading(title=[T("Loose")]), n.Section(node="The Node", title=[])]))
    assert ".. rubric:: Loose" in rst and "The Node\n" in rst


def test_nested_lists_four_deep() -> None:
    inner: n.Block = P("deep")
    for depth in range(4):
        lst = n.BulletList if depth % 2 else n.EnumeratedList
        inner = lst(items=[item(P(f"level {depth}"), inner), item()])
    rst = check_roundtrip([inner])
    assert "#." in rst


def test_enumerated_start_values() -> None:
    for start, marker in (("3", "3."), ("c", "c."), ("C", "C.")):
        rst = check_roundtrip([n.EnumeratedList(start=start, items=[item(P("a")), item(P("b"))])])
        assert rst.startswith(marker + " a\n\n#. b")


def test_adjacent_lists_and_quote_after_list() -> None:
    rst = check_roundtrip([n.BulletList(items=[item(P("a"))]),
                           n.BulletList(items=[item(P("b"))]),
                           n.Quotation(children=[P("q")]),
                           n.EnumeratedList(items=[item(P("c"))]),
                           n.EnumeratedList(items=[item(P("d"))])])
    assert rst.count("..\n") >= 3


def test_table_in_list_in_table() -> None:
    inner = n.Table(entries=[n.TableEntry(terms=[[S("code", "x")]], children=[P("inner")])])
    outer = n.Table(style="code", index="fn", entries=[
        n.TableEntry(terms=[[S("code", "a")], [S("code", "b")]],
                     children=[n.BulletList(items=[item(P("in list"), inner)])]),
        n.TableEntry(terms=[[S("code", "empty")]])])
    rst = check_roundtrip([outer])
    assert "``a``\n   ..\n\n``b``\n   - in list" in rst  # a term a line (issue 16)
    assert ".. index::\n   single: a\n   single: b\n" in rst  # one directive (issue 16)


def test_multitable() -> None:
    table = n.MultiTable(columns=[0.3, 0.7],
                         head=[[[P("H1")], [P("H2")]]],
                         body=[[[P("a")], [n.BulletList(items=[item(P("b"))])]], [[P("short")]]])
    rst = check_roundtrip([table])
    assert ":header-rows: 1" in rst and ":widths: 30 70" in rst


def test_multitable_in_a_cell() -> None:
    inner = n.MultiTable(columns=[1.0, 2.0], head=[[[P("h")], []]], body=[[[], []], [[P("x")]]])
    outer = n.MultiTable(columns=[1.0, 2.0], body=[[[], [inner]], [[P("y")], [P("z")]]])
    rst = check_roundtrip([outer])
    assert rst.count(".. list-table::") == 2


def test_literal_blocks() -> None:
    rst = check_roundtrip([P("Example:"), n.LiteralBlock(children=[T("\n  a *b*\n\n\tc\n\n")]),
                           n.LiteralBlock(language="c", children=[T("int x;")]),
                           n.LiteralBlock(children=[T("run "), S("var", "file"), T("\n  x")])])
    assert "Example:\n\n::\n\n      a *b*\n\n            c\n" in rst
    assert ".. code-block:: c" in rst and ".. parsed-literal::" in rst and "*file*" in rst


def test_line_block() -> None:
    rst = check_roundtrip([n.LineBlock(lines=[[T("one "), S("emph", "two")], [],
                                              [T("a"), n.LineBreak(), T("b")]])])
    assert rst == "| one *two*\n|\n| a\n| b\n"


def test_quotation_admonition_definition() -> None:
    doc = [n.Quotation(title=[T("Note")], children=[P("quoted")], authors=[[T("Me")]]),
           n.Admonition(kind="warning", children=[P("careful")]),
           n.Admonition(kind="remark", title=[T("Remark")], children=[]),
           n.Definition(lines=[
               n.DefinitionLine(category=[T("Command")], name=[T("foo")],
                                arguments=[T("bar baz")], index="fn"),
               n.DefinitionLine(category=[T("Function")], data_type=[T("int")],
                                name=[T("f")], arguments=[T("(x)")])],
               children=[P("body")]),
           n.IndexEntry(children=[T("!semi;colon")]), n.PrintIndex(),
           n.Image(path="pic.png", alt="alt", width="5in"),
           n.Float(label="Figure 1", children=[n.Image(path="pic.png")],
                   caption=[P("Caption")]),
           n.RawBlock(text="<b>raw</b>"), n.RawBlock(format="tex", text="x"),
           n.Comment(text="note:: not a directive"), n.Transition()]
    rst = check_roundtrip(doc)
    assert "**Note:**" in rst and "-- Me" in rst and ".. warning::" in rst
    assert ".. admonition:: Remark" in rst
    # issue 16: category apart, name in bold, arguments in italics, a label per name
    assert ("Command: **foo** *bar baz*\n   ..\n\nFunction: int **f** *(x)*\n   body"
            in rst)
    assert ".. _foo:" in rst and ".. _f:" in rst
    assert ".. index:: single: foo" in rst and ".. index:: single: !semi,colon" in rst
    assert ":ref:`genindex`" in rst and ":width: 5in" in rst and ".. _figure-1:" in rst
    assert ".. raw:: html" in rst and "..\n   note:: not a directive" in rst


def test_write_rst_ends_with_one_newline_and_empty_document() -> None:
    assert write_rst(n.Document()) == "\n"
    assert write_rst([P("x")]).endswith("x\n")


def test_parse_helper_reports_warnings() -> None:
    assert parse_rst("Title\n==\n\n- a\nb\n").messages


def test_no_needless_escapes() -> None:
    """Issue 16: markup beside punctuation and characters that cannot start markup where
    they stand are written without backslashes (the round trip proves the rest enough)."""
    para = [T("see ("), S("code", "-e"), T(") and ["), S("var", "option"), T("]… “"),
            S("code", "SS"), T("”, "), S("emph", "x"), T(": done. @-command, a_b, 12:30, "),
            T("(first hard disk) 2*3")]
    rst = check_roundtrip([P(*para)])
    assert "\\" not in rst, rst
    # what docutils would read differently stays escaped
    assert check_roundtrip([P("a@b.org x_ *y http://z")]) == "a\\@b.org x\\_ \\*y http\\://z\n"


def test_roles_escape_only_what_could_end_them() -> None:
    """Inside interpreted text, a backquote is escaped only where it could end the role
    (first in the content, before a space or closing punctuation, or before another
    backquote), ``<`` only in cross-references, a leading ``!`` only in cross-references."""
    rst = check_roundtrip([P(S("code", "dir=`pwd`"), T(" and "), S("samp", "defn(`",
                                S("var", "it"), "')"), T(" and "), S("command", "!"),
                             T(" and "), S("kbd", "C-a <"), T(" and "), S("code", "`x` y"))])
    assert ":code:`dir=`pwd``" in rst, rst
    assert ":samp:`defn(`{it}')`" in rst, rst
    assert ":command:`!`" in rst and ":kbd:`C-a <`" in rst, rst
    # first in the content, and where a space follows, the backslash stays
    assert ":code:`\\`x\\` y`" in rst, rst


def test_dashes_at_a_paragraph_start_escaped_only_in_a_block_quote() -> None:
    """A paragraph that starts with "--" or "—" is an attribution only at the end of a block
    quote: elsewhere it needs no backslash."""
    para = P("--quirk-modules is needed for some kernels")
    rst = check_roundtrip([para, n.BulletList(items=[item(P("--exclude-symbols"))]),
                           n.Quotation(children=[P("Quoted."), P("--quirk-modules again"),
                                                 P("\u2014 and a dash")])])
    assert rst.startswith("--quirk-modules is needed") and "- --exclude-symbols\n" in rst
    assert "    \\--quirk-modules again" in rst and "    \\\u2014 and a dash" in rst


def test_short_punctuation_paragraphs_need_no_backslash() -> None:
    """A line of fewer than four punctuation characters starting a paragraph is text to
    docutils (too short for a transition or a title's overline); what would start a
    construct stays escaped."""
    plain = ["!", "?", "[", "!!!", "%", "}}", "=", "=~", "+-+"]
    marked = ["-", "*", "+", "|", "..", "::", "__", ":", "####", "= =", "+---+"]
    rst = check_roundtrip([n.BulletList(items=[item(P(t)) for t in plain + marked]),
                           *[P(t) for t in plain + marked], P("!!\nab\n!!")])
    lines = rst.splitlines()
    for text in plain:
        assert f"- {text}" in lines and text in lines, text
    for text in marked:
        assert f"- {text}" not in lines and text not in lines, text


def test_markup_recognition_sets_match_docutils() -> None:
    """The characters the writer trusts to delimit markup are docutils' own, and every
    character docutils accepts around markup is one the escaping takes into account."""
    from docutils.utils import punctuation_chars as pc

    from texi2rst.writers.rst import escape as e

    prefix = re.compile(f"[{pc.openers}{pc.delimiters}]")
    suffix = re.compile(f"[{pc.closing_delimiters}{pc.delimiters}{pc.closers}]")
    for c in e._PREFIX_ASCII | e._OPENERS_SURE | e._CLOSERS_SURE | e._DELIMITERS_SURE:
        assert prefix.match(c), c
    for c in e._SUFFIX_ASCII | e._CLOSERS_SURE | e._DELIMITERS_SURE:
        assert suffix.match(c), c
    for code in range(0x30000):
        c = chr(code)
        if prefix.match(c):
            assert e.prefix_possible(c), hex(code)
        if suffix.match(c):
            assert e.suffix_possible(c), hex(code)
    for opener, closers in e._PAIRS.items():
        for closer in closers:
            assert pc.match_chars(opener, closer), (opener, closer)


def test_lines_fit_79_columns_with_their_indentation() -> None:
    """Issue 16: paragraphs, references and links inside lists, tables and directives are
    wrapped so that no line passes column 79, unless one token is longer."""
    words = [T("word " * 8), n.Reference(kind="ref", target="Top",
                                          label=[T("a reference with a long title " * 2)]),
             T(" and "), n.Link(url="http://e.org/" + "x" * 30, children=[T("a link " * 5)]),
             T(" then "), S("emph", "some emphasised words " * 3), T(" end.")]
    doc = n.Document(children=[n.Section(level=1, node="Top", title=[T("Top")], children=[
        P(*words),
        n.BulletList(items=[n.ListItem(children=[n.BulletList(items=[
            n.ListItem(children=[P(*words)])])])]),
        n.Quotation(children=[P(*words)]),
        n.Table(entries=[n.TableEntry(terms=[[T("term")]], children=[P(*words)])]),
        n.LineBlock(lines=[words, [T("short")]]),
        P(n.Footnote(children=[P(*words)])),
        n.Table(entries=[n.TableEntry(terms=[[T("t")]], children=[
            P(T("x"), n.Footnote(children=[P(*words)]))])]),
        P(T("Run "), S("code", "amend [--object objectdef] [--image-opts] [-p] [-q] [-f fmt] "
                               "[-t cache] -o options filename"), T(" to amend it.")),
    ])])
    rst = check_roundtrip(doc)
    long = [line for line in rst.splitlines() if len(line) > 79]
    assert long == [], long


def test_reference_text_is_the_section_title_when_none_is_given() -> None:
    # as makeinfo's HTML: "see Disk Images", not the node name "disk_images"
    doc = n.Document(children=[
        n.Section(level=1, kind="chapter", title=[T("Disk Images")], node="disk_images",
                  children=[P("Text.")]),
        n.Section(level=1, kind="chapter", title=[T("Usage")], node="usage", children=[
            n.NodeLabel(name="an-anchor"),
            P(n.Reference(kind="xref", target="disk_images"), " ",
              n.Reference(kind="ref", target="disk_images", label=[T("the images")]), " ",
              n.Reference(kind="ref", target="an-anchor"))])])
    rst = write_rst(doc)
    assert ":ref:`Disk Images <disk-images>`" in rst
    assert ":ref:`the images <disk-images>`" in rst
    assert ":ref:`an-anchor <an-anchor>`" in rst  # an anchor has no title: its name


@pytest.mark.parametrize("code", ["a ==== b " * 12, "x .TH y 'z \\w " * 8, "a  b " * 20])
def test_a_long_inline_literal_breaks_only_where_docutils_and_roff_read_the_same(code) -> None:
    """Breaks go only between single spaces, and never before a word without a letter or digit
    (a section underline) or a word that starts with a roff control character."""
    rst = check_roundtrip(n.Document(children=[P(T("See "), S("code", code.strip()),
                                                 T(" for more."))]))
    lines = rst.splitlines()
    for line in lines[1:]:
        assert not line.startswith(("=", ".", "'", "\\")), line
    assert "a  b" in rst or "a  b" not in code


def test_no_line_ends_with_a_words_hyphen() -> None:
    """sphinx-lint's dangling-hyphen: "the left- and right-hand margins" is not broken after
    "left-" (it would read as hyphenation)."""
    text = "word " * 11 + "the widths of the left- and right-hand margins are correct " * 6
    rst = check_roundtrip(n.Document(children=[P(T(text))]))
    assert not [line for line in rst.splitlines() if re.search(r"[a-z]-$", line)], rst
    assert "left- and" in rst


def test_the_uri_schemes_hold_every_scheme_docutils_links() -> None:
    """A colon is left unescaped only after a word that no scheme docutils knows ends."""
    from docutils.utils import urischemes

    from texi2rst.writers.rst.escape import URI_SCHEMES

    assert set(urischemes.schemes) <= URI_SCHEMES


@pytest.mark.parametrize("text", ["0a--http://x.org", "x-mailto:a@b", "a.ftp://h", "hh:mm:ss"])
def test_a_scheme_inside_a_word_is_still_escaped(text: str) -> None:
    check_roundtrip([P(text)])
