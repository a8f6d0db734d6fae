"""SARIF 2.1.0: valid against the official schema, levels, regions, rules, fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from xdocs.findings import Finding, Severity
from xdocs.report import render_report
from xdocs.rules import Rule

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "xdocs" / "report" / "schemas" / "sarif-schema-2.1.0.json"
)


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=FormatChecker())


def errors(validator, log) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def test_schema_is_the_official_one():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert {"result", "region", "reportingDescriptor", "fix"} <= set(schema["definitions"])


def test_validator_is_not_vacuous(validator, render, findings):
    log = json.loads(render(findings, "sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert errors(validator, log)
    log = json.loads(render(findings, "sarif"))
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert errors(validator, log)
    log = json.loads(render(findings, "sarif"))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = (
        "has space.md"
    )
    assert errors(validator, log)


def test_valid_with_rules_notes_and_every_feature(validator, render, findings, rules):
    log = json.loads(render(findings, "sarif", rules=rules, notes=["vale binary not found"]))
    assert errors(validator, log) == []


def test_valid_when_empty(validator, render):
    log = json.loads(render([], "sarif", files_checked=0))
    assert errors(validator, log) == []
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_driver_and_levels(render, findings):
    log = json.loads(render(findings, "sarif", tool_version="9.8.7"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "xdocs"
    assert run["tool"]["driver"]["version"] == "9.8.7"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {
        "metadata/missing-field": "error",
        "terminology/XaluraTech": "warning",
        "vale/Xalura.Passive": "note",
        "structure/missing-section": "error",
    }


def test_regions(render, findings):
    results = json.loads(render(findings, "sarif"))["runs"][0]["results"]
    by_rule = {r["ruleId"]: r["locations"][0]["physicalLocation"] for r in results}
    assert "region" not in by_rule["metadata/missing-field"]  # line 0: the whole file
    assert by_rule["metadata/missing-field"]["artifactLocation"] == {"uri": "cards/alpha.md"}
    assert by_rule["terminology/XaluraTech"]["region"] == {
        "startLine": 7,
        "startColumn": 5,
        "endLine": 7,
        "endColumn": 15,
    }
    assert by_rule["vale/Xalura.Passive"]["region"] == {
        "startLine": 20,
        "startColumn": 1,
        "endLine": 21,
        "endColumn": 4,
    }
    assert by_rule["structure/missing-section"]["region"] == {"startLine": 12, "startColumn": 3}
    assert by_rule["structure/missing-section"]["artifactLocation"]["uri"] == (
        "cards/vision%20model.md"
    )


def test_fixes_only_where_there_is_a_replacement(render, findings):
    results = json.loads(render(findings, "sarif"))["runs"][0]["results"]
    with_fixes = {r["ruleId"]: r["fixes"] for r in results if "fixes" in r}
    assert list(with_fixes) == ["terminology/XaluraTech"]
    (fix,) = with_fixes["terminology/XaluraTech"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "cards/alpha.md"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 7, "startColumn": 5, "endLine": 7, "endColumn": 15},
            "insertedContent": {"text": "Xalura Tech"},
        }
    ]
    assert fix["description"]["text"] == "Write 'Xalura Tech'"
    hint = next(r for r in results if r["ruleId"] == "structure/missing-section")
    assert hint["properties"]["fixHint"] == "Add a '## Limitations' section"


def test_rule_table_from_mapping(render, findings, rules):
    run = json.loads(render(findings, "sarif", rules=rules))["runs"][0]
    table = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in table]
    # the ids results point at, each once, documented from the catalogue; no wildcard ids
    assert ids == [
        "metadata/missing-field",
        "structure/missing-section",
        "terminology/XaluraTech",
        "vale/Xalura.Passive",
    ]
    structure = table[1]
    assert structure["shortDescription"]["text"] == "A required canonical section is missing"
    assert structure["fullDescription"]["text"].startswith("Reviewers cannot approve")
    assert "The model fails on low-light images." in structure["help"]["text"]
    assert "```markdown\n## Limitations" in structure["help"]["markdown"]
    assert structure["defaultConfiguration"] == {"level": "error"}
    # a family member borrows its family's documentation
    assert table[3]["shortDescription"]["text"] == "Rules from the house Vale style"
    assert table[3]["defaultConfiguration"] == {"level": "warning"}
    # an undocumented id still gets a descriptor, with the level it was seen at
    assert table[2]["shortDescription"]["text"] == "terminology/XaluraTech"
    assert table[2]["defaultConfiguration"] == {"level": "warning"}
    for result in run["results"]:
        assert table[result["ruleIndex"]]["id"] == result["ruleId"]


def test_rule_table_holds_only_rules_results_use(render, findings, rules):
    """A rule no result points at is not listed: the catalogue is documentation,
    not payload (the whole catalogue made 7 results weigh 310 KB)."""
    unused = Rule(
        id="evidence/metric-mismatch",
        summary="A reported metric does not reproduce",
        rationale="r" * 2000,
        severity=Severity.ERROR,
    )
    run = json.loads(render(findings, "sarif", rules={**rules, unused.id: unused}))["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "evidence/metric-mismatch" not in ids
    assert len(ids) == len(set(ids)) == len({f.rule for f in findings})
    repeated = findings + [
        Finding("cards/beta.md", 3, 1, "vale/Xalura.Passive", Severity.SUGGESTION, "passive")
    ]
    again = json.loads(render(repeated, "sarif", rules=rules))["runs"][0]
    assert [r["id"] for r in again["tool"]["driver"]["rules"]] == ids  # still once
    passive = [r for r in again["results"] if r["ruleId"] == "vale/Xalura.Passive"]
    assert len(passive) == 2 and len({r["ruleIndex"] for r in passive}) == 1


def test_results_carry_no_documentation(render, findings, rules):
    """Per result: rule id and index, level, message, location, fingerprint and the
    fix; rule texts live once in the driver. A fix's description is its hint."""
    run = json.loads(render(findings, "sarif", rules=rules))["runs"][0]
    allowed = {"ruleId", "ruleIndex", "level", "message", "locations", "partialFingerprints"}
    for result in run["results"]:
        assert set(result) - allowed <= {"fixes", "properties"}
        assert "help" not in json.dumps(result)
        if "fixes" in result:
            assert "properties" not in result


