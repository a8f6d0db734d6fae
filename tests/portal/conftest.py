"""Fixtures for the portal tests: example cards with real approval records."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cardfactory import make_cards, make_portal  # noqa: E402

from xdocs.portal.site import Portal  # noqa: E402


@pytest.fixture(scope="session")
def portal_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of example cards: published, in review, stale, submitted, malicious."""
    return make_cards(tmp_path_factory.mktemp("portal") / "cards")


@pytest.fixture
def portal(portal_cards: Path) -> Portal:
    p = make_portal(portal_cards)
    p.refresh()
    return p
