"""Measured precision of the prose rules, and which of them run by default.

A rule wrong more often than right teaches writers to ignore the linter, so each
prose rule (Harper, proselint, the house Vale style) was judged by hand on real
Hugging Face cards: the labelled findings are kept in ``tests/lint/labels/`` and
``tests/lint/test_precision.py`` recomputes every figure below from them (a figure
that drifts from its labels fails the test). docs/lint.md describes the sample
and how each finding was judged.

``MEASURED`` maps a rule id to (precision after tuning, findings judged, on by
default). A rule is on by default when its precision is at least
:data:`THRESHOLD`; ``xdocs rules`` shows the figure, and ``rules:`` in xdocs.yml
turns an off rule on by naming it (``grammar/harper/SpellCheck: warning``).
Rules not listed were not measured (they did not fire on the sample) and keep
their engine's default. This module is plain data: the runner reads it on every
run without importing any engine.
"""

from __future__ import annotations

from typing import Any, NamedTuple

#: precision below which a rule is off by default
THRESHOLD = 0.8


class Measured(NamedTuple):
    precision: float
    judged: int
    enabled: bool


MEASURED: dict[str, Measured] = {}


def measured(rule_id: str) -> Measured | None:
    return MEASURED.get(rule_id)


def enabled_by_default(rule_id: str) -> bool:
    m = MEASURED.get(rule_id)
    return True if m is None else m.enabled


def default_off() -> set[str]:
    """Rule ids that are off unless xdocs.yml names them."""
    return {rule for rule, m in MEASURED.items() if not m.enabled}


def _is_off(value: Any) -> bool:
    return value is False or value is None or str(value).strip().lower() in {
        "off", "false", "no", "none", "disable", "disabled"}  # fmt: skip


def turned_on(config: Any) -> set[str]:
    """Rule ids xdocs.yml's ``rules:`` names exactly with a severity (not ``off``)."""
    raw = getattr(config, "data", {}).get("rules") or {}
    if not isinstance(raw, dict):
        return set()
    return {str(k) for k, v in raw.items() if not _is_off(v)}


def rule_on(config: Any, rule_id: str) -> bool:
    """Whether ``rule_id`` runs: on by default, or off by default and named in ``rules:``."""
    return enabled_by_default(rule_id) or rule_id in turned_on(config)
