"""The one place the portal reads the rule registry (an adapter, kept small).

The rule model is :class:`xdocs.rules.Rule` (listed by
``xdocs.lint.registry.all_rules``): this adapter turns each rule into a
:class:`RuleView`, the plain record the rule catalogue pages render, reading
fields by name with fallbacks, so a change to the rule record touches this file
only.

It also applies the **house filter**: a rule whose own message uses wording
unfit for a corporate portal (:data:`UNFIT_WORDING`) must be off by default
in the project's ``xdocs.yml`` (a test checks it for ``site_config/xdocs.yml``),
and the catalogue shows that it is off and why instead of quoting the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: wording a publishing team does not put in front of readers (proselint quotes its
#: sources' jokes: "the hallmarks of a pretentious ass", "substitute 'damn'").
UNFIT_WORDING = re.compile(
    r"\b(ass|asses|damn|damned|stupid|idiot\w*|moron\w*|crap|bullshit|shit\w*|fuck\w*)\b",
    re.IGNORECASE,
)
#: examples that only point elsewhere are not shown as examples.
_PLACEHOLDER = re.compile(r"^\s*(see\b|todo\b|tbd\b|n/?a\b|example\b\W*$)", re.IGNORECASE)


@dataclass(frozen=True)
class RuleView:
    """A rule as the catalogue shows it."""

    id: str
    family: str
    #: the group inside the family (proselint's check module: ``cliches``, ``misc``…)
    group: str
    severity: str
    summary: str
    why: str
    example: str
    good: str
    fix: str
    #: off by default in this project (``rules:`` in xdocs.yml)
    off: bool
    #: the rule's own message is unfit to publish (see UNFIT_WORDING)
    unfit: bool


def _text(rule: Any, *names: str) -> str:
    for name in names:
        value = getattr(rule, name, None)
        if value:
            return " ".join(str(value).split()) if name != "example" else str(value)
    return ""


def rule_view(rule: Any, off: bool = False) -> RuleView:
    """A registry rule as a :class:`RuleView`."""
    rid = str(rule.id)
    family, _, rest = rid.partition("/")
    group = rest.split(".", 1)[0].split("/", 1)[0] if "." in rest or "/" in rest else ""
    severity = getattr(rule, "severity", "")
    severity = getattr(severity, "name", str(severity)).lower()
    example = _text(rule, "example", "bad")
    summary = _text(rule, "summary", "message")
    return RuleView(
        id=rid,
        family=family,
        group=group,
        severity=severity,
        summary=summary,
        why=_text(rule, "why", "rationale"),
        example="" if _PLACEHOLDER.match(example) else example,
        good=_text(rule, "good", "instead"),
        fix=_text(rule, "fix"),
        off=off,
        unfit=bool(UNFIT_WORDING.search(f"{summary} {_text(rule, 'fix')}")),
    )


def load_rules(config: Any) -> tuple[list[RuleView], str | None]:
    """Every registered rule as a view, and why the list is incomplete (or None)."""
    try:
        from xdocs.lint.registry import all_rules
    except ImportError as exc:  # a lint pass is missing from this tree
        return [], f"The rule registry could not be loaded ({exc}); the catalogue is empty."
    off = off_rules(config)
    views = [
        rule_view(r, str(r.id) in off or not getattr(r, "enabled", True)) for r in all_rules(config)
    ]
    return sorted(views, key=lambda v: v.id), None


def off_rules(config: Any) -> set[str]:
    """Rule ids turned off in the project's ``rules:`` setting."""
    settings = (getattr(config, "data", None) or {}).get("rules") or {}
    out = set()
    for key, value in dict(settings).items():
        text = str(value).strip().lower()
        if value is False or value is None or text in ("off", "false", "no", "none", "disable"):
            out.add(str(key))
    return out
