"""Reports of ``xdocs check`` over the example cards, as CI reads them.

In-process runs of the console entry point (:func:`xdocs.cli.main`) from the
repository root, without the cache: JUnit follows ``--fail-on`` as the exit code
does, and SARIF stays small and valid (docs/reports.md has the figures).
"""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from xdocs.cli import main

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "xdocs" / "report" / "schemas" / "sarif-schema-2.1.0.json"
#: an example card with warnings (a stale approval) and no error
WARNED = "cards/xalura-support-router.md"


def check(*args: str) -> tuple[int, str]:
    """``xdocs check --no-cache ARGS`` from the repository root: (exit code, stdout)."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(REPO)
    try:
        with redirect_stdout(out), redirect_stderr(err), pytest.raises(SystemExit) as exited:
            main(["check", "--no-cache", *args])
    finally:
        os.chdir(here)
    assert "Traceback" not in err.getvalue()
    return exited.value.code, out.getvalue()


@pytest.fixture(scope="module")
def sarif() -> tuple[int, str]:
    return check("--format", "sarif", "cards")


def test_junit_is_green_when_the_build_is(monkeypatch):
    """--fail-on error over warnings only: exit 0 and failures="0" (the issue's case)."""
    monkeypatch.setenv("NO_COLOR", "1")
    code, out = check("--format", "junit", "--fail-on", "error", WARNED)
    root = ET.fromstring(out)
    assert code == 0
    assert root.get("tests") == "1" and root.get("failures") == "0"
    (case,) = root.iter("testcase")
    assert case.get("name") == WARNED
    assert "workflow/stale-approval" in case.find("system-out").text
    code, out = check("--format", "junit", "--fail-on", "warning", WARNED)
    assert code == 1 and ET.fromstring(out).get("failures") == "1"


def test_junit_has_one_case_per_example_card():
    code, out = check("--format", "junit", "cards")
    cases = [c.get("name") for c in ET.fromstring(out).iter("testcase")]
    assert cases == sorted(f"cards/{p.name}" for p in (REPO / "cards").glob("*.md"))


def test_sarif_of_the_example_cards_is_small_valid_and_deduplicated(sarif):
    code, out = sarif
    assert code == 0
    log = json.loads(out)
    validator = Draft4Validator(
        json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=FormatChecker()
    )
    assert [e.message for e in validator.iter_errors(log)] == []
    run = log["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert ids == sorted({r["ruleId"] for r in run["results"]})
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
    # 310 KB before (the whole catalogue in the driver); a few KB per result now
    assert len(out.encode()) < 4000 + 2000 * len(run["results"]), len(out)
