"""The thin MkDocs adapter: ``plugins: [xdocs]`` (entry point ``xdocs``).

Everything the portal shows is made by :class:`xdocs.portal.site.Portal`; this
plugin only hands those pages to MkDocs (``on_files``, ``File.generated``),
chooses the search engine (:mod:`xdocs.portal.search`), watches ``cards/`` in
``mkdocs serve``, cleans card pages' HTML once more, and keeps ``mkdocs serve
--dirty`` correct. MkDocs 1.6 is the last 1.x and Material's end of life is May
2027, so nothing here holds logic another engine would need (``xdocs build
--markdown-only`` writes the same pages, and the same settings, without it).

Events, in the order MkDocs fires them (each handler says what it may change):

========================  ===============================================================
``on_startup``            once per process: remembers the command (build/serve) and dirty
``on_config``             per build: may change ``config.extra`` (status labels); makes
                          or keeps the :class:`Portal`
``on_files``              per build: adds the generated pages, sets ``config.nav`` and
                          ``config.extra["xdocs_search"]``
``on_env``                per build (serve): shares compiled templates between rebuilds
``on_page_context``       per page: keeps pages out of Material's index under Pagefind;
                          indexes re-rendered pages in a dirty serve
``on_page_content``       per page: cleans card pages' rendered HTML again
``on_post_build``         per build: writes the Pagefind index, patches the Material index
                          of a dirty serve, removes pages of deleted cards from the site
``on_serve``              once (serve): watches the cards and the style guide
``on_shutdown``           once: removes the staging folder
========================  ===============================================================

Fast preview at 1,000 cards: the plugin defines ``on_startup``, so MkDocs keeps
one instance across rebuilds. In ``serve`` the pages are written to a staging
folder and only rewritten when their text changes, so with ``--dirty`` MkDocs
re-renders just the edited card's pages (and the lists); the search index,
which a dirty build would cut down to those pages, is patched back to the whole
site in ``on_post_build``.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import jinja2
import jinja2.bccache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from xdocs.portal import search as search_mod
from xdocs.portal.pages import is_card_page
from xdocs.portal.settings import PortalSettings
from xdocs.portal.site import Portal

log = logging.getLogger("mkdocs.plugins.xdocs")


class XdocsPluginConfig(base.Config):
    #: the folder of card files, relative to the project root.
    cards = c.Type(str, default="cards")
    #: only published cards and no preview UI (``xdocs build --published``).
    published = c.Type(bool, default=False)
    #: lint findings on each page: auto = in ``mkdocs serve`` previews only.
    lint = c.Choice(("auto", "on", "off"), default="auto")
    #: cache card summaries in .xdocs-cache/portal (content-addressed, sealed).
    cache = c.Type(bool, default=True)
    #: worker processes for reading cards and rendering pages (0: one per CPU).
    jobs = c.Type(int, default=0)
    #: read the roster and workflow settings from this git revision
    #: (``xdocs build --roster-from origin/main``), not the working tree.
    roster_from = c.Optional(c.Type(str))
    #: search engine: auto = Material's below ``search_threshold`` card versions and
    #: in ``mkdocs serve``, Pagefind above; or always ``material`` / ``pagefind``.
    search = c.Choice(("auto", "material", "pagefind"), default="auto")
    search_threshold = c.Type(int, default=search_mod.THRESHOLD)
    #: other portals' Pagefind indexes to search too (URLs of their ``pagefind/``).
    search_merge = c.ListOfItems(c.Type(str), default=[])


class XdocsPlugin(BasePlugin[XdocsPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.dirty = False
        self.portal: Portal | None = None
        self.search_engine: str = "material"
        self._key: tuple[Any, ...] | None = None
        self._stage: Path | None = None
        self._card_pages: set[str] = set()
        self._outputs: dict[str, str] = {}  # card page src -> its output file in site_dir
        self._written: dict[str, str] = {}
        self._bytecode = _MemoryBytecodeCache()
        self._index = search_mod.DirtyIndex()

    # -- lifecycle --------------------------------------------------------------------
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Fires once, before the first build. Changes nothing but the plugin's own
        state: the command and ``--dirty`` decide staging and search patching."""
        self.command, self.dirty = command, dirty

    def on_shutdown(self) -> None:
        """Fires once, when MkDocs exits: removes the staging folder of ``serve``."""
        if self._stage is not None:
            shutil.rmtree(self._stage, ignore_errors=True)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Fires at the start of every build, after the config is validated. May change
        the config: sets Material's ``extra.status`` labels from the one status table.
        Makes the :class:`Portal` (kept across serve rebuilds while settings hold)."""
        from xdocs.cache import cache_dir
        from xdocs.portal.statuses import material_status_labels

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
            cache_dir=(cache_dir(root) / "portal") if self.config.cache else None,
            roster_path=_roster_path(root),
            roster_from=self.config.roster_from,
            site_url=config.site_url,
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
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Fires after MkDocs collected ``docs_dir``. Adds (or replaces) every generated
        page, sets ``config.nav`` and which search engine the theme talks to."""
        assert self.portal is not None
        first = not self._card_pages
        report = self.portal.refresh()
        for problem in report.problems:
            log.warning("xdocs: %s", problem)
        pages = self.portal.pages(None if first else report.changed_models)
        self.search_engine = search_mod.choose(
            self.config.search, report.shown, self.config.search_threshold, self.command
        )
        config.extra["xdocs_search"] = self.search_engine
        log.info(
            "xdocs: %d cards (%d read, %d from cache), %d pages, search: %s",
            report.cards,
            report.summarized,
            report.from_cache,
            len(pages),
            self.search_engine,
        )
        self._card_pages = {p for p in pages if is_card_page(p)}
        config.nav = self.portal.nav(pages)
        staged = self.command == "serve"
        for src_uri, text in pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            if staged:
                path = self._write(src_uri, text)
                files.append(File.generated(config, src_uri, abs_src_path=path))
            else:
                files.append(File.generated(config, src_uri, content=text))
        self._index.set_live(files)
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

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Fires once per build, before pages are rendered. Changes only the Jinja
        environment's bytecode cache (serve: compiled templates reused across rebuilds)."""
        if self.command == "serve" and env.bytecode_cache is None:
            env.bytecode_cache = self._bytecode
        return env

    @event_priority(50)  # before the search plugin (it removes data-search-exclude)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Fires per page, after its HTML body is made and before the theme renders it.
        May change ``page.meta``: under Pagefind every page is kept out of Material's
        index (Pagefind indexes the built site). In a dirty serve with Material search,
        indexes the page for :class:`~xdocs.portal.search.DirtyIndex`."""
        if page.file.src_uri in self._card_pages:
            self._outputs[page.file.src_uri] = page.file.dest_uri
        if self.search_engine == "pagefind":
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        elif self.command == "serve" and self.dirty:
            self._index.page_rendered(page, config)
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Fires per page with its Markdown rendered to HTML. Changes card pages only:
        their HTML is cleaned once more (defence in depth; the pages were sanitized)."""
        self._index.page_built(page.url)
        if page.file.src_uri in self._card_pages:
            from xdocs.portal.safe import clean_page_html

            return clean_page_html(html)
        return html

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        """Fires once in ``mkdocs serve``, before serving. Adds watched folders: the
        cards and the style guide (they are outside ``docs_dir``)."""
        if self.portal is not None:
            server.watch(str(self.portal.settings.cards_dir))
            styleguide = self.portal.settings.root / "styleguide"
            if styleguide.is_dir():
                server.watch(str(styleguide))
        return server

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Fires once per build, after every page is written. Changes files in
        ``site_dir`` only: removes pages of cards deleted since the last build (a dirty
        serve keeps old files), writes the Pagefind index, or patches Material's."""
        site = Path(config.site_dir)
        self._remove_gone_pages(site)
        if self.search_engine == "pagefind":
            search_mod.build_pagefind(site, list(self.config.search_merge))
        elif self.command == "serve":
            self._index.write(site, self.dirty)

    def _remove_gone_pages(self, site: Path) -> None:
        """Delete the output of card pages that are no longer generated."""
        for src in list(self._outputs):
            if src in self._card_pages:
                continue
            dest = self._outputs.pop(src)
            target = (site / dest).resolve()
            if site.resolve() in target.parents and target.is_file() and not target.is_symlink():
                target.unlink()
                folder = target.parent
                while folder != site.resolve() and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent


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
