"""The workflow pass on real cards: never crashes, no false alarms, fast."""

from __future__ import annotations

import time

import pytest

from xdocs.card import iter_card_files, load_card
from xdocs.workflow.roster import load_roster
from xdocs.workflow.state import workflow_state

pytestmark = pytest.mark.corpus


def test_real_cards_are_drafts_without_findings(shared_dir, repo_dir):
    roster = load_roster(repo_dir / "site_config" / "roster.yml")
    cards = [load_card(p) for p in iter_card_files([shared_dir / "corpus" / "cards"])]
    cards += [load_card(p) for p in sorted((shared_dir / "corpus" / "hf-sample").glob("*"))[:300]]
    assert len(cards) > 300
    start = time.perf_counter()
    states = [workflow_state(card, roster) for card in cards]
    elapsed = time.perf_counter() - start
    # real published cards carry no xdocs approvals and no submitted_by
    assert {s.status for s in states} == {"draft"}
    assert [f for s in states for f in s.findings] == []
    assert all(s.digest.startswith("sha256v2:") for s in states)
    assert elapsed < 10, elapsed
