"""The block grammar's LALR tables: made by Lark from ``grammars/texinfo.lark``, shipped as a
module, run by :mod:`texi2rst.readers.lalr` with the results Lark's own parser gives."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import lark
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from texi2rst.grammar import grammar_file
from texi2rst.readers import lalr
from texi2rst.readers.texinfo import grammar_tables

GRAMMAR = Path(grammar_file("texinfo.lark")).read_text(encoding="utf-8")
MODULE = "texi2rst.readers.texinfo.grammar_tables"


def test_the_shipped_tables_are_the_grammars(tmp_path: Path) -> None:
    assert grammar_tables.GRAMMAR == GRAMMAR, (
        "grammars/texinfo.lark changed: run python -m texi2rst.readers.lalr texinfo.lark "
        "texi2rst/readers/texinfo/grammar_tables.py")
    out = tmp_path / "tables.py"
    assert lalr.main(["texinfo.lark", str(out)]) == 0
    shipped = Path(grammar_tables.__file__).read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped


def test_tables_are_canonical() -> None:
    # Lark numbers its states in an order that may change from run to run; the shipped
    # form may not
    assert lalr.build_tables(GRAMMAR) == lalr.build_tables(GRAMMAR)
    tables = lalr.load_tables(grammar_file("texinfo.lark"), MODULE)
    assert tables.actions is grammar_tables.ACTIONS  # taken from the module, not rebuilt


def test_a_grammar_without_shipped_tables_is_read_by_lark(tmp_path: Path) -> None:
    grammar = tmp_path / "g.lark"
    grammar.write_text(GRAMMAR.replace("definition: START_DEF DEFX* _element* END",
                                       "definition: START_DEF DEFX* _element* END DEFX?"),
                       encoding="utf-8")
    tables = lalr.load_tables(str(grammar), MODULE)
    assert tables.grammar != grammar_tables.GRAMMAR
    recorded = lalr.parse(_tokens(["START_DEF", "END", "DEFX"]), tables, _Recorder())
    assert recorded == ("start", [("definition", ["START_DEF@0", "END@1", "DEFX@2"])])


def test_a_rule_form_the_driver_does_not_run_is_refused() -> None:
    with pytest.raises(ValueError, match="does not run"):
        lalr.build_tables("start: x\n?x: A\n%declare A\n")


def test_no_lark_cache_in_the_shared_temporary_folder() -> None:
    # Lark's cache=True loads a pickle from the temporary folder: another user of the
    # machine could have put one there
    for path in (ROOT / "texi2rst").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                assert all(k.arg != "cache" for k in node.keywords), path


# ------------------------------------------------------------------ against Lark


class _Tok:
    def __init__(self, type: str) -> None:
        self.type = type


def _tokens(types: list[str]) -> list[_Tok]:
    return [_Tok(t) for t in types]


class _Recorder:
    """A transformer for the driver: every rule as (name, children)."""

    def __getattr__(self, name: str) -> Any:
        def record(children: list[Any]) -> Any:
            return (name, [f"{c.type}@{c.start_pos}" if isinstance(c, lalr.GrammarToken)
                           else c for c in children])
        return record


class _LarkRecorder(lark.Transformer):  # type: ignore[type-arg]
    def __default__(self, data: Any, children: list[Any], meta: Any) -> Any:
        if str(data).startswith("_"):  # Lark splices what an inlined rule gives as a tree
            return lark.Tree(data, children)
        return (str(data), [f"{c.type}@{c.start_pos}" if isinstance(c, lark.Token) else c
                            for c in children])


class _Stream(lark.lexer.Lexer):
    __future_interface__ = 1

    def __init__(self, conf: Any) -> None:
        pass

    def lex(self, state: Any, parser_state: Any) -> Any:
        for i, tok in enumerate(state.text):
            yield lark.Token(tok.type, tok.type, start_pos=i)


_LARK = lark.Lark(GRAMMAR, parser="lalr", lexer=_Stream, transformer=_LarkRecorder())
_LEAVES = ["TEXT", "PRE", "MENU_TEXT", "SECTION", "NODE", "LINE", "RAW", "MAN"]


def _elements(depth: int) -> st.SearchStrategy[list[str]]:
    leaf = st.sampled_from(_LEAVES).map(lambda t: [t])
    if depth == 0:
        return st.lists(leaf, max_size=3).map(lambda ls: sum(ls, []))
    inner = _elements(depth - 1)

    def wrap(head: str, tail: str) -> st.SearchStrategy[list[str]]:
        return inner.map(lambda body: [head, *body, tail])

    items = st.lists(st.tuples(st.sampled_from(["ITEM", "HEADITEM", "TAB", "ITEMX", "DEFX"]),
                               inner), max_size=3).map(
        lambda parts: sum(([k, *body] for k, body in parts), []))
    structured = st.one_of(
        wrap("START_BLOCK", "END"), wrap("START_MENU", "END"),
        wrap("MANONLY_START", "MANONLY_END"),
        st.tuples(st.sampled_from(["START_LIST", "START_TABLE", "START_MULTITABLE",
                                   "START_DEF"]), inner, items).map(
            lambda t: [t[0], *t[1], *t[2], "END"]))
    return st.lists(st.one_of(leaf, structured), max_size=4).map(lambda ls: sum(ls, []))


def _outcome_lark(types: list[str]) -> Any:
    try:
        return _LARK.parse(_tokens(types))  # type: ignore[arg-type]
    except lark.exceptions.UnexpectedToken as e:
        return ("error", e.token.start_pos if e.token.type != "$END" else len(types))


def _outcome_driver(types: list[str]) -> Any:
    tables = lalr.load_tables(grammar_file("texinfo.lark"), MODULE)
    try:
        return lalr.parse(_tokens(types), tables, _Recorder())
    except lalr.UnexpectedToken as e:
        return ("error", e.index)


@settings(max_examples=300, deadline=None)
@given(_elements(3))
def test_the_driver_parses_as_lark_does(types: list[str]) -> None:
    assert _outcome_driver(types) == _outcome_lark(types)


@settings(max_examples=200, deadline=None)
@given(_elements(2), st.integers(min_value=0, max_value=40),
       st.sampled_from(["ITEM", "ITEMX", "TAB", "END", "DEFX", "MANONLY_END", "HEADITEM"]))
def test_the_driver_fails_where_lark_fails(types: list[str], at: int, stray: str) -> None:
    broken = [*types[:at], stray, *types[at:]]
    assert _outcome_driver(broken) == _outcome_lark(broken)


def test_long_runs_of_elements_stay_linear() -> None:
    tables = lalr.load_tables(grammar_file("texinfo.lark"), MODULE)
    result = lalr.parse(_tokens(["TEXT"] * 50_000), tables, _Recorder())
    assert result[0] == "start" and len(result[1]) == 50_000
