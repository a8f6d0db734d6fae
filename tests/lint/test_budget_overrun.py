"""No pass exceeds its budget by more than a second, whatever the input (issue 12).

Each pass runs on a 2 MB single-paragraph card (with and without punctuation) under
a 1 s CPU budget; the CPU time each pass really spends is measured around the call
the engine makes. Native engines get bounded chunks and check the budget between
them; Python-level ones are interrupted by the CPU timer.
"""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

from xdocs.config import Config
from xdocs.lint import engine
from xdocs.lint.budget import DEFAULT_BUDGETS
from xdocs.lint.registry import all_passes
from xdocs.lint.runner import CheckOptions
from xdocs.rules import LintContext

WORDS = [
    "model",
    "data",
    "training",
    "evaluation",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "for",
    "with",
    "on",
    "that",
    "results",
]


class _Timed:
    """A pass with the CPU time of each of its calls recorded."""

    def __init__(self, inner: Any, spent: dict[str, float]) -> None:
        self._inner, self._spent = inner, spent
        self.name, self.rules = inner.name, inner.rules

    def run(self, card: Any, ctx: Any) -> Any:
        start = time.process_time()
        try:
            return self._inner.run(card, ctx)
        finally:
            self._spent[self.name] = time.process_time() - start


def _card(punctuated: bool) -> bytes:
    rng = random.Random(7)
    words = []
    size = 0
    while size < 2_000_000:
        w = rng.choice(WORDS)
        if punctuated and rng.random() < 0.06:
            w += "."
        words.append(w)
        size += len(w) + 1
    text = "---\nname: big\n---\n\n# Big model\n\n## Limitations\n\n" + " ".join(words) + "\n"
    return text.encode()


@pytest.mark.parametrize("punctuated", [True, False], ids=["sentences", "no-punctuation"])
def test_no_pass_overruns_its_budget_by_more_than_a_second(
    repo_config: Config, punctuated: bool
) -> None:
    spent: dict[str, float] = {}
    passes = [_Timed(p, spent) for p in all_passes(repo_config)]
    budgets = {key: 1.0 for key in DEFAULT_BUDGETS}
    ctx = LintContext(repo_config, repo_config.root, CheckOptions().lint_options(budgets))
    item = engine.LintItem("big.md", "big.md", "k", _card(punctuated))
    (result,) = engine.lint_cards([item], passes, ctx, budgets)
    findings = result.findings
    assert spent, "no pass ran"
    over = {name: round(cpu, 2) for name, cpu in spent.items() if cpu > 1.0 + 1.0}
    assert over == {}, f"passes over budget + 1 s of CPU: {over}"
    assert any(f.rule == "engine/timeout" for f in findings), "the budget never bit"
