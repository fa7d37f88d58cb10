"""Fuzz tests: mutated QEMU ``.hx`` files through ``texi2rst hx`` (see test_fuzz_texinfo)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_util import HANG_LIMIT, MUTATIONS, check_run, mutate, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from texi2rst.diagnostics import Reporter
from texi2rst.readers.hx import read_hx_text

SEEDS = seeds("hx")
STEPS = st.lists(st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(0, 2**32 - 1)),
                 min_size=1, max_size=3)


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(seed=st.integers(0, len(SEEDS) - 1), steps=STEPS, mode=st.sampled_from(["rst", "hx"]))
def test_mutated_hx_through_the_cli(seed: int, steps: list[tuple[str, int]], mode: str) -> None:
    data = mutate(SEEDS[seed], "hx", steps)
    with tempfile.TemporaryDirectory() as tmp:
        problems = check_run("hx", data, Path(tmp), mode=mode, time_limit=HANG_LIMIT)
    assert not problems, problems


@settings(max_examples=30, deadline=None, derandomize=True)
@given(lines=st.lists(st.sampled_from(["STEXI", "ETEXI", "SRST", "ERST", "DEFHEADING(x)",
                                       "HXCOMM x", "@table @option", "@item -x", "@end table",
                                       "text", "", "DEF(\"a\", 0, A, \"\", QEMU_ARCH_ALL)"]),
                      max_size=30))
def test_marker_soup_through_the_reader(lines: list[str]) -> None:
    reporter = Reporter()
    read_hx_text("\n".join(lines) + "\n", "soup.hx", reporter)
    for d in reporter.errors:
        assert d.source == "soup.hx" and d.line > 0


def test_known_hostile_hx(tmp_path: Path) -> None:
    """Inputs that broke earlier versions: each converts or is refused, quickly."""
    cases = {
        "invalid_utf8": b"STEXI\n@table @option\n@item -x\nbad \xc3 \xff byte\n"
                        b"@end table\nETEXI\n",
        "self_macro_unclosed": b"STEXI\n@macro x1 {p}\n@x1{\\p\\}\n@end macro\n@x1{\n"
                               + b"line {a}\n" * 2000 + b"ETEXI\n",
    }
    for name, data in cases.items():
        for mode in ("rst", "hx"):
            problems = check_run("hx", data, tmp_path / f"{name}-{mode}", mode=mode,
                                 time_limit=HANG_LIMIT)
            assert not problems, (name, mode, problems)
