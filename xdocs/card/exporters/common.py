"""Helpers the exporters share: numbers, section text, plain values, the lossless loop."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from xdocs.card.metadata import plain
from xdocs.card.metrics import parse_number
from xdocs.card.model import Metric, ModelCard

__all__ = [
    "dumps",
    "lossless",
    "metric_number",
    "names",
    "plain",
    "section_ids",
    "text_of",
    "written_text",
]


def text_of(card: ModelCard, section_id: str) -> str | None:
    """A section's Markdown, or None when the card has nothing real there."""
    if card.section(section_id).status != "present":
        return None
    text = card.section_text(section_id).strip()
    return text or None


def written_text(card: ModelCard, section_id: str) -> str | None:
    """What an export writes for a section: its text whatever its status (a
    placeholder stays a placeholder, an empty heading an empty field), or None
    when the card has no segment for it (absent, or stated only by data such
    as a front-matter licence or reported metrics, which travel as data)."""
    section = card.section(section_id)
    if section.status == "absent" or not section.segments:
        return None
    return card.section_text(section_id).strip("\n")


def section_ids() -> tuple[str, ...]:
    """Every canonical section id, in the canonical order."""
    from xdocs.card.canonical import section_map

    return tuple(section_map().ids)


def metric_number(metric: Metric) -> float | str | None:
    """The value as a number where it is one ("85.3%" stays text: its unit matters)."""
    if isinstance(metric.value, str) and metric.value.strip().endswith("%"):
        return metric.value
    number = parse_number(metric.value)
    return number if number is not None else metric.value


def names(value: Any) -> list[str]:
    """Names from a list of strings or mappings (owners, datasets)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            name = item.get("name") or item.get("id") or item.get("email")
            if name:
                out.append(str(name))
        elif item not in (None, ""):
            out.append(str(item))
    return out


def dumps(data: Any) -> str:
    return json.dumps(plain(data), indent=2, ensure_ascii=False) + "\n"


def lossless(card: ModelCard, render: Callable[[dict[str, Any] | None], str], suffix: str) -> str:
    """The export of ``card`` that reads back as ``card``.

    ``render(record)`` writes the format, with the extension record embedded
    in the format's extension place when one is given. The text written
    without a record is read back the way ``xdocs`` reads any card; what did
    not survive goes into the record (:func:`xdocs.card.extension.build`).
    """
    from xdocs.card.extension import build
    from xdocs.card.readers import read_document
    from xdocs.document import Document

    text = render(None)
    native = read_document(Document.from_text(text, f"export{suffix}"))
    record = build(card, native, section_ids())
    return text if record is None else render(record)
