"""A bare LSP client over pipes, for what a well-behaved client never sends.

pytest-lsp's client only sends well-formed messages; the robustness tests need
broken framing, invalid JSON and wrong parameters too. This speaks the base
protocol (``Content-Length`` headers, JSON bodies) by hand, reads the server's
messages on a thread and lets a test wait for a response or a notification.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read_message(stream: BinaryIO) -> dict[str, Any] | None:
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length is None:
        return None
    body = stream.read(length)
    return json.loads(body)


class RawClient:
    def __init__(self, cmd: list[str], env: dict[str, str], stderr: Path) -> None:
        self._stderr = stderr.open("wb")
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self._ids = iter(range(1, 1_000_000))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while True:
            try:
                msg = _read_message(self.proc.stdout)
            except (ValueError, OSError):
                return
            if msg is None:
                return
            msg["_t"] = time.monotonic()  # when it arrived (benchmarks read it)
            self.messages.put(msg)

    def send_bytes(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(frame(json.dumps({"jsonrpc": "2.0", **message}).encode()))

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> dict[str, Any]:
        """Send a request and return its response message (result or error)."""
        msg_id = next(self._ids)
        self.send({"id": msg_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == msg_id and "method" not in m, timeout)

    def wait(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 60) -> Any:
        for msg in self.seen:
            if predicate(msg):
                self.seen.remove(msg)
                return msg
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching message in {timeout} s")
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if predicate(msg):
                return msg
            self.seen.append(msg)

    def diagnostics(self, uri: str, predicate: Callable[[list[dict]], bool], timeout: float = 90):
        """Wait for a publishDiagnostics for ``uri`` whose diagnostics satisfy ``predicate``."""

        def match(m: dict[str, Any]) -> bool:
            return (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and predicate(m["params"]["diagnostics"])
            )

        return self.wait(match, timeout)["params"]["diagnostics"]

    def initialize(self, root: Path) -> dict[str, Any]:
        response = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {},
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            },
        )
        self.notify("initialized", {})
        return response

    def alive(self) -> bool:
        """The server answers a request (after whatever the test sent before)."""
        response = self.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": "file:///nowhere.md"},
                "position": {"line": 0, "character": 0},
            },
        )
        return "result" in response and self.proc.poll() is None

    def error_messages(self) -> list[str]:
        """``window/showMessage`` errors received so far (popups in an editor)."""
        while True:
            try:
                self.seen.append(self.messages.get_nowait())
            except queue.Empty:
                break
        return [
            m["params"]["message"]
            for m in self.seen
            if m.get("method") == "window/showMessage" and m["params"].get("type") == 1
        ]

    def close(self) -> int:
        with contextlib.suppress(OSError, AssertionError):
            self.request("shutdown", None, timeout=30)
            self.notify("exit", None)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._stderr.close()
        return code
