"""Data provenance: where every training and evaluation dataset comes from.

A card's ``datasets:`` list names each dataset with ``name``, ``source`` (URL
or internal location), ``license``, ``version`` or ``collected`` (collection
date), and ``personal_data`` (true/false: does it hold personal or sensitive
data). A reviewer cannot judge a dataset the card does not describe, so every
missing field is a finding. ``unknown`` is an honest answer, but only with a
written reason: ``reason:`` on the entry, or ``reasons: {license: ...}``.

A bare name (``datasets: [imdb]``, as Hugging Face cards write) is accepted
as a name with every other field missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from xdocs.evidence.rules import R
from xdocs.findings import Finding, Severity

#: field → the keys that may spell it (first found wins).
FIELDS: dict[str, tuple[str, ...]] = {
    "source": ("source", "url", "link", "location", "uri"),
    "license": ("license", "licence"),
    "version": ("version", "collected", "collection_date", "date", "snapshot"),
    "personal_data": ("personal_data", "sensitive_data", "pii", "personal"),
}
_HINT = {
    "source": "source: a URL or internal location",
    "license": "license: an SPDX id or the terms",
    "version": "version: (or collected: the collection date)",
    "personal_data": "personal_data: true or false (does it hold personal or sensitive data?)",
}
ROLES = {"training", "evaluation", "validation", "test", "fine-tuning", "both"}


def _is_unknown(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() in {"unknown", "?", "n/a", "tbd"}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _reason(entry: Mapping[str, Any], field: str) -> str | None:
    reasons = entry.get("reasons")
    if isinstance(reasons, Mapping):
        text = reasons.get(field)
        if isinstance(text, str) and text.strip():
            return text
    for key in ("reason", "unknown_reason", f"{field}_reason"):
        text = entry.get(key)
        if isinstance(text, str) and text.strip():
            return text
    return None


def check_provenance(
    datasets: Any, path: str, line_of: Callable[..., int], *, required: bool = True
) -> list[Finding]:
    """Findings for the ``datasets:`` list. ``line_of(i, key)`` gives file lines."""
    if datasets is None or datasets == []:
        if not required:
            return []
        return [
            R["provenance/no-datasets"].finding(
                path,
                line_of(),
                1,
                "the card names no datasets: list the training and evaluation data",
                fix="datasets: [{name, role, source, license, version, personal_data}]",
            )
        ]
    if not isinstance(datasets, list):
        datasets = [datasets]
    out: list[Finding] = []
    for i, entry in enumerate(datasets):
        if isinstance(entry, str) and entry.strip():
            entry = {"name": entry.strip()}
        if not isinstance(entry, Mapping) or _blank(entry.get("name")):
            out.append(
                R["provenance/invalid-entry"].finding(
                    path,
                    line_of(i),
                    1,
                    f"datasets[{i}] has no name: each dataset is a mapping with at least a name",
                )
            )
            continue
        name = str(entry.get("name")).strip()
        role = entry.get("role")
        if role is not None and str(role).strip().lower() not in ROLES:
            out.append(
                R["provenance/invalid-entry"].finding(
                    path,
                    line_of(i, "role"),
                    1,
                    f"dataset {name}: role {role!r} is not one of {', '.join(sorted(ROLES))}",
                    severity=Severity.WARNING,
                )
            )
        for field, keys in FIELDS.items():
            key = next((k for k in keys if not _blank(entry.get(k))), None)
            key = key or next((k for k in keys if k in entry), None)
            value = entry.get(key) if key else None
            if key is None or _blank(value):
                out.append(
                    R["provenance/missing-field"].finding(
                        path,
                        line_of(i, key) if key else line_of(i),
                        1,
                        f"dataset {name}: no {field}",
                        fix=f"add {_HINT[field]}; write unknown with a reason if it is not known",
                    )
                )
            elif _is_unknown(value) and _reason(entry, field) is None:
                out.append(
                    R["provenance/unknown-without-reason"].finding(
                        path,
                        line_of(i, key),
                        1,
                        f"dataset {name}: {field} is {value!r} without a written reason",
                        fix=f"add reasons: {{{field}: why it cannot be known}}",
                    )
                )
            elif (
                field == "personal_data" and not isinstance(value, bool) and not _is_unknown(value)
            ):
                out.append(
                    R["provenance/invalid-entry"].finding(
                        path,
                        line_of(i, key),
                        1,
                        f"dataset {name}: {key} should be true or false, not {value!r}",
                        severity=Severity.WARNING,
                    )
                )
    return out
