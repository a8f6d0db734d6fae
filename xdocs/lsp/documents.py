"""Open documents: which ones xdocs lints, their text, and findings kept in place.

Findings arrive for the text a worker was given, which may be a few keystrokes
old by then. Rather than drop them (nothing would show while someone types) or
show them at stale lines, each document keeps a log of its edits' line spans:
a finding below an edit moves with it, a finding on an edited line is dropped
until the next run reports it again.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.findings import Finding
from xdocs.lsp.convert import finding_span, split_lines

#: documents longer than this (characters) are not linted as you type
MAX_LIVE_CHARS = 1_000_000
MARKDOWN_SUFFIXES = (".md", ".markdown")
STRUCTURED_SUFFIXES = (".json", ".yaml", ".yml")
#: folders whose files are never linted (build output, environments, caches)
SKIP_PARTS = {".git", ".venv", "venv", "node_modules", "__pycache__", "site", ".xdocs-cache"}


@dataclass(frozen=True)
class Edit:
    """The lines one content change touched (1-based, old numbering) and how many
    lines it added (negative: removed). ``full``: the whole text was replaced."""

    version: int
    start: int = 0
    end: int = 0
    delta: int = 0
    full: bool = False


@dataclass
class Placed:
    """A finding with the text its range covered when it was found."""

    finding: Finding
    snippet: str | None = None


@dataclass
class GroupResult:
    """The findings of one pass group for one version of the text."""

    version: int
    placed: list[Placed]
    deps: list[str] = field(default_factory=list)
    #: the project configuration's generation the findings were made with
    generation: int = -1


@dataclass
class DocState:
    """Everything the server knows about one open document."""

    uri: str
    path: Path | None
    project: Any
    kind: str  # "card", "page" or "" (not linted)
    version: int
    text: str
    language_id: str = ""
    results: dict[str, GroupResult] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    status: dict[str, Any] | None = None
    #: the text as on disk (opened unchanged or just saved): worth a cache entry
    disk_version: int | None = None
    cached_version: int | None = None
    timers: dict[str, asyncio.Task[Any]] = field(default_factory=dict)
    running: set[str] = field(default_factory=set)
    #: group -> version of the text its running job lints
    inflight: dict[str, int] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    closed: bool = False
    #: the Diagnostic of each finding last published (see Scheduler.diagnostics)
    converted: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    _lines: list[str] | None = None
    _lines_for: str | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None or self._lines_for is not self.text:
            self._lines, self._lines_for = split_lines(self.text), self.text
        return self._lines

    @property
    def display(self) -> str:
        if self.path is None:
            return "untitled.md"
        return self.project.display_path(self.path)

    def log_edit(self, version: int, start_line: int, end_line: int, new_text: str) -> None:
        """Record a ranged change (0-based LSP lines of the old text)."""
        added = len(split_lines(new_text)) - 1
        self.edits.append(
            Edit(version, start_line + 1, end_line + 1, added - (end_line - start_line))
        )

    def log_full(self, version: int) -> None:
        self.edits.append(Edit(version, full=True))

    def prune_edits(self) -> None:
        """Forget edits older than every result shown and every job still running."""
        versions = [r.version for r in self.results.values()] + list(self.inflight.values())
        if not versions:
            self.edits.clear()
            return
        oldest = min(versions)
        self.edits = [e for e in self.edits if e.version > oldest]

    def current(self, group: str) -> list[Placed]:
        """A group's findings moved to the current text (dropped where it was edited)."""
        result = self.results.get(group)
        if result is None:
            return []
        return shift(result.placed, [e for e in self.edits if e.version > result.version])


