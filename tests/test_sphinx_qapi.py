"""The ``qapi`` Sphinx domain and the ``qapi-doc`` directive (texi2rst.sphinx.qapi), the
``sphinx-domain`` render flavour, and ``texi2rst qapi SCHEMA -o DIR`` projects.

Sphinx runs in-process (``sphinx.cmd.build.build_main``); the builds of the QEMU corpus
(several seconds each) are made once per module."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import CORPUS, run_cli
from conftest import sphinx_build as conftest_sphinx_build

from texi2rst.qapi import FLAVOURS, parse_schema, read_schema, render_rst, render_rst_lines

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures" / "qapi"

CONF = 'extensions = ["texi2rst.sphinx"]\nproject = "test"\n'

BAD_SCHEMA = """\
##
# = Bad
##

##
# @thing:
#
# @nosuch: not a member
#
# Since: 1.0
##
{ 'command': 'thing', 'data': { 'a': 'int' } }
"""


def need_corpus() -> None:
    if not (CORPUS / "qapi" / "qapi-schema.json").exists():
        pytest.skip(f"{CORPUS} not present (the QEMU corpus lies in ../shared beside the "
                    "project only in the development setup)")


def sphinx_build(src: Path, out: Path, *extra: str, werror: bool = False,
                 builder: str = "html") -> tuple[int, str]:
    """Build ``src`` into ``out`` (HTML unless told, in a process of its own)."""
    return conftest_sphinx_build(src, out, *extra, werror=werror, builder=builder)


def write_project(src: Path, pages: dict[str, str], conf: str = CONF) -> Path:
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in pages.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def copy_fixture_schema(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "main.json", dest / "main.json")
    shutil.copytree(FIXTURES / "sub", dest / "sub", dirs_exist_ok=True)
    return dest / "main.json"


def environment(out: Path):
    with open(out / ".doctrees" / "environment.pickle", "rb") as fh:
        return pickle.load(fh)


# --------------------------------------------------------------------------- small project

INDEX = """\
Test
====

.. toctree::

   ref
   use

Overview (a second rendering, not indexed):

.. qapi-doc:: /schemas/main.json
   :no-index:
"""

REF = """\
Reference
=========

.. qapi-doc:: schemas/main.json
"""

USE = """\
Using it
========

Call :qapi:cmd:`paint` with a :qapi:type:`Colour`; wait for :qapi:event:`PAINTED`.
See also :qapi:any:`Shape`, :qapi:enum:`ShapeForm`, :any:`Result` and
:qapi:type:`the alternate <Either>`.  All of them: :ref:`qapi-index`.
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("small")
    src = write_project(root / "src", {"index.rst": INDEX, "ref.rst": REF, "use.rst": USE})
    copy_fixture_schema(src / "schemas")
    out = root / "out"
    started = time.perf_counter()
    code, warnings = sphinx_build(src, out, werror=True)
    return {"src": src, "out": out, "code": code, "warnings": warnings,
            "seconds": time.perf_counter() - started}


def test_small_project_builds_without_warnings(small):
    assert small["code"] == 0, small["warnings"]
    assert small["warnings"] == ""


def test_definitions_are_domain_objects(small):
    ref = (small["out"] / "ref.html").read_text(encoding="utf-8")
    for name in ("paint", "PAINTED", "Colour", "Result", "Shape", "ShapeForm", "Either"):
        assert f'id="qapi-{name}"' in ref
    assert '<dl class="qapi command">' in ref and '<dl class="qapi enum">' in ref
    # member types and @references go through the domain roles, the return type too
    assert 'href="#qapi-Colour"' in ref
    assert 'class="xref qapi qapi-type' in ref
    assert '<span class="sig-return-typehint"><a class="reference internal" ' \
           'href="#qapi-Result"' in ref
    env = environment(small["out"])
    objects = env.domaindata["qapi"]["objects"]
    # (docname, id, kind, module): the schema rendering opens no module
    assert objects["paint"] == ("ref", "qapi-paint", "command", "")
    assert objects["PAINTED"][2] == "event"
    assert {objects[n][2] for n in ("Colour", "Result", "Shape", "Either")} == {
        "enum", "struct", "union", "alternate"}
    assert all(doc == "ref" for doc, _id, _kind, _module in objects.values())


