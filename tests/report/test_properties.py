"""Property tests: any findings render in every format, and the machine
formats stay parseable and faithful (hypothesis)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator, FormatChecker

from xdocs.findings import Finding, Severity
from xdocs.report import FORMATS, render_report
from xdocs.report.base import posix_path, printable, sort_findings

from .test_github import parse

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "xdocs"
        / "report"
        / "schemas"
        / "sarif-schema-2.1.0.json"
    ).read_text(encoding="utf-8")
)
VALIDATOR = Draft4Validator(SCHEMA, format_checker=FormatChecker())

text = st.text(max_size=40)
nonempty = st.text(min_size=1, max_size=30)
position = st.integers(min_value=0, max_value=100_000)
maybe_position = st.none() | position

finding = st.builds(
    Finding,
    path=nonempty,
    line=position,
    column=position,
    rule=nonempty,
    severity=st.sampled_from(list(Severity)),
    message=text,
    end_line=maybe_position,
    end_column=maybe_position,
    fix=st.none() | text,
    replacement=st.none() | text,
    source=st.none() | text,
)
findings_lists = st.lists(finding, max_size=8)
notes = st.lists(text, max_size=3)


def render(found, fmt, *, note_list=(), files=3) -> str:
    stream = io.StringIO()
    render_report(found, fmt, files_checked=files, stream=stream, notes=note_list, color=False)
    return stream.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(found=findings_lists, note_list=notes)
def test_every_format_renders_anything(found, note_list):
    for fmt in FORMATS:
        out = render(found, fmt, note_list=note_list)
        assert out.endswith("\n")


@settings(max_examples=100, deadline=None)
@given(found=findings_lists)
def test_json_round_trips_through_from_dict(found):
    data = json.loads(render(found, "json"))
    again = [Finding.from_dict(item) for item in data]
    assert [f.to_dict() for f in again] == [f.to_dict() for f in sort_findings(found)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(found=findings_lists, note_list=notes)
def test_sarif_always_valid(found, note_list):
    log = json.loads(render(found, "sarif", note_list=note_list))
    problems = [e.message for e in VALIDATOR.iter_errors(log)]
    assert problems == []
    assert len(log["runs"][0]["results"]) == len(found)


@settings(max_examples=100, deadline=None)
@given(found=findings_lists)
def test_github_one_command_per_finding_and_faithful(found):
    lines = render(found, "github").split("\n")
    assert lines[-1] == ""
    commands = lines[:-2]
    assert len(commands) == len(found)
    for line, f in zip(commands, sort_findings(found), strict=True):
        _, props, message = parse(line)
        assert props["title"] == printable(f.rule)
        assert props["file"] == printable(posix_path(f.path))
        expected = f.message + (f"\nFix: {f.fix}" if f.fix else "")
        assert message == printable(expected)


@settings(max_examples=100, deadline=None)
@given(
    found=findings_lists,
    files=st.lists(nonempty, max_size=4),
    fail_on=st.sampled_from(list(Severity)),
)
def test_junit_one_case_per_file_failed_only_at_or_above_fail_on(found, files, fail_on):
    stream = io.StringIO()
    render_report(found, "junit", files_checked=len(files), stream=stream, files=files,
                  fail_on=fail_on)  # fmt: skip
    root = ET.fromstring(stream.getvalue())
    paths = set(files) | {f.path for f in found}
    cases = root.findall("testsuite/testcase")
    assert len(cases) == max(1, len(paths))
    failing = {f.path for f in found if f.severity >= fail_on}
    assert root.get("failures") == str(len(failing)) == str(len(root.findall(".//failure")))
    below = {f.path for f in found if f.severity < fail_on}
    assert len(root.findall("testsuite/testcase/system-out")) == len(below)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(found=findings_lists)
def test_sarif_rules_once_each_and_indexed(found):
    run = json.loads(render(found, "sarif"))["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert ids == sorted({f.rule for f in found})
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]


@settings(max_examples=100, deadline=None)
@given(found=findings_lists)
def test_gitlab_fingerprints_unique_and_lines_positive(found):
    issues = json.loads(render(found, "gitlab"))
    assert len(issues) == len(found)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert all(i["location"]["lines"]["begin"] >= 1 for i in issues)


@settings(max_examples=100, deadline=None)
@given(found=findings_lists, note_list=notes)
def test_text_has_one_head_line_per_finding(found, note_list):
    lines = render(found, "text", note_list=note_list).splitlines()
    assert len(lines) >= len(found) + len(note_list) + 1
    assert all("\x1b" not in line for line in lines)
