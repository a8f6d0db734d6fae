"""The example card in cards/ carries artifacts and metric evidence that verify."""

from __future__ import annotations

from pathlib import Path

from xdocs.card import load_card
from xdocs.evidence.checks import EvidencePass
from xdocs.rules import LintContext

from .example_artifacts import build

CARD = "cards/xalura-sentiment-v1.1.md"
ARTIFACTS = "cards/artifacts/xalura-sentiment-v1.1"


def test_committed_artifacts_are_reproducible(repo_dir: Path, tmp_path: Path) -> None:
    build(tmp_path)
    for name in ("classification-head.safetensors", "holdout-predictions.csv"):
        assert (tmp_path / name).read_bytes() == (repo_dir / ARTIFACTS / name).read_bytes(), name


def test_example_card_verifies(repo_dir: Path, ctx: LintContext) -> None:
    card = load_card(repo_dir / CARD)
    artifacts = card.metadata.get("artifacts")
    assert isinstance(artifacts, list) and artifacts
    assert all((repo_dir / "cards" / a["path"]).is_file() for a in artifacts)
    assert any("evidence" in m.extra for m in card.metrics)
    assert EvidencePass().run(card, ctx) == []


def test_example_card_fails_when_evidence_is_tampered(
    repo_dir: Path, tmp_path: Path, ctx: LintContext
) -> None:
    folder = tmp_path / "cards"
    (folder / "artifacts").mkdir(parents=True)
    build(folder / "artifacts" / "xalura-sentiment-v1.1")
    text = (repo_dir / CARD).read_text(encoding="utf-8")
    (folder / "card.md").write_text(text.replace("value: 0.93", "value: 0.95"), encoding="utf-8")
    preds = folder / "artifacts" / "xalura-sentiment-v1.1" / "holdout-predictions.csv"
    preds.write_text(preds.read_text().replace("pos,pos,long\n", "pos,neg,long\n", 50))
    rules = [f.rule for f in EvidencePass().run(load_card(folder / "card.md"), ctx)]
    assert "evidence/metric-mismatch" in rules
