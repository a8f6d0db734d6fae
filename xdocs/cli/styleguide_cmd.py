"""``xdocs styleguide sync``: regenerate Vale's terms and vocabulary from terminology.yml."""

from __future__ import annotations

import sys

import click

from xdocs.cli.common import EXIT_FINDINGS, fail


@click.group("styleguide")
def styleguide_cmd() -> None:
    """House style guide data (terminology) and the files generated from it."""


@styleguide_cmd.command("sync")
@click.option(
    "--check", is_flag=True, help="Only report out-of-date files (exit 1), write nothing."
)
def sync_cmd(check: bool) -> None:
    """Write vale_styles/Xalura/Terms.yml and the Xalura vocabulary from
    styleguide/terminology.yml."""
    from xdocs.config import ConfigError, load_config
    from xdocs.lint.terminology import terminology_for
    from xdocs.lint.termsync import sync

    try:
        config = load_config()
        terms = terminology_for(config)
    except ConfigError as err:
        fail(str(err))
    try:
        changed = sync(config.root, terms, check=check)
    except OSError as exc:
        fail(f"cannot write generated files: {exc}")
    if check:
        for rel in changed:
            click.echo(f"{rel}: out of date; run `xdocs styleguide sync`")
        sys.exit(EXIT_FINDINGS if changed else 0)
    for rel in changed:
        click.echo(f"wrote {rel}")
    if not changed:
        click.echo("generated files are up to date")
