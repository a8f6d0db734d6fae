"""What the portal knows about each card: the card, its derived state, its page.

Cards are grouped into models by their ``name`` (one file per model version);
a model's versions are ordered naturally (``1.10`` after ``1.9``). Status is
never read from the card: it is derived by :func:`xdocs.workflow.state.workflow_state`
from the approval records and the roster, exactly as ``xdocs status`` does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from xdocs.card.model import ModelCard
from xdocs.findings import Finding
from xdocs.portal.content import CardSection
from xdocs.slugs import path_segment

_NATURAL = re.compile(r"(\d+)")


def version_key(version: str) -> tuple[Any, ...]:
    """Natural sort key for a version string (``1.10`` > ``1.9``, ``2026.11`` > ``2026.9``)."""
    parts = _NATURAL.split(version.lstrip("vV"))
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p != "")


@dataclass
class Record:
    """One approval record as the portal shows it (from xdocs.workflow.records.Record)."""

    stage: str
    role: str
    by: str
    decision: str
    at: dt.datetime | None
    at_text: str
    note: str
    stale: bool
    valid: bool
    #: verified | unsigned | invalid ('' when signatures are off)
    signature: str = ""
    #: why a rule refused the record ('' for a record that counts)
    refusal: str = ""
    #: made on an earlier version of the card and since superseded (a review round,
    #: a re-approval): history, not a warning. ``stale`` is set only for approvals
    #: that still count towards the status and no longer match the card.
    history: bool = False


@dataclass
class CardEntry:
    """One card file (one model version), summarized for the portal.

    Plain data only (no ModelCard, no Document), so entries can be made in
    worker processes, cached on disk and compared between builds.
    """

    #: the card file as given (for messages, lint matching).
    source: str
    format: str
    model_id: str
    name: str
    version: str
    status: str
    #: {"stage", "role"} of the next decision, or None when nothing is pending.
    next: dict[str, str] | None
    timeline: list[Record]
    last_decision_at: dt.datetime | None
    #: display-ready metadata: owners (list of str), license, risk_rating, tags, …
    meta: dict[str, Any] = field(default_factory=dict)
    metrics: list[dict[str, str]] = field(default_factory=list)
    #: the normalized card's sections (Markdown) and their sanitized HTML.
    sections: list[CardSection] = field(default_factory=list)
    sections_html: list[str] = field(default_factory=list)
    waiting_on: str | None = None
    assignee: str | None = None
    priority: str | None = None
    release: Any = None
    submitted_at: dt.datetime | None = None
    #: the workflow's own state (xdocs.workflow.state.WorkflowState): the review queue
    #: is built from it by xdocs.workflow.queue, exactly as ``xdocs queue`` builds it.
    state: Any = None
    #: lint findings (preview builds only).
    findings: list[Finding] = field(default_factory=list)
    #: n-th file claiming the same model and version (set by group_models; 1 = first).
    duplicate: int = 1
    #: xdocs' recorded evaluation, summarized (xdocs.portal.evaluation.evaluation_summary).
    evidence: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def version_slug(self) -> str:
        return path_segment(self.version, default="unversioned")

    @property
    def page(self) -> str:
        """The generated page's path in the docs tree."""
        suffix = f"-{self.duplicate}" if self.duplicate > 1 else ""
        return f"models/{self.model_id}/{self.version_slug}{suffix}.md"

    @property
    def version_label(self) -> str:
        """``v1.2`` for a version number, the text itself otherwise."""
        label = f"v{self.version}" if self.version[:1].isdigit() else self.version
        return f"{label} ({self.duplicate})" if self.duplicate > 1 else label

    @property
    def title(self) -> str:
        if self.version == "unversioned" and self.duplicate == 1:
            return self.name
        return f"{self.name} {self.version_label}"

    @property
    def stale_count(self) -> int:
        return sum(1 for r in self.timeline if r.stale)

    @property
    def owners(self) -> list[str]:
        return list(self.meta.get("owners") or [])


@dataclass
class ModelEntry:
    """A model and its versions (oldest first)."""

    model_id: str
    name: str
    versions: list[CardEntry]

    @property
    def latest(self) -> CardEntry:
        return self.versions[-1]

    def previous(self, entry: CardEntry) -> CardEntry | None:
        """The version before ``entry`` (what "What changed since" compares with)."""
        index = self.versions.index(entry)
        return self.versions[index - 1] if index > 0 else None


_META_KEYS = (
    "submitted_by",
    "license",
    "risk_rating",
    "model_format",
    "base_model",
    "language",
    "datasets",
    "artifacts",
)


