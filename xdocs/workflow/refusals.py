"""The workflow rules, applied to one record at a time.

:func:`check_record` judges a record against the walk so far (complete,
submitted, on the roster, active, signed, not after a final decision, not
self-approval, dates, role, order, one review per person, four-eyes, blocking
flags) and marks it invalid with a finding when a rule refuses it: the first
refusal wins and the record then counts for nothing. The rules are small
functions in the order of :data:`RULES`, each saying why it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xdocs.workflow import stages as S
from xdocs.workflow.records import Record, format_time, key_line_in
from xdocs.workflow.signature import INVALID, UNSIGNED, verify_record
from xdocs.workflow.walk import FUTURE_SKEW, Walk, finding, is_amendment


@dataclass(frozen=True)
class Refusal:
    """Why a rule refuses a record: rule id (without ``workflow/``), message,
    the record key it is about (for the line), and a fix hint."""

    rule: str
    message: str
    key: str | None = None
    fix: str | None = None


def check_record(w: Walk, r: Record) -> None:
    """Apply every rule, in order, to one record. The first refusal makes the
    record invalid (it then counts for nothing); a valid approval may still get
    a warning for missing stage data."""
    for rule in RULES:
        refusal = rule(w, r)
        if refusal is not None:
            line = key_line_in(w.card, r, refusal.key) if refusal.key and r.line else r.line
            r.problems.append(
                finding(w.card, line or r.line, refusal.rule, refusal.message, fix=refusal.fix)
            )
            r.valid = False
            return


def _complete(w: Walk, r: Record) -> Refusal | None:
    """Every field present and known."""
    missing = [k for k in S.RECORD_KEYS if not r.raw.get(k)]
    if missing:
        return Refusal(
            "invalid-record",
            f"approval record {r.index + 1} lacks {', '.join(missing)}",
            fix="record decisions with xdocs approve, never by hand",
        )
    if r.stage not in S.RECORD_STAGES:
        stages = ", ".join(S.RECORD_STAGES)
        return Refusal("invalid-record", f"unknown stage {r.stage!r}; stages: {stages}", "stage")
    if r.decision not in S.RECORD_DECISIONS:
        known = ", ".join(S.RECORD_DECISIONS)
        return Refusal(
            "invalid-record", f"unknown decision {r.decision!r}; decisions: {known}", "decision"
        )
    if r.role not in S.ROLES:
        return Refusal(
            "invalid-record", f"unknown role {r.role!r}; roles: {', '.join(S.ROLES)}", "role"
        )
    if r.at is None:
        return Refusal("invalid-record", f"`at` is not an ISO 8601 date-time: {r.at_text!r}", "at")
    if r.digest is None:
        return Refusal("invalid-record", "`digest` is not a sha256 digest", "digest")
    return None


def _submitted(w: Walk, r: Record) -> Refusal | None:
    """A draft takes no decision."""
    if w.submitters:
        return None
    return Refusal(
        "not-submitted",
        "the card has no `submitted_by`: it is a draft, not yet submitted for review",
        fix="set `submitted_by:` (and `owners:`) in the front-matter to submit it",
    )


def _on_roster(w: Walk, r: Record) -> Refusal | None:
    """The person exists and holds the record's role."""
    person = w.roster.get(r.by)
    if person is None:
        return Refusal(
            "unknown-person",
            f"{r.by!r} is not in the roster ({w.roster.path}): only roster members may decide",
            "by",
            fix="add the person to the roster (a protected file) or remove the forged record",
        )
    if not person.holds(r.role or ""):
        return Refusal(
            "wrong-role",
            f"{r.by} does not hold the {r.role} role (roster: {', '.join(person.roles)})",
            "role",
        )
    return None


def _active(w: Walk, r: Record) -> Refusal | None:
    """People who left decide nothing from the day they left."""
    person = w.roster.get(r.by)
    assert person is not None
    if person.active_at(r.at):
        return None
    since = f" on {person.until:%Y-%m-%d}" if person.until else ""
    return Refusal(
        "inactive-person",
        f"{r.by} left{since} (`active: false` in the roster): a decision dated "
        f"{r.at_text} does not count",
        "by",
        fix="have a current role holder decide; a roster entry that left needs `until: DATE`",
    )


