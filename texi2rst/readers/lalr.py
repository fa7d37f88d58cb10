"""Running a Lark grammar's LALR tables without Lark: fast to start, nothing cached on disk.

Lark reads a grammar (``grammars/*.lark``) and computes its LALR(1) parse tables;
:func:`build_tables` takes them from Lark in a canonical form (states numbered breadth-first
from the start state, symbols in order), so that the same grammar always gives the same
tables. They ship as a generated module beside the reader that uses them (written by
``python -m texi2rst.readers.lalr GRAMMAR MODULE``), and :func:`load_tables` takes them from
there when they were made from the grammar as it is, else asks Lark again (in memory: no
file is written, nor read from a shared temporary folder, as Lark's own cache would).

:func:`parse` runs the tables as Lark's LALR parser does, with the same results for a
transformer: a rule whose name starts with ``_`` (Lark's inlined rules, and the rules Lark
makes of ``x*``) gives its children to the rule that contains it; any other rule calls the
transformer's method of that name with its children, tokens as :class:`GrammarToken`.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections import namedtuple
from collections.abc import Callable, Sequence

from texi2rst.records import record

__all__ = ["GrammarToken", "Tables", "UnexpectedToken", "build_tables", "load_tables", "parse",
           "tables_module"]

#: the end of the input, as Lark names it
END = "$END"


TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any, NamedTuple, Protocol

    class HasType(Protocol):
        type: str

    class GrammarToken(NamedTuple):
        """A token as a rule's child: its type and its index in the parsed token list."""

        type: str
        start_pos: int
else:
    GrammarToken = namedtuple("GrammarToken", ["type", "start_pos"])
    GrammarToken.__doc__ = ("A token as a rule's child: its type and its index in the parsed "
                            "token list.")


class UnexpectedToken(Exception):
    """The token at ``index`` (``len(tokens)``: the end) cannot come there."""

    def __init__(self, index: int, type: str) -> None:
        super().__init__(f"unexpected {type} (token {index})")
        self.index = index
        self.type = type


@record(frozen=True)
class Rule:
    """A grammar rule: what it makes, how many symbols it takes, whether its children go
    to the rule that contains it (``spliced``), and whether a child of it may be such a
    rule (``splices``)."""

    origin: str
    size: int
    spliced: bool
    splices: bool


@record(frozen=True)
class Tables:
    """LALR tables: per state, symbol → action (``>= 0``: shift, or go, to that state;
    ``< 0``: reduce by rule ``~action``)."""

    grammar: str
    start: int
    end: int
    rules: tuple[Rule, ...]
    actions: tuple[dict[str, int], ...]


class _Spliced(list["Any"]):
    """The children of a rule that gives them to the rule containing it."""


def parse(tokens: Sequence[HasType], tables: Tables, transformer: object) -> Any:
    """Parse ``tokens`` (anything with a ``type``) and return what the start rule's method
    of ``transformer`` made of them. Raises :class:`UnexpectedToken`."""
    actions, rules, end_state = tables.actions, tables.rules, tables.end
    # the rules' fields as lists: read once per reduction
    sizes = [rule.size for rule in rules]
    splices = [rule.splices for rule in rules]
    origins = [rule.origin for rule in rules]
    methods: list[Callable[[list[Any]], Any] | None] = [
        None if rule.spliced else getattr(transformer, rule.origin) for rule in rules]
    states = [tables.start]
    values: list[Any] = []
    count = len(tokens)
    new_tuple = tuple.__new__  # GrammarToken(kind, index), without its __new__'s frame
    for index in range(count + 1):
        kind = tokens[index].type if index < count else END
        while True:
            action = actions[states[-1]].get(kind)
            if action is None:
                raise UnexpectedToken(index, kind)
            if action >= 0:
                states.append(action)
                values.append(new_tuple(GrammarToken, (kind, index)))
                break
            rule = ~action
            size = sizes[rule]
            method = methods[rule]
            value: Any
            if size == 1:  # a rule of one symbol (most are): no slicing
                states.pop()
                child = values.pop()
                if method is None:
                    value = child if child.__class__ is _Spliced else _Spliced((child,))
                else:
                    value = method(list(child) if child.__class__ is _Spliced else [child])
            elif size == 2 and method is None and values[-2].__class__ is _Spliced \
                    and splices[rule]:
                # a list that grows (Lark's rules for ``x*``), the commonest case: by one
                # child, or by the children of a spliced rule (what _splice does)
                last = values.pop()
                value = values.pop()
                if last.__class__ is _Spliced:
                    value.extend(last)
                else:
                    value.append(last)
                del states[-2:]
            else:
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    children = []
                if splices[rule]:
                    children = _splice(children)
                if method is None:
                    value = children if children.__class__ is _Spliced else _Spliced(children)
                else:
                    value = method(list(children) if children.__class__ is _Spliced
                                   else children)
            states.append(actions[states[-1]][origins[rule]])
            values.append(value)
            if kind == END and states[-1] == end_state:
                return value
    raise UnexpectedToken(count, END)  # the tables always end at the end state


