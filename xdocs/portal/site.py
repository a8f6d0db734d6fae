"""The portal as a set of generated pages: ``{docs path: Markdown}``.

:class:`Portal` is engine-neutral. The MkDocs plugin asks it for pages; ``xdocs
build --markdown-only`` writes the same pages to a folder. It is incremental:
cards are summarized once per content (worker processes for many cards, a
content-addressed cache in ``.xdocs-cache/portal``), and between two builds in
``mkdocs serve`` only the models whose cards changed get new pages, which is
what makes edit-to-reload fast at 1,000 cards.

The cache (:mod:`xdocs.portal.cache`) holds sealed JSON, never pickles, and a
published build (``published=True``) neither reads nor writes it: what decides
publication is derived from the cards in that build and nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.fileio import read_regular_file
from xdocs.portal.cache import PortalCache
from xdocs.portal.entries import CardEntry, ModelEntry, group_models
from xdocs.portal.summarize import summarize_cards

log = logging.getLogger("mkdocs.plugins.xdocs")

#: bump when the shape of CardEntry changes (invalidates the summary cache).
CACHE_FORMAT = 1


@dataclass
class PortalSettings:
    """What to build from where."""

    root: Path
    cards_dir: Path
    #: only published cards, no preview UI (the published portal).
    published: bool = False
    #: lint findings on each page (preview only; needs the lint runner).
    lint: bool = False
    directory_urls: bool = True
    #: worker processes for summarizing cards (0: one per CPU).
    jobs: int = 0
    #: summary cache folder (None: no cache; never used by a published build).
    cache_dir: Path | None = None
    roster_path: Path | None = None
    #: read the roster and the workflow settings from this git revision
    #: (``xdocs build --roster-from origin/main``), not the working tree
    roster_from: str | None = None
    now: dt.datetime | None = None

    @property
    def preview(self) -> bool:
        return not self.published


@dataclass
class BuildReport:
    """What the last :meth:`Portal.refresh` did (for logs and the benchmark)."""

    cards: int = 0
    summarized: int = 0
    from_cache: int = 0
    changed_models: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    #: card versions with a page in this build (published ones only with --published).
    shown: int = 0


#: what shapes a card summary (code and data); the guide pages also depend on the rules.
SUMMARY_SOURCES = (
    "xdocs/card",
    "xdocs/workflow",
    "xdocs/portal",
    "xdocs/document.py",
    "xdocs/config.py",
    "xdocs/plaindata.py",
    "xdocs/evidence/evaluate/summary.py",
    "styleguide",
    "templates",
)
GUIDE_SOURCES = (*SUMMARY_SOURCES, "xdocs/lint", "xdocs/evidence", "vale_styles")


def _code_fingerprint(sources: tuple[str, ...] = SUMMARY_SOURCES) -> str:
    """Changes when the code or data that shapes a summary changes."""
    from xdocs.config import package_root

    base = package_root()
    h = hashlib.sha256(f"{CACHE_FORMAT}".encode())
    for folder in sources:
        top = base / folder
        for p in sorted(top.rglob("*")) if top.is_dir() else [top]:
            if p.suffix in (".py", ".yml", ".yaml", ".j2") and p.is_file():
                # content, not mtime: a checkout or touch must not empty the cache
                h.update(f"{p.relative_to(base)}:".encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


# -- main side --------------------------------------------------------------------------
def _install_project_read_policy(root: Path) -> None:
    """Read cards with the project's ``input:`` settings, also under plain ``mkdocs``
    (which never loads xdocs.yml itself); an invalid xdocs.yml keeps the safe defaults."""
    from xdocs.config import ConfigError, load_config

    try:
        load_config(root)
    except ConfigError as err:
        log.warning("xdocs: %s", err)


def load_portal_trust(settings: PortalSettings) -> tuple[Any, str | None]:
    """The roster and workflow settings the portal judges cards with, and a
    problem message. A roster that cannot be read gives an empty roster (no
    record counts, nothing is published), never a crash."""
    from xdocs.config import ConfigError, load_config
    from xdocs.workflow.roster import Roster, RosterError
    from xdocs.workflow.settings import WorkflowSettings
    from xdocs.workflow.trust import Trust, load_trust

    try:
        config = load_config(settings.root)
        path = settings.roster_path
        if path is not None and not path.is_file() and not settings.roster_from:
            return Trust(Roster(), WorkflowSettings.from_config(config)), None
        return load_trust(config, path, settings.roster_from), None
    except (RosterError, ConfigError) as exc:
        return Trust(Roster(), WorkflowSettings("required")), f"cannot check approvals: {exc}"


class Portal:
    """Cards in, pages out; keeps what it learned between builds."""

    def __init__(self, settings: PortalSettings) -> None:
        self.settings = settings
        self._stamps: dict[str, tuple[int, int]] = {}
        self._entries: dict[str, CardEntry] = {}
        self._card_pages: dict[str, dict[str, str]] = {}  # model id -> {page: text}
        self._static_pages: dict[str, str] | None = None
        self._rows: dict[str, str] = {}  # model id -> catalogue row HTML
        self._fingerprint = _code_fingerprint()
        # the published portal trusts no cache: every status is derived in this build
        folder = None if settings.published else settings.cache_dir
        self._cache = PortalCache(folder) if folder is not None else None
        _install_project_read_policy(settings.root)
        self._trust: Any = None
        self.report = BuildReport()

    # ---- cards --------------------------------------------------------------------
    def card_files(self, problems: list[str] | None = None) -> list[Path]:
        """Regular card files under the cards folder; links and special files are
        not read (each is one line in ``problems``)."""
        from xdocs.card import SkippedPath, iter_card_files

        if not self.settings.cards_dir.is_dir():
            return []
        skipped: list[SkippedPath] = []
        files = list(iter_card_files([self.settings.cards_dir], skipped))
        if problems is not None:
            problems += [f"{self._display(s.path)}: {s.message}" for s in skipped]
        return files

    def _display(self, path: Path) -> str:
        try:  # the folder resolved, not the file: a link is shown as the link
            where = path.parent.resolve() / path.name
            return where.relative_to(self.settings.root.resolve()).as_posix()
        except (ValueError, OSError):
            return path.as_posix()

    @property
    def trust(self) -> Any:
        """Roster and workflow settings (loaded once per Portal)."""
        if self._trust is None:
            self._trust, problem = load_portal_trust(self.settings)
            if problem:
                log.warning("xdocs: %s", problem)
        return self._trust

    @property
    def roster(self) -> Any:
        return self.trust.roster

    def refresh(self) -> BuildReport:
        """Re-read changed cards; returns what changed."""
        report = BuildReport()
        files = self.card_files(report.problems)
        report.cards = len(files)
        seen: set[str] = set()
        todo: list[tuple[str, str, tuple[int, int]]] = []
        for path in files:
            key = str(path)
            seen.add(key)
            try:
                st = path.lstat()
            except OSError:
                continue
            stamp = (st.st_mtime_ns, st.st_size)
            if self._stamps.get(key) != stamp:
                todo.append((key, self._display(path), stamp))
        for key in list(self._entries):
            if key not in seen:
                report.changed_models.add(self._entries.pop(key).model_id)
                self._stamps.pop(key, None)
        results = self._summaries(todo, report)
        for (key, _display, stamp), result in zip(todo, results, strict=True):
            self._stamps[key] = stamp
            old = self._entries.pop(key, None)
            if old is not None:
                report.changed_models.add(old.model_id)
            if isinstance(result, str):
                report.problems.append(result)
                continue
            self._entries[key] = result
            report.changed_models.add(result.model_id)
        if self.settings.lint and self.settings.preview and todo:
            self._lint([key for key, _d, _s in todo])
        report.shown = sum(len(m.versions) for m in self.models())
        self.report = report
        return report

    def _cache_key(self, data: bytes) -> str:
        s = self.settings
        roster = s.roster_path.read_bytes() if s.roster_path and s.roster_path.is_file() else b""
        now = (s.now or dt.datetime.now(dt.UTC)).date().isoformat()
        h = hashlib.sha256(data)
        h.update(hashlib.sha256(roster).digest())
        trust = self.trust
        h.update(f"{s.roster_from}:{trust.settings.signatures}:{len(trust.roster)}".encode())
        h.update(f"{self._fingerprint}:{now}".encode())
        return h.hexdigest()

    def _summaries(
        self, todo: list[tuple[str, str, tuple[int, int]]], report: BuildReport
    ) -> list[CardEntry | str]:
        results: list[CardEntry | str | None] = [None] * len(todo)
        keys: list[str | None] = [None] * len(todo)
        cache = self._cache
        missing: list[int] = []
        for i, (key, display, _stamp) in enumerate(todo):
            if cache is not None:
                try:
                    data = read_regular_file(key)
                except OSError:  # replaced since discovery: the summary reports it
                    missing.append(i)
                    continue
                keys[i] = ck = self._cache_key(data + display.encode())
                hit = cache.get_entry(ck)
                if hit is not None:
                    results[i] = hit
                    report.from_cache += 1
                    continue
            missing.append(i)
        items = [(todo[i][0], todo[i][1]) for i in missing]
        for i, result in zip(missing, self._run(items), strict=True):
            results[i] = result
            report.summarized += 1
            ck = keys[i]
            if cache is not None and ck is not None and not isinstance(result, str):
                cache.put_entry(ck, result)
        return [r if r is not None else "internal error" for r in results]

    def _run(self, items: list[tuple[str, str]]) -> list[CardEntry | str]:
        s = self.settings
        return summarize_cards(items, self.trust, s.now, s.jobs or os.cpu_count() or 1)

    def _lint(self, keys: list[str]) -> None:
        """Attach lint findings to the entries of ``keys`` (preview builds)."""
        from xdocs.portal.lint import lint_findings

        by_key = lint_findings(keys, self.settings.root)
        for key in keys:
            entry = self._entries.get(key)
            if entry is not None:
                entry.findings = by_key.get(key, [])

    # ---- pages --------------------------------------------------------------------
    def models(self) -> list[ModelEntry]:
        entries: Iterable[CardEntry] = self._entries.values()
        if self.settings.published:
            entries = [e for e in entries if e.status == "published"]
        return group_models(entries)

    def pages(self, changed_models: set[str] | None = None) -> dict[str, str]:
        """Every page of the site. Card pages of unchanged models are reused."""
        from xdocs.portal.analytics import render_analytics
        from xdocs.portal.card_page import PageOptions, render_card_page
        from xdocs.portal.catalogue import render_catalogue, render_queue

        s = self.settings
        now = s.now or dt.datetime.now(dt.UTC)
        models = self.models()
        options = PageOptions(
            preview=s.preview,
            project_root=s.root,
            roster=self.roster,
            directory_urls=s.directory_urls,
        )
        live = {m.model_id for m in models}
        for model_id in list(self._card_pages):
            if model_id not in live:
                del self._card_pages[model_id]
        if changed_models is None:
            self._rows.clear()
        for model_id in list(self._rows):
            if model_id not in live or model_id in changed_models:  # type: ignore[operator]
                del self._rows[model_id]
        for model in models:
            if (
                changed_models is None
                or model.model_id in changed_models
                or model.model_id not in self._card_pages
            ):
                self._card_pages[model.model_id] = {
                    e.page: render_card_page(e, model, options) for e in model.versions
                }
        pages: dict[str, str] = {}
        pages["index.md"] = render_catalogue(
            models,
            published_only=s.published,
            project_root=s.root,
            directory_urls=s.directory_urls,
            rows=self._rows,
        )
        if s.preview:
            pages["queue.md"] = render_queue(models, now, s.root, s.directory_urls)
        pages["analytics.md"] = render_analytics(models, now)
        pages["tags.md"] = TAGS_PAGE
        pages.update(self.static_pages())
        for model_pages in self._card_pages.values():
            pages.update(model_pages)
        return pages

    def nav(self, pages: dict[str, str]) -> list[Any]:
        """The site navigation (MkDocs ``nav``): overview pages, models, the style guide."""
        from xdocs.portal.safe import safe_text

        nav: list[Any] = [{"Model catalogue": "index.md"}]
        if "queue.md" in pages:
            nav.append({"Review queue": "queue.md"})
        nav.append({"Workflow analytics": "analytics.md"})
        models: list[Any] = []
        for model in self.models():
            versions = [v for v in reversed(model.versions) if v.page in pages]
            # explicit titles: in a dirty serve build, pages MkDocs did not re-read have none
            if len(versions) == 1:
                models.append({safe_text(versions[0].title): versions[0].page})
            elif versions:
                children = [{safe_text(v.title): v.page} for v in versions]
                models.append({safe_text(model.name, 120): children})
        if models:
            nav.append({"Models": _buckets(models)})
        guide: list[Any] = [{"Style guide": "styleguide/index.md"}]
        for p in sorted(pages):
            if p.startswith("styleguide/") and p != "styleguide/index.md":
                guide.append({safe_text(_page_title(pages[p], p)): p})
        nav.append({"Style guide": guide})
        nav += [{"Rule catalogue": "rules.md"}, {"Terminology": "terminology.md"}]
        nav.append({"Tags": "tags.md"})
        return nav

    def static_pages(self) -> dict[str, str]:
        """Style guide, rule catalogue, terminology (made once per Portal)."""
        if self._static_pages is None:
            from xdocs.portal.guide import guide_pages

            root = self.settings.root
            fingerprint = _code_fingerprint(GUIDE_SOURCES)
            key = hashlib.sha256(f"{fingerprint}:{root.resolve()}".encode()).hexdigest()
            cached = self._cache.get_pages(key) if self._cache is not None else None
            if cached is not None:
                self._static_pages = cached
            else:
                self._static_pages = guide_pages(root)
                if self._cache is not None:
                    self._cache.put_pages(key, self._static_pages)
        return self._static_pages


#: above this many models the navigation groups them by initial, so that with
#: navigation.prune each page renders one letter's models, not every model.
NAV_BUCKET_MIN = 40


def _buckets(items: list[Any]) -> list[Any]:
    """Nav entries grouped by the initial of their title (A, B, …, 0-9, #)."""
    if len(items) <= NAV_BUCKET_MIN:
        return items
    groups: dict[str, list[Any]] = {}
    for item in items:
        title = next(iter(item)) if isinstance(item, dict) else str(item)
        first = next((c for c in title.upper() if c.isalnum()), "#")
        key = "0-9" if first.isdigit() else first if first.isascii() else "#"
        groups.setdefault(key, []).append(item)
    return [{key: groups[key]} for key in sorted(groups, key=lambda k: (k in ("0-9", "#"), k))]


def _page_title(text: str, path: str) -> str:
    """A page's title: front-matter ``title``, else its first ``# `` heading, else its name."""
    for line in text.splitlines()[:40]:
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip().strip("\"'")
        if line.startswith("# "):
            return line[2:].strip()
    return Path(path).stem.replace("-", " ").capitalize()


TAGS_PAGE = """---
title: "Tags"
---

# Tags

Every card page is tagged with its status and the card's own tags.

<!-- material/tags -->
"""


def build_pages(settings: PortalSettings) -> tuple[dict[str, str], BuildReport]:
    """One-shot: read every card and return all pages (``xdocs build --markdown-only``)."""
    portal = Portal(settings)
    report = portal.refresh()
    return portal.pages(), report
