"""Rendering parts of a project in forked processes, with the output of a run in one.

``texi2rst convert`` renders a manual's pages in order. Pages depend on the ones before them
in one way only: the labels of definition lines (``@deffn`` …) and the C names Sphinx has
seen are given as pages are written. :func:`run_in_order` runs a list of tasks (contiguous
groups of pages, in order) the first in this process and each other one in a forked copy of
it, which first replays what the tasks before it would have done to those labels (the task
is told it runs in a worker). Results come back through a pipe; diagnostics are replayed into
the caller's reporter in task order, so that messages, their order and the output files are
what a run in one process gives, byte for byte. When a worker fails (or the platform has no
``fork``), this process runs the other tasks itself, in order.

Forking copies the process without copying its memory (pages are shared until written):
measured on a 2-CPU machine, rendering a manual's pages in a child costs 5% more than in the
parent, so two processes render a project in a little more than half the time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from collections.abc import Callable

from texi2rst.diagnostics import (
    Diagnostic,
    Reporter,
    hold_interrupts,
    release_interrupts,
    signal_functions,
)

__all__ = ["Fetch", "Recorder", "Task", "available_cpus", "can_fork", "idle_cpus", "replay",
           "run_in_order"]

TYPE_CHECKING = False  # (typing's, without importing typing: start-up)
if TYPE_CHECKING:
    from typing import Any

#: the result of a later task, for a task that needs it early: waited for, None when it
#: cannot be had (the task has not run: tasks run in this process; or its worker failed)
Fetch = Callable[[int], "Any"]
#: a task: called with the reporter to use, whether it runs in a worker process, and the
#: fetch of later tasks' results (only the first task's gives any); returns what
#: :mod:`marshal` can carry (strings, numbers, lists, tuples, dicts)
Task = Callable[[Reporter, bool, Fetch], "Any"]


def _nothing(index: int) -> None:
    return None


def can_fork() -> bool:
    """Whether this platform forks processes as :func:`run_in_order` needs (macOS can
    fork, but some of its system libraries are not safe in a forked child)."""
    return hasattr(os, "fork") and hasattr(signal_functions(), "pthread_sigmask") \
        and sys.platform != "darwin"


def available_cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def idle_cpus() -> int:
    """The CPUs this process may run on, less those the other processes keep busy: the
    load average of the last minute, less this process itself (a fork on a busy machine
    only shares a CPU, at the cost of copying pages)."""
    cpus = available_cpus()
    try:
        others = max(os.getloadavg()[0] - 1, 0.0)
    except (AttributeError, OSError):  # no load average here
        others = 0.0
    return max(int(cpus - others + 0.5), 1)


class Recorder(Reporter):
    """Keeps every diagnostic as it comes (repeats too: the caller's reporter decides
    about repeats and limits when it replays them) and prints nothing."""

    def _add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def carried(self) -> list[tuple[Any, ...]]:
        """The diagnostics as :mod:`marshal` carries them (see :func:`replay`)."""
        return [(d.severity, d.source, d.line, d.message, d.column, d.context, d.includes)
                for d in self.diagnostics]


def replay(reporter: Reporter, carried: list[tuple[Any, ...]]) -> None:
    """Give ``reporter`` the diagnostics a :class:`Recorder` carried from another process."""
    for fields in carried:
        reporter.add(Diagnostic(*fields))


def run_in_order(tasks: list[Task], reporter: Reporter) -> list[Any]:
    """The results of ``tasks``, run as if one after the other in this process (see the
    module's docstring). Only for a process without other threads: it forks."""
    if len(tasks) < 2 or not can_fork():
        return [task(reporter, False, _nothing) for task in tasks]
    # (what this process holds in its output buffers is never written twice: a worker
    # leaves through os._exit, which writes nothing out)
    workers: dict[int, tuple[int, int]] = {}  # task index -> the worker not collected yet
    outcomes: dict[int, tuple[Any, list[tuple[Any, ...]]] | None] = {}

    def fetch(index: int) -> Any:
        if index not in outcomes and index in workers:
            outcomes[index] = _collect(*workers.pop(index))
        found = outcomes.get(index)
        return None if found is None else found[0]

    try:
        for index, task in enumerate(tasks[1:], 1):
            workers[index] = _start(task)
        results = [tasks[0](reporter, False, fetch)]
        for index in list(workers):
            outcomes[index] = _collect(*workers.pop(index))
    finally:
        for pid, fd in workers.values():  # this process failed (or was interrupted): end
            with contextlib.suppress(OSError):  # the others (the one being read is closed)
                os.close(fd)
            with contextlib.suppress(OSError):
                os.kill(pid, signal_functions().SIGTERM)
                os.waitpid(pid, 0)
    ordered = [outcomes[index] for index in range(1, len(tasks))]
    if any(outcome is None for outcome in ordered):
        # the other tasks run here, in order (a worker's results assumed what the tasks
        # before it did in its own process)
        return results + [task(reporter, False, _nothing) for task in tasks[1:]]
    for outcome in ordered:
        assert outcome is not None
        result, diagnostics = outcome
        replay(reporter, diagnostics)
        results.append(result)
    return results


def _start(task: Task) -> tuple[int, int]:
    """Fork a worker that runs ``task``; its process id and the pipe to read from."""
    read_end, write_end = os.pipe()
    # no interrupt between the fork and the worker's own handling: one arriving there would
    # go on running the caller's code in the worker (and release the caller's lock)
    held = hold_interrupts()
    try:
        pid = os.fork()
    except BaseException:
        release_interrupts(held)
        raise
    if pid:
        release_interrupts(held)
        os.close(write_end)
        return pid, read_end
    status = 1
    try:
        release_interrupts(held)
        os.close(read_end)
        recorder = Recorder()
        result = task(recorder, True, _nothing)
        data = marshal.dumps((result, recorder.carried()))
        with open(write_end, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)  # never back into the caller's code, nor its exit handlers


def _collect(pid: int, read_end: int) -> tuple[Any, list[tuple[Any, ...]]] | None:
    """A worker's result and diagnostics, or None when it failed."""
    with open(read_end, "rb") as pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    try:
        result, diagnostics = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return result, diagnostics