def test_references_from_another_page_resolve(small):
    use = (small["out"] / "use.html").read_text(encoding="utf-8")
    for name in ("paint", "Colour", "PAINTED", "Shape", "ShapeForm", "Result", "Either"):
        assert f'href="ref.html#qapi-{name}"' in use, name
    assert '<span class="pre">the</span> <span class="pre">alternate</span>' in use
    assert 'href="qapi-index.html"' in use


def test_no_index_rendering_links_to_the_indexed_one(small):
    index = (small["out"] / "index.html").read_text(encoding="utf-8")
    assert "Paint something." in index
    assert 'id="qapi-paint"' not in index
    assert 'href="ref.html#qapi-Colour"' in index


def test_domain_index_and_general_index(small):
    qindex = (small["out"] / "qapi-index.html").read_text(encoding="utf-8")
    assert "QMP commands and types" in qindex
    for group in ("Commands", "Events", "Types"):
        assert f"<strong>{group}</strong>" in qindex
    assert 'href="ref.html#qapi-paint"' in qindex
    genindex = (small["out"] / "genindex.html").read_text(encoding="utf-8")
    assert "paint (QMP command)" in genindex
    assert "PAINTED (QMP event)" in genindex
    assert "Colour (QAPI enum)" in genindex


def test_dependencies_recorded_and_rebuild(small):
    src, out = small["src"], small["out"]
    env = environment(out)
    main = str((src / "schemas" / "main.json").resolve())
    types = str((src / "schemas" / "sub" / "types.json").resolve())
    deps = {str(Path(src, d).resolve()) for d in env.dependencies["ref"]}
    assert {main, types} <= deps
    assert {main, types} <= {str(Path(src, d).resolve()) for d in env.dependencies["index"]}
    assert not env.dependencies.get("use")
    # touching an included file re-reads the documents that render the schema, only them
    doctrees = out / ".doctrees"
    before = {d: (doctrees / f"{d}.doctree").stat().st_mtime_ns for d in ("ref", "use")}
    later = time.time() + 5
    os.utime(src / "schemas" / "sub" / "types.json", (later, later))
    code, warnings = sphinx_build(src, out, werror=True)
    assert code == 0, warnings
    after = {d: (doctrees / f"{d}.doctree").stat().st_mtime_ns for d in ("ref", "use")}
    assert after["ref"] != before["ref"]
    assert after["use"] == before["use"]


# --------------------------------------------------------------------------- warnings


def test_dangling_references_warn(tmp_path):
    src = write_project(tmp_path / "src", {
        "index.rst": "T\n=\n\n.. toctree::\n\n   ref\n\n"
                     ":qapi:cmd:`nope` :qapi:cmd:`Colour` :qapi:type:`paint`\n"
                     ":qapi:event:`paint` :qapi:any:`Missing` :qapi:cmd:`paint`\n",
        "ref.rst": REF})
    copy_fixture_schema(src / "schemas")
    code, warnings = sphinx_build(src, tmp_path / "out")
    assert code == 0
    index = src / "index.rst"
    assert f"{index}:8: WARNING: undefined QMP command: nope" in warnings
    assert "undefined QMP command: Colour" in warnings  # an enum is not a command
    assert "undefined QAPI type: paint" in warnings
    assert "undefined QMP event: paint" in warnings
    assert "undefined QAPI definition: Missing" in warnings
    assert warnings.count("WARNING") == 5, warnings
    code, _w = sphinx_build(src, tmp_path / "out-W", werror=True)
    assert code != 0


