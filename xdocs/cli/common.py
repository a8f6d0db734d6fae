"""Helpers shared by the CLI commands: one-line errors and exit codes.

Exit codes (a contract for CI, written down in docs/cli.md): 0 success, 1
findings at or above ``--fail-on`` (or a refused action), 2 usage or
configuration errors, unreadable inputs and paths that hold no cards.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import click

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``xdocs: message`` on stderr and exit with ``code``."""
    click.echo(f"xdocs: {message}", err=True)
    sys.exit(code)


def load_trust_or_fail(
    roster: str | None,
    roster_from: str | None,
    *,
    trust_worktree_mailmap: bool = False,
    config: object = None,
):  # -> xdocs.workflow.trust.Trust
    """The workflow's root of trust for a command, or one error line and exit 2."""
    from xdocs.config import ConfigError, load_config
    from xdocs.workflow.roster import RosterError
    from xdocs.workflow.trust import load_trust

    try:
        cfg = config if config is not None else load_config()
        return load_trust(cfg, roster, roster_from, trust_worktree_mailmap=trust_worktree_mailmap)
    except (RosterError, ConfigError) as err:
        fail(str(err))


ROSTER_FROM_HELP = (
    "Read the roster, the workflow settings and .mailmap from git revision REV "
    "(e.g. origin/main), so the change under review cannot rewrite them."
)


#: what a card file is called, for messages ("no cards found under PATH (…)")
CARD_KINDS = ".md, .markdown, .json, .yaml or .yml"

#: rule ids of input xdocs cannot read (missing, over the size limit, a FIFO, socket or
#: device): the run exits 2 whatever else it found (docs/cli.md). A symbolic link
#: (``input/symlink``) is a warning: skipped by the read policy (docs/security.md).
INPUT_ERRORS = ("input/unreadable", "input/too-large", "input/special-file")


def card_files_or_fail(paths: Iterable[str | Path], skipped: list | None = None) -> list[Path]:
    """Every card file under ``paths`` (each file once), or one error line and exit 2.

    A path that does not exist, or one that holds no card xdocs may read (an
    empty folder, a folder named like a card, a link or a FIFO named alone), is
    an input error, as eslint treats a pattern that matches nothing: a CI job
    pointed at the wrong folder must fail, not report "no problems in 0 files".
    Links and special files met beside real cards are appended to ``skipped``
    (:class:`xdocs.card.SkippedPath`, for :func:`report_skipped`) when a list is
    given; callers that walk the paths again (``check``, ``fix``) pass none.
    """
    from xdocs.card import iter_card_files

    out: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        shown = str(raw)
        if not os.path.lexists(raw):
            fail(f"{shown}: no such file or folder: check the path")
        refused: list = []
        found = list(iter_card_files([raw], skipped=refused))
        if not found and refused:
            fail(f"{refused[0].path}: {refused[0].message}")
        if not found:
            fail(f"{shown}: no cards found under {shown} (card files end in {CARD_KINDS})")
        if skipped is not None:
            skipped.extend(refused)
        for path in found:
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                out.append(path)
    return out


def report_skipped(skipped: Iterable) -> bool:
    """One stderr line per skipped path (``xdocs: warning: …`` for a link, ``xdocs: …``
    for a FIFO, socket or device); True when one of them makes the run exit 2."""
    failed = False
    for item in skipped:
        error = item.rule in INPUT_ERRORS
        failed |= error
        level = "" if error else "warning: "
        click.echo(f"xdocs: {level}{item.path}: {item.message}", err=True)
    return failed


class ProgressBar:
    """A rich progress bar on stderr (callers use it only when stderr is a terminal).

    Entered, it returns ``update(done, total)``; ``total`` may be None while unknown."""

    def __init__(self, description: str) -> None:
        self.description = description

    def __enter__(self) -> Any:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.__enter__()
        self.task = self.bar.add_task(self.description, total=None)
        return self.update

    def update(self, done: int, total: int | None) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: Any) -> None:
        self.bar.__exit__(*exc)
