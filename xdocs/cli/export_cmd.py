"""``xdocs export CARD --to hf|mct-json|sagemaker-json [-o OUT]``: the card in another format."""

from __future__ import annotations

import click

from xdocs.cli.common import fail


@click.command("export")
@click.argument("card", type=click.Path(path_type=str))
@click.option(
    "--to",
    "to",
    required=True,
    type=click.Choice(["hf", "mct-json", "sagemaker-json"]),
    help="Target format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), help="Write here.")
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False), help="Roster file.")
def export_cmd(card: str, to: str, output: str | None, roster_path: str | None) -> None:
    """Export CARD as a Hugging Face README, Model Card Toolkit JSON (v0.0.2) or
    SageMaker model card content JSON (stdout, or -o OUT written atomically).

    For sagemaker-json the card's workflow status is derived (with the roster)
    and recorded as additional_information.custom_details.model_card_status.
    """
    from pathlib import Path

    from xdocs.card import ReadError, load_card
    from xdocs.card.exporters import export_card
    from xdocs.fileio import atomic_write

    try:
        model = load_card(card)
    except ReadError as err:
        fail(f"{err.path}: {err.message}")
    fatal = [f for f in model.findings if f.rule.startswith("input/")]
    if fatal:
        f = fatal[0]
        fail(f"{f.path}:{f.line}: {f.message}; nothing was exported", 1)
    options: dict[str, str] = {}
    if to == "sagemaker-json":
        options = _status(model, roster_path)
    text = export_card(model, to, **options)
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(output, text)
        click.echo(f"exported {card} as {to} to {output}", err=True)
    else:
        click.echo(text, nl=False)


def _status(model: object, roster_path: str | None) -> dict[str, str]:
    """The derived workflow status and its SageMaker spelling ({} when unavailable)."""
    try:
        from xdocs.workflow.stages import sagemaker_status
        from xdocs.workflow.state import workflow_state
        from xdocs.workflow.trust import load_trust

        trust = load_trust(None, roster_path)
        state = workflow_state(model, trust.roster, settings=trust.settings)  # type: ignore[arg-type]
        return {"status": state.status, "model_card_status": sagemaker_status(state.status)}
    except Exception as exc:  # no roster, or no workflow: export without a status
        click.echo(f"xdocs: note: no workflow status in the export ({exc})", err=True)
        return {}