def test_bad_schema_warning_points_at_schema(tmp_path):
    src = write_project(tmp_path / "src", {"index.rst": "T\n=\n\n.. qapi-doc:: bad.json\n"})
    (src / "bad.json").write_text(BAD_SCHEMA, encoding="utf-8")
    code, warnings = sphinx_build(src, tmp_path / "out")
    assert code == 0
    bad = (src / "bad.json").resolve()
    assert f"{bad}:5: WARNING: documented member 'nosuch' does not exist" in warnings
    code, _w = sphinx_build(src, tmp_path / "out-W", werror=True)
    assert code != 0


def test_duplicate_definitions_located_in_schema(tmp_path):
    """Without :no-index: a second rendering repeats every definition: each warning names
    the schema line of the definition (the generated rST carries schema locations)."""
    src = write_project(tmp_path / "src", {
        "index.rst": "T\n=\n\n.. toctree::\n\n   ref\n\n.. qapi-doc:: schemas/main.json\n",
        "ref.rst": REF})
    copy_fixture_schema(src / "schemas")
    _code, warnings = sphinx_build(src, tmp_path / "out")
    types = (src / "schemas" / "sub" / "types.json").resolve()
    main = (src / "schemas" / "main.json").resolve()
    assert f"{types}:3: WARNING: duplicate QAPI definition Colour" in warnings
    assert f"{main}:22: WARNING: duplicate QAPI definition paint" in warnings
    assert warnings.count("duplicate QAPI definition") == 7


def test_missing_include_warns(tmp_path):
    src = write_project(tmp_path / "src", {"index.rst": "T\n=\n\n.. qapi-doc:: m.json\n"})
    shutil.copy(FIXTURES / "missing-include.json", src / "m.json")
    _code, warnings = sphinx_build(src, tmp_path / "out")
    assert f"{(src / 'm.json').resolve()}:" in warnings
    assert "can't read include file" in warnings


