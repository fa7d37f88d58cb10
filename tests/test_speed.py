"""What the speed work replaced keeps its results: word splitting for wrapping, deep copies
of trees, label bases, and the steps that were quadratic."""

from __future__ import annotations

import copy
import gc
import re
import time

import pytest
from conftest import FIXTURES

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.lexer import Options
from texi2rst.readers.texinfo.parser import read_texinfo, read_texinfo_string
from texi2rst.writers.rst import make_label
from texi2rst.writers.rst.escape import MARKUP, TEXT, split_words, wrap


@pytest.mark.parametrize(("text", "words"), [
    (f"{TEXT}a b  c", [f"{TEXT}a", f"{TEXT}b ", f"{TEXT}c"]),  # a space before a space stays
    (f"{TEXT}a\\ b c", [f"{TEXT}a\\ b", f"{TEXT}c"]),  # an escaped space does not split
    (f"{TEXT}a\\\\ b", [f"{TEXT}a\\\\", f"{TEXT}b"]),  # an escaped backslash before it does
    (f"{TEXT}x {MARKUP}`y z`{TEXT} w", [f"{TEXT}x", f"{TEXT}{MARKUP}`y z`{TEXT}", f"{TEXT}w"]),
    (f"{TEXT} lead", [f"{TEXT}lead"]),
    (f"{TEXT}end {MARKUP}m", [f"{TEXT}end", f"{TEXT}{MARKUP}m"]),  # before a marker: splits
    (f"{TEXT}end ", [f"{TEXT}end "]),  # at the very end: does not
    ("no marker here", ["no marker here"]),  # outside text nothing splits
    (f"{TEXT}a\u00a0b c\t d", [f"{TEXT}a\u00a0b", f"{TEXT}c\t", f"{TEXT}d"]),
])
def test_split_words(text, words):
    assert split_words(text) == words


def test_wrap_breaks_only_between_words_of_text():
    text = TEXT + " ".join(["word"] * 30) + f" {MARKUP}``a b c d``"
    lines = wrap(text, 20)
    assert all(len(line) <= 20 for line in lines[:-1])
    assert lines[-1].endswith("``a b c d``")
    assert " ".join(lines).split() == (["word"] * 30) + ["``a", "b", "c", "d``"]


def _without_addresses(text: str) -> str:
    return re.sub(r" at 0x[0-9a-f]+", "", text)


def test_deepcopy_of_a_tree_copies_every_node_and_keeps_shared_lists_shared():
    doc = read_texinfo(str(FIXTURES / "texinfo" / "tables.texi"),
                       Options(include_dirs=[str(FIXTURES / "texinfo")]), Reporter())
    clone = copy.deepcopy(doc)
    assert _without_addresses(repr(clone)) == _without_addresses(repr(doc))
    originals = {id(x) for x in doc.walk()}
    assert not any(id(x) in originals for x in clone.walk())
    shared = [n.Text("x")]
    a, b = n.Paragraph(children=shared), n.Paragraph(children=shared)
    ca, cb = copy.deepcopy([a, b])
    assert ca.children is cb.children and ca.children is not shared
    ca.children[0].text = "changed"
    assert shared[0].text == "x"


def test_make_label_results():
    assert make_label("Top") == "top"
    assert make_label("Invoking sed", "sed-") == "sed-invoking-sed"
    assert make_label("--- !!") == "node"
    assert make_label("Überblick") == "berblick"


def _seconds(action) -> float:
    """The least CPU time of a few runs of ``action``, without the cycle collector (as the
    command line runs): late in a test session its passes over everything the session
    made grow with the objects an input makes, not with the work being measured."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(5):
            start = time.process_time()
            action()
            best = min(best, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def test_long_table_reads_in_linear_time():
    """Each @item's table style was found by a backward search over the whole table."""
    def table(k: int) -> str:
        return "@table @code\n" + "".join(f"@item i{j}\nText {j}.\n\n" for j in range(k)) + \
            "@end table\n"
    small, large = table(500), table(4000)
    t_small = _seconds(lambda: read_texinfo_string(small))
    t_large = _seconds(lambda: read_texinfo_string(large))
    assert t_large < 8 * t_small * 2.5, (t_small, t_large)  # 8x the input, not 64x the time


