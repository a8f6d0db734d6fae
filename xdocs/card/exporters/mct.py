"""Model Card Toolkit JSON export, schema v0.0.2 field names.

``model_details`` (name, overview, owners, version, licenses, citations),
``model_parameters`` (model_architecture, data), ``quantitative_analysis``
(performance_metrics: type, value, slice, confidence_interval, threshold) and
``considerations`` (users, use_cases, limitations, tradeoffs,
ethical_considerations). A card read from MCT JSON keeps its own document and
gets its performance metrics regenerated from the canonical metrics, so
MCT → xdocs → MCT keeps every metric (and the graphics it carried).

When xdocs evaluated the model (``reproduction:`` and ``bias_audit:`` written by
``xdocs evaluate --write``), the per-group values it computed are added to
``performance_metrics`` with their slice (``region=south``), after the card's
own metrics; a value the card already reports for that slice is not repeated.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from xdocs.card.exporters.common import dumps, metric_number, names, plain, text_of
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


def _described(text: str | None) -> list[dict[str, str]]:
    return [{"description": text}] if text else []


def build_mct(card: ModelCard) -> dict[str, Any]:
    """The MCT v0.0.2 document for ``card``."""
    if card.format == "mct-json" and isinstance(card.raw, dict):
        doc = copy.deepcopy(plain(card.raw))
        doc.setdefault("schema_version", SCHEMA_VERSION)
        qa = doc.setdefault("quantitative_analysis", {})
        if isinstance(qa, dict):
            qa["performance_metrics"] = performance_metrics(card.metrics, card)
        return doc
    meta = card.metadata
    details: dict[str, Any] = {"name": str(meta.get("name") or card.title or "model")}
    overview = text_of(card, "overview")
    if overview:
        details["overview"] = overview
    deployment = text_of(card, "deployment")
    if deployment:
        details["documentation"] = deployment
    if _owners(meta.get("owners")):
        details["owners"] = _owners(meta.get("owners"))
    if meta.get("version") not in (None, ""):
        details["version"] = {"name": str(meta["version"])}
    if _licenses(meta.get("license")):
        details["licenses"] = _licenses(meta.get("license"))
    citation = text_of(card, "citation")
    if citation:
        details["citations"] = [{"citation": citation}]
    params: dict[str, Any] = {}
    if meta.get("model_format"):
        params["model_architecture"] = str(meta["model_format"])
    if _datasets(meta.get("datasets")):
        params["data"] = _datasets(meta.get("datasets"))
    considerations: dict[str, Any] = {}
    intended = text_of(card, "intended_use")
    if intended:
        considerations["use_cases"] = _described(intended)
    limits = [t for t in (text_of(card, "limitations"), _out_of_scope(card)) if t]
    if limits:
        considerations["limitations"] = [{"description": t} for t in limits]
    ethics = text_of(card, "ethical_considerations")
    if ethics:
        considerations["ethical_considerations"] = [{"name": ethics}]
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "model_details": details}
    if params:
        doc["model_parameters"] = params
    if card.metrics:
        doc["quantitative_analysis"] = {
            "performance_metrics": performance_metrics(card.metrics, card)
        }
    if considerations:
        doc["considerations"] = considerations
    return doc


def _out_of_scope(card: ModelCard) -> str | None:
    text = text_of(card, "out_of_scope")
    return f"Out-of-scope use: {text}" if text else None


def export_mct(card: ModelCard) -> str:
    """The MCT v0.0.2 JSON text of ``card``."""
    return dumps(build_mct(card))
