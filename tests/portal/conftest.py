"""Fixtures for the portal tests: example cards with real approval records."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cardfactory import REPO, make_cards  # noqa: E402

from xdocs.portal.site import Portal, PortalSettings  # noqa: E402


@pytest.fixture(scope="session")
def portal_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of example cards: published, in review, stale, submitted, malicious."""
    return make_cards(tmp_path_factory.mktemp("portal") / "cards")


def make_portal(cards: Path, **kwargs: object) -> Portal:
    settings = PortalSettings(
        root=REPO,
        cards_dir=cards,
        roster_path=REPO / "site_config" / "roster.yml",
        **kwargs,  # type: ignore[arg-type]
    )
    return Portal(settings)


@pytest.fixture
def portal(portal_cards: Path) -> Portal:
    p = make_portal(portal_cards)
    p.refresh()
    return p
