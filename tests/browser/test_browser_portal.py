"""The built portal in a real browser: catalogue, card page, search, versions, safety."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from xdocs.card import iter_card_files, load_card
from xdocs.portal.statuses import status_label
from xdocs.slugs import path_segment
from xdocs.workflow.roster import load_roster
from xdocs.workflow.state import workflow_state

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def _expected_latest(cards: Path) -> dict[str, tuple[str, str]]:
    """model id -> (name, status of its latest version), derived like `xdocs status`."""
    from xdocs.portal.entries import version_key

    roster = load_roster(REPO / "site_config" / "roster.yml")
    latest: dict[str, tuple[Any, str, str]] = {}
    for path in iter_card_files([cards]):
        card = load_card(path)
        name = str(card.metadata.get("name") or card.title)
        version = str(card.metadata.get("version") or "unversioned")
        status = workflow_state(card, roster).status
        key = path_segment(name)
        if key not in latest or version_key(version) > latest[key][0]:
            latest[key] = (version_key(version), name, status)
    return {k: (v[1], v[2]) for k, v in latest.items()}


def test_catalogue_lists_every_card_with_its_status(
    page: Any, site_url: str, browser_cards: Path, artifacts: Path
) -> None:
    page.goto(site_url)
    expected = _expected_latest(browser_cards)
    rows = page.locator("tr[data-model]")
    assert rows.count() == len(expected)
    for model_id, (_name, status) in expected.items():
        row = page.locator(f'tr[data-model="{model_id}"]')
        assert row.count() == 1, model_id
        assert row.get_attribute("data-status") == status
        assert row.locator(".xd-badge").inner_text().strip() == status_label(status)
    page.screenshot(path=str(artifacts / "catalogue.png"), full_page=True)


def test_status_filter_hides_other_rows(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator('label[for="xd-f-submitted"]').click()
    visible = page.locator("tr[data-model]:visible")
    assert visible.count() >= 1
    for i in range(visible.count()):
        assert visible.nth(i).get_attribute("data-status") == "submitted"
    page.locator('label[for="xd-f-all"]').click()
    assert page.locator("tr[data-model]:visible").count() == page.locator("tr[data-model]").count()


def test_card_page_shows_banner_and_timeline(page: Any, site_url: str, artifacts: Path) -> None:
    page.goto(site_url + "models/fraud-sentinel/1-0/")
    banner = page.locator(".xd-banner")
    assert banner.is_visible()
    assert "Published" in banner.inner_text()
    assert "Approved for publication by the Chief AI" in banner.inner_text()
    steps = page.locator(".xd-timeline li")
    assert steps.count() == 8
    assert "Chief AI approval" in steps.nth(7).inner_text()
    assert page.locator(".xd-preview").count() == 0
    assert page.locator("h2#approval-timeline").is_visible()
    page.screenshot(path=str(artifacts / "card-page.png"), full_page=False)
    page.goto(site_url + "models/churn-forecaster/1-2/")
    assert page.locator(".xd-preview").is_visible()
    assert page.locator(".xd-timeline .xd-stale").count() == 2
    page.screenshot(path=str(artifacts / "card-page-stale.png"), full_page=False)


def test_search_finds_a_model_by_name(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator("input.md-search__input").first.click(force=True)
    page.keyboard.type("Churn Forecaster", delay=20)
    result = page.locator(".md-search-result__item", has_text="Churn Forecaster").first
    result.wait_for(state="visible", timeout=15000)
    link = result.locator("a").first.get_attribute("href") or ""
    assert "models/churn-forecaster/1-2" in link


def test_version_switcher_moves_between_versions(page: Any, site_url: str) -> None:
    page.goto(site_url + "models/fraud-sentinel/2-0/")
    assert "Intake passed" in page.locator(".xd-banner").inner_text()
    assert page.locator(".xd-versions [aria-current=page]").inner_text() == "v2.0"
    page.locator(".xd-versions a", has_text="v1.0").click()
    page.wait_for_url(re.compile(r".*/models/fraud-sentinel/1-0/$"))
    assert "Published" in page.locator(".xd-banner").inner_text()
    assert page.locator(".xd-versions [aria-current=page]").inner_text() == "v1.0"
    page.locator(".xd-versions a", has_text="v2.0").click()
    page.wait_for_url(re.compile(r".*/models/fraud-sentinel/2-0/$"))
    assert page.locator("#what-changed-since-v10").is_visible()


def test_malicious_card_executes_nothing(page: Any, site_url: str, artifacts: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site_url)
    row = page.locator("tr[data-model^='evil']")
    href = row.locator("a").first.get_attribute("href")
    page.goto(site_url + href)
    page.wait_for_load_state("networkidle")
    # give any injected handler (onerror, onload) its chance to run
    page.mouse.move(400, 400)
    for el in page.locator(".xd-card-content a, .xd-card-content div").all():
        el.hover()
        el.click(no_wait_after=True)
    page.wait_for_timeout(500)
    from xdocs.portal.safe import safe_text

    name = "Evil <img src=x onerror=\"document.title='pwned-name'\"> Model"
    expected = f"{safe_text(name)} v6.6.6 - Xalura model card portal"
    assert page.evaluate("document.title") == expected  # no payload changed it
    assert (
        page.evaluate("document.querySelectorAll('iframe, object, embed, svg circle').length") == 0
    )
    inline = page.evaluate(
        "[...document.scripts].map(s => s.textContent).filter(t => t.includes('pwned')).length"
    )
    assert inline == 0
    assert dialogs == []
    page.screenshot(path=str(artifacts / "malicious-card.png"), full_page=False)


def test_pages_request_nothing_outside_localhost(page: Any, site_url: str) -> None:
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url))
    for path in ("", "models/fraud-sentinel/2-0/", "analytics/", "queue/", "rules/", "tags/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").first.click(force=True)
    page.keyboard.type("Fraud", delay=20)
    page.wait_for_timeout(800)
    assert seen
    outside = [
        u
        for u in seen
        if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname != "127.0.0.1"
    ]
    assert outside == []
