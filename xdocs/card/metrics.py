"""Reported metrics, format-neutral: one :class:`Metric` list from any card format.

Readers call :func:`extract_metrics` with the card's source mapping. Cards in
the wild are messy (values as ``"85.3%"``, metrics lists that are dicts, keys
missing), so this never raises: an entry that cannot be understood is skipped
and the rest are kept. Whatever a source says beyond the canonical fields
(task, metric type, args, ``evidence``, ``average``…) is kept in
:attr:`Metric.extra`, so exporters can write it back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from xdocs.card.model import Metric
from xdocs.document import Document

#: canonical fields of a house ``metrics:`` entry (everything else goes to ``extra``).
_HOUSE_FIELDS = {
    "name",
    "value",
    "dataset",
    "split",
    "slice",
    "ci_low",
    "ci_high",
    "threshold",
    "source",
    "verified",
}

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(%?)\s*$")


def parse_number(value: Any) -> float | None:
    """A float from ``0.85``, ``"85.3"`` or ``"85.3%"`` (kept as 85.3); else None.

    Percent strings keep their scale: the card said 85.3, so that is the
    value; :func:`as_fraction` is what comparisons use.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        match = _NUMBER.match(value)
        if match:
            number = float(match.group(1))
            return number if math.isfinite(number) else None
    return None


def as_fraction(value: Any) -> float | None:
    """A metric value on the 0..1 scale where it plainly is a percentage.

    ``"85.3%"`` → 0.853; other numbers are returned as they are (whether a
    bare 85.3 is a percentage depends on the metric, which corroboration
    decides). Used only when comparing a reported value to a recomputed one.
    """
    number = parse_number(value)
    if number is not None and isinstance(value, str) and value.strip().endswith("%"):
        return number / 100.0
    return number