def test_schema_outside_srcdir_refused(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("{ 'command': 'x' }\n", encoding="utf-8")
    inner = copy_fixture_schema(tmp_path / "src" / "schemas")
    src = write_project(tmp_path / "src", {
        "index.rst": f"T\n=\n\n.. qapi-doc:: ../outside.json\n\n.. qapi-doc:: {outside}\n\n"
                     f".. qapi-doc:: {inner}\n\n.. qapi-doc:: nowhere.json\n"})
    (src / "schemas" / "sub" / "escape.json").write_text(
        "{ 'include': '../../../outside.json' }\n", encoding="utf-8")
    (src / "esc.rst").write_text("E\n=\n\n.. qapi-doc:: schemas/sub/escape.json\n",
                                 encoding="utf-8")
    (src / "index.rst").write_text((src / "index.rst").read_text() + "\n.. toctree::\n\n"
                                   "   esc\n", encoding="utf-8")
    code, warnings = sphinx_build(src, tmp_path / "out")
    index = src / "index.rst"
    assert f"{index}:4: ERROR: qapi-doc: ../outside.json is outside the Sphinx source " \
           "folder" in warnings
    assert f"{index}:6: ERROR: qapi-doc: {outside} is outside" in warnings
    assert "cannot read" in warnings and "nowhere.json" in warnings
    assert "can't read include file '../../../outside.json'" in warnings
    assert "outside the Sphinx source folder" in warnings.split("include file")[-1]
    # the absolute path inside the source folder was accepted and rendered
    assert 'id="qapi-paint"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_parallel_build(tmp_path):
    pages = {"index.rst": "T\n=\n\n.. toctree::\n\n" + "".join(
        f"   p{i}\n" for i in range(7)) + "   ref\n", "ref.rst": REF}
    for i in range(7):
        pages[f"p{i}.rst"] = (f"P{i}\n==\n\n:qapi:cmd:`paint` :qapi:type:`Colour`\n\n"
                              ".. qapi-doc:: schemas/main.json\n   :no-index:\n")
    src = write_project(tmp_path / "src", pages)
    copy_fixture_schema(src / "schemas")
    code, warnings = sphinx_build(src, tmp_path / "out", "-j", "2", werror=True)
    assert code == 0, warnings
    p3 = (tmp_path / "out" / "p3.html").read_text(encoding="utf-8")
    assert 'href="ref.html#qapi-paint"' in p3
    env = environment(tmp_path / "out")
    assert env.domaindata["qapi"]["objects"]["paint"][0] == "ref"


# --------------------------------------------------------------------------- renderer


def test_render_flavours():
    schema = read_schema(FIXTURES / "main.json")
    assert FLAVOURS == ("plain", "sphinx-domain")
    plain = render_rst(schema)
    assert ".. describe:: paint (colour, [coats]) -> Result [Command]" in plain
    assert "qapi:" not in plain.replace(".. _qapi-", "").replace("<qapi-", "")
    dom = render_rst(schema, flavour="sphinx-domain")
    assert ".. qapi:command:: paint(colour, [coats]) -> Result\n" in dom
    assert ".. qapi:event:: PAINTED(colour)\n" in dom
    assert ".. qapi:enum:: Colour\n" in dom and ".. qapi:union:: Shape\n" in dom
    assert ":qapi:type:`Colour`" in dom and ".. _qapi-" not in dom
    assert ".. index::" not in dom and ":no-index:" not in dom
    assert dom.count("   :no-index:") == 0
    noidx = render_rst(schema, flavour="sphinx-domain", no_index=True)
    assert noidx.count("   :no-index:\n") == 7
    with pytest.raises(ValueError):
        render_rst(schema, flavour="docbook")
    lines = render_rst_lines(schema)
    assert "\n".join(t for t, _s, _l in lines) + "\n" == plain


SIMPLE_UNION = """\
##
# @Pick:
#
# @type: which one
##
{ 'union': 'Pick', 'data': { 'one': 'str', 'many': ['int'] } }

##
# @query-all:
#
# Returns: every @Pick
##
{ 'command': 'query-all', 'returns': ['Pick'] }
"""


def test_domain_flavour_field_lists():
    # built-in types by the names QEMU's manual gives them (str: string, bool: boolean)
    schema = read_schema(FIXTURES / "main.json")
    dom = render_rst(schema, flavour="sphinx-domain")
    for field in (":arg Colour colour:\n      the colour to use",
                  ":arg int? coats:\n      how many coats (default 1)",
                  ":memb boolean ok:\n      whether it worked", ":memb string? message:",
                  ":memb ShapeForm kind:", ":memb Colour colour:\n      what dried",
                  ":value red:\n      red", ":alt string s:", ":alt Result n:",
                  ":feat fast:\n      paints quickly", ":return Result:\n      the "):
        assert f"\n   {field}" in dom, field
    assert "**Members:**" not in dom and "**Arguments:**" not in dom
    assert "**Values:**" not in dom and "**Features:**" not in dom
    assert "**Returns:**" not in dom
    assert "\n   The members of :qapi:type:`Result` when ``kind`` is ``\"circle\"``\n" in dom
    # the plain flavour keeps its titled tables
    plain = render_rst(schema)
    assert "**Arguments:**" in plain and "**Returns:** the" in plain and ":arg " not in plain
    simple = render_rst(parse_schema(SIMPLE_UNION, "s.json"), flavour="sphinx-domain")
    assert "   :memb type:\n      which one\n" in simple
    assert "   ``data``: :qapi:type:`Pick`" not in simple  # a member type, not a definition
    assert "   ``data``: array of int when ``type`` is ``\"many\"``\n" in simple
    assert "   :return [Pick]:\n      every :qapi:type:`Pick`\n" in simple


def test_domain_flavour_fields_build(tmp_path):
    src = tmp_path / "src"
    copy_fixture_schema(src)
    (src / "s.json").write_text(SIMPLE_UNION, encoding="utf-8")
    write_project(src, {"index.rst": "T\n=\n\n.. qapi-doc:: main.json\n\n.. qapi-doc:: s.json\n"})
    for builder in ("html", "text"):
        code, warnings = sphinx_build(src, tmp_path / builder, werror=True, builder=builder)
        assert code == 0 and warnings == "", warnings
    text = (tmp_path / "text" / "index.txt").read_text(encoding="utf-8")
    for shown in ('Arguments:\n      * **colour** ("Colour") -- the colour to use',
                  '* **coats** ("int", optional) -- how many coats (default 1)',
                  'Members:\n      * **ok** ("boolean") -- whether it worked',
                  '* **message** ("string", optional) -- a message',
                  "Values:\n      * **red** -- red", "Features:\n      **fast** -- paints",
                  'Alternatives:\n      * **s** ("string") -- a string',
                  'Returns:\n      "Result" -- the "Result"',
                  'Returns:\n      array of "Pick" -- every "Pick"'):
        assert shown in text, shown
    html = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert html.count('<dl class="field-list') >= 8
    ret = html[html.index('id="qapi-query-all"'):]
    ret = ret[ret.index(">Returns<"):]
    assert re.search(r'array of <span><a class="reference internal" href="#qapi-Pick"[^>]*>'
                     r'<code [^>]*><span class="pre">Pick</span></code></a></span> –', ret)


def test_render_lines_carry_schema_locations():
    schema = read_schema(FIXTURES / "main.json")
    lines = render_rst_lines(schema, flavour="sphinx-domain")
    where = {t.strip(): (Path(s).name, ln) for t, s, ln in lines if t.strip()}
    assert where[".. qapi:command:: paint(colour, [coats]) -> Result"] == ("main.json", 22)
    assert where[".. qapi:enum:: Colour"] == ("types.json", 3)
    assert where["Paint something."] == ("main.json", 25)
    assert where["the colour to use"] == ("main.json", 27)
    assert where["how many coats (default 1)"] == ("main.json", 29)
    assert all("\x05" not in t and "\x06" not in t for t, _s, _l in lines)


# --------------------------------------------------------------------------- CLI projects


def test_cli_project_from_fixture(tmp_path):
    out = tmp_path / "proj"
    code, _out, err = run_cli("qapi", str(FIXTURES / "main.json"), "-o", str(out))
    assert code == 0, err
    # .texi2rst-manifest: the files texi2rst wrote, so that a later run replaces only those
    assert sorted(p.name for p in out.iterdir()) == [".texi2rst-manifest", "conf.py",
                                                     "index.rst"]
    conf = (out / "conf.py").read_text(encoding="utf-8")
    assert "extensions: list[str] = []" in conf and "texi2rst" in conf
    index = (out / "index.rst").read_text(encoding="utf-8")
    assert index.startswith("#" * 20 + "\nQAPI reference: main\n")
    assert ".. describe:: paint" in index
    code, warnings = sphinx_build(out, tmp_path / "html", werror=True)
    assert code == 0, warnings
    # the schema's errors: exit 1, nothing written; a file given as the folder is refused
    bad = tmp_path / "bad"
    code, _out, err = run_cli("qapi", str(FIXTURES / "syntax-error.json"), "-o", str(bad))
    assert code == 1 and not bad.exists()
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    code, _out, err = run_cli("qapi", str(FIXTURES / "main.json"), "-o", str(afile))
    assert code == 1 and "not a folder" in err
    assert not [p for p in tmp_path.glob("**/.texi2rst-*") if p.name != ".texi2rst-manifest"]


@pytest.mark.parametrize("schema", ["qapi/qapi-schema.json", "qga/qapi-schema.json"])
def test_cli_project_from_corpus_builds_with_plain_sphinx(schema, tmp_path):
    need_corpus()
    out = tmp_path / "proj"
    code, _out, err = run_cli("qapi", str(CORPUS / schema), "-o", str(out))
    assert code == 0, err
    code, warnings = sphinx_build(out, tmp_path / "html", werror=True)
    assert code == 0, warnings
    assert warnings == ""


# --------------------------------------------------------------------------- corpus


CORPUS_USE = """\
Using QMP
=========

:qapi:cmd:`query-block` returns :qapi:type:`BlockInfo`; :qapi:event:`SHUTDOWN`;
the guest agent answers :qapi:cmd:`guest-ping`; :qapi:any:`BlockdevOptions`.
"""


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    need_corpus()
    root = tmp_path_factory.mktemp("corpus")
    src = write_project(root / "src", {
        "index.rst": "QEMU\n====\n\n.. toctree::\n\n   qmp\n   qga\n   use\n",
        "qmp.rst": "QMP\n===\n\n.. qapi-doc:: qapi/qapi-schema.json\n",
        "qga.rst": "Guest agent\n===========\n\n.. qapi-doc:: /qga/qapi-schema.json\n",
        "use.rst": CORPUS_USE})
    shutil.copytree(CORPUS / "qapi", src / "qapi")
    (src / "qga").mkdir()
    shutil.copy(CORPUS / "qga" / "qapi-schema.json", src / "qga" / "qapi-schema.json")
    out = root / "out"
    started = time.perf_counter()
    code, warnings = sphinx_build(src, out, werror=True)
    return {"src": src, "out": out, "code": code, "warnings": warnings,
            "seconds": time.perf_counter() - started}


def test_corpus_builds_without_warnings(corpus_build):
    assert corpus_build["code"] == 0, corpus_build["warnings"]
    assert corpus_build["warnings"] == ""


def test_corpus_objects_references_dependencies(corpus_build):
    src, out = corpus_build["src"], corpus_build["out"]
    env = environment(out)
    objects = env.domaindata["qapi"]["objects"]
    qmp = read_schema(src / "qapi" / "qapi-schema.json")
    qga = read_schema(src / "qga" / "qapi-schema.json")
    assert {d.name for d in qmp.documented} <= set(objects)
    assert {d.name for d in qga.documented} <= set(objects)
    assert objects["query-block"][:1] == ("qmp",) and objects["guest-ping"][0] == "qga"
    use = (out / "use.html").read_text(encoding="utf-8")
    for name, page in (("query-block", "qmp"), ("BlockInfo", "qmp"), ("SHUTDOWN", "qmp"),
                       ("guest-ping", "qga"), ("BlockdevOptions", "qmp")):
        assert f'href="{page}.html#qapi-{name}"' in use, name
    deps = {Path(src, d).resolve() for d in env.dependencies["qmp"]}
    assert {p.resolve() for p in (src / "qapi").glob("*.json")} <= deps
    assert (out / "qapi-index.html").exists()


DOMAIN_PARITY = """\
Parity
======

.. qapi:module:: block

   Block devices.

.. qapi:command:: stop()
   :since: 0.14
   :ifcond: CONFIG_STOP
   :deprecated:

   Stop the guest.

   :arg int level: how hard
   :arg Colour colour: which colour
   :returns: nothing
   :error GenericError: when it cannot

.. qapi:event:: STOP

   Emitted when stopped.

.. qapi:enum:: Colour

   :value red: warm

.. _hmp-quit:

.. describe:: quit

   Quit the emulator.

Links: :qapi:cmd:`~block.stop`, :qapi:cmd:`block.stop`, :qapi:event:`STOP`,
:qapi:mod:`block`, :hmp:`quit`, :qapi:hmp:`quit`.
"""


def test_domain_module_options_fields_tilde_and_hmp(tmp_path):
    src = write_project(tmp_path / "src", {"index.rst": DOMAIN_PARITY})
    code, warnings = sphinx_build(src, tmp_path / "out", werror=True)
    assert code == 0, warnings
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'id="qapi-module-block"' in html and 'href="#qapi-module-block"' in html
    assert "deprecated" in html and "CONFIG_STOP" in html and "0.14" in html
    # a command's `:arg:` fields are its "Arguments" (as in QEMU's domain)
    assert ">Arguments<" in html and ">Members<" not in html
    assert ">Errors<" in html or ">Errors:<" in html
    assert 'href="#qapi-Colour"' in html  # the member's type is a link
    # ~ shows the name alone; without it the text is as written
    assert '<span class="pre">stop</span></code></a>' in html
    assert '<span class="pre">block.stop</span></code></a>' in html
    assert html.count('href="#hmp-quit"') == 2
    env = environment(tmp_path / "out")
    objects = env.domaindata["qapi"]["objects"]
    assert objects["module:block"][2] == "module" and objects["STOP"][2] == "event"


def test_plain_labels_distinct_for_case(tmp_path):
    from texi2rst.qapi import label_for, parse_schema

    schema = parse_schema("##\n# @stop:\n# Stop.\n##\n{ 'command': 'stop' }\n"
                          "##\n# @STOP:\n# Stopped: see @stop.\n##\n{ 'event': 'STOP' }\n",
                          "s.json")
    text = render_rst(schema)
    assert label_for("stop") == "qapi-stop" and label_for("STOP") == "qapi-stop--f"
    assert ".. _qapi-stop:" in text and ".. _qapi-stop--f:" in text
    assert ":ref:`stop <qapi-stop>`" in text and "qapi-stop-2" not in text
    src = write_project(tmp_path / "src", {"index.rst": "T\n=\n\n" + text})
    code, warnings = sphinx_build(src, tmp_path / "out", werror=True)
    assert code == 0, warnings


MODULES = """\
Modules
=======

.. toctree::

   other

.. qapi:module:: block

.. qapi:command:: stop

   Stop the block layer.

.. qapi:module:: misc

.. qapi:command:: stop

   Stop the machine.

.. qapi:command:: quit

   Quit.

Links: :qapi:cmd:`block.stop`, :qapi:cmd:`misc.stop`, :qapi:any:`block.stop`,
:qapi:cmd:`~misc.quit`, :qapi:event:`EARLY`.

Broken: :qapi:cmd:`nosuch.stop`, :qapi:cmd:`block.quit`,
:qapi:cmd:`misc.nosuch`, :qapi:event:`misc.EARLY`.
"""

OTHER = """\
Other
=====

.. qapi:event:: EARLY

   Before any module.

From another page: :qapi:cmd:`misc.stop`, :qapi:cmd:`block.stop`.
"""


def test_module_qualified_names_resolve_in_their_module(tmp_path):
    src = write_project(tmp_path / "src", {"index.rst": MODULES, "other.rst": OTHER})
    code, warnings = sphinx_build(src, tmp_path / "out")
    assert code == 0
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<dt class="sig sig-object qapi" id="([^"]+)"', html)
    assert len(ids) == 3 and len(set(ids)) == 3
    block_stop, misc_stop, quit_ = ids
    links = html[html.index("Links:"):html.index("Broken:")]
    hrefs = re.findall(r'href="#([^"]+)"', links)
    assert hrefs == [block_stop, misc_stop, block_stop, quit_]
    assert '<span class="pre">quit</span></code></a>' in links  # ~ drops the module
    other = (tmp_path / "out" / "other.html").read_text(encoding="utf-8")
    assert f'href="index.html#{misc_stop}"' in other
    assert f'href="index.html#{block_stop}"' in other
    index = (src / "index.rst").resolve()
    lines = sorted(re.sub(r" \[ref\.\w+\]$", "", line.split(": WARNING: ", 1)[1])
                   for line in warnings.splitlines() if f"{index}:27:" in line)
    assert lines == [
        "QAPI definition EARLY is not in module misc (it is in no module)",
        "QAPI definition quit is not in module block (it is in misc)",
        "undefined QAPI module nosuch (in nosuch.stop)",
        "undefined QMP command: misc.nosuch",
    ], warnings
    env = environment(tmp_path / "out")
    qualified = env.domaindata["qapi"]["qualified"]
    assert qualified["block.stop"][1] == block_stop and qualified["misc.stop"][1] == misc_stop
    assert "duplicate" not in warnings


