"""The measured precision of the prose rules (issue 12), recomputed from the labels.

tests/lint/labels/ holds findings of real cards judged by hand (docs/lint.md,
"Precision"). xdocs/lint/precision.py's ``MEASURED`` table, which turns rules off by
default and which `xdocs rules` shows, must be exactly what the labels say; and on
real cards the labels' ``reported`` field must be what xdocs reports today.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.labelled import (
    index,
    is_reported,
    load_labels,
    measured_table,
    run_labelled,
    spot_reported,
)
from xdocs.config import Config
from xdocs.findings import Finding, Severity
from xdocs.lint.precision import MEASURED, THRESHOLD, default_off
from xdocs.lint.registry import RuleSettings, all_rules, find_rule, parse_rule_value


def test_measured_table_is_what_the_labels_say() -> None:
    table = measured_table(load_labels(), THRESHOLD)
    assert {rule: tuple(m) for rule, m in MEASURED.items()} == table


def test_a_rule_below_the_threshold_is_off_with_its_figure(repo_config: Config) -> None:
    rules = all_rules(repo_config)
    assert default_off(), "the labels turn some rules off"
    for rule_id, m in MEASURED.items():
        rule = find_rule(rule_id, rules)
        assert rule is not None and rule.id == rule_id, rule_id
        assert rule.precision == m.precision and rule.enabled == m.enabled
        if m.judged >= 3 or m.enabled is False:
            assert m.enabled == (m.precision >= THRESHOLD), rule_id


def test_an_off_rule_runs_when_named_on() -> None:
    rule_id = sorted(default_off())[0]
    finding = Finding("c.md", 3, 1, rule_id, Severity.WARNING, "m")
    assert RuleSettings().apply([finding]) == []
    settings = RuleSettings()
    parse_rule_value(settings, rule_id, "on")
    assert settings.apply([finding]) == [finding]
    glob = RuleSettings()
    parse_rule_value(glob, rule_id.rsplit("/", 1)[0] + "/*", "warning")
    assert glob.apply([finding]) == []  # a glob re-levels rules that run; it turns none on


def test_sample_size_and_verdicts_are_recorded() -> None:
    labels = load_labels()
    assert len(labels) >= 600
    assert {lab.family for lab in labels} >= {"grammar/harper", "proselint", "vale"}
    assert all(isinstance(lab.verdict, bool) and lab.note for lab in labels)


@pytest.mark.corpus
def test_labels_match_a_real_run(shared_dir: Path, repo_config: Config) -> None:
    """On a fixed subset of the labelled cards, with every labelled rule on, a label is
    reported exactly when its ``reported`` field says so; with the default rules every
    true finding still reported with its rule on, of a rule on by default, is reported at
    its spot (folding never loses one)."""
    labels = load_labels()
    cards = sorted({lab.card for lab in labels})[::8]
    subset = [lab for lab in labels if lab.card in cards]
    all_on = index(run_labelled(repo_config, True, cards=cards))
    drift = [(lab.card, lab.line, lab.rule) for lab in subset
             if is_reported(lab, all_on) != lab.reported]  # fmt: skip
    assert drift == [], "labels out of date: python scripts/precision/evaluate.py --run --update"
    default = index(run_labelled(repo_config, False, cards=cards))
    off = default_off()
    lost = [(lab.card, lab.line, lab.rule) for lab in subset
            if lab.verdict and lab.reported and lab.rule not in off
            and not spot_reported(lab, default)]  # fmt: skip
    assert lost == []
