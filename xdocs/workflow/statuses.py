"""The one table of workflow statuses: id, label, colour, icon, meaning, and
how SageMaker and the SageMaker Model Registry spell each.

Everything that shows or maps a status derives from :data:`STATUS_TABLE`:
the status vocabulary and export maps in :mod:`xdocs.workflow.stages`, the
portal's badges and Material's page-status icons (the generated
``site_config/docs/stylesheets/statuses.css``, rewritten by ``xdocs styleguide
sync`` and checked by the test suite), and Material's ``extra.status`` labels
(set by the portal plugin, and written into ``--markdown-only`` builds). Each
id is a valid Material page ``status`` id (lowercase letters and hyphens).

Colours are distinct per status (no two statuses share a hue family), so a
badge is readable before its label; icons are Material Design Icons paths
(24x24), inlined as data URIs so the portal requests nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusInfo:
    """One derived workflow status."""

    id: str
    label: str
    colour: str
    #: SVG path data of a 24x24 Material Design icon
    icon: str
    #: SageMaker model card ``model_card_status``
    sagemaker: str
    #: SageMaker Model Registry ``ModelApprovalStatus``
    registry: str
    meaning: str


STATUS_TABLE: tuple[StatusInfo, ...] = (
    StatusInfo(
        "draft",
        "Draft",
        "#6b7280",
        "M20.71 7.04c.39-.39.39-1.04 0-1.41l-2.34-2.34c-.37-.39-1.02-.39-1.41 0l-1.84 1.83 3.75 3.75M3 17.25V21h3.75L17.81 9.93l-3.75-3.75z",
        "Draft",
        "PendingManualApproval",
        "no `submitted_by`",
    ),
    StatusInfo(
        "submitted",
        "Submitted",
        "#2563eb",
        "m2 21 21-9L2 3v7l15 2-15 2z",
        "PendingReview",
        "PendingManualApproval",
        "submitted, no stage passed",
    ),
    StatusInfo(
        "intake-passed",
        "Intake passed",
        "#0891b2",
        "m10 17-4-4 1.41-1.41L10 14.17l6.59-6.59L18 9m-6-6a1 1 0 0 1 1 1 1 1 0 0 1-1 1 1 1 0 0 1-1-1 1 1 0 0 1 1-1m7 0h-4.18C14.4 1.84 13.3 1 12 1s-2.4.84-2.82 2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2",
        "PendingReview",
        "PendingManualApproval",
        "intake approved",
    ),
    StatusInfo(
        "evaluated",
        "Evaluated",
        "#0d9488",
        "M13 2.03v2.02c4.39.54 7.5 4.53 6.96 8.92-.46 3.64-3.32 6.53-6.96 6.96v2c5.5-.55 9.5-5.43 8.95-10.93-.45-4.75-4.22-8.5-8.95-8.97m-2 .03c-1.95.19-3.81.94-5.33 2.2L7.1 5.74c1.12-.9 2.47-1.48 3.9-1.68zM4.26 5.67A9.9 9.9 0 0 0 2.05 11h2c.19-1.42.75-2.77 1.64-3.9zM15.5 8.5l-4.88 4.88-2.12-2.12-1.06 1.06 3.18 3.18 5.94-5.94zM2.06 13c.2 1.96.97 3.81 2.21 5.33l1.42-1.43A8 8 0 0 1 4.06 13zm5.04 5.37-1.43 1.37A10 10 0 0 0 11 22v-2a8 8 0 0 1-3.9-1.63",
        "PendingReview",
        "PendingManualApproval",
        "evaluation approved",
    ),
    StatusInfo(
        "docs-approved",
        "Documentation approved",
        "#7c3aed",
        "m23.5 17-5 5-3.5-3.5 1.5-1.5 2 2 3.5-3.5zM6 2c-1.11 0-2 .89-2 2v16c0 1.11.89 2 2 2h7.81c-.53-.91-.81-1.95-.81-3 0-.33.03-.67.08-1H6v-2h7.81c.46-.8 1.1-1.5 1.87-2H6v-2h12v1.08c.33-.05.67-.08 1-.08.34 0 .67.03 1 .08V8l-6-6m-1 1.5L18.5 9H13Z",
        "PendingReview",
        "PendingManualApproval",
        "documentation approved",
    ),
    StatusInfo(
        "executive-approved",
        "Executive approved",
        "#a21caf",
        "m21.1 12.5 1.4 1.41-6.53 6.59L12.5 17l1.4-1.41 2.07 2.08zM10 17l3 3H3v-2c0-2.21 3.58-4 8-4l1.89.11zm1-13a4 4 0 0 1 4 4 4 4 0 0 1-4 4 4 4 0 0 1-4-4 4 4 0 0 1 4-4",
        "PendingReview",
        "PendingManualApproval",
        "executive approved",
    ),
    StatusInfo(
        "published",
        "Published",
        "#15803d",
        "m23 12-2.44-2.78.34-3.68-3.61-.82-1.89-3.18L12 3 8.6 1.54 6.71 4.72l-3.61.81.34 3.68L1 12l2.44 2.78-.34 3.69 3.61.82 1.89 3.18L12 21l3.4 1.46 1.89-3.18 3.61-.82-.34-3.68zm-13 5-4-4 1.41-1.41L10 14.17l6.59-6.59L18 9z",
        "Approved",
        "Approved",
        "every stage approved, every digest matches the card as it is now",
    ),
    StatusInfo(
        "changes-requested",
        "Changes requested",
        "#d97706",
        "m15.84 10.2-1.01 1.01-2.07-2.03 1.01-1.02c.2-.21.54-.22.78 0l1.29 1.25c.21.21.22.55 0 .79M8 13.91l4.17-4.19 2.07 2.08-4.16 4.2H8zM13 2v2c4.39.54 7.5 4.53 6.96 8.92A8.014 8.014 0 0 1 13 19.88v2c5.5-.6 9.45-5.54 8.85-11.03C21.33 6.19 17.66 2.5 13 2m-2 0c-1.96.18-3.81.95-5.33 2.2L7.1 5.74c1.12-.9 2.47-1.48 3.9-1.68v-2M4.26 5.67A9.8 9.8 0 0 0 2.05 11h2c.19-1.42.75-2.77 1.64-3.9zM2.06 13c.2 1.96.97 3.81 2.21 5.33l1.42-1.43A8 8 0 0 1 4.06 13zm5 5.37-1.39 1.37A10 10 0 0 0 11 22v-2a8 8 0 0 1-3.9-1.63z",
        "Draft",
        "PendingManualApproval",
        "sent back to the author",
    ),
    StatusInfo(
        "rejected",
        "Rejected",
        "#b91c1c",
        "M8.27 3 3 8.27v7.46L8.27 21h7.46L21 15.73V8.27L15.73 3M8.41 7 12 10.59 15.59 7 17 8.41 13.41 12 17 15.59 15.59 17 12 13.41 8.41 17 7 15.59 10.59 12 7 8.41",
        "Archived",
        "Rejected",
        "rejected at some stage",
    ),
    StatusInfo(
        "escalated",
        "Escalated",
        "#4338ca",
        "M12 22A10 10 0 0 1 2 12 10 10 0 0 1 12 2a10 10 0 0 1 10 10 10 10 0 0 1-10 10m0-15-5 5h3v4h4v-4h3z",
        "PendingReview",
        "PendingManualApproval",
        "a stage awaits the next level up",
    ),
    StatusInfo(
        "stale",
        "Stale approval",
        "#be185d",
        "M20 12h2v6h-2zm0 8h2v2h-2zM12 2C6.5 2 2 6.5 2 12s4.5 10 10 10c2.3 0 4.3-.8 6-2V10h3.8c-.9-4.6-5-8-9.8-8m4.2 14.2L11 13V7h1.5v5.2l4.5 2.7z",
        "PendingReview",
        "PendingManualApproval",
        "an approval counted for the status no longer matches the card",
    ),
    StatusInfo(
        "archived",
        "Archived",
        "#57534e",
        "M3 3h18v4H3zm1 5h16v13H4zm5.5 3a.5.5 0 0 0-.5.5V13h6v-1.5a.5.5 0 0 0-.5-.5z",
        "Archived",
        "Rejected",
        "archived (frozen)",
    ),
)

#: status id → its row
BY_ID: dict[str, StatusInfo] = {s.id: s for s in STATUS_TABLE}
