"""Corroborate reported metrics: recompute them from the evidence the card names.

A metric's ``evidence:`` names a predictions file (CSV or JSONL with
``label``, ``prediction``, ``score``, ``slice``) or a ``results:`` JSON
evaluation report. xdocs recomputes the metric with scikit-learn, overall or
for the metric's ``slice``, and reports a finding, with both values, when the
reported value differs by more than the tolerance (``evidence: {tolerance}``
in xdocs.yml, default 0.005; a metric's own ``tolerance:`` wins).

Forms of ``evidence``::

    evidence: predictions.csv                          # predictions
    evidence: {predictions: preds.jsonl, rows: 2000}   # with the claimed row count
    evidence: {results: eval.json}                     # a results report
    results: eval.json                                 # same, as a metric key

``rows`` (or the metric's ``samples``) claims how many rows the metric was
computed on (the slice's rows for a sliced metric); a different count is a
finding.


One module although it is a little over 400 lines: recomputing, looking a metric up
in a results report and comparing are the three steps of one check, read in order.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from xdocs.card.metrics import as_fraction, parse_number
from xdocs.card.model import Metric
from xdocs.evidence.paths import resolve_local
from xdocs.evidence.predictions import DEFAULT_MAX_ROWS, Predictions, read_predictions
from xdocs.evidence.rules import R
from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX

DEFAULT_TOLERANCE = 0.005
MAX_RESULTS_BYTES = 50 * 1024 * 1024

#: spellings of the metrics xdocs can recompute → canonical name.
METRIC_ALIASES = {
    "accuracy": "accuracy",
    "acc": "accuracy",
    "precision": "precision",
    "recall": "recall",
    "f1": "f1",
    "f1_score": "f1",
    "f1-score": "f1",
    "f1 score": "f1",
    "f-1": "f1",
    "roc_auc": "roc_auc",
    "roc-auc": "roc_auc",
    "roc auc": "roc_auc",
    "auc": "roc_auc",
    "auroc": "roc_auc",
    "mae": "mae",
    "mean_absolute_error": "mae",
    "mean absolute error": "mae",
    "rmse": "rmse",
    "root_mean_squared_error": "rmse",
    "root mean squared error": "rmse",
}
#: metrics that live in [0, 1] (so a reported 91.2 means 91.2%).
BOUNDED = {"accuracy", "precision", "recall", "f1", "roc_auc"}


@dataclass
class Settings:
    tolerance: float = DEFAULT_TOLERANCE
    max_rows: int = DEFAULT_MAX_ROWS


def settings_from_config(section: Mapping[str, Any]) -> Settings:
    """``evidence: {tolerance, max_rows}`` from xdocs.yml (bad values → defaults)."""
    tol = parse_number(section.get("tolerance"))
    rows = section.get("max_rows")
    return Settings(
        tolerance=tol if tol is not None and tol >= 0 else DEFAULT_TOLERANCE,
        max_rows=rows if isinstance(rows, int) and rows > 0 else DEFAULT_MAX_ROWS,
    )


class Recompute(Exception):
    """The metric cannot be recomputed from this evidence (message says why)."""


def canonical_metric(name: str) -> str | None:
    return METRIC_ALIASES.get(name.strip().lower().replace("macro_", "").replace("weighted_", ""))


def recompute(
    metric: str, preds: Predictions, slice_name: str | None, extra: Mapping[str, Any]
) -> tuple[float, int]:
    """(value, rows used) of a canonical metric on the predictions (one slice or all)."""
    from sklearn import metrics as skm

    mask = preds.slice_mask(slice_name)
    if slice_name is not None and preds.slice_code is None:
        raise Recompute(f"the metric is for slice {slice_name!r} but the file has no slice column")
    rows = int(mask.sum()) if mask is not None else preds.rows
    if rows == 0:
        raise Recompute(f"no rows for slice {slice_name!r}")

    def pick(arr: np.ndarray | None, column: str) -> np.ndarray:
        if arr is None:
            raise Recompute(f"{metric} needs a {column} column")
        return arr[mask] if mask is not None else arr

    if metric in {"mae", "rmse"}:
        y, p = _numeric(preds, "label", pick), _numeric(preds, "prediction", pick)
        err = (
            skm.mean_absolute_error(y, p)
            if metric == "mae"
            else math.sqrt(skm.mean_squared_error(y, p))
        )
        return float(err), rows
    if metric == "roc_auc":
        y = pick(preds.label_code, "label")
        s = _numeric(preds, "score", pick)
        if len(np.unique(y)) > 2 and extra.get("pos_label") is None:
            raise Recompute("roc_auc over more than two classes needs pos_label (one-vs-rest)")
        pos = _pos_code(preds, extra)
        truth = y == pos
        if truth.all() or not truth.any():
            raise Recompute("roc_auc needs both classes among the rows")
        return float(skm.roc_auc_score(truth, s)), rows
    y = pick(preds.label_code, "label")
    p = pick(preds.prediction_code, "prediction")
    if metric == "accuracy":
        return float(skm.accuracy_score(y, p)), rows
    args = extra.get("args") if isinstance(extra.get("args"), Mapping) else {}
    average = str(extra.get("average") or args.get("average") or "").strip().lower() or None
    kwargs: dict[str, Any] = {"zero_division": 0}
    if average in (None, "binary"):
        if average is None and len(np.unique(y)) > 2:
            raise Recompute(
                f"{metric} over more than two classes needs average: macro, micro or weighted"
            )
        pos = _pos_code(preds, extra)
        y, p = (y == pos).astype(np.int8), (p == pos).astype(np.int8)
        kwargs.update(average="binary", pos_label=1)
    elif average in {"macro", "micro", "weighted"}:
        kwargs["average"] = average
    else:
        raise Recompute(f"unknown average {average!r}: use binary, macro, micro or weighted")
    fn = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}[metric]
    return float(fn(y, p, **kwargs)), rows


def _numeric(
    preds: Predictions, column: str, pick: Callable[[np.ndarray | None, str], np.ndarray]
) -> np.ndarray:
    arr = pick(getattr(preds, column), column)
    if column in preds.non_numeric and np.isnan(arr).any():
        line, text = preds.non_numeric[column]
        raise Recompute(f"column {column} has a non-numeric value {text!r} (line {line})")
    return arr


def _pos_code(preds: Predictions, extra: Mapping[str, Any]) -> int:
    wanted = extra.get("pos_label")
    candidates = [str(wanted)] if wanted is not None else ["1", "true", "yes", "positive", "pos"]
    for cand in candidates:
        for text, code in preds.vocab.items():
            if text.lower() == cand.lower():
                return code
    raise Recompute("cannot tell the positive class: add pos_label to the metric")


# -- results reports ------------------------------------------------------------------
def lookup_result(report: Any, metric: Metric) -> float | None:
    """A metric's value in a results JSON (by name and slice), or None when absent."""
    names = {metric.name.lower()}
    canon = canonical_metric(metric.name)
    names |= {k for k, v in METRIC_ALIASES.items() if canon and v == canon}
    want = metric.slice

    def find(mapping: Any) -> float | None:
        if isinstance(mapping, Mapping):
            for key, value in mapping.items():
                if str(key).lower() in names and not isinstance(value, (dict, list)):
                    return as_fraction(value)
        return None

    entries = report.get("results") if isinstance(report, Mapping) else report
    if isinstance(entries, list):
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            name = str(entry.get("name") or entry.get("metric") or entry.get("type") or "").lower()
            if name in names and (entry.get("slice") or None) == want:
                return as_fraction(entry.get("value"))
        return None
    if not isinstance(report, Mapping):
        return None
    if want is None:
        return (
            find(report.get("metrics"))
            if isinstance(report.get("metrics"), Mapping)
            else find(report)
        )
    slices = report.get("slices")
    if isinstance(slices, Mapping) and isinstance(slices.get(want), Mapping):
        return find(slices[want])
    return None


