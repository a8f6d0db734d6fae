"""Compliance profiles: which items of a framework a card documents.

A profile is data (``styleguide/compliance/NAME.yml``): a list of items,
each mapped to canonical section ids and front-matter keys. For every item
the report says ``covered`` (everything it needs is there), ``placeholder``
(nothing is absent but a section holds only template filler) or ``missing``,
and the coverage ratio is covered items over all items. A project may add or
override profiles in its own ``styleguide/compliance/``; ``--profile`` also
accepts a path to a profile file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.card.model import ModelCard, SectionStatus
from xdocs.config import package_root
from xdocs.evidence.rules import R
from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX

PROFILE_DIR = "styleguide/compliance"


class ProfileError(Exception):
    """A profile that cannot be found or read (the CLI exits 2 with this message)."""


@dataclass(frozen=True)
class ProfileItem:
    id: str
    title: str
    sections: tuple[str, ...] = ()
    any_sections: tuple[str, ...] = ()
    metadata: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    id: str
    title: str
    source: str
    items: tuple[ProfileItem, ...]
    path: str = ""


@dataclass
class ItemResult:
    item: ProfileItem
    status: str  # covered, placeholder, missing
    missing: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "title": self.item.title,
            "status": self.status,
            "missing": self.missing,
            "placeholder": self.placeholders,
        }


@dataclass
class ComplianceReport:
    profile: Profile
    path: str
    items: list[ItemResult]

    @property
    def covered(self) -> int:
        return sum(1 for r in self.items if r.status == "covered")

    @property
    def coverage(self) -> float:
        return self.covered / len(self.items) if self.items else 1.0

    def to_dict(self) -> dict[str, Any]:
        counts = {s: sum(1 for r in self.items if r.status == s) for s in _STATUSES}
        return {
            "card": self.path,
            "profile": self.profile.id,
            "title": self.profile.title,
            "source": self.profile.source,
            "coverage": round(self.coverage, 4),
            "counts": counts,
            "items": [r.to_dict() for r in self.items],
        }


_STATUSES = ("covered", "placeholder", "missing")


def profile_dirs(project_root: Path | None = None) -> list[Path]:
    """Where profiles are looked up: the project's folder first, then the bundled one."""
    dirs = []
    if project_root is not None:
        dirs.append(project_root / PROFILE_DIR)
    dirs.append(package_root() / PROFILE_DIR)
    return dirs


def list_profiles(project_root: Path | None = None) -> list[str]:
    names: set[str] = set()
    for folder in profile_dirs(project_root):
        if folder.is_dir():
            names |= {p.stem for p in folder.glob("*.yml")}
    return sorted(names)


def load_profile(name: str, project_root: Path | None = None) -> Profile:
    """A profile by name (or path to a .yml). Raises ProfileError with a one-line reason."""
    candidate = Path(name)
    if candidate.suffix in {".yml", ".yaml"} and candidate.is_file():
        return _read_profile(candidate)
    for folder in profile_dirs(project_root):
        path = folder / f"{name}.yml"
        if path.is_file():
            return _read_profile(path)
    known = ", ".join(list_profiles(project_root)) or "none"
    raise ProfileError(f"unknown compliance profile {name!r}; known profiles: {known}")


def _read_profile(path: Path) -> Profile:
    from xdocs.document import parse_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc}") from None
    data, err = parse_yaml(text, str(path))
    if err is not None:
        raise ProfileError(f"{path}:{err.line}: {err.message}")
    if not isinstance(data, Mapping) or not isinstance(data.get("items"), list):
        raise ProfileError(f"{path}: a profile is a mapping with an items: list")
    items = []
    for i, raw in enumerate(data["items"]):
        if not isinstance(raw, Mapping) or not raw.get("id"):
            raise ProfileError(f"{path}: items[{i}] needs an id")
        items.append(
            ProfileItem(
                id=str(raw["id"]),
                title=str(raw.get("title") or raw["id"]),
                sections=tuple(str(s) for s in raw.get("sections") or ()),
                any_sections=tuple(str(s) for s in raw.get("any_sections") or ()),
                metadata=tuple(str(s) for s in raw.get("metadata") or ()),
            )
        )
    return Profile(
        id=str(data.get("id") or path.stem),
        title=str(data.get("title") or path.stem),
        source=str(data.get("source") or ""),
        items=tuple(items),
        path=str(path),
    )


def _has_metadata(card: ModelCard, key: str) -> bool:
    if key == "metrics":
        return bool(card.metrics)
    if key == "sliced_metrics":
        return any(m.slice for m in card.metrics)
    value = card.metadata.get(key)
    if value is None and isinstance(card.raw, Mapping):
        value = card.raw.get(key)
    if isinstance(value, str):
        return bool(value.strip()) and value.strip().lower() not in {"unknown", "todo", "tbd"}
    return value not in (None, [], {})


def evaluate(card: ModelCard, profile: Profile) -> ComplianceReport:
    """Covered / placeholder / missing for every item of the profile."""
    results = []
    for item in profile.items:
        missing: list[str] = []
        placeholders: list[str] = []
        for sid in item.sections:
            status = card.section(sid).status
            if status is SectionStatus.PRESENT:
                continue
            (placeholders if status is SectionStatus.PLACEHOLDER else missing).append(
                f"section {sid}"
            )
        if item.any_sections:
            statuses = [card.section(s).status for s in item.any_sections]
            if SectionStatus.PRESENT not in statuses:
                label = "section " + " or ".join(item.any_sections)
                if SectionStatus.PLACEHOLDER in statuses:
                    placeholders.append(label)
                else:
                    missing.append(label)
        missing += [f"metadata {k}" for k in item.metadata if not _has_metadata(card, k)]
        status = "missing" if missing else "placeholder" if placeholders else "covered"
        results.append(ItemResult(item, status, missing, placeholders))
    return ComplianceReport(profile, card.path, results)


def compliance_findings(report: ComplianceReport, line: int = 1) -> list[Finding]:
    """One finding per item that is not covered (``xdocs check --profile``)."""
    out = []
    for r in report.items:
        if r.status == "covered":
            continue
        rule = "compliance/missing-item" if r.status == "missing" else "compliance/placeholder-item"
        what = ", ".join(r.missing + r.placeholders)
        out.append(
            R[rule].finding(
                report.path,
                line,
                1,
                f"{report.profile.id}: {r.item.title}: {r.status} ({what})",
                severity=Severity.WARNING,
                fix=NO_FIX,
            )
        )
    return out


def render_text(report: ComplianceReport) -> str:
    """The human report: one line per item, then the coverage ratio."""
    marks = {"covered": "✓", "placeholder": "~", "missing": "✗"}
    lines = [f"{report.path}: {report.profile.title} ({report.profile.id})"]
    for r in report.items:
        detail = ", ".join(r.missing + r.placeholders)
        lines.append(
            f"  {marks[r.status]} {r.status:<11} {r.item.title}"
            + (f"  [{detail}]" if detail else "")
        )
    lines.append(
        f"coverage: {report.covered}/{len(report.items)} items covered ({report.coverage:.0%})"
    )
    return "\n".join(lines) + "\n"
