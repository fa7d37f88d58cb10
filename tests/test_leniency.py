"""Issue 13: texi2rst accepts what makeinfo 6.8 accepts, warns where it warns (on the same
line) and fails where it fails; and keeps the text of each construct.

Every case is checked twice: against makeinfo (exit status and warned lines; skipped without
makeinfo) and, independently of makeinfo, on texi2rst's rST output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import need_makeinfo
from leniency_util import HEAD_LINES, Verdict, document, makeinfo_verdicts, texi2rst_verdict


def _has(*needles: str) -> Callable[[str], bool]:
    return lambda out: all(x in out for x in needles)


def _lacks(*needles: str) -> Callable[[str], bool]:
    return lambda out: not any(x in out for x in needles)


def _both(*checks: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda out: all(c(out) for c in checks)


def _no_bare_line(*texts: str) -> Callable[[str], bool]:
    return lambda out: not any(re.search(rf"^\s*{re.escape(t)}\s*$", out, re.M) for t in texts)


# (id, document body, expected failure, check on the rST output)
CASES: list[tuple[str, str, bool, Callable[[str], bool]]] = [
    ("anchor-between-item-and-itemx",
     "@table @code\n@item foo\n@anchor{bar}\n@itemx bar\nDesc.\n@end table\n\n@xref{bar}.\n",
     False, _has("``foo``", "``bar``", ".. _bar:", "Desc.")),
    ("anchor-and-itemx-from-a-macro",
     "@macro optx{name}\n@anchor{\\name\\}\n@itemx \\name\\\n@end macro\n"
     "@table @code\n@item foo\n@optx{bar}\nDesc.\n@end table\n",
     False, _has("``bar``", ".. _bar:", "Desc.")),
    ("anchor-then-itemx-on-one-line",
     "@table @code\n@item foo\n@anchor{bar}@itemx bar\nDesc.\n@end table\n",
     False, _has("``bar``", ".. _bar:")),
    ("text-then-itemx-fails",
     "@table @code\n@item foo\nDesc.\ntext @itemx bar\n@end table\n",
     True, lambda out: True),
    ("anchor-before-defun-on-one-line",
     "@anchor{foo}@defun foo a b\nBody.\n@end defun\n",
     False, _has(".. _foo:", "foo a b", "Body.")),
    ("text-before-defun-warns-and-opens-the-block",
     "Some text @defun foo a b\nBody.\n@end defun\n",
     False, _has("Some text", "foo a b", "Body.")),
    ("two-letter-index-commands",
     "@cpindex concept\n@fnindex func\n@vrindex var\n@tpindex typ\n@kyindex key\n"
     "@pgindex prog\nText.\n",
     False, _both(_has(*[f"single: {w}" for w in ("concept", "func", "var", "typ", "key",
                                                    "prog")]),
                  _no_bare_line("concept", "func", "prog"))),
    ("unknown-opindex-fails", "@opindex --help\nText.\n", True, lambda out: True),
    ("defcodeindex-entries-are-code",
     "@defcodeindex op\n@opindex --help\n@findex --version\nText.\n",
     False, _both(_has("single: --help", "single: --version"), _lacks("\u2013help"))),
    ("index-command-after-text-warns", "Text @cindex mid entry\nmore.\n",
     False, _has("single: mid entry", "Text")),
    ("index-command-after-anchor-is-quiet", "@anchor{here}@cindex quiet entry\nText.\n",
     False, _has("single: quiet entry", ".. _here:")),
    ("part-heading-kept",
     "@menu\n* Ch::\n@end menu\n\n@part Part Alpha\n@node Ch\n@chapter Ch\nText.\n",
     False, _has("Part Alpha", "Ch\n")),
    ("ifdocbook-and-docbook-dropped-around-text",
     "Before.\n@ifdocbook\nDocbook only.\n@end ifdocbook\n@docbook\n<para>raw</para>\n"
     "@end docbook\nAfter words.\n",
     False, _both(_has("Before.", "After words."), _lacks("Docbook only", "raw"))),
    ("cartouche-text-kept", "@cartouche\nBoxed words.\n@end cartouche\n",
     False, _has("Boxed words.")),
    ("float-captions-kept",
     "@float Figure,fig:one\nFloat body.\n@caption{Caption words.}\n@end float\n\n"
     "@float Table\nUnlabelled.\n@caption{Second caption.}\n@end float\n",
     False, _has("Float body.", "Caption words.", "Unlabelled.", "**Table:** Second caption.")),
    ("end-ifset-closing-inside-a-block",
     "@set a\n@ifset a\n@example\nin example\n@end ifset\nstill example\n@end example\n"
     "After.\n",
     False, _has("in example", "still example", "After.")),
    ("ifclear-nested-in-ifset",
     "@set a\n@ifset a\nshown one\n@ifclear b\nshown two\n@end ifclear\n@ifclear a\n"
     "hidden\n@end ifclear\n@end ifset\n",
     False, _both(_has("shown one", "shown two"), _lacks("hidden"))),
    ("footnote-inside-center",
     "@center Centred @footnote{A note\non two lines.} text\n\nAfter.\n",
     False, _has("Centred", "A note on two lines.", "After.")),
    ("node-names-with-nested-parentheses",
     "@menu\n* Node (with (nested) parens)::\n@end menu\n\n"
     "@node Node (with (nested) parens)\n@chapter Nested\n\n"
     "See @ref{Node (with (nested) parens)}.\n",
     False, _has("Nested", ":ref:`")),
    ("makeinfo-sets-txicommandconditionals",
     "@ifclear txicommandconditionals\nOld texinfo.\n@end ifclear\n"
     "@ifset txicommandconditionals\nNew texinfo.\n@end ifset\n",
     False, _both(_has("New texinfo."), _lacks("Old texinfo."))),
]


@pytest.fixture(scope="module")
def case_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("leniency")
    files = {}
    for i, (name, body, _fails, _check) in enumerate(CASES):
        path = folder / f"c{i:02d}.texi"
        path.write_text(document(body), encoding="utf-8")
        files[name] = path
    return files


@pytest.fixture(scope="module")
def makeinfo_says(case_files: dict[str, Path]) -> dict[Path, Verdict]:
    need_makeinfo()
    return makeinfo_verdicts(list(case_files.values()))


@pytest.mark.parametrize(("name", "body", "fails", "check"), CASES, ids=[c[0] for c in CASES])
def test_output_and_exit_status(name: str, body: str, fails: bool,
                                check: Callable[[str], bool], case_files: dict[str, Path]):
    verdict = texi2rst_verdict(case_files[name])
    assert verdict.failed == fails
    if not fails:
        assert check(verdict.output), verdict.output


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_same_verdict_as_makeinfo(name: str, case_files: dict[str, Path],
                                  makeinfo_says: dict[Path, Verdict]):
    path = case_files[name]
    theirs, ours = makeinfo_says[path], texi2rst_verdict(path)
    assert ours.failed == theirs.failed
    assert ours.warned_lines == theirs.warned_lines


def test_warning_is_on_the_line_of_the_misplaced_command(case_files: dict[str, Path]):
    verdict = texi2rst_verdict(case_files["index-command-after-text-warns"])
    assert verdict.warned_lines == {HEAD_LINES + 1}
    assert texi2rst_verdict(case_files["index-command-after-anchor-is-quiet"]).warned_lines \
        == set()


def test_each_further_contents_prints_a_table_of_contents(tmp_path: Path):
    # makeinfo prints a table of contents at each @contents: the toctree stands for the
    # first (as deep as it asks), a list of references for each later one
    from conftest import run_cli

    src = tmp_path / "m.texi"
    src.write_text(document(
        "@shortcontents\n@menu\n* Ch::\n@end menu\n\n@node Ch\n@chapter Chapter One\n"
        "@node Sec\n@section Section Two\nText.\n\n@contents\n"), encoding="utf-8")
    code, _out, err = run_cli("convert", str(src), "-o", str(tmp_path / "p"))
    assert code == 0, err
    index = (tmp_path / "p" / "index.rst").read_text(encoding="utf-8")
    assert ":maxdepth: 1" in index
    chapter = next(p for p in (tmp_path / "p").glob("*.rst") if p.name != "index.rst")
    text = chapter.read_text(encoding="utf-8")
    assert "- :ref:`Chapter One <ch>`" in text and "  - :ref:`Section Two <sec>`" in text
