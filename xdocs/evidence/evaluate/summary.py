"""What the card's recorded evaluation says about each reported metric.

Read by the portal ("reproduced by xdocs on DATE") and the exporters (HF
``verified``, MCT per-slice metrics). A record counts for a metric only when
it names the same metric and slice *and* the value the card reports now: a
value edited after ``xdocs evaluate --write`` is no longer reproduced.
The record is as trustworthy as the approval that signed the card holding it
(``xdocs check --evaluate`` re-runs the model to check it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xdocs.card.metrics import as_fraction
from xdocs.card.model import Metric, ModelCard


@dataclass(frozen=True)
class Verdict:
    """xdocs' recorded result for one reported metric."""

    reproduced: bool
    value: float | None
    at: str
    tolerance: float | None = None

    @property
    def date(self) -> str:
        return self.at[:10]


def _records(card: ModelCard, key: str) -> list[Mapping[str, Any]]:
    value = card.metadata.get(key)
    if value is None and isinstance(card.raw, Mapping):
        value = card.raw.get(key)
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []


def _same(metric: Metric, reported: Any) -> bool:
    now = as_fraction(metric.value)
    if now is None or isinstance(reported, bool) or not isinstance(reported, (int, float)):
        return False
    return abs(now - reported) < 1e-9 or abs(now / 100 - reported) < 1e-9


def verdicts(card: ModelCard) -> list[Verdict | None]:
    """One entry per ``card.metrics`` (None: xdocs has not recorded a run for it)."""
    out: list[Verdict | None] = []
    records = _records(card, "reproduction")
    for metric in card.metrics:
        found: Verdict | None = None
        for rec in records:
            for entry in rec.get("metrics") if isinstance(rec.get("metrics"), list) else []:
                if (
                    isinstance(entry, Mapping)
                    and isinstance(entry.get("reproduced"), bool)
                    and str(entry.get("name")) == metric.name
                    and (entry.get("slice") or None) == (metric.slice or None)
                    and _same(metric, entry.get("reported"))
                ):
                    value = entry.get("value")
                    tol = entry.get("tolerance")
                    found = Verdict(
                        bool(entry["reproduced"]),
                        float(value) if isinstance(value, (int, float)) else None,
                        str(rec.get("at") or ""),
                        float(tol) if isinstance(tol, (int, float)) else None,
                    )
        out.append(found)
    return out


def group_metrics(card: ModelCard) -> list[dict[str, Any]]:
    """Per-slice values xdocs computed (``{name, slice, value, rows}``), from the
    reproduction runs and the bias audits, for metrics the card does not report."""
    reported = {(m.name, m.slice) for m in card.metrics}
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, slice_: str, value: Any, rows: Any) -> None:
        if (name, slice_) in reported or (name, slice_) in seen:
            return
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seen.add((name, slice_))
            out.append({"name": name, "slice": slice_, "value": float(value), "rows": rows})

    for rec in _records(card, "reproduction"):
        for entry in rec.get("metrics") if isinstance(rec.get("metrics"), list) else []:
            if isinstance(entry, Mapping) and entry.get("slice") and "reproduced" not in entry:
                add(
                    str(entry.get("name")),
                    str(entry["slice"]),
                    entry.get("value"),
                    entry.get("rows"),
                )
    for rec in _records(card, "bias_audit"):
        for column in rec.get("columns") if isinstance(rec.get("columns"), list) else []:
            if not isinstance(column, Mapping) or not isinstance(column.get("groups"), list):
                continue
            for group in column["groups"]:
                if not isinstance(group, Mapping):
                    continue
                for key, value in group.items():
                    if key not in ("name", "rows"):
                        add(
                            str(key),
                            f"{column.get('column')}={group.get('name')}",
                            value,
                            group.get("rows"),
                        )
    return out