def _value(value: Any) -> float | str | None:
    """Keep a number as a float; keep other scalars as text (``"n/a"``, ``"85.3%"``)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(float(value)) else str(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None  # an empty value is no value (how formats that need one write it)
        if text.endswith("%"):
            return text  # the unit matters: corroboration scales it
        number = parse_number(text)
        return number if number is not None else text
    return None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "false", "no"}:
        return value.strip().lower() in {"true", "yes"}
    return None


def _plain(value: Any) -> Any:
    """ruamel containers → plain dict/list so ``extra`` is JSON-friendly."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _as_list(value: Any) -> list[Any]:
    """A list of entries: a list as is, a mapping as its values (``{acc: {...}}``)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, Mapping):
        out = []
        for key, item in value.items():
            if isinstance(item, Mapping):
                entry = dict(item)
                entry.setdefault("name", key)
                out.append(entry)
            else:
                out.append({"name": key, "value": item})
        return out
    return []


def _line_getter(document: Document | None) -> Callable[..., int | None]:
    def line(*keys: str | int) -> int | None:
        if document is None or not document.has_front_matter:
            return None
        try:
            return document.key_line(*keys)
        except Exception:  # never let a position lookup sink extraction
            return None

    return line


def _house(raw: Mapping[str, Any], line: Callable[..., int | None]) -> list[Metric]:
    out: list[Metric] = []
    for i, entry in enumerate(_as_list(raw.get("metrics"))):
        if not isinstance(entry, Mapping):
            continue
        name = _text(entry.get("name")) or _text(entry.get("type"))
        if name is None:
            continue
        extra = {str(k): _plain(v) for k, v in entry.items() if k not in _HOUSE_FIELDS}
        if "name" not in entry and "type" in entry:
            extra.pop("type", None)
        ci = entry.get("confidence_interval")
        ci_low, ci_high = parse_number(entry.get("ci_low")), parse_number(entry.get("ci_high"))
        if isinstance(ci, Mapping) and ci_low is None and ci_high is None:
            ci_low = parse_number(ci.get("lower_bound", ci.get("low")))
            ci_high = parse_number(ci.get("upper_bound", ci.get("high")))
            extra.pop("confidence_interval", None)
        out.append(
            Metric(
                name=name,
                value=_value(entry.get("value")),
                dataset=_text(entry.get("dataset")),
                split=_text(entry.get("split")),
                slice=_text(entry.get("slice")),
                ci_low=ci_low,
                ci_high=ci_high,
                threshold=parse_number(entry.get("threshold")),
                source=_text(entry.get("source")),
                verified=_bool(entry.get("verified")),
                line=line("metrics", i),
                extra=extra,
            )
        )
    return out


def _hf(raw: Mapping[str, Any], line: Callable[..., int | None]) -> list[Metric]:
    out: list[Metric] = []
    index = raw.get("model-index")
    if not isinstance(index, list):
        return out
    for i, model in enumerate(index):
        if not isinstance(model, Mapping):
            continue
        results = model.get("results")
        if not isinstance(results, list):
            continue
        for j, result in enumerate(results):
            if not isinstance(result, Mapping):
                continue
            task = result.get("task") if isinstance(result.get("task"), Mapping) else {}
            dataset = result.get("dataset") if isinstance(result.get("dataset"), Mapping) else {}
            metrics = result.get("metrics")
            if not isinstance(metrics, list):
                continue
            for k, entry in enumerate(metrics):
                if not isinstance(entry, Mapping):
                    continue
                mtype = _text(entry.get("type"))
                name = mtype or _text(entry.get("name"))
                if name is None:
                    continue
                extra: dict[str, Any] = {"model": _text(model.get("name"))}
                if task:
                    extra["task"] = _plain(task)
                if dataset:
                    extra["dataset_info"] = _plain(dataset)
                if _text(entry.get("name")) and _text(entry.get("name")) != name:
                    extra["display_name"] = _text(entry.get("name"))
                for key, val in entry.items():
                    if key not in {"type", "name", "value", "verified"}:
                        extra[str(key)] = _plain(val)
                if isinstance(result.get("source"), Mapping):
                    extra["result_source"] = _plain(result["source"])
                source = result.get("source")
                out.append(
                    Metric(
                        name=name,
                        value=_value(entry.get("value")),
                        dataset=_text(dataset.get("name")) or _text(dataset.get("type")),
                        split=_text(dataset.get("split")),
                        source=_text(source.get("url")) if isinstance(source, Mapping) else None,
                        verified=_bool(entry.get("verified")),
                        # Document.key_line follows block YAML by indentation, so
                        # this stays cheap on large HF front-matter
                        line=line("model-index", i, "results", j, "metrics", k),
                        extra={k2: v for k2, v in extra.items() if v is not None},
                    )
                )
    return out


def _mct(raw: Mapping[str, Any]) -> list[Metric]:
    out: list[Metric] = []
    qa = raw.get("quantitative_analysis")
    if not isinstance(qa, Mapping):
        return out
    for entry in _as_list(qa.get("performance_metrics")):
        if not isinstance(entry, Mapping):
            continue
        name = _text(entry.get("type")) or _text(entry.get("name"))
        if name is None:
            continue
        ci = entry.get("confidence_interval")
        ci = ci if isinstance(ci, Mapping) else {}
        extra = {
            str(k): _plain(v)
            for k, v in entry.items()
            if k not in {"type", "name", "value", "slice", "confidence_interval", "threshold"}
        }
        out.append(
            Metric(
                name=name,
                value=_value(entry.get("value")),
                slice=_text(entry.get("slice")),
                ci_low=parse_number(ci.get("lower_bound")),
                ci_high=parse_number(ci.get("upper_bound")),
                threshold=parse_number(entry.get("threshold")),
                extra=extra,
            )
        )
    return out


def _sagemaker(raw: Mapping[str, Any]) -> list[Metric]:
    out: list[Metric] = []
    for detail in _as_list(raw.get("evaluation_details")):
        if not isinstance(detail, Mapping):
            continue
        dataset = _first_text(detail.get("datasets")) or _text(detail.get("name"))
        for group in _as_list(detail.get("metric_groups")):
            if not isinstance(group, Mapping):
                continue
            for entry in _as_list(group.get("metric_data")):
                if not isinstance(entry, Mapping):
                    continue
                name = _text(entry.get("name"))
                if name is None:
                    continue
                extra = {str(k): _plain(v) for k, v in entry.items() if k not in {"name", "value"}}
                if _text(group.get("name")):
                    extra["group"] = _text(group.get("name"))
                if _text(detail.get("name")):
                    extra["evaluation"] = _text(detail.get("name"))
                value = entry.get("value")
                out.append(
                    Metric(
                        name=name,
                        value=_value(value) if not isinstance(value, (list, dict)) else None,
                        dataset=dataset,
                        source=_text(detail.get("evaluation_job_arn")),
                        extra=extra,
                    )
                )
    return out


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        for item in value:
            text = _text(item)
            if text:
                return text
        return None
    return _text(value)


def extract_metrics(fmt: str, raw: Any, document: Document | None = None) -> list[Metric]:
    """All metrics a card reports, from whichever structure its format uses.

    ``fmt`` is the card format (markdown, hf, mct-json, sagemaker-json, yaml).
    House ``metrics:`` lists are read in every format (a YAML or HF card may
    carry them too); ``model-index`` in Markdown/HF/YAML cards; MCT and
    SageMaker structures wherever they appear. Never raises.
    """
    try:
        return _extract(fmt, raw, document)
    except Exception:  # junk input must never break reading a card
        return []


def _extract(fmt: str, raw: Any, document: Document | None) -> list[Metric]:
    if not isinstance(raw, Mapping):
        return []
    line = _line_getter(document if fmt in {"markdown", "hf"} else None)
    found: list[Metric] = []
    found += _house(raw, line)
    found += _hf(raw, line)
    found += _mct(raw)
    if "model_card" in raw and isinstance(raw.get("model_card"), Mapping):
        found += _mct(raw["model_card"])
    found += _sagemaker(raw)
    return found


def metrics_by_name(metrics: Iterable[Metric]) -> dict[str, list[Metric]]:
    """Group metrics by lower-cased name (helper for checks and exporters)."""
    out: dict[str, list[Metric]] = {}
    for metric in metrics:
        out.setdefault(metric.name.lower(), []).append(metric)
    return out
