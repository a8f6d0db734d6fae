"""Shard reports: what ``xdocs check --shard I/N --format json|sarif`` writes, read back.

A shard's report is its format's own document plus a header saying which shard of
which run it is (:class:`ShardHeader`), so ``xdocs merge-reports`` can refuse reports
that do not belong together before it combines them (:mod:`xdocs.report.merge`):

- **json**: ``{"xdocs_shard": HEADER, "findings": [...]}``, the findings exactly as
  ``--format json`` lists them (``Finding.to_dict()``, one per line). A plain run's bare
  list has no place for the header, and a shard's list alone is not a whole report.
- **sarif**: the SARIF log ``--format sarif`` writes, with the header in the run's
  property bag (``runs[0].properties.xdocsShard``; SARIF §3.8: tool-specific data,
  which viewers ignore).

Reports are input from elsewhere (CI artifacts): read with a size limit, never a
FIFO or a link, every field type-checked; anything else is a :class:`ShardReportError`
naming what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote

from xdocs.findings import Finding, Severity
from xdocs.report.base import ReportContext, dump_json_list

#: where the header lives in each format
JSON_KEY = "xdocs_shard"
SARIF_KEY = "xdocsShard"
#: the formats a shard report can be written in (the machine formats that round-trip)
SHARD_FORMATS = ("json", "sarif")
#: the largest report read (100,000 cards with 30 findings each is about 600 MB of SARIF)
MAX_REPORT_BYTES = 2 * 1024**3
_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.SUGGESTION}
_DEFAULT_FIX = "Apply the suggested replacement"  # sarif._result's description without a hint


class ShardReportError(ValueError):
    """A report that is not a shard report, or a malformed one (the message says which)."""


@dataclass(frozen=True)
class ShardHeader:
    """Which shard of which run a report holds (docs/reports.md, "Shard reports")."""

    schema: int
    index: int
    count: int
    tool_version: str
    #: digest of the configuration, options and working folder (xdocs.lint.shard)
    config: str
    fail_on: str
    #: digests of the whole run's files, and of its files with their costs
    universe: str
    plan: str
    #: digest of every path as the reports show it (the same files named the same way)
    names: str
    #: identities in the whole run, and how many this shard took
    entries: int
    taken: int
    cost: int
    total_cost: int
    #: the files this shard checked (display paths), its run notes
    files: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def of_run(
        cls, plan: Any, files: Sequence[str], notes: Sequence[str], fail_on: Severity | str
    ) -> ShardHeader:
        """The header of a run with ``options.shard`` (``plan``: its ShardPlan)."""
        from xdocs import __version__
        from xdocs.lint.shard import SHARD_SCHEMA

        return cls(
            schema=SHARD_SCHEMA,
            index=plan.spec.index,
            count=plan.spec.count,
            tool_version=__version__,
            config=plan.config,
            fail_on=str(Severity.parse(fail_on)),
            universe=plan.universe,
            plan=plan.plan,
            names=plan.names,
            entries=plan.entries,
            taken=plan.taken,
            cost=plan.cost,
            total_cost=plan.total_cost,
            files=tuple(files),
            notes=tuple(notes),
        )

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["files"], out["notes"] = list(self.files), list(self.notes)
        return out

    @classmethod
    def from_dict(cls, data: Any) -> ShardHeader:
        """Type-checked: a missing or mistyped field is a ShardReportError naming it."""
        if not isinstance(data, dict):
            raise ShardReportError("its shard header is not an object")
        values: dict[str, Any] = {}
        for name, kind in _HEADER_TYPES.items():
            value = data.get(name)
            ok = isinstance(value, kind) and not isinstance(value, bool)
            if ok and kind is int:
                ok = value >= 0
            elif ok and kind is list:
                ok = all(isinstance(item, str) for item in value)
                value = tuple(value)
            if not ok:
                raise ShardReportError(f"its shard header has no valid {name!r}")
            values[name] = value
        header = cls(**values)
        if not 1 <= header.index <= header.count:
            raise ShardReportError(f"its shard header says shard {header.index}/{header.count}")
        try:
            Severity.parse(header.fail_on)
        except ValueError:
            raise ShardReportError(f"its shard header has fail_on {header.fail_on!r}") from None
        return header


_HEADER_TYPES: dict[str, type] = {
    "schema": int,
    "index": int,
    "count": int,
    "tool_version": str,
    "config": str,
    "fail_on": str,
    "universe": str,
    "plan": str,
    "names": str,
    "entries": int,
    "taken": int,
    "cost": int,
    "total_cost": int,
    "files": list,
    "notes": list,
}


@dataclass
class ShardReport:
    """One shard report as read: its header, its findings and (SARIF) its rule descriptors."""

    path: str
    fmt: str
    header: ShardHeader
    findings: list[Finding]
    #: SARIF only: rule id -> the driver's reportingDescriptor, as the shard wrote it
    descriptors: dict[str, dict[str, Any]] = field(default_factory=dict)


# -- writing ----------------------------------------------------------------------------------
def write_shard_report(
    findings: Sequence[Finding],
    fmt: str,
    header: ShardHeader,
    *,
    stream: TextIO,
    rules: Iterable[Any] | Mapping[str, Any] | None = None,
) -> None:
    """Write a shard report (``fmt`` json or sarif) to *stream*."""
    if fmt == "json":
        from xdocs.report.json_report import to_data

        head = json.dumps(header.to_dict(), ensure_ascii=True)
        body = dump_json_list(to_data(findings)).rstrip("\n")
        stream.write(f'{{"{JSON_KEY}": {head},\n"findings": {body}}}\n')
        return
    if fmt != "sarif":
        raise ValueError(f"a shard report is json or sarif, not {fmt!r}")
    from xdocs.report import sarif

    if rules is not None and not isinstance(rules, Mapping):
        rules = {rule.id: rule for rule in rules}
    ctx = ReportContext(
        files_checked=len(header.files),
        tool_version=header.tool_version,
        notes=header.notes,
        rules=dict(rules or {}),
        fail_on=Severity.parse(header.fail_on),
        files=header.files,
    )
    log = sarif.to_sarif(findings, ctx)
    log["runs"][0]["properties"][SARIF_KEY] = header.to_dict()
    stream.write(sarif.dump_log(log))


# -- reading ----------------------------------------------------------------------------------
def read_shard_report(path: str | Path) -> ShardReport:
    """Read one shard report. OSError when it cannot be read (missing, a FIFO, a link,
    too large), ShardReportError when it is not a shard report."""
    from xdocs.fileio import ReadPolicy, read_regular_file

    # never a link (whatever the project's input policy), never a FIFO, bounded
    data = read_regular_file(path, policy=ReadPolicy(max_bytes=MAX_REPORT_BYTES))
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        where = f" (line {exc.lineno}: {exc.msg})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ShardReportError(f"not a JSON document{where}") from None
    if isinstance(doc, list):
        raise ShardReportError("a whole report, not a shard's: it was written without --shard")
    if isinstance(doc, dict) and JSON_KEY in doc:
        header = ShardHeader.from_dict(doc[JSON_KEY])
        return ShardReport(str(path), "json", header, _json_findings(doc.get("findings")))
    if isinstance(doc, dict) and "runs" in doc:
        return _read_sarif(str(path), doc)
    raise ShardReportError("not an xdocs report (neither --format json nor sarif)")


def _json_findings(items: Any) -> list[Finding]:
    if not isinstance(items, list):
        raise ShardReportError("its 'findings' is not a list")
    out: list[Finding] = []
    for number, item in enumerate(items, start=1):
        try:
            finding = Finding.from_dict(item)  # checks every field's type ("3" is no line)
        except (AttributeError, KeyError, TypeError, ValueError):
            raise ShardReportError(f"finding {number} is not a finding") from None
        out.append(finding)
    return out


def _read_sarif(path: str, doc: dict[str, Any]) -> ShardReport:
    runs = doc.get("runs")
    if doc.get("version") != "2.1.0" or not isinstance(runs, list) or len(runs) != 1:
        raise ShardReportError("not a one-run SARIF 2.1.0 log as xdocs writes it")
    run = runs[0]
    props = run.get("properties") if isinstance(run, dict) else None
    if not isinstance(props, dict) or SARIF_KEY not in props:
        raise ShardReportError("a SARIF log without a shard header: written without --shard")
    header = ShardHeader.from_dict(props[SARIF_KEY])
    try:
        results = run["results"]
        rules = run["tool"]["driver"]["rules"]
        if not isinstance(results, list) or not isinstance(rules, list):
            raise TypeError
        descriptors = {
            d["id"]: d for d in rules if isinstance(d, dict) and isinstance(d["id"], str)
        }
    except (KeyError, TypeError):
        raise ShardReportError("its SARIF run has no results or rule table") from None
    findings = []
    for number, result in enumerate(results, start=1):
        try:
            findings.append(finding_from_result(result))
        except (KeyError, TypeError, ValueError, IndexError):
            raise ShardReportError(f"result {number} is not a result xdocs writes") from None
    return ShardReport(path, "sarif", header, findings, descriptors)


def uri_to_path(uri: str) -> str:
    """Inverse of :func:`xdocs.report.base.path_to_uri` for the paths xdocs displays."""
    if uri.startswith("file:///") and len(uri) > 10 and uri[9] == ":":
        return unquote(uri[8:], errors="surrogateescape")  # file:///C:/… → C:/…
    if uri.startswith("file://"):
        return unquote(uri[7:], errors="surrogateescape")
    return unquote(uri, errors="surrogateescape")


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not an integer")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def finding_from_result(result: dict[str, Any]) -> Finding:
    """A Finding from a SARIF result as :mod:`xdocs.report.sarif` writes it: rendering it
    again gives the same result (tests/report/test_merge_properties.py)."""
    physical = result["locations"][0]["physicalLocation"]
    region = physical.get("region")
    line = column = 0
    end_line = end_column = None
    if region is not None:
        line = _int(region["startLine"])
        column = _int(region.get("startColumn", 0))
        end_line = _int(region["endLine"]) if "endLine" in region else None
        end_column = _int(region["endColumn"]) if "endColumn" in region else None
    fix = replacement = None
    fixes = result.get("fixes")
    if fixes:
        fix = _str(fixes[0]["description"]["text"])
        fix = None if fix == _DEFAULT_FIX else fix
        change = fixes[0]["artifactChanges"][0]["replacements"][0]
        replacement = _str(change["insertedContent"]["text"])
    elif isinstance(result.get("properties"), dict) and "fixHint" in result["properties"]:
        fix = _str(result["properties"]["fixHint"])
    return Finding.from_dict(
        {
            "path": uri_to_path(_str(physical["artifactLocation"]["uri"])),
            "line": line,
            "column": column,
            "rule": result["ruleId"],
            "severity": str(_LEVELS[result["level"]]),
            "message": result["message"]["text"],
            "end_line": end_line,
            "end_column": end_column,
            "fix": fix,
            "replacement": replacement,
        }
    )
