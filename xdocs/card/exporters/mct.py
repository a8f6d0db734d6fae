"""Model Card Toolkit JSON export, schema v0.0.2 field names.

``model_details`` (name, overview, owners, version, licenses, citations,
documentation), ``model_parameters`` (data), ``quantitative_analysis``
(performance_metrics: type, value, slice, confidence_interval, threshold) and
``considerations`` (use_cases, limitations, ethical_considerations). Sections
go where :data:`xdocs.card.fieldmap.MCT_FIELDS` says (the table the reader
reads by). MCT refuses fields outside its schema, so the sections it has no
field for (out-of-scope use, training data, evaluation, deployment, …) are
written to ``model_details.documentation`` ("a thorough description of the
model and its usage") as Markdown, one ``## <section title>`` each, and what
no field holds at all (a metric's dataset and split, dataset provenance) is
the extension record, a fenced JSON block closing that documentation. The
model's file format is not its architecture: it travels in the record too.

A card read from MCT JSON keeps its own document and gets its performance
metrics regenerated from the canonical metrics, so MCT → xdocs → MCT keeps
every metric (and the graphics it carried).

When xdocs evaluated the model (``reproduction:`` and ``bias_audit:`` written by
``xdocs evaluate --write``), the per-group values it computed are added to
``performance_metrics`` with their slice (``region=south``), after the card's
own metrics; a value the card already reports for that slice is not repeated.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from xdocs.card.exporters.common import (
    dumps,
    lossless,
    metric_number,
    names,
    plain,
    section_ids,
    written_text,
)
from xdocs.card.fieldmap import MCT_EXTENSION_HEADING, MCT_FIELDS
from xdocs.card.model import Metric, ModelCard

SCHEMA_VERSION = "0.0.2"
_SPDX = re.compile(r"^[A-Za-z0-9.\-+]+$")


def performance_metrics(
    metrics: list[Metric], card: ModelCard | None = None
) -> list[dict[str, Any]]:
    """MCT ``performance_metrics`` entries for the canonical metrics, then (given the
    card) the per-slice values xdocs' recorded evaluation computed."""
    out = []
    for m in metrics:
        entry: dict[str, Any] = {"type": m.name, "value": metric_number(m)}
        if m.slice:
            entry["slice"] = m.slice
        if m.ci_low is not None or m.ci_high is not None:
            ci = {}
            if m.ci_low is not None:
                ci["lower_bound"] = m.ci_low
            if m.ci_high is not None:
                ci["upper_bound"] = m.ci_high
            entry["confidence_interval"] = ci
        if m.threshold is not None:
            entry["threshold"] = m.threshold
        out.append(entry)
    if card is not None:
        from xdocs.evidence.evaluate.summary import group_metrics

        for g in group_metrics(card):
            out.append({"type": g["name"], "value": g["value"], "slice": g["slice"]})
    return out


def _licenses(value: Any) -> list[dict[str, str]]:
    out = []
    for lic in value if isinstance(value, list) else [value]:
        if isinstance(lic, str) and lic.strip():
            key = "identifier" if _SPDX.match(lic.strip()) else "custom_text"
            out.append({key: lic.strip()})
    return out


def _owners(value: Any) -> list[dict[str, str]]:
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            owner = {k: str(item[k]) for k in ("name", "contact") if item.get(k)}
            if not owner and item.get("email"):
                owner = {"name": str(item["email"]), "contact": str(item["email"])}
            if owner:
                out.append(owner)
        elif item not in (None, ""):
            out.append({"name": str(item)})
    return out


