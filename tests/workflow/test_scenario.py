"""Scenario: a card walks from submitted to published through `xdocs approve`,
and every forbidden move is refused with its own message, leaving the card as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workflow.conftest import CARD, at

#: (stage, person, extra options) to publish the card, in order.
WALK = [
    ("intake", "wendy", ()),
    ("intake", "max", ("--assignee", "walt", "--priority", "high")),
    ("evaluation", "walt", ()),
    ("evaluation", "max", ()),
    ("documentation", "wendy", ()),
    ("documentation", "hana", ("--role", "publishing-manager")),
    ("executive", "erin", ("--audience", "internal fraud team", "--timeline", "2026-Q2")),
    ("chief_ai", "cora", ()),
]
STATUS_AFTER = [
    "submitted",
    "intake-passed",
    "intake-passed",
    "evaluated",
    "evaluated",
    "docs-approved",
    "executive-approved",
    "published",
]


def walk(xdocs, card: Path, steps: int = len(WALK)) -> None:
    for i, (stage, by, extra) in enumerate(WALK[:steps]):
        result = xdocs.approve(card, stage, by, "--at", at(i), *extra)
        assert result.exit_code == 0, result.output


def test_walk_from_submitted_to_published(xdocs, make_card):
    card = make_card()
    assert xdocs.status(card)[0]["status"] == "submitted"
    for i, (stage, by, extra) in enumerate(WALK):
        result = xdocs.approve(card, stage, by, "--at", at(i), *extra)
        assert result.exit_code == 0, result.output
        row = xdocs.status(card)[0]
        assert row["status"] == STATUS_AFTER[i], (stage, by, row)
        assert row["problems"] == []
    row = xdocs.status(card)[0]
    assert row["next"] is None
    assert row["stale"] == []
    assert [t["stage"] for t in row["timeline"]] == [s for s, _, _ in WALK]
    assert row["sagemaker_status"] == "Approved"
    assert row["model_registry_status"] == "Approved"
    intake = row["timeline"][1]
    assert (intake["assignee"], intake["priority"]) == ("walt", "high")
    assert row["timeline"][6]["release"] == {
        "audience": "internal fraud team",
        "timeline": "2026-Q2",
    }
    # the card itself is unchanged apart from the appended block
    text = card.read_text(encoding="utf-8")
    assert text.replace(text[text.index("approvals:") : text.index("---\n\n#")], "") == CARD


def test_next_step_is_reported(xdocs, make_card):
    card = make_card()
    walk(xdocs, card, 1)
    assert xdocs.status(card)[0]["next"] == {"stage": "intake", "role": "publishing-manager"}
    walk_rest = WALK[1]
    xdocs.approve(card, walk_rest[0], walk_rest[1], "--at", at(1), *walk_rest[2])
    assert xdocs.status(card)[0]["next"] == {"stage": "evaluation", "role": "publishing-worker"}


def refused(xdocs, card: Path, args: tuple[str, ...], rule: str, words: str) -> str:
    """Run approve, assert it is refused with exit 1, the rule and the words,
    and that the file did not change."""
    before = card.read_bytes()
    stage, by, *extra = args
    result = xdocs.approve(card, stage, by, *extra)
    assert result.exit_code == 1, result.output
    assert f"refused ({rule})" in result.stderr, result.stderr
    assert words in result.stderr, result.stderr
    assert card.read_bytes() == before
    return result.stderr


FORBIDDEN = [
    # (steps walked first, approve args, rule, words of its own message)
    (0, ("intake", "mallory", "--at", at(0)), "workflow/unknown-person", "not in the roster"),
    (
        0,
        ("executive", "wendy", "--at", at(0), "--role", "publishing-worker"),
        "workflow/wrong-role",
        "cannot decide the executive stage",
    ),
    (
        0,
        ("intake", "max", "--at", at(0), "--role", "executive"),
        "workflow/wrong-role",
        "does not hold the executive role",
    ),
    (0, ("intake", "olga", "--at", at(0)), "workflow/self-approval", "olga owns this card"),
    (
        0,
        ("intake", "sam", "--at", at(0), "--role", "publishing-worker"),
        "workflow/self-approval",
        "sam submitted this card",
    ),
    (0, ("intake", "gone", "--at", at(0)), "workflow/inactive-person", "no longer active"),
    (
        0,
        ("intake", "max", "--at", at(0)),
        "workflow/missing-review",
        "needs a publishing-worker review",
    ),
    (
        2,
        ("executive", "erin", "--at", at(5)),
        "workflow/order",
        "executive decision before evaluation is approved",
    ),
    (
        0,
        ("intake", "wendy", "--at", "2099-01-01T00:00:00Z"),
        "workflow/future-date",
        "in the future",
    ),
    (
        2,
        ("evaluation", "walt", "--at", at(0.5)),
        "workflow/date-order",
        "before the previous decision",
    ),
    (
        0,
        ("intake", "wendy", "--at", at(0), "--decision", "rejected"),
        "workflow/invalid-decision",
        "a publishing-worker reviews",
    ),
]


@pytest.mark.parametrize(
    "steps,args,rule,words",
    FORBIDDEN,
    ids=lambda v: v if isinstance(v, str) and v.startswith("workflow/") else None,
)
def test_forbidden_move_is_refused(xdocs, make_card, steps, args, rule, words):
    card = make_card()
    walk(xdocs, card, steps)
    refused(xdocs, card, args, rule, words)


def test_same_worker_and_manager_is_refused(xdocs, make_card):
    card = make_card()
    assert (
        xdocs.approve(
            card, "intake", "hana", "--at", at(0), "--role", "publishing-worker"
        ).exit_code
        == 0
    )
    refused(
        xdocs,
        card,
        ("intake", "hana", "--at", at(1), "--role", "publishing-manager"),
        "workflow/four-eyes",
        "hana reviewed intake as publishing-worker and cannot also decide",
    )


def test_ambiguous_role_needs_the_role_option(xdocs, make_card):
    card = make_card()
    before = card.read_bytes()
    result = xdocs.approve(card, "intake", "hana", "--at", at(0))
    assert result.exit_code == 2
    assert "pass --role" in result.stderr
    assert card.read_bytes() == before


def test_invalid_assignee_is_refused(xdocs, make_card):
    card = make_card()
    walk(xdocs, card, 1)
    refused(
        xdocs,
        card,
        ("intake", "max", "--at", at(1), "--assignee", "erin"),
        "workflow/invalid-assignee",
        "not a publishing-worker",
    )


def test_blocking_flag_stops_documentation_approval(xdocs, make_card):
    flagged = CARD.replace(
        "license: apache-2.0\n",
        "license: apache-2.0\nflags:\n  - id: auc-mismatch\n    severity: critical\n"
        "    message: reported AUC not reproduced\n",
    )
    card = make_card(flagged)
    walk(xdocs, card, 4)  # evaluation may still pass
    assert xdocs.status(card)[0]["status"] == "evaluated"
    refused(
        xdocs,
        card,
        ("documentation", "wendy", "--at", at(5)),
        "workflow/blocking-flag",
        "critical evidence flag 'auc-mismatch' is open",
    )
    resolved = card.read_text().replace(
        "    severity: critical\n", "    severity: critical\n    resolved_at: 2026-03-02\n"
    )
    card.write_text(resolved)
    # resolving the flag is an edit: earlier approvals are stale and must be redone
    assert xdocs.status(card)[0]["status"] == "stale"


def test_edit_after_approval_makes_it_stale(xdocs, make_card):
    card = make_card()
    walk(xdocs, card)
    assert xdocs.status(card)[0]["status"] == "published"
    card.write_text(card.read_text().replace("wire transfers", "wire or ACH transfers"))
    row = xdocs.status(card)[0]
    assert row["status"] == "stale"
    assert row["next"] == {"stage": "intake", "role": "publishing-worker"}
    assert {s["stage"] for s in row["stale"]} == {
        "intake",
        "evaluation",
        "documentation",
        "executive",
        "chief_ai",
    }
    assert any(p["rule"] == "workflow/stale-approval" for p in row["problems"])
    assert all(t["stale"] for t in row["timeline"])
    # a later stage cannot be re-approved before the earlier ones
    refused(
        xdocs,
        card,
        ("documentation", "walt", "--at", at(20)),
        "workflow/order",
        "the intake approval was given on another version",
    )
    # re-approval in order publishes again
    for i, (stage, by, extra) in enumerate(WALK):
        assert xdocs.approve(card, stage, by, "--at", at(30 + i), *extra).exit_code == 0
    assert xdocs.status(card)[0]["status"] == "published"


def test_metadata_edit_also_makes_approval_stale(xdocs, make_card):
    card = make_card()
    walk(xdocs, card, 2)
    card.write_text(card.read_text().replace("license: apache-2.0", "license: mit"))
    assert xdocs.status(card)[0]["status"] == "stale"


def test_archived_card_is_frozen(xdocs, make_card):
    card = make_card()
    walk(xdocs, card)
    assert (
        xdocs.approve(
            card, "archive", "max", "--at", at(10), "--note", "superseded by 3.0"
        ).exit_code
        == 0
    )
    row = xdocs.status(card)[0]
    assert row["status"] == "archived"
    assert row["sagemaker_status"] == "Archived"
    # no new decision
    refused(
        xdocs,
        card,
        ("chief_ai", "cora", "--at", at(11)),
        "workflow/archived-changed",
        "no decision may be added to an archived card",
    )
    # no edit either: check reports it
    card.write_text(card.read_text().replace("Scores card", "Scores all card"))
    row = xdocs.status(card)[0]
    assert row["status"] == "archived"
    rules = [p["rule"] for p in row["problems"]]
    assert "workflow/archived-changed" in rules
    msg = next(p["message"] for p in row["problems"] if p["rule"] == "workflow/archived-changed")
    assert "changed after it was archived" in msg


def test_forged_record_by_non_roster_name_counts_for_nothing(xdocs, make_card):
    card = make_card()
    walk(xdocs, card, 1)
    text = card.read_text()
    digest = text.split("digest: ")[1].split("\n")[0]
    forged = (
        "  - stage: intake\n    role: publishing-manager\n    by: mallory\n"
        f"    decision: approved\n    at: '{at(1)}'\n    digest: {digest}\n"
    )
    card.write_text(text.replace("---\n\n#", forged + "---\n\n#", 1))
    row = xdocs.status(card)[0]
    assert row["status"] == "submitted"  # the forged approval did not pass intake
    problem = next(p for p in row["problems"] if p["rule"] == "workflow/unknown-person")
    assert "'mallory' is not in the roster" in problem["message"]
    assert row["timeline"][1]["valid"] is False
    assert problem["line"] == card.read_text().splitlines().index("    by: mallory") + 1


def test_changes_requested_then_resubmitted(xdocs, make_card):
    card = make_card()
    walk(xdocs, card, 2)
    assert (
        xdocs.approve(
            card,
            "evaluation",
            "walt",
            "--at",
            at(3),
            "--decision",
            "changes_requested",
            "--note",
            "add a wire-transfer slice",
        ).exit_code
        == 0
    )
    row = xdocs.status(card)[0]
    assert row["status"] == "changes-requested"
    assert row["waiting_on"] == "author"
    assert row["sagemaker_status"] == "Draft"
    # the author revises: the card is in review again (issue 13), from intake,
    # whose approval the edit made stale (expected: no stale warning)
    card.write_text(card.read_text().replace("wire transfers.", "wire transfers or ACH."))
    row = xdocs.status(card)[0]
    assert (row["status"], row["label"], row["waiting_on"]) == ("submitted", "In re-review", None)
    assert row["next"] == {"stage": "intake", "role": "publishing-worker"}
    assert not any(p["rule"] == "workflow/stale-approval" for p in row["problems"])
    for i, (stage, by, extra) in enumerate(WALK[:2]):
        assert xdocs.approve(card, stage, by, "--at", at(10 + i), *extra).exit_code == 0
    row = xdocs.status(card)[0]
    assert row["next"] == {"stage": "evaluation", "role": "publishing-worker"}
    assert (row["status"], row["label"]) == ("intake-passed", "In re-review")
    assert xdocs.approve(card, "evaluation", "walt", "--at", at(12)).exit_code == 0
    assert xdocs.approve(card, "evaluation", "max", "--at", at(13)).exit_code == 0
    assert xdocs.status(card)[0]["status"] == "evaluated"


def test_escalation_goes_to_the_executive(xdocs, make_card):
    card = make_card()
    walk(xdocs, card, 3)
    assert (
        xdocs.approve(card, "evaluation", "max", "--at", at(4), "--decision", "escalated").exit_code
        == 0
    )
    row = xdocs.status(card)[0]
    assert row["status"] == "escalated"
    assert row["next"] == {"stage": "evaluation", "role": "executive"}
    refused(
        xdocs,
        card,
        ("evaluation", "max", "--at", at(5)),
        "workflow/wrong-role",
        "cannot decide the evaluation stage (it was escalated)",
    )
    assert xdocs.approve(card, "evaluation", "erin", "--at", at(5)).exit_code == 0
    assert xdocs.status(card)[0]["status"] == "evaluated"


def test_rejection_is_final(xdocs, make_card):
    card = make_card()
    walk(xdocs, card, 1)
    assert (
        xdocs.approve(card, "intake", "max", "--at", at(1), "--decision", "rejected").exit_code == 0
    )
    assert xdocs.status(card)[0]["status"] == "rejected"
    refused(
        xdocs,
        card,
        ("intake", "walt", "--at", at(2)),
        "workflow/after-rejection",
        "takes no further decisions",
    )


def test_draft_cannot_be_approved(xdocs, make_card):
    card = make_card(CARD.replace("submitted_by: sam\n", ""))
    assert xdocs.status(card)[0]["status"] == "draft"
    refused(
        xdocs, card, ("intake", "wendy", "--at", at(0)), "workflow/not-submitted", "it is a draft"
    )


def test_missing_stage_data_is_a_warning(xdocs, make_card):
    card = make_card()
    walk(xdocs, card, 1)
    result = xdocs.approve(card, "intake", "max", "--at", at(1))
    assert result.exit_code == 0
    assert "workflow/missing-stage-data" in result.stderr
    assert xdocs.status(card)[0]["status"] == "intake-passed"


def test_unreadable_roster_is_a_usage_error(xdocs, make_card, tmp_path):
    card = make_card()
    bad = tmp_path / "bad.yml"
    bad.write_text("people:\n  - {id: x, email: x@y.z, roles: [boss]}\n")
    result = xdocs("approve", str(card), "--stage", "intake", "--by", "x", "--roster", str(bad))
    assert result.exit_code == 2
    assert "unknown role 'boss'" in result.stderr


def test_status_text_output_and_directories(xdocs, make_card, tmp_path):
    card = make_card()
    walk(xdocs, card, 2)
    make_card(CARD.replace("submitted_by: sam\n", ""), "draft.md")
    result = xdocs("status", str(tmp_path), "--roster", str(xdocs.roster_file))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"{card}: Fraud Sentinel 2.1: intake-passed" in lines
    assert "  next: evaluation by a publishing-worker" in lines
    assert f"{tmp_path / 'draft.md'}: Fraud Sentinel 2.1: draft" in lines


def test_status_of_a_missing_path_is_a_usage_error(xdocs, tmp_path):
    result = xdocs("status", str(tmp_path / "nope.md"), "--roster", str(xdocs.roster_file))
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_status_reports_unparseable_front_matter(xdocs, make_card):
    card = make_card(CARD.replace("license: apache-2.0", "license: [unclosed"))
    row = xdocs.status(card)[0]
    assert row["problems"][0]["rule"] == "metadata/yaml"


def test_dry_run_validates_without_writing(xdocs, make_card):
    card = make_card()
    before = card.read_bytes()
    result = xdocs.approve(card, "intake", "wendy", "--at", at(0), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would record intake approved by wendy" in result.stdout
    assert card.read_bytes() == before
    refused(
        xdocs,
        card,
        ("intake", "olga", "--at", at(0), "--dry-run"),
        "workflow/self-approval",
        "owns this card",
    )
