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
        out.append(f"{key}: {value}")
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


def _required(sid: str) -> bool:
    return any(s.id == sid and s.required for s in section_map().specs)