LONG_SIGNATURE = """\
##
# @migrate-set-everything:
#
# Set them all.
#
# @protocol: which protocol
# @hostname: where
# @port: which port
# @tls-port: which TLS port
# @cert-subject: the subject
##
{ 'command': 'migrate-set-everything',
  'data': { 'protocol': 'str', 'hostname': 'str', '*port': 'int', '*tls-port': 'int',
            '*cert-subject': 'str' },
  'returns': 'MigrationCapabilityStatusSet' }

##
# @MigrationCapabilityStatusSet:
#
# @x: x
##
{ 'struct': 'MigrationCapabilityStatusSet', 'data': { 'x': 'int' } }
"""


def test_domain_signatures_fit_79_columns(tmp_path):
    from texi2rst.writers.qapi_rst import signature_lines

    assert signature_lines(".. qapi:command:: ", "stop", 79) == [".. qapi:command:: stop"]
    assert signature_lines(".. qapi:command:: ", "q(aaaa, bbbb) -> Cccc", 30) == [
        ".. qapi:command:: q(aaaa, \\", "   bbbb) -> Cccc"]
    assert signature_lines(".. qapi:command:: ", "q(aaaa, bbbb) -> Cccc", 12) == [
        ".. qapi:command:: q(aaaa, \\", "   bbbb) \\", "   -> Cccc"]
    dom = render_rst(parse_schema(LONG_SIGNATURE, "l.json"), flavour="sphinx-domain")
    assert max(len(line) for line in dom.splitlines()) <= 79
    assert (".. qapi:command:: migrate-set-everything(protocol, hostname, [port], \\\n"
            "   [tls-port], [cert-subject]) -> MigrationCapabilityStatusSet\n") in dom
    src = write_project(tmp_path / "src", {"index.rst": "T\n=\n\n" + dom})
    code, warnings = sphinx_build(src, tmp_path / "out", werror=True, builder="text")
    assert code == 0, warnings
    text = (tmp_path / "out" / "index.txt").read_text(encoding="utf-8")
    assert ("Command migrate-set-everything(protocol, hostname, [port], [tls-port], "
            "[cert-subject]) -> MigrationCapabilityStatusSet") in text
    if (CORPUS / "qapi" / "qapi-schema.json").exists():
        for schema in ("qapi", "qga"):
            dom = render_rst(read_schema(CORPUS / schema / "qapi-schema.json"),
                             flavour="sphinx-domain")
            long = [line for line in dom.splitlines()
                    if len(line) > 79 and line.lstrip().startswith(".. qapi:")]
            assert long == [], long


