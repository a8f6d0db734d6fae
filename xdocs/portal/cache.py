"""The portal's summary cache: sealed plain-data entries in ``.xdocs-cache/portal``.

What it stores: one :class:`~xdocs.portal.entries.CardEntry` per card content
(keyed by the card's bytes and path, the roster, the date and a fingerprint of
the code that makes summaries) and the style-guide pages. What it trusts:
nothing it cannot verify. An entry is JSON (never a pickle: reading it runs no
code), sealed with an HMAC under a secret outside the project
(:mod:`xdocs.sealed`) that binds it to its own key, and decoded against the
exact shape of ``CardEntry`` (:mod:`xdocs.plaindata`). A planted, edited,
swapped, truncated or foreign entry is a miss: the card is read again.

The published portal does not use it at all (:class:`~xdocs.portal.site.Portal`
passes no cache when ``published``): the status that decides what is published
is always derived from the cards in that very build, never read from disk.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from xdocs import plaindata
from xdocs.fileio import read_regular_file
from xdocs.portal.entries import CardEntry
from xdocs.sealed import seal, unseal

log = logging.getLogger("mkdocs.plugins.xdocs")

#: bound on one entry (a 230 KB card's summary is under 1 MB).
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def _entry_types() -> dict[tuple[type, str], Any]:
    """``CardEntry.state`` is annotated ``Any`` (the portal does not import the
    workflow at module level); the codec needs its real type."""
    from xdocs.workflow.state import WorkflowState

    return {(CardEntry, "state"): WorkflowState | None}


class PortalCache:
    """Read and write sealed entries under one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    # -- card summaries -------------------------------------------------------------
    def get_entry(self, key: str) -> CardEntry | None:
        data = self._read(self.folder / key[:2] / f"{key}.json", "portal-entry", key)
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
        self._write(self.folder / key[:2] / f"{key}.json", "portal-entry", key, data)

    # -- style guide pages ----------------------------------------------------------
    def get_pages(self, key: str) -> dict[str, str] | None:
        data = self._read(self._pages_path(key), "portal-pages", key)
        if data is None:
            return None
        try:
            return plaindata.decode(data, dict[str, str])
        except plaindata.Invalid:
            return None

    def put_pages(self, key: str, pages: dict[str, str]) -> None:
        self._write(self._pages_path(key), "portal-pages", key, pages)

    def _pages_path(self, key: str) -> Path:
        return self.folder / f"guide-{key[:24]}.json"

    # -- sealed JSON on disk ------------------------------------------------------------
    def _read(self, path: Path, purpose: str, key: str) -> Any:
        try:
            blob = read_regular_file(path, MAX_ENTRY_BYTES)
        except OSError:
            return None
        payload = unseal(purpose, key, blob)
        if payload is None:
            log.debug("xdocs: portal cache entry %s is not sealed by this machine", path)
            return None
        try:
            return json.loads(payload)
        except ValueError:
            return None

    def _write(self, path: Path, purpose: str, key: str, data: Any) -> None:
        blob = seal(purpose, key, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        if blob is None:  # no safe secret on this machine: no cache
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.folder.parent / ".gitignore"
            if self.folder.parent.name == ".xdocs-cache" and not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")  # a cache never belongs in git
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except OSError as exc:
            log.debug("xdocs: cannot write portal cache entry %s: %s", path, exc)
