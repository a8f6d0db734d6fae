"""JUnit XML: one test case per checked file, failed only at or above --fail-on."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from xdocs.findings import Finding, Severity

FILES = ["cards/alpha.md", "cards/beta.md", "cards/vision model.md"]


def cases_by_name(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name"): case for case in root.iter("testcase")}


def test_one_case_per_file_and_failures_at_or_above_error(render, findings):
    out = render(findings, "junit", files_checked=3, files=FILES, notes=["vale missing"])
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert root.get("tests") == "3" and root.get("failures") == "2"
    (suite,) = root.findall("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    cases = cases_by_name(root)
    assert list(cases) == FILES  # every checked file, clean ones too, in path order
    assert cases["cards/beta.md"].find("failure") is None
    assert cases["cards/beta.md"].find("system-out") is None
    alpha = cases["cards/alpha.md"]
    assert alpha.get("file") == "cards/alpha.md" and alpha.get("classname") == "xdocs"
    failure = alpha.find("failure")
    assert failure.get("type") == "error"
    assert failure.get("message") == (
        "1 error at or above --fail-on error; first: Front-matter has no 'license'"
    )
    assert failure.text.splitlines() == [
        "cards/alpha.md:0:0 error metadata/missing-field Front-matter has no 'license'"
    ]
    # the warning and the suggestion are below the threshold: reported, not failed
    assert alpha.find("system-out").text.splitlines() == [
        "below --fail-on error (1 warning, 1 suggestion):",
        "cards/alpha.md:7:5 warning terminology/XaluraTech Use 'Xalura Tech', not 'XaluraTech'",
        "fix: Write 'Xalura Tech'",
        "cards/alpha.md:20:1 suggestion vale/Xalura.Passive 'was trained' may be passive voice",
    ]
    vision = cases["cards/vision model.md"].find("failure")
    assert vision.get("message").startswith("1 error at or above --fail-on error; first: line 12: ")
    props = {(p.get("name"), p.get("value")) for p in suite.iter("property")}
    assert {("files_checked", "3"), ("fail_on", "error"), ("note", "vale missing")} <= props
    assert suite.find("system-out").text.splitlines() == [
        "note: vale missing",
        "2 errors, 1 warning, 1 suggestion in 3 files",
    ]


def test_only_warnings_with_fail_on_error_is_a_green_report(render):
    """The issue's case: --fail-on error exits 0, so the test report must be green."""
    warnings = [
        Finding("cards/a.md", 3, 1, "terminology/X", Severity.WARNING, "use Y"),
        Finding("cards/b.md", 4, 1, "vale/Xalura.Hype", Severity.WARNING, "hype"),
        Finding("cards/b.md", 9, 1, "vale/Xalura.Passive", Severity.SUGGESTION, "passive"),
    ]
    files = ["cards/a.md", "cards/b.md"]
    green = ET.fromstring(render(warnings, "junit", files=files, fail_on="error"))
    assert green.get("failures") == "0" and green.get("tests") == "2"
    assert not green.findall(".//failure")
    assert len(green.findall(".//testcase/system-out")) == 2
    red = ET.fromstring(render(warnings, "junit", files=files, fail_on="warning"))
    assert red.get("failures") == "2"
    b = cases_by_name(red)["cards/b.md"]
    assert b.find("failure").get("type") == "warning"
    assert b.find("failure").text.splitlines() == ["cards/b.md:4:1 warning vale/Xalura.Hype hype"]
    assert "passive" in b.find("system-out").text
    everything = ET.fromstring(render(warnings, "junit", files=files, fail_on="suggestion"))
    assert everything.get("failures") == "2" and not everything.findall(".//testcase/system-out")


def test_default_threshold_is_error_like_the_cli(render, findings):
    root = ET.fromstring(render(findings, "junit", files=FILES))
    assert root.get("failures") == "2"


def test_files_with_findings_stand_in_when_only_a_count_is_known(render, findings):
    root = ET.fromstring(render(findings, "junit", files_checked=3))
    assert list(cases_by_name(root)) == ["cards/alpha.md", "cards/vision model.md"]


def test_clean_run_still_reports_one_passing_case_per_file(render):
    root = ET.fromstring(render([], "junit", files_checked=2, files=["a.md", "b.md"]))
    assert root.get("tests") == "2" and root.get("failures") == "0"
    assert [c.get("name") for c in root.iter("testcase")] == ["a.md", "b.md"]


def test_a_run_over_no_file_still_has_one_passing_case(render):
    root = ET.fromstring(render([], "junit", files_checked=0))
    assert root.get("tests") == "1" and root.get("failures") == "0"
    (case,) = root.iter("testcase")
    assert case.find("failure") is None
    assert case.get("name") == "xdocs check ran on 0 files"


def test_escaping_quotes_newlines_controls_unicode(render):
    message = 'a "quoted" <tag> & 100%\nnext\x1b[31m \x00 ü 🚀'
    f = Finding('my dir/"odd" <card>.md', 2, 1, "x/y", Severity.ERROR, message)
    out = render([f], "junit")
    root = ET.fromstring(out)  # parses: nothing illegal in the document
    (case,) = root.iter("testcase")
    assert case.get("name") == 'my dir/"odd" <card>.md'
    failure = case.find("failure")
    assert failure.get("message").endswith('a "quoted" <tag> & 100%\nnext\\x1b[31m \\x00 ü 🚀')
    assert failure.text.endswith('a "quoted" <tag> & 100%\nnext\\x1b[31m \\x00 ü 🚀')