def _strip_reference(block: n.Block) -> n.Block:
    """What man pages took before the one-pass copy: a deep copy, then a walk that drops
    anchors, node labels and index entries from children, entries and items, and unnames
    sections."""
    clone = copy.deepcopy(block)
    for node in clone.walk(text=False):
        if isinstance(node, n.Section):
            node.node = ""
        for attr in ("children", "entries", "items"):
            items = getattr(node, attr, None)
            if isinstance(items, list):
                items[:] = [x for x in items if not isinstance(x, (n.Anchor, n.NodeLabel,
                                                                    n.IndexEntry))]
    return clone


def test_man_page_copies_are_the_deep_copy_without_targets():
    from texi2rst.writers.project import _only_text, _unlabelled

    doc = read_texinfo(str(FIXTURES / "project" / "book.texi"), Options(), Reporter())
    shared = n.Paragraph([n.Text("shared"), n.Anchor(name="a"),
                          n.Styled("code", [n.Text("plain"), n.Styled("var", [n.Text("v")])]),
                          n.Styled("emph", [n.Anchor(name="c"), n.Text("copied")])])
    extra = n.Section(level=2, node="Extra", title=[n.Text("Extra")], children=[
        n.NodeLabel(name="x"), shared, n.IndexEntry(index="cp", children=[n.Text("e")]),
        n.Table(entries=[n.TableEntry(terms=[[n.Text("t"), n.Anchor(name="in-term")]],
                                      children=[shared, n.Anchor(name="b")])]),
        n.MultiTable(columns=[0.5, 0.5], head=[[[shared], [n.NodeLabel(name="y")]]])])
    for block in [*doc.children, extra]:
        before = repr(block)
        copied, reference = _unlabelled(block), _strip_reference(block)
        assert repr(copied) == repr(reference)
        assert repr(block) == before  # the original is left alone
        # text nodes, and styled text of text only (nothing changes them once read), are
        # shared with the original; every other node is a copy
        texts = {id(x) for x in block.walk() if isinstance(x, n.Text)}
        assert all(id(x) in texts for x in copied.walk() if isinstance(x, n.Text))
        shareable = texts | {id(x) for x in block.walk()
                             if isinstance(x, n.Styled) and _only_text(x)}
        in_both = {id(x) for x in copied.walk()} & {id(x) for x in block.walk()}
        assert in_both <= shareable
    copied = _unlabelled(extra)
    table = copied.children[1]  # (the node label went)
    assert table.entries[0].children[0] is copied.children[0]  # shared, as in deepcopy
    code, emph = copied.children[0].children[1:]
    assert code is shared.children[2] and emph is not shared.children[3]


def test_option_signatures_are_computed_once_per_table_with_a_cache(monkeypatch):
    from texi2rst.writers.rst import signatures

    def table(option: str) -> n.Table:
        term = [n.Styled(kind="option", children=[n.Text(option)])]
        return n.Table(style="option", entries=[n.TableEntry(terms=[term])])

    calls = []
    real = signatures._term_signature
    monkeypatch.setattr(signatures, "_term_signature", lambda t: calls.append(1) or real(t))
    cache: signatures.SignatureCache = {}
    first = table("--port=N")
    assert signatures.option_signatures(first, cache) == [["--port=N"]]
    assert signatures.option_signatures(first, cache) == [["--port=N"]]
    assert len(calls) == 1
    other = table("-x")
    cache[id(other)] = cache.pop(id(first))  # as if ``other`` had the id of a freed table
    assert signatures.option_signatures(other, cache) == [["-x"]]
    assert signatures.defined_options(other, cache) == {"-x"}
    assert len(calls) == 2
