"""Issue 16: Texinfo definitions that are valid C become objects of Sphinx's C domain; the rest
stay Texinfo definitions, and Sphinx never warns about what texi2rst wrote."""

from __future__ import annotations

import random

import pytest
from conftest import sphinx_build

from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.options import Options
from texi2rst.readers.texinfo.parser import read_texinfo_string
from texi2rst.writers.rst import write_rst


def _rst(body: str) -> str:
    doc = read_texinfo_string("@node Top\n@top T\n\n" + body, Options(), Reporter())
    return write_rst(doc)


@pytest.mark.parametrize(("texinfo", "directive"), [
    ("@deftypefn {Library Function} int foobar (int @var{foo}, float @var{bar})",
     ".. c:function:: int foobar(int foo, float bar)"),
    ("@deftypefun {char *} strdup (const char *@var{s})",
     ".. c:function:: char *strdup(const char *s)"),
    ("@deftypefun void f (void)", ".. c:function:: void f(void)"),
    ("@deftypefun int printf (const char *@var{fmt}, @dots{})",
     ".. c:function:: int printf(const char *fmt, ...)"),
    ("@deftypefun int g (int @var{v}[], char @var{b}[16])",
     ".. c:function:: int g(int v[], char b[16])"),
    ("@deftypefun {unsigned long int} h (struct stat *@var{buf})",
     ".. c:function:: unsigned long int h(struct stat *buf)"),
    ("@deftypevr {Global Variable} int errno", ".. c:var:: int errno"),
    ("@deftypevar {char **} environ", ".. c:var:: char **environ"),
    ("@deftp {Data Type} {struct stat}", ".. c:struct:: stat"),
    ("@deftp {Data type} size_t", ".. c:type:: size_t"),
])
def test_c_declarations_become_c_domain_objects(texinfo: str, directive: str) -> None:
    rst = _rst(f"{texinfo}\nBody.\n@end {texinfo.split()[0][1:]}\n")
    assert directive + "\n" in rst, rst
    assert "Body." in rst


@pytest.mark.parametrize("texinfo", [
    "@deftypefn Macro int FOO (int @var{x})",  # a macro is not a function declaration
    "@deftypefun int (*signal (int @var{sig}, void (*@var{h})(int)))(int)",  # too complex
    "@deftypefun int int (int @var{x})",  # a keyword as the name
    "@deftypefun int __f (int @var{x})",  # a reserved identifier
    "@deftypefun foo bar baz (int @var{x})",  # two type names
    "@deftypefun int f (int @var{x},)",  # a trailing comma
    "@deftypefun int f (@dots{})",  # varargs alone
    "@deftp {Data type} {struct stat} st_mode st_size",  # attributes: shown as Texinfo's
    "@deftp Enum Colour",  # not a C type category
    "@deffn Command forward-word count",  # not typed
])
def test_other_definitions_stay_texinfo_definitions(texinfo: str) -> None:
    rst = _rst(f"{texinfo}\nBody.\n@end {texinfo.split()[0][1:]}\n")
    assert ".. c:" not in rst, rst


def test_a_name_declared_twice_is_a_c_object_once() -> None:
    rst = _rst("@deftypefun int f (int @var{x})\nA.\n@end deftypefun\n\n"
               "@deftypefun int f (long @var{x})\nB.\n@end deftypefun\n")
    assert rst.count(".. c:function::") == 1
    assert "Function: int **f** (long *x*)" in rst


def _random_definition(rng: random.Random, i: int) -> str:
    types = ["int", "char *", "const char *", "unsigned long", "struct stat *", "size_t",
             "void", "double", "FILE *", "int int", "struct", "char **", "long long"]
    names = [f"fn{i}", f"var{i}", "__bad", "int", f"x{i}y", "if", f"_ok{i}", "1x"]
    params = ["int @var{a}", "const char *@var{s}", "void", "@dots{}", "char @var{b}[8]",
              "int", "struct stat *@var{st}", "void (*@var{cb})(int)", "unsigned @var{n}[]",
              "int @var{a},", "double @var{d}"]
    kind = rng.choice(["fn", "fun", "vr", "var", "tp"])
    data_type = rng.choice(types)
    name = rng.choice(names)
    if kind in ("fn", "fun"):
        args = ", ".join(rng.sample(params, rng.randint(0, 3)))
        head = (f"@deftypefn {{{rng.choice(['Library Function', 'Function', 'Macro'])}}} "
                if kind == "fn" else "@deftypefun ")
        return f"{head}{{{data_type}}} {name} ({args})\nBody {i}.\n@end deftype{kind}\n"
    if kind in ("vr", "var"):
        head = (f"@deftypevr {{{rng.choice(['Variable', 'Global Variable', 'Option'])}}} "
                if kind == "vr" else "@deftypevar ")
        return f"{head}{{{data_type}}} {name}\nBody {i}.\n@end deftype{kind}\n"
    tp = rng.choice([f"{{struct s{i}}}", f"t{i}", f"{{union u{i}}}", f"{{enum e{i}}}", "int"])
    return f"@deftp {{Data Type}} {tp}\nBody {i}.\n@end deftp\n"


def test_sphinx_builds_random_definitions_without_a_warning(tmp_path) -> None:
    """200 random definitions, valid C or not: Sphinx (-W) accepts every C object texi2rst
    writes, and enough of them are C objects for the check to mean something."""
    rng = random.Random(20261130)
    body = "\n".join(_random_definition(rng, i) for i in range(200))
    (tmp_path / "src").mkdir()
    rst = _rst(body)
    (tmp_path / "src" / "index.rst").write_text(rst, encoding="utf-8")
    (tmp_path / "src" / "conf.py").write_text("project = 'c'\n", encoding="utf-8")
    code, log = sphinx_build(tmp_path / "src", tmp_path / "html", werror=True)
    assert code == 0 and "WARNING" not in log, log
    assert rst.count(".. c:") >= 40, rst.count(".. c:")


def test_a_man_page_copy_declares_nothing_and_both_builders_stay_quiet(tmp_path) -> None:
    """The man page repeats the manual's text: a second C declaration would be a Sphinx
    warning, so the copy keeps the Texinfo form."""
    from conftest import run_cli

    src = tmp_path / "m.texi"
    src.write_text("\\input texinfo\n@setfilename m.info\n@settitle M\n@node Top\n@top M\n\n"
                   "@c man begin DESCRIPTION\n@deftypefun int foobar (int @var{foo})\n"
                   "Compute.\n@end deftypefun\n@c man end\n@bye\n", encoding="utf-8")
    code, _out, err = run_cli("convert", str(src), "-o", str(tmp_path / "p"))
    assert code == 0, err
    assert ".. c:function:: int foobar(int foo)" in (tmp_path / "p" / "index.rst").read_text()
    assert ".. c:" not in (tmp_path / "p" / "man" / "m.rst").read_text()
    for builder in ("html", "man"):
        code, log = sphinx_build(tmp_path / "p", tmp_path / builder, builder=builder,
                                 werror=True)
        assert code == 0 and log == "", log
