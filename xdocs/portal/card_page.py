"""One page per model version: banner, switcher, metadata, timeline, content, diff.

The page is Markdown with standard front-matter (``title``, ``status``,
``tags``), so Material shows the status icon in the navigation and the tags
plugin indexes it, and any engine that reads ``mkdocs.yml`` can build it.
Everything the card contributes is either escaped (through the autoescaping
templates) or rendered and sanitized (:func:`xdocs.portal.safe.render_card_markdown`).
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xdocs.portal import evaluation, templates
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


def render_card_page(entry: CardEntry, model: ModelEntry, options: PageOptions) -> str:
    """The full Markdown of one model version's page."""
    root = options.project_root
    parts = [
        front_matter(entry.title, entry.status, page_tags(entry), model=entry.model_id),
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
        ),
        "",
        templates.render(
            "versions", root, name=entry.name, versions=_versions(entry, model, options)
        ),
        "",
        templates.render("panel", root, rows=_panel_rows(entry)),
        "",
        "## Approval timeline",
        "",
        templates.render("timeline", root, records=_timeline(entry, options.roster)),
    ]
    if entry.metrics:
        rows = evaluation.annotated_metrics(entry)
        parts += ["", "## Metrics", "", templates.render("metrics", root, metrics=rows)]
    parts += evaluation.bias_parts(entry)
    for section, body in zip(entry.sections, entry.sections_html, strict=True):
        parts += ["", f"## {escape_inline(section.heading)}", ""]
        if body.strip():
            parts.append(templates.html_block(f'<div class="xd-card-content">\n{body}\n</div>'))
        else:
            parts.append('<p class="xd-absent">No content.</p>')
    previous = model.previous(entry)
    if previous is not None:
        parts += ["", f"## What changed since {escape_inline(previous.version_label)}", ""]
        parts.append(_diff_block(diff_sections(previous.sections, entry.sections), previous))
    if options.preview and entry.findings:
        parts += ["", _lint_block(entry)]
    return "\n".join(parts).rstrip("\n") + "\n"


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


def _versions(entry: CardEntry, model: ModelEntry, options: PageOptions) -> list[dict[str, Any]]:
    return [
        {
            "label": v.version_label,
            "href": relative_link(entry.page, v.page, options.directory_urls),
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
            "valid": r.valid,
            "refusal": r.refusal,
            "signature": r.signature,
        }
        for r in entry.timeline
    ]


def _diff_block(changes: list[SectionChange], previous: CardEntry) -> str:
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


def _lint_block(entry: CardEntry) -> str:
    rows = "".join(
        f"<tr><td><code>{html.escape(f.rule)}</code></td><td>{html.escape(str(f.severity))}</td>"
        f"<td>{f.line}</td><td>{html.escape(f.message)}</td></tr>"
        for f in sorted(entry.findings, key=lambda f: (f.line, f.column, f.rule))[:300]
    )
    n = len(entry.findings)
    return templates.html_block(
        f'<details class="failure xd-lint"><summary>Lint findings ({n})</summary>'
        "<table><thead><tr><th>Rule</th><th>Severity</th><th>Line</th><th>Message</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></details>"
    )
