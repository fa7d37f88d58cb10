"""Packaging: the README's test command is what CI runs, the ``test`` extra holds what the tests
import, and the core runs without the extras (commands that need one name it)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import FIXTURES, ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(requirements: list[str]) -> set[str]:
    return {re.match(r"[A-Za-z0-9_.-]+(?:\[[^]]*\])?", r).group(0).lower() for r in requirements}


def _extra(name: str) -> set[str]:
    """The distributions an extra installs, its texi2rst[...] references followed."""
    names: set[str] = set()
    for req in _names(PYPROJECT["optional-dependencies"][name]):
        m = re.fullmatch(r"texi2rst\[(.*)\]", req)
        if m:
            for sub in m.group(1).split(","):
                names |= _extra(sub.strip())
        else:
            names.add(req)
    return names


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)\n```$", readme, re.S | re.M)
    proc = subprocess.run(["bash", str(ROOT / ".ci" / "run"), "--print-test-command"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == blocks[1] + "\n"
    assert "pip install -q -e '.[test]'" in blocks[1] and "pytest" in blocks[1]


def test_the_test_extra_holds_what_the_tests_import():
    test = _extra("test")
    for needed in ("pytest", "hypothesis", "ruff", "sphinx", "docutils", "sphinx-argparse",
                   "pypandoc", "pypandoc-binary"):
        assert needed in test, needed


def test_the_core_needs_neither_sphinx_nor_pandoc():
    core = _names(PYPROJECT["dependencies"])
    assert {"lark", "tqdm", "tomli"} == core
    assert "sphinx" in _extra("sphinx") and "pypandoc-binary" in _extra("back")


def test_declared_sphinx_bound_has_what_the_extension_uses():
    """``nested_parse_to_nodes`` (used by the .hx directive) came with Sphinx 7.4."""
    (req,) = [r for r in PYPROJECT["optional-dependencies"]["sphinx"] if r.startswith("sphinx")]
    assert req == "sphinx>=7.4"
    assert "nested_parse_to_nodes" in (ROOT / "texi2rst" / "sphinx" / "hx.py").read_text()


#: run the CLI with some top-level packages made unimportable, as when the extras are missing
_WITHOUT = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Block())
import importlib.util
_find_spec = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name.split(".")[0] in {blocked!r} \\
    else _find_spec(name, *a)
from texi2rst.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run_without(blocked: set[str], *args: str) -> subprocess.CompletedProcess[str]:
    code = _WITHOUT.format(blocked=sorted(blocked))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT)


EXTRAS = {"sphinx", "docutils", "pypandoc", "sphinxarg"}


def test_core_commands_run_without_the_extras(tmp_path):
    proc = _run_without(EXTRAS, "convert", "examples/manual/manual.texi", "-o",
                        str(tmp_path / "manual"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "manual" / "conf.py").is_file()
    proc = _run_without(EXTRAS, "hx", str(FIXTURES / "hx" / "options.hx"), "-o", "-")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    proc = _run_without(EXTRAS, "qapi", str(FIXTURES / "qapi" / "main.json"), "-o", "-")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def test_back_without_pandoc_names_the_extra(tmp_path):
    proc = _run_without(EXTRAS, "back", str(FIXTURES / "texinfo" / "lists.rst"), "-o",
                        str(tmp_path / "l.texi"))
    assert proc.returncode == 1
    assert "texi2rst back needs pypandoc" in proc.stderr
    assert "install texi2rst[back]" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert not (tmp_path / "l.texi").exists()


def test_check_without_sphinx_names_the_extra():
    proc = _run_without(EXTRAS, "check", "examples/manual/manual.texi")
    assert proc.returncode == 1
    assert "install texi2rst[sphinx]" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_every_package_is_installed() -> None:
    """A non-editable install ships every package of the source tree (the list in
    pyproject.toml is explicit, so a new subpackage must be added to it)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"]
    declared = set(setuptools["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "texi2rst").rglob("__init__.py")}
    assert found <= declared, sorted(found - declared)
    assert "texi2rst.grammars" in declared and "texi2rst" in setuptools["package-data"]
