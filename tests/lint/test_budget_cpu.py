"""Budgets count CPU time, so a loaded machine does not change what a check reports.

A wall-clock budget made findings depend on load: under CI contention a card
that needs 6 s of CPU took 18 s of wall time, overran its 15 s budget and lost
its findings, so one run and a sharded run disagreed. A pass that waits (no CPU)
is still stopped by a wall-clock ceiling, several times the budget.
"""

from __future__ import annotations

import time

import pytest

from xdocs.lint import budget as budget_module
from xdocs.lint.budget import Budget, BudgetExceeded, budget, wall_ceiling


def test_waiting_does_not_spend_a_cpu_budget() -> None:
    with budget(0.2) as b:
        time.sleep(0.4)  # a loaded machine: wall time passes, this process's CPU does not
        assert not b.expired()


def test_spinning_spends_it_and_is_interrupted() -> None:
    started = time.process_time()
    with pytest.raises(BudgetExceeded), budget(0.2):
        while True:
            pass
    assert time.process_time() - started >= 0.15  # the CPU timer ticks in jiffies


def test_the_ceiling_is_several_times_the_budget() -> None:
    assert wall_ceiling(15) >= 4 * 15


def test_a_pass_that_only_waits_is_stopped_at_the_wall_ceiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(budget_module, "wall_ceiling", lambda seconds: 0.5)
    started = time.monotonic()
    with pytest.raises(BudgetExceeded), budget(0.05):
        time.sleep(10)
    assert time.monotonic() - started < 3


def test_polling_budget_counts_cpu() -> None:
    b = Budget(0.05)
    time.sleep(0.1)
    assert not b.expired()
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:
        pass
    assert b.expired()
    with pytest.raises(BudgetExceeded):
        b.check()
