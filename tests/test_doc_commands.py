"""Every shell block of README.md and docs/*.rst runs, so a doc claim that stops holding turns
the suite red.

Blocks: README's ```` ```sh ```` / ```` ```console ```` fences, and ``.. code-block:: sh`` (or
``console``, ``bash``, ``shell``) in ``docs/``. Each runs with ``bash -e`` in a copy of the
checkout, where ``.venv`` is this test run's environment and ``texi2rst`` and ``sphinx-build``
are on ``PATH``. A ``sh`` block must exit 0; in a ``console`` block, each ``$ command`` must
print (standard output and error together) exactly the lines shown under it.

What the test changes in a command, and why:

* a leading ``python3 -m venv .venv && .venv/bin/pip install … &&`` (or ``.venv/bin/pip install
  … &&``) is dropped: it needs the network (``.ci/run`` runs the README's test command, set-up
  included, exactly as written); the rest runs in this environment, which has every extra;
* ``../shared`` names the shared corpus (``TEXI2RST_SHARED`` when set); a block that reads it
  is skipped, with that reason, when the corpus is not there.

:data:`SKIP` lists the blocks that do not run at all, each with its reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

#: (file, first words of the block) -> why it does not run here
SKIP = {
    ("README.md", "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'"):
        "it runs this test suite itself; .ci/run runs it exactly as written",
    ("docs/getting-started.rst", "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'"):
        "it runs this test suite itself; .ci/run runs it exactly as written",
}

_SETUP = re.compile(r"^(?:python3 -m venv \.venv && )?\.venv/bin/pip install [^&]*&& ")
_FENCE = re.compile(r"^```(sh|console)\n(.*?)^```$", re.S | re.M)
_DIRECTIVE = re.compile(r"^\.\. code-block:: (sh|console|bash|shell)\n((?:[ \t]*\n|   .*\n)*)",
                        re.M)


def doc_blocks() -> list[tuple[str, int, str, str]]:
    """(file, line, language, text) of every shell block of the README and the manual."""
    blocks = []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for m in _FENCE.finditer(readme):
        blocks.append(("README.md", readme.count("\n", 0, m.start()) + 1, m.group(1),
                       m.group(2)))
    for page in sorted((ROOT / "docs").glob("*.rst")):
        text = page.read_text(encoding="utf-8")
        for m in _DIRECTIVE.finditer(text):
            body = "\n".join(line[3:] for line in m.group(2).splitlines()).strip("\n") + "\n"
            blocks.append((f"docs/{page.name}", text.count("\n", 0, m.start()) + 1,
                           m.group(1), body))
    return blocks


BLOCKS = doc_blocks()


def _skip_reason(name: str, text: str) -> str | None:
    for (file, start), reason in SKIP.items():
        if file == name and text.startswith(start):
            return reason
    if "../shared" in text and not SHARED.is_dir():
        return f"reads the shared corpus, not present at {SHARED}"
    return None


def _prepare(text: str) -> str:
    lines = [_SETUP.sub("", line) for line in text.splitlines()]
    return "\n".join(lines).replace("../shared", str(SHARED.resolve())) + "\n"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the checkout's files, without outputs, with .venv = this environment."""
    copy = tmp_path / "checkout"
    ignore = shutil.ignore_patterns(".git", ".venv", "build", "out", "__pycache__",
                                    "*.egg-info", ".pytest_cache", ".ruff_cache",
                                    ".hypothesis")
    shutil.copytree(ROOT, copy, ignore=ignore, symlinks=True)
    (copy / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return copy


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["TEXI2RST_SHARED"] = str(SHARED)
    env.pop("PYTEST_ADDOPTS", None)
    return env


def _console_steps(text: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def test_blocks_found():
    names = {name for name, *_ in BLOCKS}
    assert {"README.md", "docs/getting-started.rst", "docs/walkthrough.rst",
            "docs/diagnostics.rst"} <= names
    assert any(lang == "console" for *_, lang, _text in BLOCKS)


@pytest.mark.parametrize("name, line, lang, text", BLOCKS,
                         ids=[f"{name}:{line}" for name, line, *_ in BLOCKS])
def test_doc_block_runs(checkout: Path, name: str, line: int, lang: str, text: str) -> None:
    reason = _skip_reason(name, text)
    if reason:
        pytest.skip(reason)
    if lang == "console":
        for command, expected in _console_steps(text):
            proc = subprocess.run(["bash", "-c", _prepare(command)], cwd=checkout, env=_env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  timeout=600)
            assert proc.stdout.splitlines() == expected, f"{name}:{line}: {command}"
        return
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", _prepare(text)], cwd=checkout,
                          env=_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{name}:{line}: exit {proc.returncode}\n{proc.stderr[-3000:]}"
