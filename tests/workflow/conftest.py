"""Fixtures for the workflow tests: a small roster and a card factory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from xdocs.cli import cli
from xdocs.workflow.roster import Roster, load_roster

ROSTER_YML = """\
people:
  - {id: wendy, name: Wendy Worker, email: wendy@xalura.example, roles: [publishing-worker]}
  - {id: walt, name: Walt Worker, email: walt@xalura.example, roles: [publishing-worker]}
  - id: hana
    name: Hana Both
    email: hana@xalura.example
    roles: [publishing-worker, publishing-manager]
  - {id: max, name: Max Manager, email: max@xalura.example, roles: [publishing-manager]}
  - {id: erin, name: Erin Exec, email: erin@xalura.example, roles: [executive]}
  - {id: cora, name: Cora Chief, email: cora@xalura.example, roles: [chief-ai]}
  - {id: olga, name: Olga Owner, email: olga@xalura.example, roles: [publishing-worker]}
  - id: sam
    name: Sam Submitter
    email: sam@xalura.example
    roles: [publishing-worker, publishing-manager]
  - id: gone
    name: Gone Person
    email: gone@xalura.example
    roles: [publishing-worker]
    active: false
"""

CARD = """\
---
name: Fraud Sentinel
version: "2.1"
owners: [olga]
submitted_by: sam
license: apache-2.0
---

# Fraud Sentinel

## Intended Use

Scores card transactions for fraud review.

## Limitations

Not calibrated for wire transfers.
"""

#: a base time in the past so that every backdated step stays in the past.
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def at(hours: float) -> str:
    """ISO time ``hours`` after :data:`T0`."""
    return (T0 + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "roster.yml"
    path.write_text(ROSTER_YML, encoding="utf-8")
    return path


@pytest.fixture
def roster(roster_file: Path) -> Roster:
    return load_roster(roster_file)


@pytest.fixture
def make_card(tmp_path: Path) -> Callable[..., Path]:
    def make(text: str = CARD, name: str = "card.md") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    return make


class Xdocs:
    """Run the CLI in-process with the test roster."""

    def __init__(self, roster_file: Path) -> None:
        self.roster_file = roster_file
        self.runner = CliRunner()

    def __call__(self, *args: str):
        return self.runner.invoke(cli, list(args), catch_exceptions=False)

    def approve(self, card: Path, stage: str, by: str, *extra: str):
        return self(
            "approve",
            str(card),
            "--stage",
            stage,
            "--by",
            by,
            "--roster",
            str(self.roster_file),
            *extra,
        )

    def status(self, *paths: Path, extra: tuple[str, ...] = ()):
        import json

        result = self(
            "status",
            *map(str, paths),
            "--format",
            "json",
            "--roster",
            str(self.roster_file),
            *extra,
        )
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)


@pytest.fixture
def xdocs(roster_file: Path) -> Xdocs:
    return Xdocs(roster_file)
