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

Metrics become one evaluation per dataset with one metric group per split;
a sliced metric's slice goes into its name ("accuracy [cat]") because
SageMaker metric data has no slice field.
"""

from __future__ import annotations

import copy
from typing import Any

from xdocs.card.exporters.common import dumps, metric_number, names, plain, text_of
from xdocs.card.metrics import parse_number
from xdocs.card.model import ModelCard

RISK = {"high": "High", "medium": "Medium", "low": "Low", "unknown": "Unknown"}


def evaluation_details(card: ModelCard) -> list[dict[str, Any]]:
    """``evaluation_details`` for the card's metrics."""
    evaluations: dict[str, dict[str, Any]] = {}
    observation = text_of(card, "evaluation")
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
            "value": number if isinstance(value, float) and number is not None else str(value),
        }
        if m.ci_low is not None and m.ci_high is not None:
            entry["notes"] = f"95% CI [{m.ci_low}, {m.ci_high}]"
        group["metric_data"].append(entry)
    out = list(evaluations.values())
    if out and observation:
        out[0]["evaluation_observation"] = observation
    return out


def build_sagemaker(
    card: ModelCard, status: str | None = None, model_card_status: str | None = None
) -> dict[str, Any]:
    """The SageMaker content document for ``card``."""
    if card.format == "sagemaker-json" and isinstance(card.raw, dict):
        doc = copy.deepcopy(plain(card.raw))
        if card.metrics:
            doc["evaluation_details"] = evaluation_details(card)
        _custom(doc, status, model_card_status)
        return doc
    meta = card.metadata
    overview: dict[str, Any] = {}
    if text_of(card, "overview"):
        overview["model_description"] = text_of(card, "overview")
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
    uses: dict[str, Any] = {}
    if text_of(card, "intended_use"):
        uses["purpose_of_model"] = text_of(card, "intended_use")
    if text_of(card, "limitations"):
        uses["factors_affecting_model_efficiency"] = text_of(card, "limitations")
    rating = meta.get("risk_rating")
    if isinstance(rating, str) and rating.strip().lower() in RISK:
        uses["risk_rating"] = RISK[rating.strip().lower()]
    if isinstance(meta.get("risk_rationale"), str):
        uses["explanations_for_risk_rating"] = meta["risk_rationale"]
    training: dict[str, Any] = {}
    if text_of(card, "training_data"):
        training["training_observations"] = text_of(card, "training_data")
    datasets = names(meta.get("datasets"))
    if datasets:
        training["training_job_details"] = {"training_datasets": datasets}
    additional: dict[str, Any] = {}
    if text_of(card, "ethical_considerations"):
        additional["ethical_considerations"] = text_of(card, "ethical_considerations")
    caveats = [t for t in (text_of(card, "out_of_scope"), text_of(card, "deployment")) if t]
    if caveats:
        additional["caveats_and_recommendations"] = "\n\n".join(caveats)
    doc: dict[str, Any] = {}
    for key, value in (
        ("model_overview", overview),
        ("intended_uses", uses),
        ("training_details", training),
        ("evaluation_details", evaluation_details(card)),
        ("additional_information", additional),
    ):
        if value:
            doc[key] = value
    custom: dict[str, str] = {}
    if meta.get("version") is not None and version is None:
        custom["version"] = str(meta["version"])
    if meta.get("license"):
        lic = meta["license"]
        custom["license"] = ", ".join(lic) if isinstance(lic, list) else str(lic)
    if custom:
        doc.setdefault("additional_information", {})["custom_details"] = custom
    _custom(doc, status, model_card_status)
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
    """The SageMaker content JSON text of ``card``."""
    return dumps(build_sagemaker(card, status, model_card_status))
