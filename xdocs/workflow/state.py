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
from xdocs.workflow.digest import DigestMatcher
from xdocs.workflow.records import (
    UTC,
    Flag,
    Record,
    format_time,
    parse_time,
    people_field,
    read_flags,
    read_records,
)
from xdocs.workflow.roster import Roster
from xdocs.workflow.settings import WorkflowSettings
from xdocs.workflow.walk import Walk, apply_record, check_record, finding


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
            "label": S.STATUS_LABELS[self.status],
            "stage": self.stage,
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


def workflow_state(
    card: ModelCard,
    roster: Roster,
    now: dt.datetime | None = None,
    *,
    extra: list[Record] | None = None,
    settings: WorkflowSettings | None = None,
) -> WorkflowState:
    """Derive the workflow state of ``card`` with ``roster``.

    ``now`` (default: the current UTC time) is the reference for "in the
    future". ``extra`` records are walked after the card's own, as if
    appended (``xdocs approve`` uses it to validate before writing).
    ``settings`` is the project's workflow policy (signatures); default:
    signatures optional.
    """
    now = (now or dt.datetime.now(UTC)).astimezone(UTC)
    records, shape_problem = read_records(card)
    records = records + list(extra or [])
    walk = Walk(
        card=card,
        roster=roster,
        now=now,
        matcher=DigestMatcher(card.document),
        owners=people_field(card, "owners"),
        submitters=people_field(card, "submitted_by"),
        flags=read_flags(card),
        settings=settings or WorkflowSettings(),
    )
    findings: list[Finding] = []
    if shape_problem:
        findings.append(finding(card, card.line_of("approvals"), "invalid-record", shape_problem))
    unsound = False
    for rec in records:
        rec.stale = rec.digest is not None and not walk.current(rec)
        unsound = unsound or walk.matcher.v1_unsound(rec.digest)
        check_record(walk, rec)
        if rec.valid:
            apply_record(walk, rec)
        findings.extend(rec.problems)
    if walk.archived is not None and walk.archived.stale:
        findings.append(
            finding(
                card,
                walk.archived.line,
                "archived-changed",
                f"the card changed after it was archived by {walk.archived.by} on "
                f"{walk.archived.at_text}: archived cards are frozen",
                fix="revert the edit; publish changes as a new version of the card",
            )
        )
    if unsound:
        findings.append(
            finding(
                card,
                card.line_of("approvals"),
                "stale-approval",
                "approvals with v1 (`sha256:`) digests cannot vouch for this card's layout "
                "(YAML anchors or aliases, or an approvals block that its indentation does "
                "not delimit): they count as given on another version",
                Severity.WARNING,
                fix="re-approve the stages: new records carry v2 (`sha256v2:`) digests",
            )
        )
    state = _derive(walk, records)
    for sta in state.stale:
        findings.append(
            finding(
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


# -- status -----------------------------------------------------------------------------
def _derive(w: Walk, records: list[Record]) -> WorkflowState:
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
            state.status, state.stage = S.STATUS_CHANGES_REQUESTED, name
            # the author's turn until the card changes; then the reviewers',
            # starting with any earlier approval the edit made stale
            edited = st.sendback is not None and not w.current(st.sendback)
            state.waiting_on = None if edited else "author"
            earlier = _stale_approvals(w, S.STAGES[: S.stage_index(name)])
            state.stale = earlier
            again = earlier[0]["stage"] if earlier else name
            state.next = {"stage": again, "role": _next_role(w, again)}
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
    state.stale = _stale_approvals(w, S.STAGES[:passed])
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


def _stale_approvals(w: Walk, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """The approvals (and the reviews they rest on) of ``names`` that no longer
    match the card."""
    out = []
    for name in names:
        st = w.stages[name]
        for rec in (st.review, st.approval):
            if rec is not None and rec.stale and st.decision == S.APPROVED:
                out.append(
                    {
                        "stage": name,
                        "role": rec.role,
                        "by": rec.by,
                        "decision": rec.decision,
                        "at": rec.at_text,
                        "line": rec.line,
                    }
                )
    return out


def _next_role(w: Walk, stage: str) -> str:
    st = w.stages[stage]
    if stage in S.TWO_PERSON_STAGES and any(w.current(rv) for rv in st.round):
        return S.MANAGER
    return S.roles_for_stage(stage)[0]


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
