"""The example cards in cards/ carry real approval histories: their statuses are derived.

If this fails after an edit of a card, the message names the approvals the
edit made stale: re-approve them with `xdocs approve` (or revert the edit).
"""

from __future__ import annotations

import datetime as dt

import pytest

from xdocs.card import load_card
from xdocs.workflow.roster import load_roster
from xdocs.workflow.state import workflow_state

#: card -> (status, next {stage, role} or None)
EXPECTED = {
    "xalura-sentiment-v1.0.md": ("published", None),
    "xalura-sentiment-v1.1.md": ("executive-approved", {"stage": "chief_ai", "role": "chief-ai"}),
    "xalura-fraud-detector.md": (
        "evaluated",
        {"stage": "documentation", "role": "publishing-worker"},
    ),
    "xalura-docs-summarizer.md": (
        "changes-requested",
        {"stage": "documentation", "role": "publishing-worker"},
    ),
    "xalura-support-router.md": ("stale", {"stage": "intake", "role": "publishing-worker"}),
    "xalura-speech-transcriber.md": ("submitted", {"stage": "intake", "role": "publishing-worker"}),
    "xalura-claims-triage.md": (
        "evaluated",
        {"stage": "documentation", "role": "publishing-worker"},
    ),
}
#: a fixed clock after the last example decision (2026-11-18)
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def roster(repo_dir):
    return load_roster(repo_dir / "site_config" / "roster.yml")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_card_status(repo_dir, roster, name):
    state = workflow_state(load_card(repo_dir / "cards" / name), roster, NOW)
    status, nxt = EXPECTED[name]
    errors = [
        f"{f.rule}: line {f.line}: {f.message}"
        for f in state.findings
        if f.rule != "workflow/stale-approval"
    ]
    assert errors == [], f"{name}: {errors}"
    stale = [f"{s['stage']} {s['decision']} by {s['by']} ({s['at']})" for s in state.stale]
    if status != "stale":
        assert not stale, (
            f"{name} changed after approval; these approvals are stale: {stale}. "
            "Re-approve them with xdocs approve, or revert the edit."
        )
    assert state.status == status, f"{name}: {state.status}, stale: {stale}"
    assert state.next == nxt


def test_every_example_card_is_covered(repo_dir):
    assert sorted(p.name for p in (repo_dir / "cards").glob("*.md")) == sorted(EXPECTED)


def test_the_stale_card_is_stale_for_an_edit_only(repo_dir, roster):
    """Its approvals are all valid; they were given on an earlier wording."""
    state = workflow_state(load_card(repo_dir / "cards" / "xalura-support-router.md"), roster, NOW)
    assert state.timeline and all(r.valid and r.stale for r in state.timeline)
    assert {s["stage"] for s in state.stale} == {"intake", "evaluation"}


def test_examples_show_the_rules(repo_dir, roster):
    """The histories exercise escalation, --role, four-eyes and the owner rule."""
    fraud = workflow_state(load_card(repo_dir / "cards" / "xalura-fraud-detector.md"), roster, NOW)
    decisions = [(r.stage, r.role, r.decision) for r in fraud.timeline]
    assert ("evaluation", "publishing-manager", "escalated") in decisions
    assert ("evaluation", "executive", "approved") in decisions
    summarizer = load_card(repo_dir / "cards" / "xalura-docs-summarizer.md")
    people = {r.by for r in workflow_state(summarizer, roster, NOW).timeline}
    assert not people & set(summarizer.metadata["owners"])
