"""The portal's summary cache: sealed plain-data entries in ``.xdocs-cache/portal``.

What it stores: one :class:`~xdocs.portal.entries.CardEntry` per card content
(keyed by the card's bytes and path, the roster, the date and a fingerprint of
the code that makes summaries) and the style-guide pages. What it trusts:
nothing it cannot verify. An entry is JSON (never a pickle: reading it runs no
code), sealed with an HMAC under a secret outside the project
(:mod:`xdocs.sealed`) that binds it to its own key, and decoded against the
exact shape of ``CardEntry`` (:mod:`xdocs.plaindata`). A planted, edited,
swapped, truncated or foreign entry is a miss: the card is read again.

Storage is the shared sealed cache (:class:`xdocs.cache.SealedCache`, the same
helper lint uses); this module adds only the typed decoding.

The published portal does not use it at all (:class:`~xdocs.portal.site.Portal`
passes no cache when ``published``): the status that decides what is published
is always derived from the cards in that very build, never read from disk.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from xdocs import plaindata
from xdocs.cache import SealedCache
from xdocs.portal.entries import CardEntry

log = logging.getLogger("mkdocs.plugins.xdocs")

#: bound on one entry (a 230 KB card's summary is under 1 MB).
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def _entry_types() -> dict[tuple[type, str], Any]:
    """``CardEntry.state`` is annotated ``Any`` (the portal does not import the
    workflow at module level); the codec needs its real type."""
    from xdocs.workflow.state import WorkflowState

    return {(CardEntry, "state"): WorkflowState | None}


class PortalCache:
    """Card summaries and style-guide pages, sealed, under one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        ignore = folder.parent if folder.parent.name == ".xdocs-cache" else None
        self._entries = SealedCache(
            folder, "portal-entry", max_entry_bytes=MAX_ENTRY_BYTES, ignore_root=ignore
        )
        self._pages = SealedCache(
            folder, "portal-pages", max_entry_bytes=MAX_ENTRY_BYTES, ignore_root=ignore
        )

    # -- card summaries -------------------------------------------------------------
    def get_entry(self, key: str) -> CardEntry | None:
        data = self._entries.get(key)
        if data is None:
            return None
        try:
            return plaindata.decode(data, CardEntry, _entry_types())
        except plaindata.Invalid as exc:
            log.debug("xdocs: portal cache entry %s does not decode: %s", key[:12], exc)
            return None

    def put_entry(self, key: str, entry: CardEntry) -> None:
        try:
            data = plaindata.encode(entry, CardEntry, _entry_types())
        except plaindata.Unencodable as exc:  # not cached; the next build reads the card
            log.debug("xdocs: %s not cached: %s", entry.source, exc)
            return
        self._entries.put(key, data)

    # -- style guide pages ----------------------------------------------------------
    def get_pages(self, key: str) -> dict[str, str] | None:
        data = self._pages.get(key, self._pages_path(key))
        if data is None:
            return None
        try:
            return plaindata.decode(data, dict[str, str])
        except plaindata.Invalid:
            return None

    def put_pages(self, key: str, pages: dict[str, str]) -> None:
        self._pages.put(key, pages, self._pages_path(key))

    def _pages_path(self, key: str) -> Path:
        return self.folder / f"guide-{key[:24]}.json"
