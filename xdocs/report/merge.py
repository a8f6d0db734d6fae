"""Merge the N shard reports of one ``xdocs check --shard I/N`` run into one report.

The merged report is the one a single run over all the files writes: the same
findings in the same order, the same summary (files checked), the same run notes,
and (the CLI's part) the same exit code. That holds because linting is per file (a
file's findings never depend on another file: the runner batches and caches files
independently) and each file is in exactly one shard; the merge only has to put the
shards' findings back into the one report order (:func:`xdocs.report.base.sort_key`).

So the merge first proves the reports belong together, from their headers
(:class:`xdocs.report.shard_report.ShardHeader`), and refuses otherwise:
the same format, xdocs version and shard count; the same configuration (xdocs.yml,
style guide, options, working folder); the same files with the same sizes (so every
runner cut the same plan); every shard exactly once; no file in two shards, and as
many files and skipped paths taken as the plan holds.

Which output formats reproduce the single run exactly: the shards' own format, and
from JSON shards (which carry every field of a finding) also text, github, gitlab and
junit. SARIF drops what it has no place for (the end of a span without an end line, a
replacement on a finding without a column), so from SARIF shards the merge writes SARIF
only, copying each rule's documentation from the shards; JSON fills in span ends
(``end_line`` = ``line``), which SARIF would show, so JSON shards do not make SARIF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from xdocs.findings import Finding, Severity
from xdocs.report.base import ReportContext, sort_key
from xdocs.report.shard_report import ShardReport

#: shards' format -> the formats a merge of them reproduces exactly
EXACT_FORMATS: dict[str, tuple[str, ...]] = {
    "json": ("json", "text", "github", "gitlab", "junit"),
    "sarif": ("sarif",),
}
#: formats whose documents carry the run notes (as ``xdocs check`` writes them)
NOTES_IN_REPORT = ("sarif", "junit")


class MergeError(ValueError):
    """Reports that cannot be merged into one run's report (the message says why and what to do)."""


@dataclass
class MergedReport:
    """The combined run: what a single ``xdocs check`` over every shard's files reports."""

    fmt: str
    tool_version: str
    fail_on: Severity
    findings: list[Finding]
    files: list[str]
    notes: list[str]
    count: int
    #: SARIF: rule id -> descriptor, from the shard that holds the rule's first result
    descriptors: dict[str, dict[str, Any]] = field(default_factory=dict)


def _name(report: ShardReport) -> str:
    return f"{report.path} (shard {report.header.index}/{report.header.count})"


def _same(reports: Sequence[ShardReport], attr: str, what: str, hint: str) -> None:
    """Refuse when two reports disagree on a header field."""
    first = reports[0]
    for other in reports[1:]:
        a, b = getattr(first.header, attr), getattr(other.header, attr)
        if a != b:
            raise MergeError(f"{_name(other)} {what} than {_name(first)}: {hint}")


def check_compatible(reports: Sequence[ShardReport], fail_on: Severity | None = None) -> None:
    """Raise :class:`MergeError` unless the reports are every shard of one run, once each."""
    from xdocs import __version__
    from xdocs.lint.shard import SHARD_SCHEMA

    if not reports:
        raise MergeError("no reports to merge")
    first = reports[0]
    for report in reports:
        if report.fmt != first.fmt:
            raise MergeError(
                f"{report.path} is {report.fmt} but {first.path} is {first.fmt}: "
                "merge the reports of one --format"
            )
        if report.header.schema != SHARD_SCHEMA:
            raise MergeError(
                f"{_name(report)} has shard header version {report.header.schema}, this xdocs "
                f"reads {SHARD_SCHEMA}: merge with the xdocs version that checked"
            )
        if report.header.tool_version != __version__:
            raise MergeError(
                f"{_name(report)} was written by xdocs {report.header.tool_version}, this is "
                f"xdocs {__version__}: merge with the xdocs version that checked"
            )
    _same(
        reports,
        "count",
        "splits the run into another number of shards",
        "merge the shards of one run",
    )
    _same(
        reports,
        "config",
        "was checked with another configuration",
        "xdocs.yml, the style guide, the roster, the options or the working folder differ; "
        "run every shard with the same command at the same commit",
    )
    _same(
        reports,
        "universe",
        "was checked over other files",
        "run every shard over the same paths at the same commit",
    )
    _same(
        reports,
        "plan",
        "measured other file sizes",
        "a checkout with other line endings (core.autocrlf)? run every shard on the same "
        "kind of runner and checkout",
    )
    _same(
        reports,
        "names",
        "names the files differently",
        "give every shard the same paths, spelled the same way (relative or absolute)",
    )
    if fail_on is None:
        hint = "run every shard with the same --fail-on, or give merge-reports --fail-on"
        _same(reports, "fail_on", "ran with another --fail-on", hint)
    _check_partition(reports)


