"""Markdown structure: six house rules, as small functions over the tokens.

House rules (everything else off): heading levels step by one (MD001), no
duplicate sibling headings (MD024, siblings only), one top-level heading
(MD025), fenced code names its language (MD040), no bare URLs (MD034), no
empty links (MD042). Rule ids ``markdown/MD001`` … keep markdownlint's
numbering, so writers recognise them.

Each rule reads the markdown-it tokens the :class:`~xdocs.document.Document`
already holds (one parse per card, shared with every other pass), the way
markdownlint's rules read its shared token stream. They replaced
pymarkdownlnt, which re-parsed a skeleton of each card written to temporary
files. The conditions and messages are pymarkdownlnt's; on the 1,032 real
and example cards both agreed on all 936 (rule, line) findings, and the token
version also sees empty links in table cells (5 more MD042, which the
skeleton never showed pymarkdownlnt) and places 4 MD034 columns correctly
after inline HTML. 0.2 s for all 1,032 cards (docs/lint.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it.token import Token

from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX, LintContext, Rule, rule_index

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard
    from xdocs.document import Document

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
    "links do not render as links everywhere."
)
RULES = tuple(
    Rule(f"markdown/{rid.upper()}", text, RATIONALE, example, Severity.WARNING, "")
    for rid, (text, example) in _RULE_TEXT.items()
)
R = rule_index(RULES)
_SCHEMES = ("http:", "https:", "ftp:", "ftps:")


@dataclass(frozen=True)
class Hit:
    """One rule's finding before it becomes a :class:`Finding`."""

    rule: str
    line: int
    column: int
    message: str


def _headings(doc: Document) -> Iterator[tuple[Token, Token, int]]:
    """(heading_open, its inline token, level) for every Markdown heading."""
    tokens = doc.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map and i + 1 < len(tokens):
            yield tok, tokens[i + 1], int(tok.tag[1])


def _start_column(doc: Document, line: int, marker: str | None = None) -> int:
    """1-based column where a block starts on ``line`` (after list/quote markers)."""
    text = doc.line_text(line)
    if marker:
        found = text.find(marker)
        if found >= 0:
            return found + 1
    stripped = re.match(r"^[ \t]*(?:(?:>[ \t]?)|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))*[ \t]*", text)
    return (stripped.end() if stripped else 0) + 1


def md001(doc: Document) -> Iterator[Hit]:
    """Heading levels only increment by one (the first heading may be any level)."""
    last = 0
    for tok, _inline, level in _headings(doc):
        if last and level > last + 1:
            line = tok.map[0] + 1
            yield Hit(
                "MD001",
                line,
                _start_column(doc, line, "#" if tok.markup.startswith("#") else None),
                "Heading levels should only increment by one level at a time. "
                f"[Expected: h{last + 1}; Actual: h{level}]",
            )
        last = level


def md024(doc: Document) -> Iterator[Hit]:
    """Sibling headings (same level, same parent) do not share their content."""
    seen: list[set[str]] = [set() for _ in range(6)]
    last = 0
    for tok, inline, level in _headings(doc):
        if last:
            while last < level:
                last += 1
                seen[last - 1] = set()
            while last > level:
                seen[last - 1] = set()
                last -= 1
        text = " ".join(inline.content.split())
        if text in seen[level - 1]:
            line = tok.map[0] + 1
            yield Hit(
                "MD024",
                line,
                _start_column(doc, line, "#" if tok.markup.startswith("#") else None),
                "Multiple headings cannot contain the same content.",
            )
        else:
            seen[level - 1].add(text)
        last = level


def md025(doc: Document) -> Iterator[Hit]:
    """One top-level (h1) heading."""
    have = False
    for tok, _inline, level in _headings(doc):
        if level != 1:
            continue
        if have:
            line = tok.map[0] + 1
            yield Hit(
                "MD025",
                line,
                _start_column(doc, line, "#" if tok.markup.startswith("#") else None),
                "Multiple top-level headings in the same document",
            )
        have = True


