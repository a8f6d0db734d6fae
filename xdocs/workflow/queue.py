"""The review queue: the publishing manager's view of cards awaiting a decision.

Pure functions over :class:`~xdocs.workflow.state.WorkflowState` (the portal
renders the same list the ``xdocs queue`` command prints). A card is in the
queue while someone has to act on it: from ``submitted`` up to
``executive-approved``, plus ``changes-requested`` (waiting on the author),
``escalated`` and ``stale``. Drafts (not submitted), published, rejected and
archived cards are not, unless ``include_all`` is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from xdocs.card.model import ModelCard
from xdocs.workflow import stages as S
from xdocs.workflow.gitsource import first_commit_dates
from xdocs.workflow.records import UTC, format_time
from xdocs.workflow.roster import Roster
from xdocs.workflow.settings import WorkflowSettings
from xdocs.workflow.state import WorkflowState, workflow_state

#: Statuses that need nobody's action.
DONE = frozenset({S.DRAFT, S.PUBLISHED, S.STATUS_REJECTED, S.ARCHIVED})
#: ``--sort`` keys.
SORTS = ("stage", "waiting", "priority")


@dataclass
class QueueItem:
    """One row of the queue."""

    path: str
    model: str | None
    version: str | None
    status: str
    stage: str | None
    role: str | None
    waiting_on: str | None
    assignee: str | None
    priority: str | None
    waiting_since: dt.datetime | None
    days_waiting: int | None
    flags: list[dict[str, Any]] = field(default_factory=list)
    blocked: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "model": self.model,
            "version": self.version,
            "status": self.status,
            "stage": self.stage,
            "role": self.role,
            "waiting_on": self.waiting_on,
            "assignee": self.assignee,
            "priority": self.priority,
            "waiting_since": format_time(self.waiting_since) if self.waiting_since else None,
            "days_waiting": self.days_waiting,
            "flags": self.flags,
            "blocked": self.blocked,
        }


def queue_item(
    state: WorkflowState, now: dt.datetime | None = None, submitted: dt.datetime | None = None
) -> QueueItem:
    """The queue row of one card's state (``submitted``: when the card was
    first committed, for cards with no decision and no ``submitted_at``)."""
    now = (now or dt.datetime.now(UTC)).astimezone(UTC)
    since = state.last_decision_at or state.submitted_at or submitted
    days = max(0, (now - since).days) if since else None
    nxt = state.next or {}
    return QueueItem(
        path=state.path,
        model=state.model,
        version=state.version,
        status=state.status,
        stage=nxt.get("stage") or state.stage,
        role=nxt.get("role"),
        waiting_on=state.waiting_on or (nxt.get("role") if nxt else None),
        assignee=state.assignee,
        priority=state.priority,
        waiting_since=since,
        days_waiting=days,
        flags=[f.to_json() for f in state.flags],
        blocked=state.blocked,
    )


def review_queue(
    states: Iterable[WorkflowState],
    now: dt.datetime | None = None,
    sort: str = "stage",
    include_all: bool = False,
    submitted: dict[str, dt.datetime] | None = None,
) -> list[QueueItem]:
    """Queue rows for ``states``, sorted.

    ``sort``: ``stage`` (process order, then longest waiting), ``waiting``
    (longest waiting first) or ``priority`` (critical first, then longest
    waiting). Unknown values raise ValueError.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: {', '.join(SORTS)}")
    submitted = submitted or {}
    items = [
        queue_item(s, now, submitted.get(s.path))
        for s in states
        if include_all or s.status not in DONE
    ]

    def waiting(item: QueueItem) -> tuple[bool, float]:
        since = item.waiting_since
        return (since is None, since.timestamp() if since else 0.0)

    def stage(item: QueueItem) -> int:
        return S.stage_index(item.stage) if item.stage else len(S.STAGES) + 1

    def priority(item: QueueItem) -> int:
        p = item.priority
        return S.PRIORITIES.index(p) if p in S.PRIORITIES else len(S.PRIORITIES)

    if sort == "stage":
        items.sort(key=lambda i: (stage(i), *waiting(i), i.path))
    elif sort == "waiting":
        items.sort(key=lambda i: (*waiting(i), i.path))
    else:
        items.sort(key=lambda i: (priority(i), *waiting(i), i.path))
    return items


def build_queue(
    cards: Iterable[ModelCard],
    roster: Roster,
    now: dt.datetime | None = None,
    sort: str = "stage",
    include_all: bool = False,
    settings: WorkflowSettings | None = None,
) -> list[QueueItem]:
    """Derive each card's state and return the sorted queue."""
    cards = list(cards)
    states = [workflow_state(card, roster, now, settings=settings) for card in cards]
    undated = [s.path for s in states if not (s.last_decision_at or s.submitted_at)]
    return review_queue(states, now, sort, include_all, first_commit_dates(undated))
