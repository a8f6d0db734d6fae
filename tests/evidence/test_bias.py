"""Bias audit: per-group metrics through Fairlearn, thresholds, too-small groups."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.card import load_card
from xdocs.evidence.bias import Thresholds, audit_column, thresholds_from_config
from xdocs.evidence.checks import EvidencePass
from xdocs.evidence.predictions import read_predictions
from xdocs.rules import LintContext

from .builders import write_card


def rows(group: str, n: int, correct: int, positive_rate: float = 0.5) -> list[str]:
    """n rows of ``group``: the first ``correct`` right, the rest wrong; labels alternate
    so that a share ``positive_rate`` is positive."""
    out = []
    positives = round(n * positive_rate)
    for i in range(n):
        label = 1 if i < positives else 0
        pred = label if i % n < correct else 1 - label
        out.append(f"{label},{pred},{group}")
    return out


def write_preds(path: Path, lines: list[str]) -> Path:
    path.write_text("label,prediction,region\n" + "\n".join(lines) + "\n")
    return path


def card_with(tmp_path: Path, preds: str, risk: str = "medium") -> Path:
    return write_card(
        tmp_path,
        f"""
name: tiny
version: "1"
risk_rating: {risk}
risk_rationale: test
evaluation:
  - predictions: {preds}
    group: [region]
