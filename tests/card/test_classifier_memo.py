"""The classifier's memo (features and scores by everything they depend on) changes
no judgement: a card read with a cold memo and again with a warm one, and a card
whose one block was edited, are judged as if read fresh."""

from __future__ import annotations

from pathlib import Path

from xdocs.card import load_card
from xdocs.card.classify import judge

CARDS = sorted((Path(__file__).resolve().parents[2] / "cards").glob("*.md"))


def _view(path: Path) -> dict[str, tuple[str, int | None]]:
    card = load_card(path)
    return {sid: (str(s.status), s.line) for sid, s in card.sections.items()}


def test_warm_memo_judges_as_cold() -> None:
    judge._MEMO.clear()
    cold = {p.name: _view(p) for p in CARDS}
    assert judge._MEMO, "the memo was not used"
    warm = {p.name: _view(p) for p in CARDS}
    assert warm == cold


def test_an_edited_block_is_judged_afresh(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    base = "---\nname: demo\n---\n\n# Demo\n\nA classifier.\n\n## Limitations\n\n{}\n"
    card.write_text(base.format("It fails on sarcasm and on text under ten words."))
    assert str(load_card(card).sections["limitations"].status) == "present"
    card.write_text(base.format("TODO"))
    judge._MEMO.clear()
    fresh = str(load_card(card).sections["limitations"].status)
    card.write_text(base.format("It fails on sarcasm and on text under ten words."))
    load_card(card)  # warm the memo with the other text
    card.write_text(base.format("TODO"))
    assert str(load_card(card).sections["limitations"].status) == fresh != "present"
