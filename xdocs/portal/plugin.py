"""The thin MkDocs adapter: ``plugins: [xdocs]`` (entry point ``xdocs``).

Everything the portal shows is made by :class:`xdocs.portal.site.Portal`; this
plugin only hands those pages to MkDocs (``on_files``, ``File.generated``),
watches ``cards/`` in ``mkdocs serve``, cleans card pages' HTML once more, and
keeps ``mkdocs serve --dirty`` correct. MkDocs 1.6 is the last 1.x and
Material's end of life is May 2027, so nothing here holds logic another engine
would need (``xdocs build --markdown-only`` writes the same pages without it).

Fast preview at 1,000 cards: the plugin defines ``on_startup``, so MkDocs keeps
one instance across rebuilds. In ``serve`` the pages are written to a staging
folder and only rewritten when their text changes, so with ``--dirty`` MkDocs
re-renders just the edited card's pages (and the catalogue); the search index,
which a dirty build would cut down to those pages, is patched back to the whole
site in ``on_post_build``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Literal

import jinja2
import jinja2.bccache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from xdocs.portal.site import Portal, PortalSettings

log = logging.getLogger("mkdocs.plugins.xdocs")


class XdocsPluginConfig(base.Config):
    #: the folder of card files, relative to the project root.
    cards = c.Type(str, default="cards")
    #: only published cards and no preview UI (``xdocs build --published``).
    published = c.Type(bool, default=False)
    #: lint findings on each page: auto = in ``mkdocs serve`` previews only.
    lint = c.Choice(("auto", "on", "off"), default="auto")
    #: cache card summaries in .xdocs-cache/portal (content-addressed).
    cache = c.Type(bool, default=True)
    #: worker processes for reading cards (0: one per CPU).
    jobs = c.Type(int, default=0)
    #: read the roster and workflow settings from this git revision
    #: (``xdocs build --roster-from origin/main``), not the working tree.
    roster_from = c.Optional(c.Type(str))


class XdocsPlugin(BasePlugin[XdocsPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.portal: Portal | None = None
        self._key: tuple[Any, ...] | None = None
        self._stage: Path | None = None
        self._card_pages: set[str] = set()
        self._index: dict[str, str] = {}  # page url -> its search docs, serialized
        self._fresh: dict[str, str] = {}
        self._built: set[str] = set()
        self._live: set[str] = set()
        self._written: dict[str, str] = {}
        self._bytecode = _MemoryBytecodeCache()

    # -- lifecycle --------------------------------------------------------------------
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_shutdown(self) -> None:
        if self._stage is not None:
            shutil.rmtree(self._stage, ignore_errors=True)

    def on_config(self, config: Any) -> Any:
        from xdocs.portal.statuses import material_status_labels

        # Material's page-status labels come from the one status table
        config.extra["status"] = {**material_status_labels(), **(config.extra.get("status") or {})}
        root = Path(config.config_file_path or ".").resolve().parent
        cards = Path(self.config.cards)
        lint = self.config.lint == "on" or (self.config.lint == "auto" and self.command == "serve")
        settings = PortalSettings(
            root=root,
            cards_dir=cards if cards.is_absolute() else root / cards,
            published=self.config.published,
            lint=lint and not self.config.published,
            directory_urls=config.use_directory_urls,
            jobs=self.config.jobs,
            cache_dir=(root / ".xdocs-cache" / "portal") if self.config.cache else None,
            roster_path=_roster_path(root),
            roster_from=self.config.roster_from,
        )
        key = (
            settings.roster_from,
            settings.cards_dir,
            settings.published,
            settings.lint,
            settings.directory_urls,
            settings.cache_dir,
        )
        if self.portal is None or key != self._key:
            self.portal, self._key = Portal(settings), key
        return config

    # -- pages ------------------------------------------------------------------------
    def on_files(self, files: Files, config: Any) -> Files:
        assert self.portal is not None
        first = not self._card_pages
        report = self.portal.refresh()
        for problem in report.problems:
            log.warning("xdocs: %s", problem)
        pages = self.portal.pages(None if first else report.changed_models)
        log.info(
            "xdocs: %d cards (%d read, %d from cache), %d pages",
            report.cards,
            report.summarized,
            report.from_cache,
            len(pages),
        )
        self._card_pages = {p for p in pages if p.startswith("models/")}
        config.nav = self.portal.nav(pages)
        staged = self.command == "serve"
        for src_uri, text in pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            if staged:
                files.append(
                    File.generated(config, src_uri, abs_src_path=self._write(src_uri, text))
                )
            else:
                files.append(File.generated(config, src_uri, content=text))
        # Page.url, not File.url: the site root is "" in the search index, "./" as a File
        self._live = {"" if f.url in (".", "./") else f.url for f in files.documentation_pages()}
        return files

    def _write(self, src_uri: str, text: str) -> str:
        """Stage a page on disk, rewriting it only when it changed (keeps its mtime)."""
        if self._stage is None:
            self._stage = Path(tempfile.mkdtemp(prefix="xdocs-portal-"))
        path = self._stage / src_uri
        if self._written.get(src_uri) != text or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self._written[src_uri] = text
        return str(path)

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        """Keep compiled theme templates across serve rebuilds (MkDocs makes a new env each)."""
        if self.command == "serve" and env.bytecode_cache is None:
            env.bytecode_cache = self._bytecode
        return env

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        """Card pages: clean the rendered HTML once more (defence in depth)."""
        self._built.add(page.url)
        if page.file.src_uri in self._card_pages:
            from xdocs.portal.safe import clean_page_html

            return clean_page_html(html)
        return html

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        if self.portal is not None:
            server.watch(str(self.portal.settings.cards_dir))
            styleguide = self.portal.settings.root / "styleguide"
            if styleguide.is_dir():
                server.watch(str(styleguide))
        return server

    # -- search index -------------------------------------------------------------------
    # A dirty build re-renders a few pages. Material's search plugin then merges its
    # previous index assuming ONE page was rebuilt (it drops the old entries of the
    # first rebuilt page only), so with the catalogue and a card both rebuilt the index
    # would keep stale entries. The plugin therefore indexes each re-rendered page
    # itself (with Material's own SearchIndex, before Material strips data-search-*
    # attributes) and writes the whole index from its per-page cache.
    @event_priority(50)  # before the search plugin (it removes data-search-exclude)
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if self.command == "serve" and self.dirty and self._index:
            search = _search_plugin(config)
            if search is not None:
                from material.plugins.search.plugin import SearchIndex

                index = SearchIndex(**search.config)
                index.add_entry_from_context(page)
                self._fresh[page.url] = _dumps_docs(index.entries)
        return context

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: Any) -> None:
        built, self._built = self._built, set()
        fresh, self._fresh = self._fresh, {}
        index_path = Path(config.site_dir) / "search" / "search_index.json"
        if self.command != "serve" or not index_path.is_file():
            return
        data = json.loads(index_path.read_text(encoding="utf-8"))
        if not self.dirty or not self._index:  # a full build: its index is complete
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


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja bytecode by template checksum, in memory (safe to share between envs)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


def _roster_path(root: Path) -> Path | None:
    from xdocs.config import ConfigError, load_config

    try:
        config = load_config(root)
    except ConfigError as exc:
        log.warning("xdocs: %s", exc)
        return root / "site_config" / "roster.yml"
    return config.resolve("roster", "site_config/roster.yml")