def md040(doc: Document) -> Iterator[Hit]:
    """Fenced code blocks name their language."""
    for tok in doc.tokens:
        if tok.type == "fence" and tok.map and not tok.info.strip():
            line = tok.map[0] + 1
            text = doc.line_text(line)
            found = re.search(r"`{3,}|~{3,}", text)
            column = found.start() + 1 if found else 1
            yield Hit("MD040", line, column, "Fenced code blocks should have a language specified")


def _inline_lines(doc: Document) -> Iterator[tuple[Token, int, int]]:
    """Inline tokens outside HTML blocks with their first and last file lines."""
    for tok in doc.tokens:
        if tok.type == "inline" and tok.map and tok.children:
            yield tok, tok.map[0] + 1, tok.map[1]


def md034(doc: Document) -> Iterator[Hit]:
    """No bare URLs: a scheme (http, https, ftp, ftps) followed by ``//`` and a
    character, at the start of a text run or after a space, outside links and code."""
    for inline, first, last in _inline_lines(doc):
        bare: list[str] = []
        depth = 0
        for child in inline.children or []:
            if child.type in ("link_open",):
                depth += 1
            elif child.type == "link_close":
                depth = max(0, depth - 1)
            elif child.type == "text" and depth == 0:
                bare.extend(_bare_urls(child.content))
        if not bare:
            continue
        source = "\n".join(doc.lines[first - 1 : last])
        pos = 0
        for url in bare:
            at = source.find(url, pos)
            if at < 0:
                at = source.find(url)
            if at < 0:
                continue
            pos = at + len(url)
            line = first + source.count("\n", 0, at)
            column = at - (source.rfind("\n", 0, at) + 1) + 1
            yield Hit("MD034", line, column, "Bare URL used")


def _bare_urls(text: str) -> list[str]:
    """The bare URLs of one text run (each up to whitespace), by MD034's conditions."""
    out: list[tuple[int, str]] = []
    for scheme in _SCHEMES:
        start = text.find(scheme)
        while start != -1:
            before_ok = start == 0 or text[start - 1] in (" ", "\n")
            rest = text[start + len(scheme) :]
            if before_ok and len(rest) >= 3 and rest.startswith("//") and rest[2] not in " \n":
                end = start
                while end < len(text) and not text[end].isspace():
                    end += 1
                out.append((start, text[start:end]))
            start = text.find(scheme, start + len(scheme))
    return [url for _, url in sorted(out)]


def md042(doc: Document) -> Iterator[Hit]:
    """Links and images have a destination (not empty, not a bare ``#``)."""
    for inline, first, last in _inline_lines(doc):
        empties = 0
        for child in inline.children or []:
            if child.type == "link_open" and child.markup != "autolink":
                target = str(child.attrs.get("href", "")).strip()
            elif child.type == "image":
                target = str(child.attrs.get("src", "")).strip()
            else:
                continue
            if target in ("", "#"):
                empties += 1
        if not empties:
            continue
        source = "\n".join(doc.lines[first - 1 : last])
        spots = [m.start() for m in re.finditer(r"!?\[[^\]]*\]\(\s*#?\s*\)", source)]
        for k in range(empties):
            at = spots[k] if k < len(spots) else 0
            line = first + source.count("\n", 0, at)
            column = at - (source.rfind("\n", 0, at) + 1) + 1
            yield Hit("MD042", line, column, "No empty links")


#: every house rule, in id order.
CHECKS: tuple[Callable[[Document], Iterator[Hit]], ...] = (md001, md024, md025, md034, md040, md042)


def markdown_findings(doc: Document, path: str) -> list[Finding]:
    """Every house Markdown finding for one document."""
    out = []
    for check in CHECKS:
        for hit in check(doc):
            out.append(
                R[f"markdown/{hit.rule}"].finding(
                    path,
                    hit.line,
                    hit.column,
                    hit.message,
                    severity=Severity.WARNING,
                    source="xdocs",
                    fix=NO_FIX,
                )
            )
    return out


class MarkdownPass:
    """House Markdown rules over the document's shared tokens."""

    name = "markdown"
    rules = RULES

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        if card.format not in ("markdown", "hf", "page") or not card.document.text.strip():
            return []
        return markdown_findings(card.document, card.path)

    def run_batch(self, cards: list[ModelCard], ctx: LintContext) -> dict[str, list[Finding]]:
        return {card.path: self.run(card, ctx) for card in cards}
