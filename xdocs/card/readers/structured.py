"""Turn a structured card (JSON or YAML mapping) into segments.

Model Card Toolkit, SageMaker and YAML cards are trees of named fields. Each
field that holds text becomes a segment whose "heading" is the field name,
mapped to canonical ids through the ``keys`` table of sections.yml, then the
same heading rules used for Markdown. Nested mappings become sub-segments, so
inheritance works as in Markdown ("considerations" › "limitations").
"""

from __future__ import annotations

import json
import re
from typing import Any

from xdocs.card.canonical import SectionMap
from xdocs.card.model import Segment
from xdocs.card.sections import content_status
from xdocs.positions import KeyPositions

KeyPath = tuple[str, ...]

#: Fields that hold data, not prose: kept in metadata, not rendered as text.
DATA_FIELDS = {
    "graphics",
    "collection",
    "performance_metrics",
    "metric_groups",
    "metric_data",
    "schema_version",
    "model_card_id",
    "model_card_status",
    "image",
}


def humanize(key: str) -> str:
    """``out_of_scope_use_cases`` → ``Out of scope use cases``."""
    words = re.sub(r"[_\-]+", " ", str(key)).strip()
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", words)
    return words[:1].upper() + words[1:].lower() if words else str(key)


def to_markdown(value: Any) -> str:
    """Render a field's value as Markdown prose, keeping every word.

    A list of one entry is that entry's text (no bullet), so a section written
    to a one-item list field (Model Card Toolkit's ``limitations``) reads back
    as it was written.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, list) and len(value) == 1:
        return _item_text(value[0])
    if isinstance(value, list):
        lines = []
        for item in value:
            text = _item_text(item)
            if text:
                indented = text.replace("\n", "\n  ")
                lines.append(f"- {indented}")
        return "\n".join(lines)
    if isinstance(value, dict):
        return _item_text(value)
    return str(value)


def _item_text(item: Any) -> str:
    if isinstance(item, dict):
        if len(item) == 1 and isinstance(next(iter(item.values())), str):
            return to_markdown(next(iter(item.values())))  # {"description": …}, {"citation": …}
        if set(item) <= {"description"}:
            return to_markdown(item.get("description"))
        if "name" in item and set(item) <= {"name", "mitigation_strategy", "description"}:
            text = to_markdown(item.get("name"))
            for extra in ("description", "mitigation_strategy"):
                if item.get(extra):
                    label = "Mitigation" if extra == "mitigation_strategy" else "Description"
                    text += f" ({label}: {to_markdown(item[extra])})"
            return text
        parts = []
        for k, v in item.items():
            if k in DATA_FIELDS or v in (None, "", [], {}):
                continue
            rendered = to_markdown(v)
            if "\n" in rendered:
                parts.append(f"{humanize(k)}:\n{rendered}")
            else:
                parts.append(f"{humanize(k)}: {rendered}")
        return "\n".join(parts)
    return to_markdown(item)


def tree_segments(
    data: dict[str, Any],
    smap: SectionMap,
    positions: KeyPositions,
    *,
    skip: set[str] | frozenset[str] = frozenset(),
    omit: set[KeyPath] | frozenset[KeyPath] = frozenset(),
    fixed: dict[KeyPath, tuple[str, ...]] | None = None,
) -> list[Segment]:
    """Segments for every text-bearing field of a structured card.

    ``skip`` names top-level keys that hold data; ``omit`` names key paths a
    format reader handles itself; ``fixed`` maps key paths whose meaning the
    format defines (:mod:`xdocs.card.fieldmap`) to their section ids, so they do
    not depend on how their names read.
    """
    segments: list[Segment] = []
    fixed = fixed or {}

    def walk(node: dict[str, Any], level: int, parent: int | None, path: KeyPath) -> None:
        for key, value in node.items():
            skey = str(key)
            here = (*path, skey)
            if skey in DATA_FIELDS or (level == 1 and skey in skip) or here in omit:
                continue
            mapped = fixed.get(here, smap.match_key(skey))
            own = mapped if mapped is not None else smap.match_heading(humanize(skey))
            inherited = segments[parent].effective_ids if parent is not None else ()
            if inherited and mapped is None and smap.is_contextual(humanize(skey)):
                own = ()
            effective = own or inherited
            line = positions.nearest(here)
            if isinstance(value, dict):
                value = {
                    k: v
                    for k, v in value.items()
                    if (*here, str(k)) not in omit and str(k) not in DATA_FIELDS
                }
                if not value:
                    continue  # everything in it is data, or read elsewhere
            if isinstance(value, dict) and _has_nested_text(value):
                seg = Segment(humanize(skey), level, line, line, "", own, effective, "key")
                seg.parent = parent
                seg.status = content_status("")
                segments.append(seg)
                walk(value, level + 1, len(segments) - 1, here)
                continue
            text = to_markdown(value)
            seg = Segment(humanize(skey), level, line, line, text, own, effective, "key")
            seg.parent = parent
            seg.status = content_status(text)
            segments.append(seg)

    walk(data, 1, None, ())
    return segments


def dig(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` in nested mappings (None when any step is missing)."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _has_nested_text(value: dict[str, Any]) -> bool:
    return any(isinstance(v, dict | list | str) for v in value.values())


def parse_json(text: str) -> tuple[Any, str | None, int]:
    """(data, error, line): JSON parse without raising."""
    try:
        return json.loads(text), None, 0
    except json.JSONDecodeError as exc:
        return None, exc.msg, exc.lineno
    except RecursionError:
        return None, "nesting too deep", 1
