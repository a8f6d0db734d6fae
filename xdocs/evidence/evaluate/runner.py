"""Run one model evaluation in a worker process, under a time budget.

The parent starts :mod:`.worker` in its own session (process group), sends
the job on stdin and reads JSON lines until ``done``/``error``, the deadline,
or the worker's end. Past the deadline the whole group is killed (SIGKILL):
a budget that stops the work, whatever native code the model is in. A worker
that dies (a crash in a native library, the memory cap) is a result with the
signal or the end of its stderr, never an exception in xdocs.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: longest protocol line accepted from the worker.
MAX_LINE = 1 << 16
#: bytes of the worker's stderr kept for messages.
STDERR_TAIL = 4000


@dataclass
class RunResult:
    """What a worker run gave. ``kind`` names the failure (None when it worked)."""

    ok: bool
    rows: int = 0
    task: str | None = None
    seconds: float = 0.0
    inference_seconds: float = 0.0
    peak_kib: int | None = None
    kind: str | None = None
    message: str = ""


def run_worker(
    job: dict[str, Any],
    timeout: float,
    progress: Callable[[int, int | None], None] | None = None,
) -> RunResult:
    """Run ``job`` (see :mod:`.worker`) and wait at most ``timeout`` seconds."""
    started = time.monotonic()
    deadline = started + max(0.1, timeout)
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    with tempfile.TemporaryDirectory(prefix="xdocs-eval-") as cwd, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "xdocs.evidence.evaluate.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=cwd,
            env={**env, "PYTHONPATH": _pythonpath()},
            start_new_session=True,
        )
        try:
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(json.dumps(job).encode("utf-8"))
                proc.stdin.close()
            except BrokenPipeError:
                pass
            result = _read_events(proc, deadline, progress)
            if result is None:
                _kill(proc)
                return RunResult(
                    False,
                    kind="timeout",
                    seconds=time.monotonic() - started,
                    message=f"stopped after its {timeout:g} s time budget",
                )
            if result.ok or result.kind:
                return result
            code = _wait(proc, deadline)
            return RunResult(False, kind="crash", message=_death(code, err))
        finally:
            _kill(proc)
            if proc.stdout is not None:
                proc.stdout.close()


def _pythonpath() -> str:
    """The worker imports this very xdocs (a development checkout included)."""
    import xdocs

    root = os.path.dirname(os.path.dirname(os.path.abspath(xdocs.__file__)))
    rest = os.environ.get("PYTHONPATH")
    return root + (os.pathsep + rest if rest else "")


def _read_events(
    proc: subprocess.Popen[bytes],
    deadline: float,
    progress: Callable[[int, int | None], None] | None,
) -> RunResult | None:
    """Events until done/error (a result), the pipe's end (a result with ok False and
    no kind), or the deadline (None)."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    os.set_blocking(fd, False)
    buf = b""
    total: int | None = None
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if not sel.select(timeout=min(left, 0.5)):
                continue
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            if not chunk:
                return RunResult(False)
            buf += chunk
            if len(buf) > MAX_LINE and b"\n" not in buf:
                return RunResult(False, kind="internal", message="the worker sent garbage")
            *lines, buf = buf.split(b"\n")
            for line in lines:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                kind = event.get("event")
                if kind == "start":
                    total = event.get("total") if isinstance(event.get("total"), int) else None
                    if progress:
                        progress(0, total)
                elif kind == "progress" and progress:
                    progress(int(event.get("rows") or 0), total)
                elif kind == "done":
                    if progress:
                        progress(int(event.get("rows") or 0), int(event.get("rows") or 0))
                    return RunResult(
                        True,
                        rows=int(event.get("rows") or 0),
                        task=event.get("task"),
                        seconds=float(event.get("seconds") or 0.0),
                        inference_seconds=float(event.get("inference_seconds") or 0.0),
                        peak_kib=event.get("peak_kib"),
                    )
                elif kind == "error":
                    return RunResult(
                        False,
                        kind=str(event.get("kind") or "run"),
                        message=str(event.get("message") or "")[:1000],
                    )


def _wait(proc: subprocess.Popen[bytes], deadline: float) -> int | None:
    try:
        return proc.wait(timeout=max(0.1, min(5.0, deadline - time.monotonic())))
    except subprocess.TimeoutExpired:
        return None


def _death(code: int | None, err: Any) -> str:
    """Why the worker ended without an answer."""
    err.seek(0, os.SEEK_END)
    size = err.tell()
    err.seek(max(0, size - STDERR_TAIL))
    tail = err.read().decode("utf-8", "replace").strip().splitlines()
    last = tail[-1][:300] if tail else ""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = " (the memory cap?)" if name == "SIGKILL" else ""
        return f"the evaluation worker was killed by {name}{why}: the model or data crashed it"
    return f"the evaluation worker stopped (exit {code}) without a result" + (
        f": {last}" if last else ""
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the worker's whole process group (it may have started threads or children)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
