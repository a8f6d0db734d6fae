"""Issue 10, break 12: evidence and artifact paths that reach files a card must not.

A card named ``../../.env`` or ``.git/config`` as its predictions or artifact, and the
findings echoed the file's first line, first bytes and full sha256. Paths now stay
inside the card's folder (or a configured ``evidence.artifacts_root``), never name a
hidden file or folder, never leave through a symbolic link, and a message never
echoes bytes of a file that is not of the declared kind.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from .conftest import make_project, set_config

SECRET = "tok-8d1f0c9b7a"


def _card(metrics: str = "", artifacts: str = "") -> str:
    return f"""---
name: Leaky Model
version: "1.0"
owners: [someone]
license: mit
{metrics}{artifacts}---

# Leaky Model

## Intended use

Classifies things.
"""


def _metric(evidence: str) -> str:
    return f"metrics:\n  - name: accuracy\n    value: 0.9\n    evidence: {evidence}\n"


def _artifact(path: str, fmt: str = "safetensors", sha: str | None = None) -> str:
    extra = f"\n    sha256: {sha}" if sha else ""
    return f"artifacts:\n  - path: {path}\n    format: {fmt}{extra}\n"


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project", {})
    (root / ".env").write_text(f"API_TOKEN={SECRET}\nlabel,prediction\n1,1\n")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f"[core]\n\turl = https://x:{SECRET}@git.example\n")
    (tmp_path / "outside.csv").write_text(f"label,prediction\n{SECRET},1\n")
    return root


def _evidence_findings(root: Path, card: str) -> tuple[list[dict], str]:
    """The evidence pass over ``card`` in ``root`` (in this process: the pass is the same
    one ``xdocs check`` runs), as JSON findings and everything a reporter would print."""
    from xdocs.config import load_config
    from xdocs.lint.runner import run_check
    from xdocs.report import render_report

    (root / "cards" / "card.md").write_text(card)
    here = os.getcwd()
    os.chdir(root)
    try:
        options = {"passes": ("evidence",), "no_cache": True, "jobs": 1}
        result = run_check(["cards/card.md"], load_config(root), options)
    finally:
        os.chdir(here)
    findings = [f.to_dict() for f in result.findings if f.rule.startswith("evidence/")]
    text = io.StringIO()
    render_report(result.findings, "text", files_checked=1, stream=text, color=False)
    return findings, json.dumps(findings) + text.getvalue()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "ref", ["../.env", "../../outside.csv", "../.git/config", "./../.env", "artifacts/../../.env"]
)
def test_evidence_outside_the_card_folder_is_refused_unread(leaky: Path, ref: str) -> None:
    findings, output = _evidence_findings(leaky, _card(metrics=_metric(ref)))
    assert SECRET not in output and "api_token" not in output.lower()
    assert [f["rule"] for f in findings] == ["evidence/predictions-invalid"]
    assert "outside the card's folder" in findings[0]["message"]


@pytest.mark.parametrize("ref", ["../.env", "../.git/config"])
def test_artifacts_outside_the_card_folder_are_refused_unhashed(leaky: Path, ref: str) -> None:
    findings, output = _evidence_findings(leaky, _card(artifacts=_artifact(ref)))
    target = (leaky / "cards" / ref).resolve()
    assert _digest(target) not in output and SECRET not in output
    assert [f["rule"] for f in findings if f["severity"] == "error"] == [
        "evidence/artifact-invalid"
    ]


def test_hidden_files_and_folders_are_refused_even_inside(leaky: Path) -> None:
    hidden = leaky / "cards" / ".secret"
    hidden.mkdir()
    (hidden / "preds.csv").write_text(f"label,prediction\n{SECRET},1\n")
    (leaky / "cards" / ".preds.csv").write_text(f"label,prediction\n{SECRET},1\n")
    for ref in (".secret/preds.csv", ".preds.csv", "sub/../.preds.csv"):
        findings, output = _evidence_findings(leaky, _card(metrics=_metric(ref)))
        assert SECRET not in output
        assert len(findings) == 1 and "hidden" in findings[0]["message"], ref


def test_a_symlink_out_of_the_card_folder_is_refused(leaky: Path) -> None:
    (leaky / "cards" / "preds.csv").symlink_to(leaky / ".env")
    findings, output = _evidence_findings(leaky, _card(metrics=_metric("preds.csv")))
    assert SECRET not in output
    assert "outside the card's folder" in findings[0]["message"]


def test_a_file_that_is_not_predictions_is_not_echoed(leaky: Path) -> None:
    (leaky / "cards" / "notes.csv").write_text(f"API_TOKEN={SECRET}\nmore,{SECRET}\n")
    findings, output = _evidence_findings(leaky, _card(metrics=_metric("notes.csv")))
    assert SECRET not in output and "api_token" not in output.lower()
    assert "missing column(s) label, prediction" in findings[0]["message"]


def test_an_artifact_that_is_not_its_declared_format_is_not_hashed_in_messages(
    leaky: Path,
) -> None:
    notes = leaky / "cards" / "weights.safetensors"
    notes.write_text(f"API_TOKEN={SECRET}\n")
    for sha in (None, "0" * 64):
        findings, output = _evidence_findings(
            leaky, _card(artifacts=_artifact("weights.safetensors", sha=sha))
        )
        assert _digest(notes) not in output and SECRET not in output
        assert any("the content is" in f["message"] for f in findings)


def test_a_savedmodel_with_a_link_out_is_refused(leaky: Path) -> None:
    model = leaky / "cards" / "saved"
    (model / "variables").mkdir(parents=True)
    (model / "saved_model.pb").write_bytes(b"\x08\x01")
    (model / "variables" / "leak").symlink_to(leaky / ".env")
    findings, output = _evidence_findings(leaky, _card(artifacts=_artifact("saved", "savedmodel")))
    assert _digest(leaky / ".env") not in output and SECRET not in output
    assert any("symbolic link" in f["message"] for f in findings), findings


def test_a_configured_artifacts_root_is_allowed(leaky: Path) -> None:
    (leaky / "models").mkdir()
    (leaky / "models" / "preds.csv").write_text("label,prediction\n1,1\n0,0\n1,1\n0,1\n")
    card = _card(metrics=_metric("../models/preds.csv").replace("0.9", "0.75"))
    refused, _ = _evidence_findings(leaky, card)
    assert "outside the card's folder" in refused[0]["message"]
    set_config(leaky, "evidence", artifacts_root="models")
    findings, _ = _evidence_findings(leaky, card)
    assert [f for f in findings if f["severity"] == "error"] == []
    # the artifacts root is not a way into hidden files of the project either
    set_config(leaky, "evidence", artifacts_root=".")
    findings, output = _evidence_findings(leaky, _card(metrics=_metric("../.env")))
    assert SECRET not in output and "hidden" in findings[0]["message"]
