"""The vocabulary of the approval workflow: stages, roles, decisions, statuses.

This is data, not logic: :mod:`xdocs.workflow.state` walks a card's records
against these tables, :mod:`xdocs.workflow.approve` validates a new record
with the same walk, and exporters map the derived status onto SageMaker's and
the SageMaker Model Registry's vocabularies with the maps at the bottom.

The process (DESIGN.md section 5): ``intake``, ``evaluation`` and
``documentation`` each need a publishing worker's review and then a
publishing manager's decision by a different person; ``executive`` needs an
executive; ``chief_ai`` needs the Chief AI and publishes the card.
"""

from __future__ import annotations

from typing import Final

from xdocs.workflow.statuses import STATUS_TABLE

#: The stages, in the order they must be passed.
STAGES: Final[tuple[str, ...]] = ("intake", "evaluation", "documentation", "executive", "chief_ai")

#: A pseudo-stage: archiving a card freezes it (any later change is an error).
ARCHIVE_STAGE: Final = "archive"

#: Every stage a record may name.
RECORD_STAGES: Final[tuple[str, ...]] = (*STAGES, ARCHIVE_STAGE)

WORKER: Final = "publishing-worker"
MANAGER: Final = "publishing-manager"
EXECUTIVE: Final = "executive"
CHIEF_AI: Final = "chief-ai"

#: Roster roles, lowest to highest authority.
ROLES: Final[tuple[str, ...]] = (WORKER, MANAGER, EXECUTIVE, CHIEF_AI)

APPROVED: Final = "approved"
CHANGES_REQUESTED: Final = "changes_requested"
REJECTED: Final = "rejected"
ESCALATED: Final = "escalated"

#: What a record may decide at a stage.
DECISIONS: Final[tuple[str, ...]] = (APPROVED, CHANGES_REQUESTED, REJECTED, ESCALATED)
#: The decision of an ``archive`` record (and only of one).
ARCHIVED_DECISION: Final = "archived"
#: Every decision a record may carry.
RECORD_DECISIONS: Final[tuple[str, ...]] = (*DECISIONS, ARCHIVED_DECISION)

#: A worker *reviews*: they approve or send the card back; rejecting and
#: escalating are decisions, which four-eyes reserves for the decider.
WORKER_DECISIONS: Final[tuple[str, ...]] = (APPROVED, CHANGES_REQUESTED)

#: Stages where a worker review must precede a different person's decision.
TWO_PERSON_STAGES: Final[frozenset[str]] = frozenset({"intake", "evaluation", "documentation"})

#: The role whose decision is binding at each stage (before any escalation).
DECIDER: Final[dict[str, str]] = {
    "intake": MANAGER,
    "evaluation": MANAGER,
    "documentation": MANAGER,
    "executive": EXECUTIVE,
    "chief_ai": CHIEF_AI,
}

#: An escalation hands the decision one level up; the Chief AI cannot escalate.
ESCALATES_TO: Final[dict[str, str]] = {MANAGER: EXECUTIVE, EXECUTIVE: CHIEF_AI}

#: Stages whose approval an open critical evidence flag blocks (beyond evaluation).
BLOCKABLE_STAGES: Final[frozenset[str]] = frozenset({"documentation", "executive", "chief_ai"})

#: Roles that may archive a card (a decision: the self-approval rule applies).
ARCHIVERS: Final[tuple[str, ...]] = (MANAGER, EXECUTIVE, CHIEF_AI)

#: Stage data the process asks for, per stage (missing data is a warning).
STAGE_DATA: Final[dict[str, tuple[str, ...]]] = {
    "intake": ("assignee", "priority"),
    "executive": ("release",),
}
#: Keys of the executive's ``release`` mapping.
RELEASE_KEYS: Final[tuple[str, ...]] = ("audience", "timeline")

#: Intake priorities, most urgent first (the queue sorts by this order).
PRIORITIES: Final[tuple[str, ...]] = ("critical", "high", "medium", "low")

#: Keys every record carries.
RECORD_KEYS: Final[tuple[str, ...]] = ("stage", "role", "by", "decision", "at", "digest")

# -- statuses ---------------------------------------------------------------------------
DRAFT: Final = "draft"
SUBMITTED: Final = "submitted"
PUBLISHED: Final = "published"
STATUS_CHANGES_REQUESTED: Final = "changes-requested"
STATUS_REJECTED: Final = "rejected"
STATUS_ESCALATED: Final = "escalated"
STALE: Final = "stale"
ARCHIVED: Final = "archived"

#: The status a card reaches when a stage is approved.
STAGE_STATUS: Final[dict[str, str]] = {
    "intake": "intake-passed",
    "evaluation": "evaluated",
    "documentation": "docs-approved",
    "executive": "executive-approved",
    "chief_ai": PUBLISHED,
}

#: Every derived status (each is a valid Material for MkDocs page ``status`` id:
#: lowercase letters and hyphens), in the order of :data:`STATUS_TABLE`.
STATUSES: Final[tuple[str, ...]] = tuple(s.id for s in STATUS_TABLE)

#: Human labels for the statuses (portal banners, ``xdocs status`` text output).
STATUS_LABELS: Final[dict[str, str]] = {s.id: s.label for s in STATUS_TABLE}

# -- export maps (from the status table) -------------------------------------------------
#: SageMaker model card ``model_card_status`` (Draft, PendingReview, Approved,
#: Archived). A card sent back to its author (changes requested) is a Draft
#: again; a rejected card leaves the review for good, which SageMaker can only
#: say as Archived; a stale card is back under review.
SAGEMAKER_CARD_STATUS: Final[dict[str, str]] = {s.id: s.sagemaker for s in STATUS_TABLE}

#: SageMaker Model Registry ``ModelApprovalStatus`` (PendingManualApproval,
#: Approved, Rejected): only a published card's model is deployable; a
#: rejected or archived one must not be deployed.
MODEL_REGISTRY_STATUS: Final[dict[str, str]] = {s.id: s.registry for s in STATUS_TABLE}


def sagemaker_status(status: str) -> str:
    """SageMaker model card status for a derived xdocs status."""
    return SAGEMAKER_CARD_STATUS[status]


def model_registry_status(status: str) -> str:
    """SageMaker Model Registry approval status for a derived xdocs status."""
    return MODEL_REGISTRY_STATUS[status]


def stage_index(stage: str) -> int:
    """Position of a stage in :data:`STAGES` (archive sorts after every stage)."""
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def roles_for_stage(stage: str) -> tuple[str, ...]:
    """Roles that may write a record at ``stage`` without an escalation."""
    if stage == ARCHIVE_STAGE:
        return ARCHIVERS
    if stage in TWO_PERSON_STAGES:
        return (WORKER, MANAGER)
    return (DECIDER[stage],)