def _datasets(value: Any) -> list[dict[str, Any]]:
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and item.get("name"):
            entry: dict[str, Any] = {"name": str(item["name"])}
            link = item.get("source") or item.get("url") or item.get("link")
            if isinstance(link, str) and link.startswith(("http://", "https://")):
                entry["link"] = link
            parts = [
                f"{k}: {item[k]}"
                for k in ("role", "source", "license", "version", "collected")
                if item.get(k) not in (None, "")
            ]
            if parts:
                entry["description"] = "; ".join(str(p) for p in parts)
            personal = item.get("personal_data", item.get("sensitive_data"))
            if personal is True:
                entry["sensitive"] = {"sensitive_data": ["personal data"]}
            out.append(entry)
        else:
            out.extend({"name": n} for n in names(item))
    return out


def _entries(text: str | None, key: str) -> list[dict[str, str]] | None:
    return None if text is None else [{key: text}]


def documentation(card: ModelCard, record: dict[str, Any] | None) -> str | None:
    """``model_details.documentation``: the sections MCT has no field for, as Markdown
    under their canonical titles, then the extension record."""
    from xdocs.card.canonical import section_title

    parts = []
    for sid in section_ids():
        if sid in MCT_FIELDS or sid == "overview":
            continue
        text = written_text(card, sid)
        if text is not None:
            parts.append(f"## {section_title(sid)}\n\n{text}".rstrip("\n"))
    if record is not None:
        parts.append(extension_block(record))
    return "\n\n".join(parts) if parts else None


def extension_block(record: dict[str, Any]) -> str:
    """The extension record as the fenced block that closes ``documentation``."""
    data = json.dumps(record, sort_keys=True, ensure_ascii=False, indent=1)
    return f"## {MCT_EXTENSION_HEADING}\n\n```json\n{data}\n```"


def build_mct(card: ModelCard, record: dict[str, Any] | None = None) -> dict[str, Any]:
    """The MCT v0.0.2 document for ``card`` (``record``: the extension record)."""
    if card.format == "mct-json" and isinstance(card.raw, dict):
        doc = copy.deepcopy(plain(card.raw))
        doc.setdefault("schema_version", SCHEMA_VERSION)
        qa = doc.setdefault("quantitative_analysis", {})
        if isinstance(qa, dict):
            qa["performance_metrics"] = performance_metrics(card.metrics, card)
        details = doc.get("model_details")
        if isinstance(details, dict) and isinstance(details.get("documentation"), str):
            from xdocs.card.readers.mct import split_documentation

            text, _old = split_documentation(details["documentation"])
            if record is not None:
                text = "\n\n".join(t for t in (text, extension_block(record)) if t)
            details["documentation"] = text
        elif record is not None and isinstance(details, dict):
            details["documentation"] = extension_block(record)
        return doc
    meta = card.metadata
    details: dict[str, Any] = {"name": str(meta.get("name") or card.title or "model")}
    overview = written_text(card, "overview")
    if overview is not None:
        details["overview"] = overview
    docs = documentation(card, record)
    if docs is not None:
        details["documentation"] = docs
    if _owners(meta.get("owners")):
        details["owners"] = _owners(meta.get("owners"))
    if meta.get("version") not in (None, ""):
        details["version"] = {"name": str(meta["version"])}
    if _licenses(meta.get("license")):
        details["licenses"] = _licenses(meta.get("license"))
    considerations: dict[str, Any] = {}
    for sid, (path, key) in MCT_FIELDS.items():
        entries = _entries(written_text(card, sid), key)
        if entries is None:
            continue
        if path[0] == "model_details":
            details[path[1]] = entries
        else:
            considerations[path[1]] = entries
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "model_details": details}
    if _datasets(meta.get("datasets")):
        doc["model_parameters"] = {"data": _datasets(meta.get("datasets"))}
    if card.metrics:
        doc["quantitative_analysis"] = {
            "performance_metrics": performance_metrics(card.metrics, card)
        }
    if considerations:
        doc["considerations"] = considerations
    return doc


def export_mct(card: ModelCard) -> str:
    """The MCT v0.0.2 JSON text of ``card``: reads back as ``card``."""
    return lossless(card, lambda record: dumps(build_mct(card, record)), ".json")
