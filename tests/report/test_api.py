"""render_report: the one entry point, its formats and its failure mode."""

from __future__ import annotations

import io

import pytest

from xdocs import __version__
from xdocs.report import FORMATS, UnknownFormatError, render_report


def test_formats_listed():
    assert FORMATS == ("text", "json", "sarif", "github", "gitlab", "junit")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_findings_and_empty(render, findings, fmt):
    full = render(findings, fmt)
    empty = render([], fmt)
    assert full.endswith("\n") and empty.endswith("\n")
    assert full != empty
    assert "terminology/XaluraTech" in full


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_does_not_depend_on_input_order(render, findings, fmt):
    assert render(findings, fmt) == render(list(reversed(findings)), fmt)


def test_unknown_format_is_a_clear_error(findings):
    with pytest.raises(UnknownFormatError, match="unknown report format 'xml': use one of text"):
        render_report(findings, "xml", files_checked=1, stream=io.StringIO())


def test_default_tool_version_is_the_package_version(render):
    assert f'"version": "{__version__}"' in render([], "sarif")


def test_accepts_any_iterable_of_findings(render, findings):
    assert render(iter(findings), "json") == render(findings, "json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_non_utf8_file_name_never_crashes_a_utf8_stream(fmt):
    """A file name with invalid UTF-8 arrives as surrogateescape text
    (os.fsdecode); every format must still write to a strict UTF-8 stream."""
    import os

    from xdocs.findings import Finding, Severity

    path = os.fsdecode(b"cards/caf\xe9 card.md")
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    found = [Finding(path, 1, 1, "x/y", Severity.ERROR, "bad name \udce9")]
    render_report(found, fmt, files_checked=1, stream=stream, color=False)
    stream.flush()
    out = raw.getvalue().decode("utf-8")
    assert "caf" in out
    if fmt == "sarif":
        assert '"uri": "cards/caf%E9%20card.md"' in out
