"""JUnit XML: one test case per checked file, for CI test dashboards.

Jenkins (junit step), GitLab (``artifacts: reports: junit:``), Azure
Pipelines (PublishTestResults), CircleCI and Buildkite all read this
de-facto format. A test dashboard answers "which files fail the check?", so
the report has one ``<testsuite name="xdocs check">`` with one
``<testcase>`` per checked file. A case *fails* only when the file has
findings at or above the run's ``--fail-on``: one ``<failure>`` whose
``type`` is the worst severity and whose body lists those findings; the
file's other findings (below the threshold) are in the case's
``<system-out>``. So ``--fail-on error`` over a run with only warnings gives
``failures="0"``, as the exit code does: a green build never shows a red
test report. The suite's properties carry the run's facts (files checked,
threshold, version, notes) and its ``<system-out>`` the summary. A run over
no file still has one passing case ("xdocs check ran on 0 files"): several
dashboards (Jenkins among them) treat a report without cases as a broken job.

Text goes through ElementTree, which escapes markup; characters XML 1.0
cannot carry at all (control characters such as ESC) are written as
``\\xNN`` escapes so the document always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from itertools import groupby
from typing import TextIO

from xdocs.findings import Finding, Severity
from xdocs.report.base import (
    ReportContext,
    count_by_severity,
    plural,
    posix_path,
    severity_of,
    sort_findings,
    summary_line,
)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """*text* with every character XML 1.0 forbids replaced by an escape."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _line(finding: Finding) -> str:
    """The text-format line of a finding (and its fix hint on the next line)."""
    path = posix_path(finding.path)
    sev = severity_of(finding)
    text = f"{path}:{finding.line}:{finding.column} {sev} {finding.rule} {finding.message}"
    return text + (f"\nfix: {finding.fix}" if finding.fix else "")


def _counts(findings: Sequence[Finding]) -> str:
    """``2 errors, 1 warning``: the failing findings of one file, worst first."""
    counts = count_by_severity(findings)
    return ", ".join(plural(counts[s], str(s)) for s in sorted(counts, reverse=True) if counts[s])


def _case(path: str, findings: Sequence[Finding], fail_on: Severity) -> ET.Element:
    """One file's test case: failed by its findings at or above ``fail_on``."""
    shown = xml_text(posix_path(path))
    case = ET.Element("testcase", {"classname": "xdocs", "name": shown, "file": shown, "time": "0"})
    failing = [f for f in findings if severity_of(f) >= fail_on]
    others = [f for f in findings if severity_of(f) < fail_on]
    if failing:
        worst = max(severity_of(f) for f in failing)
        first = failing[0]
        where = f"line {first.line}: " if first.line else ""
        message = f"{_counts(failing)} at or above --fail-on {fail_on}; first: {where}"
        failure = ET.SubElement(
            case, "failure", {"type": str(worst), "message": xml_text(message + first.message)}
        )
        failure.text = xml_text("\n".join(_line(f) for f in failing))
    if others:
        head = f"below --fail-on {fail_on} ({_counts(others)}):"
        out = ET.SubElement(case, "system-out")
        out.text = xml_text("\n".join([head, *(_line(f) for f in others)]))
    return case


def to_xml(findings: Sequence[Finding], ctx: ReportContext) -> ET.Element:
    """The ``<testsuites>`` element: one suite, one case per checked file."""
    ordered = sort_findings(findings)
    by_path = {path: list(group) for path, group in groupby(ordered, key=lambda f: f.path)}
    # every checked file, and any other file a finding names (a roster, a linked page)
    paths = sorted(set(ctx.files) | set(by_path))
    cases = [_case(path, by_path.get(path, []), ctx.fail_on) for path in paths]
    if not cases:
        name = f"xdocs check ran on {plural(ctx.files_checked, 'file')}"
        cases = [ET.Element("testcase", {"classname": "xdocs", "name": name, "time": "0"})]
    failures = sum(1 for case in cases if case.find("failure") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0"}
    root = ET.Element("testsuites", {"name": "xdocs check", **counts, "time": "0"})
    suite = ET.SubElement(
        root, "testsuite", {"name": "xdocs check", **counts, "skipped": "0", "time": "0"}
    )
    props = ET.SubElement(suite, "properties")
    facts = {
        "files_checked": str(ctx.files_checked),
        "fail_on": str(ctx.fail_on),
        "tool_version": xml_text(ctx.tool_version),
    }
    for name, value in facts.items():
        ET.SubElement(props, "property", {"name": name, "value": value})
    for note in ctx.notes:
        ET.SubElement(props, "property", {"name": "note", "value": xml_text(note)})
    suite.extend(cases)
    out = [f"note: {note}" for note in ctx.notes]
    out.append(summary_line(ordered, ctx.files_checked))
    ET.SubElement(suite, "system-out").text = xml_text("\n".join(out))
    return root


def render(findings: Sequence[Finding], ctx: ReportContext, stream: TextIO) -> None:
    """Write the JUnit XML document to *stream*."""
    root = to_xml(findings, ctx)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")
