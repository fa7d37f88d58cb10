"""Every Texinfo command at every place the language allows, against makeinfo 6.8.

The commands and their syntax are those of the Texinfo manual's command list (see
``placement_cases``). Each command gets one document that places it at a line start, after
text and after ``@anchor`` on the same line, and inside ``@example``, ``@quotation``,
``@itemize`` and ``@table``. texi2rst must agree with makeinfo on the exit status of the
document and, for each placement, on whether there is an error and (when makeinfo accepts
the document) whether there is a warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TEXINFO_MANUAL, need_makeinfo, need_shared
from leniency_util import HEAD_LINES, Verdict, document, makeinfo_verdicts
from placement_cases import Segment, combined, command_usages

from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.parser import read_texinfo

#: where texi2rst knowingly differs, and why (each must still differ: strict xfail)
KNOWN_DIFFERENCES = {
    "image": "makeinfo looks for the image file while reading; texi2rst reports a missing "
             "image when it writes a Sphinx project, not when it reads",
}


def _usages():
    if not TEXINFO_MANUAL.exists():
        return []
    return command_usages(TEXINFO_MANUAL)


USAGES = _usages()


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Segment]]]:
    folder = tmp_path_factory.mktemp("placement")
    out = {}
    for usage in USAGES:
        body, segments = combined(usage, HEAD_LINES + 1)
        path = folder / f"{usage.name}.texi"
        path.write_text(document(body), encoding="utf-8")
        out[usage.name] = (path, segments)
    return out


@pytest.fixture(scope="module")
def makeinfo_says(documents) -> dict[Path, Verdict | None]:
    need_makeinfo()
    return makeinfo_verdicts([path for path, _segments in documents.values()])


def _by_segment(lines: set[int], segments: list[Segment]) -> dict[str, bool]:
    found = {s.placement: False for s in segments}
    for line in lines:
        segment = next((s for s in segments if s.first <= line <= s.last), segments[-1])
        found[segment.placement] = True
    return found


def _ours(path: Path) -> tuple[bool, set[int], set[int]]:
    reporter = Reporter(max_warnings=10_000)
    read_texinfo(str(path), None, reporter)
    return (bool(reporter.errors), {d.line for d in reporter.errors},
            {d.line for d in reporter.warnings})


def test_every_command_of_the_manual_is_covered():
    need_shared(TEXINFO_MANUAL)
    names = {u.name for u in USAGES}
    assert len(names) > 250
    assert {"anchor", "cindex", "defun", "deffnx", "part", "sortas", "multitable"} <= names


@pytest.mark.parametrize("name", [
    pytest.param(u.name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DIFFERENCES[u.name]))
    if u.name in KNOWN_DIFFERENCES else u.name for u in USAGES])
def test_command_placements_agree_with_makeinfo(name: str, documents, makeinfo_says):
    path, segments = documents[name]
    theirs = makeinfo_says[path]
    if theirs is None:
        pytest.skip(f"makeinfo itself breaks down on @{name} (its parser reports a bug)")
    failed, error_lines, warning_lines = _ours(path)
    assert failed == theirs.failed, path.read_text(encoding="utf-8")
    assert _by_segment(error_lines, segments) == _by_segment(theirs.error_lines, segments)
    if not theirs.failed:
        assert _by_segment(warning_lines, segments) == _by_segment(theirs.warned_lines,
                                                                   segments)
