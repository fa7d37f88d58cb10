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

    def summary(self) -> tuple[bool, bool]:
        return self.failed, bool(self.warned_lines)


def document(body: str) -> str:
    return HEAD + body + ("" if body.endswith("\n") else "\n") + "@bye\n"


def makeinfo_verdicts(paths: list[Path]) -> dict[Path, Verdict]:
    """makeinfo's verdict on each file; one run for all of them (makeinfo goes on after a
    file with errors), so that many cases stay fast."""
    exe = shutil.which("makeinfo")
    assert exe
    verdicts = {p: Verdict(False) for p in paths}
    by_name = {p.name: p for p in paths}
    proc = subprocess.run([exe, "--plaintext", "--force", "-o", "/dev/null",
                           *[p.name for p in paths]], cwd=paths[0].parent,
                          capture_output=True, text=True, errors="replace")
    for m in _MESSAGE.finditer(proc.stderr):
        path = by_name.get(Path(m.group("file")).name)
        if path is None:
            continue
        if m.group("kind") == "warning: ":
            verdicts[path].warned_lines.add(int(m.group("line")))
        else:
            verdicts[path].failed = True
    return verdicts


def texi2rst_verdict(path: Path) -> Verdict:
    """texi2rst's verdict on one file, with its rST output."""
    reporter = Reporter(max_errors=10_000)
    output = texinfo_to_rst(str(path), reporter=reporter)
    return Verdict(bool(reporter.errors), {d.line for d in reporter.warnings}, output)
