"""JUnit XML: findings as failed test cases, for CI test dashboards.

Jenkins (junit step), GitLab (``artifacts: reports: junit:``), Azure
Pipelines (PublishTestResults), CircleCI and Buildkite all read this
de-facto format. One ``<testsuite>`` per checked file that has findings, one
``<testcase>`` per finding marked ``<failure>`` whose ``type`` is the
severity. A first suite, ``xdocs``, holds one passing case ("xdocs check ran
on N files") with the run's notes and summary: several dashboards (Jenkins
among them) treat a report with no test cases as a broken job, so a clean
run must still report something.

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

from xdocs.findings import Finding
from xdocs.report.base import (
    ReportContext,
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


def _case(finding: Finding) -> ET.Element:
    path = posix_path(finding.path)
    sev = severity_of(finding)
    case = ET.Element(
        "testcase",
        {
            "classname": xml_text(path),
            "name": xml_text(f"{finding.rule} ({finding.line}:{finding.column})"),
            "file": xml_text(path),
            "line": str(finding.line),
            "time": "0",
        },
    )
    failure = ET.SubElement(
        case, "failure", {"type": str(sev), "message": xml_text(finding.message)}
    )
    body = f"{path}:{finding.line}:{finding.column} {sev} {finding.rule} {finding.message}"
    if finding.fix:
        body += f"\nfix: {finding.fix}"
    failure.text = xml_text(body)
    return case


def _run_suite(findings: Sequence[Finding], ctx: ReportContext) -> ET.Element:
    """The ``xdocs`` suite: one passing case saying the check ran, the run's
    facts as properties, and the notes and summary as ``system-out``."""
    suite = ET.Element(
        "testsuite",
        {
            "name": "xdocs",
            "tests": "1",
            "failures": "0",
            "errors": "0",
            "skipped": "0",
            "time": "0",
        },
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "files_checked", "value": str(ctx.files_checked)})
    ET.SubElement(props, "property", {"name": "tool_version", "value": xml_text(ctx.tool_version)})
    for note in ctx.notes:
        ET.SubElement(props, "property", {"name": "note", "value": xml_text(note)})
    ET.SubElement(
        suite,
        "testcase",
        {
            "classname": "xdocs",
            "name": f"xdocs check ran on {plural(ctx.files_checked, 'file')}",
            "time": "0",
        },
    )
    out = [f"note: {note}" for note in ctx.notes]
    out.append(summary_line(findings, ctx.files_checked))
    ET.SubElement(suite, "system-out").text = xml_text("\n".join(out))
    return suite


def to_xml(findings: Sequence[Finding], ctx: ReportContext) -> ET.Element:
    """The ``<testsuites>`` element: the run suite, then one suite per file."""
    ordered = sort_findings(findings)
    root = ET.Element(
        "testsuites",
        {
            "name": "xdocs check",
            "tests": str(len(ordered) + 1),
            "failures": str(len(ordered)),
            "errors": "0",
            "time": "0",
        },
    )
    root.append(_run_suite(ordered, ctx))
    for path, group in groupby(ordered, key=lambda f: f.path):
        cases = [_case(f) for f in group]
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": xml_text(posix_path(path)),
                "tests": str(len(cases)),
                "failures": str(len(cases)),
                "errors": "0",
                "skipped": "0",
                "time": "0",
            },
        )
        suite.extend(cases)
    return root


def render(findings: Sequence[Finding], ctx: ReportContext, stream: TextIO) -> None:
    """Write the JUnit XML document to *stream*."""
    root = to_xml(findings, ctx)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")
