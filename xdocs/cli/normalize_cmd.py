"""``xdocs normalize CARD``: the card in the house layout, content moved verbatim."""

from __future__ import annotations

import click

from xdocs.cli.common import fail


@click.command("normalize")
@click.argument("card", type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), help="Write here.")
@click.option("--write", is_flag=True, help="Rewrite CARD in place (Markdown cards only).")
def normalize_cmd(card: str, output: str | None, write: bool) -> None:
    """Render CARD through templates/model_card.md.j2 (stdout, -o OUT or --write)."""
    from pathlib import Path

    from xdocs.card import ReadError, load_card
    from xdocs.card.render import render_card
    from xdocs.fileio import atomic_write

    if output and write:
        fail("use either -o OUT or --write, not both")
    try:
        model = load_card(card)
    except ReadError as err:
        fail(f"{err.path}: {err.message}")
    # unreadable input, or YAML (front-matter or a YAML card) that did not parse:
    # rendering it would drop or garble the metadata, so refuse in every mode
    fatal = [f for f in model.findings if f.rule.startswith("input/") or f.rule == "metadata/yaml"]
    if fatal:
        f = fatal[0]
        fail(f"{f.path}:{f.line}: {f.message}; nothing was written", 1)
    text = render_card(model)
    if write:
        if model.format not in ("markdown", "hf"):
            fail(f"{card}: --write rewrites Markdown cards only; use -o OUT.md for {model.format}")
        if model.document.front_matter_error is not None:
            err = model.document.front_matter_error
            fail(f"{card}:{err.line}: {err.message}; fix it first, nothing was written", 1)
        atomic_write(card, text, newline=model.document.newline)
        click.echo(f"normalized {card}", err=True)
    elif output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(output, text)
    else:
        click.echo(text, nl=False)