def entry_from_card(
    card: ModelCard,
    roster: Any,
    *,
    source: str | None = None,
    now: dt.datetime | None = None,
    settings: Any = None,
) -> CardEntry:
    """Summarize one card: status from the workflow (never from the card), content
    sanitized. ``settings``: the project's WorkflowSettings (signatures)."""
    from xdocs.portal.card_html import section_html
    from xdocs.portal.content import sections_with_parts
    from xdocs.portal.evaluation import evaluation_summary
    from xdocs.workflow.state import workflow_state

    state = workflow_state(card, roster, now=now, settings=settings)
    # the approvals that count and no longer match (the workflow's own list)
    stale_lines = {s.get("line") for s in state.stale}
    meta = card.metadata
    name = str(meta.get("name") or card.title or Path(card.path).stem).strip()
    version = str(meta.get("version") or "").strip() or "unversioned"
    display: dict[str, Any] = {
        "owners": [p for p in (_person(o) for o in _as_list(meta.get("owners"))) if p],
        "tags": [str(t) for t in _as_list(meta.get("tags"))],
    }
    for key in _META_KEYS:
        display[key] = display_value(meta.get(key))
    shown = sections_with_parts(card)
    doc = card.document if card.format in ("markdown", "hf") else None
    sections = [section for section, _parts in shown]
    return CardEntry(
        source=source or card.path,
        format=card.format,
        model_id=path_segment(name),
        name=name,
        version=version,
        status=state.status,
        next=dict(state.next) if state.next else None,
        timeline=[_record(r, stale_lines) for r in state.timeline],
        last_decision_at=state.last_decision_at,
        meta=display,
        metrics=[_metric(m) for m in card.metrics[:200]],
        sections=sections,
        sections_html=[section_html(doc, parts) for _section, parts in shown],
        waiting_on=state.waiting_on,
        assignee=state.assignee,
        priority=state.priority,
        release=display_value(state.release) if state.release else None,
        submitted_at=state.submitted_at,
        state=state,
        evidence=evaluation_summary(card),
    )


def _item_label(item: dict[str, Any]) -> str:
    """A dataset/artifact mapping as ``name (role, sha256 1234abcd…)``."""
    main = next((item[k] for k in ("name", "path", "uri", "id") if item.get(k)), None)
    if main is None:
        return display_value(item)
    extra = [str(item[k]) for k in ("role", "kind", "type") if item.get(k)]
    digest = item.get("sha256")
    if isinstance(digest, str) and digest:
        extra.append(f"sha256 {digest[:12]}…")
    return f"{main} ({', '.join(extra)})" if extra else str(main)


def _record(r: Any, stale_lines: set[Any]) -> Record:
    counts_stale = bool(r.stale) and r.line in stale_lines
    return Record(
        stage=str(r.stage or ""),
        role=str(r.role or ""),
        by=str(r.by or ""),
        decision=str(r.decision or ""),
        at=r.at,
        at_text=str(r.at_text or ""),
        note=str(r.note or ""),
        stale=counts_stale,
        valid=bool(r.valid),
        signature=str(r.signature_status or ""),
        refusal=next((p.message for p in r.problems if p.severity.name == "ERROR"), ""),
        history=bool(r.stale) and not counts_stale,
    )


def _metric(m: Any) -> dict[str, str]:
    ci = f"[{m.ci_low}, {m.ci_high}]" if m.ci_low is not None and m.ci_high is not None else ""
    return {
        "name": str(m.name),
        "value": "" if m.value is None else str(m.value),
        "dataset": str(m.dataset or ""),
        "split": str(m.split or ""),
        "slice": str(m.slice or ""),
        "ci": ci,
        "threshold": "" if m.threshold is None else str(m.threshold),
    }


def display_value(value: Any, limit: int = 600) -> str:
    """A metadata value as one line of text (lists joined, mappings as key: value)."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, list | tuple) and value and all(isinstance(v, dict) for v in value):
        text = ", ".join(_item_label(v) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(
            f"{k}: {display_value(v)}" for k, v in value.items() if v not in (None, "")
        )
    elif isinstance(value, list | tuple):
        text = ", ".join(display_value(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def group_models(entries: Iterable[CardEntry]) -> list[ModelEntry]:
    """Models sorted by name, each with its versions in natural order.

    Two files claiming the same model and version are both kept: the second
    gets a ``-2`` suffix on its page so neither silently replaces the other
    (recomputed on every call, so the numbering never drifts between builds).
    """
    models: dict[str, ModelEntry] = {}
    for entry in entries:
        model = models.get(entry.model_id)
        if model is None:
            models[entry.model_id] = ModelEntry(entry.model_id, entry.name, [entry])
        else:
            model.versions.append(entry)
    for model in models.values():
        model.versions.sort(key=lambda e: (version_key(e.version), e.source))
        seen: dict[str, int] = {}
        for entry in model.versions:
            entry.duplicate = seen[entry.version_slug] = seen.get(entry.version_slug, 0) + 1
    return sorted(models.values(), key=lambda m: (m.name.lower(), m.model_id))


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _person(value: Any) -> str:
    """An owner entry (a string or a mapping with name/id/email) as display text."""
    if isinstance(value, dict):
        for key in ("name", "id", "email"):
            if value.get(key):
                return str(value[key])
        return ""
    return str(value)


def format_date(value: Any) -> str:
    """A datetime/date/str as ``YYYY-MM-DD`` ('' when unknown)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value)[:10]


def format_time(value: Any) -> str:
    """A datetime as ISO 8601 UTC text for ``<time datetime>`` ('' when unknown)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return "" if value is None else str(value)
