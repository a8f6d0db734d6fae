"""The portal built by MkDocs for real: what reaches the browser's HTML and the site folder.

Issue 17: ``versions.json`` requested without mike; a deleted card's page still
served by ``mkdocs serve --dirty``; card pages whose size grew with the number
of cards; Pagefind chosen above the threshold.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from cardfactory import REPO, TRIAGE

from xdocs.portal import search


def _config_json(html: str) -> dict:
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from xdocs.portal.build import build_site

    site = tmp_path_factory.mktemp("small") / "site"
    build_site(REPO, cards=REPO / "cards", site_dir=site, lint="off", cache=False)
    return site


def test_no_version_selector_without_mike(small_site: Path) -> None:
    """Main asked every page for ../versions.json, a 404 outside a mike deploy."""
    config = _config_json((small_site / "index.html").read_text(encoding="utf-8"))
    assert config["version"] is None
    assert "/workers/search." in config["search"]  # small site: Material's own search


def test_tabs_reach_everything_from_the_home_page(small_site: Path) -> None:
    """Main hid the navigation on the home page: no way to the queue, analytics, guide."""
    html = (small_site / "index.html").read_text(encoding="utf-8")
    tabs = html[html.index('class="md-tabs"') :]
    for label in ("Catalogue", "Review queue", "Analytics", "Style guide"):
        assert f"{label}\n" in tabs or f">{label}<" in tabs or label in tabs[:4000], label


def test_material_search_reads_panel_and_tables_as_text(small_site: Path) -> None:
    """Main's search results ran cell texts together ("noor.haddadLicense proprietary")."""
    docs = json.loads((small_site / "search" / "search_index.json").read_text())["docs"]
    text = " ".join(d["text"] for d in docs if d["location"].startswith("models/"))
    assert "Owners noor.haddad Submitted by noor.haddad License proprietary" in text
    assert "haddadLicense" not in text and "haddadSubmitted" not in text
    assert not re.search(r"Version \d+(\.\d+)+Status", text)


def test_card_page_chrome_does_not_grow_with_the_cards(tmp_path: Path) -> None:
    """Main listed every model in the nav: each page carried ~100 KB at 3,000 cards."""
    from xdocs.portal.build import build_site

    sizes = {}
    for n in (2, 60):
        cards = tmp_path / f"cards-{n}"
        cards.mkdir()
        for i in range(n):
            text = TRIAGE.replace("Claims Triage", f"Model {i:03d}")
            (cards / f"m{i}.md").write_text(text, encoding="utf-8")
        site = tmp_path / f"site-{n}"
        build_site(REPO, cards=cards, site_dir=site, lint="off", cache=False)
        page = (site / "models" / "model-001" / "0-3" / "index.html").read_text()
        sizes[n] = len(page.encode()) - len(str(n))  # the page's text differs only by counts
    assert abs(sizes[60] - sizes[2]) < 200, sizes


def test_deleted_card_page_is_removed_in_a_dirty_serve(tmp_path: Path) -> None:
    """Main's ``mkdocs serve --dirty`` kept serving a deleted card's page. Rebuilds as
    ``mkdocs serve --dirty`` makes them: a fresh config each time (MkDocs keeps the
    plugin instance, which defines on_startup), a dirty build into the same folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cards = tmp_path / "cards"
    shutil.copytree(REPO / "cards", cards)
    site = tmp_path / "site"
    yml = tmp_path / "mkdocs.yml"
    yml.write_text(
        f"INHERIT: {REPO / 'site_config' / 'mkdocs.yml'}\n"
        f"docs_dir: {REPO / 'site_config' / 'docs'}\n"
        f"theme:\n  name: material\n  custom_dir: {REPO / 'site_config' / 'overrides'}\n"
        f"plugins:\n  - xdocs:\n      cards: {cards}\n      lint: 'off'\n      cache: false\n"
        "  - search\n  - tags\n",
        encoding="utf-8",
    )
    config = load_config(config_file=str(yml), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        page = site / "models" / "xalura-support-router" / "1-0" / "index.html"
        assert page.is_file()
        (cards / "xalura-support-router.md").unlink()
        config = load_config(config_file=str(yml), site_dir=str(site))
        build(config, dirty=True)
        assert not page.exists()
        assert not page.parent.exists()
        assert (site / "models" / "xalura-sentiment" / "1-0" / "index.html").is_file()
    finally:
        config.plugins.on_shutdown()


def test_search_engine_choice() -> None:
    if search.pagefind_binary() is None:
        pytest.skip("pagefind[bin] is not installed")
    assert search.choose("auto", 10, 200, "build") == "material"
    assert search.choose("auto", 500, 200, "build") == "pagefind"
    assert search.choose("auto", 500, 200, "serve") == "material"
    assert search.choose("material", 5000, 200, "build") == "material"
    assert search.choose("pagefind", 1, 200, "build") == "pagefind"


def test_a_pagefind_site_ships_no_whole_index(tmp_path: Path) -> None:
    """Main shipped one 11 MB search_index.json at 3,000 cards to every visitor."""
    if search.pagefind_binary() is None:
        pytest.skip("pagefind[bin] is not installed")
    from xdocs.portal.build import build_site

    site = tmp_path / "site"
    build_site(REPO, cards=REPO / "cards", site_dir=site, lint="off", cache=False,
               search="pagefind", search_merge=["../other/pagefind/"])  # fmt: skip
    stub = json.loads((site / "search" / "search_index.json").read_text())
    assert stub["docs"] == [] and stub["config"]["xdocs_merge"] == ["../other/pagefind/"]
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    config = _config_json((site / "index.html").read_text(encoding="utf-8"))
    assert "xdocs/pagefind-worker.js" in config["search"]
    card = (site / "models" / "xalura-sentiment" / "1-0" / "index.html").read_text()
    assert "data-pagefind-body" in card
    catalogue = (site / "index.html").read_text()
    assert "data-pagefind-body" not in catalogue  # lists are not search results


def test_one_teams_portal_under_a_prefix_from_the_cli(tmp_path: Path) -> None:
    """``xdocs build --site-url PREFIX --search pagefind --search-merge URL``: one team's
    portal of a larger organisation (docs/portal.md, "Beyond one machine")."""
    if search.pagefind_binary() is None:
        pytest.skip("pagefind[bin] is not installed")
    from click.testing import CliRunner

    from xdocs.cli import cli

    site = tmp_path / "public" / "teams" / "risk"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--cards",
            str(REPO / "cards"),
            "--site-dir",
            str(site),
            "--no-cache",
            "--site-url",
            "https://portal.example/teams/risk/",
            "--search",
            "pagefind",
            "--search-merge",
            "/teams/fraud/pagefind/",
        ],  # fmt: skip
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://portal.example/teams/risk/"' in html  # canonical under the prefix
    stub = json.loads((site / "search" / "search_index.json").read_text())
    assert stub["config"]["xdocs_merge"] == ["/teams/fraud/pagefind/"]
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
