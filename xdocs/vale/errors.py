"""Errors of the built-in Vale engine.

Vale reports configuration and rule problems as ``E100`` (runtime) and
``E201`` (invalid rule or config, with a file and line) and exits 2. We keep
the same split so a team's CI reacts the same way with or without the Go
binary: one :class:`ValeError` carries the file, the line where known, and a
hint on what to do; the CLI prints it as one line and exits 2.
"""

from __future__ import annotations


class ValeError(Exception):
    """A configuration or rule error: never a traceback, always exit code 2."""

    exit_code = 2

    def __init__(
        self, message: str, path: str | None = None, line: int | None = None, code: str = "E201"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.code = code

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        if self.message.startswith("["):  # Vale's "E100 [context] Runtime error" shape
            return f"{self.code} {self.message}" + (f" (in {where})" if where else "")
        return f"{self.code} {where}: {self.message}" if where else f"{self.code} {self.message}"
