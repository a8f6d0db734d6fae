"""``xdocs status PATHS``: each card's derived workflow status and who acts next."""

from __future__ import annotations

import json

import click

from xdocs.cli.common import EXIT_FINDINGS, EXIT_USAGE, fail


@click.command("status")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False), help="Roster file.")
@click.option(
    "--verify-git",
    is_flag=True,
    help="Check with git blame that each approval was committed by its approver.",
)
def status_cmd(paths: tuple[str, ...], fmt: str, roster_path: str | None, verify_git: bool) -> None:
    """Print the workflow status of the cards under PATHS.

    Exit 0, or 1 when --verify-git finds a record committed by someone else
    than its approver; 2 for an unreadable path or roster.
    """
    from xdocs.card import ReadError, iter_card_files, load_card
    from xdocs.config import ConfigError
    from xdocs.workflow.provenance import verify_git as verify
    from xdocs.workflow.roster import RosterError, resolve_roster
    from xdocs.workflow.state import workflow_state

    try:
        roster = resolve_roster(roster_path)
    except (RosterError, ConfigError) as err:
        fail(str(err))
    rows = []
    unreadable = False
    provenance_errors = False
    for path in iter_card_files(paths):
        try:
            card = load_card(path)
        except ReadError as err:
            click.echo(f"xdocs: {err.path}: {err.message}", err=True)
            unreadable = True
            continue
        state = workflow_state(card, roster)
        row = state.to_json()
        # a front-matter that does not parse hides the records: say so
        unreadable_yaml = [f.to_dict() for f in card.findings if f.rule == "metadata/yaml"]
        row["problems"] = unreadable_yaml + row["problems"]
        if verify_git:
            found = verify(card, roster, path)
            row["provenance"] = [f.to_dict() for f in found]
            provenance_errors |= any(f.severity.name == "ERROR" for f in found)
        rows.append(row)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            click.echo(_text(row))
    if unreadable:
        raise SystemExit(EXIT_USAGE)
    if provenance_errors:
        raise SystemExit(EXIT_FINDINGS)


def _text(row: dict) -> str:
    title = " ".join(str(x) for x in (row["model"], row["version"]) if x) or "(untitled)"
    lines = [f"{row['path']}: {title}: {row['status']}"]
    nxt = row["next"]
    if nxt:
        who = "the author, then " if row.get("waiting_on") == "author" else ""
        lines.append(f"  next: {nxt['stage']} by {who}a {nxt['role']}")
    for s in row["stale"]:
        lines.append(f"  stale: {s['stage']} {s['decision']} by {s['by']} at {s['at']}")
    for f in row["flags"]:
        block = ", blocking" if f["blocking"] else ""
        lines.append(f"  flag: {f['id']} ({f['severity']}{block}): {f['message']}")
    for p in row["problems"]:
        lines.append(f"  {p['severity']}: line {p['line']}: {p['message']} [{p['rule']}]")
    for p in row.get("provenance", []):
        lines.append(f"  {p['severity']}: line {p['line']}: {p['message']} [{p['rule']}]")
    return "\n".join(lines)