def _splice(children: list[Any]) -> list[Any]:
    """Children with those of spliced rules in their place (the first such list is
    extended in place: a list that grows one element per reduction stays linear)."""
    out: list[Any] | None = None
    for child in children:
        if child.__class__ is _Spliced:
            if out is None:
                out = child
            else:
                out.extend(child)
        elif out is None:
            out = _Spliced((child,))
        else:
            out.append(child)
    return out if out is not None else _Spliced()


# ------------------------------------------------------------------ tables from Lark


def build_tables(grammar: str) -> Tables:
    """The LALR tables of ``grammar`` (Lark's syntax), computed by Lark, in canonical
    form. Only what :func:`parse` runs is allowed: no ``?rule``, no ``!rule``, no aliases,
    no tokens that Lark would leave out of a rule's children."""
    import lark
    from lark.lexer import Lexer

    from texi2rst.readers import quiet_lark

    quiet_lark()

    class _NoLexer(Lexer):
        def __init__(self, conf: Any) -> None:
            pass

        def lex(self, *args: Any) -> Any:  # noqa: D102
            raise NotImplementedError

    parser = lark.Lark(grammar, parser="lalr", lexer=_NoLexer)
    table = parser.parser.parser._parse_table
    start, end = table.start_states["start"], table.end_states["start"]
    # states numbered in the order a breadth-first walk from the start state meets them
    order = [start]
    seen = {start}
    for state in order:
        for symbol in sorted(table.states[state]):
            action, arg = table.states[state][symbol]
            if action.name == "Shift" and arg not in seen:
                seen.add(arg)
                order.append(arg)
    number = {state: i for i, state in enumerate(order)}
    lark_rules = sorted({arg for actions in table.states.values()
                         for action, arg in actions.values() if action.name == "Reduce"},
                        key=lambda r: (str(r.origin.name), [str(s.name) for s in r.expansion]))
    rules = []
    for r in lark_rules:
        if r.options.expand1 or r.options.keep_all_tokens or r.alias is not None \
                or any(s.is_term and s.filter_out for s in r.expansion):
            raise ValueError(f"rule {r} uses what texi2rst.readers.lalr does not run")
        origin = str(r.origin.name)  # Lark names user rules with its Token class
        rules.append(Rule(origin, len(r.expansion), origin.startswith("_"),
                          any(not s.is_term and s.name.startswith("_") for s in r.expansion)))
    rule_number = {id(r): i for i, r in enumerate(lark_rules)}
    actions = tuple(
        {str(symbol): (number[arg] if action.name == "Shift" else ~rule_number[id(arg)])
         for symbol, (action, arg) in sorted(table.states[state].items())}
        for state in order)
    return Tables(grammar, number[start], number[end], tuple(rules), actions)


def tables_module(tables: Tables, grammar_name: str) -> str:
    """The source of a module that holds ``tables`` (see :func:`load_tables`)."""
    lines = [f'"""LALR tables of ``grammars/{grammar_name}``, made by Lark: generated by',
             f"``python -m texi2rst.readers.lalr {grammar_name} MODULE``, do not edit.", '"""',
             "", "# ruff: noqa: E501", "", f"GRAMMAR = {tables.grammar!r}", "",
             f"START = {tables.start}", f"END = {tables.end}", "",
             "#: (origin, size, spliced, splices) of every rule",
             "RULES: tuple[tuple[str, int, bool, bool], ...] = ("]
    lines += [f"    {(r.origin, r.size, r.spliced, r.splices)!r}," for r in tables.rules]
    lines += [")", "", "#: per state, symbol -> action (>= 0: shift or go to; < 0: reduce ~action)",
              "ACTIONS: tuple[dict[str, int], ...] = ("]
    lines += [f"    {actions!r}," for actions in tables.actions]
    lines += [")", ""]
    return "\n".join(lines)


def load_tables(grammar_file: str, module: str) -> Tables:
    """The tables of the grammar in ``grammar_file``: those of the generated ``module`` when
    it was made from this very grammar, else Lark's (computed in memory; the reader keeps
    what this returns for the process)."""
    with open(grammar_file, encoding="utf-8") as f:
        grammar = f.read()
    try:
        shipped = importlib.import_module(module)
    except ImportError:
        shipped = None
    if shipped is not None and getattr(shipped, "GRAMMAR", None) == grammar:
        return Tables(grammar, shipped.START, shipped.END,
                      tuple(Rule(*r) for r in shipped.RULES), shipped.ACTIONS)
    return build_tables(grammar)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m texi2rst.readers.lalr GRAMMAR.lark OUT.py``: write a tables module."""
    from texi2rst.grammar import grammar_file
    from texi2rst.output import atomic_write

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m texi2rst.readers.lalr GRAMMAR.lark OUT.py", file=sys.stderr)
        return 2
    with open(grammar_file(args[0]), encoding="utf-8") as f:
        tables = build_tables(f.read())
    atomic_write(os.path.abspath(args[1]), tables_module(tables, args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
