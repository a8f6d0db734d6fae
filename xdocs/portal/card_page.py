"""One page per model version: banner, switcher, metadata, timeline, content, diff.

The page is Markdown with standard front-matter (``title``, ``status``,
``tags``), so Material shows the status icon in the navigation and the tags
plugin indexes it, and any engine that reads ``mkdocs.yml`` can build it.
Everything the card contributes is either escaped (through the autoescaping
templates) or rendered from the card's tokens and sanitized (:mod:`xdocs.portal.card_html`,
:func:`xdocs.portal.safe.sanitize_html`).
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xdocs.portal import evaluation, findings_panel, templates
from xdocs.portal.content import SectionChange, diff_sections
from xdocs.portal.entries import CardEntry, ModelEntry, format_time
from xdocs.portal.safe import escape_inline, safe_text
from xdocs.portal.statuses import decision_label, stage_label, status_label


@dataclass
class PageOptions:
    """What a build shows. ``preview`` adds the not-approved banner and lint findings."""

    preview: bool = True
    project_root: Path | None = None
    roster: Any = None
    directory_urls: bool = True


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL path MkDocs gives a page (``a/b.md`` → ``a/b/``; ``a/index.md`` → ``a/``)."""
    stem = page[:-3] if page.endswith(".md") else page
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_link(from_page: str, to_page: str, directory_urls: bool = True) -> str:
    """A relative URL between two generated pages, for links inside HTML blocks.

    MkDocs rewrites ``.md`` links only in Markdown, not inside raw HTML, so the
    portal's own HTML links to final URLs, computed the way MkDocs computes them.
    """
    from_dir, _, from_name = from_page.rpartition("/")
    to_dir, _, to_name = to_page.rpartition("/")
    if from_dir == to_dir and from_name != "index.md" and to_name != "index.md":
        # sibling pages (a model's versions): the common case, without relpath
        return f"../{to_name[:-3]}/" if directory_urls else f"{to_name[:-3]}.html"
    src, dst = page_url(from_page, directory_urls), page_url(to_page, directory_urls)
    base = src if src.endswith("/") else posixpath.dirname(src) + "/"
    rel = posixpath.relpath(dst or ".", base.rstrip("/") or ".")
    if (dst.endswith("/") or not dst) and rel != ".":
        rel += "/"
    return "./" if rel == "." else rel


def front_matter(title: str, status: str | None, tags: list[str], **extra: Any) -> str:
    """YAML front-matter with every value JSON-quoted (valid YAML, no injection)."""
    lines = ["---", f"title: {json.dumps(safe_text(title), ensure_ascii=False)}"]
    if status:
        lines.append(f"status: {json.dumps(status)}")
    if tags:
        lines.append("tags:")
        lines += [f"  - {json.dumps(safe_text(t, 60), ensure_ascii=False)}" for t in tags]
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)


def page_tags(entry: CardEntry) -> list[str]:
    """Tags: the status label first (the catalogue's filter by status), then card tags."""
    tags = [status_label(entry.status)]
    for tag in entry.meta.get("tags") or []:
        text = safe_text(tag, 60)
        if text and text not in tags:
            tags.append(text)
    return tags[:12]


#: a card page's Markdown above this size gets a full-text page (its HTML, with
#: Material's chrome, then stays under 60 KB however long the card is).
PAGE_BUDGET = 40_000
#: the card's own sections on a budgeted page (the rest continue on the full text).
CONTENT_BUDGET = 22_000
#: metric rows on a budgeted page.
METRICS_ON_PAGE = 40


def full_text_page(entry: CardEntry) -> str:
    """Where a long card's full text lives: ``models/<id>/<version>/full.md``."""
    return entry.page[:-3] + "/full.md"


def card_pages(entry: CardEntry, model: ModelEntry, options: PageOptions) -> dict[str, str]:
    """The page of one model version, and for a long card its full-text page.

    A card page's size must not grow without bound: a card whose page would be
    over :data:`PAGE_BUDGET` shows its status, timeline, metadata and as many
    sections as fit, and links each remaining section to the full-text page.
    """
    page = render_card_page(entry, model, options)
    if len(page.encode("utf-8")) <= PAGE_BUDGET:
        return {entry.page: page}
    return {
        entry.page: render_card_page(entry, model, options, budget=CONTENT_BUDGET),
        full_text_page(entry): render_card_page(entry, model, options, full_text=True),
    }


