"""The page builder: the models of a :class:`~xdocs.portal.store.CardStore` as pages.

Every page is Markdown with standard front-matter (``{docs path: text}``), so
MkDocs, ``--markdown-only`` and any engine reading ``mkdocs.yml`` get the same
site. The cost of a card page depends on its own model only (its versions),
never on how many other cards exist: lists are paginated
(:mod:`xdocs.portal.listing`) and models are not in the navigation
(:mod:`xdocs.portal.nav`). Card pages are pure functions of their model, so
many of them are rendered in worker processes (:mod:`xdocs.portal.render`); in
``mkdocs serve`` only the changed models' pages are rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from typing import Any

from xdocs.portal.entries import ModelEntry
from xdocs.portal.settings import GUIDE_SOURCES, PortalSettings, code_fingerprint
from xdocs.portal.store import CardStore

TAGS_PAGE = """---
title: "Tags"
search:
  exclude: true
xdocs_list: true
---

# Tags

Every card page is tagged with its status and the card's own tags.

<!-- material/tags -->
"""


class PageBuilder:
    """Pages of the models in a store; keeps card pages and rows between builds."""

    def __init__(self, store: CardStore) -> None:
        self.store = store
        self._card_pages: dict[str, dict[str, str]] = {}  # model id -> {page: text}
        self._rows: dict[tuple[str, str], str] = {}  # (model id, folder) -> row HTML
        self._static_pages: dict[str, str] | None = None

    @property
    def settings(self) -> PortalSettings:
        return self.store.settings

    def pages(self, changed_models: set[str] | None = None) -> dict[str, str]:
        """Every page of the site. Card pages of unchanged models are reused."""
        from xdocs.portal.analytics import render_analytics
        from xdocs.portal.catalogue import (
            owner_pages,
            render_catalogue,
            render_queue,
            render_status_pages,
        )

        s = self.settings
        now = s.now or dt.datetime.now(dt.UTC)
        models = self.store.models()
        self._card_pages_for(models, changed_models)
        root, urls = s.root, s.directory_urls
        pages: dict[str, str] = {}
        pages.update(
            render_catalogue(
                models,
                published_only=s.published,
                project_root=root,
                directory_urls=urls,
                rows=self._rows,
            )
        )
        pages.update(render_status_pages(models, root, urls))
        pages.update(owner_pages(models, root, urls))
        if s.preview:
            pages.update(render_queue(models, now, root, urls))
        pages["analytics.md"] = render_analytics(models, now)
        pages["tags.md"] = TAGS_PAGE
        pages.update(self.static_pages())
        for model_pages in self._card_pages.values():
            pages.update(model_pages)
        return pages

    def _card_pages_for(self, models: list[ModelEntry], changed: set[str] | None) -> None:
        """Render the card pages of new and changed models; drop those of gone models."""
        from xdocs.portal.card_page import PageOptions
        from xdocs.portal.render import render_models

        s = self.settings
        live = {m.model_id for m in models}
        for model_id in list(self._card_pages):
            if model_id not in live:
                del self._card_pages[model_id]
        if changed is None:
            self._rows.clear()
        else:
            for key in list(self._rows):
                if key[0] not in live or key[0] in changed:
                    del self._rows[key]
        todo = [
            m
            for m in models
            if changed is None or m.model_id in changed or m.model_id not in self._card_pages
        ]
        options = PageOptions(
            preview=s.preview,
            project_root=s.root,
            roster=self.store.roster,
            directory_urls=s.directory_urls,
        )
        jobs = s.jobs or os.cpu_count() or 1
        self._card_pages.update(render_models(todo, options, jobs))

    def static_pages(self) -> dict[str, str]:
        """Style guide, rule catalogue, terminology (made once per builder)."""
        if self._static_pages is None:
            from xdocs.portal.guide import guide_pages

            root = self.settings.root
            fingerprint = code_fingerprint(GUIDE_SOURCES)
            key = hashlib.sha256(f"{fingerprint}:{root.resolve()}".encode()).hexdigest()
            cache = self.store.cache
            cached = cache.get_pages(key) if cache is not None else None
            if cached is not None:
                self._static_pages = cached
            else:
                self._static_pages = guide_pages(root)
                if cache is not None:
                    cache.put_pages(key, self._static_pages)
        return self._static_pages


def model_of_page(page: str) -> str | None:
    """The model id of a card page path (``models/<id>/<version>.md``, or its full
    text ``models/<id>/<version>/full.md``), else None."""
    parts = page.split("/")
    return parts[1] if len(parts) in (3, 4) and parts[0] == "models" else None


def is_card_page(page: str) -> bool:
    return model_of_page(page) is not None


__all__: list[Any] = ["PageBuilder", "TAGS_PAGE", "is_card_page", "model_of_page"]
