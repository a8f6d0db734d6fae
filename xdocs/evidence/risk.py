"""Bias and risk: the risk rating, what it demands, and review flags.

``risk_rating: high | medium | low | unknown`` (SageMaker's field and scale)
with a written rationale (``risk_rationale``, or SageMaker's
``explanations_for_risk_rating``). A medium or high risk model must show
disaggregated evaluation (at least one metric with a ``slice``) and an
ethical considerations section that names its mitigations: a fair reading of
"assess potential ethical implications and bias" that a machine can check.

Reviewers raise concerns as ``flags: [{by, at, severity, note}]`` in the
front-matter. A ``critical`` flag that is not resolved (``resolved: true``
or ``resolved_at``) blocks approval beyond the evaluation stage; the workflow
reads :func:`open_critical_flags` for that.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from xdocs.card.flags import flag_resolved
from xdocs.card.model import ModelCard, SectionStatus
from xdocs.evidence.rules import R
from xdocs.findings import Finding, Severity

RATINGS = ("high", "medium", "low", "unknown")
#: accepted flag severities (the workflow treats anything but critical as non-blocking).
FLAG_SEVERITIES = ("critical", "high", "major", "warning", "medium", "minor", "low", "info")
#: words that say something is done about a risk. A heuristic: a section without any
#: of them is a warning (not an error) asking the author to name the mitigations.
_MITIGATION = re.compile(
    r"mitigat|safeguard|counter-?measure|remov(?:e|es|ed|al)|filter|block|mask|redact|"
    r"anonymi[sz]|pseudonymi[sz]|human review|reviewed by|review team|monitor|audit|"
    r"notice|banner|warn|threshold|restrict|opt[- ]out|consent|retrain|fairness review|"
    r"we (?:reduce|address|limit)",
    re.I,
)


def risk_rating(card: ModelCard) -> Any:
    """The card's risk rating as written (metadata, else SageMaker's intended_uses)."""
    value = card.metadata.get("risk_rating")
    if isinstance(value, Mapping):  # risk: {rating, rationale}
        value = value.get("rating")
    if value is None and isinstance(card.raw, Mapping):
        value = card.raw.get("risk_rating")
        uses = card.raw.get("intended_uses")
        if value is None and isinstance(uses, Mapping):
            value = uses.get("risk_rating")
        risk = card.raw.get("risk")
        if value is None and isinstance(risk, Mapping):
            value = risk.get("rating")
    return value


def risk_rationale(card: ModelCard) -> str | None:
    """The written reason for the rating, wherever the format keeps it."""
    raw = card.raw if isinstance(card.raw, Mapping) else {}
    candidates = [
        card.metadata.get("risk_rationale"),
        raw.get("risk_rationale"),
        raw.get("risk_rating_rationale"),
        raw.get("explanations_for_risk_rating"),
    ]
    if isinstance(raw.get("intended_uses"), Mapping):
        candidates.append(raw["intended_uses"].get("explanations_for_risk_rating"))
    if isinstance(raw.get("risk"), Mapping):
        candidates.append(raw["risk"].get("rationale"))
    for text in candidates:
        if isinstance(text, str) and text.strip():
            return text.strip()
    return None


def check_risk(card: ModelCard, path: str, line_of: Callable[..., int]) -> list[Finding]:
    """Rating present and valid, rationale written, medium/high demands met."""
    out: list[Finding] = []
    raw_rating = risk_rating(card)
    if raw_rating is None or (isinstance(raw_rating, str) and not raw_rating.strip()):
        out.append(
            R["risk/missing-rating"].finding(
                path,
                line_of("risk_rating"),
                1,
                "no risk_rating: rate the model high, medium, low or unknown",
                fix="risk_rating: low  (and risk_rationale: why)",
            )
        )
        return out
    rating = str(raw_rating).strip().lower()
    if rating not in RATINGS:
        out.append(
            R["risk/invalid-rating"].finding(
                path,
                line_of("risk_rating"),
                1,
                f"risk_rating {raw_rating!r} is not one of {', '.join(RATINGS)}",
            )
        )
        return out
    if risk_rationale(card) is None:
        out.append(
            R["risk/missing-rationale"].finding(
                path,
                line_of("risk_rating"),
                1,
                f"risk_rating {rating} has no written rationale",
                fix="add risk_rationale: why the model carries this risk",
            )
        )
    if rating in {"medium", "high"}:
        if not any(m.slice for m in card.metrics):
            out.append(
                R["risk/no-sliced-metric"].finding(
                    path,
                    line_of("metrics"),
                    1,
                    f"a {rating}-risk model needs disaggregated evaluation: no metric has a slice",
                    fix="report metrics per group: add slice: to metric entries",
                )
            )
        section = card.section("ethical_considerations")
        where = section.line or line_of("risk_rating")
        if section.status is not SectionStatus.PRESENT:
            out.append(
                R["risk/no-mitigations"].finding(
                    path,
                    where,
                    1,
                    f"a {rating}-risk model needs an ethical considerations section with "
                    f"mitigations; that section is {section.status}",
                )
            )
        elif not _MITIGATION.search(card.section_text("ethical_considerations")):
            out.append(
                R["risk/no-mitigations"].finding(
                    path,
                    where,
                    1,
                    f"a {rating}-risk model needs mitigations: the ethical considerations "
                    "section names risks but no mitigation",
                    severity=Severity.WARNING,
                    fix="say how each risk is mitigated (a 'Mitigations' paragraph)",
                )
            )
    return out


def _resolved(flag: Mapping[str, Any]) -> bool:
    return flag_resolved(flag)


def open_critical_flags(flags: Any) -> list[Mapping[str, Any]]:
    """Critical flags not yet resolved (they block approval beyond evaluation)."""
    if not isinstance(flags, list):
        return []
    return [
        f
        for f in flags
        if isinstance(f, Mapping)
        and str(f.get("severity", "")).strip().lower() == "critical"
        and not _resolved(f)
    ]


def check_flags(flags: Any, path: str, line_of: Callable[..., int]) -> list[Finding]:
    """Every flag well-formed; each open critical flag is an error."""
    if flags is None:
        return []
    if not isinstance(flags, list):
        return [
            R["risk/flag-malformed"].finding(
                path, line_of("flags"), 1, "flags must be a list of {by, at, severity, note}"
            )
        ]
    out: list[Finding] = []
    for i, flag in enumerate(flags):
        if isinstance(flag, str) and flag.strip():
            out.append(
                R["risk/flag-malformed"].finding(
                    path,
                    line_of("flags", i),
                    1,
                    f"flags[{i}] is a bare note: record by, at, severity and note so the "
                    "concern can be tracked",
                    severity=Severity.WARNING,
                )
            )
            continue
        if not isinstance(flag, Mapping):
            out.append(
                R["risk/flag-malformed"].finding(
                    path,
                    line_of("flags", i),
                    1,
                    f"flags[{i}] is not a mapping of by, at, severity, note",
                )
            )
            continue
        missing = [k for k in ("by", "at", "severity", "note") if not flag.get(k)]
        if missing:
            out.append(
                R["risk/flag-malformed"].finding(
                    path, line_of("flags", i), 1, f"flags[{i}] lacks {', '.join(missing)}"
                )
            )
        sev = str(flag.get("severity", "")).strip().lower()
        if flag.get("severity") and sev not in FLAG_SEVERITIES:
            out.append(
                R["risk/flag-malformed"].finding(
                    path,
                    line_of("flags", i, "severity"),
                    1,
                    f"flags[{i}] severity {flag.get('severity')!r} is not one "
                    f"of {', '.join(FLAG_SEVERITIES)}",
                )
            )
        if flag.get("at") and _date(flag.get("at")) is None:
            out.append(
                R["risk/flag-malformed"].finding(
                    path,
                    line_of("flags", i, "at"),
                    1,
                    f"flags[{i}] at {flag.get('at')!r} is not a date (YYYY-MM-DD or ISO 8601)",
                )
            )
    for flag in open_critical_flags(flags):
        i = flags.index(flag)
        note = str(flag.get("note", "")).strip().splitlines()[0][:120] if flag.get("note") else ""
        out.append(
            R["risk/critical-flag"].finding(
                path,
                line_of("flags", i),
                1,
                f"open critical flag by {flag.get('by', '?')}: {note}; it blocks approval "
                "beyond evaluation until resolved",
                fix="address it, then set resolved: true with resolved_by and resolved_at",
            )
        )
    return out


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None
