"""The catalogue (home page and its pages), the status and owner lists, the queue.

Counts are given both ways and say so: by model (a model counts under every
status one of its versions has) and by card version (each version once). The
status filter shows a model when *any* of its versions has the status, so a
model whose v1.0 is published and whose v2.0 is in review appears under both.
Every list is paginated (:mod:`xdocs.portal.listing`), so no page grows with
the number of cards.

One module although it is a little over 400 lines: the home page, the status and
owner lists and the queue count the same models the same way (by model and by
version), and keeping them together keeps those counts from drifting apart.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from xdocs.portal import templates
from xdocs.portal.card_page import front_matter, relative_link
from xdocs.portal.entries import CardEntry, ModelEntry, format_date
from xdocs.portal.listing import ListingPage, listing_pages, pager, plural
from xdocs.portal.safe import escape_inline
from xdocs.portal.statuses import STATUSES, stage_label, status_label
from xdocs.slugs import path_segment

#: risk ratings by class; anything else is shown grey as "unknown", never green.
_RISK = {
    "critical": "high",
    "high": "high",
    "severe": "high",
    "medium": "medium",
    "moderate": "medium",
    "low": "low",
    "minimal": "low",
}
#: how many version chips a catalogue row shows (newest first).
MAX_CHIPS = 4


def risk_class(value: str) -> tuple[str, str]:
    """(css class, label) of a risk rating: only an explicit low rating is green;
    an empty or unrecognised rating is neutral grey with a label saying so."""
    text = " ".join(str(value or "").split())
    if not text:
        return "unknown", "not rated"
    cls = _RISK.get(text.lower())
    if cls is None:
        return "unknown", text if text.lower() == "unknown" else f"{text} (unknown scale)"
    return cls, text


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    models: int
    versions: int


def status_counts(models: list[ModelEntry]) -> list[StatusCount]:
    """Per status: models with a version in it, and versions in it (non-zero only)."""
    by_version = Counter(e.status for m in models for e in m.versions)
    by_model = Counter(s for m in models for s in {e.status for e in m.versions})
    return [
        StatusCount(s, status_label(s), by_model[s], by_version[s])
        for s in STATUSES
        if by_version[s]
    ]


def _risk_cell(entry: CardEntry) -> dict[str, str]:
    cls, label = risk_class(str(entry.meta.get("risk_rating") or ""))
    return {"risk": label, "risk_class": cls}


def catalogue_row(
    model: ModelEntry,
    project_root: Path | None = None,
    directory_urls: bool = True,
    from_page: str = "index.md",
) -> str:
    """The catalogue row of one model (its latest version first), as HTML."""
    latest = model.latest
    newest = list(reversed(model.versions))
    chips = [
        {
            "label": v.version_label,
            "href": relative_link(from_page, v.page, directory_urls),
            "status": v.status,
            "status_label": status_label(v.status),
        }
        for v in newest[:MAX_CHIPS]
    ]
    row = {
        "model_id": model.model_id,
        "name": model.name,
        "href": relative_link(from_page, latest.page, directory_urls),
        "statuses": " ".join(sorted({v.status for v in model.versions})),
        "chips": chips,
        "more": max(0, len(newest) - MAX_CHIPS),
        "owners": ", ".join(latest.owners) or "—",
        "status": latest.status,
        "status_label": status_label(latest.status),
        "last_decision": format_date(latest.last_decision_at) or "—",
        **_risk_cell(latest),
    }
    return templates.render("catalogue_row", project_root, r=row)


def _counts_line(models: list[ModelEntry]) -> str:
    versions = sum(len(m.versions) for m in models)
    return f"{plural(len(models), 'model')}, {plural(versions, 'card version')}"


def render_catalogue(
    models: list[ModelEntry],
    *,
    published_only: bool,
    project_root: Path | None = None,
    directory_urls: bool = True,
    rows: dict[tuple[str, str], str] | None = None,
) -> dict[str, str]:
    """The home page and the catalogue's further pages.

    ``rows`` caches rendered rows by (model id, page folder) between serve rebuilds.
    """
    rows = rows if rows is not None else {}
    counts = status_counts(models)
    intro = (
        "Published model cards: every card here was approved by the Chief AI."
        if published_only
        else "Every model card in `cards/`, with the status derived from its approval "
        "records. Only **published** cards appear in the published portal."
    )

    def render(page: ListingPage) -> str:
        folder = page.path.rpartition("/")[0]
        html_rows = []
        for m in page.rows:
            assert isinstance(m, ModelEntry)
            key = (m.model_id, folder)
            if key not in rows:
                rows[key] = catalogue_row(m, project_root, directory_urls, page.path)
            html_rows.append(Markup(rows[key]))
        legend = [
            {
                **c.__dict__,
                "models_text": plural(c.models, "model"),
                "versions_text": plural(c.versions, "version"),
                "href": relative_link(page.path, status_page(c.status), directory_urls),
            }
            for c in counts
        ]
        title = "Model catalogue" if page.number == 1 else f"Model catalogue, page {page.number}"
        return "\n".join(
            [
                front_matter(
                    title, None, [], hide=["toc"], search={"exclude": True}, xdocs_list=True
                ),
                "",
                f"# {title}",
                "",
                f"{intro} {_counts_line(models)}.",
                "",
                templates.render(
                    "catalogue",
                    project_root,
                    counts=legend,
                    rows=html_rows,
                    total=plural(len(models), "model"),
                    first=page.start + 1,
                    last=page.start + len(page.rows),
                    pages=page.count,
                    pager=Markup(pager(page, "index.md", directory_urls)),
                    owners=relative_link(page.path, "owners/index.md", directory_urls),
                ),
                "",
            ]
        )

    return listing_pages("index.md", models, render)


def _list_front_matter(title: str) -> str:
    """Front-matter of a list page: no table of contents, not a search result of its
    own (Material's or Pagefind's: the card pages it lists are)."""
    return front_matter(title, None, [], hide=["toc"], search={"exclude": True}, xdocs_list=True)


def status_page(status: str) -> str:
    return f"status/{status}.md"


def _version_rows(
    entries: Iterable[CardEntry], from_page: str, directory_urls: bool
) -> list[dict[str, Any]]:
    return [
        {
            "name": e.name,
            "href": relative_link(from_page, e.page, directory_urls),
            "version": e.version_label,
            "status": e.status,
            "status_label": status_label(e.status),
            "owners": ", ".join(e.owners) or "—",
            "last_decision": format_date(e.last_decision_at) or "—",
            **_risk_cell(e),
        }
        for e in entries
    ]


def render_status_pages(
    models: list[ModelEntry], project_root: Path | None = None, directory_urls: bool = True
) -> dict[str, str]:
    """One list per status: every card version with that status (paginated)."""
    pages: dict[str, str] = {}
    by_status: dict[str, list[CardEntry]] = {}
    for m in models:
        for e in reversed(m.versions):
            by_status.setdefault(e.status, []).append(e)
    for status in STATUSES:
        entries = by_status.get(status, [])
        first = status_page(status)
        label = status_label(status)

        def render(page: ListingPage, first: str = first, label: str = label) -> str:
            n_models = len({e.model_id for e in page.rows})  # type: ignore[attr-defined]
            total = len(by_status.get(page.rows[0].status, [])) if page.rows else 0  # type: ignore[attr-defined]
            return _list_page(
                f"Status: {label}",
                page,
                first,
                f"{plural(total, 'card version')} with the status **{label}**"
                + (f" ({plural(n_models, 'model')} on this page)." if total else "."),
                _version_rows(page.rows, page.path, directory_urls),  # type: ignore[arg-type]
                project_root,
                directory_urls,
            )

        pages.update(listing_pages(first, entries, render))
    return pages


def owner_pages(
    models: list[ModelEntry], project_root: Path | None = None, directory_urls: bool = True
) -> dict[str, str]:
    """``owners/index.md`` (every owner, with counts) and one list per owner."""
    by_owner: dict[str, list[CardEntry]] = {}
    for m in models:
        for owner in m.latest.owners or ["(no owner listed)"]:
            by_owner.setdefault(owner, []).append(m.latest)
    slugs: dict[str, str] = {}
    for owner in sorted(by_owner, key=str.lower):
        slug = path_segment(owner, default="owner")
        while slug in slugs.values():
            slug += "-x"
        slugs[owner] = slug
    pages: dict[str, str] = {}
    index_rows = [(owner, len(by_owner[owner])) for owner in slugs]

    def render_index(page: ListingPage) -> str:
        items = "".join(
            f'<li><a href="{relative_link(page.path, f"owners/{slugs[o]}.md", directory_urls)}">'
            f"{html.escape(o)}</a> <small>({plural(n, 'model')})</small></li>"
            for o, n in page.rows  # type: ignore[misc]
        )
        body = templates.html_block(
            f'<ul class="xd-owners">{items}</ul>{pager(page, "owners/index.md", directory_urls)}'
        )
        return "\n".join(
            [
                front_matter("Owners", None, [], search={"exclude": True}, xdocs_list=True),
                "",
                "# Owners",
                "",
                f"{plural(len(slugs), 'owner')}; each list holds the models whose latest "
                "version names that owner.",
                "",
                body,
                "",
            ]
        )

    pages.update(listing_pages("owners/index.md", index_rows, render_index))
    for owner, slug in slugs.items():
        first = f"owners/{slug}.md"

        def render(page: ListingPage, owner: str = owner, first: str = first) -> str:
            return _list_page(
                f"Owner: {owner}",
                page,
                first,
                f"{plural(len(by_owner[owner]), 'model')} (latest versions).",
                _version_rows(page.rows, page.path, directory_urls),  # type: ignore[arg-type]
                project_root,
                directory_urls,
            )

        pages.update(listing_pages(first, by_owner[owner], render))
    return pages


def _list_page(
    title: str,
    page: ListingPage,
    first: str,
    intro: str,
    rows: list[dict[str, Any]],
    project_root: Path | None,
    directory_urls: bool,
) -> str:
    heading = title if page.number == 1 else f"{title}, page {page.number}"
    return "\n".join(
        [
            front_matter(
                heading, None, [], hide=["toc"], search={"exclude": True}, xdocs_list=True
            ),
            "",
            f"# {escape_inline(heading)}",
            "",
            intro,
            "",
            templates.render(
                "versions_list",
                project_root,
                rows=rows,
                pager=Markup(pager(page, first, directory_urls)),
            ),
            "",
        ]
    )


def queue_rows(models: list[ModelEntry], now: dt.datetime) -> list[dict[str, Any]]:
    """The ``xdocs queue`` rows (xdocs.workflow.queue, priority order)."""
    from xdocs.workflow.queue import review_queue

    by_path = {e.source: e for m in models for e in m.versions if e.state is not None}
    items = review_queue([e.state for e in by_path.values()], now, sort="priority")
    rows = []
    for item in items:
        e = by_path[item.path]
        rows.append(
            {
                "name": e.name,
                "page": e.page,
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
) -> dict[str, str]:
    """The review queue as pages (what ``xdocs queue`` prints), paginated."""
    rows = queue_rows(models, now)

    def render(page: ListingPage) -> str:
        shown = [
            {**r, "href": relative_link(page.path, r["page"], directory_urls)}  # type: ignore[dict-item]
            for r in page.rows
        ]
        title = "Review queue" if page.number == 1 else f"Review queue, page {page.number}"
        return "\n".join(
            [
                front_matter(
                    title, None, [], hide=["toc"], search={"exclude": True}, xdocs_list=True
                ),
                "",
                f"# {title}",
                "",
                f"{plural(len(rows), 'card version')} "
                f"{'waits' if len(rows) == 1 else 'wait'} for a decision, most urgent first "
                "(priority set at intake, then time waiting since the last decision): "
                "the same list as `xdocs queue --sort priority`.",
                "",
                templates.render(
                    "queue",
                    project_root,
                    rows=shown,
                    pager=Markup(pager(page, "queue.md", directory_urls)),
                ),
                "",
            ]
        )

    return listing_pages("queue.md", rows, render)
