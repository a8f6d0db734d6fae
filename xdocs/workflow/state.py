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
from xdocs.workflow.refusals import check_record
from xdocs.workflow.roster import Roster
from xdocs.workflow.settings import WorkflowSettings
from xdocs.workflow.walk import Walk, apply_record, finding, stage_data_findings


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
    #: a label that says more than the status id (``In re-review``)
    label: str | None = None
    #: who evaluates (the intake decision's assignee), whatever the stage
    evaluation_assignee: str | None = None

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
            "label": self.label or S.STATUS_LABELS[self.status],
            "stage": self.stage,
            "next": self.next,
            "stale": self.stale,
            "flags": [f.to_json() for f in self.flags],
            "waiting_on": self.waiting_on,
            "assignee": self.assignee,
            "evaluation_assignee": self.evaluation_assignee,
            "priority": self.priority,
            "next_text": next_step_text(self),
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
    findings.extend(stage_data_findings(walk))
    if state.stale:
        findings.append(_stale_finding(card, state))
    state.findings = findings
    return state


def _stale_finding(card: ModelCard, state: WorkflowState) -> Finding:
    """One warning per card for the approvals an edit made stale (the detail
    stays in ``state.stale``)."""
    stale = state.stale
    n = len(stale)
    who = ", ".join(f"{s['stage']} by {s['by']}" for s in stale[:4])
    more = f", and {n - 4} more" if n > 4 else ""
    first = stale[0]["stage"]
    verb = "was" if n == 1 else "were"
    return finding(
        card,
        stale[0]["line"],
        "stale-approval",
        f"{n} approval{'s' if n != 1 else ''} ({who}{more}) {verb} given on another version "
        "of the card: it changed after them, so they no longer count",
        Severity.WARNING,
        fix=f"re-approve in order from {first}: xdocs approve CARD --stage {first} --by PERSON",
    )


def article(word: str) -> str:
    """``a`` or ``an`` for a role or stage name."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def next_step_text(state: WorkflowState) -> str:
    """Who acts next, in words: one sentence every command and the portal use."""
    if state.status == S.DRAFT:
        return "the author submits it (set submitted_by)"
    nxt = state.next
    if not nxt:
        return ""
    role = nxt["role"]
    if state.waiting_on == "author":
        return f"{nxt['stage']} by the author, then {article(role)} {role}"
    return f"{nxt['stage']} by {article(role)} {role}"


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
    if w.stages["intake"].approval is not None:
        intake = w.stages["intake"].data
        state.evaluation_assignee = _text(intake.get("assignee"))
        state.priority = _text(intake.get("priority"))
    if w.stages["executive"].approval is not None:
        release = w.stages["executive"].data.get("release")
        if isinstance(release, dict):
            state.release = release
    _derive_status(w, state)
    # the assignee evaluates: show them while evaluation is the stage in progress
    if state.next and state.next.get("stage") == "evaluation":
        state.assignee = state.evaluation_assignee
    return state


def _derive_status(w: Walk, state: WorkflowState) -> None:
    if w.archived is not None:
        state.status, state.stage = S.ARCHIVED, S.ARCHIVE_STAGE
        return
    if w.rejected is not None:
        state.status, state.stage = S.STATUS_REJECTED, w.rejected.stage
        return
    for name in S.STAGES:
        st = w.stages[name]
        if st.decision == S.CHANGES_REQUESTED:
            edited = st.sendback is not None and not w.current(st.sendback)
            if not edited:  # the author's turn
                state.status, state.stage = S.STATUS_CHANGES_REQUESTED, name
                state.waiting_on = "author"
                state.next = {"stage": name, "role": _next_role(w, name)}
                return
            # the author edited as asked: the card is in review again, from the
            # first stage not approved on this version (earlier approvals of the
            # old version are expected to be stale: no warning)
            again = 0
            while again < len(S.STAGES) and _approved_now(w, S.STAGES[again]):
                again += 1
            state.status = S.STAGE_STATUS[S.STAGES[again - 1]] if again else S.SUBMITTED
            state.label = "In re-review"
            state.stage = S.STAGES[again] if again < len(S.STAGES) else S.STAGES[-1]
            state.next = {"stage": state.stage, "role": _next_role(w, state.stage)}
            return
    for name in S.STAGES:
        st = w.stages[name]
        if st.decision == S.ESCALATED and st.escalated_to:
            state.status, state.stage = S.STATUS_ESCALATED, name
            state.next = {"stage": name, "role": st.escalated_to}
            return
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
        return
    if passed:
        state.status = S.STAGE_STATUS[S.STAGES[passed - 1]]
    elif not w.submitters:
        state.waiting_on = "author"
        return
    if passed < len(S.STAGES):
        name = S.STAGES[passed]
        state.stage = name
        state.next = {"stage": name, "role": _next_role(w, name)}
    else:
        state.stage = S.STAGES[-1]


def _approved_now(w: Walk, stage: str) -> bool:
    """The stage's approval stands on the card as it is now."""
    st = w.stages[stage]
    return st.decision == S.APPROVED and st.approval is not None and w.current(st.approval)


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
