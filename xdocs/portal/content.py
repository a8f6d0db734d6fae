"""A card's normalized content, split into sections, and the diff between versions.

The content comes from the lead's :func:`xdocs.card.render.render_card` (the
normalized house Markdown: canonical sections in canonical order, unmapped
content under its own heading), so the portal shows the same card that
``xdocs normalize`` writes. It is split at its level-2 headings; each section's
Markdown is rendered to sanitized HTML (:mod:`xdocs.portal.safe`), and the
section-level diff compares the same split of two versions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

from xdocs.card.model import ModelCard


@dataclass(frozen=True)
class CardSection:
    """One level-2 section of the normalized card."""

    heading: str
    markdown: str

    @property
    def key(self) -> str:
        return " ".join(self.heading.lower().split())


@dataclass(frozen=True)
class SectionChange:
    """How one section differs between two versions."""

    heading: str
    kind: str  # added, removed, changed
    diff: list[str]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def card_sections(card: ModelCard) -> list[CardSection]:
    """The normalized card's sections, as ``xdocs normalize`` lays them out.

    Uses the lead's :func:`xdocs.card.render.plan_sections` (canonical sections in
    canonical order, then unmapped ones under their own heading) rather than
    re-parsing the rendered text. Content before the first section (after the
    title) becomes "Overview" so nothing is lost.
    """
    from xdocs.card.render import plan_sections

    canonical, unmapped = plan_sections(card)
    out: list[CardSection] = []
    preamble = _preamble(card)
    if preamble.strip():
        out.append(CardSection("Overview", preamble))
    out += [CardSection(s.heading, s.body) for s in (*canonical, *unmapped)]
    return _merge_same_heading(out)


def _preamble(card: ModelCard) -> str:
    """Content before the first section: preamble segments and the title's own text."""
    first = next((i for i, s in enumerate(card.segments) if s.kind != "preamble"), None)
    parts = []
    for idx, seg in enumerate(card.segments):
        is_title = idx == first and seg.heading == card.title and not seg.ids
        if (seg.kind == "preamble" or is_title) and seg.content.strip():
            parts.append(seg.content.strip("\n"))
    return "\n\n".join(parts)


def split_sections(markdown: str) -> list[CardSection]:
    """Split Markdown at its level-1/2 headings (the h1 title itself is dropped).

    Content before the first level-2 heading (other than the title) becomes an
    "Overview" section so nothing is lost.
    """
    lines = markdown.split("\n")
    marks: list[tuple[int, int, str]] = []  # (start line, end line, heading text)
    tokens = _parser().parse(markdown)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag in ("h1", "h2") and tok.map:
            text = tokens[i + 1].content.strip() if i + 1 < len(tokens) else ""
            marks.append((tok.map[0], tok.map[1], text if tok.tag == "h2" else ""))
    sections: list[CardSection] = []
    head = "\n".join(lines[: marks[0][0]] if marks else lines).strip("\n")
    if head.strip():
        sections.append(CardSection("Overview", head))
    for n, (start, end, text) in enumerate(marks):
        stop = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        body = "\n".join(lines[end:stop]).strip("\n")
        if not text:  # an h1: its text is the page title; keep what follows it
            if body.strip():
                sections.append(CardSection("Overview", body))
            continue
        sections.append(CardSection(text, body))
    return _merge_same_heading(sections)


def _merge_same_heading(sections: list[CardSection]) -> list[CardSection]:
    merged: dict[str, CardSection] = {}
    for s in sections:
        if s.key in merged:
            prev = merged[s.key]
            merged[s.key] = CardSection(prev.heading, f"{prev.markdown}\n\n{s.markdown}".strip())
        else:
            merged[s.key] = s
    return list(merged.values())


def diff_sections(old: list[CardSection], new: list[CardSection]) -> list[SectionChange]:
    """Section-level changes from ``old`` to ``new`` (unchanged sections omitted)."""
    old_by = {s.key: s for s in old}
    new_by = {s.key: s for s in new}
    changes: list[SectionChange] = []
    for s in new:
        before = old_by.get(s.key)
        if before is None:
            changes.append(SectionChange(s.heading, "added", _udiff("", s.markdown)))
        elif _norm(before.markdown) != _norm(s.markdown):
            changes.append(SectionChange(s.heading, "changed", _udiff(before.markdown, s.markdown)))
    for s in old:
        if s.key not in new_by:
            changes.append(SectionChange(s.heading, "removed", _udiff(s.markdown, "")))
    return changes


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _udiff(a: str, b: str, limit: int = 400) -> list[str]:
    lines = list(
        difflib.unified_diff(_norm(a).split("\n"), _norm(b).split("\n"), lineterm="", n=1)
    )[2:]
    if len(lines) > limit:
        lines = [*lines[:limit], f"… {len(lines) - limit} more diff lines"]
    return lines
