"""When to lint what, and what to publish.

* On open: the ``xdocs check`` cache entry for the exact text, if there is one,
  is published at once; otherwise both groups run straight away.
* On every change: the fast group after :data:`FAST_DELAY` (a burst of
  keystrokes makes one run), the slow group after :data:`SLOW_DELAY` of quiet.
* On save: the slow group at once.

Each group has at most one job in flight per document; changes that arrive
meanwhile make one more run when it finishes, with the newest text. A result
is published with the other group's latest findings, both moved through the
edits made since (:mod:`xdocs.lsp.documents`). A result from an older
configuration is dropped and the group run again. The text of a version that
matches the file on disk (opened unchanged, or saved) is stored in the lint
cache once both groups have reported on it, so the next ``xdocs check`` of that
file is warm.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from lsprotocol import types

from xdocs.findings import Finding
from xdocs.lsp import linting
from xdocs.lsp.convert import hint, split_lines, to_diagnostic
from xdocs.lsp.documents import MAX_LIVE_CHARS, DocState, GroupResult, Placed, snippet

log = logging.getLogger("xdocs.lsp")

FAST_DELAY = 0.05
SLOW_DELAY = 1.0


class Scheduler:
    """Runs lint jobs for open documents and publishes their diagnostics."""

    def __init__(
        self,
        workers: Any,
        publish: Callable[[str, list[types.Diagnostic], int | None], None],
        codec: Callable[[], Any],
        href: Callable[[Any, str], str | None],
        on_status: Callable[[DocState], None] | None = None,
        on_config_error: Callable[[str], None] | None = None,
        status_hint: bool = True,
    ) -> None:
        self.workers = workers
        self.publish = publish
        self.codec = codec
        self.href = href
        self.on_status = on_status
        self.on_config_error = on_config_error
        self.status_hint = status_hint
        self.docs: dict[str, DocState] = {}
        self._config_errors: set[str] = set()

    # -- document events ------------------------------------------------------------
    async def opened(self, state: DocState) -> None:
        """Register first (requests about it may arrive while this awaits), then lint."""
        old = self.docs.get(state.uri)
        if old is not None:  # opened again without a close: the old state stops here
            old.closed = True
            self._cancel(old)
        self.docs[state.uri] = state
        if not state.kind:
            return
        if await asyncio.to_thread(state.project.refresh, True) and self.workers is not None:
            self.workers.restart()
        if len(state.text) > MAX_LIVE_CHARS:
            self._publish_too_large(state)
            return
        state.disk_version = state.version
        hit = await self._cached(state)
        if hit is not None:
            book = await asyncio.to_thread(state.project.rulebook)
            lines = split_lines(state.text)
            for group in linting.GROUPS:
                found = [f for f in hit if book.group_of(f.rule) == group]
                placed = [Placed(f, snippet(f, lines)) for f in found]
                state.results[group] = GroupResult(state.version, placed)
            state.cached_version = state.version
            self._publish(state)
            self.schedule(state, "fast", 0)  # for the workflow status; cheap
            return
        self.schedule(state, "fast", 0)
        self.schedule(state, "slow", 0)

    def changed(self, state: DocState) -> None:
        if not state.kind:
            return
        if len(state.text) > MAX_LIVE_CHARS:
            self._cancel(state)
            self._publish_too_large(state)
            return
        self.schedule(state, "fast", FAST_DELAY)
        self.schedule(state, "slow", SLOW_DELAY)

    def saved(self, state: DocState) -> None:
        if not state.kind or len(state.text) > MAX_LIVE_CHARS:
            return
        state.disk_version = state.version
        if self._maybe_store(state):
            return
        self.schedule(state, "slow", 0)

    async def config_changed(self, projects: list[Any]) -> None:
        """A configuration file may have changed: reload, and lint every open document of
        a project whose configuration did change again."""
        changed = [p for p in projects if await asyncio.to_thread(p.refresh, True)]
        if not changed:
            return
        if self.workers is not None:
            self.workers.restart()
        self._config_errors.clear()
        for state in list(self.docs.values()):
            if state.kind and state.project in changed:
                self.schedule(state, "fast", 0)
                self.schedule(state, "slow", 0)

    def closed(self, uri: str) -> None:
        state = self.docs.pop(uri, None)
        if state is None:
            return
        state.closed = True
        self._cancel(state)
        self.publish(uri, [], None)

    def shutdown(self) -> None:
        for state in list(self.docs.values()):
            state.closed = True
            self._cancel(state)

    # -- scheduling -----------------------------------------------------------------
    def schedule(self, state: DocState, group: str, delay: float) -> None:
        old = state.timers.pop(group, None)
        if old is not None:
            old.cancel()
        state.timers[group] = asyncio.ensure_future(self._after(state, group, delay))

    def _cancel(self, state: DocState) -> None:
        for task in state.timers.values():
            task.cancel()
        state.timers.clear()

    async def _after(self, state: DocState, group: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        state.timers.pop(group, None)
        if group in state.running:
            state.pending.add(group)  # one more run with the newest text when this one ends
            return
        state.running.add(group)
        try:
            await self._run(state, group)
        except Exception:  # a bug here must not take the server down
            log.exception("lint run failed for %s", state.uri)
        finally:
            state.running.discard(group)

    async def _run(self, state: DocState, group: str) -> None:
        while not state.closed:
            state.pending.discard(group)
            project = state.project
            if await asyncio.to_thread(project.refresh) and self.workers is not None:
                self.workers.restart()
                self._config_errors.clear()
            version, text, generation = state.version, state.text, project.generation
            done = state.results.get(group)
            if done is not None and (done.version, done.generation) == (version, generation):
                return  # nothing changed since the last run (a timer that fired late)
            job = linting.LintJob(
                str(project.root),
                group,
                text,
                state.display,
                generation,
                status=group == "fast" and state.kind == "card",
            )
            epoch = self.workers.epoch
            state.inflight[group] = version
            sent = time.perf_counter()
            try:
                outcome = await self.workers.run(job)
            finally:
                state.inflight.pop(group, None)
            if state.closed:
                return
            if project.generation != generation or self.workers.epoch != epoch:
                continue  # the configuration changed while it ran: run with the new one
            if outcome.config_error:
                self._config_error(outcome.config_error)
            lines = split_lines(text)
            found = outcome.findings()
            state.results[group] = GroupResult(
                version, [Placed(f, snippet(f, lines)) for f in found], outcome.deps, generation
            )
            if group == "fast" and job.status and outcome.status != state.status:
                state.status = outcome.status
                if self.on_status is not None:
                    self.on_status(state)  # the code lens changed: ask the client to redraw
            await asyncio.to_thread(project.rulebook)  # settings apply before the first publish
            state.prune_edits()
            started = time.perf_counter()
            self._publish(state)
            log.debug(
                "%s v%d %s: lint %.0f ms (cpu %.0f ms) in the worker, round trip %.0f ms, "
                "publish %.0f ms",
                state.display,
                version,
                group,
                outcome.seconds * 1000,
                outcome.cpu_seconds * 1000,
                (started - sent) * 1000,
                (time.perf_counter() - started) * 1000,
            )
            self._maybe_store(state)
            if group not in state.pending:
                return

    # -- publishing -----------------------------------------------------------------
    def findings(self, state: DocState) -> list[Placed]:
        """Every current finding of the document, moved to its current text, with the
        per-rule settings of xdocs.yml applied."""
        book = state.project.rulebook_if_loaded()
        out: list[Placed] = []
        for group in linting.GROUPS:
            placed = state.current(group)
            out.extend(_settle(placed, book) if book is not None else placed)
        kept = {id(f) for f in linting.dedupe([p.finding for p in out])}
        return [p for p in out if id(p.finding) in kept]

    def diagnostics(self, state: DocState) -> list[types.Diagnostic]:
        """The document's diagnostics. A finding that has not moved, on a line that has
        not changed, keeps its Diagnostic from the last publish (most of a publish is
        the other group's findings, unchanged)."""
        codec = self.codec()
        lines = state.lines
        project = state.project
        memo: dict[tuple[Any, ...], types.Diagnostic] = {}
        out = []
        for p in self.findings(state):
            f = p.finding
            key = (f, _line(lines, f.line), _line(lines, f.end_line or f.line), id(codec))
            diag = state.converted.get(key)
            if diag is None:
                diag = to_diagnostic(f, lines, codec, lambda rule: self.href(project, rule))
            memo[key] = diag
            out.append(diag)
        state.converted = memo
        if self.status_hint and state.status is not None:
            message = status_line(state.status)
            if message:
                out.insert(0, hint(message, lines, codec))
        return out

    def _publish(self, state: DocState) -> None:
        if not state.closed:
            self.publish(state.uri, self.diagnostics(state), state.version)

    def republish(self) -> None:
        for state in self.docs.values():
            if state.kind and state.results:
                self._publish(state)

    def _publish_too_large(self, state: DocState) -> None:
        message = (
            f"{len(state.text):,} characters: too large to lint as you type "
            f"(limit {MAX_LIVE_CHARS:,}); run `xdocs check {state.display}`"
        )
        diag = hint(message, state.lines, self.codec())
        diag.severity = types.DiagnosticSeverity.Information
        state.results.clear()
        self.publish(state.uri, [diag], state.version)

    def _config_error(self, message: str) -> None:
        if message not in self._config_errors and self.on_config_error is not None:
            self._config_errors.add(message)
            self.on_config_error(message)

    # -- the lint cache -------------------------------------------------------------
    async def _cached(self, state: DocState) -> list[Finding] | None:
        project = state.project
        if project.config_error or state.path is None:
            return None
        try:
            cache = await asyncio.to_thread(project.check_cache)
            return await asyncio.to_thread(cache.get, state.text, state.display)
        except OSError:
            return None

    def _maybe_store(self, state: DocState) -> bool:
        """Store the findings of a version that is on disk, once both groups have it."""
        version = state.disk_version
        if (
            version is None
            or state.path is None
            or state.cached_version == version
            or version != state.version
            or state.project.config_error
        ):
            return False
        results = [state.results.get(g) for g in linting.GROUPS]
        if any(r is None or r.version != version for r in results):
            return False
        raw = linting.dedupe([p.finding for r in results if r is not None for p in r.placed])
        deps = sorted({d for r in results if r is not None for d in r.deps})
        state.cached_version = version
        with contextlib.suppress(OSError):  # a cache that cannot be written is no error
            state.project.check_cache().put(state.text, state.display, raw, deps)
        return True


def _line(lines: list[str], line: int) -> str | None:
    return lines[line - 1] if 0 < line <= len(lines) else None


def _settle(placed: list[Placed], book: Any) -> list[Placed]:
    """Apply per-rule settings finding by finding (keeps each finding's snippet)."""
    out = []
    for p in placed:
        settled = book.settle(p.finding)
        if settled is p.finding:
            out.append(p)
        elif settled is not None:
            out.append(Placed(settled, p.snippet))
    return out


def status_line(status: dict[str, Any]) -> str | None:
    """``Workflow: Submitted; next: intake, by a publishing-worker`` (None if unknown)."""
    if status.get("error"):
        return f"Workflow status unknown: {status['error']}"
    label = status.get("label") or status.get("status")
    if not label:
        return None
    out = f"Workflow: {label}"
    nxt = status.get("next")
    if nxt:
        who = "the author, then " if status.get("waiting_on") == "author" else ""
        out += f"; next: {nxt['stage']}, by {who}a {nxt['role']}"
    elif status.get("waiting_on") == "author":
        out += "; next: the author completes the card and sets submitted_by"
    stale = status.get("stale") or []
    if stale:
        out += f"; {len(stale)} stale approval(s): re-approval needed"
    return out
