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
def xdocs(roster_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Xdocs:
    """The CLI in a project whose records need no signature (``signatures:
    optional``), so that each rule is tested on its own; signed flows have
    their own fixture (:func:`signed`)."""
    root = project(tmp_path / "optional-project", "optional")
    monkeypatch.setenv("XDOCS_PROJECT_ROOT", str(root))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    return Xdocs(roster_file)


# -- signing keys ------------------------------------------------------------------------
PEOPLE = ("wendy", "walt", "hana", "max", "erin", "cora", "olga", "sam", "gone", "mallory")


def _keygen(path: Path) -> None:
    import subprocess

    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f", str(path)],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An ed25519 key pair per test person (private key path; ``.pub`` beside it)."""
    import shutil

    if shutil.which("ssh-keygen") is None:
        pytest.skip(
            "ssh-keygen (OpenSSH) is needed to sign approvals: apt-get install openssh-client"
        )
    folder = tmp_path_factory.mktemp("keys")
    out = {}
    for person in PEOPLE:
        path = folder / person
        _keygen(path)
        out[person] = path
    return out


def pub(keys: dict[str, Path], person: str) -> str:
    return (keys[person].parent / f"{person}.pub").read_text().strip()


def roster_with_keys(keys: dict[str, Path], **overrides: str) -> str:
    """ROSTER_YML with each person's public key (``overrides``: person → the
    literal ``keys:`` YAML value to use instead)."""
    out = []
    for line in ROSTER_YML.splitlines():
        out.append(line)
        for person in PEOPLE:
            if line.startswith(f"  - {{id: {person},") or line == f"  - id: {person}":
                value = overrides.get(person, f"['{pub(keys, person)}']")
                if line.startswith("  - {"):
                    out[-1] = line[:-1] + f", keys: {value}}}"
                else:
                    out.append(f"    keys: {value}")
    return "\n".join(out) + "\n"


def project(tmp_path: Path, signatures: str = "required", roster: str | None = None) -> Path:
    """A project folder with site_config/xdocs.yml and roster.yml."""
    (tmp_path / "site_config").mkdir(parents=True, exist_ok=True)
    repo = Path(__file__).resolve().parents[2]
    (tmp_path / "site_config" / "xdocs.yml").write_text(
        f"workflow:\n  signatures: {signatures}\nvale:\n  config: {repo / '.vale.ini'}\n",
        encoding="utf-8",
    )
    (tmp_path / "site_config" / "roster.yml").write_text(roster or ROSTER_YML, encoding="utf-8")
    return tmp_path


class SignedXdocs:
    """Run the CLI in a project (cwd) that requires signatures, signing with
    each approver's own key."""

    def __init__(self, root: Path, keys: dict[str, Path]) -> None:
        self.root = root
        self.keys = keys
        self.runner = CliRunner()

    def __call__(self, *args: str):
        import os

        old = os.getcwd()
        os.chdir(self.root)
        try:
            return self.runner.invoke(cli, list(args), catch_exceptions=False)
        finally:
            os.chdir(old)

    def approve(self, card: Path, stage: str, by: str, *extra: str, key: str | None = None):
        return self(
            "approve", str(card), "--stage", stage, "--by", by,
            "--key", str(self.keys[key or by]), *extra,
        )  # fmt: skip

    def status(self, *paths: Path, extra: tuple[str, ...] = ()):
        import json

        result = self("status", *map(str, paths), "--format", "json", *extra)
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)


@pytest.fixture
def signed(tmp_path: Path, keys: dict[str, Path]) -> SignedXdocs:
    root = project(tmp_path / "proj", "required", roster_with_keys(keys))
    return SignedXdocs(root, keys)