def test_rule_table_from_ids_seen_without_mapping(render, findings):
    table = json.loads(render(findings, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in table) == sorted({f.rule for f in findings})


def test_rules_may_be_a_plain_list(render, findings, rules):
    as_map = render(findings, "sarif", rules=rules)
    as_list = render(findings, "sarif", rules=list(rules.values()))
    assert as_map == as_list


def test_notes_become_tool_notifications(render):
    run = json.loads(render([], "sarif", notes=["vale binary not found"]))["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == [
        {"level": "note", "message": {"text": "vale binary not found"}}
    ]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("cards/a b.md", "cards/a%20b.md"),
        ("./cards/a.md", "cards/a.md"),
        ("cards/100%.md", "cards/100%25.md"),
        ("cards/#1 ü.md", "cards/%231%20%C3%BC.md"),
        ("weird:name.md", "weird%3Aname.md"),
        ("/abs/dir/card.md", "file:///abs/dir/card.md"),
        ("C:\\cards\\a b.md", "file:///C:/cards/a%20b.md"),
        ("cards\\win.md", "cards/win.md"),
    ],
)
def test_paths_become_valid_uri_references(validator, path, uri):
    f = Finding(path, 1, 1, "x/y", Severity.ERROR, "m")
    stream = __import__("io").StringIO()
    render_report([f], "sarif", files_checked=1, stream=stream)
    log = json.loads(stream.getvalue())
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"] == uri
    assert errors(validator, log) == []


def test_degenerate_spans_stay_valid(validator, render):
    found = [
        Finding("a.md", 3, 0, "x/col0", Severity.ERROR, "no column"),
        Finding("a.md", 3, 9, "x/back", Severity.ERROR, "end before start", 3, 2, None, "r"),
        Finding("a.md", 5, 2, "x/up", Severity.ERROR, "end line before start", 4, 1),
    ]
    log = json.loads(render(found, "sarif"))
    assert errors(validator, log) == []
    regions = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]
        for r in log["runs"][0]["results"]
    }
    assert regions["x/col0"] == {"startLine": 3}
    assert regions["x/back"] == {"startLine": 3, "startColumn": 9, "endLine": 3}
    assert regions["x/up"] == {"startLine": 5, "startColumn": 2}
