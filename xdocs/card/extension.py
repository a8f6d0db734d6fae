"""The xdocs extension record: what an export format has no place for.

An exporter writes a card in the target format's own fields first (see
:mod:`xdocs.card.fieldmap`), reads that text back as any reader would, and
compares the two canonical views (:func:`snapshot`). Whatever did not survive
(dataset provenance, a metric's slice or confidence interval, a licence the
format cannot spell) goes into one small record in the format's extension
place; readers apply it (:func:`apply`) after reading the native fields.

Every entry carries a fingerprint of the native value it stands for. When the
exported file is later edited in its own format (a value changed on the hub,
in the SageMaker console), the fingerprint no longer matches and the native
value wins: the record never hides an edit.

The record is plain JSON data. Read from a card, it is hostile input: only
known keys and canonical section ids are applied, statuses and metric fields
are checked, and anything malformed is ignored.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from xdocs.card.metadata import plain
from xdocs.card.model import Metric, ModelCard, Section, SectionStatus, Segment

VERSION = 1
#: canonical metadata a round trip must keep.
METADATA_KEYS = (
    "name",
    "version",
    "owners",
    "license",
    "risk_rating",
    "risk_rationale",
    "datasets",
    "model_format",
)
#: canonical fields of a metric a round trip must keep.
METRIC_FIELDS = ("name", "value", "dataset", "split", "slice", "ci_low", "ci_high", "threshold")
#: fields an export may add on purpose (verification it computed), never "lost".
_NUMBER_FIELDS = {"ci_low", "ci_high", "threshold"}


# -- the canonical view ------------------------------------------------------------------
def norm_text(text: str) -> str:
    """Section text as compared: trailing spaces and outer blank lines are not content."""
    return "\n".join(line.rstrip() for line in (text or "").strip().splitlines())


def section_view(card: ModelCard, section_id: str) -> tuple[str, str]:
    """(status, normalized text) of one canonical section."""
    return str(card.section(section_id).status), norm_text(card.section_text(section_id))


def metric_view(metric: Metric) -> dict[str, Any]:
    """The canonical fields of a metric, plain values."""
    out: dict[str, Any] = {}
    for key in METRIC_FIELDS:
        value = getattr(metric, key)
        if value is not None:
            out[key] = _plain_number(value)
    return out


def snapshot(card: ModelCard, section_ids: tuple[str, ...]) -> dict[str, Any]:
    """What a lossless round trip keeps: sections, metadata and metrics."""
    return {
        "sections": {sid: section_view(card, sid) for sid in section_ids},
        "metadata": {k: plain(card.metadata.get(k)) for k in METADATA_KEYS},
        "metrics": [metric_view(m) for m in card.metrics],
    }


def fingerprint(value: Any) -> str:
    """A short, stable digest of plain data."""
    data = json.dumps(plain(value), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _plain_number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        return value  # 1.0 stays a float: JSON keeps it apart from 1 the same way
    return plain(value)


# -- what an exporter writes -------------------------------------------------------------
def build(
    original: ModelCard, native: ModelCard, section_ids: tuple[str, ...]
) -> dict[str, Any] | None:
    """The record that makes ``native`` (the export as read back) say what
    ``original`` says; None when the format's own fields already do."""
    record: dict[str, Any] = {}
    metadata = {}
    for key in METADATA_KEYS:
        want, got = plain(original.metadata.get(key)), plain(native.metadata.get(key))
        if want != got:
            metadata[key] = {"value": want, "native": fingerprint(got)}
    if metadata:
        record["metadata"] = metadata
    sections = {}
    for sid in section_ids:
        want_view, got_view = section_view(original, sid), section_view(native, sid)
        if want_view != got_view:
            sections[sid] = {
                "status": want_view[0],
                "text": original.section_text(sid).strip("\n"),
                "native": fingerprint(got_view),
            }
    if sections:
        record["sections"] = sections
    patches = _metric_patches(original.metrics, native.metrics)
    if patches:
        record["metrics"] = patches
    return {"version": VERSION, **record} if record else None


def _pairs(metric: Metric, native: Metric) -> bool:
    """Is ``native`` how the format wrote ``metric``? Same value, and the same name
    or the name with the slice in brackets (formats without a slice field)."""
    names = {metric.name, f"{metric.name} [{metric.slice}]"}
    return native.name in names and _plain_number(native.value) == _plain_number(metric.value)


