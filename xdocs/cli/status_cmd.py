"""``xdocs status PATHS``: each card's derived workflow status and who acts next."""

from __future__ import annotations

import json
from pathlib import Path

import click

from xdocs.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    ROSTER_FROM_HELP,
    card_files_or_fail,
    load_trust_or_fail,
    report_skipped,
)


@click.command("status")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False), help="Roster file.")
@click.option("--roster-from", metavar="REV", help=ROSTER_FROM_HELP)
@click.option(
    "--verify-git",
    is_flag=True,
    help="Check with git blame that each approval was committed by its approver.",
)
@click.option(
    "--trust-worktree-mailmap",
    is_flag=True,
    help="With --verify-git, map commit emails with the working tree's .mailmap "
    "(never trusted by default: the change under review can edit it).",
)
@click.option(
    "--export-signatures",
    "export_dir",
    type=click.Path(file_okay=False, path_type=str),
    help="Write each signed record's payload, signature and an allowed_signers file to DIR, "
    "so anyone can check them with `ssh-keygen -Y verify` alone.",
)
def status_cmd(
    paths: tuple[str, ...],
    fmt: str,
    roster_path: str | None,
    roster_from: str | None,
    verify_git: bool,
    trust_worktree_mailmap: bool,
    export_dir: str | None,
) -> None:
    """Print the workflow status of the cards under PATHS.

    Exit 0, or 1 when --verify-git finds a record committed by someone else
    than its approver; 2 for an unreadable path or roster, or a path that holds
    no cards.
    """
    from xdocs.card import ReadError, load_card
    from xdocs.workflow.provenance import verify_git as verify
    from xdocs.workflow.state import workflow_state

    trust = load_trust_or_fail(
        roster_path, roster_from, trust_worktree_mailmap=trust_worktree_mailmap
    )
    roster = trust.roster
    skipped: list = []
    files = card_files_or_fail(paths, skipped)
    rows = []
    unreadable = report_skipped(skipped)
    provenance_errors = False
    for path in files:
        try:
            card = load_card(path)
        except ReadError as err:
            click.echo(f"xdocs: {err.path}: {err.message}", err=True)
            unreadable = True
            continue
        state = workflow_state(card, roster, settings=trust.settings)
        row = state.to_json()
        # a front-matter that does not parse hides the records: say so
        unreadable_yaml = [f.to_dict() for f in card.findings if f.rule == "metadata/yaml"]
        row["problems"] = unreadable_yaml + row["problems"]
        if verify_git:
            found = verify(card, roster, path, mailmap=trust.mailmap_for(Path(path)))
            row["provenance"] = [f.to_dict() for f in found]
            provenance_errors |= any(f.severity.name == "ERROR" for f in found)
        rows.append(row)
        if export_dir:
            from xdocs.workflow.export_signatures import export_signatures

            for line in export_signatures(card, roster, Path(export_dir)):
                click.echo(line, err=True)
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
    label = f" ({row['label']})" if row.get("label") == "In re-review" else ""
    lines = [f"{row['path']}: {title}: {row['status']}{label}"]
    if row.get("next_text"):
        lines.append(f"  next: {row['next_text']}")
    for s in row["stale"]:
        lines.append(f"  stale: {s['stage']} {s['decision']} by {s['by']} at {s['at']}")
    for f in row["flags"]:
        block = ", blocking" if f["blocking"] else ""
        lines.append(f"  flag: {f['id']} ({f['severity']}{block}): {f['message']}")
    for rec in row["timeline"]:
        if rec.get("signature") in ("unsigned", "invalid") or not rec.get("valid", True):
            mark = "refused" if not rec.get("valid", True) else rec["signature"]
            lines.append(
                f"  record: line {rec['line']}: {rec['stage']} {rec['decision']} by {rec['by']}: "
                f"{mark}"
            )
    for p in row["problems"]:
        lines.append(f"  {p['severity']}: line {p['line']}: {p['message']} [{p['rule']}]")
    for p in row.get("provenance", []):
        lines.append(f"  {p['severity']}: line {p['line']}: {p['message']} [{p['rule']}]")
    return "\n".join(lines)
