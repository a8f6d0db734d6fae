"""The review queue: library (pure, fixed clock) and `xdocs queue`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.workflow.conftest import CARD, T0, at
from xdocs.card import load_card
from xdocs.workflow.queue import build_queue, review_queue
from xdocs.workflow.state import workflow_state


@pytest.fixture
def cards(xdocs, tmp_path):
    """Five cards: fresh, triaged high (waiting longest), evaluated (low),
    published, changes requested."""
    folder = tmp_path / "cards"
    folder.mkdir()

    def card(name, steps):
        path = folder / f"{name}.md"
        path.write_text(CARD.replace("Fraud Sentinel", name))
        for stage, by, hours, *extra in steps:
            result = xdocs.approve(path, stage, by, "--at", at(hours), *extra)
            assert result.exit_code == 0, result.output
        return path

    card("fresh", [])
    card(
        "triaged",
        [("intake", "wendy", 0), ("intake", "max", 1, "--assignee", "walt", "--priority", "high")],
    )
    card(
        "evaluated",
        [
            ("intake", "wendy", 0),
            ("intake", "max", 1, "--assignee", "wendy", "--priority", "low"),
            ("evaluation", "walt", 2),
            ("evaluation", "max", 30),
        ],
    )
    card(
        "sentback",
        [("intake", "wendy", 0), ("intake", "walt", 5, "--decision", "changes_requested")],
    )
    pub = card(
        "published",
        [
            ("intake", "wendy", 0),
            ("intake", "max", 1, "--assignee", "walt", "--priority", "low"),
            ("evaluation", "walt", 2),
            ("evaluation", "max", 3),
            ("documentation", "wendy", 4),
            ("documentation", "max", 5),
            ("executive", "erin", 6, "--audience", "all", "--timeline", "now"),
            ("chief_ai", "cora", 7),
        ],
    )
    assert xdocs.status(pub)[0]["status"] == "published"
    return folder


def states(folder, roster):
    return [workflow_state(load_card(p), roster) for p in sorted(folder.glob("*.md"))]


NOW = T0 + dt.timedelta(days=10)


def test_queue_holds_cards_awaiting_a_decision(cards, roster):
    items = review_queue(states(cards, roster), NOW)
    names = [i.model for i in items]
    assert "published" not in names
    assert sorted(names) == ["evaluated", "fresh", "sentback", "triaged"]
    by = {i.model: i for i in items}
    assert by["triaged"].stage == "evaluation" and by["triaged"].role == "publishing-worker"
    assert by["triaged"].assignee == "walt" and by["triaged"].priority == "high"
    assert by["triaged"].days_waiting == 9  # last decision at T0+1h
    assert by["evaluated"].days_waiting == 8  # T0+30h
    assert by["sentback"].waiting_on == "author"
    assert by["fresh"].days_waiting is None  # no decision, no submitted_at


def test_sort_orders(cards, roster):
    s = states(cards, roster)
    stage = [i.model for i in review_queue(s, NOW, "stage")]
    assert stage == ["sentback", "fresh", "triaged", "evaluated"]
    waiting = [i.model for i in review_queue(s, NOW, "waiting")]
    assert waiting == ["triaged", "sentback", "evaluated", "fresh"]
    prio = [i.model for i in review_queue(s, NOW, "priority")]
    assert prio[:2] == ["triaged", "evaluated"]
    with pytest.raises(ValueError, match="unknown sort"):
        review_queue(s, NOW, "name")


def test_include_all_and_build_queue(cards, roster):
    loaded = [load_card(p) for p in sorted(cards.glob("*.md"))]
    assert len(build_queue(loaded, roster, NOW, include_all=True)) == 5
    assert len(build_queue(loaded, roster, NOW)) == 4


def test_queue_cli(xdocs, cards):
    result = xdocs(
        "queue",
        str(cards),
        "--format",
        "json",
        "--sort",
        "priority",
        "--roster",
        str(xdocs.roster_file),
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["model"] for r in rows][:2] == ["triaged", "evaluated"]
    assert rows[0]["days_waiting"] > 200  # backdated to March 2026
    text = xdocs("queue", str(cards), "--roster", str(xdocs.roster_file)).stdout
    header, *lines = text.splitlines()
    assert header.split() == [
        "card",
        "status",
        "stage",
        "next",
        "assignee",
        "priority",
        "waiting",
        "flags",
    ]
    assert len(lines) == 4
    assert any("author" in line and "changes-requested" in line for line in lines)
