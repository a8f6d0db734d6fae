"""Every page type of the portal in real Chromium, at a phone's and a desktop's width.

Fails on any console error, any request outside the portal's own host, and any
horizontal overflow of the page at 390 px and 1440 px (issue 17); checks the
phone layout keeps the catalogue's status column on screen and that dates and
rule ids never break mid-token; and writes a screenshot of each page type at
each width into test-artifacts/screenshots/ (``make screenshots``) for reviewers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

#: screenshots of every page type at each width (`make screenshots`; git-ignored)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

#: (name, path) of one page of each type in the browser site.
PAGE_TYPES = (
    ("catalogue", ""),
    ("card-published", "models/fraud-sentinel/1-0/"),
    ("card-preview-findings", "models/claims-triage/0-3/"),
    ("card-versions-diff", "models/fraud-sentinel/2-0/"),
    ("card-metrics-evaluation", "models/xalura-sentiment/1-1/"),
    ("status-list", "status/published/"),
    ("owners", "owners/"),
    ("queue", "queue/"),
    ("analytics", "analytics/"),
    ("styleguide", "styleguide/"),
    ("styleguide-reference", "styleguide/reference/"),
    ("rules-index", "rules/"),
    ("rules-family", "rules/proselint/"),
    ("terminology", "terminology/"),
    ("tags", "tags/"),
)
WIDTHS = (1440, 390)

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
#: elements that must stay on one line: dates and rule ids
BROKEN_TOKENS = """
() => [...document.querySelectorAll('time, .xd-rule-id code, .xd-nowrap')]
  .filter(el => el.offsetParent !== null && el.getClientRects().length > 1)
  .map(el => el.textContent)
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_is_clean_at(browser: Any, site_url: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    host = urlsplit(site_url).netloc
    page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type == "error" else 0)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).netloc != host
            else 0
        ),
    )
    problems: list[str] = []
    try:
        for name, path in PAGE_TYPES:
            errors.clear()
            response = page.goto(site_url + path)
            assert response is not None and response.ok, f"{name}: {path} not served"
            page.wait_for_load_state("networkidle")
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                problems.append(f"{name} at {width}px overflows by {overflow}px")
            broken = page.evaluate(BROKEN_TOKENS)
            if broken:
                problems.append(f"{name} at {width}px breaks tokens: {broken[:3]}")
            if errors:
                problems.append(f"{name} at {width}px: {errors}")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=False)
        _search(page, site_url, width)
        if errors:
            problems.append(f"search at {width}px: {errors}")
    finally:
        context.close()
    assert outside == [], outside
    assert problems == [], problems


def _search(page: Any, site_url: str, width: int) -> None:
    """Search through Material's box, answered by Pagefind; results read as text."""
    page.goto(site_url)
    if width < 960:
        page.locator("label.md-header__button[for=__search]").click()
    page.locator("input.md-search__input").first.click(force=True)
    page.keyboard.type("Churn Forecaster", delay=20)
    result = page.locator(".md-search-result__item", has_text="Churn Forecaster").first
    result.wait_for(state="visible", timeout=15000)
    assert "Churn Forecaster" in result.inner_text()
    page.screenshot(path=str(SCREENSHOTS / f"search-{width}.png"), full_page=False)
    # a word of the metadata panel: main's results read "noor.haddadLicense proprietaryRisk"
    search = page.locator("input.md-search__input").first
    search.fill("")
    page.keyboard.type("proprietary", delay=20)
    hit = page.locator(".md-search-result__item", has_text="proprietary").first
    hit.wait_for(state="visible", timeout=15000)
    text = " ".join(page.locator(".md-search-result__item").all_inner_texts())
    assert "proprietary" in text
    assert "haddadLicense" not in text and "proprietaryRisk" not in text, text


def test_phone_keeps_the_status_column_on_screen(browser: Any, site_url: str) -> None:
    """Main pushed the catalogue's status column off a phone's screen."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url)
        cell = page.locator("tr[data-model] td.xd-col-status").first
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, box
    finally:
        context.close()


def test_versions_json_is_not_requested_without_mike(page: Any, site_url: str) -> None:
    """Main asked every page for /versions.json and logged a 404."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(site_url + "analytics/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in seen if u.endswith("versions.json")]


def test_findings_count_links_to_the_panel(page: Any, site_url: str) -> None:
    page.goto(site_url + "models/claims-triage/0-3/")
    count = page.locator(".xd-banner .xd-findings-count")
    assert count.is_visible()
    count.click()
    page.wait_for_url("**#lint-findings")
    assert page.locator(".xd-findings li").count() >= 1
    assert page.locator(".xd-findings .xd-sev").first.is_visible()


def test_rule_filter_narrows_the_index(page: Any, site_url: str) -> None:
    page.goto(site_url + "rules/")
    rows = page.locator("#xd-rule-table tbody tr")
    total = rows.count()
    page.locator("#xd-rule-q").fill("terminology")
    visible = page.locator("#xd-rule-table tbody tr:visible").count()
    assert 0 < visible < total