def render_card_page(
    entry: CardEntry,
    model: ModelEntry,
    options: PageOptions,
    *,
    budget: int | None = None,
    full_text: bool = False,
) -> str:
    """The Markdown of one model version's page (``budget``: bytes of card sections
    on the page; ``full_text``: the long card's full-text page)."""
    root = options.project_root
    here = full_text_page(entry) if full_text else entry.page
    full_href = relative_link(entry.page, full_text_page(entry), options.directory_urls)
    if full_text:
        head = front_matter(f"{entry.title} (full text)", entry.status, [], model=entry.model_id)
        back = relative_link(here, entry.page, options.directory_urls)
        intro = [
            "",
            templates.html_block(
                f'<p class="xd-note">The full text of a long card. '
                f'<a href="{back}">Back to the card page</a>.</p>'
            ),
        ]
    else:
        head = front_matter(entry.title, entry.status, page_tags(entry), model=entry.model_id)
        intro = []
    parts = [
        head,
        *intro,
        "",
        templates.render(
            "banner",
            root,
            preview=options.preview,
            status=entry.status,
            status_label=status_label(entry.status),
            name=entry.name,
            version=entry.version_label,
            next=_next(entry, options.roster),
            last_decision_at=format_time(entry.last_decision_at),
            stale_count=entry.stale_count,
            findings=findings_panel.summary(entry.findings) if options.preview else None,
            findings_href=f"#{findings_panel.PANEL_ID}",
        ),
        "",
        templates.render(
            "versions", root, name=entry.name, versions=_versions(entry, model, options, here)
        ),
        "",
        templates.render("panel", root, rows=_panel_rows(entry)),
    ]
    findings = entry.findings if options.preview else []
    if findings:
        parts += ["", "## Lint findings", "", findings_panel.panel(findings)]
    parts += [
        "",
        "## Approval timeline",
        "",
        templates.render("timeline", root, records=_timeline(entry, options.roster)),
    ]
    continued = templates.html_block(
        f'<p class="xd-continued">Continued in the <a href="{full_href}">full text</a> '
        "of this card.</p>"
    )
    if entry.metrics:
        rows = evaluation.annotated_metrics(entry)
        shown = rows[:METRICS_ON_PAGE] if budget is not None else rows
        parts += [
            "",
            "## Metrics",
            "",
            templates.render("metrics", root, metrics=shown, columns=metric_columns(shown)),
        ]
        if len(shown) < len(rows):
            parts += ["", continued]
    parts += evaluation.bias_parts(entry)
    starts = sorted(s.line for s in entry.sections if s.line > 0)
    left = budget
    for section, body in zip(entry.sections, entry.sections_html, strict=True):
        parts += ["", f"## {escape_inline(section.heading)}", ""]
        end = next((line for line in starts if line > section.line), None)
        marker = findings_panel.section_marker(findings, section.line, end)
        if marker:
            parts += [marker, ""]
        if left is not None:
            left -= len(body.encode("utf-8"))
            if left < 0:
                parts.append(continued)
                continue
        if body.strip():
            parts.append(templates.html_block(f'<div class="xd-card-content">\n{body}\n</div>'))
        else:
            parts.append('<p class="xd-absent">No content.</p>')
    previous = model.previous(entry)
    if previous is not None:
        parts += ["", f"## What changed since {escape_inline(previous.version_label)}", ""]
        changes = diff_sections(previous.sections, entry.sections)
        if budget is not None and sum(len(line) for c in changes for line in c.diff) > 8_000:
            parts += [_diff_block([], previous, changes), "", continued]
        else:
            parts.append(_diff_block(changes, previous))
    return "\n".join(parts).rstrip("\n") + "\n"


#: metric table columns, in order; a column no metric fills is left out.
METRIC_COLUMNS = (
    ("name", "Metric"),
    ("value", "Value"),
    ("dataset", "Dataset"),
    ("split", "Split"),
    ("slice", "Slice"),
    ("ci", "95% CI"),
    ("threshold", "Threshold"),
    ("evidence", "Checked by xdocs"),
)


