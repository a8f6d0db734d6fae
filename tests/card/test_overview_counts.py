"""The overview counts (issue 13): the paragraph(s) between the title and the first
section heading are the ``overview`` section, in ``inspect``, the compliance profiles
and the portal alike, present or placeholder like any other section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from xdocs.card import SectionStatus, load_card
from xdocs.cli import cli
from xdocs.evidence.compliance import evaluate, load_profile
from xdocs.portal.content import card_sections

REPO = Path(__file__).resolve().parents[2]
HOUSE_CARDS = sorted((REPO / "cards").glob("*.md"))


@pytest.mark.parametrize("path", HOUSE_CARDS, ids=lambda p: p.name)
def test_house_card_overview_is_present_everywhere(path: Path) -> None:
    card = load_card(path)
    overview = card.sections["overview"]
    assert overview.status is SectionStatus.PRESENT
    assert "under the title" in overview.reason()
    # the compliance profiles read the same judgement
    eu = {r.item.id: r.status for r in evaluate(card, load_profile("eu-ai-act-annex-iv")).items}
    assert eu["general-description"] == "covered"
    mitchell = {r.item.id: r.status for r in evaluate(card, load_profile("mitchell-2019")).items}
    assert mitchell["model-details"] == "covered"
    # and the portal shows that paragraph as the card's Overview
    sections = card_sections(card)
    assert sections[0].heading == "Overview"
    first = overview.evidence[0]
    assert first.text.split(".")[0] in " ".join(sections[0].markdown.split())


def test_scaffold_overview_is_a_placeholder_not_missing(tmp_path: Path) -> None:
    out = tmp_path / "demo.md"
    result = CliRunner().invoke(cli, ["new", "Demo model", "--output", str(out)])
    assert result.exit_code == 0, result.output
    card = load_card(out)
    overview = card.sections["overview"]
    assert overview.status is SectionStatus.PLACEHOLDER
    assert overview.line is not None and "template filler" in overview.reason()
    eu = {r.item.id: r for r in evaluate(card, load_profile("eu-ai-act-annex-iv")).items}
    assert "section overview" in eu["general-description"].placeholders
    assert "section overview" not in eu["general-description"].missing


def test_filled_scaffold_overview_counts(tmp_path: Path) -> None:
    out = tmp_path / "demo.md"
    CliRunner().invoke(cli, ["new", "Demo model", "--output", str(out)])
    text = out.read_text(encoding="utf-8")
    start = text.index("<!-- One paragraph")
    end = text.index("-->", start) + 3
    filled = (
        text[:start] + "Demo model sorts support tickets into six queues. It is a fine-tuned "
        "DistilBERT classifier built by the support tooling team." + text[end:]
    )
    out.write_text(filled, encoding="utf-8")
    card = load_card(out)
    assert card.sections["overview"].status is SectionStatus.PRESENT
    result = CliRunner().invoke(cli, ["inspect", str(out), "--format", "json"])
    assert result.exit_code == 0
    entry = json.loads(result.stdout)["sections"]["overview"]
    assert entry["status"] == "present"
    assert entry["heading"] is None  # no heading: the paragraph under the title
    assert "support tickets" in entry["evidence"][0]["text"]
