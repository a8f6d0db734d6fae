"""Workflow analytics: how long each stage takes and where cards wait.

The retrospectives of the old process asked two questions: which stage is
slow, and where do cards sit waiting. Both are answered from the approval
records alone. A stage *starts* when the previous stage was approved (intake
starts at ``submitted_at``, else at its first record) and *ends* at its last
approving record. A card whose next stage has started but is not decided is
*waiting* there since the start. Charts are inline SVG (no script, no CDN), and
every chart has a table with the same numbers.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median

from xdocs.portal import templates
from xdocs.portal.card_page import front_matter
from xdocs.portal.entries import CardEntry, ModelEntry
from xdocs.portal.listing import plural
from xdocs.portal.statuses import STAGES, stage_label

DAY = 86400.0


@dataclass
class StageStats:
    stage: str
    durations: list[float] = field(default_factory=list)  # days, finished stages
    waiting: list[float] = field(default_factory=list)  # days, cards waiting here now
    #: cards waiting here whose wait cannot be timed (no submission date, no record).
    untimed: int = 0

    @property
    def waiting_count(self) -> int:
        return len(self.waiting) + self.untimed

    @property
    def median(self) -> float | None:
        return median(self.durations) if self.durations else None

    @property
    def p90(self) -> float | None:
        return percentile(self.durations, 90) if self.durations else None

    @property
    def median_wait(self) -> float | None:
        return median(self.waiting) if self.waiting else None


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (the value a reader can find in the data)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def stage_stats(entries: list[CardEntry], now: dt.datetime) -> list[StageStats]:
    """Durations and waits per stage over all card versions."""
    stats = {s: StageStats(s) for s in STAGES}
    for e in entries:
        records = [r for r in e.timeline if r.valid and r.at is not None and r.stage in stats]
        start: dt.datetime | None = None
        if e.submitted_at is not None:
            start = _utc(e.submitted_at)
        for stage in STAGES:
            recs = [r for r in records if r.stage == stage]
            if start is None and recs:
                start = _utc(min(r.at for r in recs))
            approvals = [
                r for r in recs if r.decision == "approved" and r.role != "publishing-worker"
            ]
            if stage in ("executive", "chief_ai"):
                approvals = [r for r in recs if r.decision == "approved"]
            if approvals and start is not None:
                end = _utc(max(r.at for r in approvals))
                stats[stage].durations.append(max(0.0, (end - start).total_seconds() / DAY))
                start = end
                continue
            break
        pending = e.next.get("stage") if e.next else None
        if pending in stats:
            if start is not None:
                stats[pending].waiting.append(max(0.0, (now - start).total_seconds() / DAY))
            else:
                stats[pending].untimed += 1
    return [stats[s] for s in STAGES]


def _fmt(days: float | None) -> str:
    if days is None:
        return "—"
    return f"{days * 24:.1f} h" if days < 1 else f"{days:.1f} d"


def bar_chart(
    title: str,
    rows: list[tuple[str, list[tuple[float | None, str]]]],
    label: Callable[[float], str],
    legend: list[tuple[str, str]] | None = None,
) -> str:
    """A horizontal bar chart as inline SVG: one group per row, one bar per series.

    ``label`` writes each bar's value exactly as the table beside it does, so the
    chart and the table never disagree on a unit (5.4 h is 5.4 h in both)."""
    width, label_w, bar_h, gap = 640, 170, 14, 10
    series = max((len(v) for _, v in rows), default=1)
    group_h = series * bar_h + gap
    height = 30 + len(rows) * group_h + 10 + (22 if legend else 0)
    peak = max((v for _, vals in rows for v, _ in vals if v), default=1.0) or 1.0
    scale = (width - label_w - 70) / peak
    out = [
        f'<svg class="xd-chart" role="img" aria-label="{html.escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{html.escape(title)}</title>",
    ]
    y = 24
    for name, vals in rows:
        out.append(f'<text x="0" y="{y + bar_h - 3}">{html.escape(name)}</text>')
        for i, (value, cls) in enumerate(vals):
            by = y + i * bar_h
            w = (value or 0) * scale
            out.append(
                f'<rect class="{cls}" x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 2}"/>'
            )
            text = "no data" if value is None else html.escape(label(value))
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 4}">{text}</text>')
        y += group_h
    axis_y = y - gap + 4
    out.append(f'<line class="xd-axis" x1="{label_w}" y1="18" x2="{label_w}" y2="{axis_y}" />')
    lx = label_w
    for cls, name in legend or []:
        out.append(f'<rect class="{cls}" x="{lx}" y="{axis_y + 8}" width="12" height="12"/>')
        out.append(f'<text x="{lx + 16}" y="{axis_y + 18}">{html.escape(name)}</text>')
        lx += 30 + 7 * len(name)
    out.append("</svg>")
    return "".join(out)


def render_analytics(models: list[ModelEntry], now: dt.datetime) -> str:
    """The workflow analytics page."""
    entries = [e for m in models for e in m.versions]
    stats = stage_stats(entries, now)
    durations = bar_chart(
        "Days per stage: median and 90th percentile",
        [
            (stage_label(s.stage), [(s.median, "xd-bar--median"), (s.p90, "xd-bar--p90")])
            for s in stats
        ],
        _fmt,
        legend=[("xd-bar--median", "median"), ("xd-bar--p90", "90th percentile")],
    )
    waits = bar_chart(
        "Cards waiting per stage now",
        [(stage_label(s.stage), [(float(s.waiting_count), "xd-bar--wait")]) for s in stats],
        lambda n: plural(int(n), "card"),
        legend=[("xd-bar--wait", "card versions waiting for this stage's decision")],
    )
    table = [
        "| Stage | Finished | Median | 90th percentile | Waiting now | Median wait |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in stats:
        table.append(
            f"| {stage_label(s.stage)} | {len(s.durations)} | {_fmt(s.median)} | {_fmt(s.p90)} "
            f"| {s.waiting_count} | {_fmt(s.median_wait)} |"
        )
    slowest = max(
        (s for s in stats if s.median is not None), key=lambda s: s.median or 0, default=None
    )
    most = max((s.waiting_count for s in stats), default=0)
    busiest = [s for s in stats if most and s.waiting_count == most]
    summary = []
    if slowest is not None:
        summary.append(
            f"The slowest stage is **{stage_label(slowest.stage)}** "
            f"(median {_fmt(slowest.median)})."
        )
    if len(busiest) == 1:
        summary.append(
            f"Most cards wait at **{stage_label(busiest[0].stage)}** "
            f"({plural(most, 'card version')} now)."
        )
    elif busiest:
        names = [f"**{stage_label(s.stage)}**" for s in busiest]
        joined = ", ".join(names[:-1]) + " and " + names[-1]
        summary.append(
            f"As many cards wait at {joined} ({plural(most, 'card version')} each), "
            "more than at any other stage."
        )
    return "\n".join(
        [
            front_matter("Workflow analytics", None, []),
            "",
            "# Workflow analytics",
            "",
            f"Computed from the approval records of {plural(len(entries), 'card version')} on "
            f"{now.date().isoformat()}. A stage starts when the previous one is approved "
            "(intake: at submission) and ends at its approving decision.",
            "",
            " ".join(summary) or "No stage has finished yet.",
            "",
            "## Time per stage",
            "",
            templates.html_block(f'<figure class="xd-figure">{durations}</figure>'),
            "",
            "## Where cards wait",
            "",
            templates.html_block(f'<figure class="xd-figure">{waits}</figure>'),
            "",
            "## The numbers",
            "",
            *table,
            "",
        ]
    )
