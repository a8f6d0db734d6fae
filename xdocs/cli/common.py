"""Helpers shared by the CLI commands: one-line errors and exit codes.

Exit codes (a contract for CI): 0 success, 1 findings at or above
``--fail-on`` (or a refused action), 2 usage or configuration errors and
unreadable inputs.
"""

from __future__ import annotations

import sys
from typing import NoReturn

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