def load_results(path: Path) -> Any:
    """Parse a results JSON report (bounded size). Raises Recompute with a reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Recompute(f"cannot read {path.name}: {exc.strerror or exc}") from None
    if size > MAX_RESULTS_BYTES:
        raise Recompute(f"{path.name} is {size:,} bytes, over the {MAX_RESULTS_BYTES:,}-byte limit")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Recompute(f"{path.name} is not valid JSON: {exc}") from None


# -- comparison -----------------------------------------------------------------------
def reported_fraction(metric: Metric, canon: str | None, recomputed: float) -> float | None:
    """The reported value on the recomputed value's scale (85.3 or "85.3%" → 0.853)."""
    value = as_fraction(metric.value)
    if value is None:
        return None
    if canon in BOUNDED and 1.0 < value <= 100.0 and recomputed <= 1.0:
        return value / 100.0
    return value


def compare(
    metric: Metric,
    canon: str | None,
    recomputed: float,
    tolerance: float,
    path: str,
    line: int,
    where: str,
) -> Finding | None:
    """A finding when the reported and recomputed values differ beyond the tolerance."""
    reported = reported_fraction(metric, canon, recomputed)
    label = metric.name + (f" [{metric.slice}]" if metric.slice else "")
    if reported is None:
        return R["evidence/metric-mismatch"].finding(
            path,
            line,
            1,
            f"metric {label}: reported value {metric.value!r} is not a number; "
            f"{where} gives {recomputed:.4f}",
        )
    if abs(reported - recomputed) > tolerance + 1e-12:
        return R["evidence/metric-mismatch"].finding(
            path,
            line,
            1,
            f"metric {label}: the card reports {reported:.4f}, {where} gives "
            f"{recomputed:.4f} (difference {abs(reported - recomputed):.4f} > "
            f"tolerance {tolerance})",
            fix=f"value: {round(recomputed, 4)}",
        )
    return None


