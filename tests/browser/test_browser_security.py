"""Issue 10, break 10 in a real browser: URLs the sanitizer must read as Chromium does,
and a Content-Security-Policy without 'unsafe-inline' that Material still works under.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]

URL_CARD = r"""---
name: Backslash Model
version: "1.0"
owners: [someone]
license: mit
---

# Backslash Model

## Intended Use

<img id="i1" src="/\evil.example/one.png" alt="one">
<img id="i2" src="\\evil.example\two.png" alt="two">
<img id="i3" src="/	/evil.example/three.png" alt="three">
<img id="i4" src=" \/evil.example/four.png" alt="four">
<img id="ok" src="figures/roc.png" alt="local">

<a id="a1" href="/\evil.example/link">one</a> <a id="a2" href="\\evil.example\link">two</a>

## Limitations

None known.
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def security_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from xdocs.portal.build import build_site

    cards = tmp_path_factory.mktemp("sec-cards")
    (cards / "backslash.md").write_text(URL_CARD, encoding="utf-8")
    site = tmp_path_factory.mktemp("sec-site") / "site"
    build_site(REPO, cards=cards, site_dir=site, strict=True, lint="off", cache=False)
    page = next((site / "models" / "backslash-model").rglob("index.html"))
    # the card's content with no CSP around it: what the sanitizer alone lets through
    article = re.search(r'<div class="xd-card-content">.*?</div>\s*</div>', page.read_text(), re.S)
    content = article.group(0) if article else page.read_text()
    (site / "no-csp.html").write_text(f"<!doctype html><html><body>{content}</body></html>")
    return site


@pytest.fixture(scope="module")
def security_url(security_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(security_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _offsite(urls: list[str]) -> list[str]:
    return [
        u
        for u in urls
        if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname != "127.0.0.1"
    ]


def test_the_sanitizer_alone_keeps_requests_on_the_portal(page: Any, security_url: str) -> None:
    """No CSP on this page: only what the sanitizer wrote stands between Chromium and
    evil.example."""
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url))
    page.goto(security_url + "no-csp.html")
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("figures/roc.png") for u in seen), seen  # the local image loads
    assert _offsite(seen) == []
    hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
    assert [h for h in hrefs if urlsplit(h).hostname not in (None, "127.0.0.1")] == []


def test_the_csp_forbids_inline_script(page: Any, security_url: str) -> None:
    page.goto(security_url + "models/backslash-model/1-0/")
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    ran = page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__xdocs_inline = 1';
                   document.body.appendChild(s); return window.__xdocs_inline === 1; }"""
    )
    assert ran is False, "an inline script ran under the portal's CSP"


def test_material_works_under_the_csp(page: Any, security_url: str) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(security_url)
    page.wait_for_load_state("networkidle")
    # Material's former inline scripts ran from their files
    assert page.evaluate("typeof __md_get === 'function' && __md_scope instanceof URL")
    page.locator("input.md-search__input").first.click(force=True)
    page.keyboard.type("Backslash", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert "Backslash" in page.locator(".md-search-result").inner_text()
    page.goto(security_url + "models/backslash-model/1-0/")
    page.wait_for_load_state("networkidle")
    assert violations == []