def _metric_patches(original: list[Metric], native: list[Metric]) -> list[dict[str, Any]]:
    """Per native metric, the fields to set so it reads as the original one.

    Metrics are paired in order (an export may regroup them, and may add
    metrics of its own, such as per-slice values from a recorded evaluation;
    those are left alone). Each patch names the native metric it is for by
    position, name and value, so an edit made after export voids it.
    """
    used: set[int] = set()
    out: list[dict[str, Any]] = []
    for metric in original:
        at = next((i for i, n in enumerate(native) if i not in used and _pairs(metric, n)), None)
        if at is None:
            continue  # the format could not carry it at all: not patchable
        used.add(at)
        got, want = metric_view(native[at]), metric_view(metric)
        fields = {k: want.get(k) for k in METRIC_FIELDS if want.get(k) != got.get(k)}
        extra = {
            k: plain(v)
            for k, v in metric.extra.items()
            if plain(native[at].extra.get(k)) != plain(v)
        }
        if fields or extra:
            patch: dict[str, Any] = {
                "at": at,
                "native": {"name": got["name"], "value": got.get("value")},
            }
            patch.update({"set": fields} if fields else {})
            patch.update({"extra": extra} if extra else {})
            out.append(patch)
    return out


# -- what a reader applies ---------------------------------------------------------------
def apply(card: ModelCard, record: Any, line: int) -> None:
    """Apply an extension record read from the card (``line``: where it is written)."""
    if not isinstance(record, dict) or record.get("version") != VERSION:
        return
    _apply_metadata(card, record.get("metadata"))
    _apply_metrics(card, record.get("metrics"))
    _apply_sections(card, record.get("sections"), line)


def _apply_metadata(card: ModelCard, entries: Any) -> None:
    if not isinstance(entries, dict):
        return
    for key, entry in entries.items():
        if key not in METADATA_KEYS or not isinstance(entry, dict) or "value" not in entry:
            continue
        if entry.get("native") != fingerprint(plain(card.metadata.get(key))):
            continue  # the native value was edited after export: it wins
        if entry["value"] is None:
            card.metadata.pop(key, None)
        else:
            card.metadata[key] = plain(entry["value"])


def _apply_metrics(card: ModelCard, patches: Any) -> None:
    if not isinstance(patches, list):
        return
    for patch in patches:
        if not isinstance(patch, dict) or not isinstance(patch.get("at"), int):
            continue
        at, native = patch["at"], patch.get("native")
        if not 0 <= at < len(card.metrics) or not isinstance(native, dict):
            continue
        metric = card.metrics[at]
        if metric_view(metric).get("name") != native.get("name") or _plain_number(
            metric.value
        ) != native.get("value"):
            continue  # edited after export
        fields = patch.get("set") if isinstance(patch.get("set"), dict) else {}
        for key, value in fields.items():
            if key in METRIC_FIELDS and key != "value" and _valid(key, value):
                if key == "name" and not value:
                    continue
                setattr(metric, key, value)
        extra = patch.get("extra")
        if isinstance(extra, dict):
            metric.extra.update({str(k): plain(v) for k, v in extra.items()})


def _valid(key: str, value: Any) -> bool:
    if value is None:
        return True
    if key in _NUMBER_FIELDS:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _apply_sections(card: ModelCard, entries: Any, line: int) -> None:
    if not isinstance(entries, dict):
        return
    from xdocs.card.canonical import section_map

    smap = section_map()
    valid = {str(s) for s in SectionStatus}
    for sid, entry in entries.items():
        if sid not in smap.ids or not isinstance(entry, dict):
            continue
        status, text = entry.get("status"), entry.get("text")
        if status not in valid or not isinstance(text, str):
            continue
        if entry.get("native") != fingerprint(section_view(card, sid)):
            continue
        for seg in card.segments:  # the native segments no longer speak for it
            seg.ids = tuple(i for i in seg.ids if i != sid)
            seg.effective_ids = tuple(i for i in seg.effective_ids if i != sid)
        section = Section(sid, SectionStatus(status), origin="extension")
        # A section judged absent by substance can still hold text (a "Training"
        # heading over only a train.py command): the text is kept, the status too.
        if status != "absent" or text.strip():
            title = smap.title(sid)
            seg = Segment(title, 1, line, line, text, (sid,), (sid,), "key", SectionStatus(status))
            card.segments.append(seg)
            section.heading, section.line, section.end_line = title, line, line
            section.segments = [len(card.segments) - 1]
        card.sections[sid] = section