# -- the check ------------------------------------------------------------------------
def _evidence_spec(metric: Metric) -> tuple[str | None, str | None, Any]:
    """(predictions path, results path, claimed rows) named by a metric."""
    ev = metric.extra.get("evidence")
    results = metric.extra.get("results") if isinstance(metric.extra.get("results"), str) else None
    claimed = metric.extra.get("samples", metric.extra.get("rows"))
    preds = None
    if isinstance(ev, str):
        if ev.strip().lower().endswith(".json"):
            results = results or ev.strip()
        else:
            preds = ev.strip()
    elif isinstance(ev, Mapping):
        p = ev.get("predictions") or ev.get("path")
        preds = p.strip() if isinstance(p, str) else None
        r = ev.get("results")
        results = r.strip() if isinstance(r, str) else results
        claimed = ev.get("rows", claimed)
    return preds, results, claimed


def check_metric_evidence(
    metrics: list[Metric],
    base_dir: Path,
    path: str,
    settings: Settings,
    line_of: Callable[[Metric], int],
    roots: tuple[Path, ...] = (),
) -> list[Finding]:
    """Recompute every metric that names evidence; findings for mismatches and bad files.
    Evidence paths must stay inside ``base_dir`` or one of ``roots``."""
    out: list[Finding] = []
    cache: dict[Path, Predictions] = {}
    reported_files: set[Path] = set()
    for metric in metrics:
        preds_ref, results_ref, claimed = _evidence_spec(metric)
        if preds_ref is None and results_ref is None:
            continue
        line = line_of(metric)
        canon = canonical_metric(metric.name)
        tol = parse_number(metric.extra.get("tolerance"))
        tolerance = tol if tol is not None and tol >= 0 else settings.tolerance
        label = metric.name + (f" [{metric.slice}]" if metric.slice else "")

        def finding(rule: str, sev: Severity, msg: str, fix: str | None = None) -> None:
            out.append(R[rule].finding(path, line, 1, msg, severity=sev, fix=fix or NO_FIX))  # noqa: B023

        if results_ref is not None:
            file, refused = resolve_local(base_dir, results_ref, roots)
            try:
                if refused:
                    raise Recompute(f"{results_ref} {refused}")
                report = load_results(file)
            except Recompute as exc:
                finding("evidence/results-invalid", Severity.ERROR, f"metric {label}: {exc}")
                continue
            value = lookup_result(report, metric)
            if value is None:
                finding(
                    "evidence/results-invalid",
                    Severity.ERROR,
                    f"metric {label}: {results_ref} has no value for this metric"
                    + (f" and slice {metric.slice!r}" if metric.slice else ""),
                )
                continue
            hit = compare(metric, canon, value, tolerance, path, line, results_ref)
            if hit:
                out.append(hit)
            continue
        assert preds_ref is not None
        if canon is None:
            finding(
                "evidence/metric-unsupported",
                Severity.SUGGESTION,
                f"metric {label}: xdocs cannot recompute {metric.name!r} (it recomputes "
                "accuracy, precision, recall, f1, roc_auc, mae, rmse); a reviewer must",
            )
            continue
        file, refused = resolve_local(base_dir, preds_ref, roots)
        if refused:
            finding(
                "evidence/predictions-invalid",
                Severity.ERROR,
                f"metric {label}: evidence {preds_ref} {refused}",
            )
            continue
        if not file.is_file():
            finding(
                "evidence/predictions-invalid",
                Severity.ERROR,
                f"metric {label}: evidence {preds_ref} not found (looked at {file})",
            )
            continue
        if file not in cache:
            cache[file] = read_predictions(file, settings.max_rows)
        preds = cache[file]
        fatal = [p for p in preds.problems if p.kind != "non-numeric"]
        if fatal:
            if file not in reported_files:
                reported_files.add(file)
                for p in fatal:
                    at = f" (line {p.line})" if p.line else ""
                    rule = (
                        "evidence/predictions-too-large"
                        if p.kind == "too-large"
                        else ("evidence/predictions-invalid")
                    )
                    sev = Severity.WARNING if p.kind == "too-large" else Severity.ERROR
                    finding(rule, sev, f"evidence {preds_ref}{at}: {p.message}")
            continue
        try:
            value, rows = recompute(canon, preds, metric.slice, metric.extra)
        except Recompute as exc:
            finding(
                "evidence/predictions-invalid",
                Severity.ERROR,
                f"metric {label}: cannot recompute from {preds_ref}: {exc}",
            )
            continue
        except Exception as exc:  # sklearn refuses odd inputs with ValueError and friends
            finding(
                "evidence/predictions-invalid",
                Severity.ERROR,
                f"metric {label}: scikit-learn refused {preds_ref}: {str(exc)[:200]}",
            )
            continue
        if claimed is not None:
            want = parse_number(claimed)
            if want is None or int(want) != rows:
                finding(
                    "evidence/row-count",
                    Severity.ERROR,
                    f"metric {label}: the card claims {claimed} rows, {preds_ref} holds "
                    f"{rows:,}" + (f" for slice {metric.slice!r}" if metric.slice else ""),
                    fix=f"rows: {rows}",
                )
        hit = compare(metric, canon, value, tolerance, path, line, f"{preds_ref} ({rows:,} rows)")
        if hit:
            out.append(hit)
    return out
