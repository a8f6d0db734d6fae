"""``xdocs approve CARD --stage STAGE --by PERSON``: record a decision in the card."""

from __future__ import annotations

import click

from xdocs.cli.common import EXIT_FINDINGS, EXIT_USAGE, ROSTER_FROM_HELP, fail, load_trust_or_fail

_STAGES = ["intake", "evaluation", "documentation", "executive", "chief_ai", "archive"]
_DECISIONS = ["approved", "changes_requested", "rejected", "escalated", "archived"]
_ROLES = ["publishing-worker", "publishing-manager", "executive", "chief-ai"]
_PRIORITIES = ["critical", "high", "medium", "low"]


@click.command("approve")
@click.argument("card", type=click.Path(dir_okay=False, path_type=str))
@click.option("--stage", required=True, type=click.Choice(_STAGES), help="Stage decided.")
@click.option("--by", "by", required=True, help="Roster id of the person deciding.")
@click.option(
    "--role", type=click.Choice(_ROLES), help="Needed only when PERSON holds several roles."
)
@click.option(
    "--decision",
    type=click.Choice(_DECISIONS),
    help="Default: approved (archived for --stage archive).",
)
@click.option("--note", help="Why: shown in the card's approval timeline.")
@click.option("--assignee", help="intake: the publishing worker assigned to the card.")
@click.option("--priority", type=click.Choice(_PRIORITIES), help="intake: review priority.")
@click.option("--audience", help="executive: who the release is for.")
@click.option("--timeline", help="executive: when it is released.")
@click.option(
    "--at",
    "at_text",
    metavar="ISO8601",
    help="Decision time (default: now, UTC). For backfilling; never in the future.",
)
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False), help="Roster file.")
@click.option("--roster-from", metavar="REV", help=ROSTER_FROM_HELP)
@click.option(
    "--key",
    type=click.Path(dir_okay=False),
    help="SSH key to sign with (private key file, or a .pub whose key is in ssh-agent). "
    "Default: git's user.signingkey when gpg.format is ssh.",
)
@click.option("--dry-run", is_flag=True, help="Validate only: say what would be recorded.")
def approve_cmd(
    card: str,
    stage: str,
    by: str,
    role: str | None,
    decision: str | None,
    note: str | None,
    assignee: str | None,
    priority: str | None,
    audience: str | None,
    timeline: str | None,
    at_text: str | None,
    roster_path: str | None,
    roster_from: str | None,
    key: str | None,
    dry_run: bool,
) -> None:
    """Validate a decision on CARD and append it to its `approvals:` list.

    A decision a rule forbids is refused (exit 1) and the card is left
    untouched; otherwise the record is appended with the card's current digest,
    keeping every other byte of the file. With a key the record is signed
    (SSHSIG) and the signature verified against the approver's roster keys.
    """
    from xdocs.workflow.approve import ApproveRefused, ApproveRequest, approve
    from xdocs.workflow.records import parse_time

    trust = load_trust_or_fail(roster_path, roster_from)
    at = None
    if at_text is not None:
        at = parse_time(at_text)
        if at is None:
            fail(f"--at {at_text!r} is not an ISO 8601 date-time (e.g. 2026-05-04T09:30:00Z)")
    request = ApproveRequest(
        stage=stage,
        by=by,
        role=role,
        decision=decision,
        note=note,
        at=at,
        assignee=assignee,
        priority=priority,
        audience=audience,
        timeline=timeline,
        key=key,
    )
    try:
        result = approve(card, request, trust.roster, dry_run=dry_run, settings=trust.settings)
    except ApproveRefused as err:
        code = EXIT_USAGE if err.usage else EXIT_FINDINGS
        where = f"{card}:{err.line}" if err.line else card
        label = "" if err.usage else f" ({err.rule})"
        fail(f"{where}: refused{label}: {err.message}", code)
    for warning in result.warnings:
        click.echo(f"{card}:{warning.line}: warning ({warning.rule}): {warning.message}", err=True)
    rec = result.record
    state = result.state
    from xdocs.workflow.state import next_step_text

    step = next_step_text(state)
    nxt = f"; next: {step}" if step else ""
    verb = "would record" if dry_run else "recorded"
    signed = ", signed" if rec.get("signature") else ", unsigned"
    click.echo(
        f"{card}: {verb} {rec['stage']} {rec['decision']} by {rec['by']} ({rec['role']}{signed}) "
        f"at {rec['at']}; status: {state.status}{nxt}"
    )
