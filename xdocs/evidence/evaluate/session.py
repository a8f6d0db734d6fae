"""Evaluate one card: run (or read) each evaluation entry, reproduce, audit.

Used by ``xdocs evaluate`` (runs the models, writes the predictions) and by
the evidence pass of ``xdocs check`` (runs them only with ``--evaluate``,
into a temporary folder; without it, audits the predictions already at hand:
submitted ones, and those an earlier ``xdocs evaluate`` wrote).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.card.model import Metric
from xdocs.evidence.bias import ColumnAudit, Thresholds, audit_column
from xdocs.evidence.evaluate.reproduce import MetricResult, compute
from xdocs.evidence.evaluate.runner import RunResult, run_worker
from xdocs.evidence.evaluate.spec import EvalSpec
from xdocs.evidence.predictions import Predictions, read_predictions

GiB = 1024**3


@dataclass(frozen=True)
class EvalSettings:
    """``evidence.evaluation`` of xdocs.yml."""

    timeout: float = 600.0
    max_data_bytes: int = GiB
    max_model_bytes: int = 2 * GiB
    batch_size: int = 8192
    max_memory_mb: int = 4096
    threads: int = 1


def evaluation_settings(section: Mapping[str, Any]) -> EvalSettings:
    """Parse ``evidence.evaluation``; a bad value raises ValueError naming the key."""
    raw = section.get("evaluation") or {}
    if not isinstance(raw, Mapping):
        raise ValueError("evidence.evaluation must be a mapping")
    d = EvalSettings()
    unknown = sorted(set(map(str, raw)) - set(EvalSettings.__dataclass_fields__))
    if unknown:
        raise ValueError(f"evidence.evaluation: unknown key(s) {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for key in EvalSettings.__dataclass_fields__:
        value = raw.get(key, getattr(d, key))
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or value <= 0 or (key != "timeout" and not float(value).is_integer()):
            raise ValueError(
                f"evidence.evaluation.{key} must be a positive "
                f"{'number' if key == 'timeout' else 'whole number'}"
            )
        values[key] = float(value) if key == "timeout" else int(value)
    return EvalSettings(**values)


@dataclass
class Outcome:
    """One entry's result. ``failure`` is (kind, message) when no predictions were had."""

    spec: EvalSpec
    source: str  # "produced" (xdocs ran the model), "stored" (an earlier run's file), "submitted"
    predictions: Path | None = None
    run: RunResult | None = None
    preds: Predictions | None = None
    task: str | None = None
    metrics: list[MetricResult] = field(default_factory=list)
    audits: list[ColumnAudit] = field(default_factory=list)
    failure: tuple[str, str] | None = None
    seconds: float = 0.0


def guess_task(preds: Predictions) -> str:
    """Classification unless both columns are numbers with many distinct values."""
    if preds.label is None or preds.prediction is None:
        return "classification"
    import numpy as np

    if np.isnan(preds.label).any() or np.isnan(preds.prediction).any():
        return "classification"
    return "regression" if len(np.unique(preds.label)) > 20 else "classification"


