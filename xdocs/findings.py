"""Findings: the one shape every pass reports in.

Readers, the structure checks, the Vale engine, the workflow rules and the
evidence checks all return :class:`Finding` objects, so reporters never need
to know which pass produced a problem. It lives at the ground floor of the
package (imports nothing from xdocs) so any layer can use it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered, so ``--fail-on`` can compare levels."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        """Accept ``error``/``warning``/``suggestion`` (and Vale's spelling)."""
        if isinstance(value, Severity):
            return value
        key = str(value).strip().lower()
        aliases = {"info": "suggestion", "note": "suggestion", "warn": "warning"}
        key = aliases.get(key, key)
        try:
            return cls[key.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r}: use error, warning or suggestion"
            ) from None

    def __str__(self) -> str:  # "error", not "Severity.ERROR"
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place.

    Positions are 1-based; ``line`` 0 means "the file as a whole" (for
    example an unreadable file). ``fix`` is a human hint; ``replacement``,
    when set, is a safe machine fix: the text to put between
    (line, column) and (end_line, end_column).
    """

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    end_line: int | None = None
    end_column: int | None = None
    fix: str | None = None
    replacement: str | None = field(default=None, compare=False)
    source: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: rule, severity, path, line, column, end_line,
        end_column, message, plus fix (and replacement) where there is one."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column if self.end_column is not None else self.column,
            "message": self.message,
        }
        # plain getattr, not dataclasses.asdict: asdict deep-copies every field
        # and made this 10x slower (7 s for the 32,000 findings of the corpus)
        for key in ("fix", "replacement", "source"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Inverse of :meth:`to_dict` (used by the cache and baselines)."""
        return cls(
            path=data["path"],
            line=int(data["line"]),
            column=int(data["column"]),
            rule=data["rule"],
            severity=Severity.parse(data["severity"]),
            message=data["message"],
            end_line=data.get("end_line"),
            end_column=data.get("end_column"),
            fix=data.get("fix"),
            replacement=data.get("replacement"),
            source=data.get("source"),
        )

    def key(self) -> tuple[str, str, str]:
        """Identity for baselines: stable across unrelated line shifts."""
        return (self.path, self.rule, self.message)
