"""Pages rendered in forked workers give the project, and the messages, of one process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from texi2rst.writers.workers import can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers need os.fork (Linux, BSD)")

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _manual(chapters: int = 8, paragraphs: int = 80) -> str:
    """A manual whose pages depend on each other the ways the writer knows: definition
    labels given as pages are written (a name defined in several chapters, a node of the
    same name), a C function declared twice, references to definitions before and after
    them, a definition inside a footnote, references to missing nodes in every chapter."""
    out = ["\\input texinfo\n@setfilename book.info\n@settitle Book\n",
           "@node Top\n@top Book\n\nSee @ref{frob} and @ref{Chapter 5}.\n"]
    for c in range(1, chapters + 1):
        out.append(f"@node Chapter {c}\n@chapter Chapter {c}\n\n")
        out.append(f"Text of chapter {c}, see @ref{{missing {c}}} and @ref{{frob}}.\n\n")
        if c % 2:
            out.append("@deffn Command frob @var{arg}\nFrobs @var{arg}.\n@end deffn\n\n")
            out.append("@deftypefn {Library Function} int frob_c (int @var{x})\n"
                       "Returns @var{x}.\n@end deftypefn\n\n")
        if c == 4:
            out.append("@node frob\n@section frob\n\nA node named as a definition.\n\n")
            out.append("Note.@footnote{@deffn Command inner\nInside a footnote.\n"
                       "@end deffn\n}\n\n")
        for p in range(paragraphs):
            out.append(f"Paragraph {p} of chapter {c}: @code{{code}} and @emph{{more}}.\n\n")
        out.append("@table @option\n@item -x\nAn option.\n@end table\n\n")
    out.append("@bye\n")
    return "".join(out)


def _convert(manual: Path, out: Path, jobs: int, *extra: str) -> tuple[int, str, dict[str, bytes]]:
    done = subprocess.run([sys.executable, "-m", "texi2rst.cli", "convert", str(manual), "-o",
                           str(out), "--jobs", str(jobs), *extra],
                          capture_output=True, text=True)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
             if p.is_file() and p.name != ".texi2rst-manifest"}
    return done.returncode, done.stderr.replace(str(out), "OUT"), files


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_write_what_one_process_writes(tmp_path, jobs):
    manual = tmp_path / "book.texi"
    manual.write_text(_manual(), encoding="utf-8")
    one = _convert(manual, tmp_path / "one", 1)
    many = _convert(manual, tmp_path / "many", jobs)
    assert one[0] == many[0] == 0, one[1]
    assert "reference to undefined node `missing 8'" in one[1]
    assert many[1] == one[1]
    assert many[2] == one[2]
    pages = b"".join(one[2].values())
    assert b".. c:function:: int frob_c(int x)" in pages
    assert b".. _frob-5:" in pages  # labels of definitions, numbered in writing order
    assert pages.count(b".. c:function::") == 1  # the second declaration is a plain one


_PROBE = """
import json, os, sys
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.parser import read_texinfo
from texi2rst.writers import project, workers

started = []
start = workers._start
def counting_start(task):
    started.append(1)
    return start(task)
workers._start = counting_start
rendered = {}
for count in (1, int(sys.argv[2])):
    doc = read_texinfo(sys.argv[1], None, Reporter())
    reporter = Reporter()
    made = project.render_project(doc, reporter=reporter, workers=count)
    rendered[count] = [made.files, made.man_pages, [str(d) for d in reporter.diagnostics]]
print(json.dumps({"same": rendered[1] == rendered[int(sys.argv[2])], "started": len(started),
                  "pages": len(rendered[1][0])}))
