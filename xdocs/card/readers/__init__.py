"""Readers: any supported card format → :class:`~xdocs.card.model.ModelCard`.

Format is detected from content, not only the file name: a ``.md`` file that
holds Model Card Toolkit JSON is read as JSON, and a ``.yaml`` file that is
really Markdown with front-matter is read as Markdown.

* ``mct-json``: a JSON object with ``model_details``, ``quantitative_analysis``
  or ``considerations`` (Model Card Toolkit schema v0.0.1/v0.0.2);
* ``sagemaker-json``: a JSON object with ``model_overview``, ``intended_uses``,
  ``training_details``, ``evaluation_details`` or ``additional_information``;
* ``hf``: Markdown whose front-matter has Hugging Face keys and no house keys;
* ``markdown``: house cards (front-matter with house keys, or none);
* ``yaml``: a YAML mapping of card fields that is not Markdown;
* ``page``: Markdown with ``kind: guide`` (or page/doc): prose only, not a card.
"""

from __future__ import annotations

import re
from typing import Any

from xdocs.card.canonical import SectionMap, section_map
from xdocs.card.metadata import house_metadata, structured_metadata
from xdocs.card.metrics import extract_metrics
from xdocs.card.model import ModelCard, Section, SectionStatus
from xdocs.card.readers.structured import KeyLocator, parse_json, tree_segments
from xdocs.card.sections import build_sections, markdown_segments
from xdocs.document import Document, parse_yaml
from xdocs.findings import Finding, Severity

HOUSE_KEYS = {"owners", "version", "approvals", "submitted_by", "risk_rating", "artifacts"}
HF_KEYS = {
    "model-index",
    "pipeline_tag",
    "library_name",
    "datasets",
    "base_model",
    "tags",
    "language",
    "widget",
    "inference",
    "license_name",
    "extra_gated_prompt",
    "thumbnail",
    "metrics",
    "model_name",
}
#: front-matter ``kind:`` values of documentation pages (style guide, docs), which
#: are linted for prose but are not model cards.
PAGE_KINDS = {"guide", "page", "doc", "docs"}
MCT_KEYS = {"model_details", "model_parameters", "quantitative_analysis", "considerations"}
SAGEMAKER_KEYS = {
    "model_overview",
    "intended_uses",
    "training_details",
    "evaluation_details",
    "additional_information",
    "business_details",
}


def detect_format(doc: Document) -> str:
    """``markdown``, ``hf``, ``mct-json``, ``sagemaker-json``, ``yaml`` or ``json``."""
    stripped = doc.text.lstrip()
    if stripped.startswith(("{", "[")):
        data, err, _ = parse_json(doc.text)
        if err is None:
            if isinstance(data, dict):
                if SAGEMAKER_KEYS & data.keys():
                    return "sagemaker-json"
                if MCT_KEYS & data.keys() or "schema_version" in data:
                    return "mct-json"
            return "json"
        if doc.path.lower().endswith(".json"):
            return "json"
    if doc.has_front_matter:
        fm = doc.front_matter_data
        if isinstance(fm, dict):
            if str(fm.get("kind", "")).lower() in PAGE_KINDS:
                return "page"
            keys = {str(k) for k in fm}
            if HF_KEYS & keys and not HOUSE_KEYS & keys:
                return "hf"
        return "markdown"
    if doc.path.lower().endswith((".yaml", ".yml")) or _looks_like_yaml(doc):
        return "yaml"
    return "markdown"


