"""YAML cards: a mapping of card fields (house keys, or Mitchell-style nested keys)."""

from __future__ import annotations

from xdocs.card.canonical import SectionMap
from xdocs.card.metadata import structured_metadata
from xdocs.card.metrics import extract_metrics
from xdocs.card.model import ModelCard, SectionStatus
from xdocs.card.readers.structured import tree_segments
from xdocs.card.sections import build_sections
from xdocs.document import Document
from xdocs.document.rules import R
from xdocs.findings import Finding


def read_yaml(doc: Document, smap: SectionMap, findings: list[Finding]) -> ModelCard:
    """A YAML card. Invalid YAML or a non-mapping is a finding, not an exception."""
    from xdocs.card.readers import HOUSE_KEYS, whole_file_yaml

    data, err = whole_file_yaml(doc)
    card = ModelCard(doc.path, "yaml", doc, raw=data, findings=findings)
    if err is not None:
        findings.append(err)
        return card
    if not isinstance(data, dict):
        findings.append(
            R["input/not-a-model-card"].finding(
                doc.path,
                1,
                1,
                "YAML file is not a model card (expected a mapping of card fields)",
                fix="write the card as `field: value` entries, or as Markdown",
            )
        )
        return card
    positions = doc.positions
    card.segments = tree_segments(data, smap, positions, skip=HOUSE_KEYS | {"metrics"})
    card.sections = build_sections(card.segments, smap, origin="yaml")
    card.metadata, card.metadata_lines = structured_metadata("yaml", data, positions)
    card.title = card.metadata.get("name")
    card.metrics = extract_metrics("yaml", data, doc)
    metrics_stand_for_evaluation(card, card.metrics[0].line if card.metrics else None)
    return card


def metrics_stand_for_evaluation(card: ModelCard, line: int | None) -> None:
    """Reported metrics are evaluation results even where no prose discusses them."""
    ev = card.sections.get("evaluation")
    if ev is not None and ev.status is not SectionStatus.PRESENT and card.metrics:
        ev.status = SectionStatus.PRESENT
        ev.line = line or ev.line or 1
        ev.origin = ev.origin or card.format


def licence_stands_for_section(card: ModelCard, line: int) -> None:
    """A licence given as a field is the licence section, as front-matter ``license`` is."""
    lic = card.sections.get("license")
    if lic is not None and lic.status is not SectionStatus.PRESENT and card.metadata.get("license"):
        lic.status = SectionStatus.PRESENT
        lic.heading = None
        lic.line = line
        lic.origin = card.format
