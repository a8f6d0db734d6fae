"""Preview lint findings on a card page: a count in the banner, a panel, section markers.

A writer previewing a card sees at once how many findings it has and how bad
the worst is (the count beside the status, coloured by level, links to the
panel); the panel lists each finding with its severity, rule, line, message
(its Markdown rendered: ``code`` reads as code) and the fix hint ``xdocs
check`` prints; and each section of the card says how many findings fall in
it, linking to the first. Nothing here is shown in the published portal.

A finding's message is not text of the card file (xdocs wrote it, quoting the card),
so it has no tokens in the card's Document and gets a parse of its own, with the
shared configuration for quoting text (:data:`xdocs.document.markdown.QUOTING_MARKDOWN`:
the card configuration with raw HTML and images off, so a message quoting ``<script>``
shows it and an image quoted from the card is not fetched).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from xdocs.document.markdown import QUOTING_MARKDOWN
from xdocs.portal.templates import html_block

#: the panel's anchor (the banner's count links here).
PANEL_ID = "lint-findings"
#: findings listed in the panel (a card with more says how many are not shown).
MAX_SHOWN = 300


@dataclass(frozen=True)
class FindingsSummary:
    count: int
    worst: str  # error, warning, suggestion

    @property
    def text(self) -> str:
        return f"{self.count} finding{'s' if self.count != 1 else ''}"


def _level(finding: Any) -> str:
    return getattr(finding.severity, "name", str(finding.severity)).lower()


def summary(findings: list[Any]) -> FindingsSummary | None:
    """The count and the worst level of ``findings`` (None when there are none)."""
    if not findings:
        return None
    worst = max(findings, key=lambda f: int(f.severity))
    return FindingsSummary(len(findings), _level(worst))


def inline_markdown(text: str) -> str:
    """A finding message or hint as HTML: Markdown inline syntax rendered, no raw HTML."""
    return QUOTING_MARKDOWN.renderInline(" ".join(str(text).split()))


def _anchor(index: int) -> str:
    return f"finding-{index + 1}"


def ordered(findings: list[Any]) -> list[Any]:
    return sorted(findings, key=lambda f: (f.line, f.column, f.rule))


def panel(findings: list[Any]) -> str:
    """The findings panel (an HTML block after the ``## Lint findings`` heading)."""
    items = []
    shown = ordered(findings)[:MAX_SHOWN]
    for i, f in enumerate(shown):
        level = _level(f)
        fix = f'<div class="xd-finding__fix">Fix: {inline_markdown(f.fix)}</div>' if f.fix else ""
        items.append(
            f'<li id="{_anchor(i)}" class="xd-finding xd-finding--{level}">'
            f'<div class="xd-finding__head"><span class="xd-sev xd-sev--{level}">{level}</span>'
            f"<code>{html.escape(f.rule)}</code><span>line {int(f.line)}</span></div>"
            f'<div class="xd-finding__message">{inline_markdown(f.message)}</div>{fix}</li>'
        )
    more = len(findings) - len(shown)
    tail = f'<p class="xd-note">{more} more not shown; run xdocs check.</p>' if more > 0 else ""
    return html_block(
        f'<div class="xd-findings" data-search-exclude data-pagefind-ignore="all">'
        f"<ol>{''.join(items)}</ol>{tail}</div>"
    )


def section_marker(findings: list[Any], start: int, end: int | None) -> str:
    """``N findings in this section`` for findings on lines [start, end), or ''."""
    if not findings or start <= 0:
        return ""
    shown = ordered(findings)[:MAX_SHOWN]
    inside = [i for i, f in enumerate(shown) if f.line >= start and (end is None or f.line < end)]
    if not inside:
        return ""
    worst = max((shown[i] for i in inside), key=lambda f: int(f.severity))
    n = len(inside)
    return html_block(
        f'<p class="xd-section-marker" data-search-exclude data-pagefind-ignore="all">'
        f'<a class="xd-findings-count xd-findings-count--{_level(worst)}" '
        f'href="#{_anchor(inside[0])}">{n} finding{"s" if n != 1 else ""} in this section</a></p>'
    )
