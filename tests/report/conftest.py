"""Shared helpers for the reporter tests: a few realistic findings and a
``render(findings, fmt)`` that returns the report as a string."""

from __future__ import annotations

import io

import pytest

from xdocs.findings import Finding, Severity
from xdocs.report import render_report
from xdocs.rules import Rule


def render_to_string(findings, fmt: str, *, files_checked: int = 2, **kwargs) -> str:
    """Render to a StringIO (a pipe, as far as the reporters can tell)."""
    stream = io.StringIO()
    render_report(findings, fmt, files_checked=files_checked, stream=stream, **kwargs)
    return stream.getvalue()


@pytest.fixture
def render():
    """``render(findings, fmt, **kwargs) -> str``."""
    return render_to_string


@pytest.fixture
def findings() -> list[Finding]:
    """Out of order on purpose: reporters must sort them."""
    return [
        Finding(
            path="cards/vision model.md",
            line=12,
            column=3,
            rule="structure/missing-section",
            severity=Severity.ERROR,
            message='Section "Limitations" is missing',
            fix="Add a '## Limitations' section",
        ),
        Finding(
            path="cards/alpha.md",
            line=7,
            column=5,
            rule="terminology/XaluraTech",
            severity=Severity.WARNING,
            message="Use 'Xalura Tech', not 'XaluraTech'",
            end_line=7,
            end_column=15,
            fix="Write 'Xalura Tech'",
            replacement="Xalura Tech",
        ),
        Finding(
            path="cards/alpha.md",
            line=0,
            column=0,
            rule="metadata/missing-field",
            severity=Severity.ERROR,
            message="Front-matter has no 'license'",
        ),
        Finding(
            path="cards/alpha.md",
            line=20,
            column=1,
            rule="vale/Xalura.Passive",
            severity=Severity.SUGGESTION,
            message="'was trained' may be passive voice",
            end_line=21,
            end_column=4,
        ),
    ]


@pytest.fixture
def rules() -> dict[str, Rule]:
    return {
        "structure/missing-section": Rule(
            id="structure/missing-section",
            summary="A required canonical section is missing",
            rationale="Reviewers cannot approve a card that does not state its limitations.",
            example="## Limitations\n\nThe model fails on low-light images.",
            severity=Severity.ERROR,
            fix="Add the section under its canonical heading.",
        ),
        "metadata/missing-field": Rule(
            id="metadata/missing-field",
            summary="A required front-matter field is missing",
            rationale="The catalogue and the workflow read these fields.",
            severity=Severity.ERROR,
        ),
        "vale/*": Rule(
            id="vale/*",
            summary="Rules from the house Vale style",
            rationale="Vale styles encode the house style guide.",
            severity=Severity.WARNING,
        ),
    }
