"""Shared test helpers: where the shared corpus is, and running the CLI in-process."""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = Path(os.environ.get("TEXI2RST_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "qemu-v4.2.0"
TEXINFO_MANUAL = SHARED / "manuals" / "texinfo-6.8" / "texinfo.texi"


def need_shared(path: Path) -> Path:
    """Skip the test, saying why, when a file of ../shared is not there."""
    if not path.exists():
        pytest.skip(f"{path} not present (the shared corpus is only beside the project in "
                    "the development setup)")
    return path


def need_makeinfo() -> str:
    exe = shutil.which("makeinfo")
    if not exe:
        pytest.skip("makeinfo not installed (Debian package texinfo)")
    return exe


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``texi2rst ARGS`` in-process; returns (exit code, stdout, stderr)."""
    from texi2rst.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()
