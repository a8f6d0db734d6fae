"""``xdocs queue [PATHS]``: the publishing manager's review queue."""

from __future__ import annotations

import json

import click

from xdocs.cli.common import (
    EXIT_USAGE,
    ROSTER_FROM_HELP,
    card_files_or_fail,
    fail,
    load_trust_or_fail,
    report_skipped,
)


@click.command("queue")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--sort",
    type=click.Choice(["stage", "waiting", "priority"]),
    default="stage",
    show_default=True,
    help="stage: process order; waiting: longest first; priority: critical first.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False), help="Roster file.")
@click.option("--roster-from", metavar="REV", help=ROSTER_FROM_HELP)
@click.option("--all", "include_all", is_flag=True, help="Include drafts and finished cards.")
def queue_cmd(
    paths: tuple[str, ...],
    sort: str,
    fmt: str,
    roster_path: str | None,
    roster_from: str | None,
    include_all: bool,
) -> None:
    """List every card awaiting a decision (default PATHS: the configured cards folder):
    stage, who acts, assignee, priority, days waiting and open flags."""
    from xdocs.card import ReadError, load_card
    from xdocs.config import ConfigError, load_config
    from xdocs.workflow.queue import build_queue

    try:
        config = load_config()
    except ConfigError as err:
        fail(str(err))
    trust = load_trust_or_fail(roster_path, roster_from, config=config)
    targets = list(paths) or [_shown(config.resolve("cards", "cards"))]
    skipped: list = []
    files = card_files_or_fail(targets, skipped)
    cards = []
    unreadable = report_skipped(skipped)
    for path in files:
        try:
            cards.append(load_card(path))
        except ReadError as err:
            click.echo(f"xdocs: {err.path}: {err.message}", err=True)
            unreadable = True
    items = build_queue(
        cards, trust.roster, sort=sort, include_all=include_all, settings=trust.settings
    )
    if fmt == "json":
        click.echo(json.dumps([i.to_json() for i in items], indent=2, ensure_ascii=False))
    elif not items:
        click.echo("queue is empty: no card awaits a decision")
    else:
        click.echo(_table(items))
    if unreadable:
        raise SystemExit(EXIT_USAGE)


def _shown(path) -> str:  # type: ignore[no-untyped-def]
    """A default path relative to the working directory when it is below it."""
    import os

    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _table(items: list) -> str:
    head = ("card", "status", "stage", "next", "assignee", "priority", "waiting", "flags")
    rows = [head]
    for i in items:
        who = "author" if i.waiting_on == "author" else (i.role or "-")
        flags = ", ".join(
            f"{f['id']}({f['severity']}{'!' if f['blocking'] else ''})" for f in i.flags
        )
        rows.append(
            (
                i.path,
                i.status,
                i.stage or "-",
                who,
                i.assignee or "-",
                i.priority or "-",
                f"{i.days_waiting}d" if i.days_waiting is not None else "-",
                flags or "-",
            )
        )
    widths = [max(len(str(r[c])) for r in rows) for c in range(len(head))]
    return "\n".join(
        "  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )
