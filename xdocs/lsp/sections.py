""" "Insert the missing section": its heading and the template's guidance, in place.

The inserted text is what ``xdocs new`` scaffolds for the section
(``templates/new_card.md.j2``: the canonical heading, then the section's
description from ``styleguide/sections.yml`` as a guidance comment), so the
card reads as if it had started from the template. It goes where the canonical
order puts it: before the first section present in the card that comes after
it in ``sections.yml``, at that section's heading level; at the end when none
does. The guidance comment counts as a placeholder, so the finding becomes
"holds only template filler" until the section is written.
"""

from __future__ import annotations

import re
from typing import Any

from xdocs.lsp.edits import Insertion

_MISSING = re.compile(r"missing required section(?:: (.+?)\s*$| '([^']+)')")


def section_id_from_message(message: str) -> str | None:
    """The canonical id a ``structure/missing-section`` message names."""
    from xdocs.card.canonical import section_map

    m = _MISSING.search(message)
    if m is None:
        return None
    title = m.group(1) or m.group(2)
    for spec in section_map().specs:
        if spec.title == title:
            return spec.id
    return None


def load_card_text(text: str, display: str) -> Any:
    """A ModelCard from text in memory (request handlers run this in a thread)."""
    from xdocs.card import load_card_from_document
    from xdocs.document import Document

    return load_card_from_document(
        Document.from_bytes(text.encode("utf-8", "surrogatepass"), display)
    )


def insertion_for(card: Any, section_id: str, newline: str = "\n") -> Insertion | None:
    """Where and what to insert for a missing section of a Markdown card."""
    from xdocs.card.canonical import section_map
    from xdocs.card.model import SectionStatus

    if card.format not in ("markdown", "hf"):
        return None
    smap = section_map()
    order = list(smap.ids)
    if section_id not in order:
        return None
    spec = next(s for s in smap.specs if s.id == section_id)
    doc = card.document
    levels = {h.line: h.level for h in doc.headings}
    later = [
        sec.line
        for sid, sec in card.sections.items()
        if sid in order
        and order.index(sid) > order.index(section_id)
        and sec.status is not SectionStatus.ABSENT
        and sec.line
        and sec.line in levels
        and sec.line >= doc.body_start_line
    ]
    nl = newline
    block = f"{{hashes}} {spec.title}{nl}{nl}<!-- {spec.description} -->{nl}{nl}"
    if later:
        line = min(later)
        return Insertion(line - 1, block.format(hashes="#" * levels[line]))
    level = _usual_level(card, levels)
    lines = doc.lines
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    text = block.format(hashes="#" * level).rstrip("\r\n") + nl
    if end == len(lines):  # the last line has text and no newline
        return Insertion(end, f"{nl}{nl}{text}")
    if end == 0:
        return Insertion(0, text)
    return Insertion(end, f"{nl}{text}")


def _usual_level(card: Any, levels: dict[int, int]) -> int:
    """The heading level the card's sections use (2 when it has none)."""
    found = [levels[s.line] for s in card.sections.values() if s.line in levels]
    return max(set(found), key=found.count) if found else 2
