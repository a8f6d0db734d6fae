"""``--changed-since REV``: only the files a pull request touched.

Asks git for files changed between ``REV`` and the working tree (committed,
staged or not) plus untracked files, so a local run and a CI run on the PR
head agree. Deleted files are not linted. Any git failure is a ConfigError
(exit 2) that says what to do.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from xdocs.config import ConfigError


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
        )
    except FileNotFoundError:
        raise ConfigError("--changed-since", "git is not installed; drop --changed-since") from None
    except subprocess.TimeoutExpired:
        raise ConfigError("--changed-since", "git did not answer within 60 s") from None
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["git failed"])[0]
        raise ConfigError(
            "--changed-since",
            f"git {' '.join(args[:2])} failed: {first} (is this a git checkout with that revision? "
            "in CI fetch enough history, e.g. fetch-depth: 0)",
        )
    return proc.stdout


def changed_files(rev: str, root: Path) -> set[Path]:
    """Absolute paths of files added, copied, modified or renamed since ``rev``, plus untracked."""
    top = Path(_git(["rev-parse", "--show-toplevel"], root).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    names = _git(["diff", "--name-only", "--diff-filter=ACMR", "-z", rev, "--"], top).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    return {(top / n).resolve() for n in names if n}
