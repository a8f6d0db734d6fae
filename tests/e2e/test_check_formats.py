"""``xdocs check --format X`` end to end: the real CLI, a small broken card,
every report format, and the same findings in each of them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from xdocs.findings import Finding
from xdocs.report import FORMATS

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "xdocs" / "report" / "schemas" / "sarif-schema-2.1.0.json"

# A house card that misses most required sections: structure errors for sure.
CARD = """\
---
name: Tiny Tagger
version: "0.1"
owners: [lena.ortiz]
license: apache-2.0
---

# Tiny Tagger

## Intended use

Tiny Tagger labels short English product reviews as positive or negative for
the support analysts of the customer insights team.
"""

TEXT_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+) (error|warning|suggestion) \S+ ")
SUMMARY = re.compile(r"^(no problems|\d+ (errors?|warnings?|suggestions?)(, .*)?) in 1 file$")


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "xdocs", "check", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """One broken card with a space in its name (paths with spaces must
    survive every format), outside the repository so nothing there changes."""
    root = tmp_path_factory.mktemp("check-formats")
    card = root / "cards" / "tiny tagger.md"
    card.parent.mkdir()
    card.write_text(CARD, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def outputs(workdir: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """One run per format, over the same card, from the repository root."""
    card = workdir / "cards" / "tiny tagger.md"
    return {fmt: run_check(REPO, "--format", fmt, str(card)) for fmt in FORMATS}


@pytest.fixture(scope="module")
def json_findings(outputs) -> list[Finding]:
    proc = outputs["json"]
    assert proc.returncode in (0, 1), proc.stderr
    return [Finding.from_dict(item) for item in json.loads(proc.stdout)]


def test_json_lists_structure_errors_and_exit_code_follows_fail_on(outputs, json_findings):
    rules = {f.rule for f in json_findings}
    assert "structure/missing-section" in rules
    assert all(f.path.endswith("tiny tagger.md") for f in json_findings)
    has_error = any(str(f.severity) == "error" for f in json_findings)
    for fmt, proc in outputs.items():
        assert proc.returncode == (1 if has_error else 0), (fmt, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_text(outputs, json_findings):
    lines = outputs["text"].stdout.splitlines()
    heads = [line for line in lines if TEXT_LINE.match(line)]
    assert len(heads) == len(json_findings)
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert "\x1b[" not in outputs["text"].stdout  # CI: never colour


def test_sarif_validates_and_matches(outputs, json_findings):
    log = json.loads(outputs["sarif"].stdout)
    validator = Draft4Validator(
        json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=FormatChecker()
    )
    assert [e.message for e in validator.iter_errors(log)] == []
    results = log["runs"][0]["results"]
    assert len(results) == len(json_findings)
    assert {r["ruleId"] for r in results} == {f.rule for f in json_findings}
    documented = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    assert sorted(documented) == sorted({f.rule for f in json_findings})  # each rule once
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert all(uri.endswith("tiny%20tagger.md") for uri in uris)


def test_github_annotations(outputs, json_findings):
    commands = [line for line in outputs["github"].stdout.splitlines() if line.startswith("::")]
    assert len(commands) == len(json_findings)
    assert all(
        re.match(r"^::(error|warning|notice) file=[^,]*tiny tagger\.md", c) for c in commands
    )


def test_gitlab_code_quality(outputs, workdir, json_findings):
    issues = json.loads(outputs["gitlab"].stdout)
    assert len(issues) == len(json_findings)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    again = run_check(REPO, "--format", "gitlab", str(workdir / "cards" / "tiny tagger.md"))
    assert [i["fingerprint"] for i in json.loads(again.stdout)] == [
        i["fingerprint"] for i in issues
    ]


def test_junit(outputs, json_findings):
    """One test case for the one file; its failure lists the errors (--fail-on error)."""
    root = ET.fromstring(outputs["junit"].stdout)
    (case,) = root.findall("testsuite/testcase")
    errors = [f for f in json_findings if str(f.severity) == "error"]
    assert errors and root.get("failures") == "1"
    assert len(case.find("failure").text.splitlines()) >= len(errors)


def test_unknown_format_is_a_usage_error(workdir):
    proc = run_check(REPO, "--format", "yaml", str(workdir / "cards" / "tiny tagger.md"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
