"""Findings to LSP diagnostics, and positions both ways.

A :class:`~xdocs.findings.Finding` counts lines and columns from 1, in code
points of the decoded text; LSP counts from 0, in the code units the client
negotiated (UTF-16 unless it offered UTF-8 or UTF-32). Line 0 of a finding
means "the file as a whole" and is shown on the first line. Every position is
clamped to the document, so a finding from a slightly older text never makes
an invalid range.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lsprotocol import types

from xdocs.findings import Finding, Severity

SOURCE = "xdocs"
SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.SUGGESTION: types.DiagnosticSeverity.Information,
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TOKEN = re.compile(r"\S+")


def split_lines(text: str) -> list[str]:
    """Lines as LSP counts them (``\\n``, ``\\r\\n`` and ``\\r`` each end one)."""
    return _LINE_BREAK.split(text)


def _units(codec: Any, text: str) -> int:
    """Length of ``text`` in the client's code units (C speed: long table lines are
    common in cards, and every diagnostic of a publish converts two positions)."""
    if codec is None or text.isascii():
        return len(text)
    encoding = str(getattr(codec, "encoding", "utf-16"))
    if encoding.endswith("32"):
        return len(text)
    if encoding.endswith("8"):
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding.endswith("16"):
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return codec.client_num_units(text)


def to_position(lines: list[str], line: int, column: int, codec: Any) -> types.Position:
    """1-based (line, code-point column) -> LSP position, clamped to the text."""
    index = min(max(line - 1, 0), max(len(lines) - 1, 0))
    text = lines[index] if lines else ""
    col = min(max(column - 1, 0), len(text))
    return types.Position(line=index, character=_units(codec, text[:col]))


def from_position(lines: list[str], position: types.Position, codec: Any) -> tuple[int, int]:
    """LSP position -> 1-based (line, code-point column), clamped to the text."""
    if not lines:
        return 1, 1
    index = min(max(position.line, 0), len(lines) - 1)
    text = lines[index]
    units = 0
    col = 0
    for ch in text:
        if units >= position.character:
            break
        units += _units(codec, ch)
        col += 1
    return index + 1, col + 1


def finding_span(f: Finding, lines: list[str]) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column), 1-based: a finding without an end covers
    the word it starts at, a line-level one (column 1) its whole line, a file-level
    one (line 0) the first line."""
    if f.line < 1:
        first = lines[0] if lines else ""
        return 1, 1, 1, len(first) + 1
    line, col = f.line, max(f.column, 1)
    if (
        f.end_line is not None
        and f.end_column is not None
        and ((f.end_line, f.end_column) > (line, col))
    ):
        return line, col, f.end_line, f.end_column
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if col == 1 and f.end_line is None:
        return line, 1, line, len(text) + 1
    m = _TOKEN.match(text, col - 1)
    end = m.end() + 1 if m else len(text) + 1
    return line, col, line, max(end, col)


def to_range(f: Finding, lines: list[str], codec: Any) -> types.Range:
    line, col, end_line, end_col = finding_span(f, lines)
    return types.Range(
        start=to_position(lines, line, col, codec),
        end=to_position(lines, end_line, end_col, codec),
    )


def to_diagnostic(
    f: Finding,
    lines: list[str],
    codec: Any,
    href: Callable[[str], str | None] | None = None,
    data: Any = None,
) -> types.Diagnostic:
    """One finding as a diagnostic: rule id as code, a link to the rule's page."""
    link = href(f.rule) if href is not None else None
    message = f.message
    if f.fix and f.fix not in message:
        message += f"\nFix: {f.fix}"
    return types.Diagnostic(
        range=to_range(f, lines, codec),
        message=message,
        severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE if not f.source else f"{SOURCE} ({f.source})",
        data=data,
    )


def hint(message: str, lines: list[str], codec: Any) -> types.Diagnostic:
    """A first-line diagnostic of severity hint (the workflow status)."""
    first = lines[0] if lines else ""
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=0, character=0),
            end=types.Position(line=0, character=_units(codec, first)),
        ),
        message=message,
        severity=types.DiagnosticSeverity.Hint,
        source=SOURCE,
    )


def contains(span: tuple[int, int, int, int], line: int, col: int) -> bool:
    """Whether 1-based (line, col) lies in the span (ends inclusive: a cursor right
    after a word still hovers it)."""
    start, end = span[:2], span[2:]
    return start <= (line, col) <= end


def overlaps(span: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    return span[:2] <= other[2:] and other[:2] <= span[2:]
