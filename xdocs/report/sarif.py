"""SARIF 2.1.0: the format code-scanning dashboards ingest.

GitHub code scanning (``github/codeql-action/upload-sarif``), Azure DevOps,
VS Code's SARIF viewer and many security dashboards read it. One run, tool
``xdocs``; the driver's rule table documents each rule a result points at,
once (summary, rationale, example, default level), so a dashboard can explain
a finding without xdocs installed; results refer to it by ``ruleIndex`` and
carry only what is their own (message, location, fingerprint, fix). The
output is validated against the official OASIS schema in ``schemas/`` by the
tests.

Mapping choices (SARIF §3.27, §3.30):
- severity error/warning/suggestion → level error/warning/note;
- line 0 ("the whole file") → a location with no region;
- columns are counted in Unicode code points (``columnKind``), as the
  Document counts them, and ``endColumn`` is exclusive, as in SARIF;
- a ``fix`` is emitted only when the finding carries a machine
  ``replacement`` (its description is the hint); a human hint alone goes to
  ``properties.fixHint``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from xdocs.findings import Finding, Severity
from xdocs.report.base import ReportContext, path_to_uri, severity_of, sort_findings

if TYPE_CHECKING:
    from xdocs.rules import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.SUGGESTION: "note",
}


def _lookup(rule_id: str, rules: Mapping[str, Rule]) -> Rule | None:
    """The Rule documenting *rule_id*: itself, else the longest family
    (``vale/*``, ``grammar/harper/*``) whose prefix it starts with."""
    if rule_id in rules:
        return rules[rule_id]
    best: Rule | None = None
    best_len = -1
    for key, rule in rules.items():
        if key.endswith("*") and rule_id.startswith(key[:-1]) and len(key) > best_len:
            best, best_len = rule, len(key)
    return best


def _descriptor(rule_id: str, rule: Rule | None, seen_level: str | None) -> dict[str, Any]:
    """A reportingDescriptor for one rule id."""
    namespace = rule_id.split("/", 1)[0]
    desc: dict[str, Any] = {"id": rule_id}
    if rule is None:
        desc["shortDescription"] = {"text": rule_id}
        if seen_level:
            desc["defaultConfiguration"] = {"level": seen_level}
        desc["properties"] = {"tags": [namespace]}
        return desc
    desc["shortDescription"] = {"text": rule.summary or rule_id}
    if rule.rationale:
        desc["fullDescription"] = {"text": rule.rationale}
    help_text = rule.rationale or rule.summary or rule_id
    help_md = help_text
    if rule.example:
        help_text += "\n\nExample:\n" + rule.example
        help_md += "\n\n**Example**\n\n```markdown\n" + rule.example.rstrip("\n") + "\n```"
    if rule.fix:
        help_text += "\n\nFix: " + rule.fix
        help_md += "\n\n**Fix:** " + rule.fix
    desc["help"] = {"text": help_text, "markdown": help_md}
    desc["defaultConfiguration"] = {"level": LEVELS[Severity.parse(rule.severity)]}
    desc["properties"] = {"tags": [namespace]}
    return desc


def build_rule_table(
    findings: Sequence[Finding], rules: Mapping[str, Rule]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The driver's rules and each id's index in it.

    One descriptor per rule id that a result points at, each once, in id
    order; results refer to it by ``ruleIndex``. The catalogue in *rules* only
    documents them (family members such as ``vale/Xalura.Passive`` take their
    family's documentation; an id it does not know gets a minimal entry). The
    rest of the catalogue is left out: listing all ~240 rules made a log of
    the seven example cards weigh 310 KB for 7 results; ``xdocs rules`` documents them.
    """
    seen_levels: dict[str, str] = {}
    for finding in findings:
        seen_levels.setdefault(finding.rule, LEVELS[severity_of(finding)])
    ids = sorted(seen_levels)
    table = [_descriptor(rid, _lookup(rid, rules), seen_levels[rid]) for rid in ids]
    return table, {rid: index for index, rid in enumerate(ids)}


def _region(finding: Finding) -> dict[str, int] | None:
    """The SARIF region, or None for a whole-file finding (line < 1)."""
    if finding.line < 1:
        return None
    region: dict[str, int] = {"startLine": finding.line}
    has_column = finding.column >= 1
    if has_column:
        region["startColumn"] = finding.column
    end_line = finding.end_line
    if end_line is not None and end_line >= finding.line:
        region["endLine"] = end_line
        end_col = finding.end_column
        if (
            has_column
            and end_col is not None
            and end_col >= 1
            and (end_line > finding.line or end_col >= finding.column)
        ):
            region["endColumn"] = end_col
    return region


def _fingerprint(finding: Finding) -> str:
    """Identity that survives unrelated edits above the finding (no line)."""
    key = "\0".join((finding.path, finding.rule, finding.message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    uri = path_to_uri(finding.path)
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    region = _region(finding)
    if region is not None:
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[severity_of(finding)],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"xdocsFinding/v1": _fingerprint(finding)},
    }
    if finding.replacement is not None and region is not None and "startColumn" in region:
        deleted = dict(region)
        result["fixes"] = [
            {
                "description": {"text": finding.fix or "Apply the suggested replacement"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {
                                "deletedRegion": deleted,
                                "insertedContent": {"text": finding.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    if finding.fix and "fixes" not in result:  # with a fix, its description is the hint
        result["properties"] = {"fixHint": finding.fix}
    return result


def to_sarif(findings: Sequence[Finding], ctx: ReportContext) -> dict[str, Any]:
    """The SARIF log as a dict (one run)."""
    ordered = sort_findings(findings)
    table, index = build_rule_table(ordered, ctx.rules)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if ctx.notes:
        invocation["toolExecutionNotifications"] = [
            {"level": "note", "message": {"text": note}} for note in ctx.notes
        ]
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "xdocs",
                        "version": ctx.tool_version,
                        "rules": table,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule]) for f in ordered],
                "properties": {"filesChecked": ctx.files_checked},
            }
        ],
    }


def render(findings: Sequence[Finding], ctx: ReportContext, stream: TextIO) -> None:
    """Write the SARIF log to *stream* (laid out by :func:`dump_log`)."""
    stream.write(dump_log(to_sarif(findings, ctx)))


def dump_log(log: dict[str, Any]) -> str:
    """A one-run SARIF log as text: the envelope and rule table indented, each result
    compact on its own line. ``indent=`` over 30,000 results takes the pure-Python
    encoder (2.5 s); per-result ``dumps`` uses the C one (0.4 s) and keeps one result
    per line for grep and diff. (Shard reports, :mod:`xdocs.report.shard_report`, add
    their header to the log before this.)"""
    run = dict(log["runs"][0])
    results = run["results"]
    token = f"xdocs-results-{uuid.uuid4().hex}"
    run["results"] = token
    envelope = json.dumps({**log, "runs": [run]}, indent=2, ensure_ascii=True)
    if results:
        body = ",\n".join("        " + json.dumps(r, ensure_ascii=True) for r in results)
        listing = "[\n" + body + "\n      ]"
    else:
        listing = "[]"
    return envelope.replace(json.dumps(token), listing, 1) + "\n"
