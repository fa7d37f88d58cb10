"""Shared test helpers: where the shared corpus is, and running the CLI in-process."""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs every property test with a fixed seed, so that a run is repeatable and a red CI is
# a regression, not a new random draw; developers' runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
#: the shared inputs (QEMU corpus, manuals, conformance cases, reference tools): ../shared
#: beside the checkout, or the folder TEXI2RST_SHARED names; tests that need them skip without
SHARED = Path(os.environ.get("TEXI2RST_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "qemu-v4.2.0"
TEXINFO_MANUAL = SHARED / "manuals" / "texinfo-6.8" / "texinfo.texi"
QEMU_EXAMPLE = ROOT / "examples" / "qemu" / "texi2rst.toml"
#: how the shipped QEMU example names the QEMU tree (relative to its own folder)
QEMU_EXAMPLE_TREE = "../../../shared/corpus/qemu-v4.2.0"


def need_shared(path: Path) -> Path:
    """Skip the test, saying why, when a file of ../shared is not there."""
    if not path.exists():
        pytest.skip(f"{path} not present (the shared corpus is only beside the project in "
                    "the development setup)")
    return path


def qemu_example_config(folder: Path) -> Path:
    """The shipped QEMU example configuration, written in ``folder`` with its QEMU tree
    pointed at ``CORPUS`` (so TEXI2RST_SHARED holds for it too); skips without the corpus."""
    need_shared(CORPUS / "qemu-doc.texi")
    text = QEMU_EXAMPLE.read_text(encoding="utf-8")
    assert QEMU_EXAMPLE_TREE in text
    path = folder / "texi2rst.toml"
    path.write_text(text.replace(QEMU_EXAMPLE_TREE, CORPUS.resolve().as_posix()),
                    encoding="utf-8")
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


def sphinx_env() -> dict[str, str]:
    """The environment of a sphinx-build whose output a test reads: without colour (Sphinx
    colours its progress lines when CI=true, whatever -N says)."""
    return {**os.environ, "NO_COLOR": "1"}


def sphinx_build(src: Path, out: Path, *extra: str, builder: str = "html",
                 werror: bool = False) -> tuple[int, str]:
    """Run sphinx-build in a process of its own (Sphinx registers roles, directives and
    node classes in docutils globally); returns the exit code and the warnings."""
    import subprocess
    import sys

    warnings = out.parent / f"{out.name}-warnings.txt"
    args = ["-q", "-N", "-b", builder, "-w", str(warnings), *extra]
    if werror:
        args.append("-W")
    proc = subprocess.run([sys.executable, "-m", "sphinx", *args, str(src), str(out)],
                          capture_output=True, text=True, env=sphinx_env())
    text = warnings.read_text(encoding="utf-8") if warnings.exists() else ""
    if proc.returncode and not text:
        text = proc.stderr
    return proc.returncode, text


def sphinx_environment(out: Path, doctrees: Path | None = None):
    """The pickled build environment of a finished build."""
    import pickle

    path = (doctrees or out / ".doctrees") / "environment.pickle"
    with open(path, "rb") as fh:
        return pickle.load(fh)
