"""Sections agree with careful readers on cards the classifier never saw.

The held-out split of ``tests/card/labels`` (22 real cards, 198 judgements) was drawn
before any labelling, labelled last, and is never fitted or tuned on
(``xdocs/card/classify/train.py`` reads only the train split). Issue 12 asks for at
least 95% agreement on held-out cards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xdocs.card.classify.labels import LABELLED_IDS, read_labels
from xdocs.card.classify.train import agreement

REQUIRED = tuple(sid for sid in LABELLED_IDS if sid != "overview")

pytestmark = pytest.mark.corpus


def test_heldout_cards_agree_with_their_labels(shared_dir: Path) -> None:
    heldout = read_labels(split="heldout")
    assert len(heldout) >= 20
    corpus = shared_dir / "corpus"
    agree, total, misses = agreement(heldout, corpus, ids=REQUIRED)
    assert agree / total >= 0.95, misses  # the eight sections the intake requires
    agree, total, misses = agreement(heldout, corpus)
    assert agree / total >= 0.95, misses  # and the overview


def test_train_cards_are_fitted_not_memorised(shared_dir: Path) -> None:
    """On the cards it learned from the model agrees more, but not perfectly: a
    linear model over general features, not a lookup of these cards."""
    agree, total, _ = agreement(read_labels(split="train"), shared_dir / "corpus")
    assert 0.95 <= agree / total < 1.0


def test_heldout_cards_were_never_trained_on() -> None:
    from xdocs.card.classify.linear import load_model

    trained = set(load_model().meta["trained_on"])
    assert trained == {lab.card for lab in read_labels(split="train")}
    assert not trained & {lab.card for lab in read_labels(split="heldout")}
