"""QEMU's own generator test cases (``../shared/corpus/qapi-schema-tests``): every schema QEMU
rejects is rejected at QEMU's ``file:line`` (column where QEMU gives one), with the include
chain, the definition context and the same message; every schema QEMU accepts is accepted."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import SHARED

CASES = SHARED / "corpus" / "qapi-schema-tests"
_LOC = re.compile(r"^(?P<file>[^:\s]+\.json):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$")


def _cases() -> list[str]:
    if not CASES.is_dir():
        return []
    return sorted(p.stem for p in CASES.glob("*.json") if p.with_suffix(".err").exists())


def qemu_expected(err: str) -> dict[str, object] | None:
    """QEMU's first diagnostic: include chain, context, file, line, column, first message
    line (None: QEMU accepted the schema)."""
    lines = err.splitlines()
    if not lines:
        return None
    chain: list[tuple[str, int]] = []
    context = ""
    for text in lines:
        m = re.match(r"^In file included from (.+):(\d+):$", text)
        if m:
            chain.append((m.group(1), int(m.group(2))))
            continue
        m = re.match(r"^[^:\s]+\.json: (In .*):$", text)
        if m:
            context = m.group(1)
            continue
        m = _LOC.match(text)
        assert m, f"unexpected QEMU line {text!r}"
        return {"chain": chain, "context": context, "file": m.group("file"),
                "line": int(m.group("line")), "col": int(m.group("col") or 0),
                "msg": m.group("msg")}
    raise AssertionError("no located line")


def ours(name: str) -> dict[str, object] | None:
    from texi2rst.diagnostics import Reporter
    from texi2rst.qapi import read_schema

    reporter = Reporter()
    cwd = os.getcwd()
    os.chdir(CASES)  # QEMU ran in the folder, so its file names are relative
    try:
        read_schema(f"{name}.json", reporter=reporter)
    finally:
        os.chdir(cwd)
    errors = reporter.errors
    if not errors:
        return None
    d = errors[0]
    return {"chain": [(f, n) for f, n in getattr(d, "includes", ())],
            "context": getattr(d, "context", ""), "file": d.source, "line": d.line,
            "col": getattr(d, "column", 0), "msg": d.message}


def same(expected: dict[str, object] | None, got: dict[str, object] | None) -> bool:
    if expected is None or got is None:
        return expected is got
    msg_ok = got["msg"] == expected["msg"] or str(got["msg"]).startswith(
        f"{expected['msg']} (")
    return msg_ok and all(got[k] == expected[k] for k in ("chain", "context", "file", "line",
                                                           "col"))


def _missing_include(name: str) -> str:
    text = (CASES / f"{name}.json").read_text(encoding="utf-8")
    for inc in re.findall(r"'include':\s*'([^']+)'", text):
        if not (CASES / inc).exists():
            return inc
    return ""


@pytest.mark.parametrize("name", _cases())
def test_qemu_case(name: str) -> None:
    missing = _missing_include(name)
    if missing:
        pytest.skip(f"{name}.json includes {missing}, which the corpus does not hold")
    expected = qemu_expected((CASES / f"{name}.err").read_text(encoding="utf-8"))
    got = ours(name)
    assert same(expected, got), f"QEMU: {expected}\nours: {got}"


def test_include_chain_and_column(tmp_path: Path) -> None:
    from texi2rst.diagnostics import Reporter
    from texi2rst.qapi import read_schema

    (tmp_path / "top.json").write_text("# top\n{ 'include': 'mid.json' }\n")
    (tmp_path / "mid.json").write_text("\n\n{ 'include': 'bad.json' }\n")
    # QEMU's column arithmetic: a tab at column 1 leaves it at 1
    (tmp_path / "bad.json").write_text("{ 'enum': 'E',\n\t'data' [ ] }\n")
    reporter = Reporter()
    read_schema(tmp_path / "top.json", reporter=reporter)
    top, mid, bad = (str(tmp_path / n) for n in ("top.json", "mid.json", "bad.json"))
    assert [str(d) for d in reporter.errors] == [
        f"In file included from {top}:2:\nIn file included from {mid}:3:\n"
        f"{bad}:2:8: error: expected ':'"]
    (tmp_path / "bad.json").write_text("{ 'include': 'top.json' }\n")
    reporter = Reporter()
    read_schema(tmp_path / "top.json", reporter=reporter)
    assert [(d.source, d.line, d.message) for d in reporter.errors] == [
        (bad, 1, "inclusion loop for top.json")]


# A '##' comment inside an expression: QEMU v4.2's QAPISchemaParser.accept() returns it as a
# '#' token (a doc comment starts there), and the parser method that reads the expression
# (get_members, get_values or get_expr) rejects it with its usual message, at the '#'.
DOC_INSIDE = [
    ("{ ## x\n  'command': 'foo' }\n", "1:3: expected string or '}'"),
    ("{ 'command' ## x\n  : 'foo' }\n", "1:13: expected ':'"),
    ("{ 'command': ## x\n  'foo' }\n", "1:14: expected '{', '[', string, boolean or 'null'"),
    ("{ 'command': 'foo' ## x\n}\n", "1:20: expected ',' or '}'"),
    ("{ 'command': 'foo',\n  ## x\n  'data': {} }\n", "2:3: expected string"),
    ("{ 'enum': 'E',\n  'data': [ ## x\n 'a' ] }\n",
     "2:13: expected '{', '[', ']', string, boolean or 'null'"),
    ("{ 'enum': 'E', 'data': [ 'a', ## x\n 'b' ] }\n",
     "1:31: expected '{', '[', string, boolean or 'null'"),
    ("{ 'enum': 'E', 'data': [ 'a' # fine\n ] }\n"
     "{ 'enum': 'F', 'data': [ 'a'\t## x\n ] }\n", "3:5: expected ',' or ']'"),
    # the first problem in the text wins: a doc comment inside an unclosed expression …
    ("{ 'enum': 'E', 'data': [ 'a' ## x\n", "1:30: expected ',' or ']'"),
    # … and a syntax error before it
    ("{ 'enum' 'E', 'data': [ 'a' ## x\n ] }\n", "1:10: expected ':'"),
]


@pytest.mark.parametrize(("text", "expected"), DOC_INSIDE)
def test_doc_comment_inside_expression_rejected(text: str, expected: str) -> None:
    from texi2rst.diagnostics import Reporter
    from texi2rst.qapi import parse_schema

    reporter = Reporter()
    parse_schema(text, "x.json", reporter=reporter)
    assert [str(d) for d in reporter.errors] == [f"x.json:{expected.replace(': ', ': error: ', 1)}"]


def test_doc_comment_inside_included_expression(tmp_path: Path) -> None:
    from texi2rst.diagnostics import Reporter
    from texi2rst.qapi import read_schema

    (tmp_path / "top.json").write_text("{ 'include': 'sub.json' }\n"
                                       "{ 'command': 'later' ## never read\n}\n")
    (tmp_path / "sub.json").write_text("##\n# @E:\n##\n{ 'enum': 'E',\n  'data':\n"
                                       "  ## inside\n  [ 'a' ] }\n")
    reporter = Reporter()
    read_schema(tmp_path / "top.json", reporter=reporter)
    top, sub = (str(tmp_path / n) for n in ("top.json", "sub.json"))
    assert [str(d) for d in reporter.errors] == [
        f"In file included from {top}:1:\n"
        f"{sub}:6:3: error: expected '{{', '[', string, boolean or 'null'"]


@pytest.mark.parametrize("later", [
    "{ 'command': 'later' ## never read\n}\n",  # a doc comment inside an expression
    "{ 'command': 'later', }\n",  # a syntax error
    "##\n# @later:\n##\n{ 'command' 'later' }\n",  # a syntax error after a doc comment
])
def test_included_file_errors_before_later_ones(tmp_path: Path, later: str) -> None:
    """QEMU's parser reads an include where it stands: an error in the included file comes
    before any problem of the including file after the include."""
    from texi2rst.diagnostics import Reporter
    from texi2rst.qapi import read_schema

    (tmp_path / "top.json").write_text("{ 'enum': 'E', 'data': [] }\n"
                                       "{ 'include': 'sub.json' }\n" + later)
    (tmp_path / "sub.json").write_text("{ 'enum': 'F',\n  'data': [ 'a' 'b' ] }\n")
    reporter = Reporter()
    read_schema(tmp_path / "top.json", reporter=reporter)
    top, sub = (str(tmp_path / n) for n in ("top.json", "sub.json"))
    assert [str(d) for d in reporter.errors] == [
        f"In file included from {top}:2:\n{sub}:2:17: error: expected ',' or ']'"]


def test_accepts_included_file_once(tmp_path: Path) -> None:
    from texi2rst.qapi import read_schema

    (tmp_path / "top.json").write_text("{ 'include': 'sub.json' }\n{ 'include': 'sub.json' }\n"
                                       "{ 'struct': 'T', 'data': { 'e': 'E' } }\n")
    (tmp_path / "sub.json").write_text("{ 'enum': 'E', 'data': [ 'a' ] }\n")
    schema = read_schema(tmp_path / "top.json")
    assert [d.name for d in schema.definitions] == ["E", "T"]


def test_cases_present() -> None:
    if not CASES.is_dir():
        pytest.skip(f"{CASES} not present (the shared corpus is only beside the project)")
    assert len(_cases()) > 100


if __name__ == "__main__":  # figures: python -m tests.test_qapi_qemu_cases
    ok_rej = ok_acc = bad = 0
    for n in _cases():
        if _missing_include(n):
            print(f"{n}: skipped (includes {_missing_include(n)}, not in the corpus)")
            continue
        exp = qemu_expected((CASES / f"{n}.err").read_text(encoding="utf-8"))
        got = ours(n)
        if same(exp, got):
            if exp is None:
                ok_acc += 1
            else:
                ok_rej += 1
        else:
            bad += 1
            print(f"{n}: QEMU {exp}\n{' ' * len(n)}  ours {got}")
    print(f"exact: {ok_rej} rejected and {ok_acc} accepted as QEMU does; {bad} differ")


def test_doc_problems_first_and_with_include_chain(tmp_path: Path) -> None:
    from texi2rst.qapi import QAPIError, parse_schema, read_schema

    # QEMU read doc comments as it went: a bad one before a syntax error is reported
    with pytest.raises(QAPIError) as info:
        parse_schema("##\n# @x:\n# @a: 1\n# @a: 2\n##\n{ 'command': 'x' ]\n", "a.json")
    assert (info.value.line, info.value.column, info.value.message) == (
        4, 1, "'a' parameter name duplicated")
    (tmp_path / "top.json").write_text("{ 'include': 'sub.json' }\n")
    (tmp_path / "sub.json").write_text("##\n# @x:\n# @b: no such\n##\n{ 'command': 'x' }\n")
    with pytest.raises(QAPIError) as info:
        read_schema(tmp_path / "top.json")
    err = info.value
    assert (err.line, err.message, err.includes) == (
        1, "documented member 'b' does not exist", ((str(tmp_path / "top.json"), 1),))


# The same rules on schemas the corpus does not hold (QEMU's other generator test cases):
# (schema, line, context, message as QEMU's generator printed it, first line)
RULES = [
    ("{ 'alternate': 'Alt', 'data': { 'one': 'any', 'two': 'int' } }", 1, "In alternate 'Alt'",
     "branch 'one' cannot use built-in type 'any'"),
    ("{ 'alternate': 'Alt', 'data': { 'one': 'bool', 'two': 'str' } }", 1,
     "In alternate 'Alt'", "branch 'two' can't be distinguished from 'one'"),
    ("{ 'alternate': 'Alt', 'data': {} }", 1, "In alternate 'Alt'", "'data' must not be empty"),
    ("{ 'alternate': 'A1', 'data': { 'i': 'int' } }\n"
     "{ 'alternate': 'A2', 'data': { 'n': 'A1', 's': 'str' } }", 2, "In alternate 'A2'",
     "branch 'n' cannot use alternate type 'A1'"),
    ("{ 'command': 'oops', 'data': { 'a-b': 'int', 'a_b': 'str' } }", 1, "In command 'oops'",
     "parameter 'a_b' collides with parameter 'a-b'"),
    ("{ 'command': 'oops', 'data': 'NoSuchType' }", 1, "In command 'oops'",
     "command's 'data' uses unknown type 'NoSuchType'"),
    ("{ 'command': 'oops', 'data': false }", 1, "In command 'oops'",
     "'data' should be an object or type name"),
    ("{ 'command': 'oops', 'data': { 'Arg': 'int' } }", 1, "In command 'oops'",
     "'data' member 'Arg' uses uppercase in name"),
    ("{ 'struct': 'S', 'data': {}, 'if': [] }", 1, "In struct 'S'",
     "'if' condition [] of struct is useless"),
    ("{ 'struct': true, 'data': {} }", 1, "", "'struct' requires a string name"),
    ("{ 'struct': 'B1', 'base': 'B2', 'data': {} }\n{ 'struct': 'B2', 'base': 'B1', 'data': {} }",
     1, "In struct 'B1'", "object B1 contains itself"),
    ("{ 'command': 'foo', 'struct': 'bar', 'data': {} }", 1, "In struct 'bar'",
     "struct has unknown key 'command'"),
    ("{ 'enum': 'E', 'data': [ 'one-two', 'one_two' ] }", 1, "In enum 'E'",
     "value 'one_two' collides with value 'one-two'"),
    ("{ 'enum': 'E', 'data': { 'value': 'str' } }", 1, "In enum 'E'",
     "'data' must be an array"),
    ("{ 'struct': 'S', 'data': {}, 'features': [ 'f', 'g', 'f' ] }", 1, "In struct 'S'",
     "feature 'f' collides with feature 'f'"),
    ("{ 'struct': 'S', 'data': {}, 'features': [ { 'if': 'X' } ] }", 1, "In struct 'S'",
     "'features' member misses key 'name'"),
    ("{ 'enum': 'E', 'data': [ 'a' ] }\n"
     "{ 'union': 'U', 'base': { 'e': 'E' }, 'discriminator': 'e',\n"
     "  'data': { 'a': 'int' } }", 2, "In union 'U'",
     "branch 'a' cannot use built-in type 'int'"),
    ("{ 'struct': 'B', 'data': { 'k': 'str' } }\n{ 'struct': 'T', 'data': {} }\n"
     "{ 'union': 'U', 'base': 'B', 'discriminator': 'k', 'data': { 'x': 'T' } }", 3,
     "In union 'U'", "discriminator member 'k' of base type 'B' must be of enum type"),
    ("{ 'union': 'U', 'discriminator': 'k', 'data': {} }", 1, "In union 'U'",
     "'discriminator' requires 'base'"),
    ("{ 'union': 'U', 'base': 'int', 'discriminator': 'k', 'data': {} }", 1, "In union 'U'",
     "'base' requires a struct type, built-in type 'int' isn't"),
    ("{ 'union': 'U', 'data': { 'a-b': 'int', 'a_b': 'str' } }", 1, "In union 'U'",
     "branch 'a_b' collides with branch 'a-b'"),
    ("{ 'union': 'U', 'data': { 'x': 'Missing' } }", 1, "In union 'U'",
     "branch 'x' uses unknown type 'Missing'"),
    ("{ 'struct': 'FooList', 'data': {} }", 1, "In struct 'FooList'",
     "struct name should not end in 'List'"),
    ("{ 'enum': 'Foo', 'data': [ 'unix', 'q-unix' ] }", 1, "In enum 'Foo'",
     "'data' member 'q-unix' has an invalid name"),
    ("{ 'command': 'oops', 'returns': [ 'str', 'str' ] }", 1, "In command 'oops'",
     "'returns': array type must contain single type name"),
    ("{ 'command': 'oops', 'returns': 'NoSuchType' }", 1, "In command 'oops'",
     "command's 'returns' uses unknown type 'NoSuchType'"),
    ("{ 'struct': 'S', 'data': { 'a': 'int' } }\n{ 'struct': 'S', 'data': {} }", 2,
     "In struct 'S'", "'S' is already defined"),
    ("{ 'command': 'c', 'data': { 'a': [ 'Nope' ] } }", 1, "In command 'c'",
     "command uses unknown type 'Nope'"),
    ("{ 'struct': 'S', 'data': { 'a': false } }", 1, "In struct 'S'",
     "'data' member 'a' should be a type name"),
    ("{ 'include': 'x.json', 'foo': 'bar' }", 1, "", "invalid 'include' directive"),
    ("{ 'pragma': { 'returns-whitelist': 'x' } }", 1, "",
     "pragma returns-whitelist must be a list of strings"),
    ("{ 'key1': 'value1', 'key2': [] }", 1, "", "expression is missing metatype"),
]


@pytest.mark.parametrize("text,line,context,message", RULES)
def test_rule(text: str, line: int, context: str, message: str) -> None:
    from texi2rst.qapi import QAPIError, parse_schema

    with pytest.raises(QAPIError) as info:
        parse_schema(text + "\n", "t.json")
    err = info.value
    assert (err.line, err.context) == (line, context), str(err)
    assert err.message == message or err.message.startswith(f"{message} ("), str(err)


@pytest.mark.parametrize("text,line,column,message", [
    ("{ 'command': 'foo', 'data': \\{ 'bar': 'str' } }", 1, 29, "stray '\\'"),
    ("{ 'command': tru }", 1, 14, "stray 'tru'"),
    ("{ 'enum': 'E', 'data': [ , 'a' ] }", 1, 26,
     "expected '{', '[', ']', string, boolean or 'null'"),
    ("{ 'enum': 'Status' 'data': [] }", 1, 20, "expected ',' or '}'"),
    ("'foo',\n'bar'", 1, 1, "expected '{'"),
    ("{ 'enum': 'Status', }", 1, 21, "expected string"),
    ("{ 'key': [ 'value' }", 1, 20, "expected ',' or ']'"),
    ("{ 'text': 'lorem ipsum }", 1, 11, "missing terminating \"'\""),
    ("{ 'command': 'foo', 'data': { 'a': '\\u0100' } }", 1, 36, "unknown escape \\u"),
])
def test_syntax_rule(text: str, line: int, column: int, message: str) -> None:
    from texi2rst.qapi import QAPIError, parse_schema

    with pytest.raises(QAPIError) as info:
        parse_schema(text + "\n", "t.json")
    assert (info.value.line, info.value.column, info.value.message) == (line, column, message)


def test_accepted_forms() -> None:
    """Schemas QEMU accepts: null in alternates, names with a vendor prefix, a boxed
    union argument, simple unions with array branches, whitelists."""
    from texi2rst.qapi import parse_schema

    schema = parse_schema(
        "{ 'pragma': { 'returns-whitelist': [ 'get-int' ],\n"
        "              'name-case-whitelist': [ 'CamelMembers' ] } }\n"
        "{ 'enum': '__org.qemu_x-Enum', 'data': [ '__org.qemu_x-value', '1st' ] }\n"
        "{ 'struct': 'CamelMembers', 'data': { 'Member': 'int' } }\n"
        "{ 'enum': 'Word', 'data': [ 'a' ] }\n"
        "{ 'alternate': 'AltNull', 'data': { 'e': 'Word', 'n': 'null',\n"
        "  'i': 'int' } }\n"
        "{ 'union': 'Simple', 'data': { 'ints': ['int'], 'any': 'any' } }\n"
        "{ 'command': 'boxed', 'data': 'Simple', 'boxed': true }\n"
        "{ 'command': 'get-int', 'returns': 'int', 'allow-oob': true, 'gen': false }\n"
        "{ 'event': 'x-EV', 'data': { '*a': 'AltNull' }, 'if': [ 'A', 'B' ] }\n", "ok.json")
    assert [d.name for d in schema.definitions] == [
        "__org.qemu_x-Enum", "CamelMembers", "Word", "AltNull", "Simple", "boxed", "get-int",
        "x-EV"]
