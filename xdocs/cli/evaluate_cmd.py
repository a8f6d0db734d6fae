"""``xdocs evaluate CARD``: run the card's model on its evaluation data, audit its bias.

Thin: read the card and the settings, run each ``evaluation:`` entry
(:mod:`xdocs.evidence.evaluate`), print a summary and the findings, and with
``--write`` record ``reproduction:`` and ``bias_audit:`` in the card. Exit 0
when nothing reaches ``--fail-on``, 1 when something does (or the record is
refused), 2 for usage, configuration or unreadable input.
"""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click

from xdocs.cli.common import EXIT_FINDINGS, EXIT_OK, ProgressBar, fail


@click.command("evaluate")
@click.argument("card", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the produced predictions here (a card with one model entry).",
)
@click.option(
    "--write", is_flag=True, help="Record reproduction: and bias_audit: in the card's front-matter."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    help="Seconds each model run may take (default: evidence.evaluation.timeout).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "suggestion"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the run fail (exit 1).",
)
@click.option(
    "--at",
    "at_text",
    metavar="ISO8601",
    help="With --write: the time recorded (default: now, UTC). For backfilling; never future.",
)
def evaluate_cmd(
    card: str,
    output: str | None,
    write: bool,
    fmt: str,
    timeout: float | None,
    fail_on: str,
    at_text: str | None,
) -> None:
    """Run CARD's model (ONNX or skops) on its evaluation data, reproduce the reported
    metrics, and audit the predictions per group (Fairlearn).

    The card's `evaluation:` block says what to run (docs/evidence.md). Predictions
    are written beside the artifact (or to -o). With --write the results are recorded
    in the card; that changes the card's approval digest, so evaluate before the
    evaluation stage is approved.
    """
    from xdocs.card import ReadError, load_card
    from xdocs.config import ConfigError, load_config
    from xdocs.evidence.bias import thresholds_from_config
    from xdocs.evidence.checks import card_dir, line_getter
    from xdocs.evidence.corroborate import settings_from_config
    from xdocs.evidence.evaluate.check import load_specs, missing_audit, outcome_findings
    from xdocs.evidence.evaluate.session import evaluation_settings, run_entry
    from xdocs.findings import Severity

    try:
        config = load_config()
    except ConfigError as err:
        fail(str(err))
    try:
        model = load_card(card)
    except ReadError as err:
        fail(f"{err.path}: {err.message}")
    fatal = [f for f in model.findings if f.rule.startswith("input/")]
    if fatal:  # read, but broken (encoding, JSON): refused like normalize/export (docs/cli.md)
        fail(f"{card}:{fatal[0].line}: {fatal[0].message}", EXIT_FINDINGS)
    section = config.section("evidence")
    try:
        settings, thresholds = settings_from_config(section), thresholds_from_config(section)
        eval_settings = evaluation_settings(section)
    except ValueError as err:
        fail(f"{config.path or 'site_config/xdocs.yml'}: {err}")
    at = _at(at_text) if at_text is not None else None
    base, line_of = card_dir(model), line_getter(model)
    roots = (config.root,)
    specs, findings = load_specs(model, base, roots, model.path, line_of)
    if not specs:
        fail(f"{card}: no evaluation: block to run; see docs/evidence.md ('Re-evaluation')")
    runs = [s for s in specs if s.ok and s.runs_model]
    if output and len(runs) != 1:
        fail(f"-o needs a card with exactly one runnable model entry ({card} has {len(runs)})")
    outcomes = []
    for spec in specs:
        if not spec.ok:
            continue
        target = Path(output).resolve() if output and spec.runs_model else spec.output_path
        bar: Any = (
            ProgressBar(f"evaluating {Path(spec.artifact or '').name}")
            if sys.stderr.isatty() and spec.runs_model
            else nullcontext(None)
        )
        with bar as progress:
            outcome = run_entry(
                spec,
                model.metrics,
                settings=eval_settings,
                max_rows=settings.max_rows,
                tolerance=settings.tolerance,
                thresholds=thresholds,
                run_model=True,
                write_to=target,
                timeout=timeout,
                progress=progress,
            )
        outcomes.append(outcome)
        findings += outcome_findings(outcome, model.path, line_of)
    findings += missing_audit(model, model.path, line_of, any(o.audits for o in outcomes))
    recorded = _record(card, model, outcomes, base, thresholds, at) if write else None
    _print(card, outcomes, findings, fmt, recorded)
    failing = any(f.severity >= Severity.parse(fail_on) for f in findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _at(text: str) -> str:
    """``--at`` as the recorded UTC time; usage error when not a past ISO 8601 time."""
    import datetime as dt

    from xdocs.workflow.records import format_time, parse_time

    moment = parse_time(text)
    if moment is None:
        fail(f"--at {text!r} is not an ISO 8601 date-time (e.g. 2026-05-04T09:30:00Z)")
    if moment > dt.datetime.now(dt.UTC):
        fail(f"--at {text!r} is in the future")
    return format_time(moment)


def _record(
    card: str, model: Any, outcomes: list[Any], base: Path, thresholds: Any, at: str | None
) -> str:
    from xdocs.evidence.evaluate.record import RecordError, build_records, write_records

    records = build_records(outcomes, base, thresholds, at)
    if not records:
        return "nothing recorded: no entry produced results"
    try:
        write_records(Path(card), card, records)
    except (RecordError, OSError) as err:
        fail(f"{card}: evaluation not recorded: {err}", EXIT_FINDINGS)
    what = " and ".join(f"{k}: ({len(v)})" for k, v in records.items())
    note = f"recorded {what} in {card}"
    if model.metadata.get("approvals") or (
        isinstance(model.raw, dict) and model.raw.get("approvals")
    ):
        note += (
            "; the card's digest changed, so approvals given before now refer to the "
            "previous version (evaluate before the evaluation stage is approved)"
        )
    return note


def _print(
    card: str, outcomes: list[Any], findings: list[Any], fmt: str, recorded: str | None
) -> None:
    from xdocs.evidence.evaluate.report import as_json, text_lines
    from xdocs.report import render_report

    if fmt == "json":
        data = {
            "card": card,
            "entries": [as_json(o) for o in outcomes],
            "findings": [f.to_dict() for f in sorted(findings)],
            "recorded": recorded,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{card}:")
    for outcome in outcomes:
        for line in text_lines(outcome):
            click.echo(line)
    click.echo("")
    render_report(findings, "text", files_checked=1, stream=sys.stdout)
    if recorded:
        click.echo(recorded, err=True)
