"""The prose of a card, as the language engines should see it.

proselint, the terminology check and the grammar engines know nothing of
Markdown: fed a raw card they flag YAML keys, code, URLs and table rules.
This module derives, once per Document, two views of the prose:

* :func:`masked_text`: the document text with everything that is not prose
  (front-matter, code blocks and spans, HTML, URLs and link targets, table
  rules) replaced by spaces. Same length and same line breaks as
  ``doc.text``, so an offset in the mask is an offset in the file.
* :func:`prose_units`: the paragraphs and headings as separate Markdown
  snippets (container prefixes such as ``> `` or ``- `` removed), each with a
  map back to file offsets. Harper reads these in Markdown mode; units repeat
  across cards (template boilerplate), so a per-process memo lints each
  distinct unit once.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xdocs.document import Document

#: container prefixes on a paragraph line: indentation, block quotes, list markers.
_PREFIX = re.compile(r"^[ \t]*(?:(?:>[ \t]?)|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))*[ \t]*")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]`\"']+", re.I)
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S.*$", re.M)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>|<!--.*?-->", re.S)
_AUTOLINK = re.compile(r"<[^<>\s]+[@:][^<>\s]*>")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_TABLE_RULE = re.compile(r"^[ \t|:\-]+$")
_MASKED_BLOCKS = {"fence", "code_block", "html_block", "hr"}
#: card formats whose body is Markdown prose (JSON and YAML cards hold prose in values)
MARKDOWN_FORMATS = ("markdown", "hf", "page")


def is_markdown(card: object) -> bool:
    """Whether the prose engines (proselint, grammar, Vale) should read this card's text."""
    return getattr(card, "format", "markdown") in MARKDOWN_FORMATS


def _blank(text: str, start: int, end: int, out: list[str]) -> None:
    for i in range(start, end):
        if text[i] != "\n":
            out[i] = " "


def masked_text(doc: Document) -> str:
    """``doc.text`` with every non-prose character replaced by a space (cached)."""
    cached = getattr(doc, "_xdocs_masked", None)
    if cached is not None:
        return cached
    text = doc.text
    out = list(text)
    if doc.has_front_matter:
        _blank(text, 0, doc.offset(doc.front_matter_end_line + 1), out)
    starts = doc._line_starts
    n_lines = len(starts)

    def line_start(line0: int) -> int:
        return starts[line0] if line0 < n_lines else len(text)

    for tok in doc.tokens:
        if tok.map is None or tok.type not in _MASKED_BLOCKS:
            continue
        a, b = tok.map
        _blank(text, line_start(a), line_start(b), out)
    for pattern in (_REF_DEF, _CODE_SPAN, _HTML_TAG, _AUTOLINK, _LINK_TARGET, _URL, _EMAIL):
        current = "".join(out)
        for m in pattern.finditer(current):
            _blank(current, m.start(), m.end(), out)
    # table delimiter rows (| --- | :--: |) are not prose
    current = "".join(out)
    for m in re.finditer(r"^.*$", current, re.M):
        line = m.group(0)
        if "-" in line and "|" in line and _TABLE_RULE.match(line):
            _blank(current, m.start(), m.end(), out)
    result = "".join(out)
    with contextlib.suppress(AttributeError):
        doc._xdocs_masked = result  # type: ignore[attr-defined]
    return result


@dataclass(frozen=True)
class ProseUnit:
    """One paragraph or heading: Markdown text plus where each of its lines starts."""

    text: str
    #: for each line of ``text``: (offset of that line in ``text``, file offset it came from)
    line_map: tuple[tuple[int, int], ...]
    kind: str  # "paragraph" or "heading"

    @cached_property
    def _keys(self) -> list[int]:
        """Where each line starts in :attr:`text`: built once, not on every lookup."""
        return [local for local, _ in self.line_map]

    def file_offset(self, offset: int) -> int:
        """Offset in :attr:`text` → offset in the document text."""
        idx = max(0, bisect.bisect_right(self._keys, offset) - 1)
        local, file_off = self.line_map[idx]
        return file_off + (offset - local)

    @property
    def end(self) -> int:
        """File offset just past the unit's last character."""
        local, file_off = self.line_map[-1]
        return file_off + (len(self.text) - local)


