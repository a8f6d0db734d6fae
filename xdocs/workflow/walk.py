"""The record walk: every workflow rule, applied to one record at a time.

:func:`check_record` judges a record against the walk so far (who may decide,
four-eyes, order, dates, frozen archives, blocking flags) and marks it invalid
with a finding when a rule refuses it; :func:`apply_record` advances the walk
with a valid one. :mod:`xdocs.workflow.state` drives the walk and derives the
status; ``xdocs approve`` runs the same walk with its new record appended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xdocs.card.model import ModelCard
from xdocs.findings import Finding, Severity
from xdocs.workflow import stages as S
from xdocs.workflow.records import Flag, Record, format_time, key_line_in
from xdocs.workflow.roster import Roster

#: Clock skew tolerated before a date counts as "in the future".
FUTURE_SKEW = dt.timedelta(minutes=5)


@dataclass
class StageWalk:
    decision: str | None = None  # last binding decision
    approval: Record | None = None  # the record that approved the stage
    review: Record | None = None  # the worker review that approval rests on
    round: list[Record] = field(default_factory=list)  # worker reviews since the last decision
    escalated_to: str | None = None
    sendback: Record | None = None  # the last changes_requested record


@dataclass
class Walk:
    card: ModelCard
    roster: Roster
    now: dt.datetime
    digest: str
    owners: list[Any]
    submitters: list[Any]
    flags: list[Flag]
    stages: dict[str, StageWalk] = field(default_factory=lambda: {s: StageWalk() for s in S.STAGES})
    archived: Record | None = None
    rejected: Record | None = None
    last_at: dt.datetime | None = None


# -- rules -----
def check_record(w: Walk, r: Record) -> None:
    """Apply every rule to one record; a refused record becomes invalid."""
    card = w.card

    def refuse(rule: str, message: str, key: str | None = None, fix: str | None = None) -> None:
        line = key_line_in(card, r, key) if key and r.line else r.line
        r.problems.append(finding(card, line or r.line, rule, message, fix=fix))
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
    if r.decision not in S.RECORD_DECISIONS:
        refuse(
            "invalid-record",
            f"unknown decision {r.decision!r}; decisions: {', '.join(S.RECORD_DECISIONS)}",
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
        elif r.decision != S.ARCHIVED_DECISION:
            refuse("invalid-record", "an archive record's decision is `archived`", "decision")
        return
    if r.decision == S.ARCHIVED_DECISION:
        refuse("invalid-record", "`archived` is the decision of an archive record only", "decision")
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
                    finding(
                        card,
                        r.line,
                        "missing-stage-data",
                        f"{r.stage} approval lacks `{key}`"
                        + (" (audience, timeline)" if key == "release" else ""),
                        Severity.WARNING,
                    )
                )


def _check_order(w: Walk, r: Record, refuse: Any) -> bool:
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


def apply_record(w: Walk, r: Record) -> None:
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
            st.sendback = r
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
    elif r.decision == S.CHANGES_REQUESTED:
        st.sendback = r
    st.round = []


def finding(
    card: ModelCard,
    line: int,
    rule: str,
    message: str,
    severity: Severity = Severity.ERROR,
    fix: str | None = None,
) -> Finding:
    return Finding(card.path, line or 1, 1, f"workflow/{rule}", severity, message, fix=fix)
