"""SageMaker model card content JSON export.

The *content* document (``model_overview``, ``intended_uses``,
``training_details``, ``evaluation_details``, ``additional_information``) that
``aws sagemaker create-model-card --content`` takes. The card's approval
status is not part of the content: it is the ``ModelCardStatus`` request
parameter. The export records it in ``additional_information.custom_details``
(``model_card_status``, plus the xdocs status it came from) so a deploy
script can pass it on; the mapping from xdocs statuses (Draft,
PendingReview, Approved, Archived) lives in :mod:`xdocs.workflow.stages`,
and the CLI supplies it (the card layer does not import the workflow).

Sections go where :data:`xdocs.card.fieldmap.SAGEMAKER_FIELDS` says (the
table the reader reads by); the evaluation text is the first evaluation's
``evaluation_observation``; every section SageMaker has no field for
(out-of-scope use, deployment, training data, …) is a ``custom_details``
entry named by its section id, and the licence is ``custom_details.license``.
Metrics become one evaluation per dataset with one metric group per split;
a sliced metric's slice goes into its name ("accuracy [cat]") because
SageMaker metric data has no slice field. What no field can hold (dataset
provenance, a metric's slice and interval as data) is the extension record,
``custom_details.xdocs_extension`` (JSON text).
"""

from __future__ import annotations

import copy
import json
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
from xdocs.card.fieldmap import (
    SAGEMAKER_CUSTOM,
    SAGEMAKER_EVALUATION_FIELD,
    SAGEMAKER_EXTENSION_KEY,
    SAGEMAKER_FIELDS,
    custom_key,
)
from xdocs.card.metrics import parse_number
from xdocs.card.model import ModelCard

RISK = {"high": "High", "medium": "Medium", "low": "Low", "unknown": "Unknown"}


def evaluation_details(card: ModelCard) -> list[dict[str, Any]]:
    """``evaluation_details`` for the card's metrics and evaluation text."""
    evaluations: dict[str, dict[str, Any]] = {}
    observation = written_text(card, "evaluation")
    for m in card.metrics:
        name = str(m.extra.get("evaluation") or m.dataset or "evaluation")
        ev = evaluations.setdefault(name, {"name": name, "metric_groups": []})
        if m.dataset:
            ev.setdefault("datasets", [m.dataset])
        if m.source and m.source.startswith("arn:"):
            ev["evaluation_job_arn"] = m.source
        group_name = str(m.extra.get("group") or m.split or "metrics")
        group = next((g for g in ev["metric_groups"] if g["name"] == group_name), None)
        if group is None:
            group = {"name": group_name, "metric_data": []}
            ev["metric_groups"].append(group)
        value = metric_number(m)
        number = parse_number(value)
        entry: dict[str, Any] = {
            "name": f"{m.name} [{m.slice}]" if m.slice else m.name,
            "type": "number" if isinstance(value, float) else "string",
            "value": number
            if isinstance(value, float) and number is not None
            else ("" if value is None else str(value)),
        }
        if m.ci_low is not None and m.ci_high is not None:
            entry["notes"] = f"95% CI [{m.ci_low}, {m.ci_high}]"
        group["metric_data"].append(entry)
    out = list(evaluations.values())
    if observation is not None:
        if not out:
            out.append({"name": "evaluation"})
        out[0][SAGEMAKER_EVALUATION_FIELD] = observation
    return out


def _put(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = doc
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def _from_canonical(card: ModelCard) -> dict[str, Any]:
    meta = card.metadata
    doc: dict[str, Any] = {}
    for sid, path in SAGEMAKER_FIELDS.items():
        text = written_text(card, sid)
        if text is not None:
            _put(doc, path, text)
    overview = doc.setdefault("model_overview", {})
    owners = names(meta.get("owners"))
    if owners:
        overview["model_owner"] = ", ".join(owners)
    if meta.get("id"):
        overview["model_id"] = str(meta["id"])
    if meta.get("name"):
        overview["model_name"] = str(meta["name"])
    version = parse_number(meta.get("version"))
    if version is not None:
        overview["model_version"] = version
    if meta.get("model_format"):
        overview["algorithm_type"] = str(meta["model_format"])
    uses = doc.setdefault("intended_uses", {})
    rating = meta.get("risk_rating")
    if isinstance(rating, str) and rating.strip().lower() in RISK:
        uses["risk_rating"] = RISK[rating.strip().lower()]
    if isinstance(meta.get("risk_rationale"), str):
        uses["explanations_for_risk_rating"] = meta["risk_rationale"]
    datasets = names(meta.get("datasets"))
    if datasets:
        _put(doc, ("training_details", "training_job_details", "training_datasets"), datasets)
    doc["evaluation_details"] = evaluation_details(card)
    custom: dict[str, str] = {}
    for sid in section_ids():
        if sid in SAGEMAKER_FIELDS or sid == "evaluation":
            continue
        text = written_text(card, sid)
        if text is not None:
            custom[custom_key(sid)] = text
    if meta.get("version") is not None and version is None:
        custom["version"] = str(meta["version"])
    if meta.get("license"):
        lic = meta["license"]
        custom["license"] = json.dumps(plain(lic)) if isinstance(lic, list) else str(lic)
    if custom:
        _put(doc, SAGEMAKER_CUSTOM, custom)
    return {k: v for k, v in doc.items() if v}


def build_sagemaker(
    card: ModelCard,
    status: str | None = None,
    model_card_status: str | None = None,
    record: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The SageMaker content document for ``card`` (``record``: the extension record)."""
    if card.format == "sagemaker-json" and isinstance(card.raw, dict):
        doc = copy.deepcopy(plain(card.raw))
        doc.get("additional_information", {}).get("custom_details", {}).pop(
            SAGEMAKER_EXTENSION_KEY, None
        )
        if card.metrics:
            doc["evaluation_details"] = evaluation_details(card)
    else:
        doc = _from_canonical(card)
    _custom(doc, status, model_card_status)
    if record is not None:
        custom = doc.setdefault("additional_information", {}).setdefault("custom_details", {})
        custom[SAGEMAKER_EXTENSION_KEY] = json.dumps(
            record, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
    return doc


def _custom(doc: dict[str, Any], status: str | None, model_card_status: str | None) -> None:
    if not status and not model_card_status:
        return
    info = doc.setdefault("additional_information", {})
    custom = info.setdefault("custom_details", {})
    if model_card_status:
        custom["model_card_status"] = model_card_status
    if status:
        custom["xdocs_status"] = status


def export_sagemaker(
    card: ModelCard, status: str | None = None, model_card_status: str | None = None
) -> str:
    """The SageMaker content JSON text of ``card``: reads back as ``card``."""

    def render(record: dict[str, Any] | None) -> str:
        return dumps(build_sagemaker(card, status, model_card_status, record))

    return lossless(card, render, ".json")
