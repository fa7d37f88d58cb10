"""The architecture page (docs/architecture.rst) tells the truth about the code's layout."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "texi2rst"
PAGE = ROOT / "docs" / "architecture.rst"


def _part_of(module: str) -> str | None:
    """The part a dotted module belongs to: ``readers``, ``writers``, ``nodes`` …"""
    parts = module.split(".")
    if parts[0] != "texi2rst" or len(parts) < 2:
        return None  # the package root (``__version__``)
    return parts[1]


def _is_part(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def _module_name(path: Path) -> str:
    dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return dotted.removesuffix(".__init__")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "texi2rst":
                found.update(f"texi2rst.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def code_dependencies() -> dict[str, set[str]]:
    deps: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        part = _part_of(_module_name(path))
        if part is None:
            continue
        targets = deps.setdefault(part, set())
        for module in _imported_modules(path):
            target = _part_of(module)
            if target and target != part and _is_part(target):
                targets.add(target)
    return deps


def documented_dependencies() -> dict[str, set[str]]:
    text = PAGE.read_text(encoding="utf-8")
    table = text[text.index(":class: dependencies"):]
    rows = re.findall(r"^   \* - ``(\w+)``\n     - (.*(?:\n       .*)*)$", table, flags=re.M)
    return {part: set(re.findall(r"``(\w+)``", uses)) for part, uses in rows}


def test_every_part_is_documented_with_its_imports():
    code = code_dependencies()
    documented = documented_dependencies()
    assert set(documented) == set(code), "parts in the page vs in the code"
    for part in sorted(code):
        assert documented[part] == code[part], f"imports of {part}"


def test_no_import_cycle_between_readers_and_writers_or_tree():
    code = code_dependencies()
    # the tree's classes are records (texi2rst.records, with their __init__ compiled ahead
    # in texi2rst.node_inits), which import nothing else of texi2rst
    assert code["nodes"] == {"records", "node_inits"}
    assert code["records"] == set()
    assert code["node_inits"] == {"records"}
    assert "writers" not in code["readers"] and "writers" not in code["transforms"]


def test_every_package_says_what_belongs_in_it():
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{init.relative_to(ROOT)} has no docstring"


def test_texinfo_reader_modules_are_documented_with_their_imports():
    """The page's table of the Texinfo reader's modules names each module and what it imports
    of the reader."""
    package = PACKAGE / "readers" / "texinfo"
    prefix = "texi2rst.readers.texinfo"
    code: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        if path.stem == "__init__":
            continue
        uses = set()
        for module in _imported_modules(path):
            if module.startswith(prefix + "."):
                uses.add(module[len(prefix) + 1:].split(".")[0])
            elif module == prefix:  # ``from texi2rst.readers.texinfo import commands``
                tree = ast.parse(path.read_text(encoding="utf-8"))
                uses.update(alias.name for node in ast.walk(tree)
                            if isinstance(node, ast.ImportFrom) and node.module == prefix
                            for alias in node.names)
        code[path.stem] = uses - {path.stem}
    text = PAGE.read_text(encoding="utf-8")
    table = text[text.index(":class: texinfo-reader"):]
    table = table[:table.index("\n\n", table.index("* - module"))]
    rows = re.findall(r"^   \* - ``(\w+)``\n     - .*(?:\n       .*)*\n     - (.*)$", table,
                      flags=re.M)
    documented = {name: set(re.findall(r"``(\w+)``", uses)) for name, uses in rows}
    assert set(documented) == set(code), "modules in the page vs in the package"
    for name in sorted(code):
        assert documented[name] == code[name], f"imports of readers.texinfo.{name}"
