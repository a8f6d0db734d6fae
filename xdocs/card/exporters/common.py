"""Helpers the exporters share: numbers, section text, plain values."""

from __future__ import annotations

import json
from typing import Any

from xdocs.card.metadata import plain
from xdocs.card.metrics import parse_number
from xdocs.card.model import Metric, ModelCard

__all__ = ["dumps", "metric_number", "names", "plain", "text_of"]


def text_of(card: ModelCard, section_id: str) -> str | None:
    """A section's Markdown, or None when the card has nothing real there."""
    if card.section(section_id).status != "present":
        return None
    text = card.section_text(section_id).strip()
    return text or None


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
