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