def metric_columns(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The columns some metric has a value in (name and value always)."""
    return [
        (key, label)
        for key, label in METRIC_COLUMNS
        if key in ("name", "value") or any(str(r.get(key) or "").strip() for r in rows)
    ]


def _next(entry: CardEntry, roster: Any) -> dict[str, Any] | None:
    if not entry.next:
        return None
    role = entry.next.get("role", "")
    people: list[str] = []
    if roster is not None and role:
        people = [p.name for p in roster.holders(role) if getattr(p, "active", True)][:4]
    stage = entry.next.get("stage", "")
    if entry.waiting_on == "author":
        role = "the card's author"
        people = []
    return {"stage_label": stage_label(stage), "role": role, "people": people}


def _versions(
    entry: CardEntry, model: ModelEntry, options: PageOptions, here: str
) -> list[dict[str, Any]]:
    return [
        {
            "label": v.version_label,
            "href": relative_link(here, v.page, options.directory_urls),
            "current": v is entry,
            "status_label": status_label(v.status),
        }
        for v in reversed(model.versions)
    ]


def _panel_rows(entry: CardEntry) -> list[tuple[str, str]]:
    meta = entry.meta
    rows = [("Version", entry.version), ("Status", status_label(entry.status))]
    rows.append(("Owners", ", ".join(entry.owners) or "none listed"))
    for label, key in (
        ("Submitted by", "submitted_by"),
        ("License", "license"),
        ("Risk rating", "risk_rating"),
        ("Model format", "model_format"),
        ("Base model", "base_model"),
        ("Language", "language"),
        ("Datasets", "datasets"),
        ("Artifacts", "artifacts"),
    ):
        if meta.get(key):
            rows.append((label, str(meta[key])))
    for label, value in (
        ("Assignee", entry.assignee),
        ("Priority", entry.priority),
        ("Release", entry.release),
    ):
        if value:
            rows.append((label, str(value)))
    rows.append(("Source", f"{entry.source} ({entry.format})"))
    return rows


def _timeline(entry: CardEntry, roster: Any = None) -> list[dict[str, Any]]:
    def who(person_id: str) -> str:
        person = roster.get(person_id) if roster is not None else None
        return f"{person.name} ({person_id})" if person is not None else person_id

    return [
        {
            "stage": r.stage,
            "stage_label": stage_label(r.stage or "?"),
            "role": r.role,
            "by": who(r.by),
            "decision": r.decision.replace("-", "_"),
            "decision_label": decision_label(r.decision),
            "at": format_time(r.at) if r.at else r.at_text,
            "note": r.note,
            "stale": r.stale and r.valid,
            "history": r.history and r.valid,
            "valid": r.valid,
            "refusal": r.refusal,
            "signature": r.signature,
        }
        for r in entry.timeline
    ]


def _diff_block(
    changes: list[SectionChange], previous: CardEntry, summary_of: list[SectionChange] | None = None
) -> str:
    """The section diff; with ``summary_of``, only the list of changed sections."""
    if summary_of:
        items = "".join(
            f'<li><span class="xd-diff--{c.kind}">{c.kind}</span> {html.escape(c.heading)}</li>'
            for c in summary_of
        )
        return templates.html_block(f'<ul class="xd-diff-summary">{items}</ul>')
    if not changes:
        since = html.escape(previous.version_label)
        return f'<p class="xd-diff-summary">No section changed since {since}.</p>'
    out = ['<div class="xd-diff">', '<ul class="xd-diff-summary">']
    for c in changes:
        out.append(
            f'<li><span class="xd-diff--{c.kind}">{c.kind}</span> {html.escape(c.heading)}</li>'
        )
    out.append("</ul>")
    for c in changes:
        if c.kind == "removed" and not c.diff:
            continue
        body = "".join(_diff_line(line) for line in c.diff)
        out.append(
            f"<details><summary>{html.escape(c.heading)} ({c.kind})</summary>"
            f'<pre class="xd-udiff"><code>{body}</code></pre></details>'
        )
    out.append("</div>")
    return templates.html_block("\n".join(out))


def _diff_line(line: str) -> str:
    cls = {"+": "xd-add", "-": "xd-del"}.get(line[:1])
    text = html.escape(line)
    return f'<span class="{cls}">{text}</span>' if cls else f"{text}\n"
