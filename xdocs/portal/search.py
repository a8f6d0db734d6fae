"""Search: Material's built-in index for small sites, Pagefind above a threshold.

Material's search ships the whole index (``search/search_index.json``) to every
visitor before the first result: about 3.7 KB a card, so 1 MB at ~270 cards and
11 MB at 3,000. Pagefind (``pagefind`` on PyPI, its binary in the wheel)
indexes the built site into small chunks a visitor loads on demand, works
offline and from any static host, and merges other sites' indexes at search
time (one portal per team, searched together).

:func:`choose` decides: ``auto`` uses Material's search below
:data:`THRESHOLD` card versions and in ``mkdocs serve`` (a local preview, whose
``--dirty`` rebuilds patch Material's index: :class:`DirtyIndex`), and Pagefind
above it; a build says which it chose in its log line. Under Pagefind the
theme keeps Material's search box and result list: Material's search talks to
the portal's worker (``assets/javascripts/xdocs/pagefind-worker.js``), which
answers Material's worker protocol from Pagefind.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.xdocs")

#: card versions from which ``auto`` uses Pagefind (Material's index nears 1 MB).
THRESHOLD = 200
#: the longest an index run may take (10,000 pages take well under a minute).
PAGEFIND_TIMEOUT = 1800


def pagefind_binary() -> str | None:
    """The Pagefind executable from the ``pagefind[bin]`` wheel, or None."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        found = get_executable()
    except Exception:  # noqa: BLE001 - a broken install is "not available"
        return None
    return str(found) if found is not None else None


def choose(mode: str, card_versions: int, threshold: int, command: str) -> str:
    """``material`` or ``pagefind`` for this build (see the module docstring)."""
    if mode == "material":
        return "material"
    available = pagefind_binary() is not None
    if mode == "pagefind":
        if not available:
            log.warning("xdocs: search: pagefind is not installed; using Material's search")
            return "material"
        return "pagefind"
    if command == "serve" or card_versions < threshold or not available:
        return "material"
    return "pagefind"


def build_pagefind(site: Path, merge: list[str] | None = None) -> None:
    """Index the built ``site`` with Pagefind into ``site/pagefind/`` and leave
    Material an empty index (its search box then asks the Pagefind worker)."""
    binary = pagefind_binary()
    if binary is None:
        raise RuntimeError("pagefind is not installed (pip install 'pagefind[bin]')")
    args = [binary, "--site", str(site), "--output-subdir", "pagefind", "--silent"]
    result = subprocess.run(
        args, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed: {(result.stderr or result.stdout).strip()[-500:]}")
    write_stub_index(site, merge or [])


def write_stub_index(site: Path, merge: list[str]) -> None:
    """Material's ``search/search_index.json`` with no documents (a few hundred
    bytes) and the indexes to merge, read by the Pagefind worker at setup."""
    path = site / "search" / "search_index.json"
    config: dict[str, Any] = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}
    if path.is_file():
        with contextlib.suppress(ValueError):
            config = json.loads(path.read_text(encoding="utf-8")).get("config") or config
    config["xdocs_merge"] = merge
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"config": config, "docs": []}), encoding="utf-8")
    os.replace(tmp, path)


class DirtyIndex:
    """Material's search index kept whole across ``mkdocs serve --dirty`` rebuilds.

    A dirty build re-renders a few pages. Material's search plugin then merges its
    previous index assuming ONE page was rebuilt (it drops the old entries of the
    first rebuilt page only), so with the catalogue and a card both rebuilt the
    index would keep stale entries. This indexes each re-rendered page itself
    (with Material's own SearchIndex, before Material strips data-search-*
    attributes) and writes the whole index from its per-page cache.
    """

    def __init__(self) -> None:
        self._index: dict[str, str] = {}  # page url -> its search docs, serialized
        self._fresh: dict[str, str] = {}
        self._built: set[str] = set()
        self._live: set[str] = set()

    def set_live(self, files: Any) -> None:
        """The pages of this build (``Page.url``; the site root is "" in the index)."""
        self._live = {"" if f.url in (".", "./") else f.url for f in files.documentation_pages()}

    def page_built(self, url: str) -> None:
        self._built.add(url)

    def page_rendered(self, page: Any, config: Any) -> None:
        if not self._index:
            return
        search = _search_plugin(config)
        if search is not None:
            from material.plugins.search.plugin import SearchIndex

            index = SearchIndex(**search.config)
            index.add_entry_from_context(page)
            self._fresh[page.url] = _dumps_docs(index.entries)

    def write(self, site: Path, dirty: bool) -> None:
        built, self._built = self._built, set()
        fresh, self._fresh = self._fresh, {}
        index_path = site / "search" / "search_index.json"
        if not index_path.is_file():
            return
        data = json.loads(index_path.read_text(encoding="utf-8"))
        if not dirty or not self._index:  # a full build: its index is complete
            pages: dict[str, list[dict[str, Any]]] = {}
            for doc in data.pop("docs", []):
                pages.setdefault(doc.get("location", "").split("#", 1)[0], []).append(doc)
            self._index = {url: _dumps_docs(docs) for url, docs in pages.items()}
            return
        data.pop("docs", None)
        for url in built:
            self._index.pop(url, None)
        self._index.update(fresh)
        for url in list(self._index):
            if url not in self._live:
                del self._index[url]
        head = json.dumps(data, separators=(",", ":"))[:-1]
        body = ",".join(frag for frag in self._index.values() if frag)
        text = f'{head}{"," if len(head) > 1 else ""}"docs":[{body}]}}'
        tmp = index_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, index_path)


def _search_plugin(config: Any) -> Any:
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "config"):
            return plugin
    return None


def _dumps_docs(docs: list[dict[str, Any]]) -> str:
    return ",".join(json.dumps(d, separators=(",", ":")) for d in docs)
