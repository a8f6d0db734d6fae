"""Time budgets: one pathological file cannot stall the run.

Budgets count **CPU seconds** of the linting process, not wall-clock seconds.
With wall time, what a check reported depended on how loaded the machine was: a
card needing 6 s of CPU took 18 s of wall time on a busy CI runner, overran a
15 s budget and lost its findings, so two runs of the same files (or one run and
a sharded run) disagreed. CPU time is what a pathological input actually costs.
A pass that only waits (a subprocess, a socket) spends no CPU, so a wall-clock
ceiling of several times the budget (:func:`wall_ceiling`) still stops it.

Every engine call in the runner goes through :func:`budget`. On POSIX, in the
main thread of a worker process, it arms ``SIGPROF`` (``ITIMER_PROF``, process
CPU time) and ``SIGALRM`` (``ITIMER_REAL``, the ceiling), so Python-level
engines (proselint, the Markdown rules, the Vale engine, regexes in Python
loops) are interrupted with :class:`BudgetExceeded` when they run past
their budget. Native engines (Harper) cannot be interrupted mid-call, so the
grammar pass feeds them bounded chunks and checks :meth:`Budget.expired`
between chunks. Either way the runner turns the overrun into an
``engine/timeout`` finding for that file and engine, and moves on.

Budgets (seconds per file) come from ``lint.budgets`` in xdocs.yml, e.g.
``lint: {budgets: {grammar: 20, default: 10}}``.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_BUDGETS = {"default": 15.0, "grammar": 30.0, "markdown": 20.0}


class BudgetExceeded(Exception):
    """Raised inside an engine call that ran out of time."""


def wall_ceiling(seconds: float) -> float:
    """Wall-clock seconds after which a pass is stopped even if it used no CPU."""
    return seconds * 4 + 30


class Budget:
    """A CPU-time deadline (with a wall-clock ceiling) an engine can poll between chunks."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.process_time() + seconds
        self.wall_deadline = time.monotonic() + wall_ceiling(seconds)

    def expired(self) -> bool:
        return time.process_time() > self.deadline or time.monotonic() > self.wall_deadline

    def check(self) -> None:
        if self.expired():
            raise BudgetExceeded(f"over its {self.seconds:g} s budget")


#: CPU deadlines (``time.process_time``) of the budgets active in this thread, innermost last
_ACTIVE: list[float] = []


def cpu_left() -> float | None:
    """CPU seconds left in the innermost active budget (None outside any budget).

    Native calls that Python signals cannot interrupt (the ``regex`` module's
    matching) take their own timeout from it, so a pass overruns its budget by
    at most one bounded call."""
    if not _ACTIVE:
        return None
    return max(0.0, _ACTIVE[-1] - time.process_time())


def _alarm(signum: int, frame: object) -> None:  # pragma: no cover - timing dependent
    raise BudgetExceeded("time budget exceeded")


@contextmanager
def budget(seconds: float) -> Iterator[Budget]:
    """Run a block under a CPU-time deadline and a wall-clock ceiling (signals where
    possible, else polling only)."""
    b = Budget(seconds)
    _ACTIVE.append(b.deadline)
    try:
        with _armed(b, seconds):
            yield b
    finally:
        _ACTIVE.pop()


@contextmanager
def _armed(b: Budget, seconds: float) -> Iterator[Budget]:
    use_alarm = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not use_alarm:
        yield b
        return
    previous_prof = signal.signal(signal.SIGPROF, _alarm)
    previous_alarm = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, wall_ceiling(seconds))
    try:
        yield b
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous_prof)
        signal.signal(signal.SIGALRM, previous_alarm)


def budgets_from_config(lint_section: dict) -> dict[str, float]:
    """Merge ``lint.budgets`` over the defaults (invalid values raise ValueError)."""
    out = dict(DEFAULT_BUDGETS)
    raw = lint_section.get("budgets") or {}
    if not isinstance(raw, dict):
        raise ValueError("lint.budgets must map engine names to seconds")
    for key, value in raw.items():
        try:
            out[str(key)] = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"lint.budgets.{key}: {value!r} is not a number of seconds") from None
    return out
