"""The catalogue (home page) and the review queue page."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from markupsafe import Markup

from xdocs.portal import templates
from xdocs.portal.card_page import front_matter, relative_link
from xdocs.portal.entries import ModelEntry, format_date
from xdocs.portal.statuses import STATUSES, stage_label, status_label

_RISK_CLASS = {"high": "high", "critical": "high", "medium": "medium", "moderate": "medium"}


def catalogue_row(
    model: ModelEntry, project_root: Path | None = None, directory_urls: bool = True
) -> str:
    """The catalogue row of one model (its latest version in this build), as HTML."""
    latest = model.latest
    risk = str(latest.meta.get("risk_rating") or "")
    row = {
        "model_id": model.model_id,
        "name": model.name,
        "href": relative_link("index.md", latest.page, directory_urls),
        "version": latest.version_label,
        "versions": len(model.versions),
        "owners": ", ".join(latest.owners),
        "status": latest.status,
        "status_label": status_label(latest.status),
        "risk": risk or "—",
        "risk_class": _RISK_CLASS.get(risk.lower(), "low" if risk else "none"),
        "last_decision": format_date(latest.last_decision_at) or "—",
    }
    return templates.render("catalogue_row", project_root, r=row)


def render_catalogue(
    models: list[ModelEntry],
    *,
    published_only: bool,
    project_root: Path | None = None,
    directory_urls: bool = True,
    rows: dict[str, str] | None = None,
) -> str:
    """The home page: one row per model. ``rows`` may hold rows already rendered."""
    rows = rows if rows is not None else {}
    html_rows = []
    for m in models:
        if m.model_id not in rows:
            rows[m.model_id] = catalogue_row(m, project_root, directory_urls)
        html_rows.append(Markup(rows[m.model_id]))
    counts = Counter(m.latest.status for m in models)
    count_rows = [
        {"status": s, "label": status_label(s), "count": counts[s]} for s in STATUSES if counts[s]
    ]
    intro = (
        "Published model cards: every card here was approved by the Chief AI."
        if published_only
        else "Every model card in `cards/`, with the status derived from its approval records. "
        "Only **published** cards appear in the published portal."
    )
    n_versions = sum(len(m.versions) for m in models)
    return "\n".join(
        [
            front_matter("Model catalogue", None, [], hide=["navigation"]),
            "",
            "# Model catalogue",
            "",
            f"{intro} {len(models)} models, {n_versions} card versions. "
            "Filter by status below or browse the [tags](tags.md).",
            "",
            templates.render(
                "catalogue", project_root, counts=count_rows, rows=html_rows, total=len(models)
            ),
            "",
        ]
    )


def queue_rows(
    models: list[ModelEntry], now: dt.datetime, directory_urls: bool = True
) -> list[dict[str, Any]]:
    """The ``xdocs queue`` rows (xdocs.workflow.queue, priority order) with page links."""
    from xdocs.workflow.queue import review_queue

    by_path = {e.source: e for m in models for e in m.versions if e.state is not None}
    items = review_queue([e.state for e in by_path.values()], now, sort="priority")
    rows = []
    for item in items:
        e = by_path[item.path]
        rows.append(
            {
                "name": e.name,
                "href": relative_link("queue.md", e.page, directory_urls),
                "version": e.version_label,
                "status": e.status,
                "status_label": status_label(e.status),
                "stage": stage_label(item.stage or ""),
                "role": "author" if item.waiting_on == "author" else (item.role or "—"),
                "since": format_date(item.waiting_since) or "—",
                "days": "—" if item.days_waiting is None else str(item.days_waiting),
                "priority": item.priority or "—",
                "blocked": item.blocked,
            }
        )
    return rows


def render_queue(
    models: list[ModelEntry],
    now: dt.datetime,
    project_root: Path | None = None,
    directory_urls: bool = True,
) -> str:
    """The review queue as a page (what ``xdocs queue`` prints)."""
    rows = queue_rows(models, now, directory_urls)
    return "\n".join(
        [
            front_matter("Review queue", None, [], hide=["toc"]),
            "",
            "# Review queue",
            "",
            f"{len(rows)} card versions wait for a decision, most urgent first "
            "(priority set at intake, then time waiting since the last decision): "
            "the same list as `xdocs queue --sort priority`.",
            "",
            templates.render("queue", project_root, rows=rows),
            "",
        ]
    )
