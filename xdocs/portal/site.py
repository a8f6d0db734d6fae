"""The portal as a set of generated pages: ``{docs path: Markdown}``.

:class:`Portal` is engine-neutral and small: it joins the rooms that each do
one job. The MkDocs plugin asks it for pages; ``xdocs build --markdown-only``
writes the same pages to a folder.

* :mod:`xdocs.portal.settings`: what to build, the build report, the trust;
* :mod:`xdocs.portal.store`: the card store (files, summaries, the sealed
  content cache, what changed between two builds);
* :mod:`xdocs.portal.pages`: the page builder (card pages in parallel,
  paginated lists, the style guide);
* :mod:`xdocs.portal.nav`: the navigation (a few sections, never one entry per
  model).
"""

from __future__ import annotations

from typing import Any

from xdocs.portal.entries import ModelEntry
from xdocs.portal.nav import site_nav
from xdocs.portal.pages import TAGS_PAGE, PageBuilder
from xdocs.portal.settings import BuildReport, PortalSettings, load_portal_trust
from xdocs.portal.store import CardStore

__all__ = [
    "TAGS_PAGE",
    "BuildReport",
    "Portal",
    "PortalSettings",
    "build_pages",
    "load_portal_trust",
]


class Portal:
    """Cards in, pages out; keeps what it learned between builds."""

    def __init__(self, settings: PortalSettings) -> None:
        self.settings = settings
        self.store = CardStore(settings)
        self.builder = PageBuilder(self.store)

    @property
    def report(self) -> BuildReport:
        return self.store.report

    @property
    def trust(self) -> Any:
        return self.store.trust

    @property
    def roster(self) -> Any:
        return self.store.roster

    def refresh(self) -> BuildReport:
        """Re-read changed cards; returns what changed."""
        return self.store.refresh()

    def models(self) -> list[ModelEntry]:
        return self.store.models()

    def pages(self, changed_models: set[str] | None = None) -> dict[str, str]:
        """Every page of the site. Card pages of unchanged models are reused."""
        return self.builder.pages(changed_models)

    def nav(self, pages: dict[str, str]) -> list[Any]:
        """The site navigation (MkDocs ``nav``)."""
        return site_nav(pages)

    def static_pages(self) -> dict[str, str]:
        return self.builder.static_pages()


def build_pages(settings: PortalSettings) -> tuple[dict[str, str], BuildReport]:
    """One-shot: read every card and return all pages (``xdocs build --markdown-only``)."""
    portal = Portal(settings)
    report = portal.refresh()
    return portal.pages(), report
