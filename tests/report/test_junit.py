"""JUnit XML: parses, one suite per file, one failed case per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from xdocs.findings import Finding, Severity


def test_suites_cases_and_failures(render, findings):
    root = ET.fromstring(render(findings, "junit", files_checked=3, notes=["vale missing"]))
    assert root.tag == "testsuites"
    assert root.get("tests") == "5" and root.get("failures") == "4"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["xdocs", "cards/alpha.md", "cards/vision model.md"]
    run, alpha, vision = suites
    assert run.get("failures") == "0"
    assert [c.get("name") for c in run.findall("testcase")] == ["xdocs check ran on 3 files"]
    props = {(p.get("name"), p.get("value")) for p in run.iter("property")}
    assert ("files_checked", "3") in props and ("note", "vale missing") in props
    assert run.findtext("system-out").splitlines() == [
        "note: vale missing",
        "2 errors, 1 warning, 1 suggestion in 3 files",
    ]
    assert alpha.get("tests") == "3" and alpha.get("failures") == "3"
    cases = alpha.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "metadata/missing-field (0:0)",
        "terminology/XaluraTech (7:5)",
        "vale/Xalura.Passive (20:1)",
    ]
    failure = cases[1].find("failure")
    assert failure.get("type") == "warning"
    assert failure.get("message") == "Use 'Xalura Tech', not 'XaluraTech'"
    assert failure.text.splitlines() == [
        "cards/alpha.md:7:5 warning terminology/XaluraTech Use 'Xalura Tech', not 'XaluraTech'",
        "fix: Write 'Xalura Tech'",
    ]
    assert cases[1].get("file") == "cards/alpha.md" and cases[1].get("line") == "7"
    assert vision.find("testcase/failure").get("type") == "error"


def test_clean_run_still_reports_one_passing_case(render):
    root = ET.fromstring(render([], "junit", files_checked=4))
    assert root.get("tests") == "1" and root.get("failures") == "0"
    (suite,) = root.findall("testsuite")
    (case,) = suite.findall("testcase")
    assert case.find("failure") is None
    assert case.get("name") == "xdocs check ran on 4 files"


def test_escaping_quotes_newlines_controls_unicode(render):
    message = 'a "quoted" <tag> & 100%\nnext\x1b[31m \x00 ü 🚀'
    f = Finding('my dir/"odd" <card>.md', 2, 1, "x/y", Severity.ERROR, message)
    out = render([f], "junit")
    root = ET.fromstring(out)  # parses: nothing illegal in the document
    case = root.find("testsuite[2]/testcase")
    assert case.get("classname") == 'my dir/"odd" <card>.md'
    failure = case.find("failure")
    assert failure.get("message") == 'a "quoted" <tag> & 100%\nnext\\x1b[31m \\x00 ü 🚀'
    assert failure.text.endswith('a "quoted" <tag> & 100%\nnext\\x1b[31m \\x00 ü 🚀')
