"""SageMaker model card content JSON.

Fields map to sections by :data:`xdocs.card.fieldmap.SAGEMAKER_FIELDS` (the
table the exporter writes by); the evaluation section is the observations of
``evaluation_details``; ``additional_information.custom_details`` (SageMaker's
own map of extra strings) holds one key per section SageMaker has no field
for, the licence, and the extension record.
"""

from __future__ import annotations

import json
from typing import Any

from xdocs.card.canonical import SectionMap
from xdocs.card.fieldmap import (
    SAGEMAKER_CUSTOM,
    SAGEMAKER_DATA_KEYS,
    SAGEMAKER_EVALUATION_FIELD,
    SAGEMAKER_EXTENSION_KEY,
    SAGEMAKER_FIELDS,
    custom_key,
)
from xdocs.card.metadata import structured_metadata
from xdocs.card.metrics import extract_metrics
from xdocs.card.model import ModelCard, Segment
from xdocs.card.readers.structured import dig, tree_segments
from xdocs.card.readers.yamlcard import licence_stands_for_section, metrics_stand_for_evaluation
from xdocs.card.sections import build_sections, content_status
from xdocs.document import Document
from xdocs.findings import Finding

_EVALUATION = ("evaluation_details",)
#: fields that are canonical metadata (name, owner, risk…), read by
#: :func:`~xdocs.card.metadata.structured_metadata`, not section text.
_METADATA_FIELDS = {
    ("model_overview", key)
    for key in (
        "model_id",
        "model_name",
        "model_version",
        "model_owner",
        "model_creator",
        "algorithm_type",
        "model_artifact",
        "inference_environment",
    )
} | {("intended_uses", "risk_rating"), ("intended_uses", "explanations_for_risk_rating")}
_TRAINING_JOB = ("training_details", "training_job_details")
#: objects that group fields: their fields name sections, they do not.
_CONTAINERS = [("model_overview",), ("intended_uses",), ("training_details",), _TRAINING_JOB]


def read_sagemaker(
    doc: Document, data: dict[str, Any], smap: SectionMap, findings: list[Finding]
) -> ModelCard:
    card = ModelCard(doc.path, "sagemaker-json", doc, raw=data, findings=findings)
    positions = doc.positions
    fixed: dict[tuple[str, ...], tuple[str, ...]] = dict.fromkeys(_CONTAINERS, ())
    fixed.update({path: (sid,) for sid, path in SAGEMAKER_FIELDS.items()})
    for sid in smap.ids:
        if sid not in SAGEMAKER_FIELDS:
            fixed[(*SAGEMAKER_CUSTOM, custom_key(sid))] = (sid,)
    omit = {(*SAGEMAKER_CUSTOM, key) for key in SAGEMAKER_DATA_KEYS} | {_EVALUATION}
    omit |= _METADATA_FIELDS
    if isinstance(dig(data, (*SAGEMAKER_CUSTOM, custom_key("training_data"))), str):
        # the training job's dataset list stands for the training-data section only
        # when the card has no training-data text (as a front-matter licence does)
        omit.add(_TRAINING_JOB)
    card.segments = tree_segments(data, smap, positions, omit=omit, fixed=fixed)
    observation = evaluation_observations(data.get("evaluation_details"))
    if observation is not None:
        line = positions.nearest(_EVALUATION)
        seg = Segment("Evaluation details", 1, line, line, observation, ("evaluation",))
        seg.effective_ids, seg.kind = ("evaluation",), "key"
        seg.status = content_status(observation)
        card.segments.append(seg)
    card.sections = build_sections(card.segments, smap, origin="json")
    card.metadata, card.metadata_lines = structured_metadata("sagemaker-json", data, positions)
    card.title = card.metadata.get("name")
    card.metrics = extract_metrics("sagemaker-json", data, doc)
    metrics_stand_for_evaluation(card, card.metrics[0].line if card.metrics else None)
    licence_stands_for_section(card, positions.nearest((*SAGEMAKER_CUSTOM, "license")))
    raw_extension = dig(data, (*SAGEMAKER_CUSTOM, SAGEMAKER_EXTENSION_KEY))
    if isinstance(raw_extension, str):
        from xdocs.card.extension import apply

        try:
            record = json.loads(raw_extension)
        except ValueError:
            record = None
        apply(card, record, positions.nearest((*SAGEMAKER_CUSTOM, SAGEMAKER_EXTENSION_KEY)))
    return card


def evaluation_observations(details: Any) -> str | None:
    """The evaluation section: every evaluation's observation (None when none has one)."""
    if not isinstance(details, list):
        return None
    texts = [
        d[SAGEMAKER_EVALUATION_FIELD].strip()
        for d in details
        if isinstance(d, dict) and isinstance(d.get(SAGEMAKER_EVALUATION_FIELD), str)
    ]
    return "\n\n".join(texts) if texts else None
