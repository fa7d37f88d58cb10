"""Label assignment of the rST writer: unique, in document order, in linear time."""

from __future__ import annotations

import random
import time

from texi2rst import nodes as n
from texi2rst.writers.rst import Labels, make_label, write_rst

RESERVED = {"genindex", "modindex", "search", "py-modindex"}


def scan_labels(names: list[str], prefix: str = "") -> list[str]:
    """The specification: a name's label is the first of base, base-2, base-3 … that is
    neither taken nor reserved (a scan from 2 for every label: quadratic, fine for tests)."""
    used: set[str] = set()
    out: list[str] = []
    for name in names:
        base = make_label(name, prefix)
        label, k = base, 1
        while label in used or label in RESERVED:
            k += 1
            label = f"{base}-{k}"
        used.add(label)
        out.append(label)
    return out


def anchors_doc(names: list[str]) -> tuple[n.Document, list[n.Anchor]]:
    anchors = [n.Anchor(name=name) for name in names]
    return n.Document(children=[n.Paragraph(children=[a]) for a in anchors]), anchors


def assigned(names: list[str], prefix: str = "") -> list[str]:
    doc, anchors = anchors_doc(names)
    labels = Labels.collect(doc, prefix=prefix)
    return [labels.label_of(a, a.name) or "" for a in anchors]


def test_duplicates_and_suffix_lookalikes() -> None:
    names = ["foo", "foo", "foo 2", "Foo-2", "foo", "foo-3-2", "foo 3", "foo", "search",
             "Search", "search-2", "genindex", "py modindex", "***", "", "x"]
    names = [x for x in names if x.strip()]
    expected = ["foo", "foo-2", "foo-2-2", "foo-2-3", "foo-3", "foo-3-2", "foo-3-3", "foo-4",
                "search-2", "search-3", "search-2-2", "genindex-2", "py-modindex-2", "node", "x"]
    assert assigned(names) == expected
    assert assigned(names) == scan_labels(names)


def test_labels_match_the_scan_on_random_names() -> None:
    rng = random.Random(12)
    words = ["a", "b", "a 2", "a-2", "a 2 2", "b 3", "a-10", "a 1", "search", "node", "",
             "A", "b-2-2", "a 3"]
    for _ in range(300):
        names = [w for w in rng.choices(words, k=rng.randint(1, 40)) if w.strip()]
        prefix = rng.choice(["", "m-", "a-"])
        got = assigned(names, prefix)
        assert got == scan_labels(names, prefix), (names, prefix)
        assert len(set(got)) == len(got)


def test_labels_are_kept_per_node_and_by_first_name() -> None:
    doc = n.Document(children=[
        n.Section(node="Intro", title=[n.Text("Intro")], children=[
            n.NodeLabel(name="Intro"), n.Float(label="Intro", children=[]),
        ]),
    ])
    labels = Labels.collect(doc)
    section = doc.children[0]
    assert isinstance(section, n.Section)
    node_label, float_ = section.children
    assert [labels.label_of(x, "Intro") for x in (section, node_label, float_)] == [
        "intro", "intro-2", "intro-3"]
    assert labels.label_for("Intro") == "intro"
    assert labels.label_for("  Intro ") == "intro"
    # a node that was not labelled falls back to the label of its name
    assert labels.label_of(n.Anchor(name="Intro"), "Intro") == "intro"


def test_twenty_thousand_duplicate_anchors_take_linear_time() -> None:
    count = 20_000
    doc, anchors = anchors_doc(["dup"] * count)
    start = time.process_time()
    labels = Labels.collect(doc)
    rst = write_rst(doc, labels=labels)
    elapsed = time.process_time() - start
    # the former scan from "-2" for every label took about 30 s of CPU here
    assert elapsed < 3.0, f"{elapsed:.1f} s of CPU for {count} anchors"
    got = [labels.label_of(a, "dup") for a in anchors]
    assert got == ["dup"] + [f"dup-{k}" for k in range(2, count + 1)]
    assert rst.count("\n.. _dup-") == count - 1