def _looks_like_yaml(doc: Document) -> bool:
    """Text that parses as a YAML mapping of several card-like fields, with no
    Markdown headings, code fences or lists of prose (a YAML card saved as .md)."""
    if doc.headings or "```" in doc.text:
        return False
    first = next((ln for ln in doc.lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    if not re.match(r"^[A-Za-z_][\w \-]*:(\s|$)", first):
        return False
    data, err = parse_yaml(doc.text, doc.path)
    if err is not None or not isinstance(data, dict) or len(data) < 2:
        return False
    smap = section_map()
    known = sum(1 for k in data if smap.match_key(str(k)) or smap.match_heading(str(k)))
    return known >= 2 or bool(HOUSE_KEYS & {str(k) for k in data})


def read_document(doc: Document, smap: SectionMap | None = None) -> ModelCard:
    """Understand a decoded document. Never raises: problems are card.findings."""
    smap = smap or section_map()
    findings = list(doc.findings)
    if any(f.rule == "input/binary" for f in findings):
        card = ModelCard(doc.path, "unknown", doc, findings=findings)
        card.sections = {sid: Section(sid) for sid in smap.ids}
        return card
    fmt = detect_format(doc)
    if fmt in ("mct-json", "sagemaker-json", "json"):
        card = _read_json(doc, fmt, smap, findings)
    elif fmt == "yaml":
        card = _read_yaml(doc, smap, findings)
    else:
        card = _read_markdown(doc, fmt, smap, findings)
    if not doc.text.strip():
        card.findings.append(
            Finding(
                doc.path,
                0,
                0,
                "input/empty",
                Severity.ERROR,
                "empty file: a model card needs content",
                fix="start from the scaffold: xdocs new NAME",
            )
        )
    for sid in smap.ids:
        card.sections.setdefault(sid, Section(sid))
    return card


def _read_markdown(doc: Document, fmt: str, smap: SectionMap, findings: list[Finding]) -> ModelCard:
    fm = doc.front_matter_data
    if doc.front_matter_error is not None:
        findings.append(doc.front_matter_error)
    segments, title = markdown_segments(doc, smap)
    sections = build_sections(segments, smap, document=doc, title=title)
    raw = fm if isinstance(fm, dict) else {}
    metadata, lines = house_metadata(raw, doc, title)
    card = ModelCard(
        path=doc.path,
        format=fmt,
        document=doc,
        metadata=metadata,
        raw=fm,
        title=title,
        segments=segments,
        sections=sections,
        findings=findings,
        metadata_lines=lines,
    )
    card.metrics = extract_metrics(fmt, raw, doc)
    _front_matter_sections(card, raw, doc)
    return card


def _front_matter_sections(card: ModelCard, raw: dict[str, Any], doc: Document) -> None:
    """Front-matter that stands in for a section: ``license``, ``model-index`` results."""
    lic = card.sections.get("license")
    if lic is not None and lic.status is not SectionStatus.PRESENT and raw.get("license"):
        value = str(raw.get("license")).strip()
        if value:
            lic.status = SectionStatus.PRESENT
            lic.heading = None
            lic.line = doc.key_line("license")
            lic.origin = "front-matter"
    ev = card.sections.get("evaluation")
    if ev is not None and ev.status is not SectionStatus.PRESENT and card.metrics:
        key = "model-index" if "model-index" in raw else "metrics"
        ev.status = SectionStatus.PRESENT
        ev.heading = None
        ev.line = doc.key_line(key)
        ev.origin = "front-matter"


def _read_json(doc: Document, fmt: str, smap: SectionMap, findings: list[Finding]) -> ModelCard:
    data, err, line = parse_json(doc.text)
    card = ModelCard(doc.path, fmt, doc, raw=data, findings=findings)
    if err is not None:
        findings.append(
            Finding(
                doc.path,
                line or 1,
                1,
                "input/json",
                Severity.ERROR,
                f"invalid JSON: {err}",
                fix="fix the JSON syntax at this line",
            )
        )
        return card
    if fmt == "json":
        findings.append(
            Finding(
                doc.path,
                1,
                1,
                "input/not-a-model-card",
                Severity.ERROR,
                "JSON file is not a model card (no Model Card Toolkit or SageMaker fields)",
                fix="submit Model Card Toolkit JSON (model_details, considerations, …) "
                "or SageMaker model card JSON (model_overview, intended_uses, …)",
            )
        )
        return card
    locator = KeyLocator(doc.text, json_style=True)
    card.segments = tree_segments(data, smap, locator)
    card.sections = build_sections(card.segments, smap, origin="json")
    card.metadata, card.metadata_lines = structured_metadata(fmt, data, locator)
    card.title = card.metadata.get("name")
    card.metrics = extract_metrics(fmt, data, doc)
    _metrics_stand_for_evaluation(card, card.metrics[0].line if card.metrics else None)
    return card


def _metrics_stand_for_evaluation(card: ModelCard, line: int | None) -> None:
    """Reported metrics are evaluation results even where no prose discusses them."""
    ev = card.sections.get("evaluation")
    if ev is not None and ev.status is not SectionStatus.PRESENT and card.metrics:
        ev.status = SectionStatus.PRESENT
        ev.line = line or ev.line or 1
        ev.origin = ev.origin or card.format


def _read_yaml(doc: Document, smap: SectionMap, findings: list[Finding]) -> ModelCard:
    data, err = parse_yaml(doc.text, doc.path)
    card = ModelCard(doc.path, "yaml", doc, raw=data, findings=findings)
    if err is not None:
        findings.append(err)
        return card
    if not isinstance(data, dict):
        findings.append(
            Finding(
                doc.path,
                1,
                1,
                "input/not-a-model-card",
                Severity.ERROR,
                "YAML file is not a model card (expected a mapping of card fields)",
                fix="write the card as `field: value` entries, or as Markdown",
            )
        )
        return card
    locator = KeyLocator(doc.text, json_style=False)
    card.segments = tree_segments(data, smap, locator, skip=HOUSE_KEYS | {"metrics"})
    card.sections = build_sections(card.segments, smap, origin="yaml")
    card.metadata, card.metadata_lines = structured_metadata("yaml", data, locator)
    card.title = card.metadata.get("name")
    card.metrics = extract_metrics("yaml", data, doc)
    _metrics_stand_for_evaluation(card, card.metrics[0].line if card.metrics else None)
    return card
