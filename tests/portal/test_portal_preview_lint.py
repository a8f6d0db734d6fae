"""Issue 11: the preview with lint on (``mkdocs serve``) reads and parses each card once.

Main summarized each changed card in a worker, then linted it through the lint runner,
which read and parsed it again. Now a card summarized in this build is linted from the
Document its summary parsed (:mod:`xdocs.lint.session`); its findings are exactly those
of ``xdocs check`` (same passes, rule settings, order and lint cache).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cardfactory import REPO
from test_portal_one_parse import _count_reads_and_parses

from xdocs.config import load_config
from xdocs.lint.runner import run_check
from xdocs.portal.settings import PortalSettings
from xdocs.portal.site import Portal


def _project(tmp_path: Path) -> Path:
    """Three example cards (and the artifacts they name) in a project of their own."""
    cards = tmp_path / "cards"
    cards.mkdir()
    for card in sorted((REPO / "cards").glob("*.md"))[:3]:
        shutil.copy2(card, cards)
    shutil.copytree(REPO / "cards" / "artifacts", cards / "artifacts")
    shutil.copy2(REPO / ".vale.ini", tmp_path)  # the house style, as a project has it
    shutil.copytree(REPO / "vale_styles", tmp_path / "vale_styles")
    return cards


def _portal(tmp_path: Path, cards: Path, **kwargs: object) -> Portal:
    kwargs = {"jobs": 1, **kwargs}
    settings = PortalSettings(
        root=tmp_path,
        cards_dir=cards,
        lint=True,
        roster_path=REPO / "site_config" / "roster.yml",
        **kwargs,  # type: ignore[arg-type]
    )
    return Portal(settings)


def _findings_by_card(portal: Portal) -> dict[str, list[dict]]:
    out = {}
    for entry in portal.store._entries.values():  # noqa: SLF001 - what the pages show
        out[Path(entry.source).name] = [f.to_dict() for f in entry.findings]
    return out


def test_preview_lint_parses_each_card_once_and_says_what_check_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cards = _project(tmp_path)
    monkeypatch.chdir(tmp_path)  # `mkdocs serve` from the project root
    reads, parses = _count_reads_and_parses(monkeypatch)
    portal = _portal(tmp_path, cards)
    portal.refresh()
    names = sorted(p.name for p in cards.glob("*.md"))
    assert {n: reads[n] for n in names} == {n: 1 for n in names}
    assert {n: parses[n] for n in names} == {n: 1 for n in names}
    shown = _findings_by_card(portal)
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    expected: dict[str, list[dict]] = {n: [] for n in names}
    result = run_check([cards], load_config(tmp_path), {"no_cache": True})
    for f in result.findings:
        expected[Path(f.path).name].append(f.to_dict())
    assert shown == expected
    assert any(shown.values())  # the example cards have findings to show


def test_a_warm_lint_cache_parses_no_card_for_lint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cards = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    run_check([cards], load_config(tmp_path), {})  # `xdocs check` filled the lint cache
    first = _findings_by_card(_refreshed(_portal(tmp_path, cards)))
    reads, parses = _count_reads_and_parses(monkeypatch)
    portal = _portal(tmp_path, cards, cache_dir=tmp_path / "portal-cache")
    portal.refresh()  # summaries cold, findings cached: one parse each, for the summary
    names = sorted(p.name for p in cards.glob("*.md"))
    assert {n: parses[n] for n in names} == {n: 1 for n in names}
    parses.clear()
    again = _portal(tmp_path, cards, cache_dir=tmp_path / "portal-cache")
    again.refresh()  # both cached: nothing parsed
    assert sum(parses[n] for n in names) == 0
    assert _findings_by_card(again) == _findings_by_card(portal) == first


def test_findings_follow_a_changed_card(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cards = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    portal = _portal(tmp_path, cards)
    portal.refresh()
    card = sorted(cards.glob("*.md"))[0]
    before = _findings_by_card(portal)[card.name]
    card.write_text(card.read_text(encoding="utf-8") + "\nThis is is a repeated word.\n")
    os.utime(card, ns=(1, 1))  # a new stamp, whatever the clock's resolution
    portal.refresh()
    after = _findings_by_card(portal)[card.name]
    assert after != before


def _refreshed(portal: Portal) -> Portal:
    portal.refresh()
    return portal


def test_lint_in_summary_workers_equals_lint_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Worker processes get the session's configuration (not its cache) and lint the
    same findings as this process does."""
    from xdocs.portal import summarize

    cards = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    here = _findings_by_card(_refreshed(_portal(tmp_path, cards)))
    shutil.rmtree(tmp_path / ".xdocs-cache", ignore_errors=True)
    monkeypatch.setattr(summarize, "PARALLEL_MIN", 1)
    workers = _portal(tmp_path, cards, jobs=2)
    assert _findings_by_card(_refreshed(workers)) == here
