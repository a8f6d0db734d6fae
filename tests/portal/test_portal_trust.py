"""Issue 10 in the portal: a forged approval chain is never shown as published,
and records a rule refused are shown as refused (break 9)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cardfactory import SENTINEL_1, make_portal, people  # noqa: E402

from xdocs.document import Document  # noqa: E402
from xdocs.workflow.digest import card_digest  # noqa: E402

ROLES = {
    "worker": "publishing-worker",
    "worker2": "publishing-worker",
    "manager": "publishing-manager",
    "executive": "executive",
    "chief": "chief-ai",
}


def forged_chain(text: str) -> str:
    """Every stage 'approved' by the right people with correct digests, typed by
    hand: no signatures (the project requires them)."""
    digest = card_digest(Document.from_text(text, "c.md"))
    who = people()
    steps = [
        ("intake", "worker", "    assignee: {w2}\n    priority: high\n"),
        ("evaluation", "worker2", ""),
        ("evaluation", "manager", ""),
        ("documentation", "worker", ""),
        ("documentation", "manager", ""),
        ("executive", "executive", "    release: {{audience: all, timeline: now}}\n"),
        ("chief_ai", "chief", ""),
    ]
    items = [
        "  - stage: intake\n    role: publishing-worker\n    by: {}\n    decision: approved\n"
        "    at: '2026-03-02T10:00:00Z'\n    digest: {}\n".format(who["worker"], digest)
    ]
    for hour, (stage, role_key, extra) in enumerate(steps, start=11):
        fields = extra.format(w2=who["worker2"])
        items.append(
            f"  - stage: {stage}\n    role: {ROLES[role_key]}\n    by: {who[role_key]}\n"
            f"    decision: approved\n    at: '2026-03-02T{hour}:00:00Z'\n"
            f"    digest: {digest}\n{fields}"
        )
    return text.replace("metrics:", "approvals:\n" + "".join(items) + "metrics:", 1)


def test_a_forged_unsigned_chain_is_not_published_and_shows_refused(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "forged.md").write_text(forged_chain(SENTINEL_1), encoding="utf-8")
    portal = make_portal(cards)
    portal.refresh()
    (entry,) = [e for m in portal.models() for e in m.versions]
    assert entry.status == "submitted"
    assert all(not r.valid and r.signature == "unsigned" for r in entry.timeline)
    page = portal.pages()["models/fraud-sentinel/1-0.md"]
    assert page.count('class="xd-decision--approved xd-refused-record"') == len(entry.timeline)
    assert "<del>" in page
    assert "refused: approval record 1 (intake approved by" in page
    assert "does not count" in page
    published = make_portal(cards, published=True)
    published.refresh()
    assert not any(k.startswith("models/") for k in published.pages())


def test_signed_records_say_so_in_the_timeline(portal) -> None:
    page = portal.pages()["models/fraud-sentinel/1-0.md"]
    assert "signature verified" in page
    assert "xd-refused-record" not in page
