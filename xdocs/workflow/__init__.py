"""The approval workflow: decisions recorded in a card's front-matter.

Stages, roles and statuses (:mod:`~xdocs.workflow.stages`), the roster
(:mod:`~xdocs.workflow.roster`), the approval digest
(:mod:`~xdocs.workflow.digest`), the derived state
(:func:`~xdocs.workflow.state.workflow_state`), the review queue
(:mod:`~xdocs.workflow.queue`), ``xdocs approve``
(:mod:`~xdocs.workflow.approve`), git provenance
(:mod:`~xdocs.workflow.provenance`) and the lint pass
(:class:`~xdocs.workflow.checks.WorkflowPass`). See docs/workflow.md.
"""

from __future__ import annotations

from xdocs.workflow.digest import card_digest
from xdocs.workflow.queue import QueueItem, build_queue, review_queue
from xdocs.workflow.roster import Person, Roster, RosterError, load_roster, resolve_roster
from xdocs.workflow.stages import (
    DECISIONS,
    MODEL_REGISTRY_STATUS,
    ROLES,
    SAGEMAKER_CARD_STATUS,
    STAGES,
    STATUS_LABELS,
    STATUSES,
)
from xdocs.workflow.state import WorkflowState, workflow_state

__all__ = [
    "DECISIONS",
    "MODEL_REGISTRY_STATUS",
    "ROLES",
    "SAGEMAKER_CARD_STATUS",
    "STAGES",
    "STATUSES",
    "STATUS_LABELS",
    "Person",
    "QueueItem",
    "Roster",
    "RosterError",
    "WorkflowState",
    "build_queue",
    "card_digest",
    "load_roster",
    "resolve_roster",
    "review_queue",
    "workflow_state",
]
