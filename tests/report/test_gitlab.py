"""GitLab Code Quality: shape, severity mapping and stable, unique fingerprints."""

from __future__ import annotations

import hashlib
import json

from xdocs.findings import Finding, Severity
from xdocs.report.gitlab import fingerprint


def test_shape_and_mapping(render, findings):
    issues = json.loads(render(findings, "gitlab"))
    assert [i["check_name"] for i in issues] == [
        "metadata/missing-field",
        "terminology/XaluraTech",
        "vale/Xalura.Passive",
        "structure/missing-section",
    ]
    assert [i["severity"] for i in issues] == ["major", "minor", "info", "major"]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    assert issues[0]["location"] == {"path": "cards/alpha.md", "lines": {"begin": 1}}
    assert issues[3]["location"] == {"path": "cards/vision model.md", "lines": {"begin": 12}}
    assert issues[1]["description"] == (
        "Use 'Xalura Tech', not 'XaluraTech' (fix: Write 'Xalura Tech')"
    )


def test_empty_is_an_empty_list(render):
    assert json.loads(render([], "gitlab")) == []


def test_fingerprint_is_the_documented_recipe():
    f = Finding("cards/a.md", 12, 3, "structure/missing-section", Severity.ERROR, "Missing")
    expected = hashlib.sha256(b"cards/a.md\0structure/missing-section\0Missing\x0012").hexdigest()
    assert fingerprint(f) == expected


def test_fingerprint_stable_across_runs_order_and_unrelated_findings(render, findings):
    first = {i["check_name"]: i["fingerprint"] for i in json.loads(render(findings, "gitlab"))}
    extra = Finding("cards/zzz.md", 1, 1, "other/rule", Severity.ERROR, "unrelated")
    second = json.loads(render([extra, *reversed(findings)], "gitlab"))
    again = {i["check_name"]: i["fingerprint"] for i in second if i["check_name"] != "other/rule"}
    assert first == again


def test_fingerprint_ignores_column_and_severity_but_not_line_or_message():
    base = Finding("a.md", 5, 1, "x/y", Severity.ERROR, "m")
    assert fingerprint(base) == fingerprint(
        Finding("a.md", 5, 9, "x/y", Severity.WARNING, "m", end_line=5, end_column=12)
    )
    assert fingerprint(base) != fingerprint(Finding("a.md", 6, 1, "x/y", Severity.ERROR, "m"))
    assert fingerprint(base) != fingerprint(Finding("a.md", 5, 1, "x/y", Severity.ERROR, "n"))
    assert fingerprint(base) != fingerprint(Finding("b.md", 5, 1, "x/y", Severity.ERROR, "m"))
    assert fingerprint(base) != fingerprint(Finding("a.md", 5, 1, "x/z", Severity.ERROR, "m"))


def test_repeated_findings_get_distinct_stable_fingerprints(render):
    twice = [
        Finding("a.md", 5, 1, "x/y", Severity.ERROR, "m"),
        Finding("a.md", 5, 8, "x/y", Severity.ERROR, "m"),
    ]
    prints = [i["fingerprint"] for i in json.loads(render(twice, "gitlab"))]
    assert len(set(prints)) == 2
    assert prints[0] == fingerprint(twice[0])
    assert prints == [i["fingerprint"] for i in json.loads(render(twice[::-1], "gitlab"))]


def test_escaping_survives(render):
    f = Finding("dir with space/ü.md", 1, 1, "x/y", Severity.WARNING, 'a "q" 100%\nb\x00 🚀')
    (issue,) = json.loads(render([f], "gitlab"))
    assert issue["description"] == f.message
    assert issue["location"]["path"] == "dir with space/ü.md"
