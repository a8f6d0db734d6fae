"""``xdocs sign CARD --by PERSON --key KEY``: sign your own earlier records."""

from __future__ import annotations

import click

from xdocs.cli.common import EXIT_FINDINGS, EXIT_USAGE, ROSTER_FROM_HELP, fail, load_trust_or_fail


@click.command("sign")
@click.argument("card", type=click.Path(dir_okay=False, path_type=str))
@click.option("--by", "by", required=True, help="Your roster id: only your records are signed.")
@click.option(
    "--key",
    required=True,
    type=click.Path(dir_okay=False),
    help="Your SSH key (private key file, or a .pub whose key is in ssh-agent).",
)
@click.option(
    "--record",
    "records",
    type=click.IntRange(min=1),
    multiple=True,
    help="Sign only record N (1-based; repeat for several). Default: all yours.",
)
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False), help="Roster file.")
@click.option("--roster-from", metavar="REV", help=ROSTER_FROM_HELP)
@click.option("--dry-run", is_flag=True, help="Say what would be signed; sign nothing.")
def sign_cmd(
    card: str,
    by: str,
    key: str,
    records: tuple[int, ...],
    roster_path: str | None,
    roster_from: str | None,
    dry_run: bool,
) -> None:
    """Add your SSH signature to your unsigned approval records in CARD.

    For projects adopting `workflow.signatures: required`: each approver signs
    their own past decisions. Records another rule refuses are not signed.
    """
    from xdocs.workflow.approve import ApproveRefused
    from xdocs.workflow.sign import sign_card

    trust = load_trust_or_fail(roster_path, roster_from)
    try:
        result = sign_card(card, by, key, trust.roster, only=list(records), dry_run=dry_run)
    except ApproveRefused as err:
        fail(
            f"{card}: refused ({err.rule}): {err.message}",
            EXIT_USAGE if err.usage else EXIT_FINDINGS,
        )
    for n, why in result.skipped:
        click.echo(f"{card}: record {n}: {why}", err=True)
    verb = "would sign" if dry_run else "signed"
    if result.signed:
        numbers = ", ".join(str(n) for n in result.signed)
        click.echo(f"{card}: {verb} record(s) {numbers} by {by}")
    else:
        click.echo(f"{card}: nothing to sign for {by}")
