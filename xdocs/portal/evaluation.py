"""The card page's evaluation evidence: reproduced metrics and the bias chart.

Reads what ``xdocs evaluate --write`` recorded in the card (``reproduction:``,
``bias_audit:``) and shows, next to each reported metric, "reproduced by xdocs
on DATE" or "not reproduced", and, per audited group column, an inline SVG
bar chart of the per-group rates (no script, no CDN, like the analytics page)
with a table of the same numbers and the gaps the audit flagged.

Everything here comes from the card and its data (group names can be
anything): values are summarized into plain, bounded data when the entry is
built (:func:`evaluation_summary`) and escaped when rendered.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from xdocs.portal import templates
from xdocs.portal.safe import escape_inline

#: bounds on what one page shows.
MAX_COLUMNS, MAX_GROUPS, MAX_TEXT = 12, 40, 80
METRICS = (
    ("accuracy", "accuracy", "#2563eb"),
    ("selection_rate", "selection rate", "#16a34a"),
    ("true_positive_rate", "true positive rate", "#9333ea"),
    ("false_positive_rate", "false positive rate", "#dc2626"),
    ("mae", "mean absolute error", "#2563eb"),
    ("mean_prediction", "mean prediction", "#16a34a"),
)
_LABEL = {k: label for k, label, _c in METRICS}


def _text(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def evaluation_summary(card: Any) -> dict[str, Any]:
    """Plain data for the page (kept in the portal's card entry)."""
    from xdocs.evidence.evaluate.summary import verdicts

    marks: list[dict[str, str] | None] = []
    for verdict in verdicts(card)[:200]:
        if verdict is None:
            marks.append(None)
        elif verdict.reproduced:
            marks.append({"state": "reproduced", "text": f"reproduced by xdocs on {verdict.date}"})
        else:
            got = (
                f" (xdocs got {verdict.value:.4f} on {verdict.date})"
                if verdict.value is not None
                else ""
            )
            marks.append({"state": "not-reproduced", "text": f"not reproduced{got}"})
    raw = card.raw if isinstance(card.raw, Mapping) else {}
    audits = raw.get("bias_audit") if isinstance(raw.get("bias_audit"), list) else []
    return {"marks": marks, "audits": [_audit(a) for a in audits[:4] if isinstance(a, Mapping)]}


def _audit(rec: Mapping[str, Any]) -> dict[str, Any]:
    thresholds = rec.get("thresholds") if isinstance(rec.get("thresholds"), Mapping) else {}
    columns = []
    for col in rec.get("columns") if isinstance(rec.get("columns"), list) else []:
        if not isinstance(col, Mapping) or len(columns) >= MAX_COLUMNS:
            continue
        groups = []
        for g in col.get("groups") if isinstance(col.get("groups"), list) else []:
            if isinstance(g, Mapping) and len(groups) < MAX_GROUPS:
                values = {k: _num(g.get(k)) for k, _l, _c in METRICS if _num(g.get(k)) is not None}
                groups.append(
                    {
                        "name": _text(g.get("name")),
                        "rows": _num(g.get("rows")) or 0,
                        "values": values,
                    }
                )
        flagged = [
            {
                "metric": _text(f.get("metric")),
                "low": _text(f.get("low")),
                "high": _text(f.get("high")),
                "difference": _num(f.get("difference")),
                "ratio": _num(f.get("ratio")),
            }
            for f in (col.get("flagged") if isinstance(col.get("flagged"), list) else [])[:20]
            if isinstance(f, Mapping)
        ]
        small = [
            f"{_text(s.get('name'))} ({int(_num(s.get('rows')) or 0):,} rows)"
            for s in (col.get("too_small") if isinstance(col.get("too_small"), list) else [])[:20]
            if isinstance(s, Mapping)
        ]
        summary = {
            k: _num(col.get(k))
            for k in ("demographic_parity_difference", "equalized_odds_difference")
        }
        columns.append(
            {
                "column": _text(col.get("column")),
                "groups": groups,
                "flagged": flagged,
                "too_small": small,
                "summary": {k: v for k, v in summary.items() if v is not None},
            }
        )
    return {
        "source": _text(rec.get("source") or ""),
        "at": _text(rec.get("at") or "")[:10],
        "rows": _num(rec.get("rows")),
        "thresholds": {k: _num(v) for k, v in thresholds.items() if _num(v) is not None},
        "columns": columns,
    }


def _summary(entry: Any) -> dict[str, Any]:
    data = getattr(entry, "evidence", None)
    return data if isinstance(data, dict) else {}


def annotated_metrics(entry: Any) -> list[dict[str, str]]:
    """The page's metric rows, each with ``evidence`` (the xdocs verdict) when recorded."""
    marks = _summary(entry).get("marks") or []
    if not any(marks):
        return entry.metrics
    out = []
    for i, row in enumerate(entry.metrics):
        mark = marks[i] if i < len(marks) else None
        out.append(
            {
                **row,
                "evidence": mark["text"] if mark else "not evaluated by xdocs",
                "evidence_state": mark["state"] if mark else "none",
            }
        )
    return out


def bias_parts(entry: Any) -> list[str]:
    """Markdown parts of the "Bias audit" section ([] when the card records none)."""
    audits = _summary(entry).get("audits") or []
    if not audits:
        return []
    parts = ["", "## Bias audit", ""]
    for audit in audits:
        t = audit["thresholds"]
        source = {
            "produced": "predictions xdocs produced by running the model",
            "submitted": "predictions the team submitted",
        }.get(audit["source"], "predictions")
        limits = []
        if "max_difference" in t:
            limits.append(f"a difference over {t['max_difference']:g}")
        if "min_ratio" in t:
            limits.append(f"a selection-rate ratio under {t['min_ratio']:g}")
        rows = f" ({int(audit['rows']):,} rows)" if audit.get("rows") else ""
        parts.append(
            escape_inline(
                f"Audited by xdocs on {audit['at']} from {source}{rows}; flagged: "
                f"{' or '.join(limits) or 'the configured limits'}"
                + (
                    f"; groups under {int(t['min_group_size'])} rows are not judged."
                    if "min_group_size" in t
                    else "."
                )
            )
        )
        for col in audit["columns"]:
            parts += ["", f"### {escape_inline(col['column'])}", ""]
            if col["groups"]:
                parts.append(
                    templates.html_block(f'<figure class="xd-figure">{bias_chart(col)}</figure>')
                )
                parts += ["", *_table(col)]
            parts += ["", *_gaps(col)]
    return parts


def bias_chart(col: dict[str, Any]) -> str:
    """Horizontal grouped bars: one group of bars per group, one bar per metric."""
    metrics = [
        (k, label, color)
        for k, label, color in METRICS
        if any(k in g["values"] for g in col["groups"])
    ]
    flagged = {(f["metric"], f["low"]) for f in col["flagged"]} | {
        (f["metric"], f["high"]) for f in col["flagged"]
    }
    width, label_w, bar_h, gap = 640, 170, 12, 10
    peak = max((v for g in col["groups"] for v in g["values"].values()), default=1.0)
    peak = 1.0 if peak <= 1.0 else peak
    scale = (width - label_w - 80) / peak
    group_h = len(metrics) * bar_h + gap
    height = 24 + len(col["groups"]) * group_h + 30
    title = html.escape(f"Per-group rates by {col['column']}")
    out = [
        f'<svg class="xd-chart xd-bias-chart" role="img" aria-label="{title}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
    ]
    y = 20
    for g in col["groups"]:
        out.append(f'<text x="0" y="{y + bar_h}">{html.escape(g["name"][:28])}</text>')
        for i, (key, _label, color) in enumerate(metrics):
            value = g["values"].get(key)
            by = y + i * bar_h
            w = (value or 0.0) * scale
            stroke = ' stroke="#000" stroke-width="2"' if (key, g["name"]) in flagged else ""
            out.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{color}"{stroke}/>'
            )
            text = "—" if value is None else f"{value:.3f}" + (" ⚑" if stroke else "")
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 3}">{text}</text>')
        y += group_h
    out.append(f'<line class="xd-axis" x1="{label_w}" y1="14" x2="{label_w}" y2="{y - gap + 4}" />')
    lx = label_w
    for _key, label, color in metrics:
        out.append(f'<rect x="{lx}" y="{y + 6}" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="{lx + 14}" y="{y + 15}">{html.escape(label)}</text>')
        lx += 24 + 7 * len(label)
    out.append("</svg>")
    return "".join(out)