"""


def _probe(manual: Path, workers: int) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _PROBE, str(manual), str(workers)],
                          capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_render_project_really_uses_the_workers(tmp_path):
    manual = tmp_path / "book.texi"
    manual.write_text(_manual(), encoding="utf-8")
    result = _probe(manual, 3)
    assert result == {"same": True, "started": 2, "pages": 9}


def _man_heavy_manual(programs: int = 6, paragraphs: int = 60) -> str:
    """A manual that is mostly man pages, one per program (texi2pod's ``@c man begin
    SECTION PROGRAM``), with a region every page shares and definitions inside them."""
    out = ["\\input texinfo\n@setfilename tools.info\n@settitle Tools\n@node Top\n@top Tools\n",
           "@c man begin COPYRIGHT\nShared by every page.\n@c man end\n"]
    for i in range(programs):
        out.append(f"@node prog{i}\n@chapter prog{i}\n@c man title prog{i} tool {i}\n"
                   f"@c man begin DESCRIPTION prog{i}\n")
        out.append("@deffn Command frob @var{arg}\nFrobs.\n@end deffn\n\n")
        for p in range(paragraphs):
            out.append(f"Paragraph {p} of prog{i}: @code{{code}}, see @ref{{missing {i}}}.\n\n")
        out.append("@c man end\n")
    return "".join(out) + "@bye\n"


def test_man_pages_are_shared_among_the_workers(tmp_path):
    manual = tmp_path / "tools.texi"
    manual.write_text(_man_heavy_manual(), encoding="utf-8")
    result = _probe(manual, 3)
    assert result == {"same": True, "started": 2, "pages": 13}  # 7 pages, 6 man pages
    one = _convert(manual, tmp_path / "one", 1)
    many = _convert(manual, tmp_path / "many", 3)
    assert one[0] == many[0] == 0 and many[1] == one[1] and many[2] == one[2]
    assert sorted(name for name in one[2] if name.startswith("man/")) == [
        f"man/prog{i}.rst" for i in range(6)]


def test_a_small_manual_stays_in_one_process(tmp_path):
    manual = tmp_path / "small.texi"
    manual.write_text(_manual(chapters=3, paragraphs=2), encoding="utf-8")
    assert _probe(manual, 2)["started"] == 0


_RUN = """
import os, sys
from texi2rst.diagnostics import Reporter
from texi2rst.writers.workers import run_in_order

def task(number, fail_in_worker=False):
    def run(reporter, in_worker, fetch):
        if in_worker and fail_in_worker:
            raise RuntimeError("worker failed")
        reporter.warning("f.texi", number + 10, f"task {number}")
        reporter.warning("f.texi", 1, "repeated")
        return [number, in_worker, os.getpid()]
    return run

