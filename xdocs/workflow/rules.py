"""The ``workflow/...`` rules: the records of what each checks and why.

Apart from :mod:`xdocs.workflow.checks` (the pass), so the modules that report
them (``walk``, ``provenance``, ``checks``) can reach the rule that reports
without importing the pass: ``R["workflow/four-eyes"].finding(...)``.
"""

from __future__ import annotations

from xdocs.findings import Severity
from xdocs.rules import Rule, rule_index

E, W = Severity.ERROR, Severity.WARNING

RULES: tuple[Rule, ...] = (
    Rule(
        "workflow/invalid-record",
        "An approval record lacks a field or names an unknown stage, role or decision.",
        "A record counts only if it says who decided what, when, and on which version "
        "(stage, role, by, decision, at, digest). Anything else is ignored for the status.",
        "- stage: intake\n  by: mei.castellanos\n  decision: approved   # no role, at or digest",
        E,
        "Record decisions with `xdocs approve`, which writes complete records.",
    ),
    Rule(
        "workflow/not-submitted",
        "A card without `submitted_by` carries approvals.",
        "A draft is not in review: nobody can decide on a card its author has not submitted.",
        "approvals: [...] on a card with no submitted_by",
        E,
        "Set `submitted_by:` (and `owners:`) to submit the card.",
    ),
    Rule(
        "workflow/unknown-person",
        "The person in `by:` is not in the roster.",
        "Only roster members may decide. A record by a name not in the roster is a forged or "
        "mistyped record and counts for nothing.",
        "by: mallory   # not in site_config/roster.yml",
        E,
        "Remove the record, or add the person to the (protected) roster.",
    ),
    Rule(
        "workflow/inactive-person",
        "The person left (`active: false` in the roster) and cannot record new decisions.",
        "Past records of people who left stay valid; new ones need a current role holder. "
        "Reported by `xdocs approve`.",
        "xdocs approve card.md --stage intake --by jonah.petrescu",
        E,
    ),
    Rule(
        "workflow/wrong-role",
        "The person does not hold the record's role, or that role cannot decide this stage.",
        "Intake, evaluation and documentation need a publishing worker then a publishing "
        "manager; executive needs an executive; chief_ai the Chief AI.",
        "- stage: executive\n  role: publishing-manager",
        E,
    ),
    Rule(
        "workflow/invalid-decision",
        "The role cannot take this decision (a worker rejecting, the Chief AI escalating).",
        "A worker reviews (approved or changes_requested); rejecting and escalating are "
        "decisions four-eyes reserves for the manager. The Chief AI's decision is final.",
        "- role: publishing-worker\n  decision: rejected",
        E,
    ),
    Rule(
        "workflow/self-approval",
        "Someone decides on a card they own or submitted.",
        "Reviews exist to get a second pair of eyes: an owner or submitter approving their "
        "own card defeats them.",
        "owners: [priya.raman]\napprovals:\n  - by: priya.raman",
        E,
        "Ask another roster member holding the role.",
    ),
    Rule(
        "workflow/four-eyes",
        "The same person reviewed a stage as worker and decided it as manager.",
        "Stages 1-3 need two different people: the worker's review and the manager's decision.",
        "- {stage: intake, role: publishing-worker, by: ingrid.halvorsen}\n"
        "- {stage: intake, role: publishing-manager, by: ingrid.halvorsen}",
        E,
    ),
    Rule(
        "workflow/duplicate-review",
        "The same person reviewed a stage twice on one version, or a manager decided a "
        "stage already approved on this version.",
        "A second identical review adds nothing and makes the timeline say two reviews "
        "happened when one did. To correct a decision's stage data (a forgotten assignee), "
        "record a follow-up with the data: it amends the approval.",
        "- {stage: intake, role: publishing-worker, by: priya.raman, decision: approved}\n"
        "- {stage: intake, role: publishing-worker, by: priya.raman, decision: approved}",
        E,
        "Ask a manager to decide, or another worker to review.",
    ),
    Rule(
        "workflow/missing-review",
        "A manager approved or escalated a stage without a worker review of that version.",
        "The manager decides on a worker's review of the same version of the card; a review of "
        "an earlier version does not cover the edits made since.",
        "- {stage: evaluation, role: publishing-manager, decision: approved}  # no review",
        E,
        "Have a publishing worker review the card first.",
    ),
    Rule(
        "workflow/order",
        "A stage was decided before the earlier stages were approved (on the same version).",
        "Stages go in order: intake, evaluation, documentation, executive, chief_ai. After an "
        "edit, re-approval goes in order again.",
        "executive approved while documentation is not",
        E,
    ),
    Rule(
        "workflow/date-order",
        "A decision is dated before the previous one.",
        "Records are appended in time order; a date going backwards means a hand-edited or "
        "back-dated record.",
        "at: 2026-03-01T10:00:00Z after a record at 2026-04-01T10:00:00Z",
        E,
    ),
    Rule(
        "workflow/future-date",
        "A decision is dated in the future (beyond five minutes of clock skew).",
        "Nobody decides in advance.",
        "at: 2099-01-01T00:00:00Z",
        E,
    ),
    Rule(
        "workflow/stale-approval",
        "An approval was given on another version of the card (its digest does not match).",
        "The digest is the sha256 of the card without its approvals block: an edit after "
        "approval means nobody approved what the card now says. The card is `stale`, not "
        "published, until the stage is approved again.",
        "an approval of 2026-05-01, then a change to the Limitations section",
        W,
        "Re-approve the stage: xdocs approve CARD --stage STAGE --by PERSON.",
    ),
    Rule(
        "workflow/archived-changed",
        "An archived card changed, or got a new record, after archival.",
        "Archived cards are frozen: they document what was deployed. Publish a new version.",
        "an edit to the body after an `archive` record",
        E,
        "Revert the change; publish it as a new version of the card.",
    ),
    Rule(
        "workflow/after-rejection",
        "A decision was recorded after the card was rejected.",
        "A rejection ends the review of this version; resubmit a new version (or archive it).",
        "- decision: rejected\n- decision: approved",
        E,
    ),
    Rule(
        "workflow/blocking-flag",
        "An approval beyond evaluation while a critical evidence flag is open.",
        "A critical flag (severity: critical, no resolved/resolved_at) means the evidence does "
        "not support the card's claims: documentation, executive and Chief AI approvals wait.",
        "flags:\n  - {id: metric-mismatch, severity: critical}",
        E,
        "Resolve the flag (resolved: true, resolved_at: DATE) first.",
    ),
    Rule(
        "workflow/missing-stage-data",
        "An intake approval without assignee/priority, or an executive approval without "
        "release audience/timeline (even after follow-up records).",
        "The process needs them: the queue shows the assignee and priority; the release "
        "audience and timeline tell the portal who may see the model when.",
        "xdocs approve card.md --stage intake --by kwame.mensah   # no --assignee/--priority",
        W,
    ),
    Rule(
        "workflow/invalid-assignee",
        "The intake assignee is not a publishing worker in the roster.",
        "The assignee does the in-depth evaluation. Reported by `xdocs approve`.",
        "--assignee mallory",
        E,
    ),
    Rule(
        "workflow/signature",
        "An approval record's SSH signature is missing (where required), invalid, or made "
        "with a key that is not the approver's.",
        "Anyone who can push can type a record in someone else's name; only a signature by "
        "the approver's own key (listed in the roster) proves they decided. With "
        "`workflow.signatures: required` an unsigned record counts for nothing; with any "
        "setting but `off`, a signature that does not verify counts for nothing.",
        "- stage: chief_ai\n  by: amara.whitfield\n  decision: approved   # typed, not signed",
        E,
        "Record decisions with `xdocs approve --key YOUR_SSH_KEY`.",
    ),
    Rule(
        "workflow/layout",
        "`xdocs approve` cannot append a record to this front-matter without changing "
        "anything else.",
        "Appending must leave every other byte and value as it was; a layout it cannot "
        "append to safely (a flow-style front-matter, an anchor on `approvals`) is refused "
        "rather than rewritten. Reported by `xdocs approve`.",
        "---\n{name: X, approvals: []}\n---",
        E,
        "Write `approvals:` as a block list of records at the top level of the front-matter.",
    ),
    Rule(
        "workflow/roster",
        "The roster is missing or invalid, so approvals cannot be checked.",
        "Without a roster nobody can be verified to hold a role.",
        "site_config/roster.yml: people[2]: unknown role 'boss'",
        E,
        "Fix site_config/roster.yml or pass --roster FILE.",
    ),
    Rule(
        "workflow/provenance",
        "An approval record was committed by someone other than its approver "
        "(`xdocs status --verify-git`).",
        "Anyone can type a record naming someone else; git blame shows who committed it.",
        "a record `by: sofia.delacroix` added in a commit authored by mallory@example.com",
        E,
        "Have the approver record the decision themselves, committing with their roster email.",
    ),
)


#: the rules by id
R = rule_index(RULES)
