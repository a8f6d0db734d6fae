"""GitHub workflow commands: one annotation line per finding, escaped as the runner expects."""

from __future__ import annotations

import re

from xdocs.findings import Finding, Severity
from xdocs.report.github import annotation, escape_data, escape_property

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape_data(text: str) -> str:
    """The runner's decoding (ActionCommand.cs): %0D, %0A, then %25."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one workflow command the way the runner does."""
    match = COMMAND.match(line)
    assert match, line
    props = {}
    for pair in match.group(2).split(","):
        key, _, value = pair.partition("=")
        props[key] = unescape_property(value)
    return match.group(1), props, unescape_data(match.group(3))


def test_annotations_in_order_with_summary(render, findings):
    lines = render(findings, "github", files_checked=3).splitlines()
    assert lines == [
        "::error file=cards/alpha.md,title=metadata/missing-field::Front-matter has no 'license'",
        "::warning file=cards/alpha.md,line=7,col=5,endLine=7,endColumn=15,"
        "title=terminology/XaluraTech::Use 'Xalura Tech', not 'XaluraTech'"
        "%0AFix: Write 'Xalura Tech'",
        "::notice file=cards/alpha.md,line=20,endLine=21,title=vale/Xalura.Passive::"
        "'was trained' may be passive voice",
        "::error file=cards/vision model.md,line=12,col=3,title=structure/missing-section::"
        "Section \"Limitations\" is missing%0AFix: Add a '## Limitations' section",
        "2 errors, 1 warning, 1 suggestion in 3 files",
    ]


def test_suggestion_is_a_notice():
    f = Finding("a.md", 1, 1, "x/y", Severity.SUGGESTION, "m")
    assert annotation(f).startswith("::notice ")


def test_escaping_rules():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"


def test_hostile_values_round_trip_through_the_runner_parser():
    f = Finding(
        path="dir, with: odd/my card %41.md",
        line=4,
        column=2,
        rule="style/a,b:c",
        severity=Severity.ERROR,
        message='100% "sure"\r\nline two :: not a command\n::error::fake',
    )
    line = annotation(f)
    assert "\n" not in line and "\r" not in line
    kind, props, message = parse(line)
    assert kind == "error"
    assert props == {
        "file": "dir, with: odd/my card %41.md",
        "line": "4",
        "col": "2",
        "title": "style/a,b:c",
    }
    assert message == f.message


def test_control_characters_are_shown_not_sent():
    f = Finding("a.md", 1, 1, "x/y", Severity.WARNING, "colour \x1b[31m red ü 🚀")
    _, _, message = parse(annotation(f))
    assert message == "colour \\x1b[31m red ü 🚀"


def test_notes_and_summary_are_plain_log_lines(render):
    out = render([], "github", files_checked=0, notes=["::warning::not a command"])
    assert out.splitlines() == ["note: ::warning::not a command", "no problems in 0 files"]
    out = render([], "github", files_checked=1, notes=["x\n::error::y"])
    assert not any(line.startswith("::") for line in out.splitlines())


def test_whole_file_and_columnless_findings():
    whole = annotation(Finding("a.md", 0, 0, "x/y", Severity.ERROR, "m"))
    assert whole == "::error file=a.md,title=x/y::m"
    no_col = annotation(Finding("a.md", 3, 0, "x/y", Severity.ERROR, "m"))
    assert no_col == "::error file=a.md,line=3,title=x/y::m"


def test_point_findings_send_no_empty_span():
    point = Finding("a.md", 3, 4, "x/y", Severity.ERROR, "m", end_line=3, end_column=4)
    assert annotation(point) == "::error file=a.md,line=3,col=4,title=x/y::m"
    backwards = Finding("a.md", 3, 4, "x/y", Severity.ERROR, "m", end_line=3, end_column=2)
    assert annotation(backwards) == "::error file=a.md,line=3,col=4,title=x/y::m"
