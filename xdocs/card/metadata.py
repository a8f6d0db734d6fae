"""Canonical metadata from each format's fields.

The canonical keys (a contract, printed by ``xdocs inspect``): ``id``, ``name``,
``version``, ``owners``, ``submitted_by``, ``license``, ``risk_rating``,
``risk_rationale``, ``datasets``, ``model_format``, ``artifacts``,
``approvals``, ``flags``, ``tags``, ``language``, ``base_model``. A key is
present only when the card says it; nothing is invented except ``name``,
which falls back to the card's title.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xdocs.document import Document
    from xdocs.positions import KeyPositions

CANONICAL_KEYS = (
    "id",
    "name",
    "version",
    "owners",
    "submitted_by",
    "license",
    "risk_rating",
    "risk_rationale",
    "datasets",
    "model_format",
    "artifacts",
    "approvals",
    "flags",
    "tags",
    "language",
    "base_model",
)

#: house key → alternative spellings seen in real cards.
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "model_id"),
    "name": ("name", "model_name", "title"),
    "version": ("version", "model_version"),
    "owners": ("owners", "owner", "maintainers", "authors"),
    "submitted_by": ("submitted_by",),
    "license": ("license", "licence", "license_name"),
    "risk_rating": ("risk_rating", "risk"),
    "risk_rationale": ("risk_rationale", "explanations_for_risk_rating"),
    "datasets": ("datasets", "training_datasets"),
    "model_format": ("model_format", "format", "framework"),
    "artifacts": ("artifacts",),
    "approvals": ("approvals",),
    "flags": ("flags",),
    "tags": ("tags",),
    "language": ("language",),
    "base_model": ("base_model",),
}


def plain(value: Any) -> Any:
    """ruamel containers and scalars → plain Python (str, int, float, bool, list, dict)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def house_metadata(
    raw: dict[str, Any], doc: Document, title: str | None
) -> tuple[dict[str, Any], dict[str, int]]:
    """Canonical metadata from front-matter (house or Hugging Face)."""
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key, names in _ALIASES.items():
        for name in names:
            if name in raw and raw[name] not in (None, ""):
                meta[key] = plain(raw[name])
                lines[key] = doc.key_line(name)
                break
    if "name" not in meta:
        index = raw.get("model-index")
        first = index[0] if isinstance(index, list) and index else None
        if isinstance(first, dict) and first.get("name"):
            meta["name"] = str(first["name"])
            lines["name"] = doc.key_line("model-index")
    if "name" not in meta and title:
        meta["name"] = title
    if isinstance(meta.get("owners"), str):
        meta["owners"] = [meta["owners"]]
    if "model_format" not in meta and isinstance(meta.get("artifacts"), list):
        formats = [a.get("format") for a in meta["artifacts"] if isinstance(a, dict)]
        formats = [f for f in formats if f]
        if formats:
            meta["model_format"] = formats[0]
    return meta, lines


def structured_metadata(
    fmt: str, data: dict[str, Any], positions: KeyPositions
) -> tuple[dict[str, Any], dict[str, int]]:
    """Canonical metadata from Model Card Toolkit, SageMaker or YAML cards."""
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}

    def put(key: str, value: Any, path: tuple[str, ...]) -> None:
        if value not in (None, "", [], {}) and key not in meta:
            meta[key] = plain(value)
            lines[key] = positions.nearest(path)

    if fmt == "mct-json":
        details = _dict(data.get("model_details"))
        put("name", details.get("name"), ("model_details", "name"))
        version = details.get("version")
        put(
            "version",
            version.get("name") if isinstance(version, dict) else version,
            ("model_details", "version"),
        )
        owners = [o.get("name") for o in _list(details.get("owners")) if isinstance(o, dict)]
        put("owners", [o for o in owners if o], ("model_details", "owners"))
        lics = []
        licenses = details.get("licenses")
        if licenses is None and details.get("license"):  # schema v0.0.1: one string
            licenses = [details["license"]]
        for lic in _list(licenses):
            if isinstance(lic, dict):
                lics.append(lic.get("identifier") or lic.get("custom_text"))
            elif isinstance(lic, str):
                lics.append(lic)
        lics = [str(x) for x in lics if x]
        put("license", lics[0] if len(lics) == 1 else lics, ("model_details", "licenses"))
        params = _dict(data.get("model_parameters"))
        datasets = _mct_datasets(params.get("data"))
        put("datasets", datasets, ("model_parameters", "data"))
        put("model_format", params.get("model_architecture"), ("model_parameters",))
    elif fmt == "sagemaker-json":
        overview = _dict(data.get("model_overview"))
        put("id", overview.get("model_id"), ("model_overview", "model_id"))
        put("name", overview.get("model_name"), ("model_overview", "model_name"))
        put("version", overview.get("model_version"), ("model_overview", "model_version"))
        owner = overview.get("model_owner") or overview.get("model_creator")
        put("owners", [owner] if isinstance(owner, str) else owner, ("model_overview",))
        put("model_format", overview.get("algorithm_type"), ("model_overview",))
        uses = _dict(data.get("intended_uses"))
        put("risk_rating", _lower(uses.get("risk_rating")), ("intended_uses", "risk_rating"))
        put(
            "risk_rationale",
            uses.get("explanations_for_risk_rating"),
            ("intended_uses", "explanations_for_risk_rating"),
        )
        training = _dict(data.get("training_details"))
        job = _dict(training.get("training_job_details"))
        put("datasets", job.get("training_datasets"), ("training_details",))
        custom = _dict(_dict(data.get("additional_information")).get("custom_details"))
        put("license", _licence_text(custom.get("license")), _CUSTOM + ("license",))
        put("version", custom.get("version"), _CUSTOM + ("version",))
    else:  # yaml cards: house keys, or Mitchell-style nested keys
        flat = {_norm(k): (k, v) for k, v in data.items()}
        for key, names in _ALIASES.items():
            for name in names:
                if name in flat:
                    orig, value = flat[name]
                    put(key, value, (str(orig),))
                    break
        details = next((v for k, v in data.items() if _norm(k) == "model_details"), None)
        if isinstance(details, dict):
            for k, v in details.items():
                nk = _norm(k)
                if nk in ("name", "model_name", "title"):
                    put("name", v, (str(k),))
                elif nk in ("version", "model_version"):
                    put("version", v, (str(k),))
                elif nk in ("license", "licence"):
                    put("license", v, (str(k),))
                elif nk in ("owners", "organization", "person_or_organization_developing_model"):
                    put("owners", v if isinstance(v, list) else [v], (str(k),))
    if isinstance(meta.get("owners"), str):
        meta["owners"] = [meta["owners"]]
    return meta, lines


_CUSTOM = ("additional_information", "custom_details")


def _licence_text(value: Any) -> Any:
    """A licence as SageMaker's string-only ``custom_details`` holds it: one id, or a
    JSON list of ids when the card has several."""
    if isinstance(value, str) and value.startswith("["):
        import json

        try:
            items = json.loads(value)
        except ValueError:
            return value
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            return items
    return value


def _mct_datasets(data: Any) -> list[str]:
    names: list[str] = []
    if isinstance(data, dict):  # schema v0.0.1: {train: {...}, eval: {...}}
        data = [v for v in data.values() if isinstance(v, dict)]
    for item in _list(data):
        if isinstance(item, dict) and item.get("name"):
            names.append(str(item["name"]))
    return names


def _norm(key: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
