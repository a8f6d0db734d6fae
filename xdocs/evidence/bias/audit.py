"""The per-group audit itself: thresholds, Fairlearn's MetricFrame, the gaps.

See :mod:`xdocs.evidence.bias` for what is audited and why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from xdocs.evidence.predictions import Predictions

CLASSIFIER_METRICS = ("accuracy", "selection_rate", "true_positive_rate", "false_positive_rate")
REGRESSOR_METRICS = ("mae", "mean_prediction")
LABELS = {
    "accuracy": "accuracy",
    "selection_rate": "selection rate",
    "true_positive_rate": "true positive rate",
    "false_positive_rate": "false positive rate",
    "mae": "mean absolute error",
    "mean_prediction": "mean prediction",
}


@dataclass(frozen=True)
class Thresholds:
    max_difference: float = 0.1
    min_ratio: float = 0.8
    min_group_size: int = 30

    def to_json(self) -> dict[str, Any]:
        return {
            "max_difference": self.max_difference,
            "min_ratio": self.min_ratio,
            "min_group_size": self.min_group_size,
        }


def thresholds_from_config(section: Mapping[str, Any]) -> Thresholds:
    """``evidence.bias`` of xdocs.yml; a bad value raises ValueError naming the key."""
    raw = section.get("bias") or {}
    if not isinstance(raw, Mapping):
        raise ValueError(
            "evidence.bias must be a mapping (max_difference, min_ratio, min_group_size)"
        )
    unknown = sorted(set(map(str, raw)) - {"max_difference", "min_ratio", "min_group_size"})
    if unknown:
        raise ValueError(f"evidence.bias: unknown key(s) {', '.join(unknown)}")
    d = Thresholds()
    out = {}
    for key, low, high in (("max_difference", 0, 1), ("min_ratio", 0, 1)):
        value = raw.get(key, getattr(d, key))
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not low <= value <= high
        ):
            raise ValueError(f"evidence.bias.{key} must be a number from {low} to {high}")
        out[key] = float(value)
    size = raw.get("min_group_size", d.min_group_size)
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError("evidence.bias.min_group_size must be a whole number of rows, at least 1")
    return Thresholds(out["max_difference"], out["min_ratio"], size)


@dataclass
class Gap:
    """The spread of one metric across the groups of a column."""

    metric: str
    low: str
    low_value: float
    high: str
    high_value: float
    difference: float
    ratio: float | None
    flagged: bool = False
    why: str = ""

    def to_json(self) -> dict[str, Any]:
        out = {
            "metric": self.metric,
            "low": self.low,
            "high": self.high,
            "difference": _r(self.difference),
        }
        if self.ratio is not None:
            out["ratio"] = _r(self.ratio)
        return out


@dataclass
class ColumnAudit:
    """One group column: per-group values, gaps, and the groups too small to judge."""

    column: str
    task: str
    groups: list[dict[str, Any]] = field(default_factory=list)
    too_small: list[tuple[str, int]] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    summary: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[Gap]:
        return [g for g in self.gaps if g.flagged]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"column": self.column, "groups": self.groups}
        out.update({k: _r(v) for k, v in self.summary.items()})
        if self.too_small:
            out["too_small"] = [{"name": n, "rows": r} for n, r in self.too_small]
        out["flagged"] = [g.to_json() for g in self.flagged]
        return out


def _r(value: float) -> float:
    return round(float(value), 4)


def _names(vocab: dict[str, int]) -> list[str]:
    names = [""] * (max(vocab.values(), default=-1) + 1)
    for text, code in vocab.items():
        names[code] = text
    return names


def positive_code(preds: Predictions, pos_label: Any) -> int | None:
    """The label code of the positive class, or None when it cannot be told."""
    codes = set(np.unique(preds.label_code).tolist()) if preds.label_code is not None else set()
    if pos_label is None and len(codes | _pred_codes(preds)) > 2:
        return None
    candidates = (
        [str(pos_label)] if pos_label is not None else ["1", "true", "yes", "positive", "pos"]
    )
    for cand in candidates:
        for text, code in preds.vocab.items():
            if text.lower() == cand.strip().lower():
                return code
    return None


def _pred_codes(preds: Predictions) -> set[int]:
    if preds.prediction_code is None:
        return set()
    return set(np.unique(preds.prediction_code).tolist())


def audit_column(
    preds: Predictions, column: str, task: str, thresholds: Thresholds, pos_label: Any = None
) -> ColumnAudit:
    """Audit one group column of ``preds`` (read with ``groups=[column]``)."""
    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )

    result = ColumnAudit(column, task)
    found = preds.group(column)
    if found is None:
        result.notes.append(f"the predictions have no column {column}")
        return result
    codes, vocab = found
    names = np.array(_names(vocab), dtype=object)
    counts = np.bincount(codes, minlength=len(names))
    keep = np.zeros(len(names), dtype=bool)
    for code, count in enumerate(counts):
        if count == 0:
            continue
        if count < thresholds.min_group_size:
            result.too_small.append((str(names[code]), int(count)))
        else:
            keep[code] = True
    result.too_small.sort(key=lambda item: (item[1], item[0]))
    rows = keep[codes]
    groups = codes[rows]  # int codes; names are put back on the few aggregated rows
    if keep.sum() < 2:
        result.notes.append(
            f"fewer than two groups have {thresholds.min_group_size} rows: nothing to compare"
        )
    if not len(groups):
        return result
    if task == "regression":
        y = _finite(preds.label, "label")[rows]
        p = _finite(preds.prediction, "prediction")[rows]
        metrics: dict[str, Any] = {"mae": None, "mean_prediction": None}
        by_group = _regression_by_group(groups, y, p, names)
    else:
        assert preds.label_code is not None and preds.prediction_code is not None
        y_code, p_code = preds.label_code[rows], preds.prediction_code[rows]
        pos = positive_code(preds, pos_label)
        metrics = {"accuracy": _accuracy}
        if pos is not None:
            metrics.update(
                selection_rate=selection_rate,
                true_positive_rate=true_positive_rate,
                false_positive_rate=false_positive_rate,
            )
        else:
            result.notes.append(
                "more than two classes and no pos_label: only accuracy is "
                "audited (set pos_label for selection and error rates)"
            )
        by_group = _classifier_by_group(
            MetricFrame, column, groups, names, y_code, p_code, pos, metrics
        )
    sizes = {str(names[c]): int(n) for c, n in enumerate(counts) if keep[c]}
    for name in by_group.index:
        entry: dict[str, Any] = {"name": str(name), "rows": int(sizes[name])}
        for metric in metrics:
            value = float(by_group.loc[name, metric])
            if math.isfinite(value):
                entry[metric] = _r(value)
        result.groups.append(entry)
    if keep.sum() >= 2:
        _gaps(result, by_group, list(metrics), thresholds)
    return result


def _classifier_by_group(
    MetricFrame: Any,
    column: str,
    groups: np.ndarray,
    names: np.ndarray,
    y_code: np.ndarray,
    p_code: np.ndarray,
    pos: int | None,
    metrics: dict[str, Any],
) -> Any:
    """Fairlearn's MetricFrame over the distinct (group, truth, prediction, correct)
    combinations, each weighted by its row count: the same values as row by row
    (every audited metric is a weighted rate), at the cost of a few dozen rows instead
    of a million (MetricFrame handles its inputs row by row in Python)."""
    import pandas as pd

    correct = y_code == p_code
    if pos is None:
        truth, pred = correct.astype(np.int8), np.ones(len(correct), np.int8)
    else:
        truth, pred = (y_code == pos).astype(np.int8), (p_code == pos).astype(np.int8)
    frame = pd.DataFrame({"g": groups, "t": truth, "p": pred, "c": correct})
    table = frame.groupby(["g", "t", "p", "c"], sort=True).size().reset_index(name="n")
    table["g"] = names[table["g"].to_numpy()]
    weights = table["n"].to_numpy(dtype=np.float64)
    rates = {k: f for k, f in metrics.items() if k != "accuracy"}
    parts = [
        MetricFrame(
            metrics={"accuracy": _accuracy},
            y_true=table["c"].to_numpy(dtype=np.int8),
            y_pred=np.ones(len(table), np.int8),
            sensitive_features={column: table["g"].to_numpy()},
            sample_params={"accuracy": {"sample_weight": weights}},
        ).by_group
    ]
    if rates:
        parts.append(
            MetricFrame(
                metrics=rates,
                y_true=table["t"].to_numpy(dtype=np.int8),
                y_pred=table["p"].to_numpy(dtype=np.int8),
                sensitive_features={column: table["g"].to_numpy()},
                sample_params={k: {"sample_weight": weights} for k in rates},
            ).by_group
        )
    return pd.concat(parts, axis=1)


def _regression_by_group(
    groups: np.ndarray, y: np.ndarray, p: np.ndarray, names: np.ndarray
) -> Any:
    """Mean absolute error and mean prediction per group (pandas; no rates to weight)."""
    import pandas as pd

    frame = pd.DataFrame({"g": groups, "e": np.abs(y - p), "p": p})
    means = frame.groupby("g", sort=True)[["e", "p"]].mean()
    means.index = pd.Index([str(names[c]) for c in means.index], name="g")
    return means.rename(columns={"e": "mae", "p": "mean_prediction"})


def _accuracy(
    y_true: np.ndarray, y_pred: np.ndarray, sample_weight: np.ndarray | None = None
) -> float:
    if not len(y_true):
        return float("nan")
    return float(np.average(y_true == y_pred, weights=sample_weight))


def _finite(arr: np.ndarray | None, column: str) -> np.ndarray:
    if arr is None or np.isnan(arr).any():
        raise ValueError(f"a regression audit needs numbers in the {column} column")
    return arr


def _gaps(result: ColumnAudit, by_group: Any, metrics: list[str], t: Thresholds) -> None:
    for metric in metrics:
        series = by_group[metric].astype(float)
        series = series[np.isfinite(series.to_numpy())]
        if len(series) < 2:
            continue
        hi, lo = series.idxmax(), series.idxmin()
        high, low = float(series[hi]), float(series[lo])
        ratio = low / high if high > 0 else None
        gap = Gap(metric, str(lo), low, str(hi), high, high - low, ratio)
        result.gaps.append(gap)
    by = {g.metric: g for g in result.gaps}
    if "selection_rate" in by:
        result.summary["demographic_parity_difference"] = by["selection_rate"].difference
    rates = [by[m] for m in ("true_positive_rate", "false_positive_rate") if m in by]
    if rates:
        result.summary["equalized_odds_difference"] = max(g.difference for g in rates)
    limit, ratio = t.max_difference, t.min_ratio
    for gap in result.gaps:
        if gap.metric == "accuracy" and gap.difference > limit:
            gap.flagged, gap.why = True, f"over the {limit:g} limit (evidence.bias.max_difference)"
        elif gap.metric == "selection_rate":
            parts = []
            if gap.difference > limit:
                parts.append(f"demographic parity difference over the {limit:g} limit")
            if gap.ratio is not None and gap.ratio < ratio:
                parts.append(f"ratio {gap.ratio:.2f} under the {ratio:g} four-fifths limit")
            gap.flagged, gap.why = bool(parts), "; ".join(parts)
        elif gap.metric == "mae" and gap.ratio is not None and gap.ratio < ratio:
            gap.flagged = True
            gap.why = f"best-to-worst error ratio {gap.ratio:.2f} under the {ratio:g} limit"
    if rates:
        worst = max(rates, key=lambda g: g.difference)
        if worst.difference > limit:
            worst.flagged = True
            worst.why = f"equalized odds difference over the {limit:g} limit"
