"""Readers: any supported card format → :class:`~xdocs.card.model.ModelCard`.

One module per format, mirroring :mod:`xdocs.card.exporters`:
:mod:`.markdown` (house cards and Hugging Face READMEs), :mod:`.mct`,
:mod:`.sagemaker` and :mod:`.yamlcard`; :mod:`.structured` turns JSON/YAML
trees into segments for the last three, and :mod:`.extension` reads the
xdocs extension record an export leaves where its format has no field.

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

from xdocs.card.canonical import SectionMap, section_map
from xdocs.card.model import ModelCard, Section
from xdocs.card.readers.structured import parse_json
from xdocs.document import Document, parse_yaml
from xdocs.document.rules import R
from xdocs.findings import Finding

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
    data, err = whole_file_yaml(doc)
    if err is not None or not isinstance(data, dict) or len(data) < 2:
        return False
    smap = section_map()
    known = sum(1 for k in data if smap.match_key(str(k)) or smap.match_heading(str(k)))
    return known >= 2 or bool(HOUSE_KEYS & {str(k) for k in data})


def whole_file_yaml(doc: Document) -> tuple[object, Finding | None]:
    """The whole file parsed as YAML (round-trip), once per document."""
    return doc.view("card.yaml-card", lambda d: parse_yaml(d.text, d.path))


def read_document(doc: Document, smap: SectionMap | None = None) -> ModelCard:
    """Understand a decoded document. Never raises: problems are card.findings."""
    from xdocs.card.readers.markdown import read_markdown
    from xdocs.card.readers.yamlcard import read_yaml

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
        card = read_yaml(doc, smap, findings)
    else:
        card = read_markdown(doc, fmt, smap, findings)
    if not doc.text.strip():
        card.findings.append(
            R["input/empty"].finding(
                doc.path,
                0,
                0,
                "empty file: a model card needs content",
                fix="start from the scaffold: xdocs new NAME",
            )
        )
    for sid in smap.ids:
        card.sections.setdefault(sid, Section(sid))
    return card


def _read_json(doc: Document, fmt: str, smap: SectionMap, findings: list[Finding]) -> ModelCard:
    from xdocs.card.readers.mct import read_mct
    from xdocs.card.readers.sagemaker import read_sagemaker

    data, err, line = parse_json(doc.text)
    if err is not None:
        findings.append(
            R["input/json"].finding(
                doc.path,
                line or 1,
                1,
                f"invalid JSON: {err}",
                fix="fix the JSON syntax at this line",
            )
        )
        return ModelCard(doc.path, fmt, doc, raw=data, findings=findings)
    if fmt == "json":
        findings.append(
            R["input/not-a-model-card"].finding(
                doc.path,
                1,
                1,
                "JSON file is not a model card (no Model Card Toolkit or SageMaker fields)",
                fix="submit Model Card Toolkit JSON (model_details, considerations, …) "
                "or SageMaker model card JSON (model_overview, intended_uses, …)",
            )
        )
        return ModelCard(doc.path, fmt, doc, raw=data, findings=findings)
    read = read_mct if fmt == "mct-json" else read_sagemaker
    return read(doc, data, smap, findings)