""",
    )


def bias_findings(tmp_path: Path, ctx: LintContext, lines: list[str]) -> list:  # type: ignore[type-arg]
    write_preds(tmp_path / "preds.csv", lines)
    card = load_card(card_with(tmp_path, "preds.csv"))
    return [f for f in EvidencePass().run(card, ctx) if f.rule.startswith("bias/")]


def test_accuracy_gap_names_both_groups_and_the_gap(tmp_path: Path, ctx: LintContext) -> None:
    # north: 95 of 100 right; south: 60 of 100 right → accuracy gap 0.35
    found = bias_findings(tmp_path, ctx, rows("north", 100, 95) + rows("south", 100, 60))
    acc = [f for f in found if "accuracy differs" in f.message]
    assert len(acc) == 1 and acc[0].rule == "bias/disparity"
    message = acc[0].message
    assert "south (0.600, 100 rows)" in message and "north (0.950, 100 rows)" in message
    assert "by 0.350" in message and "0.1 limit" in message


def test_balanced_predictions_have_no_finding(tmp_path: Path, ctx: LintContext) -> None:
    assert bias_findings(tmp_path, ctx, rows("north", 100, 90) + rows("south", 120, 108)) == []


def test_tiny_group_is_reported_too_small_not_hidden(tmp_path: Path, ctx: LintContext) -> None:
    lines = rows("north", 100, 90) + rows("south", 100, 90) + rows("islands", 4, 0)
    found = bias_findings(tmp_path, ctx, lines)
    assert [f.rule for f in found] == ["bias/group-too-small"]
    assert "islands (4 rows)" in found[0].message
    # and the group's 0% accuracy did not count as a gap


def test_selection_rate_four_fifths_rule(tmp_path: Path, ctx: LintContext) -> None:
    # perfectly accurate, but north is 50% positive and south 35%: ratio 0.7 < 0.8,
    # difference 0.15 > 0.1
    lines = rows("north", 100, 100, 0.5) + rows("south", 100, 100, 0.35)
    found = bias_findings(tmp_path, ctx, lines)
    assert len(found) == 1 and "selection rate" in found[0].message
    assert "ratio 0.70 under the 0.8 four-fifths limit" in found[0].message
    assert "demographic parity difference over the 0.1 limit" in found[0].message


def test_values_match_fairlearn(tmp_path: Path) -> None:
    from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference

    rng = np.random.default_rng(4)
    n = 500
    y, p = rng.integers(0, 2, n), rng.integers(0, 2, n)
    g = rng.choice(["a", "b", "c"], n)
    write_preds(tmp_path / "p.csv", [f"{a},{b},{c}" for a, b, c in zip(y, p, g, strict=True)])
    preds = read_predictions(tmp_path / "p.csv", groups=["region"])
    audit = audit_column(preds, "region", "classification", Thresholds())
    assert audit.summary["demographic_parity_difference"] == pytest.approx(
        demographic_parity_difference(y, p, sensitive_features=g)
    )
    assert audit.summary["equalized_odds_difference"] == pytest.approx(
        equalized_odds_difference(y, p, sensitive_features=g)
    )
    for group in audit.groups:
        mask = g == group["name"]
        assert group["rows"] == mask.sum()
        assert group["accuracy"] == pytest.approx(np.mean(y[mask] == p[mask]), abs=1e-4)


def test_multiclass_without_pos_label_audits_accuracy_only(tmp_path: Path) -> None:
    lines = [f"{c},{c},north" for c in "abc" * 20] + [f"{c},a,south" for c in "abc" * 20]
    write_preds(tmp_path / "p.csv", lines)
    preds = read_predictions(tmp_path / "p.csv", groups=["region"])
    audit = audit_column(preds, "region", "classification", Thresholds())
    assert {k for g in audit.groups for k in g} == {"name", "rows", "accuracy"}
    assert "pos_label" in audit.notes[0]
    assert [g.metric for g in audit.flagged] == ["accuracy"]
    with_pos = audit_column(preds, "region", "classification", Thresholds(), pos_label="a")
    assert "selection_rate" in with_pos.groups[0]


def test_missing_audit_for_medium_and_high_risk(tmp_path: Path, ctx: LintContext) -> None:
    for risk, expected in (("high", 1), ("medium", 1), ("low", 0)):
        card = write_card(tmp_path, f"name: t\nversion: '1'\nrisk_rating: {risk}\n")
        found = [f for f in EvidencePass().run(load_card(card), ctx) if f.rule.startswith("bias/")]
        assert [f.rule for f in found] == ["bias/missing-audit"] * expected, risk


def test_thresholds_are_configurable_and_validated() -> None:
    t = thresholds_from_config({"bias": {"max_difference": 0.2, "min_group_size": 5}})
    assert t == Thresholds(0.2, 0.8, 5)
    for bad in ({"max_difference": 2}, {"min_ratio": "x"}, {"min_group_size": 0}, {"x": 1}):
        with pytest.raises(ValueError):
            thresholds_from_config({"bias": bad})


def test_bad_threshold_config_is_one_finding(tmp_path: Path, ctx: LintContext) -> None:
    ctx.config.data = {**ctx.config.data, "evidence": {"bias": {"max_difference": 5}}}
    write_preds(tmp_path / "preds.csv", rows("north", 40, 40) + rows("south", 40, 40))
    found = EvidencePass().run(load_card(card_with(tmp_path, "preds.csv")), ctx)
    assert any("evidence.bias.max_difference" in f.message for f in found)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("01"), st.sampled_from("01"), st.text(max_size=3)),
        min_size=1,
        max_size=80,
    )
)
def test_audit_never_raises_and_counts_every_row(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["label", "prediction", "region"])
    writer.writerows(data)
    path = tmp_path_factory.mktemp("h") / "p.csv"
    path.write_text(buf.getvalue())
    preds = read_predictions(path, groups=["region"])
    if not preds.ok:
        return
    audit = audit_column(preds, "region", "classification", Thresholds(min_group_size=3))
    judged = sum(g["rows"] for g in audit.groups)
    assert judged + sum(n for _g, n in audit.too_small) == preds.rows


def test_evaluate_records_an_audit_of_submitted_predictions(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from xdocs.cli import cli

    write_preds(tmp_path / "preds.csv", rows("north", 100, 95) + rows("south", 100, 60))
    card = card_with(tmp_path, "preds.csv")
    result = CliRunner().invoke(cli, ["evaluate", str(card), "--write"])
    assert result.exit_code == 0, result.output  # a disparity is a warning
    assert "bias/disparity" in result.output
    audit = load_card(card).raw["bias_audit"][0]
    assert audit["source"] == "submitted" and audit["predictions"] == "preds.csv"
    # south's 40 errors are all negatives predicted positive: accuracy, selection rate
    # and the false positive rate (equalized odds) all differ
    flagged = [f["metric"] for f in audit["columns"][0]["flagged"]]
    assert flagged == ["accuracy", "selection_rate", "false_positive_rate"]
    assert "reproduction" not in load_card(card).raw  # nothing was run: nothing reproduced
