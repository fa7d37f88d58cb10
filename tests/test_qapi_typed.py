"""mypy sees texi2rst as a typed package: ``py.typed`` ships with it, and a QAPI generator
backend written against :mod:`texi2rst.qapi` passes ``mypy --strict``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]

#: a generator backend as a generator author writes one: its own parsed data in, rST out,
#: every call typed; ``reveal_type`` lines check what mypy infers for the API's results
GENERATOR = '''\
"""A QAPI doc backend over texi2rst.qapi."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from texi2rst import qapi


def to_definition(name: str, kind: str, line: int, args: list[tuple[str, str, bool]],
                  text: list[tuple[int, str]]) -> qapi.Definition:
    doc = qapi.QAPIDoc(source="x.json", line=line - 3, symbol=name, symbol_line=line - 2,
                       body=qapi.DocSection(line=text[0][0],
                                            lines=[qapi.DocLine(n, t) for n, t in text]))
    members = [qapi.Member(n, t, optional=o, line=line) for n, t, o in args]
    return qapi.Definition(kind=kind, name=name, source="x.json", line=line, doc=doc,
                           members=members)


def render(definitions: list[qapi.Definition], flavour: str) -> list[str]:
    known: dict[str, str] = {d.name: d.kind for d in definitions}
    lookup: Callable[[str], str | None] = known.get
    out: list[str] = []
    for d in definitions:
        out.append(qapi.render_rst(d, lookup, flavour=flavour))
        for text, source, line in qapi.render_rst_lines(d, set(known), flavour=flavour):
            out.append(f"{source}:{line}: {text}")
    return out


def check(text: str) -> str:
    try:
        schema = qapi.parse_schema(text, "x.json")
    except qapi.QAPIError as err:
        return f"{err.source}:{err.line}:{err.column}: {err.message}"
    if TYPE_CHECKING:
        reveal_type(schema)
        reveal_type(qapi.label_for("stop"))
    return "\\n".join(render(schema.definitions, qapi.FLAVOURS[1]))


print(check("{ 'command': 'stop' }\\n"))
print(render([to_definition("stop", "command", 5, [("now", "bool", True)],
                            [(3, "Stop.")])], "plain"))
'''


def test_py_typed_marker_ships_with_the_package() -> None:
    assert (ROOT / "texi2rst" / "py.typed").is_file()
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]
    assert "py.typed" in setuptools["package-data"]["texi2rst"]


#: the QAPI modules (reader, writers, API façade, Sphinx domain)
QAPI_MODULES = ["texi2rst/qapi.py", "texi2rst/readers/qapi", "texi2rst/writers/qapi.py",
                "texi2rst/writers/qapi_rst.py", "texi2rst/writers/qapi_links.py",
                "texi2rst/writers/qapi_project.py",
                "texi2rst/sphinx/qapi.py"]


def need_mypy() -> None:
    try:
        import mypy.api  # noqa: F401
    except ImportError:
        pytest.skip("mypy is not importable (it comes with the test extra); the typed API "
                    "is checked only where mypy is installed")


def test_qapi_modules_pass_mypy_strict() -> None:
    need_mypy()
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
         os.devnull, "--follow-imports", "silent", *QAPI_MODULES],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and ": error:" not in proc.stdout, proc.stdout + proc.stderr


def test_generator_backend_passes_mypy_strict(tmp_path: Path) -> None:
    need_mypy()
    script = tmp_path / "backend.py"
    script.write_text(GENERATOR, encoding="utf-8")
    # texi2rst is found on the path as an installed package is (not as a source root):
    # mypy reads it only because of its py.typed marker
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MYPYPATH": ""}
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--cache-dir", os.devnull, "--follow-imports", "silent", str(script)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    revealed = [line.split("Revealed type is ", 1)[1] for line in out.splitlines()
                if "Revealed type is" in line]
    assert [r.strip('"').removeprefix("builtins.") for r in revealed] == [
        "texi2rst.readers.qapi.model.Schema", "str"], out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert errors == [], out
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=120)
    assert run.returncode == 0 and ".. qapi:command:: stop" in run.stdout, run.stderr
