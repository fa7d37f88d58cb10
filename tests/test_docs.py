"""The manual in ``docs/``: its mapping table and CLI reference come from the code.

* the Texinfo → rST mapping table (:data:`texi2rst.readers.texinfo.commands.MAPPING`) names exactly
  the commands of the converter's own command tables;
* the manual builds with ``sphinx-build -W`` (in a subprocess), and every subcommand and option
  string of :func:`texi2rst.cli.build_parser` appears in the built CLI reference.
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

import pytest
from conftest import ROOT, sphinx_build

from texi2rst.readers.texinfo import commands as tc

DOCS = ROOT / "docs"

#: tables of texinfo_commands that do not hold command names
NOT_COMMAND_TABLES = {"KEPT_RAW_FORMATS", "FORMAT_CONDITIONALS", "STANDARD_INDICES", "MAPPING"}


def command_tables() -> dict[str, set[str]]:
    """Every public set or dict of names in :mod:`texi2rst.readers.texinfo.commands`."""
    tables = {}
    for name, value in vars(tc).items():
        if name.startswith("_") or not name.isupper() or name in NOT_COMMAND_TABLES:
            continue
        if isinstance(value, (set, frozenset, dict)) and all(isinstance(k, str) for k in value):
            tables[name] = set(value)
    return tables


def test_command_tables_found():
    tables = command_tables()
    for expected in ("BLOCK_COMMANDS", "BRACE_COMMANDS", "LINE_COMMANDS_USED",
                     "IGNORED_LINE_COMMANDS", "INDEX_COMMANDS", "SECTION_LEVELS", "GLYPHS",
                     "ACCENTS", "SYMBOL_COMMANDS", "CONDITIONALS", "LEXER_COMMANDS"):
        assert expected in tables


def test_mapping_covers_every_command():
    handled = set().union(*command_tables().values())
    missing = sorted(handled - set(tc.MAPPING))
    extra = sorted(set(tc.MAPPING) - handled)
    assert not missing, f"commands with no line in MAPPING: {missing}"
    assert not extra, f"MAPPING lines for commands the converter does not know: {extra}"


def test_mapping_entries_are_text():
    for name, text in tc.MAPPING.items():
        assert text.strip(), name
        assert "\n" not in text, name


def parser_strings() -> tuple[list[str], list[str]]:
    """(subcommand paths, option strings) of the CLI parser, subcommands walked."""
    from texi2rst.cli import build_parser

    commands: list[str] = []
    options: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if action.help == argparse.SUPPRESS:
                continue
            options.extend(action.option_strings)
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    commands.append(f"{path} {name}")
                    walk(sub, f"{path} {name}")

    walk(build_parser(), "texi2rst")
    return commands, options


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "html"
    code, warnings = sphinx_build(DOCS, out, builder="html", werror=True)
    return code, warnings, out


def test_docs_build_without_warnings(built_docs):
    code, warnings, _out = built_docs
    assert code == 0, warnings
    assert not warnings.strip(), warnings


def _page_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
    return html.unescape(text).replace("\u2011", "-").replace("\u2013", "--")


def test_cli_reference_lists_every_subcommand_and_option(built_docs):
    code, warnings, out = built_docs
    assert code == 0, warnings
    page = _page_text(out / "cli.html")
    commands, options = parser_strings()
    assert commands
    for command in commands:
        assert command in page, f"{command} missing from the CLI reference"
    for option in options:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", page), \
            f"{option} missing from the CLI reference"


def test_mapping_table_rendered(built_docs):
    code, warnings, out = built_docs
    assert code == 0, warnings
    page = _page_text(out / "texinfo-mapping.html")
    shown = set(re.findall(r"^@(\S+)$", page, re.M))
    missing = sorted(name for name in tc.MAPPING if not name.isspace() and name not in shown)
    assert not missing, f"commands missing from the rendered mapping table: {missing}"
    for name in tc.MAPPING:
        if name.isspace():
            assert tc.MAPPING[name] in page


def test_docs_examples_are_files_the_tests_use():
    """The pages include the example manual and fixtures themselves (no copies that drift)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.rst"))
    for path in re.findall(r"^\s*\.\. literalinclude:: (\S+)", text, re.M):
        assert (DOCS / path).is_file(), path
    assert "../examples/manual/manual.texi" in text
    assert "../fixtures/" in text


def test_getting_started_shows_the_readme_commands():
    """The README's two set-up commands appear, word for word, in the manual."""
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, re.S)[:2]
    assert len(commands) == 2
    page = (root / "docs" / "getting-started.rst").read_text(encoding="utf-8")
    for command in commands:
        assert f"   {command}\n" in page
