"""``xdocs inspect CARD``: what xdocs understood (format, metadata, sections).

Text for people (metadata as indented fields, never a Python repr), JSON for
tools (the contract in :mod:`xdocs.card.inspect`, docs/cli.md).
"""

from __future__ import annotations

import json

import click

from xdocs.cli.common import fail


@click.command("inspect")
@click.argument("card", type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def inspect_cmd(card: str, fmt: str) -> None:
    """Show what xdocs understood of CARD: format, metadata and canonical sections."""
    from xdocs.card import ReadError, load_card
    from xdocs.card.inspect import inspect_data, inspect_text

    try:
        model = load_card(card)
    except ReadError as err:
        fail(f"{err.path}: {err.message}")
    if fmt == "json":
        click.echo(json.dumps(inspect_data(model), indent=2, ensure_ascii=False, default=str))
    else:
        from xdocs.report.base import printable

        # a card's text must not drive the terminal (escape sequences, bidi overrides)
        click.echo(printable(inspect_text(model)))
