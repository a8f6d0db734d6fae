"""Suppression comments: the writer's way to say "I know, leave this alone".

Understood, in any Markdown card (outside code blocks):

* ``<!-- vale off -->`` … ``<!-- vale on -->``: no prose findings (``vale/``,
  ``terminology/``, ``proselint/``, ``grammar/``) in between, as Vale does in
  an editor.
* ``<!-- vale Style.Rule = NO -->`` … ``<!-- vale Style.Rule = YES -->``: one
  Vale rule (or a whole style: ``<!-- vale Xalura = NO -->``).
* ``<!-- xdocs-disable RULE[, RULE…] -->`` … ``<!-- xdocs-enable RULE -->``:
  any xdocs rule, a namespace (``proselint``) or a glob (``grammar/harper/*``);
  no RULE means every rule.
* ``<!-- xdocs-disable-next-line RULE -->``: the next line only.

A region left open runs to the end of the file. Findings for the file as a
whole (line 0) are never suppressed by a region.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from xdocs.findings import Finding

PROSE_NAMESPACES = ("vale/", "terminology/", "proselint/", "grammar/")
_COMMENT = re.compile(r"<!--\s*(.*?)\s*-->")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_VALE_RULE = re.compile(r"^vale\s+([\w.-]+(?:\s*,\s*[\w.-]+)*)\s*=\s*(NO|YES)$", re.I)


@dataclass
class Suppressions:
    """Line ranges during which rule patterns are silenced."""

    #: (pattern, first line, last line) with inclusive 1-based lines
    ranges: list[tuple[str, int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def suppressed(self, finding: Finding) -> bool:
        if finding.line <= 0:
            return False
        return any(
            a <= finding.line <= b and rule_matches(pattern, finding.rule)
            for pattern, a, b in self.ranges
        )

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        if not self.ranges:
            return list(findings)
        return [f for f in findings if not self.suppressed(f)]


def rule_matches(pattern: str, rule: str) -> bool:
    """``*`` everything; ``@prose`` the prose namespaces; globs; a namespace prefix; an id."""
    if pattern == "*":
        return True
    if pattern == "@prose":
        return rule.startswith(PROSE_NAMESPACES)
    if any(c in pattern for c in "*?["):
        return fnmatch.fnmatchcase(rule, pattern)
    if rule == pattern:
        return True
    return rule.startswith(pattern.rstrip("/") + "/") or rule.startswith(pattern + ".")


def parse_suppressions(text: str) -> Suppressions:
    """Find every suppression comment in ``text`` (``\\n`` line endings)."""
    if "<!--" not in text:
        return Suppressions()
    lines = text.split("\n")
    last = len(lines)
    open_: dict[str, int] = {}
    ranges: list[tuple[str, int, int]] = []
    fence: str | None = None

    def start(pattern: str, line: int) -> None:
        open_.setdefault(pattern, line)

    def stop(pattern: str, line: int) -> None:
        if pattern in open_:
            ranges.append((pattern, open_.pop(pattern), line))

    for number, line in enumerate(lines, start=1):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None or "<!--" not in line:
            continue
        for cm in _COMMENT.finditer(line):
            body = " ".join(cm.group(1).split())
            lower = body.lower()
            if lower == "vale off":
                start("@prose", number)
            elif lower == "vale on":
                stop("@prose", number)
            elif vm := _VALE_RULE.match(body):
                for name in re.split(r"\s*,\s*", vm.group(1)):
                    pattern = f"vale/{name}"
                    if vm.group(2).upper() == "NO":
                        start(pattern, number)
                    else:
                        stop(pattern, number)
            elif lower.startswith("xdocs-disable-next-line"):
                for pattern in _patterns(body[len("xdocs-disable-next-line") :]):
                    ranges.append((pattern, number + 1, number + 1))
            elif lower.startswith("xdocs-disable-line"):
                for pattern in _patterns(body[len("xdocs-disable-line") :]):
                    ranges.append((pattern, number, number))
            elif lower.startswith("xdocs-disable"):
                for pattern in _patterns(body[len("xdocs-disable") :]):
                    start(pattern, number)
            elif lower.startswith("xdocs-enable"):
                patterns = _patterns(body[len("xdocs-enable") :])
                if patterns == ["*"]:
                    patterns = list(open_)  # a bare enable closes everything
                for pattern in patterns:
                    stop(pattern, number)
    for pattern, line in open_.items():
        ranges.append((pattern, line, last))
    return Suppressions(ranges)


def _patterns(rest: str) -> list[str]:
    items = [p for p in re.split(r"[\s,]+", rest.strip()) if p]
    return items or ["*"]
