"""Issue 13, "the first hour of a manager": workflow corner cases that were
wrong on main, each reproduced first."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.workflow.conftest import CARD, T0, at
from xdocs.card import load_card
from xdocs.workflow.queue import build_queue
from xdocs.workflow.state import next_step_text, workflow_state


def test_a_forgotten_assignee_can_be_added_by_a_follow_up_record(xdocs, make_card):
    card = make_card()
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    first = xdocs.approve(card, "intake", "max", "--at", at(1))
    assert first.exit_code == 0 and "missing-stage-data" in first.output
    row = xdocs.status(card)[0]
    assert any(p["rule"] == "workflow/missing-stage-data" for p in row["problems"])
    # the manager corrects the intake data: accepted, and the warning goes away
    fix = xdocs.approve(card, "intake", "max", "--at", at(2), "--assignee", "walt",
                        "--priority", "high")  # fmt: skip
    assert fix.exit_code == 0, fix.output
    row = xdocs.status(card)[0]
    assert row["status"] == "intake-passed"
    assert not any(p["rule"] == "workflow/missing-stage-data" for p in row["problems"])
    assert (row["assignee"], row["priority"]) == ("walt", "high")
    # and the card can still be published afterwards, with no warning left
    steps = [
        ("evaluation", "walt", ()),
        ("evaluation", "max", ()),
        ("documentation", "wendy", ()),
        ("documentation", "hana", ("--role", "publishing-manager")),
        ("executive", "erin", ("--audience", "all", "--timeline", "now")),
        ("chief_ai", "cora", ()),
    ]
    for i, (stage, by, extra) in enumerate(steps, start=3):
        assert xdocs.approve(card, stage, by, "--at", at(i), *extra).exit_code == 0
    row = xdocs.status(card)[0]
    assert row["status"] == "published" and row["problems"] == []


def test_a_duplicate_review_by_the_same_person_is_refused(xdocs, make_card):
    card = make_card()
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    again = xdocs.approve(card, "intake", "wendy", "--at", at(1))
    assert again.exit_code == 1
    assert "workflow/duplicate-review" in again.output
    assert "already reviewed intake" in again.output


def _sent_back_and_edited(xdocs, make_card) -> Path:
    card = make_card()
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    assert xdocs.approve(card, "intake", "max", "--at", at(1), "--assignee", "walt",
                         "--priority", "high").exit_code == 0  # fmt: skip
    assert xdocs.approve(card, "evaluation", "walt", "--at", at(2),
                         "--decision", "changes_requested").exit_code == 0  # fmt: skip
    card.write_text(card.read_text().replace("Not calibrated", "Not yet calibrated"))
    return card


def test_after_the_author_edits_a_sent_back_card_it_is_in_re_review(xdocs, make_card):
    card = _sent_back_and_edited(xdocs, make_card)
    row = xdocs.status(card)[0]
    assert row["status"] == "submitted"
    assert row["label"] == "In re-review"
    assert row["waiting_on"] is None
    assert row["next"] == {"stage": "intake", "role": "publishing-worker"}


def test_approve_and_status_give_the_same_next_hint(xdocs, make_card):
    card = make_card()
    result = xdocs.approve(card, "intake", "wendy", "--at", at(0))
    status = xdocs("status", str(card), "--roster", str(xdocs.roster_file))
    hint = next(line.strip() for line in status.output.splitlines() if "next:" in line)
    assert hint.removeprefix("next: ") in result.output
    sent = xdocs.approve(card, "intake", "max", "--at", at(1), "--decision", "changes_requested")
    status = xdocs("status", str(card), "--roster", str(xdocs.roster_file))
    hint = next(line.strip() for line in status.output.splitlines() if "next:" in line)
    assert "the author" in hint
    assert hint.removeprefix("next: ") in sent.output


def test_articles_are_right():
    from xdocs.workflow.state import WorkflowState

    state = WorkflowState("c.md", "docs-approved", {"stage": "executive", "role": "executive"},
                          [], [], [], None, "")  # fmt: skip
    assert next_step_text(state) == "executive by an executive"


def test_the_queue_shows_the_assignee_of_the_stage_in_progress(xdocs, make_card, roster):
    card = make_card()
    for i, (stage, by, extra) in enumerate(
        [("intake", "wendy", ()), ("intake", "max", ("--assignee", "walt", "--priority", "high"))]
    ):
        assert xdocs.approve(card, stage, by, "--at", at(i), *extra).exit_code == 0
    (item,) = build_queue([load_card(card)], roster)
    assert item.stage == "evaluation" and item.assignee == "walt"
    for i, (stage, by) in enumerate([("evaluation", "walt"), ("evaluation", "max")], start=2):
        assert xdocs.approve(card, stage, by, "--at", at(i)).exit_code == 0
    (item,) = build_queue([load_card(card)], roster)
    assert item.stage == "documentation" and item.assignee is None


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_waiting_time_comes_from_the_submission_commit_without_submitted_at(make_card, roster):
    card = make_card()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_DATE": "2026-03-01T08:00:00Z", "GIT_COMMITTER_DATE": "2026-03-01T08:00:00Z",
           "GIT_AUTHOR_NAME": "s", "GIT_AUTHOR_EMAIL": "s@x", "GIT_COMMITTER_NAME": "s",
           "GIT_COMMITTER_EMAIL": "s@x"}  # fmt: skip
    for args in (["init", "-q"], ["add", card.name], ["commit", "-qm", "submit"]):
        subprocess.run(["git", *args], cwd=card.parent, env=env, check=True, capture_output=True)
    now = T0 + dt.timedelta(days=3)
    (item,) = build_queue([load_card(card)], roster, now=now)
    assert item.waiting_since == dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
    assert item.days_waiting == 4


def test_approve_warns_at_the_line_status_reports(xdocs, make_card):
    card = make_card()
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    result = xdocs.approve(card, "intake", "max", "--at", at(1))
    warned = next(line for line in result.output.splitlines() if "missing-stage-data" in line)
    row = xdocs.status(card)[0]
    (problem,) = [p for p in row["problems"] if p["rule"] == "workflow/missing-stage-data"]
    assert warned.startswith(f"{card}:{problem['line']}:")
    assert problem["line"] > 1


def test_one_edit_gives_one_stale_warning_per_card(xdocs, make_card):
    card = make_card()
    for i, (stage, by, extra) in enumerate(
        [("intake", "wendy", ()), ("intake", "max", ("--assignee", "walt", "--priority", "high")),
         ("evaluation", "walt", ()), ("evaluation", "max", ())]
    ):  # fmt: skip
        assert xdocs.approve(card, stage, by, "--at", at(i), *extra).exit_code == 0
    card.write_text(card.read_text().replace("Not calibrated", "Not yet calibrated"))
    row = xdocs.status(card)[0]
    stale = [p for p in row["problems"] if p["rule"] == "workflow/stale-approval"]
    assert len(stale) == 1
    assert stale[0]["message"].startswith("4 approvals")
    assert len(row["stale"]) == 4  # the detail stays in the JSON


def test_the_status_of_a_card_never_changes_with_the_next_text(make_card, roster):
    state = workflow_state(load_card(make_card(CARD.replace("submitted_by: sam\n", ""))), roster)
    assert state.status == "draft"
    assert next_step_text(state) == "the author submits it (set submitted_by)"
