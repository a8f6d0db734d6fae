"""``xdocs status --verify-git``: was each approval record committed by its approver?

Anyone with write access can type a record naming someone else. The roster
says who may decide and with which email they commit; ``git blame`` says who
committed each line. For every approval record, every non-blank line of its
YAML must come from a commit authored with the approver's roster email. A
record added by anyone else is reported, with the commit and its author.

The author email is the one recorded in the commit (``%ae``), never one
mapped by git through the working tree's ``.mailmap``: that file is part of
the change under review, and mapping an attacker's email to an approver's
would forge the check. A mailmap is applied only when the caller passes one
it trusts (read from the base revision with ``--roster-from``, or the
working tree's with ``--trust-worktree-mailmap``).

Limits (documented in docs/workflow.md): blame names the *author* of a
commit, which its committer can set; pair this with signed commits or a
protected branch where the platform records who pushed. Squash-merging a
pull request re-authors its lines: merge approvals with merge or rebase.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from xdocs.card.model import ModelCard
from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX
from xdocs.workflow.gitsource import GitSourceError, Mailmap, raw_authors
from xdocs.workflow.layout import LayoutError, key_block
from xdocs.workflow.records import read_records
from xdocs.workflow.roster import Roster
from xdocs.workflow.rules import R

_UNCOMMITTED = "0" * 40
RULE = "workflow/provenance"


@dataclass(frozen=True)
class BlameLine:
    """Who last touched one line (git blame --line-porcelain)."""

    commit: str
    author: str
    email: str


def blame(path: Path) -> dict[int, BlameLine]:
    """1-based line → :class:`BlameLine` for the working-tree file. Raises
    ``RuntimeError`` with git's reason when the file cannot be blamed."""
    try:
        proc = subprocess.run(
            ["git", "blame", "--line-porcelain", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=60,
        )
    except FileNotFoundError:
        raise RuntimeError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise RuntimeError("git blame timed out") from None
    if proc.returncode != 0:
        reason = proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "git blame failed"
        raise RuntimeError(reason)
    out: dict[int, BlameLine] = {}
    commit, line_no, author, email = "", 0, "", ""
    for raw in proc.stdout.split("\n"):
        if raw.startswith("\t"):
            out[line_no] = BlameLine(commit, author, email)
            continue
        head, _, rest = raw.partition(" ")
        if len(head) == 40 and all(c in "0123456789abcdef" for c in head):
            commit = head
            parts = rest.split()
            line_no = int(parts[1]) if len(parts) > 1 else 0
        elif head == "author":
            author = rest
        elif head == "author-mail":
            email = rest.strip("<>")
    return out


def verify_git(
    card: ModelCard,
    roster: Roster,
    file_path: str | Path | None = None,
    *,
    mailmap: Mailmap | None = None,
) -> list[Finding]:
    """Findings for approval records not committed by their approver.

    ``file_path`` is the real path when ``card.path`` is a display path.
    Records by people not in the roster are skipped (``workflow/unknown-person``
    already reports them).
    """
    path = Path(file_path or card.path).resolve()
    records, _ = read_records(card)
    if not records:
        return []
    try:
        lines = blame(path)
        authors = raw_authors({b.commit for b in lines.values()} - {_UNCOMMITTED}, path.parent)
    except (RuntimeError, GitSourceError) as exc:
        return [
            R[RULE].finding(
                card.path,
                0,
                0,
                f"cannot verify approvals with git: {exc}",
                severity=Severity.WARNING,
                fix=NO_FIX,
            )
        ]
    try:
        block = key_block(card.document, "approvals")
    except LayoutError:
        block = None
    block_end = block.end if block else card.document.line_count
    findings: list[Finding] = []
    for pos, rec in enumerate(records):
        person = roster.get(rec.by)
        if person is None or not rec.line:
            continue
        if rec.end_line >= rec.line:
            end = rec.end_line
        else:
            end = (records[pos + 1].line - 1) if pos + 1 < len(records) else block_end
        start = _item_start(card, rec.line)
        seen: set[str] = set()
        for n in range(start, max(start, end) + 1):
            text = card.document.line_text(n).strip()
            if not text or text.startswith("#") or n not in lines:
                continue
            who = lines[n]
            if who.commit in authors:
                name, raw_email = authors[who.commit]
                email = mailmap.email(name, raw_email) if mailmap else raw_email
                who = BlameLine(who.commit, name, email)
            elif who.commit != _UNCOMMITTED:
                who = BlameLine(who.commit, who.author, "")  # unknown: never a match
            if who.commit == _UNCOMMITTED:
                if "uncommitted" not in seen:
                    seen.add("uncommitted")
                    findings.append(
                        R[RULE].finding(
                            card.path,
                            n,
                            1,
                            f"approval record {pos + 1} ({rec.stage} {rec.decision} by {rec.by}) "
                            "is not committed yet: its author cannot be verified",
                            severity=Severity.WARNING,
                            fix="commit it as the approver",
                        )
                    )
                continue
            if who.email.lower() != person.email.lower() and who.commit not in seen:
                seen.add(who.commit)
                findings.append(
                    R[RULE].finding(
                        card.path,
                        n,
                        1,
                        f"approval record {pos + 1} ({rec.stage} {rec.decision} by {rec.by}) was "
                        f"written in commit {who.commit[:10]} by {who.author} <{who.email}>, not "
                        f"by {rec.by} <{person.email}>",
                        severity=Severity.ERROR,
                        fix="have the approver record the decision themselves "
                        "(xdocs approve, committed with their roster email)",
                    )
                )
    return findings


def _item_start(card: ModelCard, line: int) -> int:
    """The record's first line: ruamel positions point at its first key, which
    is on the ``-`` line in the house layout; step back over a lone ``-``."""
    prev = card.document.line_text(line - 1).strip()
    return line - 1 if prev == "-" else line
