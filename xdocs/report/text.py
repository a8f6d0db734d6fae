"""The human format: ``file:line:col severity rule message``, one line each.

The ``file:line:col`` prefix is what editors and terminals turn into links
(VS Code, Emacs compilation mode, iTerm), so it comes first and is never
decorated. Colour is added with rich only when the stream is a terminal and
we are not in CI; in a pipe or a CI log the output is plain text, so grep and
log viewers see exactly the characters above. A message is one line: any line
break inside it continues on an indented line, so one finding never looks like
two. Fix hints are indented under their finding.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TextIO

from xdocs.findings import Finding, Severity
from xdocs.report.base import (
    ReportContext,
    printable,
    severity_of,
    sort_findings,
    summary_line,
)

INDENT = "    "

_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.SUGGESTION: "cyan",
}


def use_color(stream: TextIO, requested: bool | None = None) -> bool:
    """Colour only for a person at a terminal: never in CI, never in a pipe,
    never when ``NO_COLOR`` is set (https://no-color.org)."""
    if requested is not None:
        return requested
    if os.environ.get("NO_COLOR") or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # closed or detached stream
        return False


def _one_line_parts(text: str) -> list[str]:
    """Split a message on any line break (\\r\\n, \\r, \\n, U+2028…) and make
    each part safe to print (no control characters reach the terminal)."""
    parts = [printable(part) for part in text.splitlines()]
    return parts or [""]


def _safe(text: str) -> str:
    """A path or rule id on one line, printable."""
    return " ".join(_one_line_parts(text))


def format_finding(finding: Finding) -> list[str]:
    """The plain lines for one finding: the head line, continuations, fix hint."""
    message, *more = _one_line_parts(finding.message)
    head = (
        f"{_safe(finding.path)}:{finding.line}:{finding.column} "
        f"{severity_of(finding)} {_safe(finding.rule)} {message}"
    )
    lines = [head]
    lines.extend(INDENT + part for part in more)
    if finding.fix:
        first, *rest = _one_line_parts(finding.fix)
        lines.append(f"{INDENT}fix: {first}")
        lines.extend(INDENT + "     " + part for part in rest)
    return lines


def render_lines(findings: Sequence[Finding], ctx: ReportContext) -> list[str]:
    """The whole report as plain lines (notes, findings, summary)."""
    lines = [f"note: {_safe(note)}" for note in ctx.notes]
    for finding in sort_findings(findings):
        lines.extend(format_finding(finding))
    lines.append(summary_line(findings, ctx.files_checked))
    return lines


def _safe_write(stream: TextIO, text: str) -> None:
    """Write, degrading characters the stream cannot encode to escapes
    instead of crashing half-way through a report (a legacy code page or
    ``LANG=C`` on an old system)."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def render(findings: Sequence[Finding], ctx: ReportContext, stream: TextIO) -> None:
    """Write the text report to *stream*."""
    if not use_color(stream, ctx.color):
        _safe_write(stream, "".join(line + "\n" for line in render_lines(findings, ctx)))
        return
    _render_rich(findings, ctx, stream)


def _render_rich(findings: Sequence[Finding], ctx: ReportContext, stream: TextIO) -> None:
    """The same lines, styled. Built from ``rich.text.Text`` pieces, never
    markup, so a message holding ``[bold]`` prints as written."""
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=stream,
        force_terminal=True,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for note in ctx.notes:
        console.print(Text.assemble(("note: ", "dim"), _safe(note)))
    for finding in sort_findings(findings):
        sev = severity_of(finding)
        plain = format_finding(finding)
        message = _one_line_parts(finding.message)[0]
        head = Text.assemble(
            (f"{_safe(finding.path)}:{finding.line}:{finding.column}", "bold"),
            " ",
            (str(sev), _STYLES[sev]),
            " ",
            (_safe(finding.rule), "dim"),
            " ",
            message,
        )
        console.print(head)
        n_message = len(_one_line_parts(finding.message))
        for index, extra in enumerate(plain[1:], start=1):
            console.print(Text(extra, style="green" if index >= n_message else ""))
    summary = summary_line(findings, ctx.files_checked)
    worst = max((severity_of(f) for f in findings), default=None)
    console.print(Text(summary, style=_STYLES[worst] if worst else "green"))
