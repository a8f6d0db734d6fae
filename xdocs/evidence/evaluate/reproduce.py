"""Compare the metrics a card reports with what its model scored when xdocs ran it.

Each metric the evaluation entry declares is recomputed with scikit-learn
(:func:`xdocs.evidence.corroborate.recompute`) on the predictions xdocs
produced, overall and for every value of every group column. Each *reported*
metric of that name (on the entry's ``dataset``, when it names one) is then
matched: no ``slice`` → the overall value; ``slice: region=south`` (or
``region: south``) → that group; a bare ``slice: south`` → the one group column
holding that value. Within the tolerance it is ``evidence/reproduced``
(information), beyond it ``evidence/not-reproduced`` (an error) with both
values.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from xdocs.card.metrics import parse_number
from xdocs.card.model import Metric
from xdocs.evidence.corroborate import (
    Recompute,
    canonical_metric,
    recompute,
    reported_fraction,
)
from xdocs.evidence.evaluate.spec import EvalSpec
from xdocs.evidence.predictions import Predictions
from xdocs.evidence.rules import R
from xdocs.findings import Finding
from xdocs.rules import NO_FIX

_SLICE = re.compile(r"^\s*([^=:]+?)\s*[=:]\s*(.+?)\s*$")


@dataclass
class MetricResult:
    """One metric value xdocs computed; ``reproduced`` is None when nothing was reported."""

    name: str
    canon: str
    slice: str | None
    value: float | None
    rows: int = 0
    reported: float | None = None
    tolerance: float | None = None
    reproduced: bool | None = None
    problem: str | None = None
    line: int | None = None
    #: the ``column=value`` group a reported slice resolved to.
    group: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.slice is not None:
            out["slice"] = self.slice
        if self.group is not None and self.group != self.slice:
            out["group"] = self.group
        if self.value is not None:
            out["value"] = round(self.value, 4)
        out["rows"] = self.rows
        if self.reproduced is not None:
            out["reported"] = self.reported
            out["tolerance"] = self.tolerance
            out["reproduced"] = self.reproduced
        return out


def _view(preds: Predictions, column: str) -> Predictions | None:
    found = preds.group(column)
    if found is None:
        return None
    codes, vocab = found
    return dataclasses.replace(preds, slice_code=codes, slice_vocab=vocab)


def _value(
    canon: str, preds: Predictions, slice_name: str | None, extra: dict[str, Any]
) -> tuple[float | None, int, str | None]:
    try:
        value, rows = recompute(canon, preds, slice_name, extra)
    except Recompute as exc:
        return None, 0, str(exc)
    except Exception as exc:  # noqa: BLE001 - scikit-learn refuses odd inputs
        return None, 0, f"scikit-learn refused it: {str(exc)[:200]}"
    return value, rows, None


def reported_for(spec: EvalSpec, metrics: list[Metric]) -> list[Metric]:
    """The card's metrics this entry must reproduce."""
    wanted = {canonical_metric(m) for m in spec.metrics} - {None}
    return [
        m
        for m in metrics
        if canonical_metric(m.name) in wanted
        and (spec.dataset is None or (m.dataset or "").strip() == spec.dataset)
    ]


def compute(
    spec: EvalSpec,
    preds: Predictions,
    metrics: list[Metric],
    default_tolerance: float,
) -> list[MetricResult]:
    """Every declared metric overall and per group, and each reported one matched."""
    out: list[MetricResult] = []
    reported = reported_for(spec, metrics)
    views = {g: _view(preds, g) for g in spec.groups}
    for name in spec.metrics:
        canon = canonical_metric(name)
        if canon is None:
            continue
        extra = _extra(
            spec,
            next((m for m in reported if canonical_metric(m.name) == canon and not m.slice), None),
        )
        value, rows, problem = _value(canon, preds, None, extra)
        out.append(MetricResult(name, canon, None, value, rows, problem=problem))
        for column, view in views.items():
            if view is None or view.slice_code is None:
                continue
            for group in sorted(view.slice_vocab):
                value, rows, problem = _value(canon, view, group, extra)
                out.append(
                    MetricResult(name, canon, f"{column}={group}", value, rows, problem=problem)
                )
    matched = [_match(metric, spec, preds, views, default_tolerance) for metric in reported]
    covered = {(r.canon, r.group or r.slice) for r in matched}
    return matched + [r for r in out if (r.canon, r.slice) not in covered]


