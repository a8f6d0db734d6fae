"""Bias findings and their rule documentation (``xdocs rules bias/disparity``)."""

from __future__ import annotations

from xdocs.evidence.bias.audit import LABELS, ColumnAudit
from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX, Rule, rule_index

RULES: tuple[Rule, ...] = (
    Rule(
        "bias/disparity",
        "A metric differs between groups by more than the configured limit.",
        "Stage 2 asks the reviewer to assess bias and flag concerns. xdocs audits the "
        "predictions per group with Fairlearn's MetricFrame and flags a between-group "
        "difference over evidence.bias.max_difference (default 0.1) in accuracy, selection "
        "rate (demographic parity) or true/false positive rate (equalized odds), and a "
        "selection-rate ratio under evidence.bias.min_ratio (default 0.8, the four-fifths "
        "rule). A flag is a question for the reviewer, not a verdict: base rates may "
        "differ between groups.",
        "region: accuracy differs by 0.152 between south (0.781, 412 rows) and north "
        "(0.933, 1,588 rows), over the 0.1 limit",
        Severity.WARNING,
        "explain or mitigate the gap in the ethical considerations, and record the decision "
        "in the evaluation approval's note",
    ),
    Rule(
        "bias/group-too-small",
        "A group has too few rows to judge.",
        "A rate measured on a handful of rows swings by chance; groups under "
        "evidence.bias.min_group_size rows (default 30) are left out of the comparison "
        "and listed, so a reviewer sees who was not judged instead of a silent omission.",
        "age_band: 85+ has 12 rows (fewer than 30): too small to judge",
        Severity.WARNING,
        "collect more evaluation rows for the group, or merge groups",
    ),
    Rule(
        "bias/missing-audit",
        "A medium- or high-risk card has no bias audit.",
        "For a model whose errors can fall unevenly on people, the reviewer needs per-group "
        "results, not just the submitter's chosen slices: an evaluation entry with group "
        "columns (audited on every check when the predictions are at hand) or a recorded "
        "bias_audit (xdocs evaluate --write).",
        "risk_rating: high, and neither evaluation: [{…, group: [region]}] nor bias_audit:",
        Severity.WARNING,
        "add group: columns to an evaluation entry and run xdocs evaluate --write CARD",
    ),
)

#: the rules by id
R = rule_index(RULES)


def findings_for(audit: ColumnAudit, path: str, line: int, where: str) -> list[Finding]:
    """``bias/disparity`` per flagged gap and one ``bias/group-too-small`` per column."""
    rows = {g["name"]: g["rows"] for g in audit.groups}
    out = []
    for gap in audit.flagged:
        label = LABELS.get(gap.metric, gap.metric)
        lo, hi = _shown(gap.low), _shown(gap.high)
        out.append(
            R["bias/disparity"].finding(
                path,
                line,
                1,
                f"{where}: {audit.column}: {label} differs by {gap.difference:.3f} between "
                f"{lo} ({gap.low_value:.3f}, {rows.get(gap.low, 0):,} rows) and {hi} "
                f"({gap.high_value:.3f}, {rows.get(gap.high, 0):,} rows): {gap.why}",
                fix="explain or mitigate the gap; record the decision in the evaluation approval",
            )
        )
    if audit.too_small:
        listed = ", ".join(f"{_shown(n)} ({r:,} rows)" for n, r in audit.too_small[:10])
        more = f" and {len(audit.too_small) - 10} more" if len(audit.too_small) > 10 else ""
        out.append(
            R["bias/group-too-small"].finding(
                path,
                line,
                1,
                f"{where}: {audit.column}: too small to judge: {listed}{more}",
                fix=NO_FIX,
            )
        )
    return out


def _shown(name: str) -> str:
    text = name if name != "" else "(blank)"
    return repr(text[:40]) if any(c in text for c in ",:()") else text[:40]
