"""Lint worker processes: typing is never blocked by a lint pass.

Each pass group runs in its own single worker process, so the fast passes of a
keystroke never wait behind a grammar run, and neither ever holds the server's
interpreter (Harper and proselint are CPU-bound; a native call cannot be
interrupted). Workers are started with ``spawn`` (the server has threads; fork
would copy their locks) and point their standard output at standard error
first: standard output is the LSP channel, and one stray ``print`` in an engine
would corrupt it. A worker that dies is replaced on the next job; one that
takes longer than :data:`JOB_TIMEOUT` is killed and reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from xdocs.lsp import linting

log = logging.getLogger("xdocs.lsp")

#: a job that runs longer than this (seconds) is abandoned and its worker killed
JOB_TIMEOUT = 120.0


def _init_worker(niceness: int) -> None:
    """In the worker: never write to the LSP channel; the slow group runs at a lower
    priority than the fast one (and than the editor)."""
    os.dup2(2, 1)
    if niceness:
        with contextlib.suppress(OSError):  # not permitted everywhere
            os.nice(niceness)


async def _settled(future: Future[Any]) -> Any:
    """Await a pool future without tying their cancellation together.

    ``asyncio.wrap_future`` cancels the pool's future when the awaiting task is
    cancelled (as at exit); a pool whose worker is then killed fails that cancelled
    future again and its manager thread dies with InvalidStateError. Here the pool's
    futures are only ever settled by the pool.
    """
    loop = asyncio.get_running_loop()
    waiter: asyncio.Future[Any] = loop.create_future()

    def settle(done: Future[Any]) -> None:
        if waiter.done():
            return
        if done.cancelled():
            waiter.cancel()
        elif done.exception() is not None:
            waiter.set_exception(done.exception())  # type: ignore[arg-type]
        else:
            waiter.set_result(done.result())

    def on_done(done: Future[Any]) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
            loop.call_soon_threadsafe(settle, done)

    future.add_done_callback(on_done)
    return await waiter


class Workers:
    """One process pool per pass group, created on first use."""

    def __init__(self) -> None:
        self._pools: dict[str, ProcessPoolExecutor] = {}
        self._closed = False
        #: bumped by :meth:`restart`: a result from before it is from old engines
        self.epoch = 0

    def _pool(self, group: str) -> ProcessPoolExecutor:
        pool = self._pools.get(group)
        if pool is None:
            pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(0 if group == "fast" else 5,),
            )
            self._pools[group] = pool
        return pool

    def warm_up(self, root: str, generation: int) -> None:
        """Start the workers and build their engines now, not at the first keystroke."""
        if self._closed:
            return
        for group in linting.GROUPS:
            try:
                self._pool(group).submit(linting.warm_up, root, generation, group)
            except (BrokenProcessPool, RuntimeError):
                self._discard(group)

    async def run(self, job: linting.LintJob) -> linting.LintOutcome:
        """Run a job in its group's worker; an engine failure becomes one finding."""
        if self._closed:
            return linting.LintOutcome(config_error="the server is shutting down")
        try:
            future: Future[Any] = self._pool(job.group).submit(linting.run_job, job)
            return await asyncio.wait_for(_settled(future), JOB_TIMEOUT)
        except TimeoutError:
            self._discard(job.group, kill=True)
            message = f"stopped after {JOB_TIMEOUT:g} s; findings of the {job.group} passes"
            return self._failed(job, "engine/timeout", message + " are missing")
        except (BrokenProcessPool, RuntimeError) as exc:
            self._discard(job.group)
            return self._failed(job, "engine/error", f"the lint worker stopped ({exc})")

    @staticmethod
    def _failed(job: linting.LintJob, rule: str, message: str) -> linting.LintOutcome:
        from xdocs.findings import Severity
        from xdocs.lint.registry import RUNNER
        from xdocs.rules import NO_FIX

        found = RUNNER[rule].finding(
            job.display,
            0,
            0,
            f"{job.group} passes: {message}",
            severity=Severity.WARNING,
            fix=NO_FIX,
        )
        return linting.LintOutcome(raw=[found.to_dict()])

    def _discard(self, group: str, kill: bool = False) -> None:
        pool = self._pools.pop(group, None)
        if pool is None:
            return
        if kill:
            # a stuck native call ignores everything but a signal
            for proc in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(OSError, AttributeError):
                    proc.kill()
        # no cancel_futures: the pool fails pending jobs with BrokenProcessPool itself (a
        # cancelled future that the killed pool then fails raises in its manager thread)
        pool.shutdown(wait=False)

    def restart(self) -> None:
        """Drop every worker (the configuration changed: engines must be rebuilt)."""
        self.epoch += 1
        for group in list(self._pools):
            self._discard(group, kill=True)

    def close(self) -> None:
        self._closed = True
        self.restart()
