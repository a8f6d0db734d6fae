"""The record walk: what the records so far have established.

:class:`Walk` holds, per stage, the binding decision, the approval and the
review it rests on; :func:`apply_record` advances it with a record the rules
in :mod:`xdocs.workflow.refusals` accepted (``check_record`` there judges
each record against the walk so far). :mod:`xdocs.workflow.state` drives the
walk and derives the status; ``xdocs approve`` runs the same walk with its new
record appended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xdocs.card.model import ModelCard
from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX
from xdocs.workflow import stages as S
from xdocs.workflow.digest import DigestMatcher
from xdocs.workflow.records import Flag, Record
from xdocs.workflow.roster import Roster
from xdocs.workflow.rules import R
from xdocs.workflow.settings import WorkflowSettings

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
    #: follow-up records by a decider that correct the approval's stage data
    amendments: list[Record] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        """The approval's stage data, with later amendments applied."""
        out = dict(self.approval.data) if self.approval is not None else {}
        for rec in self.amendments:
            out.update({k: v for k, v in rec.data.items() if v not in (None, "")})
        return out


@dataclass
class Walk:
    card: ModelCard
    roster: Roster
    now: dt.datetime
    matcher: DigestMatcher
    owners: list[Any]
    submitters: list[Any]
    flags: list[Flag]
    settings: WorkflowSettings = field(default_factory=WorkflowSettings)
    stages: dict[str, StageWalk] = field(default_factory=lambda: {s: StageWalk() for s in S.STAGES})
    archived: Record | None = None
    rejected: Record | None = None
    last_at: dt.datetime | None = None

    @property
    def digest(self) -> str:
        """The card's digest now (what a new record carries)."""
        return self.matcher.current

    def current(self, r: Record) -> bool:
        """Whether ``r`` was given on the card as it is now."""
        return self.matcher.matches(r.digest)

    def same_version(self, a: Record, b: Record) -> bool:
        """Whether two records were given on the same version of the card
        (equal digests, or both matching the card now in their own definition)."""
        if a.digest is not None and a.digest == b.digest:
            return True
        return self.current(a) and self.current(b)


def is_amendment(w: Walk, r: Record) -> bool:
    """A decider's follow-up to a stage already approved on this version,
    carrying stage data (a forgotten ``--assignee``/``--priority``): it
    corrects the approval's data rather than deciding again."""
    if r.stage not in S.TWO_PERSON_STAGES or r.role == S.WORKER or r.decision != S.APPROVED:
        return False
    st = w.stages[r.stage]
    return (
        st.decision == S.APPROVED
        and st.approval is not None
        and not st.round
        and w.same_version(st.approval, r)
        and any(r.data.get(k) for k in S.STAGE_DATA.get(r.stage, ()))
    )


def stage_data_findings(w: Walk) -> list[Finding]:
    """Warnings for approved stages whose (amended) data lacks what the
    process asks for; one per stage, at the approval (or its last amendment)."""
    out = []
    for name, keys in S.STAGE_DATA.items():
        st = w.stages[name]
        if st.decision != S.APPROVED or st.approval is None:
            continue
        data = st.data
        missing = [k for k in keys if not data.get(k)]
        if not missing:
            continue
        where = (st.amendments[-1] if st.amendments else st.approval).line
        extra = " (audience, timeline)" if "release" in missing else ""
        flags = " ".join(f"--{k} VALUE" for k in missing if k != "release")
        if "release" in missing:
            flags = (flags + " --audience TEXT --timeline TEXT").strip()
        out.append(
            finding(
                w.card,
                where,
                "missing-stage-data",
                f"{name} approval lacks {', '.join(f'`{k}`' for k in missing)}{extra}",
                Severity.WARNING,
                fix=f"add it with a follow-up record: xdocs approve CARD --stage {name} "
                f"--by {st.approval.by} {flags}",
            )
        )
    return out


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
    if is_amendment(w, r):
        st.amendments.append(r)
        return
    if r.decision == S.ESCALATED:
        st.decision = S.ESCALATED
        st.escalated_to = S.ESCALATES_TO[r.role]
        return
    st.decision = r.decision
    st.escalated_to = None
    if r.decision == S.APPROVED:
        st.approval = r
        st.amendments = []
        st.review = next((rv for rv in reversed(st.round) if w.same_version(rv, r)), None)
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
    return R[f"workflow/{rule}"].finding(
        card.path, line or 1, 1, message, severity=severity, fix=fix or NO_FIX
    )
