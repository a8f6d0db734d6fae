"""Issue 10: each way a card could become `published` (or an approval count)
without the approvers doing anything, reproduced and closed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.workflow.conftest import CARD, ROSTER_YML, at
from tests.workflow.test_scenario import WALK
from xdocs.card import load_card
from xdocs.document import Document
from xdocs.workflow.approve import ApproveRefused, ApproveRequest, approve
from xdocs.workflow.digest import card_digest
from xdocs.workflow.roster import RosterError, roster_from_text
from xdocs.workflow.state import workflow_state

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def publish(xdocs, card: Path, upto: int = len(WALK)) -> None:
    for i, (stage, by, extra) in enumerate(WALK[:upto]):
        result = xdocs.approve(card, stage, by, "--at", at(i), *extra)
        assert result.exit_code == 0, result.output


# -- break 3: .mailmap committed in the same change -----------------------------------------
def git(repo: Path, *args: str, who: tuple[str, str] | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if who:
        env.update(GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1],
                   GIT_COMMITTER_NAME=who[0], GIT_COMMITTER_EMAIL=who[1])  # fmt: skip
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


MALLORY = ("Mallory", "mallory@elsewhere.example")


@needs_git
def test_mailmap_in_the_change_under_review_does_not_forge_provenance(xdocs, tmp_path, monkeypatch):
    from tests.workflow.conftest import project

    repo = project(tmp_path / "repo", "optional")
    monkeypatch.setenv("XDOCS_PROJECT_ROOT", str(repo))
    git(repo, "init", "-q", "-b", "main")
    (repo / "card.md").write_text(CARD)
    (repo / "roster.yml").write_text(ROSTER_YML)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base", who=("Sam Submitter", "sam@xalura.example"))
    card = repo / "card.md"
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    # Mallory commits Wendy's review and maps her own email to Wendy's
    (repo / ".mailmap").write_text(
        "Wendy Worker <wendy@xalura.example> <mallory@elsewhere.example>\n"
    )
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "review", who=MALLORY)
    rows = xdocs.status(card, extra=("--verify-git",))
    (found,) = rows[0]["provenance"]
    assert found["severity"] == "error"
    assert "mallory@elsewhere.example" in found["message"]
    # the base revision has no mailmap either: still refused
    roster = str(repo / "roster.yml")
    result = xdocs(
        "status", str(card), "--verify-git", "--roster", roster, "--roster-from", "HEAD~1"
    )
    assert result.exit_code == 1, result.output
    # only an explicit, trusted mailmap maps the address
    result = xdocs("status", str(card), "--verify-git", "--roster", roster,
                   "--trust-worktree-mailmap")  # fmt: skip
    assert result.exit_code == 0, result.output


@needs_git
def test_roster_from_a_base_revision_ignores_the_changes_roster(tmp_path, keys):
    """A pull request adds its author to the roster (and turns signatures off)
    in the same change: read from the base revision, neither counts."""
    from tests.workflow.conftest import SignedXdocs, project, roster_with_keys

    root = project(tmp_path / "p", "required", roster_with_keys(keys))
    git(root, "init", "-q", "-b", "main")
    (root / "card.md").write_text(CARD)
    git(root, "add", ".")
    git(root, "commit", "-qm", "base", who=("Admin", "admin@xalura.example"))
    # the change: mallory becomes Chief AI, signatures are turned off
    roster = (root / "site_config" / "roster.yml").read_text()
    roster += "  - {id: mallory, name: M, email: m@evil.example, roles: [chief-ai]}\n"
    (root / "site_config" / "roster.yml").write_text(roster)
    cfg = root / "site_config" / "xdocs.yml"
    cfg.write_text(cfg.read_text().replace("signatures: required", 'signatures: "off"'))
    xdocs = SignedXdocs(root, keys)
    card = root / "card.md"
    text = CARD.replace(
        "license: apache-2.0\n",
        "license: apache-2.0\napprovals:\n  - stage: intake\n    role: publishing-worker\n"
        f"    by: mallory\n    decision: approved\n    at: '{at(0)}'\n"
        f"    digest: {card_digest(Document.from_text(CARD, 'c.md'))}\n",
    )
    card.write_text(text)
    # mallory is not a worker anyway; the point is which roster judges her
    plain = xdocs.status(card)[0]
    assert not any(p["rule"] == "workflow/unknown-person" for p in plain["problems"])
    based = xdocs.status(card, extra=("--roster-from", "HEAD"))[0]
    rules = {p["rule"] for p in based["problems"]}
    assert "workflow/unknown-person" in rules
    result = xdocs("check", "card.md", "--roster-from", "HEAD", "--format", "json")
    assert '"workflow/unknown-person"' in result.stdout
    result = xdocs("status", "card.md", "--roster-from", "no-such-rev")
    assert result.exit_code == 2 and "unknown git revision" in result.output


# -- break 4: the digest covers data, not text ------------------------------------------------
ANCHORED = CARD.replace(
    "license: apache-2.0\n",
    "license: apache-2.0\napprovals:\n  - &m {note: 'accuracy 0.91'}\nmetrics_note: *m\n",
)


def test_an_alias_into_the_approvals_cannot_change_a_value_after_approval(xdocs, make_card):
    card = make_card(
        ANCHORED.replace(
            "approvals:\n  - &m {note: 'accuracy 0.91'}\n",
            "evidence_note: &m {note: 'accuracy 0.91'}\n",
        )
    )
    publish(xdocs, card)
    assert xdocs.status(card)[0]["status"] == "published"
    # move the anchored value into the approvals block and change it there
    text = card.read_text()
    text = text.replace("evidence_note: &m {note: 'accuracy 0.91'}\n", "")
    text = text.replace("approvals:\n", "approvals:\n  - &m {note: 'accuracy 0.50'}\n", 1)
    card.write_text(text)
    row = xdocs.status(card)[0]
    assert row["status"] != "published"


INDENTED = """\
---
  approvals: []
  name: Fraud Sentinel
  owners: [olga]
  submitted_by: sam
  license: apache-2.0
  metrics:
    - {name: accuracy, value: 0.91}
