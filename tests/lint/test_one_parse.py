"""Issue 11: a card is read once and parsed once per `xdocs check`, whatever the
number of passes (counted through the public API on real cards)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import xdocs.document as document
import xdocs.fileio as fileio
import xdocs.lint.runner as runner
from xdocs.config import Config
from xdocs.lint.runner import CheckOptions, run_check

REPO = Path(__file__).resolve().parents[2]


def _count(monkeypatch: pytest.MonkeyPatch) -> tuple[Counter[str], Counter[str]]:
    reads: Counter[str] = Counter()
    parses: Counter[str] = Counter()
    real_read = fileio.read_regular_file
    real_tokens = document.Document.tokens.func  # the cached property's function

    def read(path, *args, **kwargs):  # noqa: ANN001, ANN202
        reads[str(Path(path).name)] += 1
        return real_read(path, *args, **kwargs)

    def tokens(self):  # noqa: ANN001, ANN202
        parses[Path(self.path).name] += 1
        return real_tokens(self)

    monkeypatch.setattr(runner, "read_regular_file", read)
    monkeypatch.setattr(fileio, "read_regular_file", read)
    prop = document.Document.tokens
    patched = type(prop)(tokens)
    patched.__set_name__(document.Document, "tokens")
    monkeypatch.setattr(document.Document, "tokens", patched)
    return reads, parses


def _check(paths: list[Path], config: Config) -> None:
    # every pass, in this process (jobs=1) so the counters see the work
    run_check(paths, config, CheckOptions(no_cache=True, jobs=1))


def test_example_cards_are_read_and_parsed_once(
    monkeypatch: pytest.MonkeyPatch, repo_config: Config
) -> None:
    reads, parses = _count(monkeypatch)
    cards = sorted((REPO / "cards").glob("*.md"))
    _check(cards, repo_config)
    assert set(reads) >= {c.name for c in cards}
    assert {c.name: reads[c.name] for c in cards} == {c.name: 1 for c in cards}
    assert {c.name: parses[c.name] for c in cards} == {c.name: 1 for c in cards}


@pytest.mark.corpus
def test_real_cards_are_read_and_parsed_once(
    monkeypatch: pytest.MonkeyPatch, repo_config: Config, shared_dir: Path
) -> None:
    reads, parses = _count(monkeypatch)
    cards = sorted((shared_dir / "corpus" / "cards").glob("*.md"))[:12]
    cards += sorted((shared_dir / "corpus" / "hf-sample").glob("*.md"))[:12]
    _check(cards, repo_config)
    assert {c.name: reads[c.name] for c in cards} == {c.name: 1 for c in cards}
    assert all(parses[c.name] == 1 for c in cards), {c.name: parses[c.name] for c in cards}