fail = sys.argv[1] == "fail"
reporter = Reporter()
results = run_in_order([task(0), task(1), task(2, fail), task(3)], reporter)
print([r[:2] for r in results], [r[2] == os.getpid() for r in results])
print([str(d) for d in reporter.diagnostics], reporter.repeated)
"""


def test_results_and_messages_come_back_in_task_order():
    out = subprocess.run([sys.executable, "-c", _RUN, "ok"], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == ("[[0, False], [1, True], [2, True], [3, True]] "
                      "[True, False, False, False]")
    messages = [f"'f.texi:{n + 10}: warning: task {n}'" for n in range(4)]
    assert out[1] == ("[" + messages[0] + ", 'f.texi:1: warning: repeated', "
                      + ", ".join(messages[1:]) + "] 3")


def test_a_failing_worker_leaves_the_tasks_after_the_first_to_this_process():
    out = subprocess.run([sys.executable, "-c", _RUN, "fail"], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == ("[[0, False], [1, False], [2, False], [3, False]] "
                      "[True, True, True, True]")
    assert out[1].endswith("] 3")


@pytest.mark.skipif(not (SHARED / "manuals" / "texinfo-6.8").is_dir(),
                    reason="needs ../shared/manuals (the Texinfo manual)")
def test_the_texinfo_manual_in_two_processes_is_the_same_project(tmp_path):
    manual = SHARED / "manuals" / "texinfo-6.8" / "texinfo.texi"
    one = _convert(manual, tmp_path / "one", 1)
    two = _convert(manual, tmp_path / "two", 2)
    assert one == two
    assert len(one[2]) > 20


def test_jobs_must_be_positive(tmp_path):
    manual = tmp_path / "book.texi"
    manual.write_text(_manual(chapters=1, paragraphs=1), encoding="utf-8")
    code, err, _files = _convert(manual, tmp_path / "out", 0)
    assert code == 2 and "--jobs" in err


@pytest.mark.parametrize(("cpus", "load", "workers"), [
    (8, 0.0, 4), (2, 0.0, 2), (2, 1.0, 2),  # (the load of this conversion itself)
    (2, 1.6, 1), (2, 3.0, 1), (4, 2.2, 3), (1, 0.0, 1), (8, None, 4)])
def test_the_cli_default_uses_the_cpus_other_processes_leave(monkeypatch, cpus, load,
                                                              workers):
    from texi2rst import cli

    def loadavg() -> tuple[float, float, float]:
        if load is None:
            raise OSError("no load average")
        return (load, load, load)

    monkeypatch.setattr("texi2rst.writers.workers.available_cpus", lambda: cpus)
    monkeypatch.setattr("os.getloadavg", loadavg)
    assert cli._page_workers(0) == workers
    assert cli._page_workers(3) == 3


@pytest.mark.parametrize(("setting", "body", "holds"), [
    # workers replay the definitions of the pages before theirs only when there are some
    ("definitions", "Text.\n", "no"),
    ("definitions", "@deffn Command run\nRuns.\n@end deffn\n", "yes"),
    ("definitions", "Text.@footnote{@deffn Command inner\nInside.\n@end deffn\n}\n", "yes"),
    # man pages look for multitables inside tables (to flatten) only when there are some
    ("multitables", "Text.\n", "no"),
    ("multitables", "@multitable {a} {b}\n@item x @tab y\n@end multitable\n", "yes"),
    ("multitables", "Text.@footnote{@multitable {a}\n@item x\n@end multitable\n}\n", "yes"),
])
def test_the_reader_says_whether_the_tree_holds_definitions_and_multitables(setting, body,
                                                                            holds):
    from texi2rst.readers.texinfo.parser import read_texinfo_string

    doc = read_texinfo_string("@node Top\n@top T\n\n" + body)
    assert doc.settings[setting] == holds


_FAILING_PARENT = """
import os, sys, time
from texi2rst.diagnostics import Reporter
from texi2rst.writers.workers import run_in_order

def parent(reporter, in_worker, fetch):
    time.sleep(0.2)  # the worker is busy by then
    raise KeyboardInterrupt

def worker(reporter, in_worker, fetch):
    time.sleep(60)
    return "late"

start = time.monotonic()
try:
    run_in_order([parent, worker], Reporter())
except KeyboardInterrupt:
    print("interrupted", round(time.monotonic() - start) < 10)
try:
    os.waitpid(-1, os.WNOHANG)
    print("a worker is left")
except ChildProcessError:
    print("no worker left")
