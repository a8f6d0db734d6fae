"""Suppression comments: the writer's way to say "I know, leave this alone".

Understood, in any Markdown card, in HTML comments the Markdown parser sees
as HTML (a block or inline HTML comment). A comment shown inside a fenced or
indented code block, or in a code span, is text: it suppresses nothing.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xdocs.findings import Finding

if TYPE_CHECKING:
    from xdocs.document import Document

PROSE_NAMESPACES = ("vale/", "terminology/", "proselint/", "grammar/")
_COMMENT = re.compile(r"<!--\s*(.*?)\s*-->")
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


def comments(doc: Document) -> Iterator[tuple[int, str]]:
    """(file line, body) of every HTML comment the Markdown parser reads as
    HTML, in document order: from the document's tokens, so code blocks and
    code spans (which only *show* a comment) are never read."""
    for tok in doc.tokens:
        if not tok.map:
            continue
        if tok.type == "html_block" and "<!--" in tok.content:
            for m in _COMMENT.finditer(tok.content):
                yield tok.map[0] + 1 + tok.content.count("\n", 0, m.start()), m.group(1)
        elif tok.type == "inline" and tok.children and "<!--" in tok.content:
            wanted = [c.content for c in tok.children if c.type == "html_inline"]
            wanted = [w for w in wanted if w.lstrip().startswith("<!--")]
            if not wanted:
                continue
            source = "\n".join(doc.lines[tok.map[0] : tok.map[1]])
            pos = 0
            for piece in wanted:
                at = source.find(piece, pos)
                if at < 0:
                    continue
                pos = at + len(piece)
                m = _COMMENT.match(piece.strip())
                if m:
                    yield tok.map[0] + 1 + source.count("\n", 0, at), m.group(1)


def parse_suppressions(doc: Document) -> Suppressions:
    """Every suppression comment of a Markdown document (none in JSON/YAML cards)."""
    if "<!--" not in doc.text:
        return Suppressions()
    last = doc.line_count
    open_: dict[str, int] = {}
    ranges: list[tuple[str, int, int]] = []

    def start(pattern: str, line: int) -> None:
        open_.setdefault(pattern, line)

    def stop(pattern: str, line: int) -> None:
        if pattern in open_:
            ranges.append((pattern, open_.pop(pattern), line))

    for number, raw in comments(doc):
        body = " ".join(raw.split())
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
