"""``texi2rst check``: word figures against makeinfo, sections, references, losses, exit codes;
and agreement with the project's independent measure (``../shared/tools/fidelity.py``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, FIXTURES, SHARED, TEXINFO_MANUAL, need_makeinfo, need_shared, run_cli

from texi2rst.commands.check import clean_plaintext, count_words, fidelity_report, title_key
from texi2rst.readers.texinfo.lexer import Options

MANUAL = FIXTURES / "check" / "manual.texi"
FIDELITY = SHARED / "tools" / "fidelity.py"


@pytest.fixture(scope="module")
def fixture_report():
    need_makeinfo()
    return fidelity_report(str(MANUAL), Options())


def test_words_counted_like_the_measure():
    assert count_words("The cat's 42 cats, see https://x.org/a_b The") == {
        "the": 2, "cat's": 1, "cats": 1, "see": 1}
    text = "* Menu:\n* foo:    Bar. (line 3)\nkept *Note x::\n\nAppendix B Tips\n"
    assert clean_plaintext(text).split() == ["kept", "x::", "Tips"]
    assert title_key("A.1 Deeper") == title_key("Deeper") == "deeper"
    assert title_key("A Menu Example") == "menu example"  # "A" is a word, not a number


def test_fixture_lost_and_added_words_located(fixture_report):
    r = fixture_report
    assert r.makeinfo and r.ref_words == 48 and r.rst_words == 48
    assert r.kept_words == 47 and r.recall == pytest.approx(47 / 48)
    # the appendix letter of "A.1 Deeper" is lost; the "See" of @xref is added
    assert [(e.word, e.count) for e in r.lost] == [("a", 1)]
    assert (r.lost[0].source, r.lost[0].line) == (str(MANUAL), 48)
    assert [(e.word, e.count) for e in r.added] == [("see", 1)]
    deeper = next(s for s in r.sections if s.title == "A.1 Deeper")
    assert deeper.recall < 1 and deeper.lost[0].word == "a" and deeper.line == 48
    assert all(s.recall == 1 for s in r.sections if s is not deeper)
    assert r.missing_sections == [] and r.added_sections == []


def test_fixture_references_and_lossy_constructs(fixture_report):
    r = fixture_report
    assert [(u.line, u.message) for u in r.unresolved_references] == [
        (27, "reference to undefined node `Nowhere'")]
    # an unknown command is an error, as in makeinfo (issue 13); its text is still kept
    assert r.lossy_constructs == []
    assert [(c.line, c.message) for c in r.errors] == [
        (25, "unknown command `unknowncmd'; its text is kept")]
    assert r.errors[0].source == str(MANUAL)


def test_json_shape():
    need_makeinfo()
    code, out, _ = run_cli("check", str(MANUAL), "--json")
    assert code == 1  # the fixture's unknown command is an error, as in makeinfo
    data = json.loads(out)
    assert [(e["line"], e["message"]) for e in data["errors"]] == [
        (25, "unknown command `unknowncmd'; its text is kept")]
    assert {"manual", "makeinfo", "recall", "precision", "ref_words", "rst_words",
            "kept_words", "lost", "added", "sections", "missing_sections", "added_sections",
            "unresolved_references", "lossy_constructs", "errors", "sphinx_rc",
            "sphinx_warnings", "notes"} <= set(data)
    assert data["recall"] == 0.9792
    assert set(data["lost"][0]) == {"word", "count", "source", "line", "context"}
    section = data["sections"][1]
    assert set(section) >= {"title", "level", "source", "line", "ref_words", "rst_words",
                            "kept_words", "recall", "precision", "lost", "added"}
    assert set(data["unresolved_references"][0]) == {"source", "line", "message", "origin"}


def test_human_report_and_thresholds(fixture_report, monkeypatch):
    import texi2rst.commands.check

    monkeypatch.setattr(texi2rst.commands.check, "fidelity_report", lambda *a, **k: fixture_report)
    code, out, err = run_cli("check", str(MANUAL), "--min-recall", "0.9", "--min-precision",
                             "0.95")
    # the thresholds are met; the exit status is that of the unknown command, an error
    assert code == 1 and "below the minimum" not in err
    assert "error: unknown command `unknowncmd'" in err
    assert "recall 0.9792" in out and "'a' x1" in out and "unknowncmd" in out
    code, out, err = run_cli("check", str(MANUAL), "--min-recall", "0.99")
    assert code == 1 and "recall 0.9792 below the minimum 0.99" in err
    code, _, err = run_cli("check", str(MANUAL), "--min-precision", "1")
    assert code == 1 and "precision" in err
    assert run_cli("check", str(MANUAL), "--min-recall", "2")[0] == 2


def test_without_makeinfo_reports_what_it_can(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no makeinfo; Sphinx runs as sys.executable
    code, out, err = run_cli("check", str(MANUAL), "--min-recall", "0.5")
    assert "makeinfo is not installed" in out and "unknowncmd" in out
    assert code == 1 and "recall unknown" in err


def _fidelity(texi, includes, rst_dir):
    cmd = [sys.executable, str(FIDELITY), "--texi", str(texi), "--rst-dir", str(rst_dir)]
    for d in includes:
        cmd += ["-I", str(d)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.splitlines()[-1])


def test_agrees_with_fidelity_tool_on_fixture(tmp_path):
    need_makeinfo()
    need_shared(FIDELITY)
    r = fidelity_report(str(MANUAL), Options(), keep_dir=str(tmp_path))
    ref = _fidelity(MANUAL, [], tmp_path / "src")
    assert (round(r.recall, 4), round(r.precision, 4), r.ref_words) == (
        ref["recall"], ref["precision"], ref["ref_words"])


def test_texinfo_manual_report_agrees_with_fidelity_tool(tmp_path):
    need_makeinfo()
    need_shared(FIDELITY)
    need_shared(TEXINFO_MANUAL)
    r = fidelity_report(str(TEXINFO_MANUAL), Options(), keep_dir=str(tmp_path))
    ref = _fidelity(TEXINFO_MANUAL, [], tmp_path / "src")
    assert (round(r.recall, 4), round(r.precision, 4), r.ref_words) == (
        ref["recall"], ref["precision"], ref["ref_words"])
    assert r.recall > 0.99 and len(r.sections) > 300
    assert r.missing_sections == [] and r.added_sections == []


def test_qemu_doc_report():
    need_makeinfo()
    texi = need_shared(CORPUS / "qemu-doc.texi")
    code, out, err = run_cli("check", str(texi), "-I", str(CORPUS / "generated"), "-I",
                             str(CORPUS / "generated" / "docs"), "-I", str(CORPUS / "docs"),
                             "--json", "--min-recall", "0.99")
    assert code == 0, err
    data = json.loads(out)
    assert data["recall"] >= 0.99 and data["precision"] >= 0.99 and data["sections"]
    assert any("codemonkey" in c["message"] for c in data["lossy_constructs"])
