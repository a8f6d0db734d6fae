"""Issue 11: a portal build reads each card file once and parses it into a Document
(markdown-it tokens) once, counted through the public API on the example cards.

The card page then renders the *normalized* card's sections (canonical headings,
merged and re-ordered, as ``xdocs normalize`` lays them out): that is derived
text, not a slice of the file, so it is rendered on its own (xdocs.portal.safe)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from cardfactory import REPO, make_portal

import xdocs.document as document
import xdocs.fileio as fileio


def test_a_portal_build_reads_and_parses_each_card_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: Counter[str] = Counter()
    parses: Counter[str] = Counter()
    real_read = fileio.read_regular_file
    real_tokens = document.Document.tokens.func  # the cached property's function

    def read(path, *args, **kwargs):  # noqa: ANN001, ANN202
        reads[Path(path).name] += 1
        return real_read(path, *args, **kwargs)

    def tokens(self):  # noqa: ANN001, ANN202
        parses[Path(self.path).name] += 1
        return real_tokens(self)

    monkeypatch.setattr(fileio, "read_regular_file", read)
    for name, module in list(sys.modules.items()):  # modules that imported the function
        if name.startswith("xdocs.") and getattr(module, "read_regular_file", None) is real_read:
            monkeypatch.setattr(module, "read_regular_file", read)
    patched = type(document.Document.tokens)(tokens)
    patched.__set_name__(document.Document, "tokens")
    monkeypatch.setattr(document.Document, "tokens", patched)

    cards = sorted((REPO / "cards").glob("*.md"))
    portal = make_portal(REPO / "cards", jobs=1)  # in this process, so the counters see it
    portal.refresh()
    pages = portal.pages()
    assert len([p for p in pages if p.startswith("models/")]) >= len(cards)
    assert {c.name: reads[c.name] for c in cards} == {c.name: 1 for c in cards}
    assert {c.name: parses[c.name] for c in cards} == {c.name: 1 for c in cards}
