"""Markdown structure: pymarkdownlnt with the house configuration.

House rules (everything else off): heading levels step by one (MD001), no
duplicate sibling headings (MD024, ``siblings_only``), one top-level heading
(MD025), fenced code names its language (MD040), no bare URLs (MD034), no
empty links (MD042). Rule ids: ``markdown/MD001`` …

pymarkdownlnt is a thorough but slow pure-Python parser (≈65 ms of set-up
per call, and blank lines cost quadratic time), and these rules look only at
headings, code fences and lines that hold a URL. So each card is reduced to a
*skeleton*: exactly those lines (container prefixes removed), one blank line
apart, with a map back to file lines and columns; and a batch of skeletons is
scanned in one ``scan_path`` call (one set-up per batch, not per file).
"""

from __future__ import annotations

import json
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding, Severity
from xdocs.lint.rules import LintContext, Rule

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard
    from xdocs.document import Document

_PREFIX = re.compile(r"^[ \t]*(?:(?:>[ \t]?)|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))*[ \t]*")
_URLISH = re.compile(r"://|www\.|@|\[\]|\]\(\)|\]\(#\)")
_RULE_TEXT = {
    "md001": ("Heading levels step up by one at a time.", "## Overview\n#### Details"),
    "md024": ("No two sibling headings share a title.", "## Results\n…\n## Results"),
    "md025": ("A card has one top-level heading (its title).", "# Model\n…\n# Usage"),
    "md034": ("URLs are written as links, not bare text.", "see https://example.com"),
    "md040": ("Fenced code blocks name their language.", "```\npip install x\n```"),
    "md042": ("Links have a destination.", "[model]()"),
}
HOUSE_RULES = tuple(_RULE_TEXT)
RATIONALE = (
    "The portal builds navigation and anchors from headings, and readers scan them; code "
    "blocks without a language lose highlighting and copy buttons; bare URLs and empty "
    "links do not render as links everywhere. House configuration of pymarkdownlnt."
)
RULES = tuple(
    Rule(f"markdown/{rid.upper()}", text, RATIONALE, example, Severity.WARNING, "")
    for rid, (text, example) in _RULE_TEXT.items()
)
_ALL_PLUGINS = [f"md{i:03d}" for i in range(1, 61)] + ["pml100", "pml101", "pml102"]


@lru_cache(maxsize=1)
def _config_file() -> str:
    """The house pymarkdown configuration, written once per process."""
    plugins: dict[str, Any] = {p: {"enabled": p in HOUSE_RULES} for p in _ALL_PLUGINS}
    plugins["md024"]["siblings_only"] = True
    folder = Path(tempfile.mkdtemp(prefix="xdocs-pymarkdown-"))
    path = folder / "pymarkdown.json"
    path.write_text(json.dumps({"plugins": plugins}), encoding="utf-8")
    return str(path)


def _cut(line: str) -> int:
    return _PREFIX.match(line).end()  # type: ignore[union-attr]


def skeleton(doc: Document) -> tuple[str, list[tuple[int, int]]]:
    """The lines the house rules read, and for each: (file line, column offset).

    Headings, each code fence's opening line (with a synthetic closing fence right
    after it, so the skeleton never holds code), and paragraph lines that look like
    they hold a URL or an empty link. Entries are one blank line apart.
    """
    lines = doc.lines
    entries: list[tuple[int, int, str]] = []  # (file line, cut, text)
    tokens = doc.tokens
    for i, tok in enumerate(tokens):
        if not tok.map:
            continue
        a, b = tok.map
        if tok.type == "heading_open":
            for r in range(a, min(b, len(lines))):
                cut = _cut(lines[r]) if not lines[r].lstrip().startswith("#") else 0
                entries.append((r + 1, cut, lines[r][cut:]))
        elif tok.type == "fence" and a < len(lines):
            opener = lines[a]
            cut = len(opener) - len(opener.lstrip())
            if not opener.lstrip().startswith(("`", "~")):
                cut = _cut(opener)
            fence = opener[cut:]
            marker = re.match(r"`{3,}|~{3,}", fence)
            entries.append((a + 1, cut, fence))
            entries.append((0, 0, marker.group(0) if marker else "```"))
        elif tok.type == "inline" and i and tokens[i - 1].type == "paragraph_open":
            for r in range(a, min(b, len(lines))):
                if _URLISH.search(lines[r]):
                    cut = _cut(lines[r])
                    entries.append((r + 1, cut, lines[r][cut:]))
    out: list[str] = []
    mapping: list[tuple[int, int]] = []
    for line, cut, text in entries:
        if out and line != 0:  # a synthetic closing fence directly follows its opener
            out.append("")
            mapping.append((0, 0))
        out.append(text)
        mapping.append((line, cut))
    return "\n".join(out) + "\n", mapping


class MarkdownPass:
    """House Markdown rules through pymarkdownlnt."""

    name = "markdown"
    rules = RULES

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        return self.run_batch([card], ctx).get(card.path, [])

    def run_batch(self, cards: list[ModelCard], ctx: LintContext) -> dict[str, list[Finding]]:
        from pymarkdown.api import PyMarkdownApi

        out: dict[str, list[Finding]] = {c.path: [] for c in cards}
        todo = [
            c for c in cards if c.format in ("markdown", "hf", "page") and c.document.text.strip()
        ]
        if not todo:
            return out
        with tempfile.TemporaryDirectory(prefix="xdocs-md-") as tmp:
            maps = {}
            for i, card in enumerate(todo):
                text, mapping = skeleton(card.document)
                name = str(Path(tmp) / f"{i}.md")
                Path(name).write_text(text, encoding="utf-8")
                maps[name] = (card, mapping)
            api = PyMarkdownApi().configuration_file_path(_config_file())
            result = api.scan_path(tmp)
        for failure in result.scan_failures:
            entry = maps.get(str(Path(failure.scan_file)))
            if entry is None:
                entry = maps.get(str(Path(tmp) / Path(failure.scan_file).name))
            if entry is None:
                continue
            card, mapping = entry
            idx = failure.line_number - 1
            line, cut = mapping[idx] if 0 <= idx < len(mapping) else (1, 0)
            if line == 0:
                continue
            message = failure.rule_description
            if failure.extra_error_information:
                message += f" [{failure.extra_error_information}]"
            rid = failure.rule_id.upper()
            out[card.path].append(
                Finding(
                    card.path,
                    line,
                    failure.column_number + cut,
                    f"markdown/{rid}",
                    Severity.WARNING,
                    message,
                    source="pymarkdownlnt",
                )
            )
        return out
