"""Issue 11: a portal build reads each card file once and parses it into a Document
(markdown-it tokens) once, counted through the public API on the example cards, with
and without the summary cache.

A card page's sections are rendered from the tokens of that one parse (the card's own
lines are token slices), so the example cards, whose shown text is all their own, cost
markdown-it one parse each per build, whatever the number of sections.

The store reads a card once: the bytes that key the summary cache are the bytes that
are summarized (no second read in the summarizing worker), so the entry cached under a
key is the entry of exactly those bytes."""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from cardfactory import REPO, make_portal
from markdown_it import MarkdownIt

import xdocs.document as document
import xdocs.fileio as fileio
from xdocs.portal.cache import PortalCache


def _count_markdown_it_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text any markdown-it instance parses (a Document's body or anything else)."""
    texts: list[str] = []
    real_parse = MarkdownIt.parse

    def parse(self, src, env=None):  # noqa: ANN001, ANN202
        texts.append(src)
        return real_parse(self, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", parse)
    return texts


def _count_reads_and_parses(monkeypatch: pytest.MonkeyPatch) -> tuple[Counter[str], Counter[str]]:
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
    return reads, parses


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cold-cache"])
def test_a_portal_build_reads_and_parses_each_card_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cached: bool
) -> None:
    reads, parses = _count_reads_and_parses(monkeypatch)
    markdown_it = _count_markdown_it_parses(monkeypatch)
    cards = sorted((REPO / "cards").glob("*.md"))
    cache = {"cache_dir": tmp_path / "cache"} if cached else {}
    portal = make_portal(REPO / "cards", jobs=1, **cache)  # in this process: counters see it
    portal.refresh()
    pages = portal.pages()
    assert len([p for p in pages if p.startswith("models/")]) >= len(cards)
    assert {c.name: reads[c.name] for c in cards} == {c.name: 1 for c in cards}
    assert {c.name: parses[c.name] for c in cards} == {c.name: 1 for c in cards}
    # one markdown-it parse per card: its Document's; the sections render its tokens
    assert len(markdown_it) == len(cards), [t[:60] for t in markdown_it]


def test_a_warm_cache_reads_each_card_once_and_parses_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cards = sorted((REPO / "cards").glob("*.md"))
    make_portal(REPO / "cards", jobs=1, cache_dir=tmp_path / "cache").refresh()
    reads, parses = _count_reads_and_parses(monkeypatch)
    portal = make_portal(REPO / "cards", jobs=1, cache_dir=tmp_path / "cache")
    report = portal.refresh()
    assert report.from_cache == len(cards) and report.summarized == 0
    assert {c.name: reads[c.name] for c in cards} == {c.name: 1 for c in cards}
    assert not any(parses[c.name] for c in cards)


def test_a_card_replaced_between_keying_and_summarizing_is_cached_as_keyed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Time of check, time of use: the cache key is made from the bytes read; if the
    summary read the file again, a card replaced in between would be cached under the
    old bytes' key with the new card's content, and served for the old bytes later."""
    folder = tmp_path / "cards"
    folder.mkdir()
    card = folder / "model.md"
    shutil.copy(sorted((REPO / "cards").glob("*.md"))[0], card)
    before = card.read_bytes()
    swapped: list[str] = []
    real_get = PortalCache.get_entry

    def get_then_replace(self, key):  # noqa: ANN001, ANN202
        # the store has read and keyed the card; now someone replaces it
        if not swapped:
            swapped.append(key)
            card.write_text("---\nname: Impostor\nversion: '9'\n---\n\n# Impostor\n")
        return real_get(self, key)

    monkeypatch.setattr(PortalCache, "get_entry", get_then_replace)
    portal = make_portal(folder, jobs=1, cache_dir=tmp_path / "cache")
    portal.refresh()
    monkeypatch.setattr(PortalCache, "get_entry", real_get)

    [key] = swapped
    cached = PortalCache(tmp_path / "cache").get_entry(key)
    assert cached is not None
    assert cached.name != "Impostor"  # the entry of the bytes that made the key
    shown = [v for m in portal.store.models() for v in m.versions]
    assert [v.name for v in shown] == [cached.name]
    # the replacement is read on the next refresh (its stamp changed) under its own key
    assert card.read_bytes() != before
    portal.refresh()
    assert [v.name for m in portal.store.models() for v in m.versions] == ["Impostor"]


def test_every_source_that_shapes_a_summary_exists() -> None:
    """The summary cache key covers the code that makes a summary; a source named there
    that does not exist (xdocs/document.py became a package) silently covers nothing."""
    from xdocs.config import package_root
    from xdocs.portal.settings import SUMMARY_SOURCES

    missing = [s for s in SUMMARY_SOURCES if not (package_root() / s).exists()]
    assert not missing
    assert {"xdocs/document", "xdocs/slugs.py"} <= set(SUMMARY_SOURCES)
