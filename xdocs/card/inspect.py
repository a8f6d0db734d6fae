"""What xdocs understood of a card: the ``xdocs inspect`` view.

The JSON shape is a contract other tools read::

    {"path", "format", "title", "metadata": {...},
     "sections": {ID: {"status", "heading", "line",          # every canonical id
                       "why", "evidence": [{"line", "text"}]}, ...},
     "unmapped": [{"heading", "line"}], "metrics": [...], "findings": [...]}

``why`` says in one line where the status comes from (the heading, the lines
that say it, the filler); ``evidence`` lists those lines with their text.
"""

from __future__ import annotations

from typing import Any

from xdocs.card.canonical import section_map
from xdocs.card.model import ModelCard, Section


def inspect_data(card: ModelCard) -> dict[str, Any]:
    """The inspect contract as plain data."""
    smap = section_map()
    sections = {sid: _section_json(card, card.section(sid)) for sid in smap.ids}
    for sid, sec in card.sections.items():
        sections.setdefault(sid, _section_json(card, sec))
    unmapped = [
        {"heading": s.heading, "line": s.line}
        for s in card.segments
        if s.heading and not s.effective_ids and s.kind != "preamble"
    ]
    return {
        "path": card.path,
        "format": card.format,
        "title": card.title,
        "metadata": card.metadata,
        "sections": sections,
        "unmapped": unmapped,
        "metrics": [m.to_json() for m in card.metrics],
        "findings": [f.to_dict() for f in card.findings],
    }


def _section_json(card: ModelCard, sec: Section) -> dict[str, Any]:
    """A section's contract entry; front-matter evidence is the key's own line."""
    data = sec.to_json()
    if not data["evidence"] and sec.origin == "front-matter" and sec.line:
        data["evidence"] = [{"line": sec.line, "text": card.document.line_text(sec.line).strip()}]
    return data


def inspect_text(card: ModelCard) -> str:
    """A human summary: metadata, then one line per canonical section."""
    data = inspect_data(card)
    out = [f"{card.path}  ({card.format})"]
    if card.title:
        out.append(f"title: {card.title}")
    for key, value in data["metadata"].items():
        if key in ("approvals", "artifacts", "flags") and isinstance(value, list):
            value = f"{len(value)} entries"
        out.extend(value_lines(str(key), value))
    out.append("sections:")
    smap = section_map()
    for sid, sec in data["sections"].items():
        mark = {"present": "✓", "placeholder": "~", "empty": "∅", "absent": "✗"}[sec["status"]]
        where = f"  line {sec['line']}" if sec["line"] else ""
        head = f'  "{sec["heading"]}"' if sec["heading"] else ""
        req = "" if sid not in smap.ids or _required(sid) else " (optional)"
        out.append(f"  {mark} {sid:<24}{sec['status']:<12}{head}{where}{req}")
        if sec.get("why"):
            out.append(f"      why: {sec['why']}")
        for ev in sec.get("evidence") or []:
            if sec["status"] != "absent" and ev.get("text"):
                out.append(f"      line {ev['line']}: {ev['text']}")
    if data["unmapped"]:
        out.append("kept under their own headings:")
        out.extend(f"  line {u['line']}: {u['heading']}" for u in data["unmapped"])
    if data["metrics"]:
        out.append(f"metrics: {len(data['metrics'])}")
    for f in card.findings:
        out.append(f"{f.path}:{f.line}:{f.column} {f.severity} {f.rule} {f.message}")
    return "\n".join(out)


#: keys that name a list item best (a dataset's name), tried in this order
_LABEL_KEYS = ("name", "id", "title", "type")


def value_lines(key: str, value: Any, indent: str = "") -> list[str]:
    """A metadata value as a person reads it, never as a Python repr.

    Scalars stay on the key's line (``yes``/``no`` for booleans); a list of
    scalars is comma-separated; a mapping, or a list of mappings such as
    ``datasets``, is one indented line per field, each item headed by its name::

        datasets:
          - Xalura Review Corpus
              role: training
              source: s3://xalura-data/reviews/2025-06
    """
    if isinstance(value, dict):
        if not value:
            return [f"{indent}{key}: (none)"]
        lines = [f"{indent}{key}:"]
        for k, v in value.items():
            lines.extend(value_lines(str(k), v, indent + "  "))
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{indent}{key}: (none)"]
        if not any(isinstance(item, (dict, list)) for item in value):
            return [f"{indent}{key}: {', '.join(_scalar(item) for item in value)}"]
        lines = [f"{indent}{key}:"]
        for item in value:
            lines.extend(_item_lines(item, indent + "  "))
        return lines
    return [f"{indent}{key}: {_scalar(value)}"]


def _item_lines(item: Any, indent: str) -> list[str]:
    """One list item: ``- LABEL`` then its other fields, indented under it."""
    if isinstance(item, dict):
        label_key = next((k for k in _LABEL_KEYS if _is_scalar(item.get(k))), None)
        label = _scalar(item[label_key]) if label_key else "(item)"
        lines = [f"{indent}- {label}"]
        for k, v in item.items():
            if k != label_key:
                lines.extend(value_lines(str(k), v, indent + "    "))
        return lines
    if isinstance(item, list):
        return [f"{indent}- {', '.join(_scalar(x) for x in item)}"]
    return [f"{indent}- {_scalar(item)}"]


def _is_scalar(value: Any) -> bool:
    return value is not None and not isinstance(value, (dict, list))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "(none)"
    if isinstance(value, (dict, list)):
        return " ".join(line.strip() for line in value_lines("", value)).lstrip(": ")
    return str(value).replace("\n", " ")


def _required(sid: str) -> bool:
    return any(s.id == sid and s.required for s in section_map().specs)
