"""Display labels for statuses, stages and decisions (the vocabulary is the workflow's)."""

from __future__ import annotations

from xdocs.workflow.stages import STAGES, STATUS_LABELS, STATUSES

__all__ = ["STAGES", "STATUSES", "decision_label", "stage_label", "status_label"]

_STAGE_LABELS = {
    "intake": "Intake",
    "evaluation": "Evaluation",
    "documentation": "Documentation",
    "executive": "Executive approval",
    "chief_ai": "Chief AI approval",
    "archive": "Archive",
}
_DECISION_LABELS = {
    "approved": "approved",
    "changes_requested": "changes requested",
    "rejected": "rejected",
    "escalated": "escalated",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("-", " ").capitalize())


def stage_label(stage: str) -> str:
    return _STAGE_LABELS.get(stage, stage.replace("_", " ").capitalize())


def decision_label(decision: str) -> str:
    return _DECISION_LABELS.get(decision, decision.replace("_", " "))
