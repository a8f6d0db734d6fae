"""Metric corroboration: recomputation with scikit-learn, tolerance, slices, bad input."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from sklearn import metrics as skm

from xdocs.card.model import Metric
from xdocs.evidence.corroborate import (
    Settings,
    check_metric_evidence,
    lookup_result,
    recompute,
    settings_from_config,
)
from xdocs.evidence.predictions import read_predictions, read_predictions_lines

RNG = np.random.default_rng(7)
N = 400
LABEL = RNG.integers(0, 2, N)
PRED = np.where(RNG.random(N) < 0.8, LABEL, 1 - LABEL)
SCORE = np.clip(LABEL * 0.6 + RNG.random(N) * 0.5, 0, 1).round(4)
SLICE = np.where(RNG.random(N) < 0.5, "en", "de")


@pytest.fixture
def preds_csv(tmp_path: Path) -> Path:
    path = tmp_path / "preds.csv"
    rows = ["label,prediction,score,slice"]
    rows += [f"{a},{b},{c},{d}" for a, b, c, d in zip(LABEL, PRED, SCORE, SLICE, strict=True)]
    path.write_text("\n".join(rows) + "\n")
    return path


def check(metrics: list[Metric], base: Path, **settings: object) -> list:
    return check_metric_evidence(metrics, base, "card.md", Settings(**settings), lambda m: 9)  # type: ignore[arg-type]


def test_recompute_matches_sklearn(preds_csv: Path) -> None:
    p = read_predictions(preds_csv)
    assert p.rows == N
    assert recompute("accuracy", p, None, {})[0] == pytest.approx(skm.accuracy_score(LABEL, PRED))
    assert recompute("precision", p, None, {})[0] == pytest.approx(skm.precision_score(LABEL, PRED))
    assert recompute("recall", p, None, {})[0] == pytest.approx(skm.recall_score(LABEL, PRED))
    assert recompute("f1", p, None, {"average": "macro"})[0] == pytest.approx(
        skm.f1_score(LABEL, PRED, average="macro")
    )
    assert recompute("f1", p, None, {"args": {"average": "macro"}})[0] == pytest.approx(
        skm.f1_score(LABEL, PRED, average="macro")
    )
    assert recompute("roc_auc", p, None, {})[0] == pytest.approx(skm.roc_auc_score(LABEL, SCORE))
    mask = SLICE == "en"
    value, rows = recompute("accuracy", p, "en", {})
    assert rows == int(mask.sum())
    assert value == pytest.approx(skm.accuracy_score(LABEL[mask], PRED[mask]))
    assert recompute("mae", p, None, {})[0] == pytest.approx(skm.mean_absolute_error(LABEL, PRED))
    assert recompute("rmse", p, None, {})[0] == pytest.approx(
        np.sqrt(skm.mean_squared_error(LABEL, PRED))
    )


def test_matching_metrics_pass_and_mismatch_shows_both(preds_csv: Path) -> None:
    acc = skm.accuracy_score(LABEL, PRED)
    en = SLICE == "en"
    good = [
        Metric("accuracy", round(acc, 3), extra={"evidence": "preds.csv"}),
        Metric("Accuracy", f"{acc * 100:.2f}%", extra={"evidence": {"predictions": "preds.csv"}}),
        Metric("acc", acc * 100, extra={"evidence": "preds.csv"}),  # 83.5 means 83.5 %
        Metric(
            "f1",
            skm.f1_score(LABEL[en], PRED[en]),
            slice="en",
            extra={"evidence": "preds.csv", "rows": int(en.sum())},
        ),
        Metric("roc_auc", skm.roc_auc_score(LABEL, SCORE), extra={"evidence": "preds.csv"}),
        Metric("bleu", 0.3),  # no evidence: not checked
    ]
    assert check(good, preds_csv.parent) == []
    (f,) = check(
        [Metric("accuracy", acc + 0.02, extra={"evidence": "preds.csv"})], preds_csv.parent
    )
    assert f.rule == "evidence/metric-mismatch" and f.line == 9
    assert f"{acc + 0.02:.4f}" in f.message and f"{acc:.4f}" in f.message
    assert f.fix == f"value: {round(acc, 4)}"


def test_tolerance_is_configurable(preds_csv: Path) -> None:
    acc = skm.accuracy_score(LABEL, PRED)
    metric = Metric("accuracy", acc + 0.004, extra={"evidence": "preds.csv"})
    assert check([metric], preds_csv.parent) == []  # default 0.005
    assert len(check([metric], preds_csv.parent, tolerance=0.001)) == 1
    assert settings_from_config({"tolerance": 0.01, "max_rows": 10}) == Settings(0.01, 10)
    assert settings_from_config({"tolerance": "bad", "max_rows": -1}) == Settings()
    own = Metric("accuracy", acc + 0.004, extra={"evidence": "preds.csv", "tolerance": 0.0})
    assert len(check([own], preds_csv.parent)) == 1


def test_row_count_mismatch(preds_csv: Path) -> None:
    acc = skm.accuracy_score(LABEL, PRED)
    found = check(
        [Metric("accuracy", acc, extra={"evidence": {"path": "preds.csv", "rows": N + 2}})],
        preds_csv.parent,
    )
    assert [f.rule for f in found] == ["evidence/row-count"]
    assert f"claims {N + 2} rows" in found[0].message and f"holds {N:,}" in found[0].message


def test_missing_columns(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("label,score\n1,0.5\n0,0.1\n")
    found = check([Metric("accuracy", 0.5, extra={"evidence": "p.csv"})], tmp_path)
    assert [f.rule for f in found] == ["evidence/predictions-invalid"]
    assert "needs a prediction column" in found[0].message
    (tmp_path / "q.csv").write_text("truth,guess\n1,1\n")
    (g,) = check([Metric("accuracy", 0.5, extra={"evidence": "q.csv"})], tmp_path)
    # a header that names no predictions column may be any file's first line: not echoed
    assert "missing column(s) label, prediction; found: none of" in g.message
    assert "2 other columns, not shown" in g.message and "truth" not in g.message
    (tmp_path / "r.csv").write_text("label,guess\n1,1\n")
    (h,) = check([Metric("accuracy", 0.5, extra={"evidence": "r.csv"})], tmp_path)
    assert "missing column(s) prediction; found: label (and 1 other column, not shown)" in h.message


def test_non_numeric_values(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("label,prediction,score\n1,1,0.9\n0,0,high\n1,0,0.2\n")
    (f,) = check([Metric("roc_auc", 0.5, extra={"evidence": "p.csv"})], tmp_path)
    assert f.rule == "evidence/predictions-invalid"
    assert "non-numeric value 'high' (line 3)" in f.message
    (tmp_path / "r.csv").write_text("label,prediction\n1.5,2\nabc,1\n")
    (g,) = check([Metric("mae", 0.5, extra={"evidence": "r.csv"})], tmp_path)
    assert "column label has a non-numeric value 'abc'" in g.message


def test_string_labels_and_multiclass(tmp_path: Path) -> None:
    (tmp_path / "p.jsonl").write_text(
        "\n".join(
            json.dumps({"label": a, "prediction": b})
            for a, b in [("cat", "cat"), ("dog", "cat"), ("bird", "bird"), ("dog", "dog")]
        )
    )
    value = skm.f1_score(
        ["cat", "dog", "bird", "dog"], ["cat", "cat", "bird", "dog"], average="macro"
    )
    ok = Metric("f1", value, extra={"evidence": "p.jsonl", "average": "macro"})
    assert check([ok], tmp_path) == []
    (f,) = check([Metric("f1", 0.5, extra={"evidence": "p.jsonl"})], tmp_path)
    assert "needs average" in f.message


def test_ten_million_rows_bounded(tmp_path: Path) -> None:
    def lines():  # 10 million rows, generated lazily: never materialized
        yield "label,prediction\n"
        for i in range(10_000_000):
            yield f"{i % 2},1\n"

    tracemalloc.start()
    p = read_predictions_lines(lines(), max_rows=50_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert p.rows == 50_000 and p.truncated
    assert "more than 50,000 rows" in p.problems[0].message
    assert peak < 60_000_000
    big = tmp_path / "big.csv"
    big.write_bytes(b"label,prediction\n" + b"1,1\n" * 10_000_000)
    (f,) = check(
        [Metric("accuracy", 1.0, extra={"evidence": "big.csv"})], tmp_path, max_rows=100_000
    )
    assert f.rule == "evidence/predictions-too-large" and f.severity.name == "WARNING"


def test_bad_files(tmp_path: Path) -> None:
    (tmp_path / "ragged.csv").write_text("label,prediction\n1,1\n1,0,3\n")
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "broken.jsonl").write_text('{"label": 1, "prediction": 1}\n{nope\n')
    for name, words in (
        ("ragged.csv", "Expected 2 fields in line 3"),
        ("empty.csv", "empty file"),
        ("broken.jsonl", "(line 2): not JSON"),
        ("absent.csv", "not found"),
    ):
        (f,) = check([Metric("accuracy", 1.0, extra={"evidence": name})], tmp_path)
        assert f.rule == "evidence/predictions-invalid" and words in f.message, f.message
    (g,) = check([Metric("bleu", 1.0, extra={"evidence": "ragged.csv"})], tmp_path)
    assert g.rule == "evidence/metric-unsupported"


def test_results_report_lookup(tmp_path: Path) -> None:
    report = {"metrics": {"accuracy": 0.91, "f1": "88%"}, "slices": {"en": {"accuracy": 0.93}}}
    (tmp_path / "eval.json").write_text(json.dumps(report))
    good = [
        Metric("accuracy", 0.912, extra={"evidence": "eval.json"}),
        Metric("f1", 0.88, extra={"evidence": {"results": "eval.json"}}),
        Metric("acc", 93, slice="en", extra={"results": "eval.json"}),
    ]
    assert check(good, tmp_path) == []
    found = check(
        [
            Metric("accuracy", 0.95, extra={"evidence": "eval.json"}),
            Metric("recall", 0.9, extra={"evidence": "eval.json"}),
        ],
        tmp_path,
    )
    assert [f.rule for f in found] == ["evidence/metric-mismatch", "evidence/results-invalid"]
    assert (
        lookup_result([{"name": "f1", "slice": "de", "value": 0.5}], Metric("f1", 0, slice="de"))
        == 0.5
    )
    assert lookup_result({"f1": 0.7}, Metric("F1-score", 0)) == 0.7
    (tmp_path / "bad.json").write_text("{")
    (h,) = check([Metric("accuracy", 0.9, extra={"evidence": "bad.json"})], tmp_path)
    assert h.rule == "evidence/results-invalid" and "not valid JSON" in h.message


def test_evidence_outside_the_card_folder_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "cards"
    inner.mkdir()
    (tmp_path / "p.csv").write_text("label,prediction\n1,1\n")
    (f,) = check([Metric("accuracy", 1.0, extra={"evidence": "../p.csv"})], inner)
    assert f.rule == "evidence/predictions-invalid" and "outside" in f.message
    (g,) = check([Metric("accuracy", 1.0, extra={"results": "/etc/hostname.json"})], inner)
    assert g.rule == "evidence/results-invalid" and "outside" in g.message
    assert (
        check_metric_evidence(
            [Metric("accuracy", 1.0, extra={"evidence": "../p.csv"})],
            inner,
            "card.md",
            Settings(),
            lambda m: 1,
            roots=(tmp_path,),
        )
        == []
    )


def test_roc_auc_multiclass_needs_pos_label(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("label,prediction,score\n0,0,0.1\n1,1,0.8\n2,2,0.4\n1,0,0.7\n")
    (f,) = check([Metric("roc_auc", 0.5, extra={"evidence": "p.csv"})], tmp_path)
    assert "needs pos_label" in f.message
    truth = [0, 1, 0, 1]
    value = skm.roc_auc_score(truth, [0.1, 0.8, 0.4, 0.7])
    ok = Metric("auc", value, extra={"evidence": "p.csv", "pos_label": 1})
    assert check([ok], tmp_path) == []