def _signed(w: Walk, r: Record) -> Refusal | None:
    """The record is signed by a roster key of its approver (when signatures
    are checked); an invalid signature never counts, an unsigned record
    counts only when signatures are optional."""
    if not w.settings.signatures_checked or r.pending_signature:
        return None
    person = w.roster.get(r.by)
    assert person is not None
    verdict = verify_record(r.raw, person.keys, r.at)
    r.signature_status = verdict.status
    r.signed_with = verdict.key.fingerprint if verdict.key else None
    if verdict.status == INVALID:
        return Refusal(
            "signature",
            f"approval record {r.index + 1} ({r.stage} {r.decision} by {r.by}) has an "
            f"invalid signature: {verdict.reason}",
            "signature",
            fix="record decisions with xdocs approve --key YOUR_SSH_KEY",
        )
    if verdict.status == UNSIGNED and w.settings.signatures_required:
        return Refusal(
            "signature",
            f"approval record {r.index + 1} ({r.stage} {r.decision} by {r.by}) is not "
            "signed: this project requires signed approvals (workflow.signatures: required)",
            fix=f"have {r.by} record it with xdocs approve --key THEIR_SSH_KEY "
            "(or sign it: xdocs sign CARD --by PERSON --key KEY)",
        )
    return None


def _not_final(w: Walk, r: Record) -> Refusal | None:
    """Nothing after an archive; only an archive after a rejection."""
    if w.archived is not None:
        return Refusal(
            "archived-changed",
            f"the card was archived by {w.archived.by} on {w.archived.at_text}: "
            "no decision may be added to an archived card",
        )
    if w.rejected is not None and r.stage != S.ARCHIVE_STAGE:
        return Refusal(
            "after-rejection",
            f"the card was rejected at {w.rejected.stage} by {w.rejected.by}: a rejected card "
            "takes no further decisions (submit a new version, or archive it)",
        )
    return None


def _not_self(w: Walk, r: Record) -> Refusal | None:
    """No one decides on a card they own or submitted."""
    person = w.roster.get(r.by)
    assert person is not None
    for label, entries in (("owns", w.owners), ("submitted", w.submitters)):
        if any(person.matches(e) for e in entries):
            return Refusal(
                "self-approval",
                f"{r.by} {label} this card and cannot decide on it",
                "by",
                fix="ask another roster member holding the role",
            )
    return None


def _dates(w: Walk, r: Record) -> Refusal | None:
    """Never in the future, never before the previous decision."""
    assert r.at is not None
    if r.at > w.now + FUTURE_SKEW:
        return Refusal("future-date", f"decision date {r.at_text} is in the future", "at")
    if w.last_at is not None and r.at < w.last_at:
        return Refusal(
            "date-order",
            f"decision date {r.at_text} is before the previous decision "
            f"({format_time(w.last_at)}): dates never go backwards",
            "at",
        )
    return None


def _role_fits(w: Walk, r: Record) -> Refusal | None:
    """The role may take this decision at this stage (escalations included)."""
    if r.stage == S.ARCHIVE_STAGE:
        if r.role not in S.ARCHIVERS:
            needs = ", ".join(S.ARCHIVERS)
            return Refusal(
                "wrong-role", f"a {r.role} cannot archive a card (needs {needs})", "role"
            )
        if r.decision != S.ARCHIVED_DECISION:
            return Refusal(
                "invalid-record", "an archive record's decision is `archived`", "decision"
            )
        return None
    if r.decision == S.ARCHIVED_DECISION:
        return Refusal(
            "invalid-record", "`archived` is the decision of an archive record only", "decision"
        )
    st = w.stages[r.stage or ""]
    allowed = (st.escalated_to,) if st.escalated_to else S.roles_for_stage(r.stage or "")
    if r.role not in allowed:
        why = " (it was escalated)" if st.escalated_to else ""
        return Refusal(
            "wrong-role",
            f"a {r.role} cannot decide the {r.stage} stage{why}: it needs {' then '.join(allowed)}",
            "role",
        )
    if r.role == S.WORKER and r.decision not in S.WORKER_DECISIONS:
        return Refusal(
            "invalid-decision",
            f"a publishing-worker reviews ({' or '.join(S.WORKER_DECISIONS)}); "
            f"{r.decision} is the publishing-manager's decision",
            "decision",
        )
    if r.decision == S.ESCALATED and r.role not in S.ESCALATES_TO:
        return Refusal(
            "invalid-decision", f"a {r.role} cannot escalate: the decision is final", "decision"
        )
    return None


