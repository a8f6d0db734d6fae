"""`xdocs status --verify-git`: records must be committed by their approver."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.workflow.conftest import CARD, at

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, who: tuple[str, str] | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if who:
        env.update(
            GIT_AUTHOR_NAME=who[0],
            GIT_AUTHOR_EMAIL=who[1],
            GIT_COMMITTER_NAME=who[0],
            GIT_COMMITTER_EMAIL=who[1],
        )
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


WENDY = ("Wendy Worker", "wendy@xalura.example")
MAX = ("Max Manager", "max@xalura.example")
MALLORY = ("Mallory", "mallory@elsewhere.example")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "card.md").write_text(CARD)
    git(repo, "add", "card.md")
    git(repo, "commit", "-q", "-m", "submit card", who=("Sam Submitter", "sam@xalura.example"))
    return repo


def test_records_committed_by_their_approvers_verify(xdocs, repo):
    card = repo / "card.md"
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    git(repo, "commit", "-qam", "intake review", who=WENDY)
    assert (
        xdocs.approve(
            card, "intake", "max", "--at", at(1), "--assignee", "walt", "--priority", "low"
        ).exit_code
        == 0
    )
    git(repo, "commit", "-qam", "intake decision", who=MAX)
    result = xdocs("status", str(card), "--verify-git", "--roster", str(xdocs.roster_file))
    assert result.exit_code == 0, result.output
    rows = xdocs.status(card, extra=("--verify-git",))
    assert rows[0]["provenance"] == []
    assert rows[0]["status"] == "intake-passed"


def test_record_added_by_another_author_is_reported(xdocs, repo):
    card = repo / "card.md"
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    git(repo, "commit", "-qam", "intake review", who=WENDY)
    # Mallory writes Max's decision herself: the tool accepts it (max is on the
    # roster and holds the role) but git knows who committed it.
    assert xdocs.approve(card, "intake", "max", "--at", at(1)).exit_code == 0
    git(repo, "commit", "-qam", "intake decision", who=MALLORY)
    sha = git(repo, "rev-parse", "HEAD").strip()
    result = xdocs("status", str(card), "--verify-git", "--roster", str(xdocs.roster_file))
    assert result.exit_code == 1
    assert f"written in commit {sha[:10]} by Mallory <mallory@elsewhere.example>" in result.stdout
    assert "not by max <max@xalura.example>" in result.stdout
    rows = xdocs.status(card, extra=("--verify-git",))
    found = rows[0]["provenance"]
    assert len(found) == 1
    assert found[0]["rule"] == "workflow/provenance"
    assert "approval record 2 (intake approved by max)" in found[0]["message"]
    lines = card.read_text().splitlines()
    assert found[0]["line"] == lines.index("    by: max") - 1  # first line of the record


def test_uncommitted_record_is_a_warning(xdocs, repo):
    card = repo / "card.md"
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    rows = xdocs.status(card, extra=("--verify-git",))
    (found,) = rows[0]["provenance"]
    assert found["severity"] == "warning"
    assert "not committed yet" in found["message"]


def test_outside_a_repository(xdocs, make_card):
    card = make_card()
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    env_dir = card.parent
    assert not (env_dir / ".git").exists()
    rows = xdocs.status(card, extra=("--verify-git",))
    (found,) = rows[0]["provenance"]
    assert "cannot verify approvals with git" in found["message"]
