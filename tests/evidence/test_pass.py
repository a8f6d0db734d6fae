"""EvidencePass end to end on a real card folder, and the rule catalogue."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from xdocs.card import load_card
from xdocs.evidence.checks import RULES, EvidencePass
from xdocs.rules import LintContext

from .builders import write_card, write_safetensors

GOOD = """
name: tiny
version: 1.0.0
risk_rating: medium
risk_rationale: Routes customer tickets; a wrong route delays help.
datasets:
  - name: tickets-2025
    role: evaluation
    source: s3://xalura-data/tickets/2025
    license: internal
    version: 2025-06
    personal_data: true
artifacts:
  - path: artifacts/model.safetensors
    format: safetensors
    sha256: {sha}
    parameters: 44
metrics:
  - name: accuracy
    value: 0.75
    dataset: tickets-2025
    evidence: artifacts/preds.csv
  - name: accuracy
    value: 0.5
    slice: de
    evidence: {{predictions: artifacts/preds.csv, rows: 2}}
evaluation:
  - predictions: artifacts/audit.csv
    group: [region]
"""


def make_folder(tmp_path: Path) -> Path:
    art = tmp_path / "artifacts"
    art.mkdir()
    st = write_safetensors(art / "model.safetensors")
    (art / "preds.csv").write_text("label,prediction,slice\n1,1,en\n0,0,en\n1,1,de\n1,0,de\n")
    # a medium-risk card needs a bias audit: a balanced one (same rates in both regions)
    rows = "1,1,{r}\n0,0,{r}\n1,0,{r}\n0,1,{r}\n" * 10
    audit = "label,prediction,region\n" + rows.format(r="north") + rows.format(r="south")
    (art / "audit.csv").write_text(audit)
    sha = hashlib.sha256(st.read_bytes()).hexdigest()
    return write_card(tmp_path, GOOD.format(sha=sha))


def test_good_card_has_no_evidence_findings(tmp_path: Path, ctx: LintContext) -> None:
    card = load_card(make_folder(tmp_path))
    assert EvidencePass().run(card, ctx) == []


def test_bad_card_lines_point_at_keys(tmp_path: Path, ctx: LintContext) -> None:
    path = make_folder(tmp_path)
    text = (
        path.read_text()
        .replace("parameters: 44", "parameters: 50")
        .replace("value: 0.75", "value: 0.9")
    )
    path.write_text(text)
    found = EvidencePass().run(load_card(path), ctx)
    by_rule = {f.rule: f for f in found}
    assert set(by_rule) == {"evidence/artifact-parameters", "evidence/metric-mismatch"}
    lines = text.splitlines()
    assert "parameters: 50" in lines[by_rule["evidence/artifact-parameters"].line - 1]
    assert "name: accuracy" in lines[by_rule["evidence/metric-mismatch"].line - 1]


def test_profile_option_adds_compliance(tmp_path: Path, ctx: LintContext) -> None:
    card = load_card(make_folder(tmp_path))
    ctx.options.profile = "eu-ai-act-annex-iv"
    found = EvidencePass().run(card, ctx)
    assert found and {f.rule for f in found} <= {
        "compliance/missing-item",
        "compliance/placeholder-item",
    }


def test_pass_survives_every_corpus_card(shared_dir: Path, ctx: LintContext) -> None:
    for path in sorted((shared_dir / "corpus" / "cards").iterdir()):
        if path.suffix in {".md", ".json", ".yaml"}:
            for f in EvidencePass().run(load_card(path), ctx):
                assert f.rule in {r.id for r in RULES}


def test_every_emitted_rule_is_documented() -> None:
    documented = {r.id for r in RULES}
    src = Path(__file__).resolve().parents[2] / "xdocs" / "evidence"
    used = set()
    for file in src.rglob("*.py"):
        used |= set(
            re.findall(
                r'"((?:evidence|provenance|risk|compliance|bias)/[a-z0-9-]+)"', file.read_text()
            )
        )
    assert used <= documented, used - documented
    for rule in RULES:
        assert rule.summary and rule.rationale and rule.example, rule.id
    assert EvidencePass.name == "evidence" and EvidencePass.rules is RULES
