"""The machine format: a JSON list of ``Finding.to_dict()``, nothing else.

The list *is* the contract (``rule, severity, path, line, column, end_line,
end_column, message`` plus ``fix``/``replacement`` where present), so scripts
can ``json.load`` it and rebuild findings with ``Finding.from_dict``. Notes
and the summary are deliberately left out: a bare list stays trivially
parseable, and the count is ``len(list)``. One finding per line, so ``grep``
and ``diff`` work on it too; ASCII-escaped, so no terminal or CI log encoding
can corrupt it (it decodes to the same text).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from xdocs.findings import Finding
from xdocs.report.base import ReportContext, dump_json_list, sort_findings


def to_data(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """The findings as JSON-ready dicts, in the stable report order."""
    return [finding.to_dict() for finding in sort_findings(findings)]


def render(findings: Sequence[Finding], ctx: ReportContext, stream: TextIO) -> None:
    """Write the JSON list to *stream*, one finding per line."""
    stream.write(dump_json_list(to_data(findings)))
