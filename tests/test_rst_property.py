"""Property: any tree the writer gets parses back to the same skeleton, without warnings."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from roundtrip_util import check_roundtrip

from texi2rst import nodes as n

ALPHABET = st.sampled_from(
    list("abcxyzAZ019 *`_|\\:.-+#[]()<>{}!~@=^'\"/,;?$%&")
    + ["  ", "\n", "\t", "é", "ß", "中", "文", "ｘ", "\u00a0", "—", "•", "::", "..", "1.", "a)",
       "http://x.org", "a@b.org", "--", "|", ">>>", "__", "[1]_"]
)
TEXT = st.lists(ALPHABET, max_size=12).map("".join)
WORDISH = st.text(alphabet="abcdefghij-_. 中", min_size=1, max_size=8)

STYLED_KINDS = ["code", "var", "emph", "strong", "samp", "file", "option", "command", "kbd",
                "dfn", "sc", "r", "cite", "b", "i", "t", "acronym", "sub", "sup", "env",
                "math", "w", "unknownkind"]

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

NODE_NAMES = ["Top", "Intro", "Getting Started", "Top", "a/b c", "Über", "中文"]


def inline_strategy(depth: int = 2) -> st.SearchStrategy[n.Inline]:
    text = TEXT.map(lambda t: n.Text(t))
    if depth == 0:
        return text
    sub = st.lists(inline_strategy(depth - 1), max_size=3)
    styled = st.builds(
        lambda kind, children, exp: n.Styled(kind=kind, children=children,
                                             expansion=[n.Text(exp)] if exp else []),
        st.sampled_from(STYLED_KINDS), sub, st.one_of(st.just(""), WORDISH))
    ref = st.builds(
        lambda kind, target, label: n.Reference(kind=kind, target=target,
                                                label=[n.Text(label)] if label else []),
        st.sampled_from(["ref", "xref", "pxref"]), st.sampled_from(NODE_NAMES + ["Nowhere"]),
        st.one_of(st.just(""), TEXT))
    link = st.builds(lambda kind, url, ch: n.Link(kind=kind, url=url, children=ch),
                     st.sampled_from(["url", "email"]),
                     st.sampled_from(["http://e.org/a_b", "https://x.y/~u?q=1#f", "a@b.org",
                                      "ftp://h/x_"]),
                     st.lists(text, max_size=2))
    footnote = st.builds(lambda t: n.Footnote(children=[n.Paragraph(children=[n.Text(t)])]),
                         TEXT)
    others = st.sampled_from([n.LineBreak(), n.Anchor(name="anchor point"),
                              n.InlineImage(path="pic.png"), n.RawInline(text="<b>")])
    return st.one_of(text, text, styled, ref, link, footnote, others)


INLINES = st.lists(inline_strategy(), max_size=6)


def block_strategy(depth: int) -> st.SearchStrategy[n.Block]:
    para = st.builds(lambda ch: n.Paragraph(children=ch), INLINES)
    literal = st.builds(
        lambda t, lang, marked: n.LiteralBlock(
            children=[n.Text(t)] + ([n.Styled(kind="var", children=[n.Text("v")])]
                                    if marked else []), language=lang),
        st.lists(st.sampled_from(["  ", "x", "*a*", "\n", "\t", "::", "中", "\\", "`"]),
                 max_size=10).map("".join),
        st.sampled_from(["", "c"]), st.booleans())
    lineblock = st.builds(lambda lines: n.LineBlock(lines=lines), st.lists(INLINES, max_size=3))
    simple = st.one_of(para, para, literal, lineblock,
                       st.builds(lambda ch: n.Heading(title=ch), INLINES),
                       st.just(n.IndexEntry(children=[n.Text("a;b")])))
    if depth == 0:
        return simple
    sub = st.lists(block_strategy(depth - 1), max_size=2)
    items = st.lists(st.builds(lambda ch: n.ListItem(children=ch), sub), max_size=3)
    bullet = st.builds(lambda it: n.BulletList(items=it), items)
    enum = st.builds(lambda it, start: n.EnumeratedList(items=it, start=start), items,
                     st.sampled_from(["1", "3", "a", "C", "i"]))
    term = st.lists(inline_strategy(1), max_size=3)
    option_term = st.sampled_from(["-f", "--foo=bar", "-o file", "/V", "+x"]).map(
        lambda o: [n.Styled(kind="option", children=[n.Text(o)])])
    entries = st.lists(st.builds(lambda terms, ch: n.TableEntry(terms=terms, children=ch),
                                 st.lists(st.one_of(term, option_term), max_size=2), sub),
                       max_size=3)
    table = st.builds(lambda e, style: n.Table(entries=e, style=style), entries,
                      st.sampled_from(["asis", "option", "code"]))
    # a multitable's rows all have one cell per column (the reader pads them); a cell is a
    # list of blocks
    row = st.lists(sub, min_size=2, max_size=2)
    multi = st.builds(lambda head, body: n.MultiTable(columns=[1.0, 2.0], head=head, body=body),
                      st.lists(row, max_size=1), st.lists(row, max_size=3))
    quote = st.builds(lambda ch, title: n.Quotation(children=ch, title=[n.Text(title)]), sub,
                      st.sampled_from(["", "Note", "Title *x*"]))
    admon = st.builds(lambda ch, kind: n.Admonition(children=ch, kind=kind), sub,
                      st.sampled_from(["note", "warning", "remark"]))
    definition = st.builds(
        lambda name, args, ch: n.Definition(lines=[n.DefinitionLine(
            category=[n.Text("Command")], name=[n.Text(name)], arguments=[n.Text(args)])],
            children=ch), WORDISH, TEXT, sub)
    return st.one_of(simple, bullet, enum, table, multi, quote, admon, definition)


def section_strategy(depth: int) -> st.SearchStrategy[n.Section]:
    body = st.lists(block_strategy(1), max_size=2)
    if depth == 0:
        subs = st.just([])
    else:
        subs = st.lists(section_strategy(depth - 1), max_size=2)
    return st.builds(lambda title, node, b, s: n.Section(title=title, node=node, children=b + s),
                     INLINES, st.sampled_from(NODE_NAMES + [""]), body, subs)


DOCUMENTS = st.builds(
    lambda title, blocks, sections: n.Document(title=title, children=blocks + sections),
    INLINES, st.lists(block_strategy(2), max_size=3), st.lists(section_strategy(1), max_size=2))


@settings(max_examples=200, deadline=None, phases=PHASES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCUMENTS)
def test_roundtrip_random_documents(doc: n.Document) -> None:
    check_roundtrip(doc)


@settings(max_examples=200, deadline=None, phases=PHASES,
          suppress_health_check=[HealthCheck.too_slow])
@given(INLINES)
def test_roundtrip_random_paragraphs(inlines: list[n.Inline]) -> None:
    check_roundtrip([n.Paragraph(children=inlines)])
