"""The claims triage example: its model reproduces, its audit flags one gap, the
evaluation approval records the decision about it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from xdocs.card import load_card
from xdocs.cli import cli
from xdocs.evidence.checks import EvidencePass
from xdocs.rules import LintContext
from xdocs.workflow.roster import load_roster
from xdocs.workflow.state import workflow_state

from .example_claims import build

CARD = "cards/xalura-claims-triage.md"
ARTIFACTS = "cards/artifacts/xalura-claims-triage"


def test_committed_artifacts_are_reproducible(repo_dir: Path, tmp_path: Path) -> None:
    build(tmp_path)
    for name in ("model.onnx", "holdout.csv"):
        assert (tmp_path / name).read_bytes() == (repo_dir / ARTIFACTS / name).read_bytes(), name


def test_check_flags_exactly_the_region_gap(repo_dir: Path, ctx: LintContext) -> None:
    found = EvidencePass().run(load_card(repo_dir / CARD), ctx)
    assert [f.rule for f in found] == ["bias/disparity"]
    assert "region: selection rate" in found[0].message
    assert "south" in found[0].message and "four-fifths" in found[0].message


def test_evaluate_reproduces_the_card_and_its_record(repo_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    shutil.copytree(repo_dir / "cards" / "artifacts", folder / "artifacts")
    shutil.copy(repo_dir / CARD, folder / "card.md")
    result = CliRunner().invoke(cli, ["evaluate", str(folder / "card.md"), "--write"])
    assert result.exit_code == 0, result.output
    assert result.output.count("evidence/reproduced") == 4
    assert "evidence/not-reproduced" not in result.output
    fresh = pd.read_csv(folder / "artifacts" / "xalura-claims-triage" / "model.predictions.csv")
    committed = pd.read_csv(repo_dir / ARTIFACTS / "model.predictions.csv")
    assert fresh.drop(columns="score").equals(committed.drop(columns="score"))
    assert fresh["score"].to_numpy() == pytest.approx(committed["score"].to_numpy(), abs=1e-6)

    def record(card: Path) -> dict:
        raw = load_card(card).raw
        out = {}
        for key in ("reproduction", "bias_audit"):
            out[key] = [{k: v for k, v in r.items() if k not in ("at", "by")} for r in raw[key]]
        return out

    mine, theirs = record(folder / "card.md"), record(repo_dir / CARD)
    for rec in (
        *mine["reproduction"],
        *theirs["reproduction"],
        *mine["bias_audit"],
        *theirs["bias_audit"],
    ):
        rec.pop("predictions_sha256", None)  # scores may differ in the last float bits
    assert mine == theirs


def test_evaluation_approval_notes_the_gap(repo_dir: Path) -> None:
    card = load_card(repo_dir / CARD)
    roster = load_roster(repo_dir / "site_config" / "roster.yml")
    state = workflow_state(card, roster, dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    assert state.status == "evaluated" and not state.stale and not state.findings
    notes = [r.note for r in state.timeline if r.stage == "evaluation" and r.note]
    assert any("four-fifths" in n and "south" in n for n in notes)


def test_check_evaluate_runs_the_model(repo_dir: Path, tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDOCS_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "xdocs", "check", "--evaluate", "--format", "json", CARD],
        cwd=repo_dir, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    rules = [f["rule"] for f in json.loads(proc.stdout)]
    assert rules.count("evidence/reproduced") == 4, proc.stdout[-2000:]
    assert "evidence/not-reproduced" not in rules and "bias/disparity" in rules
    assert proc.returncode == 0  # reproduced is information, the gap a warning
