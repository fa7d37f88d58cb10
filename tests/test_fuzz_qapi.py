"""Fuzz tests: mutated QAPI schemas through ``texi2rst qapi`` (see test_fuzz_texinfo)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_util import HANG_LIMIT, MUTATIONS, check_run, mutate, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from texi2rst.diagnostics import Reporter
from texi2rst.qapi import parse_schema, render_rst

SEEDS = seeds("qapi")
STEPS = st.lists(st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(0, 2**32 - 1)),
                 min_size=1, max_size=3)


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(seed=st.integers(0, len(SEEDS) - 1), steps=STEPS)
def test_mutated_schema_through_the_cli(seed: int, steps: list[tuple[str, int]]) -> None:
    data = mutate(SEEDS[seed], "qapi", steps)
    with tempfile.TemporaryDirectory() as tmp:
        problems = check_run("qapi", data, Path(tmp), time_limit=HANG_LIMIT)
    assert not problems, problems


@settings(max_examples=40, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(list("{}[]:,'\n #@") + [
    "'struct'", "'data'", "'command'", "'enum'", "'include'", "##\n", "# @x:", "'if'",
    "'str'", "'int'", "Returns:", "Since:", "true"]), max_size=150).map("".join))
def test_schema_soup_through_the_api(text: str) -> None:
    reporter = Reporter()
    schema = parse_schema(text, "soup.json", reporter=reporter)
    for d in reporter.errors:
        assert d.source
    if not reporter.has_errors:
        render_rst(schema)


def test_known_hostile_schemas(tmp_path: Path) -> None:
    """Inputs that broke earlier versions: refused with a located error, quickly."""
    cases = {
        "deep_lists": b"{ 'struct': 'D', 'data': { 'x': " + b"[" * 100_000 + b"'int'"
                      + b"]" * 100_000 + b" } }\n",
        "deep_dicts": b"{ 'struct': 'D', 'data': { 'x': " + b"{ 'a': " * 50_000 + b"'int'"
                      + b"}" * 50_000 + b" } }\n",
        "invalid_utf8": b"{ 'struct': 'S', 'data': {} }\n# \xa7\xff\n",
    }
    for name, data in cases.items():
        problems = check_run("qapi", data, tmp_path / name, time_limit=HANG_LIMIT)
        assert not problems, (name, problems)
