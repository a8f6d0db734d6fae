"""The real Vale binary through subprocess (``vale --output=JSON``).

Picked when ``prefer_binary`` is set and a ``vale`` executable is found: the
``XDOCS_VALE`` environment variable first, then ``PATH``. Vale's JSON output
is ``{path: [{Check, Message, Severity, Line, Span, Match, Action, Link,
Description}]}``; exit 0 (no errors) and 1 (error-level alerts) both carry
results, exit 2 is a runtime/config error (Vale prints ``{"Code", "Text"}``
or plain text). We never pretend the binary ran: when it is missing the
caller falls back to the built-in engine and says so in one note.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from xdocs.vale.errors import ValeError
from xdocs.vale.state import Alert


def find_binary() -> str | None:
    """Path of a ``vale`` executable, or ``None``."""
    env = os.environ.get("XDOCS_VALE")
    if env:
        return env if (Path(env).is_file() and os.access(env, os.X_OK)) else shutil.which(env)
    return shutil.which("vale")


def run_binary(
    binary: str, paths: list[str], config: str | None = None, cwd: str | None = None,
    timeout: float = 600.0,
) -> list[Alert]:  # fmt: skip
    """Run Vale and parse its JSON; raises :class:`ValeError` on exit 2 or bad output."""
    cmd = [binary, "--output=JSON", "--no-exit"]
    if config:
        cmd.append(f"--config={config}")
    cmd += [str(p) for p in paths]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ValeError(f"could not run {binary}: {exc}", code="E100") from None
    if proc.returncode not in (0, 1):
        raise ValeError(_error_text(proc.stdout, proc.stderr), code="E100")
    return parse_json(proc.stdout)


def _error_text(stdout: str, stderr: str) -> str:
    for text in (stdout, stderr):
        try:
            data = json.loads(text)
        except ValueError:
            continue
        if isinstance(data, dict) and "Text" in data:
            return f"vale: {data.get('Code', 'E100')} {data['Text']}".strip()
    msg = (stderr or stdout).strip().splitlines()
    return "vale failed: " + (msg[0] if msg else "no output")


def parse_json(text: str) -> list[Alert]:
    """Vale's JSON output into :class:`Alert` objects (files sorted, alerts by position)."""
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValeError(f"vale printed invalid JSON: {exc}", code="E100") from None
    if not isinstance(data, dict):
        raise ValeError("vale JSON output is not an object of files", code="E100")
    out: list[Alert] = []
    for path in sorted(data):
        for a in data[path] or []:
            span = a.get("Span") or [0, 0]
            action = a.get("Action") or {}
            out.append(Alert(
                path=path, line=int(a.get("Line", 0)), span=(int(span[0]), int(span[-1])),
                check=str(a.get("Check", "")), message=str(a.get("Message", "")),
                severity=str(a.get("Severity", "suggestion")), match=str(a.get("Match", "")),
                action={"name": action.get("Name", ""), "params": action.get("Params") or []},
                link=str(a.get("Link", "")),
                description=str(a.get("Description", ""))))  # fmt: skip
    out.sort(key=lambda x: (x.path, x.line, x.span[0]))
    return out