def _in_order(w: Walk, r: Record) -> Refusal | None:
    """Every earlier stage approved; for an approval, on this same version."""
    if r.stage == S.ARCHIVE_STAGE:
        return None
    for earlier in S.STAGES[: S.stage_index(r.stage or "")]:
        est = w.stages[earlier]
        if est.decision != S.APPROVED or est.approval is None:
            return Refusal(
                "order",
                f"{r.stage} decision before {earlier} is approved: stages go in order "
                f"({' → '.join(S.STAGES)})",
                "stage",
            )
        if r.decision == S.APPROVED and not w.same_version(est.approval, r):
            return Refusal(
                "order",
                f"the {earlier} approval was given on another version of the card: "
                f"re-approve {earlier} before approving {r.stage}",
                "stage",
            )
    return None


def _not_duplicate(w: Walk, r: Record) -> Refusal | None:
    """A worker reviews a version of a stage once; a second identical review
    (the same person, the same version) adds nothing and hides who reviewed."""
    if r.stage not in S.TWO_PERSON_STAGES or r.role != S.WORKER or r.decision != S.APPROVED:
        return None
    st = w.stages[r.stage]
    earlier = next((rv for rv in st.round if rv.by == r.by and w.same_version(rv, r)), None)
    if earlier is None:
        return None
    return Refusal(
        "duplicate-review",
        f"{r.by} already reviewed {r.stage} on this version of the card ({earlier.at_text}): "
        "a second review by the same person adds nothing",
        "by",
        fix="ask a publishing manager to decide, or another worker to review",
    )


def _four_eyes(w: Walk, r: Record) -> Refusal | None:
    """A manager decides on a review by someone else, of this same version."""
    if r.stage not in S.TWO_PERSON_STAGES or r.role == S.WORKER:
        return None
    st = w.stages[r.stage]
    if is_amendment(w, r):
        if st.review is not None and st.review.by == r.by:
            return Refusal(
                "four-eyes",
                f"{r.by} reviewed {r.stage} as publishing-worker and cannot also decide it",
                "by",
            )
        return None
    if (
        r.decision == S.APPROVED
        and st.decision == S.APPROVED
        and st.approval is not None
        and not st.round
        and w.same_version(st.approval, r)
    ):
        return Refusal(
            "duplicate-review",
            f"{r.stage} is already approved on this version by {st.approval.by} "
            f"({st.approval.at_text}): there is nothing to decide again",
            "stage",
            fix=f"to correct its data: xdocs approve CARD --stage {r.stage} --by MANAGER "
            + " ".join(f"--{k} VALUE" for k in S.STAGE_DATA.get(r.stage, ())),
        )
    if any(rv.by == r.by for rv in st.round):
        return Refusal(
            "four-eyes",
            f"{r.by} reviewed {r.stage} as publishing-worker and cannot also decide it: "
            "worker and manager of one stage differ",
            "by",
        )
    if r.decision in (S.APPROVED, S.ESCALATED):
        if not st.round:
            return Refusal(
                "missing-review",
                f"{r.stage} needs a publishing-worker review before the {r.role}'s decision",
                fix=f"xdocs approve CARD --stage {r.stage} --by WORKER",
            )
        if not any(w.same_version(rv, r) for rv in st.round):
            return Refusal(
                "missing-review",
                f"the publishing-worker review of {r.stage} was given on another version "
                "of the card: a new review is needed first",
            )
    return None


def _no_blocking_flag(w: Walk, r: Record) -> Refusal | None:
    """An open critical flag stops approvals beyond evaluation.

    Flags live in the card, so they are part of its digest: an approval whose
    digest matches the card now was given on a card *showing* the open flag,
    whatever date it claims, and is refused (backdating cannot pass a flag).
    An approval of an earlier version (stale anyway) is judged by dates: a
    flag raised after it does not retroactively invalidate it.
    """
    if r.decision != S.APPROVED or r.stage not in S.BLOCKABLE_STAGES:
        return None
    assert r.at is not None
    if w.current(r):
        blocking = [f for f in w.flags if f.blocking]
    else:
        blocking = [
            f for f in w.flags if f.blocking and (f.raised_at is None or f.raised_at <= r.at)
        ]
    if not blocking:
        return None
    return Refusal(
        "blocking-flag",
        f"critical evidence flag {blocking[0].id!r} is open "
        f"({blocking[0].message or 'no message'}): no approval beyond evaluation",
        fix="resolve the flag (resolved: true, resolved_at: DATE) first",
    )


#: The rules, in the order they judge a record (the first refusal wins).
RULES: tuple[Callable[[Walk, Record], Refusal | None], ...] = (
    _complete,
    _submitted,
    _on_roster,
    _active,
    _signed,
    _not_final,
    _not_self,
    _dates,
    _role_fits,
    _in_order,
    _not_duplicate,
    _four_eyes,
    _no_blocking_flag,
)