def _extra(spec: EvalSpec, metric: Metric | None) -> dict[str, Any]:
    extra = dict(metric.extra) if metric is not None else {}
    if spec.pos_label is not None and extra.get("pos_label") is None:
        extra["pos_label"] = spec.pos_label
    return extra


def _match(
    metric: Metric,
    spec: EvalSpec,
    preds: Predictions,
    views: dict[str, Predictions | None],
    default_tolerance: float,
) -> MetricResult:
    canon = canonical_metric(metric.name) or metric.name
    tol = parse_number(metric.extra.get("tolerance"))
    tolerance = tol if tol is not None and tol >= 0 else default_tolerance
    result = MetricResult(
        metric.name, canon, metric.slice, None, tolerance=tolerance, line=metric.line
    )
    extra = _extra(spec, metric)
    target: Predictions = preds
    group: str | None = None
    if metric.slice:
        located = _locate(metric.slice, views)
        if isinstance(located, str):
            result.problem, result.reproduced = located, False
            return result
        target, group = located
        result.group = f"{_column_of(target, views)}={group}"
    value, rows, problem = _value(canon, target, group, extra)
    result.value, result.rows = value, rows
    if value is None:
        result.problem, result.reproduced = problem, False
        return result
    result.reported = reported_fraction(metric, canon, value)
    if result.reported is None:
        result.problem, result.reproduced = (
            f"the reported value {metric.value!r} is not a number",
            False,
        )
        return result
    result.reproduced = abs(result.reported - value) <= tolerance + 1e-12
    return result


def _column_of(view: Predictions, views: dict[str, Predictions | None]) -> str:
    return next(col for col, v in views.items() if v is view)


def _locate(text: str, views: dict[str, Predictions | None]) -> tuple[Predictions, str] | str:
    """(view, group) a metric's slice names, or why it names none."""
    m = _SLICE.match(text)
    if m and m.group(1) in views:
        view = views[m.group(1)]
        if view is not None and view.slice_vocab.get(m.group(2)) is not None:
            return view, m.group(2)
        return f"group column {m.group(1)} has no value {m.group(2)!r}"
    hits = [(col, v) for col, v in views.items() if v is not None and text in v.slice_vocab]
    if not hits:
        hits = [
            (col, v)
            for col, v in views.items()
            if v is not None and any(k.lower() == text.lower() for k in v.slice_vocab)
        ]
        if len(hits) == 1:
            col, view = hits[0]
            return view, next(k for k in view.slice_vocab if k.lower() == text.lower())
    if len(hits) == 1:
        return hits[0][1], text
    if not hits:
        cols = ", ".join(views) or "none"
        return f"no group column (of: {cols}) holds the slice {text!r}; write slice: column=value"
    return f"slice {text!r} is a value of several group columns: write slice: column=value"


def findings(
    results: list[MetricResult],
    path: str,
    fallback_line: int,
    where: str,
) -> list[Finding]:
    """``evidence/reproduced`` or ``evidence/not-reproduced`` per reported metric."""
    out = []
    for r in results:
        if r.reproduced is None:
            continue
        label = r.name + (f" [{r.slice}]" if r.slice else "")
        line = r.line or fallback_line
        if r.problem:
            out.append(
                R["evidence/not-reproduced"].finding(
                    path,
                    line,
                    1,
                    f"metric {label}: not reproduced: {where}: {r.problem}",
                    fix=NO_FIX,
                )
            )
            continue
        assert r.value is not None and r.reported is not None
        diff = abs(r.reported - r.value)
        said = (
            f"the card reports {r.reported:.4f}, xdocs ran {where} ({r.rows:,} rows) and got "
            f"{r.value:.4f} (difference {diff:.4f}"
        )
        if r.reproduced:
            out.append(
                R["evidence/reproduced"].finding(
                    path, line, 1, f"metric {label}: reproduced: {said} <= tolerance {r.tolerance})"
                )
            )
        else:
            out.append(
                R["evidence/not-reproduced"].finding(
                    path,
                    line,
                    1,
                    f"metric {label}: not reproduced: {said} > tolerance {r.tolerance})",
                    fix=f"value: {round(r.value, 4)}",
                )
            )
    return out
