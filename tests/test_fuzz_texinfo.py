"""Fuzz tests: mutated Texinfo through the CLI (in-process) and the Python API.

Every run must end with exit 0 or 1, never an internal error or a traceback; every exit 1
must come with a located ``file:line: error:``; each input within a few seconds; what is
written must be UTF-8 that docutils reads. ``benchmarks/fuzz_long.py`` runs the same checks
on many more inputs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_util import HANG_LIMIT, MUTATIONS, check_run, mutate, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from texi2rst.convert import texinfo_to_rst
from texi2rst.diagnostics import ConversionError, Reporter

SEEDS = seeds("texi")
STEPS = st.lists(st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(0, 2**32 - 1)),
                 min_size=1, max_size=3)
FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(seed=st.integers(0, len(SEEDS) - 1), steps=STEPS,
       mode=st.sampled_from(["rst", "dir"]))
def test_mutated_texinfo_through_the_cli(seed: int, steps: list[tuple[str, int]],
                                         mode: str) -> None:
    data = mutate(SEEDS[seed], "texi", steps)
    with tempfile.TemporaryDirectory() as tmp:
        problems = check_run("texi", data, Path(tmp), mode=mode, time_limit=HANG_LIMIT)
    assert not problems, problems


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000))
def test_random_bytes_through_the_cli(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        problems = check_run("texi", data, Path(tmp), time_limit=HANG_LIMIT)
    assert not problems, problems


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(list("@{}\n ax-`',") + ["@end ", "@item ",
                                                                   "@code{", "@table @asis\n",
                                                                   "@macro m\n", "@m{"]),
                    max_size=200).map("".join))
def test_texinfo_soup_through_the_api(text: str) -> None:
    """The Python API: no exception but a ConversionError (whose message is located)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "soup.texi"
        path.write_text(text, encoding="utf-8")
        reporter = Reporter()
        try:
            texinfo_to_rst(str(path), reporter=reporter)
        except ConversionError as e:
            assert ":" in str(e)
    for d in reporter.errors:
        assert d.source


def test_known_hostile_inputs(tmp_path: Path) -> None:
    """Inputs that broke earlier versions: each is refused with a located error, quickly."""
    cases = {
        "deep_braces": b"Text\n\n" + b"@emph{" * 100_000 + b"x" + b"}" * 100_000 + b"\n",
        "self_macro": b"@macro m {p}\nx @m y\n@end macro\n@m{a}\n",
        "endless_rmacro": b"@rmacro m\n@m\n@end rmacro\n\n@m\n",
        "growing_rmacro": b"@rmacro m\n@m x\n@end rmacro\n\n@m\n",
        "deep_blocks": b"@quotation\n" * 5000 + b"x\n",
        "unclosed_self_call": b"@macro m {p}\n@m{\\p\\}\n@end macro\n@m{\n"
                              + b"line {a}\n" * 2000,
        "value_macro_loop": b"@macro x1 {}\n@value{v}@set v @x1{}\n@example\n@end ifnottex}"
                            + b"a" * 300_000 + b"\n@end macro\n@x1{a\\,b}\n",
    }
    for name, data in cases.items():
        problems = check_run("texi", data, tmp_path / name, time_limit=HANG_LIMIT)
        assert not problems, (name, problems)
