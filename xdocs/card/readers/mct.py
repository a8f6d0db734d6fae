"""Model Card Toolkit JSON (schema v0.0.1/v0.0.2).

Fields map to sections by :data:`xdocs.card.fieldmap.MCT_FIELDS` (the same
table the exporter writes by), other fields by their names. The licences are
metadata and stand for the licence section, as front-matter ``license`` does.
``model_details.documentation`` written with ``## <section title>`` headings
(what the exporter writes for sections MCT has no field for) is read as
Markdown: each heading is a section; a documentation without headings is one
text field, as before. Its closing fenced block, under the heading
:data:`~xdocs.card.fieldmap.MCT_EXTENSION_HEADING`, is the extension record.
"""

from __future__ import annotations

import json
import re
from typing import Any

from xdocs.card.canonical import SectionMap
from xdocs.card.fieldmap import MCT_DOCUMENTATION, MCT_EXTENSION_HEADING, MCT_FIELDS, MCT_OVERVIEW
from xdocs.card.metadata import structured_metadata
from xdocs.card.metrics import extract_metrics
from xdocs.card.model import ModelCard, Segment
from xdocs.card.readers.structured import dig, tree_segments
from xdocs.card.readers.yamlcard import licence_stands_for_section, metrics_stand_for_evaluation
from xdocs.card.sections import build_sections, markdown_segments
from xdocs.document import Document
from xdocs.findings import Finding

_LICENSES = ("model_details", "licenses")
_DATA = ("model_parameters", "data")
#: fields that are canonical metadata (read by
#: :func:`~xdocs.card.metadata.structured_metadata`), not section text: the
#: name, owners, version and licences of the model.
_METADATA_FIELDS = {
    ("model_details", "name"),
    ("model_details", "owners"),
    ("model_details", "version"),
    ("model_details", "path"),
    _LICENSES,
}
_EXTENSION = re.compile(
    r"(?:\A|\n)##[ \t]+"
    + re.escape(MCT_EXTENSION_HEADING)
    + r"[ \t]*\n+```json\n(?P<data>.*?)\n```\s*\Z",
    re.S,
)
_HEADING = re.compile(r"(?m)^#{1,6}[ \t]+\S")


def split_documentation(text: str) -> tuple[str, Any]:
    """(documentation without the extension block, the extension record or None)."""
    m = _EXTENSION.search(text)
    if m is None:
        return text, None
    try:
        record = json.loads(m.group("data"))
    except ValueError:
        record = None
    return text[: m.start()].rstrip("\n"), record


def read_mct(
    doc: Document, data: dict[str, Any], smap: SectionMap, findings: list[Finding]
) -> ModelCard:
    card = ModelCard(doc.path, "mct-json", doc, raw=data, findings=findings)
    positions = doc.positions
    # objects that group fields: their fields name sections, they do not
    fixed: dict[tuple[str, ...], tuple[str, ...]] = {
        ("model_details",): (),
        ("model_parameters",): (),
    }
    fixed.update({path: (sid,) for sid, (path, _key) in MCT_FIELDS.items()})
    fixed[MCT_OVERVIEW] = ("overview",)
    omit = set(_METADATA_FIELDS)
    documentation, extension = _documentation(dig(data, MCT_DOCUMENTATION))
    doc_line = positions.nearest(MCT_DOCUMENTATION)
    extra = documentation_segments(documentation, smap, doc_line) if documentation else []
    if documentation is not None:
        omit.add(MCT_DOCUMENTATION)
    if any("training_data" in seg.ids for seg in extra):
        # the dataset list stands for the training-data section only when the
        # card has no training-data text (as a front-matter licence does)
        omit.add(_DATA)
    card.segments = tree_segments(data, smap, positions, omit=omit, fixed=fixed)
    base = len(card.segments)
    for seg in extra:
        seg.parent = None if seg.parent is None else seg.parent + base
    card.segments += extra
    card.sections = build_sections(card.segments, smap, origin="json")
    card.metadata, card.metadata_lines = structured_metadata("mct-json", data, positions)
    card.title = card.metadata.get("name")
    card.metrics = extract_metrics("mct-json", data, doc)
    metrics_stand_for_evaluation(card, card.metrics[0].line if card.metrics else None)
    licence_stands_for_section(card, positions.nearest(_LICENSES))
    if extension is not None:
        from xdocs.card.extension import apply

        apply(card, extension, doc_line)
    return card


def _documentation(value: Any) -> tuple[str | None, Any]:
    """(Markdown documentation read as sections, extension record): the text is None
    when the field is not sectioned Markdown (then it is an ordinary text field)."""
    if not isinstance(value, str):
        return None, None
    text, extension = split_documentation(value)
    if _HEADING.search(text) or extension is not None:
        return text, extension
    return None, None


def documentation_segments(text: str, smap: SectionMap, line: int) -> list[Segment]:
    """Segments of a Markdown ``documentation`` field, all at the field's ``line``.

    A synthetic title keeps the first ``##`` heading from being read as the
    card's title; it is dropped afterwards (parents are indices into the list).
    """
    if not text.strip():
        return []
    segments, _title = markdown_segments(Document.from_text("# documentation\n\n" + text), smap)
    segments = segments[1:]
    for seg in segments:
        seg.line = seg.end_line = line
        seg.parent = None if seg.parent is None or seg.parent == 0 else seg.parent - 1
    return segments