SINCE_IF = """\
##
# @Thing:
#
# A thing.
#
# @a: an a
#
# Since: 2.1 (b since 2.8)
##
{ 'struct': 'Thing', 'data': { 'a': 'int' }, 'if': ['defined(X)', 'defined(Y)'] }

##
# @see-thing:
#
# Since: 3.0, see @Thing
##
{ 'command': 'see-thing' }
"""


def test_domain_flavour_since_and_ifcond_options(tmp_path):
    dom = render_rst(parse_schema(SINCE_IF, "s.json"), flavour="sphinx-domain")
    assert (".. qapi:struct:: Thing\n   :since: 2.1 (b since 2.8)\n"
            "   :ifcond: defined(X) and defined(Y)\n\n   A thing.\n") in dom
    assert "**Since:**" not in dom.split(".. qapi:command::")[0] and "**If:**" not in dom
    # a Since: with markup stays a paragraph (its @reference links)
    assert ".. qapi:command:: see-thing()\n\n   **Since:** 3.0, see :qapi:type:`Thing`" in dom
    src = write_project(tmp_path / "src", {"index.rst": "T\n=\n\n" + dom})
    code, warnings = sphinx_build(src, tmp_path / "out", werror=True, builder="text")
    assert code == 0, warnings
    text = (tmp_path / "out" / "index.txt").read_text(encoding="utf-8")
    assert ("   If:\n      defined(X) and defined(Y)\n\n   Since:\n      2.1 (b since 2.8)"
            in text), text
    plain = render_rst(parse_schema(SINCE_IF, "s.json"))
    assert "**Since:** 2.1 (b since 2.8)" in plain and "**If:** ``defined(X)``" in plain