---

# Fraud Sentinel

## Intended Use

Scores card transactions.
"""


def test_indented_front_matter_keeps_every_key_and_edits_make_approvals_stale(xdocs, make_card):
    """Breaks 4 and 5: approve used to delete the whole front-matter here, and
    the digest let licence and metrics change after approval."""
    card = make_card(INDENTED)
    publish(xdocs, card)
    doc = Document.from_path(card)
    data = doc.front_matter_data
    assert data["license"] == "apache-2.0" and data["metrics"][0]["value"] == 0.91
    assert len(data["approvals"]) == len(WALK)
    assert xdocs.status(card)[0]["status"] == "published"
    card.write_text(card.read_text().replace("apache-2.0", "proprietary"))
    assert xdocs.status(card)[0]["status"] == "stale"
    card.write_text(card.read_text().replace("proprietary", "apache-2.0").replace("0.91", "0.99"))
    assert xdocs.status(card)[0]["status"] == "stale"


@pytest.mark.parametrize(
    "text",
    [
        "---\n{name: X, owners: [olga], submitted_by: sam, approvals: []}\n---\nBody\n",
        "---\nname: X\nowners: [olga]\nsubmitted_by: sam\napprovals: &a []\nalso: *a\n---\nBody\n",
    ],
)
def test_layouts_approve_cannot_append_to_are_refused_untouched(make_card, roster, text):
    card = make_card(text)
    before = card.read_bytes()
    with pytest.raises(ApproveRefused) as info:
        approve(card, ApproveRequest("intake", "wendy", at=_t(0)), roster)
    assert info.value.rule == "workflow/layout"
    assert card.read_bytes() == before


def _t(hours: float):
    import datetime as dt

    from tests.workflow.conftest import T0

    return T0 + dt.timedelta(hours=hours)


def test_approve_refuses_a_symlinked_card(make_card, roster, tmp_path):
    target = make_card()
    link = tmp_path / "link.md"
    link.symlink_to(target)
    with pytest.raises(ApproveRefused, match="symlink"):
        approve(link, ApproveRequest("intake", "wendy", at=_t(0)), roster)
    assert link.is_symlink()
    assert "approvals" not in target.read_text()


def test_approve_refuses_a_fifo(roster, tmp_path):
    fifo = tmp_path / "card.md"
    os.mkfifo(fifo)
    with pytest.raises(ApproveRefused, match="not a regular file"):
        approve(fifo, ApproveRequest("intake", "wendy", at=_t(0)), roster)


# -- break 6: backdating past a blocking flag; one meaning of "resolved" ----------------------
def _flagged(resolved: str = "") -> str:
    flag = (
        "flags:\n  - {by: walt, at: '2026-03-20T00:00:00Z', severity: critical, "
        f"note: metric does not reproduce{resolved}}}\n"
    )
    return CARD.replace("license: apache-2.0\n", "license: apache-2.0\n" + flag)


def test_backdating_cannot_pass_an_open_critical_flag(xdocs, make_card):
    card = make_card(_flagged())
    publish(xdocs, card, upto=4)  # intake and evaluation are not blocked
    # documentation backdated before the flag's date (2026-03-20): still refused
    result = xdocs.approve(card, "documentation", "wendy", "--at", at(4))
    assert result.exit_code == 1
    assert "workflow/blocking-flag" in result.output


def test_hand_written_backdated_approval_past_a_flag_does_not_count(xdocs, make_card, roster):
    card = make_card(_flagged())
    publish(xdocs, card, upto=4)
    digest = card_digest(Document.from_path(card))
    text = card.read_text()
    text = text.replace(
        "---\n\n# Fraud",
        "  - stage: documentation\n    role: publishing-worker\n    by: wendy\n"
        f"    decision: approved\n    at: '{at(4)}'\n    digest: {digest}\n---\n\n# Fraud",
    )
    card.write_text(text)
    assert len(load_card(card).raw["approvals"]) == 5
    row = xdocs.status(card)[0]
    assert any(p["rule"] == "workflow/blocking-flag" for p in row["problems"])


@pytest.mark.parametrize(
    "resolved", [", resolved: 'not yet'", ", resolved: 'no'", ", resolved_at: soon"]
)
def test_an_ambiguous_resolution_leaves_the_flag_open_everywhere(make_card, roster, resolved):
    from xdocs.config import load_config
    from xdocs.evidence.risk import open_critical_flags

    card = load_card(make_card(_flagged(resolved)))
    state = workflow_state(card, roster)
    assert state.blocked
    assert open_critical_flags(card.metadata.get("flags") or card.raw.get("flags"))
    assert load_config  # the risk pass and the workflow agree


# -- break 7: hand-written records by someone who left -----------------------------------------
def test_a_hand_written_record_by_an_inactive_person_does_not_count(xdocs, make_card):
    card = make_card()
    digest = card_digest(Document.from_path(card))
    card.write_text(
        CARD.replace(
            "license: apache-2.0\n",
            "license: apache-2.0\napprovals:\n  - stage: intake\n    role: publishing-worker\n"
            f"    by: gone\n    decision: approved\n    at: '{at(0)}'\n    digest: {digest}\n",
        )
    )
    row = xdocs.status(card)[0]
    assert row["timeline"][0]["valid"] is False
    assert any(p["rule"] == "workflow/inactive-person" for p in row["problems"])


def test_records_before_the_leaving_date_stay_valid(make_card):
    roster = roster_from_text(
        ROSTER_YML.replace("    active: false\n", "    active: false\n    until: 2026-03-05\n"),
        "r.yml",
    )
    card_path = make_card()
    digest = card_digest(Document.from_path(card_path))
    for hours, valid in ((0, True), (24 * 5, False)):
        card_path.write_text(
            CARD.replace(
                "license: apache-2.0\n",
                "license: apache-2.0\napprovals:\n  - stage: intake\n    role: publishing-worker\n"
                f"    by: gone\n    decision: approved\n    at: '{at(hours)}'\n"
                f"    digest: {digest}\n",
            )
        )
        state = workflow_state(load_card(card_path), roster)
        assert state.timeline[0].valid is valid, hours


def test_until_is_only_for_people_who_left():
    with pytest.raises(RosterError, match="only for `active: false`"):
        roster_from_text(
            "people:\n  - {id: a, email: a@x.example, roles: [executive], until: 2026-01-01}\n",
            "r.yml",
        )


# -- break 8: self-approval evaded by how the owner is written ------------------------------------
@pytest.mark.parametrize(
    "owner",
    [
        "'Wendy Worker (wendy)'",
        "'@wendy'",
        "'Wendy Worker <WENDY@xalura.example>'",
        "'w\u0435ndy'",  # Cyrillic е
        "'ｗｅｎｄｙ'",  # full-width
        "'wen\u200bdy'",  # zero-width space
        "{id: wendy}",
    ],
)
def test_self_approval_cannot_be_evaded_by_spelling(make_card, roster, owner):
    card = make_card(CARD.replace("owners: [olga]", f"owners: [{owner}]"))
    with pytest.raises(ApproveRefused) as info:
        approve(card, ApproveRequest("intake", "wendy", at=_t(0)), roster)
    assert info.value.rule == "workflow/self-approval"


def test_look_alike_roster_ids_are_refused():
    with pytest.raises(RosterError, match="lowercase slug|looks like"):
        roster_from_text(
            "people:\n"
            "  - {id: wendy, email: a@x.example, roles: [executive]}\n"
            "  - {id: 'w\u0435ndy', email: b@x.example, roles: [chief-ai]}\n",
            "r.yml",
        )
