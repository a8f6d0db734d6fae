"""GitLab Code Quality: the JSON artifact behind the merge-request widget.

A CI job writes it and declares it under ``artifacts: reports:
codequality:``; GitLab then lists new and fixed findings in the merge
request and marks them in the diff. The format is a subset of the Code
Climate spec: a list of ``{description, check_name, fingerprint, severity,
location: {path, lines: {begin}}}``.

- ``fingerprint`` is how GitLab tells "same problem" between the base and
  the head pipeline, so it must be stable: the sha256 of path, rule, message
  and line. GitLab shows only the first issue of a repeated fingerprint, so a
  second identical finding on the same line gets an occurrence suffix in
  its hash input (stable too, since the order is).
- ``severity``: error → ``major``, warning → ``minor``, suggestion → ``info``
  (the mapping the widely used ESLint GitLab formatter uses, so xdocs ranks
  like the linters it sits beside); ``critical`` and ``blocker`` are left to
  security scanners.
- a whole-file finding (line 0) is placed at line 1: GitLab requires a line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, TextIO

from xdocs.findings import Finding, Severity
from xdocs.report.base import ReportContext, dump_json_list, posix_path, severity_of, sort_findings

SEVERITIES = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.SUGGESTION: "info",
}


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    """sha256 hex of path, rule, message and line (plus the occurrence
    number when the same four repeat in one report)."""
    parts = [posix_path(finding.path), finding.rule, finding.message, str(finding.line)]
    if occurrence:
        parts.append(f"#{occurrence}")
    data = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def to_data(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """The Code Quality issues, in the stable report order."""
    issues: list[dict[str, Any]] = []
    used: dict[str, int] = {}
    for finding in sort_findings(findings):
        base = fingerprint(finding)
        occurrence = used.get(base, 0)
        used[base] = occurrence + 1
        description = finding.message
        if finding.fix:
            description += f" (fix: {finding.fix})"
        issues.append(
            {
                "type": "issue",
                "description": description,
                "check_name": finding.rule,
                "fingerprint": fingerprint(finding, occurrence) if occurrence else base,
                "severity": SEVERITIES[severity_of(finding)],
                "location": {
                    "path": posix_path(finding.path),
                    "lines": {"begin": max(finding.line, 1)},
                },
            }
        )
    return issues


def render(findings: Sequence[Finding], ctx: ReportContext, stream: TextIO) -> None:
    """Write the Code Quality JSON list to *stream*."""
    stream.write(dump_json_list(to_data(findings)))
