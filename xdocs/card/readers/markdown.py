"""Markdown cards: house cards and Hugging Face READMEs (YAML front-matter + body).

Sections come from the body's headings; metadata from the front-matter
(house keys, or the hub's); ``license`` and ``model-index`` stand in for a
section the body does not write. An ``xdocs:`` front-matter key is the
extension record an export to a Hugging Face README leaves (dataset
provenance, metric slices): it is applied last.
"""

from __future__ import annotations

from typing import Any

from xdocs.card.canonical import SectionMap
from xdocs.card.fieldmap import HF_EXTENSION_KEY
from xdocs.card.metadata import house_metadata
from xdocs.card.metrics import extract_metrics
from xdocs.card.model import ModelCard, SectionStatus
from xdocs.card.sections import build_sections, markdown_segments
from xdocs.document import Document
from xdocs.findings import Finding


def read_markdown(doc: Document, fmt: str, smap: SectionMap, findings: list[Finding]) -> ModelCard:
    """A Markdown card (``fmt``: markdown, hf or page)."""
    fm = doc.front_matter_data
    if doc.front_matter_error is not None:
        findings.append(doc.front_matter_error)
    if doc.front_matter_near_miss is not None:
        findings.append(doc.front_matter_near_miss)
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
    front_matter_sections(card, raw, doc)
    if HF_EXTENSION_KEY in raw:
        from xdocs.card.extension import apply

        apply(card, raw.get(HF_EXTENSION_KEY), doc.key_line(HF_EXTENSION_KEY))
    return card


def front_matter_sections(card: ModelCard, raw: dict[str, Any], doc: Document) -> None:
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
