"""The text reporter: editor-clickable lines, hints, summary, notes, colour rules."""

from __future__ import annotations

import io
import re

import pytest

from xdocs.findings import Finding, Severity
from xdocs.report import render_report
from xdocs.report.text import use_color

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_lines_sorted_with_hints_and_summary(render, findings):
    out = render(findings, "text", files_checked=5)
    assert out.splitlines() == [
        "cards/alpha.md:0:0 error metadata/missing-field Front-matter has no 'license'",
        "cards/alpha.md:7:5 warning terminology/XaluraTech Use 'Xalura Tech', not 'XaluraTech'",
        "    fix: Write 'Xalura Tech'",
        "cards/alpha.md:20:1 suggestion vale/Xalura.Passive 'was trained' may be passive voice",
        "cards/vision model.md:12:3 error structure/missing-section "
        'Section "Limitations" is missing',
        "    fix: Add a '## Limitations' section",
        "2 errors, 1 warning, 1 suggestion in 5 files",
    ]


def test_empty_run_says_no_problems(render):
    assert render([], "text", files_checked=5) == "no problems in 5 files\n"
    assert render([], "text", files_checked=1) == "no problems in 1 file\n"


@pytest.mark.parametrize(
    ("severities", "expected"),
    [
        (["error"] * 3 + ["warning"] * 2 + ["suggestion"], "3 errors, 2 warnings, 1 suggestion"),
        (["error"], "1 error"),
        (["suggestion", "suggestion"], "2 suggestions"),
        (["warning", "error"], "1 error, 1 warning"),
    ],
)
def test_summary_counts_and_plurals(render, severities, expected):
    found = [
        Finding("a.md", i + 1, 1, "x/y", Severity.parse(sev), "m")
        for i, sev in enumerate(severities)
    ]
    assert render(found, "text", files_checked=5).splitlines()[-1] == f"{expected} in 5 files"


def test_notes_come_first_one_line_each(render, findings):
    notes = ["vale binary not found: using the built-in engine", "LanguageTool not configured"]
    lines = render(findings, "text", notes=notes).splitlines()
    assert lines[:2] == [f"note: {notes[0]}", f"note: {notes[1]}"]
    assert lines[2].startswith("cards/alpha.md:0:0 ")


def test_multiline_message_continues_indented(render):
    f = Finding("a.md", 3, 1, "x/y", Severity.WARNING, "first\nsecond\r\nthird", fix="a\nb")
    assert render([f], "text", files_checked=1).splitlines() == [
        "a.md:3:1 warning x/y first",
        "    second",
        "    third",
        "    fix: a",
        "         b",
        "1 warning in 1 file",
    ]


def test_control_and_bidi_characters_never_reach_the_terminal(render):
    f = Finding("a\x1b[2Jb.md", 1, 1, "x/y", Severity.ERROR, "red \x1b[31mtext\u202e evil\x07")
    out = render([f], "text", files_checked=1)
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "a\\x1b[2Jb.md:1:1 error x/y red \\x1b[31mtext\\u202e evil\\x07" in out


def test_unicode_quotes_percent_and_spaces_are_kept(render):
    f = Finding("dir with space/ü.md", 2, 4, "x/y", Severity.ERROR, 'Größe "100%" — ok 🚀')
    assert render([f], "text", files_checked=1).splitlines()[0] == (
        'dir with space/ü.md:2:4 error x/y Größe "100%" — ok 🚀'
    )


def test_stream_that_cannot_encode_degrades_instead_of_crashing():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    f = Finding("ü.md", 1, 1, "x/y", Severity.ERROR, "naïve 🚀")
    render_report([f], "text", files_checked=1, stream=stream, color=False)
    stream.flush()
    text = raw.getvalue().decode("ascii")
    assert "\\xfc.md:1:1 error x/y na\\xefve \\U0001f680" in text


def test_plain_in_a_pipe(findings, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    stream = io.StringIO()
    render_report(findings, "text", files_checked=2, stream=stream)
    assert not ANSI.search(stream.getvalue())


def test_colour_on_a_terminal_but_never_in_ci(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_color(FakeTTY()) is True
    assert use_color(io.StringIO()) is False
    monkeypatch.setenv("CI", "true")
    assert use_color(FakeTTY()) is False
    monkeypatch.delenv("CI")
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(FakeTTY()) is False
    assert use_color(io.StringIO(), requested=True) is True


def test_coloured_output_has_the_same_text_and_no_markup_interpretation(findings, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    tricky = Finding("a.md", 1, 1, "x/y", Severity.ERROR, "[bold]not markup[/bold] :smile:")
    all_findings = [*findings, tricky]
    plain = io.StringIO()
    render_report(all_findings, "text", files_checked=3, stream=plain, color=False, notes=["n"])
    coloured = FakeTTY()
    render_report(all_findings, "text", files_checked=3, stream=coloured, color=True, notes=["n"])
    assert ANSI.search(coloured.getvalue())
    assert ANSI.sub("", coloured.getvalue()) == plain.getvalue()
