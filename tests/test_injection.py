"""Issue 17: a line separator or a private marker in the input never becomes rST markup.

docutils splits lines at every character ``str.splitlines`` knows; texi2rst's writers use a
few control characters as markers. Each separator and marker, in each construct of each
reader (Texinfo, ``.hx`` STEXI, QAPI doc comments and names, raw or as ``\\u`` escapes), must
give no directive, role, target, substitution or include the tree did not hold.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli, sphinx_build
from docutils import nodes as du
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roundtrip_util import parse_rst
from sphinx import addnodes

from texi2rst import nodes as n
from texi2rst.diagnostics import Reporter
from texi2rst.neutral import PRIVATE, SEPARATORS, neutralise, strip_private
from texi2rst.qapi import parse_schema, render_rst
from texi2rst.writers.hx import load as load_hx
from texi2rst.writers.rst import write_rst

#: the writers' markers (rst: \x02 \x04; qapi: \x05 \x06), and other private characters
MARKERS = ["\x00", "\x02", "\x04", "\x05", "\x06", "\x1f"]
HOSTILE = list(SEPARATORS) + MARKERS

#: rST that must stay text: each would be live markup at the start of a line
ATTACKS = [".. include:: /etc/passwd", ".. raw:: html", "   <script>evil()</script>",
           ".. _eviltarget: http://evil", ".. |evilsub| replace:: evil", ".. evilcomment",
           ":evilfield: x", ":download:`/etc/passwd`", "`evillink <javascript:evil()>`_"]


def attack(sep: str) -> str:
    """Every attack, each after the separator (and so at a line start if it splits); the
    first one opens the text (where a stripped title or term starts)."""
    return "".join(sep + line for line in ATTACKS) + sep + "b"


TEXINFO = {
    "paragraph": "text X more\n", "cindex": "@cindex X\n", "findex": "@findex X\n",
    "example": "@example\nX\n@end example\n", "example-indented": "@example\n  X\n@end example\n",
    "verbatim": "@verbatim\nX\n@end verbatim\n", "lisp": "@lisp\nX\n@end lisp\n",
    "display": "@display\nX\n@end display\n", "format": "@format\nX\n@end format\n",
    "exdent": "@example\na\n@exdent X\n@end example\n", "code": "see @code{X} here\n",
    "samp": "@samp{X}\n", "kbd": "@kbd{X}\n", "file": "@file{X}\n", "var": "@var{X}\n",
    "verb": "@verb{|X|}\n", "option": "@option{X}\n", "env": "@env{X}\n", "t": "@t{X}\n",
    "emph": "@emph{X}\n", "strong": "@strong{X}\n", "w": "@w{X}\n", "math": "@math{X}\n",
    "acronym": "@acronym{X, X}\n", "sc": "@sc{X}\n", "dfn": "@dfn{X}\n", "cite": "@cite{X}\n",
    "deffn-name": "@deffn Command X arg\nbody\n@end deffn\n",
    "deffn-args": "@deffn Command foo X\nbody\n@end deffn\n",
    "deftypefn": "@deftypefn Function int X (int)\nb\n@end deftypefn\n",
    "defvr": "@defvr Variable X\nb\n@end defvr\n", "defun": "@defun X a b\nb\n@end defun\n",
    "section": "@node Sec2\n@section X\ntext\n", "node": "@node X\n@section Sec3\ntext\n",
    "heading": "@heading X\n", "anchor": "@anchor{X}text\n", "xref": "@xref{X}.\n",
    "xref-args": "@xref{Sec,X,X,X,X}.\n", "inforef": "@inforef{X,Y,Z}\n",
    "uref": "@uref{http://x/X, X}\n", "url": "@url{X}\n", "email": "@email{a@@b.org, X}\n",
    "table": "@table @code\n@item X\nbody\n@end table\n",
    "itemx": "@table @samp\n@item a\n@itemx X\nb\n@end table\n",
    "vtable": "@vtable @asis\n@item X\nbody\n@end vtable\n",
    "option-table": "@table @option\n@item -X\nbody\n@end table\n",
    "itemize": "@itemize @bullet\n@item X\n@end itemize\n",
    "enumerate": "@enumerate\n@item X\n@end enumerate\n",
    "multitable": "@multitable @columnfractions .5 .5\n@item X @tab X\n@end multitable\n",
    "quotation": "@quotation X\nbody\n@end quotation\n", "footnote": "a@footnote{X} b\n",
    "float": "@float Figure,fig\nbody\n@caption{X}\n@end float\n",
    "menu": "@menu\n* X::  desc X\n@end menu\n", "settitle": "@settitle X\n",
    "titlepage": "@titlepage\n@title X\n@author X\n@end titlepage\n",
    "cartouche": "@cartouche\nX\n@end cartouche\n", "center": "@center X\n",
    "printindex": "@cindex X\n@printindex cp\n", "value": "@set v X\n@value{v}\n",
    "macro": "@macro m{a}\n\\a\\\n@end macro\n@m{X}\n", "image-alt": "@image{pic,,,X}\n",
    "indentedblock": "@indentedblock\nX\n@end indentedblock\n",
}

HX = {
    "defheading": "DEFHEADING(X)\n",
    "archheading": "ARCHHEADING(X, QEMU_ARCH_ALL)\n",
    "stexi-option": "STEXI\n@table @option\n@item -opt X\n@findex -opt\nbody\n@end table\nETEXI\n",
    "stexi-command": "STEXI\n@table @option\n@item info X\n@findex info X\nb\n@end table\nETEXI\n",
    "stexi-paragraph": "STEXI\ntext X\nETEXI\n",
    "stexi-example": "STEXI\n@example\nX\n@end example\nETEXI\n",
    "stexi-findex": "STEXI\n@findex X\ntext\nETEXI\n",
}

#: X: doc comment text; 'N': a name in the schema
QAPI = {
    "title": "##\n# = X\n##\n",
    "paragraph": "##\n# @cmd:\n#\n# text X more\n##\n{ 'command': 'cmd' }\n",
    "member": "##\n# @cmd:\n#\n# @arg: X\n##\n{ 'command': 'cmd', 'data': {'arg': 'int'} }\n",
    "example": "##\n# @cmd:\n#\n# Example:\n#\n# -> X\n##\n{ 'command': 'cmd' }\n",
    "since": "##\n# @cmd:\n#\n# Since: X\n##\n{ 'command': 'cmd' }\n",
    "returns": "##\n# @cmd:\n#\n# Returns: X\n##\n{ 'command': 'cmd' }\n",
    "feature": "##\n# @cmd:\n#\n# Features:\n# @f: X\n##\n"
               "{ 'command': 'cmd', 'features': ['f'] }\n",
    "doc-symbol": "##\n# @X:\n##\n{ 'command': 'cmd' }\n",
    "command-name": "##\n# @cmd:\n##\n{ 'command': 'N' }\n",
    "member-name": "##\n# @cmd:\n##\n{ 'command': 'cmd', 'data': {'N': 'int'} }\n",
    "enum-value": "##\n# @En:\n##\n{ 'enum': 'En', 'data': ['N'] }\n",
}

_PAYLOAD_NODES = (du.raw, du.substitution_definition, du.substitution_reference, du.field_list)


def foreign(doctree: du.document) -> list[str]:
    """Markup in a parsed document that only the attack could have made."""
    found = []
    for node in doctree.findall():
        if isinstance(node, _PAYLOAD_NODES):
            found.append(type(node).__name__)
        elif isinstance(node, addnodes.download_reference) or (
                isinstance(node, du.reference) and str(node.get("refuri", "")).startswith(
                    "javascript:")):
            found.append("role")
        elif isinstance(node, du.comment) and "evil" in node.astext():
            found.append("comment")
        elif isinstance(node, du.target) and ("evil" in str(node.get("refuri", ""))
                                              or any("evil" in x for x in node["names"])):
            found.append("target")
        elif isinstance(node, du.system_message) and re.search(
                r"include|raw|[Dd]irective|substitution", node.astext()):
            found.append("message: " + node.astext()[:60])
    if "root:x:0" in doctree.astext():
        found.append("/etc/passwd")
    return found


def _texinfo_rst(tmp_path: Path, body: str) -> str:
    from texi2rst.convert import texinfo_to_rst

    path = tmp_path / "m.texi"
    path.write_text("@node Top\n@top T\n\n@node Sec\n@chapter C\n\n" + body + "\n@bye\n",
                    encoding="utf-8", newline="")
    return texinfo_to_rst(str(path), reporter=Reporter())


def _hx_rst(tmp_path: Path, body: str) -> tuple[str, str]:
    path = tmp_path / "m.hx"
    path.write_text(body, encoding="utf-8", newline="")
    conv = load_hx(str(path), None, Reporter())
    if conv is None:
        return "", ""
    return "\n".join(t for t, _ in conv.rst_lines()) + "\n", conv.rewritten()


def _escaped(text: str) -> str:
    """Text as a QAPI string with every non-alphanumeric character a \\u escape."""
    return "".join(c if c.isalnum() or c == " " else f"\\u{ord(c):04x}" for c in text)


def _qapi_source(template: str, payload: str, escaped: bool) -> str:
    if "'N'" in template:
        return template.replace("'N'", "'" + (_escaped(payload) if escaped else payload) + "'")
    return template.replace("X", payload)  # comments know no escapes


def _qapi_rst(source: str, flavour: str = "plain") -> str:
    schema = parse_schema(source, "x.json", reporter=Reporter())
    return render_rst(schema, flavour=flavour)


def _srst_blocks(rewritten: str) -> str:
    return "".join(re.findall(r"^SRST\n(.*?)^ERST", rewritten, re.S | re.M))


# --------------------------------------------------------------------------- the matrix


@pytest.mark.parametrize("sep", HOSTILE, ids=lambda c: f"U+{ord(c):04X}")
def test_texinfo_matrix(sep: str, tmp_path: Path) -> None:
    failures = {}
    for name, template in TEXINFO.items():
        found = foreign(parse_rst(_texinfo_rst(tmp_path, template.replace("X", attack(sep))))
                        .doctree)
        if found:
            failures[name] = found
    assert not failures


@pytest.mark.parametrize("sep", HOSTILE, ids=lambda c: f"U+{ord(c):04X}")
def test_hx_matrix(sep: str, tmp_path: Path) -> None:
    failures = {}
    for name, template in HX.items():
        rst, rewritten = _hx_rst(tmp_path, template.replace("X", attack(sep)))
        found = foreign(parse_rst(rst).doctree) if rst else []
        # the SRST blocks texi2rst writes into the .hx file (QEMU's hxtool parses them)
        found += [f"U+{ord(c):04X} in SRST" for c in set(_srst_blocks(rewritten))
                  if c in SEPARATORS + PRIVATE and c != "\r"]
        if found:
            failures[name] = found
    assert not failures


@pytest.mark.parametrize("sep", [s for s in HOSTILE if s not in "\r\x00"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_qapi_matrix(sep: str) -> None:
    # "\r" ends a schema line and "\x00" is no schema text: both are tested as escapes
    failures = {}
    for name, template in QAPI.items():
        for escaped in (False, True):
            found = foreign(parse_rst(_qapi_rst(_qapi_source(template, attack(sep),
                                                             escaped))).doctree)
            if found:
                failures[f"{name}{' (escaped)' if escaped else ''}"] = found
    assert not failures


@pytest.mark.parametrize("sep", ["\r", "\x00"], ids=["U+000D", "U+0000"])
def test_qapi_names_escaped(sep: str) -> None:
    for name, template in QAPI.items():
        if "'N'" in template:
            assert not foreign(parse_rst(_qapi_rst(_qapi_source(template, attack(sep), True)))
                               .doctree), name


# --------------------------------------------------------------------------- property


CONSTRUCTS = ([("texinfo", k) for k in TEXINFO] + [("hx", k) for k in HX]
              + [("qapi", k) for k in QAPI])
FILLER = st.text(alphabet="ab *`_|:.-\\", max_size=6)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(construct=st.sampled_from(CONSTRUCTS), sep=st.sampled_from(HOSTILE),
       lines=st.lists(st.sampled_from(ATTACKS), min_size=1, max_size=3),
       before=FILLER, after=FILLER, escaped=st.booleans())
def test_no_foreign_markup(tmp_path_factory: pytest.TempPathFactory, construct: tuple[str, str],
                           sep: str, lines: list[str], before: str, after: str,
                           escaped: bool) -> None:
    """Any separator or marker, anywhere in any construct, with any text around it."""
    reader, name = construct
    payload = before + "".join(sep + line for line in lines) + sep + after
    tmp = tmp_path_factory.mktemp("inj")
    if reader == "texinfo":
        rst = _texinfo_rst(tmp, TEXINFO[name].replace("X", payload.replace("@", "@@")
                                                      .replace("{", "@{").replace("}", "@}")))
    elif reader == "hx":
        rst = _hx_rst(tmp, HX[name].replace("X", payload))[0]
    else:
        if sep in "\r\x00" and not (escaped and "'N'" in QAPI[name]):
            return
        rst = _qapi_rst(_qapi_source(QAPI[name], payload.replace("'", ""), escaped))
    assert not foreign(parse_rst(rst).doctree)


# --------------------------------------------------------------------------- the pieces


def test_separators_are_every_line_break_docutils_knows() -> None:
    breaks = {c for c in map(chr, range(0x110000)) if len(f"a{c}b".splitlines()) > 1}
    assert breaks - {"\n"} <= set(SEPARATORS)
    assert "\x0b" in SEPARATORS and "\x0c" in SEPARATORS  # docutils makes them spaces
    for c in breaks:
        assert len(neutralise(f"a{c}b").splitlines()) == (2 if c == "\n" else 1)


def test_private_markers_vanish_at_both_ends() -> None:
    assert strip_private("a\x02b\x04c\x05d\x06e") == "abcde"
    assert neutralise("a\x04b\u2028c") == "ab c"
    assert "\t" not in PRIVATE and "\n" not in PRIVATE


def test_forged_marker_keeps_line_start_escaping() -> None:
    # "\x04" told the writer that markup (never escaped) starts here
    tree = [n.Paragraph(children=[n.Text("\x04.. _eviltarget: http://evil")]),
            n.Paragraph(children=[n.Text("a"), n.LineBreak(),
                                  n.Text("\x04.. include:: /etc/passwd")]),
            n.Heading(title=[n.Text("\x02\x04.. _eviltarget: http://evil")])]
    rst = write_rst(tree)
    assert not foreign(parse_rst(rst).doctree)
    assert not set(rst) & set(PRIVATE)


def test_qapi_marker_in_doc_comment_renders(tmp_path: Path) -> None:
    # "\x05" … "\x06" is how the QAPI writer marks source lines: forged, it crashed Sphinx
    schema = "##\n# @cmd:\n#\n# text \x050\x06 and \x0599\x06 more\n##\n{ 'command': 'cmd' }\n"
    for flavour in ("plain", "sphinx-domain"):
        rst = _qapi_rst(schema, flavour)
        assert "text 0 and 99 more" in rst
        assert not set(rst) & set(PRIVATE)


# --------------------------------------------------------------------------- end to end


SECRET = "SECRET-TOKEN-7f3a"


def _includes() -> list[str]:
    """Attacks that read a file outside the Sphinx source folder."""
    ups = [("../" * k) for k in range(1, 4)]
    return [f".. include:: {up}secret.txt" for up in ups] + [
        ".. include:: " + "../" * 12 + "etc/passwd", ".. raw:: html", "",
        "   <script>evil()</script>"]


def test_sphinx_build_of_hostile_inputs(tmp_path: Path) -> None:
    """A real sphinx-build of a converted manual, an .hx file and a QAPI schema holding every
    separator: no file content from outside, no script in the HTML."""
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    # Texinfo and .hx files end a line at "\r" as at "\n"
    hostile = "".join(sep + "".join(sep + a for a in _includes()) + sep + "b "
                      for sep in SEPARATORS if sep != "\r")
    texi = tmp_path / "m.texi"
    texi.write_text("\\input texinfo\n@setfilename m.info\n@settitle M\n@node Top\n@top M\n\n"
                    "@menu\n* Chap::\n@end menu\n\n@node Chap\n@chapter Chap\n\n"
                    f"@cindex {hostile}\n@example\n{hostile}\n@end example\n"
                    f"@code{{{hostile}}} {hostile}\n@bye\n", encoding="utf-8", newline="")
    src = tmp_path / "src"
    code, _out, err = run_cli("convert", str(texi), "-o", str(src))
    assert code == 0, err
    (src / "m.hx").write_text(f"DEFHEADING({hostile})\nSTEXI\n@table @option\n"
                              f"@item -x {hostile}\n{hostile}\n@end table\nETEXI\n",
                              encoding="utf-8", newline="")
    (src / "s.json").write_text(f"##\n# @cmd:\n#\n# {hostile}\n##\n"
                                f"{{ 'command': 'cmd', 'data': {{ '{_escaped(hostile)}': "
                                "'int' } }\n", encoding="utf-8", newline="")
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8")
                    + "extensions = [*extensions, 'texi2rst.sphinx']\n", encoding="utf-8")
    (src / "extra.rst").write_text(":orphan:\n\nExtra\n=====\n\n.. hxtool-doc:: m.hx\n\n"
                                   ".. qapi-doc:: s.json\n", encoding="utf-8")
    out = tmp_path / "html"
    code, warnings = sphinx_build(src, out)
    assert code == 0, warnings
    html = "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*.html"))
    assert "evil()" in html  # the attack text is there, as text
    assert SECRET not in html and "root:x:0" not in html
    assert "<script>evil()" not in html
    assert "include" not in warnings, warnings
