"""What every reporter shares: the run context, the stable order, paths as URIs.

Reporters are pure functions of (findings, context) → text on a stream. They
never know which pass produced a finding; they only read :class:`Finding`
fields. Keeping the ordering and counting here means that ``text``, ``json``
and ``sarif`` list the same findings in the same order, so a diff between two
runs' outputs shows real changes, not shuffles from parallel workers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from xdocs.findings import Finding, Severity

if TYPE_CHECKING:
    from xdocs.rules import Rule


@dataclass(frozen=True)
class ReportContext:
    """Everything about the run that is not a finding."""

    files_checked: int
    tool_version: str
    notes: tuple[str, ...] = ()
    #: rule id -> Rule (documentation for SARIF's rule table); may hold families (``vale/*``)
    rules: Mapping[str, Rule] = field(default_factory=dict)
    #: text reporter only: None = decide from the stream (colour on a TTY, never in CI)
    color: bool | None = None
    #: the run's ``--fail-on``: JUnit marks only findings at or above it as failures
    fail_on: Severity = Severity.ERROR
    #: the files checked, in run order (JUnit has one test case per file); may be empty
    #: when a caller only knows the count, then the files with findings stand in
    files: tuple[str, ...] = ()


def sort_key(finding: Finding) -> tuple:
    """(path, line, column, rule, …): the one order all reporters use.

    ``Finding`` is orderable, but its optional end positions may be None on one
    finding and an int on another, which Python refuses to compare; this key
    never compares None with int.
    """
    return (
        finding.path,
        finding.line,
        finding.column,
        finding.rule,
        -int(finding.severity),
        finding.message,
        finding.end_line if finding.end_line is not None else -1,
        finding.end_column if finding.end_column is not None else -1,
    )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in the stable report order."""
    return sorted(findings, key=sort_key)


def count_by_severity(findings: Sequence[Finding]) -> dict[Severity, int]:
    """How many findings of each severity (every severity present, maybe 0)."""
    counts = {sev: 0 for sev in Severity}
    for finding in findings:
        counts[Severity.parse(finding.severity)] += 1
    return counts


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``, ``1 file``, ``0 files``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(findings: Sequence[Finding], files_checked: int) -> str:
    """``3 errors, 2 warnings, 1 suggestion in 5 files`` or ``no problems in 5 files``."""
    counts = count_by_severity(findings)
    parts = [
        plural(counts[sev], str(sev))
        for sev in (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)
        if counts[sev]
    ]
    head = ", ".join(parts) if parts else "no problems"
    return f"{head} in {plural(files_checked, 'file')}"


@lru_cache(maxsize=4096)
def posix_path(path: str) -> str:
    """A display path with forward slashes: CI systems match paths that way.

    Only a path that looks like a Windows path (drive letter or backslashes
    and no forward slashes) is converted; a POSIX file name may legally hold
    a backslash, and we leave it alone there.
    """
    if re.match(r"^[A-Za-z]:[\\/]", path) or ("\\" in path and "/" not in path):
        return PureWindowsPath(path).as_posix()
    return path


@lru_cache(maxsize=4096)
def path_to_uri(path: str) -> str:
    """A finding's path as a URI reference (RFC 3986): relative paths stay
    relative (percent-encoded, so spaces and ``#`` survive), absolute paths
    become ``file://`` URIs."""
    posix = posix_path(path)
    if re.match(r"^[A-Za-z]:/", posix):
        return "file:///" + quote(posix, safe="/:", errors="surrogateescape")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/", errors="surrogateescape")
    rel = str(PurePosixPath(posix)) if posix not in ("", ".") else posix
    rel = rel.removeprefix("./")
    # surrogateescape: a non-UTF-8 file name becomes its original bytes, %-encoded
    return quote(rel, safe="/", errors="surrogateescape")


def dump_json_list(items: Sequence[object]) -> str:
    """A JSON list with one item per line: still one JSON document, but
    grep-able, diff-able and written by the C encoder (``indent=`` would
    force the pure-Python one, five times slower on a 30,000-finding run).
    ASCII-escaped, so no log or file encoding can corrupt it."""
    if not items:
        return "[]\n"
    body = ",\n".join(json.dumps(item, ensure_ascii=True) for item in items)
    return "[\n" + body + "\n]\n"


def severity_of(finding: Finding) -> Severity:
    """The finding's severity as the enum, whatever it was built with."""
    return Severity.parse(finding.severity)


# C0/C1 control characters (but tab) and the bidirectional overrides used in
# "Trojan Source" tricks: a card's text quoted in a message must never move
# the cursor, recolour a terminal or reorder what a reviewer reads. Lone
# surrogates (a non-UTF-8 file name decoded with surrogateescape) cannot be
# encoded to a UTF-8 stream at all, so they are shown as escapes too.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """*text* with terminal control characters shown as escapes (``\\x1b``,
    ``\\u202e``). Line breaks (``\\n``, ``\\r``) are kept for the caller to handle."""

    def _escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(_escape, text)
