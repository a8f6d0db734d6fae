"""Per-file state and the alert record (Vale's ``core.File`` and ``core.Alert``).

``FileState`` keeps what Vale keeps per file while linting: the in-text
comment switches (``<!-- vale off -->``, ``<!-- vale Style.Rule = NO -->``),
the history that stops an alert from being reported twice at one place,
rule limits, the sequences consistency and conditional rules share, and
each rule's time budget.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from xdocs.vale.regexes import Budget

_CONTROL = re.compile(r"^vale (.+\..+|[^.]+) = (YES|NO|on|off)$")
_STYLES = re.compile(r"^vale styles? = (.*)$")
_CONTROL_MATCHES = re.compile(r"^vale (.+\..+)(\[.+\]) = (YES|NO)$")


def split_after(s: str) -> list[str]:
    """Go's ``strings.SplitAfter(s, "\\n")``: lines keep their newline."""
    parts = s.split("\n")
    return [p + "\n" for p in parts[:-1]] + [parts[-1]]


@dataclass
class Alert:
    """One Vale alert (the JSON fields of ``vale --output=JSON``)."""

    path: str
    line: int
    span: tuple[int, int]
    check: str
    message: str
    severity: str
    match: str = ""
    action: dict[str, Any] = field(default_factory=lambda: {"name": "", "params": []})
    link: str = ""
    description: str = ""

    @property
    def column(self) -> int:
        return self.span[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "Action": {
                "Name": self.action.get("name", ""),
                "Params": self.action.get("params") or None,
            },
            "Span": list(self.span), "Check": self.check, "Description": self.description,
            "Link": self.link, "Message": self.message, "Severity": self.severity,
            "Match": self.match, "Line": self.line,
        }  # fmt: skip


class FileState:
    """Per-file bookkeeping: comment switches, dedup history, limits, sequences."""

    def __init__(self, path: str, content: str, styles: list[str], checks: dict[str, bool]):
        self.path = path
        self.content = content
        self.lines = split_after(content)
        self.styles = styles
        self.checks = checks
        self.comments: dict[str, bool] = {}
        self.history: set[tuple[int, int, str]] = set()
        self.limits: dict[str, int] = {}
        self.sequences: list[str] = []
        self.alerts: list[Alert] = []
        self.chk_to_ctx: dict[str, str] = {}
        self.summary: list[str] = []
        self.budgets: dict[str, Budget] = {}
        self.timed_out: list[str] = []
        self.markup = False
        self.min_level = 0  # MinAlertLevel for this file (a run may override the config's)
        # What decides which rules run (with the scope and MinAlertLevel): see plan.py.
        self.plan_key = (tuple(styles), tuple(checks.items()))
        self.plans: dict[str, object] = {}

    def update_comments(self, comment: str) -> None:
        if comment == "vale off":
            self.comments["off"] = True
        elif comment == "vale on":
            self.comments["off"] = False
        elif m := _CONTROL_MATCHES.match(comment):
            try:
                parts = json.loads(m.group(2))
            except ValueError:
                parts = []
            for p in parts if isinstance(parts, list) else []:
                self.comments[f"{m.group(1)}[{p}]"] = m.group(3) == "NO"
        elif m := _CONTROL.match(comment):
            self.comments[m.group(1)] = m.group(2) in ("NO", "off")
        elif m := _STYLES.match(comment):
            for style in self.styles:
                self.comments[style] = True
            for style in m.group(1).split(", "):
                self.comments[style] = False

    def query(self, check: str) -> bool:
        if self.comments.get("off"):
            return True
        style, dot, _ = check.partition(".")
        if dot and self.comments.get(style):
            return True
        return bool(self.comments.get(check))

    def reset_comments(self) -> None:
        for k in self.comments:
            if k != "off":
                self.comments[k] = False
