"""The generator API of :mod:`texi2rst.qapi`: one located exception type, thread safety,
options checked, includes confined by default, definitions rendered alone with links, and
definitions a generator builds itself."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from texi2rst import nodes
from texi2rst.diagnostics import Reporter
from texi2rst.qapi import (
    ArgSection,
    Definition,
    DocError,
    DocLine,
    DocSection,
    Member,
    QAPIDoc,
    QAPIError,
    definition_to_blocks,
    parse_doc_text,
    parse_schema,
    render_rst,
)

SCHEMA = """\
##
# = Things
##

##
# @Colour:
# A colour.
# @red: warm
##
{ 'enum': 'Colour', 'data': [ 'red', 'blue' ] }

##
# @Paint:
# Paint of a @Colour.
# @colour: which one
##
{ 'struct': 'Paint', 'data': { 'colour': 'Colour', '*coats': 'int' } }

##
# @paint:
# Paints.
# @what: the paint
# Returns: the @Paint used
# Since: 1.0
##
{ 'command': 'paint', 'data': { 'what': 'Paint' }, 'returns': 'Paint' }
"""


def test_one_exception_type_with_file_line_column():
    with pytest.raises(QAPIError) as info:
        parse_schema("{ 'enum': 'E',\n  'data' [ ] }\n", "x.json")
    err = info.value
    assert (err.source, err.line, err.column, err.message) == ("x.json", 2, 10,
                                                               "expected ':'")
    with pytest.raises(QAPIError) as info:
        parse_schema("{ 'struct': 'S', 'data': { 'a': 'Nope' } }\n", "y.json")
    assert (info.value.source, info.value.line, info.value.context) == (
        "y.json", 1, "In struct 'S'")
    assert "member 'a' uses unknown type 'Nope'" in str(info.value)
    with pytest.raises(QAPIError) as info:
        parse_schema("##\n# @x:\n# @a: one\n# @a: two\n##\n{ 'command': 'x' }\n", "z.json")
    assert isinstance(info.value, DocError)
    assert (info.value.source, info.value.line, info.value.column) == ("z.json", 4, 1)
    with pytest.raises(DocError) as info:
        parse_doc_text("##\n# @f:\n# Note:\n##", source="d.json")
    assert isinstance(info.value, QAPIError) and info.value.source == "d.json"


def test_reporter_gets_the_error_and_schema_keeps_it():
    reporter = Reporter()
    schema = parse_schema("{ 'command': 'c', 'boxed': false }\n", "c.json", reporter=reporter)
    assert schema.errors == 1 and isinstance(schema.error, QAPIError)
    assert [str(d) for d in reporter.errors] == [
        "c.json: In command 'c':\nc.json:1: error: flag 'boxed' may only use true value"]


def test_unknown_render_option_is_an_error():
    schema = parse_schema(SCHEMA, "s.json")
    with pytest.raises(TypeError):
        render_rst(schema, titel="x")  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        render_rst(schema, flavour="fancy")
    with pytest.raises(TypeError):
        render_rst(schema.definitions[0], title="only for a schema")
    assert render_rst(schema, title="T").startswith("####\nT\n####\n")


def test_parse_schema_confines_includes_by_default(tmp_path: Path):
    (tmp_path / "outside.json").write_text("{ 'enum': 'E', 'data': [] }\n")
    (tmp_path / "in").mkdir()
    top = tmp_path / "in" / "top.json"
    text = "{ 'include': '../outside.json' }\n"
    with pytest.raises(QAPIError) as info:
        parse_schema(text, str(top))
    assert "outside the schema's folder" in info.value.message
    schema = parse_schema(text, str(top), allow_outside_includes=True)
    assert [d.name for d in schema.definitions] == ["E"]


def _render(text: str, flavour: str) -> str:
    return render_rst(parse_schema(text, "s.json"), flavour=flavour)


def test_32_threads_render_identically():
    inputs = [SCHEMA.replace("Paint", f"Paint{i}").replace("paint", f"paint{i}")
              for i in range(8)]
    jobs = [(inputs[i % 8], ("plain", "sphinx-domain")[i % 2]) for i in range(32)]
    expected = [_render(t, f) for t, f in jobs]
    results: list[str | None] = [None] * 32
    barrier = threading.Barrier(32)

    def run(i: int) -> None:
        barrier.wait()
        for _ in range(3):
            got = _render(*jobs[i])
            if got != expected[i]:
                results[i] = got
                return
        results[i] = expected[i]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_definition_alone_links_with_names_or_resolver():
    schema = parse_schema(SCHEMA, "s.json")
    paint = schema.lookup("Paint")
    assert paint is not None

    def refs(blocks: list[nodes.Block]) -> list[str]:
        return [n.target for b in blocks for n in b.walk() if isinstance(n, nodes.Reference)]

    assert refs(definition_to_blocks(paint)) == []
    assert refs(definition_to_blocks(paint, {"Colour"})) == ["qapi-Colour", "qapi-Colour"]
    assert refs(definition_to_blocks(paint, lambda n: "enum" if n == "Colour" else None)) \
        == ["qapi-Colour", "qapi-Colour"]
    assert refs(definition_to_blocks(paint, schema)) == ["qapi-Colour", "qapi-Colour"]
    plain = render_rst(paint, {"Colour"})
    assert ":ref:`Colour <qapi-colour--1>`" in plain
    domain = render_rst(paint, lambda n: "enum" if n == "Colour" else None,
                        flavour="sphinx-domain")
    assert ":qapi:type:`Colour`" in domain and "*Colour*" not in domain


def test_generator_built_definition():
    src = "gen.json"
    body = DocSection(line=11, lines=[DocLine(11, "Sets the @Level.")])
    arg = ArgSection("level", line=12, lines=[DocLine(12, "how loud")])
    since = DocSection("Since", line=13, lines=[DocLine(13, "2.0")])
    doc = QAPIDoc(source=src, line=10, end_line=14, symbol="set-volume", symbol_line=10,
                  body=body, args={"level": arg}, sections=[since])
    defn = Definition(kind="command", name="set-volume", source=src, line=15, doc=doc,
                      members=[Member("level", "Level", line=15)],
                      features=[Member("deprecated", line=15)])
    text = render_rst(defn, {"Level"})
    assert ".. describe:: set-volume (level) [Command]" in text
    assert ":ref:`Level <qapi-level--1>`" in text and "how loud" in text and "2.0" in text