def _check_partition(reports: Sequence[ShardReport]) -> None:
    """Every shard once; every file in one shard; as many paths taken as the plan holds."""
    count = reports[0].header.count
    by_index: dict[int, ShardReport] = {}
    for report in reports:
        seen = by_index.get(report.header.index)
        if seen is not None:
            raise MergeError(
                f"shard {report.header.index}/{count} is given twice ({seen.path}, "
                f"{report.path}): give each shard's report once"
            )
        by_index[report.header.index] = report
    missing = [str(i) for i in range(1, count + 1) if i not in by_index]
    if missing:
        shown = ", ".join(f"{i}/{count}" for i in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        raise MergeError(
            f"shard {shown}{more} missing: merge the reports of all {count} shards "
            f"(a shard that found nothing still writes one)"
        )
    owner: dict[str, ShardReport] = {}
    for report in sorted(reports, key=lambda r: r.header.index):
        for path in report.header.files:
            other = owner.get(path)
            if other is not None:
                raise MergeError(
                    f"{path} was checked by {_name(other)} and by {_name(report)}: "
                    "each file belongs to one shard; rerun the shards with one command"
                )
            owner[path] = report
    taken = sum(r.header.taken for r in reports)
    if taken != reports[0].header.entries:
        raise MergeError(
            f"the shards took {taken} of the run's {reports[0].header.entries} files and "
            "skipped paths: rerun the shards with one command at one commit"
        )


def merge(reports: Sequence[ShardReport], fail_on: Severity | str | None = None) -> MergedReport:
    """Check the reports belong together and combine them (:class:`MergeError` if not)."""
    override = Severity.parse(fail_on) if fail_on is not None else None
    check_compatible(reports, override)
    ordered = sorted(reports, key=lambda r: r.header.index)
    tagged = [(f, r) for r in ordered for f in r.findings]
    tagged.sort(key=lambda pair: sort_key(pair[0]))  # stable: a file's own order is kept
    notes: list[str] = []
    for report in ordered:
        notes.extend(n for n in report.header.notes if n not in notes)
    first = ordered[0]
    merged = MergedReport(
        fmt=first.fmt,
        tool_version=first.header.tool_version,
        fail_on=override or Severity.parse(first.header.fail_on),
        findings=[f for f, _ in tagged],
        files=[path for r in ordered for path in r.header.files],
        notes=notes,
        count=first.header.count,
    )
    if first.fmt == "sarif":
        for finding, report in tagged:
            if finding.rule in merged.descriptors:
                continue
            descriptor = report.descriptors.get(finding.rule)
            if descriptor is None:
                raise MergeError(
                    f"{_name(report)}: its rule table has no entry for {finding.rule}: "
                    "it was not written by xdocs check"
                )
            merged.descriptors[finding.rule] = descriptor
    return merged


def render_merged(merged: MergedReport, fmt: str, stream: TextIO) -> None:
    """Write the merged report in ``fmt`` (one of ``EXACT_FORMATS[merged.fmt]``)."""
    if fmt not in EXACT_FORMATS[merged.fmt]:
        raise MergeError(exact_formats_message(merged.fmt, fmt))
    notes = merged.notes if fmt in NOTES_IN_REPORT else []
    if fmt == "sarif":
        from xdocs.report import sarif

        ctx = ReportContext(
            files_checked=len(merged.files),
            tool_version=merged.tool_version,
            notes=tuple(notes),
            fail_on=merged.fail_on,
            files=tuple(merged.files),
        )
        log = sarif.to_sarif(merged.findings, ctx)
        driver = log["runs"][0]["tool"]["driver"]
        driver["rules"] = [merged.descriptors[d["id"]] for d in driver["rules"]]
        stream.write(sarif.dump_log(log))
        return
    from xdocs.report import render_report

    render_report(
        merged.findings,
        fmt,
        files_checked=len(merged.files),
        stream=stream,
        notes=notes,
        tool_version=merged.tool_version,
        fail_on=merged.fail_on,
        files=merged.files,
    )


def exact_formats_message(shard_fmt: str, fmt: str) -> str:
    """Why a merge of ``shard_fmt`` shards does not write ``fmt``, and what to do."""
    if shard_fmt == "sarif":
        return (
            f"--format {fmt}: SARIF shards merge into SARIF only (SARIF leaves out fields "
            f"that {fmt} shows): run the shards with --format json to get {fmt}"
        )
    allowed = ", ".join(EXACT_FORMATS[shard_fmt])
    return (
        f"--format {fmt}: JSON shards merge into {allowed}, not {fmt} (JSON fills in "
        f"span ends that SARIF would show): run the shards with --format sarif to get SARIF"
    )
