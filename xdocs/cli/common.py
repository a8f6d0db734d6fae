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