def _cell(text: str) -> str:
    return escape_inline(text)


def _table(col: dict[str, Any]) -> list[str]:
    keys = [k for k, _l, _c in METRICS if any(k in g["values"] for g in col["groups"])]
    head = "| Group | Rows | " + " | ".join(_LABEL[k].capitalize() for k in keys) + " |"
    lines = [head, "| --- | ---: |" + " ---: |" * len(keys)]
    for g in col["groups"]:
        cells = [f"{g['values'][k]:.3f}" if k in g["values"] else "—" for k in keys]
        lines.append(f"| {_cell(g['name'])} | {int(g['rows']):,} | " + " | ".join(cells) + " |")
    return lines


def _gaps(col: dict[str, Any]) -> list[str]:
    out = []
    for key, value in col["summary"].items():
        out.append(f"- {key.replace('_', ' ').capitalize()}: {value:.3f}")
    for f in col["flagged"]:
        ratio = f", ratio {f['ratio']:.2f}" if f["ratio"] is not None else ""
        diff = f"{f['difference']:.3f}" if f["difference"] is not None else "?"
        out.append(
            f"- **Flagged:** {_cell(_LABEL.get(f['metric'], f['metric']))} of "
            f"{_cell(f['low'])} vs {_cell(f['high'])}: difference {diff}{ratio}"
        )
    if not col["flagged"]:
        out.append("- No gap over the limits.")
    if col["too_small"]:
        out.append("- Too small to judge: " + _cell(", ".join(col["too_small"])))
    return out