"""


def test_an_interrupted_run_ends_its_workers_at_once():
    out = subprocess.run([sys.executable, "-c", _FAILING_PARENT], capture_output=True,
                         text=True, check=True, timeout=60).stdout.split("\n")
    assert out[:2] == ["interrupted True", "no worker left"]


def test_pages_are_cut_into_groups_that_take_about_the_same_time():
    from texi2rst import nodes as n
    from texi2rst.writers.project import _page_groups

    def page(name: str, paragraphs: int, definitions: int = 0) -> tuple[str, list[n.Block]]:
        blocks: list[n.Block] = [n.Paragraph([n.Text("x")]) for _ in range(paragraphs)]
        blocks += [n.Definition(kind="deffn") for _ in range(definitions)]
        return name, blocks

    even = [page(f"p{i}", 100) for i in range(10)]
    assert [len(g) for g in _page_groups(even, 2)] == [5, 5]
    # man pages are weighed as pages: a large one goes to a group of its own
    man = page("\0man", 1000)
    assert [len(g) for g in _page_groups([*even, man], 2)] == [10, 1]
    assert [len(g) for g in _page_groups([*even, page("\0man", 300)], 2)] == [7, 4]
    three = _page_groups(even, 3)
    assert len(three) == 3 and max(len(g) for g in three) == 4 and sum(three, []) == even
    assert _page_groups(even[:3], 2) == [even[:3]]  # too small to share
    assert _page_groups(even, 1) == [even]
    # a worker first replays the definitions of the pages before its own: it takes fewer
    heavy = [page(f"d{i}", 10, 90) for i in range(10)]
    groups = _page_groups(heavy, 2, replay=True)
    assert len(groups[0]) > len(groups[1]) and sum(groups, []) == heavy
    assert [len(g) for g in _page_groups(heavy, 2, replay=False)] == [5, 5]


def _heavy_chapter_manual(sections: int = 30, paragraphs: int = 12) -> str:
    """A manual whose one chapter is most of it (GNU as's machine-dependent features), with
    what the writer carries from one section to the next: footnotes (numbered per page),
    definition labels (numbered as written, one name in several sections), a C function
    declared twice, anchors, references before and after, index entries, diagnostics."""
    out = ["\\input texinfo\n@setfilename book.info\n@settitle Book\n@node Top\n@top Book\n",
           "@node Intro\n@chapter Intro\n\nSee @ref{sec 20}.@footnote{First.}\n\n",
           "@node Big\n@chapter Big\n\nThe big one.@footnote{Head note.}\n\n"]
    for s in range(sections):
        out.append(f"@node sec {s}\n@section Section {s}\n@cindex section {s}\n\n")
        out.append(f"@anchor{{here {s}}}Text, see @ref{{here {(s + 7) % sections}}}"
                   f" and @ref{{gone {s}}}.@footnote{{Note {s}.}}\n\n")
        if s % 3 == 0:
            out.append("@deffn Command frob @var{arg}\nFrobs @var{arg}.\n@end deffn\n\n")
            out.append("@deftypefn {Library Function} int frob_c (int @var{x})\n"
                       "Returns @var{x}.\n@end deftypefn\n\n")
        for p in range(paragraphs):
            out.append(f"Paragraph {p} of section {s}: @code{{code}} @emph{{more}}.\n\n")
    out.append("@node Last\n@chapter Last\n\nSee @ref{frob}.\n\n@bye\n")
    return "".join(out)


_CUT_PROBE = """
import json, sys
from texi2rst.diagnostics import Reporter
from texi2rst.readers.texinfo.parser import read_texinfo
from texi2rst.writers import page_cut, project

mode = sys.argv[2]
taken = []
take_rest, write_rest = page_cut.take_rest, page_cut.write_rest
def spied_take(cut, fetch, reporter, done):
    return take_rest(cut, fetch, reporter, lambda: (taken.append(cut.at), done()))
def changed_write(*args):
    if mode == "fail":
        raise RuntimeError("the worker fails")
    assumed, *rest = write_rest(*args)
    return (assumed[0] + 1, *assumed[1:]), *rest  # a footnote this process has not made
project.take_rest = spied_take
if mode != "ok":
    project.write_rest = changed_write
rendered = {}
for count in (1, 2):
    doc = read_texinfo(sys.argv[1], None, Reporter())
    reporter = Reporter()
    made = project.render_project(doc, reporter=reporter, workers=count)
    rendered[count] = [made.files, [str(d) for d in reporter.diagnostics]]
print(json.dumps({"same": rendered[1] == rendered[2], "taken": taken,
                  "messages": len(rendered[1][1])}))
"""


@pytest.mark.parametrize(("mode", "taken"), [("ok", True), ("other-state", False),
                                              ("fail", False)])
def test_a_heavy_chapter_is_cut_between_two_processes(tmp_path, mode, taken):
    """The page that is most of the manual is written by two processes, the pages and
    messages as one process writes them; when the worker assumed another state than this
    process's writer is in, or failed, this process writes the whole page itself."""
    manual = tmp_path / "book.texi"
    manual.write_text(_heavy_chapter_manual(), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _CUT_PROBE, str(manual), mode],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["same"] and result["messages"] == 30  # the references to "gone N"
    assert bool(result["taken"]) is taken
    if taken:
        assert 5 < result["taken"][0] < 25  # a cut near the middle of the chapter's sections
    one = _convert(manual, tmp_path / "one", 1)
    two = _convert(manual, tmp_path / "two", 2)
    assert one[0] == two[0] == 0 and one[1] == two[1] and one[2] == two[2]
    big = one[2]["big.rst"].decode()
    assert "[#f30]_" in big and ".. _frob-10:" in big and big.count(".. c:function::") == 1