def prose_units(doc: Document) -> list[ProseUnit]:
    """Paragraphs and headings of the body, in order (cached on the document)."""
    cached = getattr(doc, "_xdocs_units", None)
    if cached is not None:
        return cached
    units: list[ProseUnit] = []
    tokens = doc.tokens
    lines = doc.lines
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or not tok.map or i == 0:
            continue
        opener = tokens[i - 1].type
        if opener not in ("paragraph_open", "heading_open"):
            continue
        a, b = tok.map
        if opener == "heading_open":
            a, b = tokens[i - 1].map or (a, b)
        parts: list[str] = []
        line_map: list[tuple[int, int]] = []
        local = 0
        for line0 in range(a, min(b, len(lines))):
            line = lines[line0]
            cut = _PREFIX.match(line).end()  # type: ignore[union-attr]
            piece = line[cut:]
            line_map.append((local, doc.offset(line0 + 1, cut + 1)))
            parts.append(piece)
            local += len(piece) + 1
        text = "\n".join(parts)
        if text.strip():
            kind = "heading" if opener == "heading_open" else "paragraph"
            units.append(ProseUnit(text, tuple(line_map), kind))
    with contextlib.suppress(AttributeError):
        doc._xdocs_units = units  # type: ignore[attr-defined]
    return units


@dataclass(frozen=True)
class CompactProse:
    """The prose units, masked, joined into one short text, with a map back to the file.

    Headings end with ". " so that a heading and the paragraph after it are not read as
    one sentence ("# Model X" then "Model X is…" is not a repeated phrase).
    """

    text: str
    #: (offset in ``text``, file offset) for the start of every unit line
    starts: tuple[tuple[int, int], ...]

    @cached_property
    def _keys(self) -> list[int]:
        return [local for local, _ in self.starts]

    def file_offset(self, offset: int) -> int:
        idx = max(0, bisect.bisect_right(self._keys, offset) - 1)
        local, file_off = self.starts[idx]
        return file_off + (offset - local)


def compact_prose(doc: Document) -> CompactProse:
    """Masked prose units only (cached): what proselint reads, a fraction of the file."""
    cached = getattr(doc, "_xdocs_compact", None)
    if cached is not None:
        return cached
    masked = masked_text(doc)
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    local = 0
    for unit in prose_units(doc):
        pieces = unit.text.split("\n")
        for i, ((_, file_off), piece) in enumerate(zip(unit.line_map, pieces, strict=False)):
            text = masked[file_off : file_off + len(piece)]
            if unit.kind == "heading":
                text = re.sub(r"^\s*#+|#+\s*$", lambda m: " " * len(m.group(0)), text)
            last = i == len(pieces) - 1
            sep = ("." if unit.kind == "heading" else "") + "\n\n" if last else "\n"
            starts.append((local, file_off))
            parts.append(text + sep)
            local += len(text) + len(sep)
    result = CompactProse("".join(parts), tuple(starts))
    with contextlib.suppress(AttributeError):
        doc._xdocs_compact = result  # type: ignore[attr-defined]
    return result


#: where to cut a long text: the last sentence end (or line break) of the window
SENTENCE_MARKS: tuple[tuple[str, ...], ...] = ((". ", "! ", "? ", "\n"),)
#: a paragraph break if the window has one, else a sentence end
PARAGRAPH_MARKS: tuple[tuple[str, ...], ...] = (("\n\n",), *SENTENCE_MARKS)


def split_points(
    text: str, limit: int, marks: tuple[tuple[str, ...], ...] = SENTENCE_MARKS
) -> list[int]:
    """Offsets that cut ``text`` into pieces of at most ``limit`` characters.

    Each cut falls in the second half of its window: after the last mark of the
    first group of ``marks`` found there, else after the last space, else at the
    window's end (a text with no space at all). Every window is searched once, so
    the cost is linear in ``len(text)`` whatever its shape: the engines that read
    the pieces get bounded work per call.
    """
    cuts = [0]
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        floor = start + limit // 2
        cut = -1
        for group in marks:
            for mark in group:
                at = text.rfind(mark, floor, window_end)
                if at >= 0:
                    cut = max(cut, at + len(mark))
            if cut > start:
                break
        if cut <= start:
            at = text.rfind(" ", floor, window_end)
            cut = at + 1 if at >= 0 else window_end
        cuts.append(cut)
        start = cut
    return cuts


def span_to_positions(doc: Document, start: int, end: int) -> tuple[int, int, int, int]:
    """File offsets → (line, column, end_line, end_column), 1-based, end exclusive."""
    line, col = doc.position(start)
    end_line, end_col = doc.position(max(start, end))
    return line, col, end_line, end_col