def shift(placed: list[Placed], edits: list[Edit]) -> list[Placed]:
    """Move findings through ``edits`` (in order)."""
    if not edits:
        return list(placed)
    if any(e.full for e in edits):
        return []
    out = []
    for p in placed:
        f = p.finding
        if f.line < 1:
            out.append(p)
            continue
        line = f.line
        end = f.end_line if f.end_line is not None and f.end_line >= line else line
        moved = 0
        for e in edits:
            if end + moved < e.start:
                continue
            if line + moved > e.end:
                moved += e.delta
                continue
            moved = None
            break
        if moved is None:
            continue
        if moved:
            end_line = f.end_line + moved if f.end_line is not None else None
            f = dataclasses.replace(f, line=f.line + moved, end_line=end_line)
        out.append(Placed(f, p.snippet))
    return out


def snippet(f: Finding, lines: list[str]) -> str | None:
    """The text a finding's range covers (None for file-level findings)."""
    return text_at(lines, finding_span(f, lines)) if f.line >= 1 else None


def text_at(lines: list[str], span: tuple[int, int, int, int]) -> str | None:
    """Current text over a 1-based span (None when it is outside the document)."""
    line, col, end_line, end_col = span
    if line < 1 or end_line > len(lines):
        return None
    if line == end_line:
        return lines[line - 1][col - 1 : end_col - 1]
    parts = [lines[line - 1][col - 1 :], *lines[line : end_line - 1]]
    parts.append(lines[end_line - 1][: end_col - 1])
    return "\n".join(parts)


# -- which documents are linted --------------------------------------------------------
def classify(path: Path | None, language_id: str, text: str, project: Any) -> str:
    """``card``, ``page`` (documentation: prose rules only) or ``""`` (not xdocs').

    Markdown under the configured cards folder or the style guide is linted; so is
    Markdown anywhere whose front-matter makes it a card or a page (``kind: guide``);
    a README with no front-matter is not a model card and gets no findings. JSON and
    YAML files are linted only when they look like cards (not data files).
    """
    if path is not None and SKIP_PARTS & set(path.parts):
        return ""
    suffix = path.suffix.lower() if path is not None else ""
    markdown = suffix in MARKDOWN_SUFFIXES or (not suffix and language_id == "markdown")
    if markdown:
        front = _front_matter_keys(text)
        if front.get("kind", "").lower() in {"guide", "page", "doc", "docs"}:
            return "page"
        if path is None or _under(path, project) or front:
            return "card"
        return ""
    if suffix in STRUCTURED_SUFFIXES:
        return "card" if _structured_card(text, suffix, path) else ""
    return ""


def _under(path: Path, project: Any) -> bool:
    config = project.config
    folders = [config.resolve("cards", "cards"), project.root / "styleguide"]
    return any(folder == path.parent or folder in path.parents for folder in folders)


def _front_matter_keys(text: str) -> dict[str, str]:
    """Top-level keys of a Markdown front-matter (a cheap scan, no YAML parse)."""
    from xdocs.document.frontmatter import is_closing_fence, opening_fence

    lines = [line.rstrip("\r") for line in text.split("\n", 400)[:400]]
    start = opening_fence(lines)
    if start is None:
        return {}
    out: dict[str, str] = {}
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if i >= start + 2 and is_closing_fence(line):
            return out
        if line[:1].isalpha() and ":" in line:
            key, _, value = line.partition(":")
            out[key.strip()] = value.strip().strip("'\"")
    return out  # no closing fence in sight: judge by the keys seen


def _structured_card(text: str, suffix: str, path: Path | None) -> bool:
    """Does this JSON/YAML text look like a model card (not a data file)?"""
    from xdocs.card.readers import HOUSE_KEYS, MCT_KEYS, SAGEMAKER_KEYS

    if len(text) > MAX_LIVE_CHARS:
        return False
    if suffix == ".json":
        from xdocs.card.readers.structured import parse_json

        data, err, _ = parse_json(text)
        return (
            err is None
            and isinstance(data, dict)
            and bool((MCT_KEYS | SAGEMAKER_KEYS) & data.keys())
        )
    from xdocs.document import parse_yaml

    data, err = parse_yaml(text, str(path or "card.yaml"), fast=True)
    return err is None and isinstance(data, dict) and bool(HOUSE_KEYS & {str(k) for k in data})
