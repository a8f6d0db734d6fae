"""``xdocs compliance CARD --profile NAME``: which items of a framework the card documents."""

from __future__ import annotations

import json

import click

from xdocs.cli.common import EXIT_FINDINGS, EXIT_USAGE, card_files_or_fail, fail, report_skipped


@click.command("compliance")
@click.argument("cards", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--profile",
    "profile_name",
    required=True,
    help="eu-ai-act-annex-iv, nist-ai-rmf, mitchell-2019, hf-template, or a profile .yml.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--min-coverage",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Exit 1 when a card covers less than this fraction of the items.",
)
def compliance_cmd(
    cards: tuple[str, ...], profile_name: str, fmt: str, min_coverage: float | None
) -> None:
    """Report covered, placeholder and missing items of a compliance profile for CARDS,
    with the coverage ratio. Exit 0; 1 below --min-coverage; 2 for an unknown
    profile, an unreadable card or a path that holds no cards."""
    from xdocs.card import ReadError, load_card
    from xdocs.config import find_project_root
    from xdocs.evidence.compliance import ProfileError, evaluate, load_profile, render_text

    try:
        profile = load_profile(profile_name, find_project_root())
    except ProfileError as err:
        fail(str(err))
    skipped: list = []
    files = card_files_or_fail(cards, skipped)
    if report_skipped(skipped):
        raise SystemExit(EXIT_USAGE)
    reports = []
    for path in files:
        try:
            card = load_card(path)
        except ReadError as err:
            fail(f"{err.path}: {err.message}")
        reports.append(evaluate(card, profile))
    if fmt == "json":
        data = [r.to_dict() for r in reports]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(render_text(r) for r in reports), nl=False)
    if min_coverage is not None and any(r.coverage < min_coverage for r in reports):
        raise SystemExit(EXIT_FINDINGS)
