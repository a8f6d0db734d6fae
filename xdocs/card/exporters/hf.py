"""Hugging Face README export: YAML front-matter with ``model-index``, Markdown body.

``model-index`` is rebuilt from the canonical metrics: one result per
(task, dataset) in first-seen order, each metric as ``{type, value, name?,
verified?, config?, args?}``. Metrics read from a model-index keep their
task, dataset (type, name, config, split) and extra keys, so HF → xdocs → HF
keeps every result. The hub has no notion of a slice, so a sliced metric's
slice goes into its display ``name`` ("accuracy [cat]").

Workflow records (``approvals``, ``flags``), the house ``metrics:`` list and
xdocs' evaluation records (``evaluation``, ``reproduction``, ``bias_audit``)
stay out of the exported front-matter: they are internal review data and the
metrics now live in ``model-index``. The hub's own ``metrics:`` (a list of
metric ids) is kept. The hub wants ``datasets`` as ids; the records behind
them (role, source, licence, …), a metric's slice, interval or threshold, and
anything else the README cannot say go into the extension record, the
front-matter key ``xdocs:`` (:mod:`xdocs.card.extension`), which xdocs reads
back and the hub ignores.

``verified: true`` is written only for a metric xdocs reproduced by running the
model (a ``reproduction:`` record for the value the card reports now), or one
the hub itself verified (it carries the hub's ``verifyToken``). Any other
claim of verification is exported as ``verified: false``.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from xdocs.card.exporters.common import lossless, metric_number, names, plain
from xdocs.card.fieldmap import HF_EXTENSION_KEY
from xdocs.card.model import Metric, ModelCard

#: front-matter keys never exported (internal review data; metrics go to model-index).
INTERNAL_KEYS = {
    "approvals",
    "flags",
    "metrics",
    "model-index",
    "evaluation",
    "reproduction",
    "bias_audit",
    HF_EXTENSION_KEY,
}
#: keys a model-index metric entry may carry besides type/value/name/verified.
_METRIC_KEYS = ("config", "args", "verifyToken")


def model_index(card: ModelCard) -> list[dict[str, Any]]:
    """The ``model-index`` list for the card's metrics (empty when it has none)."""
    from xdocs.evidence.evaluate.summary import verdicts

    default_name = str(card.metadata.get("name") or card.title or "model")
    models: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for metric, verdict in zip(card.metrics, verdicts(card), strict=True):
        model = str(metric.extra.get("model") or default_name)
        task = _task(metric)
        dataset = _dataset(metric)
        key = (json.dumps(task, sort_keys=True), json.dumps(dataset, sort_keys=True))
        results = models.setdefault(model, {})
        result = results.setdefault(key, {"task": task, "dataset": dataset, "metrics": []})
        source = metric.extra.get("result_source")
        if isinstance(source, dict):
            result["source"] = source
        elif metric.source and "source" not in result and metric.source.startswith("http"):
            result["source"] = {"url": metric.source}
        result["metrics"].append(_metric_entry(metric, verdict))
    return [{"name": name, "results": list(results.values())} for name, results in models.items()]


def _task(metric: Metric) -> dict[str, Any]:
    task = metric.extra.get("task")
    if isinstance(task, dict) and task.get("type"):
        return plain(task)
    if isinstance(task, str) and task.strip():
        return {"type": task.strip()}
    return {"type": "other"}


def _dataset(metric: Metric) -> dict[str, Any]:
    info = metric.extra.get("dataset_info")
    if isinstance(info, dict) and (info.get("type") or info.get("name")):
        return plain(info)
    name = metric.dataset or "unknown"
    out: dict[str, Any] = {"type": name, "name": name}
    if metric.split:
        out["split"] = metric.split
    return out


def _metric_entry(metric: Metric, verdict: Any = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": metric.name, "value": metric_number(metric)}
    display = metric.extra.get("display_name")
    if metric.slice:
        entry["name"] = f"{display or metric.name} [{metric.slice}]"
    elif display:
        entry["name"] = display
    for key in _METRIC_KEYS:
        if key in metric.extra:
            entry[key] = plain(metric.extra[key])
    if "args" not in entry and isinstance(metric.extra.get("average"), str):
        entry["args"] = {"average": metric.extra["average"]}  # how the hub spells it
    verified = _verified(metric, verdict)
    if verified is not None:
        entry["verified"] = verified
    return entry


def _verified(metric: Metric, verdict: Any) -> bool | None:
    """True only when xdocs reproduced the value (or the hub signed it)."""
    if verdict is not None:
        return bool(verdict.reproduced)
    if metric.verified is True and metric.extra.get("verifyToken"):
        return True
    return False if metric.verified is not None else None


def _front_matter(card: ModelCard) -> Any:
    """The README's front-matter mapping (the card's own keys kept where it has them)."""
    from ruamel.yaml.comments import CommentedMap

    raw = card.raw if card.format in ("markdown", "hf") and isinstance(card.raw, dict) else None
    data: Any = CommentedMap()
    if raw is not None:
        for key, value in raw.items():
            if key not in INTERNAL_KEYS or (key == "metrics" and _metric_ids(value)):
                data[key] = value
        if isinstance(data.get("datasets"), list):  # the hub wants dataset ids, not records
            data["datasets"] = names(data["datasets"])
    else:
        meta = card.metadata
        if meta.get("license"):
            lic = meta["license"]
            data["license"] = lic[0] if isinstance(lic, list) and len(lic) == 1 else lic
        for key in ("language", "tags", "base_model"):
            if meta.get(key):
                data[key] = plain(meta[key])
        dataset_names = names(meta.get("datasets"))
        if dataset_names:
            data["datasets"] = dataset_names
    index = model_index(card)
    if index:
        data["model-index"] = index
    return data


def _metric_ids(value: Any) -> bool:
    """The hub's ``metrics:`` (metric ids such as ``accuracy``), not house metric records."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def export_hf(card: ModelCard) -> str:
    """The Hugging Face README text of ``card``: reads back as ``card``."""
    return lossless(card, lambda record: _readme(card, record), ".md")


def _readme(card: ModelCard, record: dict[str, Any] | None) -> str:
    from xdocs.card.render import render_card
    from xdocs.document import make_yaml

    front = _front_matter(card)
    if record is not None:
        front[HF_EXTENSION_KEY] = record
    if card.format in ("markdown", "hf"):
        body = card.document.body
    else:
        body = _SOURCE_NOTE.sub("", _strip_front_matter(render_card(card)))
        body = re.sub(r"\n{3,}", "\n\n", body)
    stream = io.StringIO()
    if front:
        make_yaml().dump(front, stream)
    head = f"---\n{stream.getvalue()}---\n" if front else ""
    return head + (body if body.startswith("\n") or not head else "\n" + body).rstrip() + "\n"


#: normalize's provenance notes point at lines of the source file, not of the README.
_SOURCE_NOTE = re.compile(r"<!--\s*xdocs:source\b.*?-->\n?", re.S)


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text
