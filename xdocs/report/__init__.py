"""Reporters: findings → text, JSON, SARIF, GitHub annotations, GitLab Code
Quality or JUnit XML.

One entry point, :func:`render_report`, so ``xdocs check`` (and anything else
that produces findings) picks a format by name. Each format is one module with
``render(findings, ctx, stream)``; modules are imported only when used, so the
text path does not pay for XML or hashing. Reporters never know which pass
made a finding, and all of them list findings in one stable order (path,
line, column, rule).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from xdocs.findings import Finding, Severity
from xdocs.report.base import ReportContext, sort_findings, summary_line

if TYPE_CHECKING:
    from xdocs.rules import Rule

#: format name -> module (inside xdocs.report) that renders it
_MODULES: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}

#: the format names, in the order ``--format`` lists them
FORMATS: tuple[str, ...] = tuple(_MODULES)

__all__ = [
    "FORMATS",
    "ReportContext",
    "UnknownFormatError",
    "render_report",
    "sort_findings",
    "summary_line",
]


class UnknownFormatError(ValueError):
    """Asked for a format that does not exist (a usage error: exit 2)."""


def _rule_map(rules: Mapping[str, Rule] | Iterable[Rule] | None) -> dict[str, Rule]:
    """Accept ``{id: Rule}`` or a plain list of Rules (what ``all_rules()`` returns)."""
    if rules is None:
        return {}
    if isinstance(rules, Mapping):
        return dict(rules)
    return {rule.id: rule for rule in rules}


def render_report(
    findings: Sequence[Finding],
    fmt: str,
    *,
    files_checked: int,
    stream: TextIO,
    notes: Iterable[str] = (),
    rules: Mapping[str, Rule] | Iterable[Rule] | None = None,
    tool_version: str | None = None,
    color: bool | None = None,
    fail_on: Severity | str = Severity.ERROR,
    files: Sequence[str] | None = None,
) -> None:
    """Write *findings* to *stream* in format *fmt* (one of :data:`FORMATS`).

    ``files_checked`` feeds the summary; ``notes`` are run-level remarks
    ("vale binary not found: using the built-in engine") shown once at the
    top of human formats and carried in machine formats where they have a
    place; ``rules`` documents rule ids for SARIF's rule table;
    ``tool_version`` defaults to the installed xdocs version; ``color`` forces
    colour on or off in the text format (default: only on a terminal, not in CI);
    ``fail_on`` is the run's threshold (``--fail-on``): JUnit counts only findings
    at or above it as failed tests, so a green build never shows a red test
    report; ``files`` lists the files checked (JUnit's one test case per file).
    Raises :class:`UnknownFormatError` for an unknown *fmt*.
    """
    module_name = _MODULES.get(fmt)
    if module_name is None:
        raise UnknownFormatError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    if tool_version is None:
        from xdocs import __version__ as tool_version
    ctx = ReportContext(
        files_checked=files_checked,
        tool_version=tool_version,
        notes=tuple(notes),
        rules=_rule_map(rules),
        color=color,
        fail_on=Severity.parse(fail_on),
        files=tuple(str(f) for f in files or ()),
    )
    module = importlib.import_module(f"xdocs.report.{module_name}")
    module.render(list(findings), ctx, stream)
