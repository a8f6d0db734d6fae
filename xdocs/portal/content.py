"""A card's normalized content, split into sections, and the diff between versions.

The sections come from the lead's :func:`xdocs.card.render.plan_sections`, the
same plan ``render_card`` (``xdocs normalize``) lays out: canonical sections in
canonical order, unmapped content under its own heading. Each section's
Markdown is rendered to sanitized HTML (:mod:`xdocs.portal.safe`), and the
section-level diff compares the sections of two versions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from xdocs.card.model import ModelCard
from xdocs.card.render import LineSpan, RenderedSection

#: ``<!-- xdocs:source "Heading" line N -->`` notes of the normalized card: their line
#: numbers move whenever the front-matter grows, so they would show up in every diff.
_SOURCE_NOTE = re.compile(r"^[ \t]*<!--\s*xdocs:source\b.*?-->[ \t]*\n?", re.M | re.S)


@dataclass(frozen=True)
class CardSection:
    """One level-2 section of the normalized card."""

    heading: str
    markdown: str
    #: the line of the card file the section starts on (0: not known), so a lint
    #: finding can be shown in the section it falls in.
    line: int = 0

    @property
    def key(self) -> str:
        return " ".join(self.heading.lower().split())


@dataclass(frozen=True)
class SectionPart:
    """One piece of a section as the portal shows it.

    Either text of the card (``lines``: the file lines ``markdown`` copies verbatim,
    None when it is not a slice of the file, as in a JSON card's field), or a
    sub-heading the layout re-levels (``level`` > 0; ``heading_line``: the line of the
    card's own heading, 0 when the card has none there).
    """

    markdown: str
    lines: LineSpan | None = None
    level: int = 0
    heading_line: int = 0


#: a section and the pieces it is shown from.
SectionWithParts = tuple["CardSection", tuple[SectionPart, ...]]


@dataclass(frozen=True)
class SectionChange:
    """How one section differs between two versions."""

    heading: str
    kind: str  # added, removed, changed
    diff: list[str]


def card_sections(card: ModelCard) -> list[CardSection]:
    """The normalized card's sections, as ``xdocs normalize`` lays them out."""
    return [section for section, _parts in sections_with_parts(card)]


def sections_with_parts(card: ModelCard) -> list[SectionWithParts]:
    """The normalized card's sections, each with the pieces it is shown from.

    Uses the lead's :func:`xdocs.card.render.plan_sections` (canonical sections in
    canonical order, then unmapped ones under their own heading) rather than
    re-parsing the rendered text. Content before the first section (after the
    title) becomes "Overview" so nothing is lost.
    """
    from xdocs.card.render import plan_sections

    canonical, unmapped = plan_sections(card)
    out: list[SectionWithParts] = []
    preamble, preamble_parts = _preamble(card)
    if preamble.strip():
        out.append((CardSection("Overview", preamble), preamble_parts))
    out += [
        (CardSection(s.heading, _SOURCE_NOTE.sub("", s.body)), _parts(s))
        for s in (*canonical, *unmapped)
    ]
    return _with_lines(_merge_same_heading(out), card)


def _parts(section: RenderedSection) -> tuple[SectionPart, ...]:
    """The pieces of a planned section, in the order of its Markdown (``body``); the
    ``xdocs:source`` notes are left out, as they are from the Markdown shown."""
    parts: list[SectionPart] = []
    for block in section.blocks:
        if block.content.strip():
            parts.append(SectionPart(block.content.strip("\n"), block.lines))
        for child in block.children:
            if child.level:
                heading = f"{'#' * child.level} {child.heading}"
                parts.append(SectionPart(heading, None, child.level, child.heading_line))
            if child.text.strip():
                parts.append(SectionPart(child.text.strip("\n"), child.lines))
    return tuple(parts)


def _with_lines(sections: list[SectionWithParts], card: ModelCard) -> list[SectionWithParts]:
    """Each section with the first line of the card's own section it comes from."""
    first: dict[str, int] = {}
    for seg in card.segments:
        if seg.heading and seg.kind != "preamble":
            first.setdefault(" ".join(seg.heading.lower().split()), seg.line)
    return [
        (CardSection(s.heading, s.markdown, first.get(s.key, 0)), parts) for s, parts in sections
    ]


def _preamble(card: ModelCard) -> tuple[str, tuple[SectionPart, ...]]:
    """Content before the first section: preamble segments and the title's own text."""
    from xdocs.card.render import source_lines

    first = next((i for i, s in enumerate(card.segments) if s.kind != "preamble"), None)
    parts = []
    for idx, seg in enumerate(card.segments):
        is_title = idx == first and seg.heading == card.title and not seg.ids
        if (seg.kind == "preamble" or is_title) and seg.content.strip():
            parts.append(SectionPart(seg.content.strip("\n"), source_lines(card, seg)))
    return "\n\n".join(p.markdown for p in parts), tuple(parts)


def _merge_same_heading(sections: list[SectionWithParts]) -> list[SectionWithParts]:
    merged: dict[str, SectionWithParts] = {}
    for s, parts in sections:
        if s.key in merged:
            prev, prev_parts = merged[s.key]
            text = f"{prev.markdown}\n\n{s.markdown}".strip()
            merged[s.key] = (
                CardSection(prev.heading, text, prev.line or s.line),
                prev_parts + parts,
            )
        else:
            merged[s.key] = (s, parts)
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
