"""The runner: one load per card, every pass, cache, budgets, baseline, changed-since."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from xdocs.config import Config, ConfigError
from xdocs.findings import Finding, Severity
from xdocs.lint import engine, runner
from xdocs.lint.baseline import filter_baseline, load_baseline, write_baseline
from xdocs.lint.budget import DEFAULT_BUDGETS
from xdocs.lint.runner import CheckOptions, run_check
from xdocs.rules import LintContext

CARD = """\
---
name: demo
---

# Demo model

Xalura tech built this model. It is an test.

<!-- xdocs-disable-next-line terminology -->
XaluraTech again, suppressed.
"""

FAST = ("terminology", "structure")


def _write(folder: Path, name: str, text: str = CARD) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_findings_for_a_card_and_its_suppression(tmp_path: Path, repo_config: Config) -> None:
    card = _write(tmp_path, "a.md")
    result = run_check([card], repo_config, CheckOptions(passes=FAST, jobs=1))
    rules = [(f.rule, f.line) for f in result.findings]
    assert ("terminology/XaluraTech", 7) in rules
    assert ("terminology/XaluraTech", 11) not in rules, "suppressed by the comment"
    assert any(r.startswith("structure/") for r, _ in rules)
    assert result.files == [str(card)]


def test_missing_path_is_one_unreadable_finding(tmp_path: Path, repo_config: Config) -> None:
    result = run_check([tmp_path / "nope.md"], repo_config, CheckOptions(passes=FAST))
    assert [(f.rule, f.severity) for f in result.findings] == [("input/unreadable", Severity.ERROR)]


def test_warm_run_does_no_engine_work(tmp_path: Path, repo_config: Config, monkeypatch) -> None:  # noqa: ANN001
    for i in range(4):
        _write(tmp_path, f"c{i}.md")
    cold = run_check([tmp_path], repo_config, CheckOptions(passes=FAST, jobs=2))
    assert cold.stats["files_linted"] == 4

    def boom(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("engine work on a warm run")

    monkeypatch.setattr(runner, "_lint_files", boom)
    warm = run_check([tmp_path], repo_config, CheckOptions(passes=FAST, jobs=2))
    assert warm.stats == {**warm.stats, "files_cached": 4, "files_linted": 0}
    assert warm.findings == cold.findings


def test_cache_invalidated_by_content_and_disabled_by_no_cache(
    tmp_path: Path, repo_config: Config
) -> None:
    card = _write(tmp_path, "a.md")
    run_check([card], repo_config, CheckOptions(passes=FAST, jobs=1))
    card.write_text(CARD.replace("Xalura tech", "Xalura Tech"), encoding="utf-8")
    again = run_check([card], repo_config, CheckOptions(passes=FAST, jobs=1))
    assert again.stats["files_linted"] == 1
    assert not any(f.line == 7 and f.rule.startswith("terminology") for f in again.findings)
    uncached = run_check([card], repo_config, CheckOptions(passes=FAST, jobs=1, no_cache=True))
    assert uncached.stats["files_linted"] == 1


def test_parallel_and_serial_agree(tmp_path: Path, repo_config: Config) -> None:
    for i in range(6):
        _write(tmp_path, f"c{i}.md", CARD + f"\nCard {i} uses a data set.\n")
    serial = run_check([tmp_path], repo_config, CheckOptions(passes=FAST, jobs=1, no_cache=True))
    parallel = run_check([tmp_path], repo_config, CheckOptions(passes=FAST, jobs=2, no_cache=True))
    assert serial.findings == parallel.findings
    assert sum(f.rule == "terminology/Dataset" for f in serial.findings) == 6


class _Slow:
    name = "slowpoke"
    rules = ()

    def run(self, card, ctx):  # noqa: ANN001, ANN201
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # a Python-level engine stuck in a loop
            pass
        return []


class _Broken:
    name = "broken"
    rules = ()

    def run(self, card, ctx):  # noqa: ANN001, ANN201
        raise RuntimeError("engine exploded")


def test_budget_and_crash_become_findings(tmp_path: Path, repo_config: Config) -> None:
    card = _write(tmp_path, "a.md")
    ctx = LintContext(repo_config, repo_config.root)
    started = time.monotonic()
    item = engine.LintItem(str(card), "a.md", "k", card.read_bytes())
    (result,) = engine.lint_cards(
        [item], [_Slow(), _Broken()], ctx, {**DEFAULT_BUDGETS, "default": 0.3}
    )
    findings = result.findings
    assert time.monotonic() - started < 3
    rules = {f.rule: f for f in findings}
    assert "slowpoke" in rules["engine/timeout"].message
    assert "engine exploded" in rules["engine/error"].message


def test_baseline_round_trip(tmp_path: Path) -> None:
    a = Finding("a.md", 3, 1, "x/y", Severity.ERROR, "same")
    b = Finding("a.md", 9, 1, "x/y", Severity.ERROR, "same")
    path = tmp_path / "baseline.json"
    write_baseline(path, [a])
    base = load_baseline(path)
    moved = Finding("a.md", 5, 1, "x/y", Severity.ERROR, "same")
    assert filter_baseline([moved], base) == []
    assert filter_baseline([moved, b], base) == [b]


@pytest.mark.parametrize("content", ["", "not json", '{"format": "other", "findings": []}'])
def test_bad_baseline_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match="baseline"):
        load_baseline(path)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_changed_since_lints_only_changed_files(tmp_path: Path, repo_config: Config) -> None:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.com")
    _git(tmp_path, "config", "user.name", "t")
    old = _write(tmp_path, "old.md")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "base")
    new = _write(tmp_path, "new.md")
    result = run_check([tmp_path], repo_config, CheckOptions(passes=FAST, changed_since="HEAD"))
    assert result.files == [str(new)]
    old.write_text(CARD + "\nedited\n")
    result = run_check([tmp_path], repo_config, CheckOptions(passes=FAST, changed_since="HEAD"))
    assert sorted(result.files) == sorted([str(new), str(old)])
    with pytest.raises(ConfigError, match="changed-since"):
        run_check([tmp_path], repo_config, CheckOptions(passes=FAST, changed_since="no-such-rev"))


def test_vale_alert_on_a_terminology_finding_is_reported_once(
    tmp_path: Path, repo_config: Config
) -> None:
    card = _write(tmp_path, "p.md", "---\nname: x\n---\n\n# P\n\nWe trained it with Pytorch.\n")
    result = run_check([card], repo_config, CheckOptions(passes=("terminology", "style"), jobs=1))
    at_word = [f.rule for f in result.findings if f.line == 7 and f.column == 20]
    assert at_word == ["terminology/PyTorch"]
    # product names have one source (terminology.yml): the generated Vale rule
    # Xalura.Products is for editors running Vale; xdocs reports the term once
    alone = run_check([card], repo_config, CheckOptions(passes=("style",), jobs=1))
    assert not [f for f in alone.findings if (f.line, f.column) == (7, 20)]


def test_balanced_batches_spread_big_files() -> None:
    sizes = [90_000, 80_000] + [500] * 30
    todo = [engine.LintItem(f"f{i}", f"f{i}", f"k{i}", b"x" * n) for i, n in enumerate(sizes)]
    batches = runner.balanced_batches(todo, 4)
    assert len(batches) == 4
    assert sum(len(b) for b in batches) == 32
    big = [i for i, b in enumerate(batches) if {"f0", "f1"} & {t.path for t in b}]
    assert len(big) == 2, "the two big files land in different batches"
    costs = [sum(runner.file_cost(t.size) for t in b) for b in batches]
    assert max(costs) - min(costs) <= runner.file_cost(90_000)