def run_entry(
    spec: EvalSpec,
    metrics: list[Metric],
    *,
    settings: EvalSettings,
    max_rows: int,
    tolerance: float,
    thresholds: Thresholds,
    run_model: bool,
    write_to: Path | None = None,
    stored: Path | None = None,
    timeout: float | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> Outcome:
    """Evaluate one entry (already checked: ``spec.ok``).

    ``run_model``: run the artifact (else only audit ``stored``, an earlier run's
    predictions, when given). ``write_to``: keep the produced predictions there.
    """
    started = time.perf_counter()
    if not spec.runs_model:
        assert spec.predictions_path is not None
        outcome = Outcome(spec, "submitted", spec.predictions_path)
        _analyse(
            outcome,
            read_predictions(spec.predictions_path, max_rows, spec.groups),
            metrics,
            tolerance,
            thresholds,
            reproduce=False,
        )
    elif not run_model:
        outcome = Outcome(spec, "stored", stored)
        if stored is not None:
            preds = read_predictions(stored, max_rows, spec.groups)
            _analyse(outcome, preds, metrics, tolerance, thresholds, reproduce=False)
    else:
        outcome = _run_model(
            spec, metrics, settings, max_rows, tolerance, thresholds, write_to, timeout, progress
        )
    outcome.seconds = time.perf_counter() - started
    return outcome


def _run_model(
    spec: EvalSpec,
    metrics: list[Metric],
    settings: EvalSettings,
    max_rows: int,
    tolerance: float,
    thresholds: Thresholds,
    write_to: Path | None,
    timeout: float | None,
    progress: Callable[[int, int | None], None] | None,
) -> Outcome:
    assert spec.artifact_path is not None and spec.data_path is not None
    outcome = Outcome(spec, "produced")
    for what, path, limit in (
        ("model", spec.artifact_path, settings.max_model_bytes),
        ("data", spec.data_path, settings.max_data_bytes),
    ):
        size = path.stat().st_size
        if size > limit:
            key = "max_model_bytes" if what == "model" else "max_data_bytes"
            outcome.failure = (
                "too-large",
                f"the {what} file is {size:,} bytes, over the "
                f"{limit:,}-byte limit (evidence.evaluation.{key})",
            )
            return outcome
    folder = write_to.parent if write_to is not None else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xdocs-preds-") as scratch:
        fd, tmp = tempfile.mkstemp(
            prefix=".xdocs-predictions.", suffix=".csv.tmp", dir=folder or scratch
        )
        os.close(fd)
        try:
            job = {
                "model": str(spec.artifact_path),
                "model_format": spec.model_format,
                "data": str(spec.data_path),
                "data_format": spec.data_format,
                "inputs": spec.inputs,
                "label": spec.label,
                "groups": list(spec.groups),
                "task": spec.task,
                "threshold": spec.threshold,
                "pos_label": spec.pos_label,
                "classes": spec.classes,
                "prediction_output": spec.prediction_output,
                "score_output": spec.score_output,
                "out": tmp,
                "batch_size": settings.batch_size,
                "max_rows": max_rows,
                "threads": settings.threads,
                "max_memory_mb": settings.max_memory_mb,
            }
            budget = settings.timeout if timeout is None else min(timeout, settings.timeout)
            _warm_imports()
            outcome.run = run_worker(job, budget, progress)
            if not outcome.run.ok:
                outcome.failure = (outcome.run.kind or "run", outcome.run.message)
                return outcome
            outcome.task = outcome.run.task
            preds = read_predictions(Path(tmp), max_rows, spec.groups)
            if write_to is not None:
                os.chmod(tmp, 0o644)
                os.replace(tmp, write_to)
                outcome.predictions = write_to
            _analyse(outcome, preds, metrics, tolerance, thresholds, reproduce=True)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    return outcome


def _warm_imports() -> None:
    """Import scikit-learn and Fairlearn (seconds of start-up) while the worker runs."""
    import threading

    def load() -> None:
        try:
            import fairlearn.metrics  # noqa: F401
            import sklearn.metrics  # noqa: F401
        except Exception:  # noqa: BLE001 - the real import reports it later
            pass

    threading.Thread(target=load, name="xdocs-warm-imports", daemon=True).start()


def _analyse(
    outcome: Outcome,
    preds: Predictions,
    metrics: list[Metric],
    tolerance: float,
    thresholds: Thresholds,
    *,
    reproduce: bool,
) -> None:
    fatal = [p for p in preds.problems if p.kind != "non-numeric"]
    if fatal:
        where = f" (line {fatal[0].line})" if fatal[0].line else ""
        outcome.failure = ("predictions", f"{fatal[0].message}{where}")
        return
    outcome.preds = preds
    spec = outcome.spec
    task = spec.task or outcome.task or guess_task(preds)
    outcome.task = task
    if reproduce:
        outcome.metrics = compute(spec, preds, metrics, tolerance)
    for column in spec.groups:
        try:
            outcome.audits.append(audit_column(preds, column, task, thresholds, spec.pos_label))
        except ValueError as exc:
            outcome.failure = ("predictions", f"bias audit of {column}: {exc}")
