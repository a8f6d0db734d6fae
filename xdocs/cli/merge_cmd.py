"""``xdocs merge-reports REPORTS…``: the N shard reports of ``xdocs check --shard I/N``
as one report, with one exit code.

Thin: read each report (:mod:`xdocs.report.shard_report`), prove they are every shard
of one run and combine them (:mod:`xdocs.report.merge`), print the report in the
shards' format or ``--format``. The report and the exit code are what a single
``xdocs check`` over all the files gives: 0 when nothing reaches ``--fail-on`` (the
shards' own, unless given), 1 when something does, 2 when a checked file could not be
read, and 2 for reports that cannot be merged (a missing or repeated shard, another
configuration or version) or cannot be read. Notes and errors go to stderr.
"""

from __future__ import annotations

import io
import os
import sys

import click

from xdocs.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, INPUT_ERRORS, fail

FORMATS = ("json", "sarif", "text", "github", "gitlab", "junit")


@click.command("merge-reports")
@click.argument("reports", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Report format (default: the shards' own, json or sarif; JSON shards also "
    "merge into text, github, gitlab or junit).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "suggestion"]),
    help="Lowest severity that makes the merge fail (exit 1); default: the shards' --fail-on.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the report to FILE.",
)
def merge_cmd(
    reports: tuple[str, ...], fmt: str | None, fail_on: str | None, output: str | None
) -> None:
    """Merge the reports of `xdocs check --shard I/N` (every shard, once) into the report
    a single run over all the files gives, with its exit code."""
    from xdocs.report.merge import EXACT_FORMATS, MergeError, exact_formats_message, merge

    if not reports:
        fail("give the shard reports to merge, e.g. `xdocs merge-reports xdocs-shard-*.json`")
    loaded = [_read(path) for path in reports]
    try:
        merged = merge(loaded, fail_on)
    except MergeError as err:
        fail(str(err))
    fmt = fmt or merged.fmt
    if fmt not in EXACT_FORMATS[merged.fmt]:
        fail(exact_formats_message(merged.fmt, fmt))
    for note in merged.notes:
        click.echo(f"note: {note}", err=True)
    _write(merged, fmt, output)
    unreadable = [f for f in merged.findings if f.rule in INPUT_ERRORS]
    for finding in unreadable:
        click.echo(f"xdocs: {finding.path}: {finding.message}", err=True)
    if unreadable:
        sys.exit(EXIT_USAGE)
    failing = any(f.severity >= merged.fail_on for f in merged.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _read(path: str):  # -> ShardReport
    """One report, or one error line naming it and exit 2."""
    from xdocs.fileio import UnsafeFile
    from xdocs.report import shard_report
    from xdocs.report.shard_report import ShardReportError, read_shard_report

    hint = "give the reports `xdocs check --shard I/N --format json|sarif` wrote"
    try:
        return read_shard_report(path)
    except UnsafeFile as exc:
        if exc.kind == "too-large":  # the card-size hint of the message does not apply
            size = os.stat(path).st_size
            fail(f"{path}: is {size:,} bytes, over the {shard_report.MAX_REPORT_BYTES:,}-byte "
                 "limit for a report; not read")  # fmt: skip
        fail(f"{path}: {exc.message}")
    except FileNotFoundError:
        fail(f"{path}: no such file: check the path")
    except IsADirectoryError:
        fail(f"{path}: is a directory: {hint}")
    except OSError as exc:
        fail(f"{path}: cannot read report: {exc.strerror or exc}")
    except ShardReportError as err:
        fail(f"{path}: {err}: {hint}")


def _write(merged, fmt: str, output: str | None) -> None:
    """The report on stdout, or atomically to ``output``."""
    from xdocs.report.merge import render_merged

    buffer = io.StringIO() if output else sys.stdout
    render_merged(merged, fmt, buffer)
    if output:
        from xdocs.fileio import atomic_write

        try:
            atomic_write(output, buffer.getvalue())  # type: ignore[union-attr]
        except OSError as exc:
            fail(f"{output}: cannot write report: {exc.strerror or exc}")
