"""``xdocs inspect CARD``: what xdocs understood (format, metadata, sections)."""

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
        click.echo(inspect_text(model))
