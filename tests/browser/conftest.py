"""Real headless Chromium (from apt) driving the built portal, served on 127.0.0.1.

Never ``playwright install``: the browser is the distribution's ``/usr/bin/chromium``.
Where it is missing these tests skip and say how to install it (.ci/run does).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "portal"))

from cardfactory import REPO, make_cards  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.skip(
            "Chromium not found at /usr/bin/chromium: install it with "
            "`sudo apt-get install chromium` (.ci/run installs it, so CI runs these tests)"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example cards plus the test cards (versions, stale, malicious)."""
    folder = tmp_path_factory.mktemp("browser") / "cards"
    make_cards(folder)
    if (REPO / "cards").is_dir():
        for card in sorted((REPO / "cards").iterdir()):
            if card.is_file():
                shutil.copy2(card, folder / card.name)
    return folder


@pytest.fixture(scope="session")
def built_site(browser_cards: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from xdocs.portal.build import build_site

    site = tmp_path_factory.mktemp("browser-site") / "site"
    # lint on: card pages show the findings panel; Pagefind: the search large sites use
    build_site(REPO, cards=browser_cards, site_dir=site, strict=True, lint="on", search="pagefind")
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def requests_seen() -> list[str]:
    """Every URL any test page requested (checked: nothing outside 127.0.0.1)."""
    return []


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object, requests_seen: list[str]) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.on("request", lambda req: requests_seen.append(req.url))
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
