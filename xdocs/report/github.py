"""GitHub Actions workflow commands: findings as annotations on the PR diff.

Each finding becomes ``::error file=F,line=L,col=C,endLine=…,endColumn=…,
title=RULE::message`` (suggestions use ``::notice``), which the Actions
runner turns into an annotation on the file and line, shown in the pull
request's "Files changed" tab. Escaping follows the runner's rules
(``@actions/core`` ``command.ts``): in the message ``%``, ``\\r`` and ``\\n``
are percent-encoded; in property values ``:`` and ``,`` are too, since they
delimit properties. Columns are sent only for a single-line span: the runner
rejects ``col``/``endColumn`` when ``line`` and ``endLine`` differ. Notes
and the summary are printed as plain log lines, which the runner shows in the
log and never interprets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from xdocs.findings import Finding, Severity
from xdocs.report.base import (
    ReportContext,
    posix_path,
    printable,
    severity_of,
    sort_findings,
    summary_line,
)

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.SUGGESTION: "notice",
}


def escape_data(text: str) -> str:
    """Escape a command's message (after the second ``::``). Control
    characters other than line breaks are shown as escapes first, so a
    quoted card cannot colour or rewrite the log."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=…``, ``title=…``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One workflow command line for *finding*."""
    props: list[tuple[str, str]] = [("file", posix_path(finding.path))]
    if finding.line >= 1:
        props.append(("line", str(finding.line)))
        end_line = finding.end_line if finding.end_line is not None else finding.line
        if end_line > finding.line:
            props.append(("endLine", str(end_line)))
        elif finding.column >= 1:
            props.append(("col", str(finding.column)))
            end_col = finding.end_column
            # a zero-width span (end == start) is a point: the runner needs no end for it
            if end_line == finding.line and end_col is not None and end_col > finding.column:
                props.append(("endLine", str(end_line)))
                props.append(("endColumn", str(end_col)))
    props.append(("title", finding.rule))
    message = finding.message
    if finding.fix:
        message += "\nFix: " + finding.fix
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[severity_of(finding)]} {rendered}::{escape_data(message)}"


def _plain(text: str) -> str:
    """A log line that the runner can never mistake for a command."""
    line = " ".join(text.splitlines())
    return " " + line if line.startswith("::") else line


def render(findings: Sequence[Finding], ctx: ReportContext, stream: TextIO) -> None:
    """Write notes, one annotation per finding, then the summary."""
    out = [_plain(f"note: {note}") for note in ctx.notes]
    out.extend(annotation(f) for f in sort_findings(findings))
    out.append(_plain(summary_line(findings, ctx.files_checked)))
    stream.write("".join(line + "\n" for line in out))
