"""Derive a card's workflow status from its approval records.

Status is never typed by hand: :func:`workflow_state` walks the records in
file order, applies every rule to each one (who may decide, four-eyes, order,
dates, frozen archives, blocking flags), ignores the records a rule refuses,
and derives the status from what is left, comparing each digest with the card
as it is now. ``xdocs approve`` runs the very same walk with the new record
appended, so what the command refuses is exactly what ``xdocs check`` flags.

The walk, per stage:

* ``intake``/``evaluation``/``documentation``: a publishing worker reviews
  (``approved`` or ``changes_requested``), then a publishing manager who is not
  that worker decides on the *same version* of the card. A manager may
  escalate: the decision then belongs to an executive (an executive may in
  turn escalate to the Chief AI).
* ``executive`` and ``chief_ai``: one decision by that role.
* A record at a stage needs every earlier stage approved; an ``approved``
  record also needs those approvals to be of the same version (same digest),
  so re-approval after an edit goes in order again.
* ``archive`` (any time, by a manager, executive or the Chief AI) freezes the
  card: any later record, or any edit that changes its digest, is an error.

This module is pure: no printing, no writing; the portal calls it to render.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xdocs.card.model import ModelCard
from xdocs.findings import Finding, Severity
from xdocs.workflow import stages as S
from xdocs.workflow.digest import card_digest
from xdocs.workflow.records import (
    UTC,
    Flag,
    Record,
    format_time,
    parse_time,
    people_field,
    read_flags,
    read_records,
    record_line,
)
from xdocs.workflow.roster import Roster

#: Clock skew tolerated before a date counts as "in the future".
FUTURE_SKEW = dt.timedelta(minutes=5)


@dataclass
class WorkflowState:
    """Where a card is in the process. ``to_json`` is the ``xdocs status`` contract."""

    path: str
    status: str
    #: who acts next: ``{"stage": ..., "role": ...}``, or None (draft, done, frozen).
    next: dict[str, str] | None
    timeline: list[Record]
    #: approvals that count towards the status but no longer match the card.
    stale: list[dict[str, Any]]
    #: open evidence flags.
    flags: list[Flag]
    last_decision_at: dt.datetime | None
    digest: str
    findings: list[Finding] = field(default_factory=list)
    #: "author" when the card waits for its author (draft, changes requested).
    waiting_on: str | None = None
    model: str | None = None
    version: str | None = None
    assignee: str | None = None
    priority: str | None = None
    release: dict[str, Any] | None = None
    submitted_at: dt.datetime | None = None
    #: the stage the card is at (the next one to decide, or the last one passed).
    stage: str | None = None

    @property
    def blocked(self) -> bool:
        """An open critical flag stops approvals beyond evaluation."""
        return any(f.blocking for f in self.flags)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "model": self.model,
            "version": self.version,
            "status": self.status,
            "next": self.next,
            "stale": self.stale,
            "flags": [f.to_json() for f in self.flags],
            "waiting_on": self.waiting_on,
            "assignee": self.assignee,
            "priority": self.priority,
            "last_decision_at": format_time(self.last_decision_at)
            if self.last_decision_at
            else None,
            "sagemaker_status": S.sagemaker_status(self.status),
            "model_registry_status": S.model_registry_status(self.status),
            "timeline": [r.to_json() for r in self.timeline],
            "problems": [f.to_dict() for f in self.findings],
        }


@dataclass
class _Stage:
    decision: str | None = None  # last binding decision
    approval: Record | None = None  # the record that approved the stage
    review: Record | None = None  # the worker review that approval rests on
    round: list[Record] = field(default_factory=list)  # worker reviews since the last decision
    escalated_to: str | None = None


@dataclass
class _Walk:
    card: ModelCard
    roster: Roster
    now: dt.datetime
    digest: str
    owners: list[Any]
    submitters: list[Any]
    flags: list[Flag]
    stages: dict[str, _Stage] = field(default_factory=lambda: {s: _Stage() for s in S.STAGES})
    archived: Record | None = None
    rejected: Record | None = None
    last_at: dt.datetime | None = None


def workflow_state(
    card: ModelCard,
    roster: Roster,
    now: dt.datetime | None = None,
    *,
    extra: list[Record] | None = None,
) -> WorkflowState:
    """Derive the workflow state of ``card`` with ``roster``.

    ``now`` (default: the current UTC time) is the reference for "in the
    future". ``extra`` records are walked after the card's own, as if
    appended (``xdocs approve`` uses it to validate before writing).
    """
    now = (now or dt.datetime.now(UTC)).astimezone(UTC)
    records, shape_problem = read_records(card)
    records = records + list(extra or [])
    walk = _Walk(
        card=card,
        roster=roster,
        now=now,
        digest=card_digest(card.document),
        owners=people_field(card, "owners"),
        submitters=people_field(card, "submitted_by"),
        flags=read_flags(card),
    )
    findings: list[Finding] = []
    if shape_problem:
        findings.append(_finding(card, card.line_of("approvals"), "invalid-record", shape_problem))
    for rec in records:
        rec.stale = rec.digest is not None and rec.digest != walk.digest
        _check(walk, rec)
        if rec.valid:
            _apply(walk, rec)
        findings.extend(rec.problems)
    if walk.archived is not None and walk.archived.stale:
        findings.append(
            _finding(
                card,
                walk.archived.line,
                "archived-changed",
                f"the card changed after it was archived by {walk.archived.by} on "
                f"{walk.archived.at_text}: archived cards are frozen",
                fix="revert the edit; publish changes as a new version of the card",
            )
        )
    state = _derive(walk, records)
    for sta in state.stale:
        findings.append(
            _finding(
                card,
                sta["line"],
                "stale-approval",
                f"the {sta['stage']} {sta['decision']} by {sta['by']} ({sta['at']}) was given "
                "on another version of the card: it is stale",
                Severity.WARNING,
                fix=f"have the {sta['stage']} stage re-approved: xdocs approve CARD "
                f"--stage {sta['stage']} --by PERSON",
            )
        )
    state.findings = findings
    return state


# -- rules ------------------------------------------------------------------------------
def _check(w: _Walk, r: Record) -> None:
    """Apply every rule to one record; a refused record becomes invalid."""
    card = w.card

    def refuse(rule: str, message: str, key: str | None = None, fix: str | None = None) -> None:
        line = record_line(card, r.index, key) if key and r.index < _count(card) else r.line
        r.problems.append(_finding(card, line or r.line, rule, message, fix=fix))
        r.valid = False

    missing = [k for k in S.RECORD_KEYS if not r.raw.get(k)]
    if missing:
        refuse(
            "invalid-record",
            f"approval record {r.index + 1} lacks {', '.join(missing)}",
            fix="record decisions with xdocs approve, never by hand",
        )
        return
    if r.stage not in S.RECORD_STAGES:
        refuse(
            "invalid-record",
            f"unknown stage {r.stage!r}; stages: {', '.join(S.RECORD_STAGES)}",
            "stage",
        )
        return
    if r.decision not in S.DECISIONS:
        refuse(
            "invalid-record",
            f"unknown decision {r.decision!r}; decisions: {', '.join(S.DECISIONS)}",
            "decision",
        )
        return
    if r.role not in S.ROLES:
        refuse("invalid-record", f"unknown role {r.role!r}; roles: {', '.join(S.ROLES)}", "role")
        return
    if r.at is None:
        refuse("invalid-record", f"`at` is not an ISO 8601 date-time: {r.at_text!r}", "at")
        return
    if r.digest is None:
        refuse("invalid-record", "`digest` is not a sha256 digest", "digest")
        return
    if not w.submitters:
        refuse(
            "not-submitted",
            "the card has no `submitted_by`: it is a draft, not yet submitted for review",
            fix="set `submitted_by:` (and `owners:`) in the front-matter to submit it",
        )
        return
    person = w.roster.get(r.by)
    if person is None:
        refuse(
            "unknown-person",
            f"{r.by!r} is not in the roster ({w.roster.path}): only roster members may decide",
            "by",
            fix="add the person to the roster (a protected file) or remove the forged record",
        )
        return
    if not person.holds(r.role):
        refuse(
            "wrong-role",
            f"{r.by} does not hold the {r.role} role (roster: {', '.join(person.roles)})",
            "role",
        )
        return
    if w.archived is not None:
        refuse(
            "archived-changed",
            f"the card was archived by {w.archived.by} on {w.archived.at_text}: "
            "no decision may be added to an archived card",
        )
        return
    if w.rejected is not None and r.stage != S.ARCHIVE_STAGE:
        refuse(
            "after-rejection",
            f"the card was rejected at {w.rejected.stage} by {w.rejected.by}: a rejected card "
            "takes no further decisions (submit a new version, or archive it)",
        )
        return
    for label, entries in (("owns", w.owners), ("submitted", w.submitters)):
        if any(person.matches(e) for e in entries):
            refuse(
                "self-approval",
                f"{r.by} {label} this card and cannot decide on it",
                "by",
                fix="ask another roster member holding the role",
            )
            return
    if r.at > w.now + FUTURE_SKEW:
        refuse("future-date", f"decision date {r.at_text} is in the future", "at")
        return
    if w.last_at is not None and r.at < w.last_at:
        refuse(
            "date-order",
            f"decision date {r.at_text} is before the previous decision "
            f"({format_time(w.last_at)}): dates never go backwards",
            "at",
        )
        return
    if r.stage == S.ARCHIVE_STAGE:
        if r.role not in S.ARCHIVERS:
            refuse(
                "wrong-role",
                f"a {r.role} cannot archive a card (needs {', '.join(S.ARCHIVERS)})",
                "role",
            )
        elif r.decision != S.APPROVED:
            refuse("invalid-record", "an archive record's decision is `approved`", "decision")
        return
    st = w.stages[r.stage]
    allowed = (st.escalated_to,) if st.escalated_to else S.roles_for_stage(r.stage)
    if r.role not in allowed:
        why = " (it was escalated)" if st.escalated_to else ""
        refuse(
            "wrong-role",
            f"a {r.role} cannot decide the {r.stage} stage{why}: it needs {' then '.join(allowed)}",
            "role",
        )
        return
    if r.role == S.WORKER and r.decision not in S.WORKER_DECISIONS:
        refuse(
            "invalid-decision",
            f"a publishing-worker reviews ({' or '.join(S.WORKER_DECISIONS)}); "
            f"{r.decision} is the publishing-manager's decision",
            "decision",
        )
        return
    if r.decision == S.ESCALATED and r.role not in S.ESCALATES_TO:
        refuse("invalid-decision", f"a {r.role} cannot escalate: the decision is final", "decision")
        return
    if not _check_order(w, r, refuse):
        return
    if r.stage in S.TWO_PERSON_STAGES and r.role != S.WORKER:
        same = [rv for rv in st.round if rv.by == r.by]
        if same:
            refuse(
                "four-eyes",
                f"{r.by} reviewed {r.stage} as publishing-worker and cannot also decide it: "
                "worker and manager of one stage differ",
                "by",
            )
            return
        if r.decision in (S.APPROVED, S.ESCALATED):
            if not st.round:
                refuse(
                    "missing-review",
                    f"{r.stage} needs a publishing-worker review before the {r.role}'s decision",
                    fix=f"xdocs approve CARD --stage {r.stage} --by WORKER",
                )
                return
            if not any(rv.digest == r.digest for rv in st.round):
                refuse(
                    "missing-review",
                    f"the publishing-worker review of {r.stage} was given on another version "
                    "of the card: a new review is needed first",
                )
                return
    if r.decision == S.APPROVED and r.stage in ("documentation", "executive", "chief_ai"):
        blocking = [
            f for f in w.flags if f.blocking and (f.raised_at is None or f.raised_at <= r.at)
        ]
        if blocking:
            refuse(
                "blocking-flag",
                f"critical evidence flag {blocking[0].id!r} is open "
                f"({blocking[0].message or 'no message'}): no approval beyond evaluation",
                fix="resolve the flag (resolved: true, resolved_at: DATE) first",
            )
            return
    if r.decision == S.APPROVED:
        for key in S.STAGE_DATA.get(r.stage, ()):
            if r.role == S.WORKER:
                break
            if not r.data.get(key):
                r.problems.append(
                    _finding(
                        card,
                        r.line,
                        "missing-stage-data",
                        f"{r.stage} approval lacks `{key}`"
                        + (" (audience, timeline)" if key == "release" else ""),
                        Severity.WARNING,
                    )
                )


def _check_order(w: _Walk, r: Record, refuse: Any) -> bool:
    for earlier in S.STAGES[: S.stage_index(r.stage)]:
        est = w.stages[earlier]
        if est.decision != S.APPROVED or est.approval is None:
            refuse(
                "order",
                f"{r.stage} decision before {earlier} is approved: stages go in order "
                f"({' → '.join(S.STAGES)})",
                "stage",
            )
            return False
        if r.decision == S.APPROVED and est.approval.digest != r.digest:
            refuse(
                "order",
                f"the {earlier} approval was given on another version of the card: "
                f"re-approve {earlier} before approving {r.stage}",
                "stage",
            )
            return False
    return True


def _apply(w: _Walk, r: Record) -> None:
    """Advance the walk with a valid record."""
    assert r.at is not None and r.stage is not None
    w.last_at = r.at
    if r.stage == S.ARCHIVE_STAGE:
        w.archived = r
        return
    st = w.stages[r.stage]
    if r.role == S.WORKER:
        if r.decision == S.APPROVED:
            st.round.append(r)
        else:  # changes requested: back to the author, a new round starts
            st.decision = S.CHANGES_REQUESTED
            st.round = []
        return
    if r.decision == S.ESCALATED:
        st.decision = S.ESCALATED
        st.escalated_to = S.ESCALATES_TO[r.role]
        return
    st.decision = r.decision
    st.escalated_to = None
    if r.decision == S.APPROVED:
        st.approval = r
        st.review = next((rv for rv in reversed(st.round) if rv.digest == r.digest), None)
    elif r.decision == S.REJECTED:
        w.rejected = r
    st.round = []


# -- status -----------------------------------------------------------------------------
def _derive(w: _Walk, records: list[Record]) -> WorkflowState:
    card = w.card
    valid = [r for r in records if r.valid]
    state = WorkflowState(
        path=card.path,
        status=S.SUBMITTED if w.submitters else S.DRAFT,
        next=None,
        timeline=records,
        stale=[],
        flags=[f for f in w.flags if not f.resolved],
        last_decision_at=valid[-1].at if valid else None,
        digest=w.digest,
        model=_text(card.metadata.get("name")),
        version=_text(card.metadata.get("version")),
    )
    submitted = card.raw.get("submitted_at") if isinstance(card.raw, dict) else None
    state.submitted_at = parse_time(submitted)
    intake = w.stages["intake"].approval
    if intake is not None:
        state.assignee = _text(intake.data.get("assignee"))
        state.priority = _text(intake.data.get("priority"))
    executive = w.stages["executive"].approval
    if executive is not None and isinstance(executive.data.get("release"), dict):
        state.release = executive.data["release"]
    if w.archived is not None:
        state.status, state.stage = S.ARCHIVED, S.ARCHIVE_STAGE
        return state
    if w.rejected is not None:
        state.status, state.stage = S.STATUS_REJECTED, w.rejected.stage
        return state
    for name in S.STAGES:
        st = w.stages[name]
        if st.decision == S.CHANGES_REQUESTED:
            state.status, state.stage, state.waiting_on = S.STATUS_CHANGES_REQUESTED, name, "author"
            state.next = {"stage": name, "role": S.roles_for_stage(name)[0]}
            return state
    for name in S.STAGES:
        st = w.stages[name]
        if st.decision == S.ESCALATED and st.escalated_to:
            state.status, state.stage = S.STATUS_ESCALATED, name
            state.next = {"stage": name, "role": st.escalated_to}
            return state
    passed = 0
    for name in S.STAGES:
        if w.stages[name].decision != S.APPROVED:
            break
        passed += 1
    for name in S.STAGES[:passed]:
        st = w.stages[name]
        for rec in (st.review, st.approval):
            if rec is not None and rec.stale:
                state.stale.append(
                    {
                        "stage": name,
                        "role": rec.role,
                        "by": rec.by,
                        "decision": rec.decision,
                        "at": rec.at_text,
                        "line": rec.line,
                    }
                )
    if state.stale:
        first = state.stale[0]["stage"]
        state.status, state.stage = S.STALE, first
        state.next = {"stage": first, "role": _next_role(w, first)}
        return state
    if passed:
        state.status = S.STAGE_STATUS[S.STAGES[passed - 1]]
    elif not w.submitters:
        state.waiting_on = "author"
        return state
    if passed < len(S.STAGES):
        name = S.STAGES[passed]
        state.stage = name
        state.next = {"stage": name, "role": _next_role(w, name)}
    else:
        state.stage = S.STAGES[-1]
    return state


def _next_role(w: _Walk, stage: str) -> str:
    st = w.stages[stage]
    if stage in S.TWO_PERSON_STAGES and any(rv.digest == w.digest for rv in st.round):
        return S.MANAGER
    return S.roles_for_stage(stage)[0]


def _finding(
    card: ModelCard,
    line: int,
    rule: str,
    message: str,
    severity: Severity = Severity.ERROR,
    fix: str | None = None,
) -> Finding:
    return Finding(card.path, line or 1, 1, f"workflow/{rule}", severity, message, fix=fix)


def _count(card: ModelCard) -> int:
    raw = card.raw if isinstance(card.raw, dict) else {}
    value = raw.get("approvals")
    return len(value) if isinstance(value, list) else 0


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
