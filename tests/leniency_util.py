"""Run makeinfo and texi2rst on the same small Texinfo documents and compare their verdicts."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from texi2rst.convert import texinfo_to_rst
from texi2rst.diagnostics import Reporter

HEAD = "\\input texinfo\n@setfilename t.info\n@settitle T\n@node Top\n@top T\n\n"
#: lines of HEAD: a body given to :func:`document` starts on the line after
HEAD_LINES = HEAD.count("\n")

_MESSAGE = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+): (?P<kind>warning: |error: )?", re.M)


@dataclass
class Verdict:
    """Exit status and the lines warned about, as one converter saw a document."""

    failed: bool
    warned_lines: set[int] = field(default_factory=set)
    output: str = ""
    error_lines: set[int] = field(default_factory=set)

    def summary(self) -> tuple[bool, bool]:
        return self.failed, bool(self.warned_lines)


def document(body: str) -> str:
    return HEAD + body + ("" if body.endswith("\n") else "\n") + "@bye\n"


def makeinfo_verdicts(paths: list[Path], chunk: int = 100) -> dict[Path, Verdict | None]:
    """makeinfo's verdict on each file, from runs on many files at once (makeinfo goes on
    after a file with errors), so that many cases stay fast. When makeinfo itself breaks
    down on a file (its parser stops with ``bug:``), that file's verdict is None."""
    verdicts: dict[Path, Verdict | None] = {}
    groups = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    while groups:
        group = groups.pop()
        found = _run_makeinfo(group)
        if found is not None:
            verdicts.update(found)
        elif len(group) == 1:
            verdicts[group[0]] = None
        else:  # a file broke makeinfo, and the ones after it were not read: halve the group
            groups += [group[:len(group) // 2], group[len(group) // 2:]]
    return verdicts


def _run_makeinfo(paths: list[Path]) -> dict[Path, Verdict] | None:
    exe = shutil.which("makeinfo")
    assert exe
    proc = subprocess.run([exe, "--plaintext", "--force", "--error-limit=1000000", "-o", "-",
                           *[p.name for p in paths]], cwd=paths[0].parent,
                          capture_output=True, text=True, errors="replace")
    if re.search(r"^texi2any.*: bug:", proc.stderr, re.M) or proc.returncode not in (0, 1):
        return None
    verdicts = {p: Verdict(False) for p in paths}
    by_name = {p.name: p for p in paths}
    for m in _MESSAGE.finditer(proc.stderr):
        path = by_name.get(Path(m.group("file")).name)
        if path is None:
            continue
        if m.group("kind") == "warning: ":
            verdicts[path].warned_lines.add(int(m.group("line")))
        else:
            verdicts[path].failed = True
            verdicts[path].error_lines.add(int(m.group("line")))
    return verdicts


def texi2rst_verdict(path: Path) -> Verdict:
    """texi2rst's verdict on one file, with its rST output."""
    reporter = Reporter(max_warnings=10_000)
    output = texinfo_to_rst(str(path), reporter=reporter)
    return Verdict(bool(reporter.errors), {d.line for d in reporter.warnings}, output)
