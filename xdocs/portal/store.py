"""The card store: which cards exist, what each one says, and what changed.

:class:`CardStore` finds the card files, summarizes each into a
:class:`~xdocs.portal.entries.CardEntry` (status derived with the portal's
trust, content sanitized) and remembers them between builds: in ``mkdocs
serve`` only the files whose modification time or size changed are read
again. Summaries are made in worker processes for many cards and cached by
content in the shared sealed cache (:mod:`xdocs.portal.cache`); a published
build (``published=True``) neither reads nor writes that cache: what decides
publication is derived from the cards in that build and nothing else.

It knows nothing about pages: :mod:`xdocs.portal.pages` turns its models into
pages, :mod:`xdocs.portal.nav` into the navigation.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from xdocs.cache import content_key
from xdocs.fileio import read_regular_file
from xdocs.findings import Finding
from xdocs.portal.cache import PortalCache
from xdocs.portal.entries import CardEntry, ModelEntry, group_models
from xdocs.portal.settings import (
    BuildReport,
    PortalSettings,
    code_fingerprint,
    install_project_read_policy,
    load_portal_trust,
)
from xdocs.portal.summarize import CardBytes, summarize_cards

log = logging.getLogger("mkdocs.plugins.xdocs")

#: a card file to (re)read: (path as a key, path as displayed, (mtime ns, size))
Pending = tuple[str, str, tuple[int, int]]


class CardStore:
    """Cards in, entries out; keeps what it learned between refreshes."""

    def __init__(self, settings: PortalSettings) -> None:
        self.settings = settings
        self._stamps: dict[str, tuple[int, int]] = {}
        self._entries: dict[str, CardEntry] = {}
        self._fingerprint = code_fingerprint()
        # the published portal trusts no cache: every status is derived in this build
        folder = None if settings.published else settings.cache_dir
        self.cache = PortalCache(folder) if folder is not None else None
        install_project_read_policy(settings.root)
        self._trust: Any = None
        self.report = BuildReport()
        #: lint findings of the cards of the last refresh (preview with lint on)
        self._findings: dict[str, list[Finding]] = {}

    # ---- files ----------------------------------------------------------------------
    def card_files(self, problems: list[str] | None = None) -> list[Path]:
        """Regular card files under the cards folder; links and special files are
        not read (each is one line in ``problems``)."""
        from xdocs.card import SkippedPath, iter_card_files

        if not self.settings.cards_dir.is_dir():
            return []
        skipped: list[SkippedPath] = []
        files = list(iter_card_files([self.settings.cards_dir], skipped))
        if problems is not None:
            problems += [f"{self.display(s.path)}: {s.message}" for s in skipped]
        return files

    def display(self, path: Path) -> str:
        """A card's path as shown: relative to the project root when inside it."""
        try:  # the folder resolved, not the file: a link is shown as the link
            where = path.parent.resolve() / path.name
            return where.relative_to(self.settings.root.resolve()).as_posix()
        except (ValueError, OSError):
            return path.as_posix()

    # ---- trust ----------------------------------------------------------------------
    @property
    def trust(self) -> Any:
        """Roster and workflow settings (loaded once per store)."""
        if self._trust is None:
            self._trust, problem = load_portal_trust(self.settings)
            if problem:
                log.warning("xdocs: %s", problem)
        return self._trust

    @property
    def roster(self) -> Any:
        return self.trust.roster

    # ---- refresh --------------------------------------------------------------------
    def refresh(self) -> BuildReport:
        """Re-read changed cards; returns what changed."""
        report = BuildReport()
        files = self.card_files(report.problems)
        report.cards = len(files)
        seen: set[str] = set()
        todo: list[Pending] = []
        for path in files:
            key = str(path)
            seen.add(key)
            try:
                st = path.lstat()
            except OSError:
                continue
            stamp = (st.st_mtime_ns, st.st_size)
            if self._stamps.get(key) != stamp:
                todo.append((key, self.display(path), stamp))
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

    def models(self) -> list[ModelEntry]:
        """Every model in this build (published ones only in a published build)."""
        entries: Iterable[CardEntry] = self._entries.values()
        if self.settings.published:
            entries = [e for e in entries if e.status == "published"]
        return group_models(entries)

    # ---- summaries ------------------------------------------------------------------
    def _cache_key(self, data: bytes, display: str, roster: bytes) -> str:
        s = self.settings
        now = (s.now or dt.datetime.now(dt.UTC)).date().isoformat()
        trust = self.trust
        return content_key(
            data,
            display,
            roster,
            f"{s.roster_from}:{trust.settings.signatures}:{len(trust.roster)}",
            f"{self._fingerprint}:{now}",
        )

    def _roster_bytes(self) -> bytes:
        path = self.settings.roster_path
        return path.read_bytes() if path and path.is_file() else b""

    def _summaries(self, todo: list[Pending], report: BuildReport) -> list[CardEntry | str]:
        """Each pending card read once: its bytes key the cache and are what is summarized.

        The bytes read here go to the summary (in this process or a worker) and are
        never read again, so the entry cached under a key is the entry of exactly the
        bytes that made the key: a card replaced between keying and summarizing is
        summarized as it was when keyed, and read afresh on the next refresh (its
        modification time changed).

        A preview with lint on lints each card from the same bytes: a card the lint
        cache knows is not parsed for lint at all, and a card that is summarized here
        is linted in the same worker from the Document the summary parsed
        (:mod:`xdocs.lint.session`), so it is parsed once. Only a card whose summary
        came from the cache and whose findings did not is parsed, once, for lint.
        """
        from xdocs.document import read_error

        results: list[CardEntry | str | None] = [None] * len(todo)
        keys: list[str | None] = [None] * len(todo)
        cache = self.cache
        roster = self._roster_bytes() if cache is not None else b""
        session = self._lint_session()
        self._findings = {}
        relint: list[int] = []  # summary from the cache, findings not: lint them alone
        missing: list[int] = []
        items: list[CardBytes] = []
        for i, (key, display, _stamp) in enumerate(todo):
            try:
                data = read_regular_file(key)
            except OSError as exc:  # replaced since discovery: one line, as a summary says it
                results[i] = f"{display}: {read_error(display, exc)}"
                continue
            lint_key, alone = self._lint_plan(session, key, display, data)
            if alone:
                relint.append(i)
            if cache is not None:
                keys[i] = ck = self._cache_key(data, display, roster)
                hit = cache.get_entry(ck)
                if hit is not None:
                    results[i] = hit
                    report.from_cache += 1
                    if lint_key is not None:
                        relint.append(i)
                    continue
            missing.append(i)
            items.append(CardBytes(display, data, lint_key))
        s = self.settings
        jobs = s.jobs or os.cpu_count() or 1
        made = summarize_cards(items, self.trust, s.now, jobs, session)
        for i, summary in zip(missing, made, strict=True):
            result = summary.entry
            results[i] = result
            report.summarized += 1
            ck = keys[i]
            if cache is not None and ck is not None and not isinstance(result, str):
                cache.put_entry(ck, result)
            if session is not None and summary.lint is not None:
                linted = summary.lint.to_result()
                session.remember(linted)
                self._findings[todo[i][0]] = session.finish(list(linted.findings))
        if session is not None and relint:
            from xdocs.portal.lint import lint_findings

            self._findings.update(lint_findings([todo[i][0] for i in relint], s.root))
        return [r if r is not None else "internal error" for r in results]

    def _lint_session(self) -> Any:
        """The lint configuration of a preview with lint on (None otherwise)."""
        if not (self.settings.lint and self.settings.preview):
            return None
        from xdocs.config import load_config
        from xdocs.lint.session import LintSession

        return LintSession.start(load_config(self.settings.root))

    def _lint_plan(
        self, session: Any, key: str, display: str, data: bytes
    ) -> tuple[str | None, bool]:
        """(lint cache key if the card is to be linted with its summary, whether it is to
        be linted alone through the lint runner instead).

        Findings the lint cache holds are taken here (neither). A card is linted with
        its summary only when ``xdocs check`` shows it under the same path as the
        portal (``mkdocs serve`` run from the project root), else alone, under its own.
        """
        if session is None:
            return None, False
        shown = session.display(key)
        lint_key = session.key(data, shown)
        hit = session.cached(lint_key)
        if hit is not None:
            self._findings[key] = session.finish(hit)
            return None, False
        if shown != display:
            return None, True
        return lint_key, False

    def _lint(self, keys: list[str]) -> None:
        """Attach the lint findings found while summarizing to the entries of ``keys``."""
        for key in keys:
            entry = self._entries.get(key)
            if entry is not None:
                entry.findings = self._findings.get(key, [])
