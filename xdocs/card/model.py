"""The canonical model card: what every reader produces and every later stage reads.

A :class:`ModelCard` is format-neutral. Readers (``xdocs.card.readers``) turn
house Markdown, Hugging Face READMEs, Model Card Toolkit JSON, SageMaker JSON
and YAML cards into one; checks, the workflow, evidence, exporters and the
portal consume it. Nothing is dropped: content that maps to no canonical
section is kept as a :class:`Segment` with no ids, and metadata keys xdocs
does not know stay in :attr:`ModelCard.raw`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from xdocs.document import Document
from xdocs.findings import Finding


class SectionStatus(enum.StrEnum):
    """How much a section says. Ordered by :meth:`rank` (present is best)."""

    PRESENT = "present"
    PLACEHOLDER = "placeholder"
    EMPTY = "empty"
    ABSENT = "absent"

    @property
    def rank(self) -> int:
        return {"present": 3, "placeholder": 2, "empty": 1, "absent": 0}[self.value]


@dataclass
class Segment:
    """A stretch of card content under one heading (or one key of a JSON/YAML card).

    ``content`` is the verbatim Markdown between this heading and the next
    heading of any level. ``ids`` are the canonical ids the heading itself
    names; ``effective_ids`` adds what it inherits from its nearest mapped
    ancestor (a "Bias" subsection under "Limitations" belongs to both).
    """

    heading: str | None
    level: int
    line: int
    end_line: int
    content: str
    ids: tuple[str, ...] = ()
    effective_ids: tuple[str, ...] = ()
    kind: str = "atx"  # atx, setext, html, label, key, preamble
    status: SectionStatus = SectionStatus.PRESENT
    #: index of the parent segment in ModelCard.segments, or None at top level.
    parent: int | None = None
    #: the heading as written (inline Markdown: links, code, emphasis kept).
    source_heading: str | None = None

    @property
    def display_heading(self) -> str:
        """The heading to render: as written when known, else the plain text."""
        return self.source_heading or self.heading or ""


@dataclass
class Section:
    """A canonical section as detected in a card (the ``xdocs inspect`` contract)."""

    id: str
    status: SectionStatus = SectionStatus.ABSENT
    heading: str | None = None
    line: int | None = None
    end_line: int | None = None
    #: where the evidence came from: "body", "front-matter", "json", "yaml".
    origin: str | None = None
    segments: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "heading": self.heading,
            "line": self.line,
        }


@dataclass
class Metric:
    """A reported metric, format-neutral (house front-matter, model-index, MCT)."""

    name: str
    value: float | str | None
    dataset: str | None = None
    split: str | None = None
    slice: str | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    threshold: float | None = None
    source: str | None = None
    verified: bool | None = None
    line: int | None = None
    #: everything else the source said (task, metric type, args, evidence, average, …).
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "value": self.value}
        for key in ("dataset", "split", "slice", "ci_low", "ci_high", "threshold", "source"):
            val = getattr(self, key)
            if val is not None:
                out[key] = val
        if self.verified is not None:
            out["verified"] = self.verified
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out


@dataclass
class ModelCard:
    """One card, understood."""

    path: str
    format: str  # markdown, hf, mct-json, sagemaker-json, yaml
    document: Document
    #: canonical metadata: name, version, owners, license, … (plain Python values)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: the source mapping as read (front-matter CommentedMap, JSON dict), untouched.
    raw: Any = None
    title: str | None = None
    segments: list[Segment] = field(default_factory=list)
    sections: dict[str, Section] = field(default_factory=dict)
    metrics: list[Metric] = field(default_factory=list)
    #: problems met while reading (bad YAML, not a model card, …).
    findings: list[Finding] = field(default_factory=list)
    #: 1-based line of each metadata key where known (for findings).
    metadata_lines: dict[str, int] = field(default_factory=dict)

    def section(self, section_id: str) -> Section:
        """The section with this id (an ``absent`` one when not found)."""
        return self.sections.get(section_id) or Section(section_id)

    def section_text(self, section_id: str) -> str:
        """All Markdown content of the segments mapped to ``section_id``."""
        parts = [self.segments[i].content.strip("\n") for i in self.section(section_id).segments]
        return "\n\n".join(p for p in parts if p.strip())

    def line_of(self, key: str) -> int:
        """Best line for a metadata key (1 when unknown)."""
        return self.metadata_lines.get(key, 1)
