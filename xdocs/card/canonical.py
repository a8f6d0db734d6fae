"""Canonical section ids, their titles, and how headings map to them.

The mapping is data (``styleguide/sections.yml``); this module only loads and
applies it. See that file for the normalization and matching rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xdocs.config import package_root

DEFAULT_SECTIONS_FILE = package_root() / "styleguide" / "sections.yml"


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    required: bool
    description: str


@dataclass(frozen=True)
class SectionMap:
    """The loaded sections.yml: specs in canonical order plus matching tables."""

    specs: tuple[SectionSpec, ...]
    exact: dict[str, tuple[str, ...]]
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    keys: dict[str, tuple[str, ...]]
    contextual: frozenset[str] = frozenset()

    def is_contextual(self, heading: str) -> bool:
        """A generic heading that takes its meaning from a mapped parent."""
        return normalize_heading(heading) in self.contextual

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.specs)

    def title(self, section_id: str) -> str:
        for spec in self.specs:
            if spec.id == section_id:
                return spec.title
        return section_id.replace("_", " ").capitalize()

    def match_heading(self, heading: str) -> tuple[str, ...]:
        """Canonical ids a heading names (empty when it names none)."""
        if heading.count("|") >= 2:
            return ()  # a navigation bar ("Model List | FAQ | Usage | …"), not a section
        norm = normalize_heading(heading)
        if not norm:
            return ()
        if norm in self.exact:
            return self.exact[norm]
        ids: list[str] = []
        parts = [p for p in _SPLIT.split(norm) if p and p.strip()]
        for part in parts or [norm]:
            part = part.strip()
            if part in self.exact:
                found: tuple[str, ...] = self.exact[part]
            else:
                found = self._first_rule(part)
            for sid in found:
                if sid not in ids:
                    ids.append(sid)
        return tuple(ids)

    def match_key(self, key: str) -> tuple[str, ...] | None:
        """Ids a JSON/YAML field name maps to; None when the key table is silent."""
        norm = re.sub(r"[_\-]+", " ", key).strip().lower()
        norm = re.sub(r"\s+", " ", norm)
        if norm in self.keys:
            return self.keys[norm]
        return None

    def names_directly(self, section_id: str, heading: str) -> bool:
        """True when the heading uses the section's own title word ("Limitations"
        for limitations, not "Troubleshooting"): preferred when a card has both."""
        stem = self.title(section_id).lower().split()[0][:6]
        return stem in normalize_heading(heading)

    def _first_rule(self, part: str) -> tuple[str, ...]:
        for sid, pattern in self.rules:
            if pattern.search(part):
                return (sid,)
        return ()


_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|/|\+|\bplus\b)\s*")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\.|§)\s+")
_PAREN = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")


def _decoration(ch: str) -> bool:
    """Emoji and what glues them: symbols, variation selectors, joiners, keycaps, tags."""
    cat = unicodedata.category(ch)
    if cat[0] == "S":
        return ch not in "&+/"
    if cat == "Cf":  # zero-width joiner, tag characters, bidi marks
        return True
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0x20E3


@lru_cache(maxsize=16384)
def normalize_heading(text: str) -> str:
    """Lower-case, drop numbering, emoji, [optional], parentheticals and end punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if _decoration(ch) else ch for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    text = text.replace("’", "'").lower().strip()
    text = _NUMBERING.sub("", text)
    text = _PAREN.sub("", text)
    text = re.sub(r"[*_`~#]+", "", text)
    text = re.sub(r"[\s:.?!…\-–—]+$", "", text)
    text = re.sub(r"^[\s:.\-–—]+", "", text)
    # "intended use: lms as history machines" → the part before a colon names the section
    if ":" in text:
        head = text.split(":", 1)[0].strip()
        if head:
            text = head
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=8)
def load_section_map(path: str | None = None) -> SectionMap:
    """Load sections.yml (cached: it is read once per process)."""
    from xdocs.document import parse_yaml

    file = Path(path) if path else DEFAULT_SECTIONS_FILE
    data, err = parse_yaml(file.read_text(encoding="utf-8"), str(file))
    if err is not None:
        raise ValueError(f"{file}:{err.line}: {err.message}")
    specs = tuple(
        SectionSpec(
            id=str(sid),
            title=str(spec.get("title", sid)),
            required=bool(spec.get("required", False)),
            description=str(spec.get("description", "")),
        )
        for sid, spec in data["sections"].items()
    )
    exact = {str(k): tuple(v or ()) for k, v in (data.get("exact") or {}).items()}
    rules = tuple((str(r["id"]), re.compile(str(r["pattern"]))) for r in data.get("rules") or ())
    keys = {str(k): tuple(v or ()) for k, v in (data.get("keys") or {}).items()}
    contextual = frozenset(str(x) for x in data.get("contextual") or ())
    return SectionMap(specs, exact, rules, keys, contextual)


def section_map() -> SectionMap:
    """The bundled section map."""
    return load_section_map(None)


CANONICAL_IDS: tuple[str, ...] = section_map().ids
REQUIRED_IDS: tuple[str, ...] = tuple(s.id for s in section_map().specs if s.required)


def section_title(section_id: str) -> str:
    """The canonical heading of a section id ("Intended use")."""
    return section_map().title(section_id)
