"""``xdocs check PATHS…``: every lint pass over cards, reported in one format.

Thin: parse options, call :func:`xdocs.lint.runner.run_check`, print through
:func:`xdocs.report.render_report`. Exit 0 when nothing reaches ``--fail-on``,
1 when something does, 2 for usage or configuration errors, a path that holds
no cards and a file that cannot be read (docs/cli.md). The report goes to
stdout (or ``--output``); notes and errors go to stderr.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from typing import Any

import click

from xdocs.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    INPUT_ERRORS,
    ProgressBar,
    card_files_or_fail,
    fail,
)

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


class ShardParam(click.ParamType):
    """``--shard I/N``: a bad value is a usage error (exit 2) that says what to write."""

    name = "I/N"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from xdocs.lint.shard import ShardSpec

        if isinstance(value, ShardSpec):
            return value
        try:
            return ShardSpec.parse(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "suggestion"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the run fail (exit 1).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the report to FILE.",
)
@click.option(
    "--profile", help="Compliance profile for the evidence pass (e.g. eu-ai-act-annex-iv)."
)
@click.option(
    "--roster", type=click.Path(dir_okay=False, path_type=str), help="Roster for workflow checks."
)
@click.option(
    "--roster-from",
    metavar="REV",
    help="Read the roster and workflow settings from git revision REV (e.g. origin/main).",
)
@click.option("--no-cache", is_flag=True, help="Ignore and do not write .xdocs-cache/.")
@click.option("--changed-since", metavar="REV", help="Only files changed since git revision REV.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=str),
    help="Report only findings not in this baseline.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=str),
    help="Save the findings as a baseline file.",
)
@click.option("--check-urls", is_flag=True, help="Also request external URLs (needs network).")
@click.option(
    "--evaluate", is_flag=True, help="Also run each card's evaluation: models (slow; see docs)."
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: one per core)."
)
@click.option(
    "--shard",
    type=ShardParam(),
    help="Check only shard I of N (a CI matrix: one per runner; --format json or sarif); "
    "`xdocs merge-reports` combines the N reports.",
)
def check_cmd(
    paths: tuple[str, ...],
    fmt: str,
    fail_on: str,
    output: str | None,
    profile: str | None,
    roster: str | None,
    roster_from: str | None,
    no_cache: bool,
    changed_since: str | None,
    baseline: str | None,
    write_baseline: str | None,
    check_urls: bool,
    evaluate: bool,
    jobs: int | None,
    shard: Any,
) -> None:
    """Lint model cards: structure, metadata, workflow, evidence, terminology,
    style (Vale), Markdown and links, prose and grammar."""
    from xdocs.config import ConfigError, load_config
    from xdocs.findings import Severity
    from xdocs.lint.runner import CheckOptions, run_check

    if not paths:
        fail("give at least one card file or folder, e.g. `xdocs check cards`")
    if shard is not None:
        from xdocs.report.shard_report import SHARD_FORMATS

        if fmt not in SHARD_FORMATS:
            fail(
                f"--shard writes a report for `xdocs merge-reports`: use --format json or "
                f"sarif (merge-reports then writes {fmt})"
            )
        if write_baseline:
            fail(
                "--write-baseline needs every file's findings: write it from a run without --shard"
            )
    card_files_or_fail(paths)  # a missing path or a folder without cards: exit 2, no work
    try:
        config = load_config()
    except ConfigError as err:
        fail(str(err))
    if roster_from:
        from pathlib import Path

        from xdocs.workflow.gitsource import GitSourceError
        from xdocs.workflow.trust import resolve_revision

        try:
            roster_from = resolve_revision(roster_from, Path(config.root))
        except GitSourceError as err:
            fail(f"--roster-from: {err}")
    show_progress = sys.stderr.isatty()
    progress_cm: Any = ProgressBar("checking") if show_progress else nullcontext(None)
    with progress_cm as progress:
        options = CheckOptions(
            no_cache=no_cache,
            changed_since=changed_since,
            baseline=baseline,
            jobs=jobs,
            check_urls=check_urls,
            profile=profile,
            roster=roster,
            progress=progress,
            roster_from=roster_from,
            evaluate=evaluate,
            shard=shard,
        )
        try:
            result = run_check(list(paths), config, options)
        except ConfigError as err:
            fail(str(err))
    if write_baseline:
        from xdocs.lint.baseline import write_baseline as save

        count = save(write_baseline, result.findings)
        click.echo(f"xdocs: wrote {count} finding(s) to baseline {write_baseline}", err=True)
    threshold = Severity.parse(fail_on)
    _report(result, fmt, output, threshold)
    unreadable = [f for f in result.findings if f.rule in INPUT_ERRORS]
    for f in unreadable:
        click.echo(f"xdocs: {f.path}: {f.message}", err=True)
    if unreadable:
        sys.exit(EXIT_USAGE)
    failing = any(f.severity >= threshold for f in result.findings)
    sys.exit(EXIT_FINDINGS if failing and not write_baseline else EXIT_OK)


#: formats whose documents have a place for run notes; the others get them on stderr only
_NOTES_IN_REPORT = ("sarif", "junit")


def _report(result: Any, fmt: str, output: str | None, fail_on: Any) -> None:
    """Render the report to ``output`` or stdout; notes always go to stderr too."""
    import io

    from xdocs.report import render_report

    notes = list(result.notes)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    buffer = io.StringIO() if output else sys.stdout
    if result.shard is not None:
        _shard_report(result, fmt, buffer, fail_on)
    else:
        render_report(
            result.findings, fmt, files_checked=len(result.files), stream=buffer,
            notes=notes if fmt in _NOTES_IN_REPORT else (), rules=_rules_for_format(fmt),
            fail_on=fail_on, files=result.files,
        )  # fmt: skip
    if output:
        from xdocs.fileio import atomic_write

        try:
            atomic_write(output, buffer.getvalue())  # type: ignore[union-attr]
        except OSError as exc:
            fail(f"{output}: cannot write report: {exc.strerror or exc}")


def _shard_report(result: Any, fmt: str, stream: Any, fail_on: Any) -> None:
    """A shard's report: the format's document with its shard header (docs/reports.md)."""
    from xdocs.report.shard_report import ShardHeader, write_shard_report

    plan = result.shard
    header = ShardHeader.of_run(plan, result.files, result.notes, fail_on)
    share = 100 * plan.cost / plan.total_cost if plan.total_cost else 0
    click.echo(
        f"note: shard {plan.spec}: {plan.taken} of {plan.entries} files and skipped paths, "
        f"{share:.0f}% of the estimated work",
        err=True,
    )
    write_shard_report(result.findings, fmt, header, stream=stream, rules=_rules_for_format(fmt))


def _rules_for_format(fmt: str) -> Any:
    """SARIF documents its rules; other formats do not need the registry."""
    if fmt != "sarif":
        return None
    from xdocs.lint.registry import all_rules

    try:
        return all_rules()
    except Exception:  # noqa: BLE001 - the report must still be written
        return None
