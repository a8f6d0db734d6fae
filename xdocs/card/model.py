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
class Evidence:
    """Where a section's status comes from: a line of the card and what it says."""

    line: int
    text: str
    end_line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text}


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
    #: the lines that give the status (content that says it, the filler, the empty heading)
    evidence: list[Evidence] = field(default_factory=list)
    #: one line saying why the section has its status
    why: str = ""
    #: (first, last) lines of every block of content found to say it, wherever it sits
    spans: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "heading": self.heading,
            "line": self.line,
            "why": self.reason(),
            "evidence": [e.to_json() for e in self.evidence],
        }

    def reason(self) -> str:
        """:attr:`why`, or a reason derived from where the status came from."""
        if self.origin == "front-matter" and self.status is SectionStatus.PRESENT:
            return f"stated in the front-matter (line {self.line})"
        if self.why:
            return self.why
        if self.status is SectionStatus.ABSENT:
            return "nothing in the card says it"
        where = f"'{self.heading}'" if self.heading else "the card"
        at = f" (line {self.line})" if self.line else ""
        return {
            "present": f"{where}{at} holds it",
            "placeholder": f"{where}{at} holds only template filler",
            "empty": f"{where}{at} has nothing under it",
        }[str(self.status)]


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
        """All Markdown content of ``section_id``: its own segments, plus the blocks
        that say it under other headings (bias discussed under "Training Data")."""
        sec = self.section(section_id)
        parts: list[tuple[int, str]] = []
        covered: list[tuple[int, int]] = []
        members = set(sec.segments)
        groups: dict[int, list[int]] = {}  # top-most member → its members (a heading's subtree)
        for i in sec.segments:
            top = i
            while self.segments[top].parent in members:
                top = self.segments[top].parent  # type: ignore[assignment]
            groups.setdefault(top, []).append(i)
        for top, idxs in groups.items():
            lo = self.segments[top].line
            hi = max(self.segments[i].end_line for i in idxs)
            if sec.spans and not any(lo <= a <= hi for a, _ in sec.spans):
                continue  # a heading that names it but holds something else
            for i in idxs:
                parts.append((self.segments[i].line, self.segments[i].content.strip("\n")))
            covered.append((lo, hi))
        for start, end in sec.spans:
            if not any(lo <= start and end <= hi for lo, hi in covered):
                parts.append((start, self.document.slice_lines(start, end).strip("\n")))
        return "\n\n".join(p for _, p in sorted(parts) if p.strip())

    def line_of(self, key: str) -> int:
        """Best line for a metadata key (1 when unknown)."""
        return self.metadata_lines.get(key, 1)
