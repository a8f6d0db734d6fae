"""Files as a git revision holds them, and ``.mailmap`` read by xdocs itself.

A pull request can change any file of the working tree, including the roster
and ``.mailmap`` it is judged by. ``--roster-from REV`` reads those from a
revision the change cannot rewrite (``origin/main``). And because git applies
the working tree's ``.mailmap`` to every author it prints, the provenance
check never asks git to map authors: it reads each commit's raw author email
(``%ae``) and applies a mailmap it trusts (:class:`Mailmap`).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


class GitSourceError(Exception):
    """git could not answer: the message says why."""


def _git(args: list[str], cwd: Path, *, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=not binary,
            timeout=60,
            check=False,
        )
    except FileNotFoundError:
        raise GitSourceError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitSourceError(f"git {args[0]} timed out") from None


def repo_root(path: Path) -> Path:
    """The top of the git work tree that holds ``path``."""
    folder = path if path.is_dir() else path.parent
    proc = _git(["rev-parse", "--show-toplevel"], folder)
    if proc.returncode != 0:
        raise GitSourceError(f"{folder} is not inside a git repository")
    return Path(proc.stdout.strip())


def read_at_revision(rev: str, path: Path, *, limit: int = 5 * 1024 * 1024) -> bytes | None:
    """The bytes of ``path`` (a working-tree path) at ``rev``; None when the
    revision has no such file. Raises :class:`GitSourceError` for a revision
    git does not know."""
    if not rev or rev.startswith("-"):
        raise GitSourceError(f"{rev!r} is not a git revision")
    root = repo_root(path.resolve().parent if not path.exists() else path.resolve())
    rel = path.resolve().relative_to(root).as_posix()
    check = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    if check.returncode != 0:
        raise GitSourceError(f"unknown git revision {rev!r} (fetch it first: git fetch origin)")
    proc = _git(["cat-file", "-e", f"{rev}:{rel}"], root)
    if proc.returncode != 0:
        return None
    blob = _git(["cat-file", "blob", f"{rev}:{rel}"], root, binary=True)
    if blob.returncode != 0:
        raise GitSourceError(f"cannot read {rel} at {rev}")
    data = blob.stdout
    if len(data) > limit:
        raise GitSourceError(f"{rel} at {rev} is larger than {limit} bytes")
    return data


def raw_authors(commits: set[str], cwd: Path) -> dict[str, tuple[str, str]]:
    """commit → (author name, author email) as recorded in the commit, with no
    mailmap applied (``%an``/``%ae``; ``%aN``/``%aE`` would apply one)."""
    wanted = sorted(c for c in commits if re.fullmatch(r"[0-9a-f]{40}", c))
    if not wanted:
        return {}
    proc = _git(["log", "--no-walk=unsorted", "--format=%H%x00%an%x00%ae", *wanted], cwd)
    if proc.returncode != 0:
        raise GitSourceError(proc.stderr.strip().splitlines()[0] if proc.stderr else "git log")
    out: dict[str, tuple[str, str]] = {}
    for line in proc.stdout.splitlines():
        parts = line.split("\x00")
        if len(parts) == 3:
            out[parts[0]] = (parts[1], parts[2])
    return out


def first_commit_dates(paths: list[str]) -> dict[str, dt.datetime]:
    """path → commit date of the commit that added it (the submission), for
    the paths inside a git repository; others are left out. One ``git log``
    per repository and folder, so a queue of thousands of cards stays cheap."""
    out: dict[str, dt.datetime] = {}
    by_folder: dict[Path, list[str]] = {}
    for p in paths:
        by_folder.setdefault(Path(p).resolve().parent, []).append(p)
    for folder, members in by_folder.items():
        if not folder.is_dir():
            continue
        names = {Path(p).resolve().name: p for p in members}
        try:
            proc = _git(
                ["log", "--diff-filter=A", "--format=%x00%cI", "--name-only", "--relative",
                 "--", "."],
                folder,
            )  # fmt: skip
        except GitSourceError:
            continue
        if proc.returncode != 0:
            continue
        when: dt.datetime | None = None
        for line in proc.stdout.splitlines():
            if line.startswith("\x00"):
                try:
                    when = dt.datetime.fromisoformat(line[1:].strip()).astimezone(dt.UTC)
                except ValueError:
                    when = None
                continue
            name = line.strip()
            if when is not None and name in names:
                out[names[name]] = when  # log is newest first: the last seen is the first add
    return out


_ENTRY = re.compile(
    r"^\s*(?P<name1>[^<]*?)\s*<(?P<email1>[^>]*)>"
    r"\s*(?:(?P<name2>[^<]*?)\s*<(?P<email2>[^>]*)>)?"
)


@dataclass
class Mailmap:
    """A parsed ``.mailmap`` (gitmailmap(5)): maps a commit's (name, email) to
    the canonical ones. Emails and names compare case-insensitively; an entry
    with a commit name wins over one with the email alone."""

    by_email: dict[str, tuple[str, str]] = field(default_factory=dict)
    by_name_email: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def parse(cls, text: str, source: str = ".mailmap") -> Mailmap:
        mm = cls(source=source)
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            line = line[: line.rfind(">") + 1]  # a comment may follow the last address
            m = _ENTRY.match(line)
            if not m:
                continue
            name1, email1 = m.group("name1").strip(), m.group("email1").strip()
            name2, email2 = (m.group("name2") or "").strip(), m.group("email2")
            if email2 is None:  # "Proper Name <commit@email>": name only
                mm.by_email[email1.lower()] = (name1, "")
            elif name2:
                mm.by_name_email[(name2.lower(), email2.strip().lower())] = (name1, email1)
            else:
                mm.by_email[email2.strip().lower()] = (name1, email1)
        return mm

    def email(self, name: str, email: str) -> str:
        """The canonical email of a commit author."""
        hit = self.by_name_email.get((name.lower(), email.lower())) or self.by_email.get(
            email.lower()
        )
        return hit[1] if hit and hit[1] else email
