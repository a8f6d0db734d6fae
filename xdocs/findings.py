"""Findings: the one shape every pass reports in.

Readers, the structure checks, the Vale engine, the workflow rules and the
evidence checks all return :class:`Finding` objects, so reporters never need
to know which pass produced a problem. It lives at the ground floor of the
package (imports nothing from xdocs) so any layer can use it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
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
    def from_dict(
        cls, data: Mapping[str, Any], *, registered: Callable[[str], bool] | None = None
    ) -> Finding:
        """Inverse of :meth:`to_dict`: the one way a finding is re-made from data.

        Findings are made by their rule (:meth:`xdocs.rules.Rule.finding`) or copied
        with ``dataclasses.replace``; anything read back (a worker's result, the lint
        cache, a baseline, a shard report, the language server's worker) comes
        through here. The data is checked, never coerced: positions are integers
        (not ``"3"``, not ``true``), texts are strings, the severity one of the
        three; with ``registered``, a rule id it does not know is refused, so a
        finding never carries an id ``xdocs rules`` cannot explain. Raises
        KeyError, TypeError or ValueError.
        """
        # checked inline, in the order of the fields: a warm ``xdocs check`` re-makes
        # every cached finding through here (tens of thousands on a large tree)
        path, line, column, rule = data["path"], data["line"], data["column"], data["rule"]
        severity, message = data["severity"], data["message"]
        end_line, end_column = data.get("end_line"), data.get("end_column")
        fix, replacement, source = data.get("fix"), data.get("replacement"), data.get("source")
        if not (isinstance(path, str) and isinstance(rule, str) and isinstance(message, str)):
            raise TypeError("path, rule and message must be strings")
        if _not_int(line) or _not_int(column):  # not a bool, not "3"
            raise TypeError("line and column must be integers")
        if (end_line is not None and _not_int(end_line)) or (
            end_column is not None and _not_int(end_column)
        ):
            raise TypeError("end_line and end_column must be integers")
        for value in (fix, replacement, source):
            if value is not None and not isinstance(value, str):
                raise TypeError("fix, replacement and source must be strings")
        level = _LEVELS.get(severity) if isinstance(severity, str) else None
        if level is None:
            level = Severity.parse(_text(severity, "severity"))
        if registered is not None and not registered(rule):
            raise ValueError(f"rule {rule!r} is not registered (see `xdocs rules`)")
        # the deserializer: the one constructor call outside the rule model
        return cls(path, line, column, rule, level, message, end_line, end_column, fix,
                   replacement, source)  # fmt: skip

    def key(self) -> tuple[str, str, str]:
        """Identity for baselines: stable across unrelated line shifts."""
        return (self.path, self.rule, self.message)


def _not_int(value: Any) -> bool:
    """Whether ``value`` is not an integer (a bool is not one here)."""
    return type(value) is not int and (isinstance(value, bool) or not isinstance(value, int))


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} is not a string")
    return value


#: severities as to_dict writes them (the fast path of from_dict)
_LEVELS = {str(level): level for level in Severity}
