"""What ``xdocs evaluate`` prints: a summary per entry (text) or the same as JSON.

Values from the card and the data (paths, column and group names) are shown
through :func:`xdocs.report.base.printable`: a group called ``\\x1b[2J`` must
not clear the reviewer's terminal.
"""

from __future__ import annotations

from typing import Any

from xdocs.evidence.bias import LABELS
from xdocs.evidence.evaluate.check import where
from xdocs.evidence.evaluate.session import Outcome
from xdocs.report.base import printable

_SHORT = {
    "accuracy": "accuracy",
    "selection_rate": "selected",
    "true_positive_rate": "TPR",
    "false_positive_rate": "FPR",
    "mae": "MAE",
    "mean_prediction": "mean pred",
}


def _p(value: Any, width: int = 0) -> str:
    text = printable(" ".join(str(value).splitlines()))
    return text[:width] if width else text


def _shown(path: Any) -> str:
    """A path relative to the working directory when it is inside it."""
    import os

    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _num(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, (int, float)) else "-"


def text_lines(outcome: Outcome) -> list[str]:
    """A human summary of one entry."""
    spec = outcome.spec
    head = f"evaluation[{spec.index}]: {_p(where(outcome))}"
    if outcome.failure is not None:
        return [f"{head}: failed ({outcome.failure[0]}): {_p(outcome.failure[1])}"]
    lines = [head]
    preds = outcome.preds
    rows = preds.rows if preds is not None else 0
    if outcome.run is not None:
        run = outcome.run
        peak = f", worker peak {run.peak_kib / 1024:.0f} MiB" if run.peak_kib else ""
        lines.append(
            f"  {rows:,} rows in {run.seconds:.2f} s (inference {run.inference_seconds:.2f} s"
            f"{peak}); task: {outcome.task}"
        )
    else:
        lines.append(f"  {rows:,} rows; task: {outcome.task}")
    if outcome.predictions is not None and outcome.source == "produced":
        lines.append(f"  predictions written to {_p(_shown(outcome.predictions))}")
    reported = [m for m in outcome.metrics if m.reproduced is not None]
    if reported:
        lines.append("  metric                      reported   xdocs      tolerance  result")
        for m in reported:
            label = _p(m.name + (f" [{m.slice}]" if m.slice else ""), 27)
            result = "reproduced" if m.reproduced else "NOT reproduced"
            if m.problem:
                result += f": {_p(m.problem, 80)}"
            lines.append(
                f"  {label:<27} {_num(m.reported):<10} {_num(m.value):<10} "
                f"{m.tolerance!s:<10} {result}"
            )
    computed = [
        m for m in outcome.metrics if m.reproduced is None and m.slice and m.value is not None
    ]
    if computed:
        lines.append(
            "  per group (not reported by the card): "
            + ", ".join(f"{_p(m.name)} [{_p(m.slice, 40)}] {m.value:.4f}" for m in computed[:24])
        )
    for audit in outcome.audits:
        metrics = [k for k in _SHORT if any(k in g for g in audit.groups)]
        lines.append(f"  bias audit of {_p(audit.column)}:")
        lines.append(
            "    " + f"{'group':<20} {'rows':>8} " + " ".join(f"{_SHORT[k]:>9}" for k in metrics)
        )
        for g in audit.groups:
            cells = " ".join(f"{g[k]:>9.4f}" if k in g else f"{'-':>9}" for k in metrics)
            lines.append(f"    {_p(g['name'], 20):<20} {g['rows']:>8,} {cells}")
        for key, value in audit.summary.items():
            lines.append(f"    {key.replace('_', ' ')}: {value:.3f}")
        for gap in audit.flagged:
            lines.append(
                f"    flagged: {LABELS.get(gap.metric, gap.metric)} {_p(gap.low, 30)} "
                f"{gap.low_value:.3f} vs {_p(gap.high, 30)} {gap.high_value:.3f}: {gap.why}"
            )
        if audit.too_small:
            lines.append(
                "    too small to judge: "
                + ", ".join(f"{_p(n, 30)} ({r:,} rows)" for n, r in audit.too_small[:10])
            )
        for note in audit.notes:
            lines.append(f"    note: {_p(note)}")
    return lines


def as_json(outcome: Outcome) -> dict[str, Any]:
    """The machine-readable form of one entry (``xdocs evaluate --format json``)."""
    spec = outcome.spec
    out: dict[str, Any] = {"index": spec.index, "source": outcome.source}
    for key in ("artifact", "data", "predictions"):
        value = getattr(spec, key)
        if value is not None:
            out[key] = value
    if outcome.predictions is not None:
        out["predictions_file"] = str(outcome.predictions)
    if outcome.failure is not None:
        out["failure"] = {"kind": outcome.failure[0], "message": outcome.failure[1]}
        return out
    out["rows"] = outcome.preds.rows if outcome.preds is not None else 0
    out["task"] = outcome.task
    if outcome.run is not None:
        out["seconds"] = round(outcome.run.seconds, 3)
        out["inference_seconds"] = round(outcome.run.inference_seconds, 3)
        out["worker_peak_kib"] = outcome.run.peak_kib
    out["metrics"] = [
        m.to_json() | ({"problem": m.problem} if m.problem else {}) for m in outcome.metrics
    ]
    out["bias"] = [a.to_json() | {"notes": a.notes} for a in outcome.audits]
    return out
