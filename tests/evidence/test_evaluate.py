"""xdocs evaluate: run a real model on real data, reproduce the reported metrics.

Every expected value is computed independently in the test (scikit-learn's
own predictions, numpy), never copied from xdocs' output.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from xdocs.card import load_card
from xdocs.cli import cli
from xdocs.evidence.checks import EvidencePass
from xdocs.rules import LintContext

from .eval_builders import (
    eval_card,
    logistic_graph,
    sklearn_onnx,
    sklearn_regressor_onnx,
    tabular,
    write_csv,
)

ENTRY = """
- artifact: model.onnx
  data: holdout.csv
  inputs: {X: [f0, f1, f2]}
  label: y
  group: [region]
  metrics: [accuracy]
"""


def evaluate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["evaluate", *args])
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, float, dict[str, float]]:
    """A skl2onnx logistic regression and its holdout; (folder, accuracy, per region)."""
    X, y, region = tabular(600)
    model = sklearn_onnx(tmp_path / "model.onnx", X, y)
    write_csv(tmp_path / "holdout.csv", X, y, region=region)
    pred = model.predict(X)
    per = {r: float(np.mean(pred[region == r] == y[region == r])) for r in ("north", "south")}
    return tmp_path, float(np.mean(pred == y)), per


def metric(value: float, slice_: str | None = None) -> str:
    out = f"- name: accuracy\n  value: {value:.4f}"
    return out + (f"\n  slice: {slice_}" if slice_ else "")


def test_correct_accuracy_is_reproduced(folder) -> None:  # type: ignore[no-untyped-def]
    path, accuracy, per = folder
    metrics = "\n".join([metric(accuracy), metric(per["south"], "south")])
    card = eval_card(path, "model.onnx", metrics, ENTRY)
    code, out = evaluate(str(card))
    assert code == 0, out
    assert "evidence/not-reproduced" not in out
    assert out.count("evidence/reproduced") == 2
    assert (path / "model.predictions.csv").is_file()  # written beside the artifact


def test_wrong_accuracy_is_not_reproduced_naming_both_values(folder) -> None:  # type: ignore[no-untyped-def]
    path, accuracy, _ = folder
    claimed = round(accuracy + 0.05, 4)
    card = eval_card(path, "model.onnx", metric(claimed), ENTRY)
    code, out = evaluate(str(card))
    assert code == 1
    line = next(ln for ln in out.splitlines() if "evidence/not-reproduced" in ln)
    assert f"{claimed:.4f}" in line and f"{accuracy:.4f}" in line and "tolerance 0.005" in line


def test_pass_reproduces_only_with_evaluate(folder, ctx: LintContext) -> None:  # type: ignore[no-untyped-def]
    path, accuracy, _ = folder
    card = load_card(eval_card(path, "model.onnx", metric(accuracy + 0.05), ENTRY))
    assert not [f for f in EvidencePass().run(card, ctx) if f.rule.startswith("evidence/")]
    ctx.options.evaluate = True
    rules = [f.rule for f in EvidencePass().run(card, ctx)]
    assert "evidence/not-reproduced" in rules
    assert not list(path.glob("*.predictions.csv"))  # a check writes nothing


def test_slice_is_matched_by_column_value_or_bare_value(folder) -> None:  # type: ignore[no-untyped-def]
    path, _, per = folder
    metrics = "\n".join([metric(per["north"], "region=north"), metric(per["south"] - 0.1, "south")])
    card = eval_card(path, "model.onnx", metrics, ENTRY)
    code, out = evaluate(str(card), "--format", "json")
    data = json.loads(out)
    reported = [m for m in data["entries"][0]["metrics"] if "reproduced" in m]
    assert [(m["slice"], m["reproduced"]) for m in reported] == [
        ("region=north", True),
        ("south", False),
    ]
    assert reported[1]["group"] == "region=south"
    assert code == 1


def test_unknown_slice_is_not_reproduced_with_reason(folder) -> None:  # type: ignore[no-untyped-def]
    path, accuracy, _ = folder
    card = eval_card(path, "model.onnx", metric(accuracy, "domestic"), ENTRY)
    code, out = evaluate(str(card))
    assert code == 1 and "no group column (of: region) holds the slice 'domestic'" in out


def test_percent_values_and_metric_tolerance(folder) -> None:  # type: ignore[no-untyped-def]
    path, accuracy, _ = folder
    metrics = f"- name: accuracy\n  value: {accuracy * 100 + 1:.2f}\n  tolerance: 0.02"
    code, out = evaluate(str(eval_card(path, "model.onnx", metrics, ENTRY)))
    assert code == 0 and "evidence/reproduced" in out, out


def test_predictions_file_holds_labels_predictions_scores_and_groups(folder) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    path, accuracy, _ = folder
    out_file = path / "elsewhere" / "preds.csv"
    card = eval_card(path, "model.onnx", metric(accuracy), ENTRY)
    code, _ = evaluate(str(card), "-o", str(out_file))
    assert code == 0
    written = pd.read_csv(out_file)
    assert list(written.columns) == ["label", "prediction", "score", "region"]
    holdout = pd.read_csv(path / "holdout.csv")
    assert (written["label"] == holdout["y"]).all()
    assert written["score"].between(0, 1).all()
    assert np.mean(written["label"] == written["prediction"]) == pytest.approx(accuracy)


def test_helper_graph_with_single_score_and_threshold(tmp_path: Path) -> None:
    X, y, region = tabular(400, seed=3)
    logistic_graph(tmp_path / "model.onnx", [1.0, 0.5, 0.0])
    write_csv(tmp_path / "holdout.csv", X, y, region=region)
    score = 1 / (1 + np.exp(-(X[:, 0] + 0.5 * X[:, 1])))
    expected = float(np.mean((score >= 0.7).astype(int) == y))
    entry = ENTRY.replace("X: [", "x: [") + "  task: classification\n  threshold: 0.7\n"
    card = eval_card(tmp_path, "model.onnx", metric(expected), entry)
    code, out = evaluate(str(card))
    assert code == 0 and "evidence/reproduced" in out, out


def test_regression_mae_is_reproduced(tmp_path: Path) -> None:
    X, _, region = tabular(300, seed=5)
    target = X[:, 0] * 3.0 + np.random.default_rng(1).normal(size=300)
    model = sklearn_regressor_onnx(tmp_path / "model.onnx", X, target)
    write_csv(tmp_path / "holdout.csv", X, target, region=region)
    mae = float(np.mean(np.abs(model.predict(X) - target)))
    metrics = f"- name: mae\n  value: {mae:.4f}"
    entry = ENTRY.replace("[accuracy]", "[mae]")
    code, out = evaluate(str(eval_card(tmp_path, "model.onnx", metrics, entry)), "--format", "json")
    data = json.loads(out)
    assert code == 0, out
    assert data["entries"][0]["task"] == "regression"
    assert {"mae", "mean_prediction"} <= set(data["entries"][0]["bias"][0]["groups"][0])


def test_skops_pipeline_with_trusted_types_runs(tmp_path: Path) -> None:
    import skops.io as sio
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y, region = tabular(300, seed=7)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    sio.dump(model, tmp_path / "model.skops")
    write_csv(tmp_path / "holdout.csv", X, y, region=region)
    accuracy = float(np.mean(model.predict(X) == y))
    entry = ENTRY.replace("model.onnx", "model.skops")
    card = eval_card(tmp_path, "model.skops", metric(accuracy), entry, fmt="skops")
    code, out = evaluate(str(card))
    assert code == 0 and "evidence/reproduced" in out, out


def test_parquet_and_jsonl_data(folder) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    path, accuracy, _ = folder
    frame = pd.read_csv(path / "holdout.csv")
    frame.to_parquet(path / "holdout.parquet")
    frame.to_json(path / "holdout.jsonl", orient="records", lines=True)
    for name in ("holdout.parquet", "holdout.jsonl"):
        card = eval_card(path, "model.onnx", metric(accuracy), ENTRY.replace("holdout.csv", name))
        code, out = evaluate(str(card))
        assert code == 0 and "evidence/reproduced" in out, (name, out)


def test_progress_is_reported_in_batches(folder) -> None:  # type: ignore[no-untyped-def]
    from xdocs.evidence.evaluate.runner import run_worker

    path, _, _ = folder
    seen: list[tuple[int, int | None]] = []
    job = {
        "model": str(path / "model.onnx"),
        "model_format": "onnx",
        "data": str(path / "holdout.csv"),
        "data_format": "csv",
        "inputs": {"X": ["f0", "f1", "f2"]},
        "label": "y",
        "groups": ["region"],
        "out": str(path / "out.csv"),
        "batch_size": 100,
        "max_rows": 10_000,
        "threads": 1,
        "max_memory_mb": 4096,
    }
    result = run_worker(job, 60, lambda done, total: seen.append((done, total)))
    assert result.ok and result.rows == 600
    assert seen[0] == (0, 600) and seen[-1] == (600, 600)


def test_progress_bar_only_on_a_terminal(folder) -> None:  # type: ignore[no-untyped-def]
    import os
    import pty
    import subprocess
    import sys

    path, accuracy, _ = folder
    card = eval_card(path, "model.onnx", metric(accuracy), ENTRY)
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("CI", None)
    proc = subprocess.run(
        [sys.executable, "-m", "xdocs", "evaluate", str(card)],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
        timeout=120,
        check=False,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.returncode == 0
    assert b"evaluating model.onnx" in b"".join(chunks)
    assert b"evaluating" not in proc.stdout  # not in the report a pipe reads
