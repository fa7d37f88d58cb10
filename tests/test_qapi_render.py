"""QAPI → document tree, the public API, convert_schema, and rST/Sphinx output."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED

from texi2rst import nodes
from texi2rst.diagnostics import Reporter
from texi2rst.qapi import (
    convert_schema,
    definition_to_blocks,
    doc_comment_to_blocks,
    parse_schema,
    read_schema,
    render_rst,
    schema_to_document,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures" / "qapi"
DOC_GOOD = CORPUS / "tests" / "qapi-schema" / "doc-good.json"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"QEMU corpus not available: {path} is missing")
    return path


def need_writer() -> None:
    if importlib.util.find_spec("texi2rst.writers.rst") is None:
        pytest.skip("texi2rst.writers.rst is not there yet")


def text_of(blocks) -> str:
    out = []
    for b in blocks:
        for n in b.walk():
            if isinstance(n, nodes.Text):
                out.append(n.text)
    return " ".join(out)


def find(root, cls, **attrs):
    return [n for n in root.walk() if isinstance(n, cls)
            and all(getattr(n, k) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def good():
    r = Reporter()
    schema = read_schema(need(DOC_GOOD), reporter=r)
    assert not r.diagnostics
    return schema, schema_to_document(schema)


# --------------------------------------------------------------------------- tree


def test_sections_nest_definitions(good):
    _schema, doc = good
    top = doc.children[0]
    assert isinstance(top, nodes.Section) and top.level == 1
    assert nodes.plain_text(top.title) == "Section"
    sub = [c for c in top.children if isinstance(c, nodes.Section)]
    assert [nodes.plain_text(s.title) for s in sub] == ["Subsection", "Another subsection"]
    assert [d.lines[0].name[0].text for d in find(sub[1], nodes.Definition)] == [
        "cmd", "cmd-boxed", "EVT-BOXED"]


def test_every_definition_labelled_and_kinded(good):
    _schema, doc = good
    labels = [n.name for n in find(doc, nodes.NodeLabel)]
    assert labels == ["qapi-Enum", "qapi-Base", "qapi-Variant1", "qapi-Variant2", "qapi-Object",
                      "qapi-SugaredUnion", "qapi-Alternate", "qapi-cmd", "qapi-cmd-boxed",
                      "qapi-EVT-BOXED"]
    kinds = [d.kind for d in find(doc, nodes.Definition)]
    assert kinds == ["qapi-enum", "qapi-struct", "qapi-struct", "qapi-struct", "qapi-union",
                     "qapi-union", "qapi-alternate", "qapi-command", "qapi-command",
                     "qapi-event"]
    cmd = find(doc, nodes.Definition, kind="qapi-command")[0]
    line = cmd.lines[0]
    assert nodes.plain_text(line.category) == "Command"
    assert nodes.plain_text(line.arguments) == "(arg1, [arg2], arg3) -> Object"


def test_every_node_has_source_and_line(good):
    _schema, doc = good
    for n in doc.walk():
        if n is doc:
            continue
        assert n.source.endswith("doc-good.json") and n.line > 0, n


def test_members_types_optional_not_documented(good):
    _schema, doc = good
    cmd = find(doc, nodes.Definition, kind="qapi-command")[0]
    table = find(cmd, nodes.Table)[0]
    terms = [nodes.plain_text(e.terms[0]) for e in table.entries]
    assert terms == ["arg1: int", "arg2: string (optional)", "arg3: boolean"]
    assert text_of(table.entries[2].children) == "Not documented"
    base = find(doc, nodes.Definition, kind="qapi-struct")[0]
    ref = find(base, nodes.Reference)[0]
    assert ref.target == "qapi-Enum"
    assert "Arguments:" in text_of([cmd])
    text = text_of([cmd])
    for piece in ("Features:", "cmd-feat1", "Returns:", "TODO:", "frobnicate", "Since:",
                  "2.10", "Example:", "-> in"):
        assert piece in text, piece
    assert find(cmd, nodes.Admonition, kind="note")
    example = find(cmd, nodes.LiteralBlock, kind="example")
    assert example[0].children[0].text == "-> in\n<- out"
    # @Object in "Returns: @Object" refers to the definition
    assert any(r.target == "qapi-Object" for r in find(cmd, nodes.Reference))


def test_unions_enum_conditions(good):
    _schema, doc = good
    obj, sugared = find(doc, nodes.Definition, kind="qapi-union")
    terms = [nodes.plain_text(e.terms[0]) for e in find(obj, nodes.Table)[0].entries]
    assert terms == ["The members of Base",
                     'The members of Variant1 when base1 is "one"',
                     'The members of Variant2 when base1 is "two" (If: IFTWO)']
    entries = find(sugared, nodes.Table)[0].entries
    assert "".join(text_of(entries[0].children).split()) == 'Oneof"one","two"'
    assert nodes.plain_text(entries[1].terms[0]) == 'data: Variant1 when type is "one"'
    enum = find(doc, nodes.Definition, kind="qapi-enum")[0]
    text = text_of([enum])
    assert "Values:" in text and "If: defined(IFONE)" in " ".join(text.split())
    assert "defined(IFCOND)" in text
    boxed = find(doc, nodes.Definition, kind="qapi-event")[0]
    assert "the members of" in text_of([boxed])


def test_markup_in_text(good):
    _schema, doc = good
    top = doc.children[0]
    styled = {(s.kind, nodes.plain_text(s.children)) for s in find(top, nodes.Styled)}
    assert ("strong", "strong") in styled and ("emph", "with emphasis") in styled
    assert ("code", "var") in styled  # @var is no definition: code
    assert find(top, nodes.BulletList) and find(top, nodes.EnumeratedList)
    assert find(top, nodes.LiteralBlock)


# --------------------------------------------------------------------------- API


def test_parse_schema_and_definition_to_blocks():
    schema = parse_schema("##\n# @T:\n# A type.\n# @a: the a\n##\n"
                          "{ 'struct': 'T', 'data': { 'a': 'U' } }\n"
                          "##\n# @U:\n##\n{ 'enum': 'U', 'data': [ 'x' ] }\n")
    assert schema.errors == 0
    label, defn = definition_to_blocks(schema.definitions[0], schema)
    assert isinstance(label, nodes.NodeLabel) and label.name == "qapi-T"
    assert defn.kind == "qapi-struct"
    assert find(defn, nodes.Reference)[0].target == "qapi-U"
    # without the schema, types are code
    _label, alone = definition_to_blocks(schema.definitions[0])
    assert not find(alone, nodes.Reference)


def test_doc_comment_to_blocks():
    blocks = doc_comment_to_blocks("##\n# = Heading\n# Text with *bold*.\n##")
    assert isinstance(blocks[0], nodes.Heading) and isinstance(blocks[1], nodes.Paragraph)
    blocks = doc_comment_to_blocks("@cmd:\nDoes it.\n\n@arg: an argument\n\nSince: 3.0")
    assert "an argument" in text_of(blocks) and "Since:" in text_of(blocks)


def test_fixture_schema_tree():
    schema = read_schema(FIXTURES / "main.json")
    doc = schema_to_document(schema, title="Demo")
    assert nodes.plain_text(doc.title) == "Demo"
    labels = {n.name for n in find(doc, nodes.NodeLabel)}
    assert {"qapi-paint", "qapi-Colour", "qapi-Shape", "qapi-PAINTED"} <= labels
    shape = [d for d in find(doc, nodes.Definition) if d.lines[0].name[0].text == "Shape"][0]
    assert shape.source.endswith("sub/types.json")
    terms = [nodes.plain_text(e.terms[0]) for e in find(shape, nodes.Table)[0].entries]
    assert terms[0] == "kind: ShapeForm"
    painted = [d for d in find(doc, nodes.Definition, kind="qapi-event")][0]
    assert "defined(CONFIG_PAINT)" in text_of([painted])


# --------------------------------------------------------------------------- rST


def test_render_rst_and_convert(tmp_path):
    need_writer()
    schema = read_schema(FIXTURES / "main.json")
    rst = render_rst(schema)
    assert ".. _qapi-paint:" in rst and ":ref:" in rst
    assert "paint" in render_rst(schema.lookup("paint"), schema)
    assert "Heading" in render_rst("##\n# = Heading\n##")
    out = tmp_path / "out.rst"
    r = Reporter()
    assert convert_schema(str(FIXTURES / "main.json"), str(out), reporter=r) == 0
    assert out.read_text() == rst
    assert not list(tmp_path.glob(".qapi-*"))
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert convert_schema(str(FIXTURES / "main.json"), "-", reporter=Reporter()) == 0
    assert buf.getvalue() == rst
    bad = tmp_path / "bad.rst"
    r = Reporter()
    assert convert_schema(str(FIXTURES / "syntax-error.json"), str(bad), reporter=r) == 1
    assert r.errors and not bad.exists()


def _sphinx_text(rst: str, tmp: Path) -> str:
    (tmp / "conf.py").write_text("project = 'qapi'\n")
    (tmp / "index.rst").write_text(rst)
    out = tmp / "_out"
    p = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "text", str(tmp),
                        str(out)], capture_output=True, text=True)
    assert p.returncode == 0 and not p.stderr.strip(), p.stderr[:3000]
    return (out / "index.txt").read_text()


def _fidelity():
    tools = SHARED / "tools"
    if not (tools / "fidelity.py").exists():
        pytest.skip("fidelity.py not available")
    sys.path.insert(0, str(tools))
    import fidelity

    return fidelity


def _makeinfo_words(fidelity, texi: Path, tmp: Path):
    wrapper = tmp / "wrap.texi"
    wrapper.write_text("\\input texinfo\n@setfilename wrap.info\n@settitle W\n@node Top\n"
                       f"@top W\n@node A\n@chapter A\n@include {texi}\n@bye\n")
    return fidelity.words(fidelity.makeinfo_text(str(wrapper), []))


@pytest.mark.parametrize("schema,texi", [
    ("qapi/qapi-schema.json", "generated/qapi/qapi-doc.texi"),
    ("qga/qapi-schema.json", "generated/qga/qapi-generated/qga-qapi-doc.texi"),
])
def test_whole_schema_sphinx_and_recall(schema, texi, tmp_path):
    need_writer()
    path = need(CORPUS / schema)
    schema_obj = read_schema(path)
    assert schema_obj.errors == 0
    text = _sphinx_text(render_rst(schema_obj), tmp_path)
    fidelity = _fidelity()
    ref = _makeinfo_words(fidelity, need(CORPUS / texi), Path(tempfile.mkdtemp()))
    recall, _precision, *_ = fidelity.compare(ref, fidelity.words(text))
    assert recall >= 0.99, recall


def test_docutils_parses_doc_good():
    need_writer()
    import docutils.core
    import docutils.utils

    schema = read_schema(need(DOC_GOOD))
    rst = render_rst(schema)
    stream = io.StringIO()
    docutils.core.publish_doctree(rst, settings_overrides={
        "warning_stream": stream, "report_level": 2})
    # Sphinx-only roles/directives (ref, index, describe) are checked by the Sphinx test
    problems = [ln for ln in stream.getvalue().splitlines()
                if ln and "Unknown interpreted text role" not in ln
                and "Unknown directive type" not in ln and "No role entry" not in ln
                and "No directive entry" not in ln and "Trying" not in ln
                and not ln.startswith(" ") and not ln.startswith(".. ")]
    assert not [p for p in problems if "ERROR" in p or "SEVERE" in p], problems
