"""Render a ModelCard as the normalized house card (``templates/model_card.md.j2``).

Normalizing moves content, it never rewrites it:

* every segment lands under the canonical section its heading names, in the
  canonical order of sections.yml; sub-headings keep their relative depth;
* a combined heading becomes one section titled with every canonical title it
  covers ("Limitations and ethical considerations"), so it maps back to the
  same ids when read again;
* where the original heading differs from the canonical title, an
  ``<!-- xdocs:source "Model Use" line 32 -->`` note keeps its words and place;
* content that maps to no canonical id keeps its own heading, after the
  canonical sections; absent sections are not invented;
* front-matter is kept verbatim (comments, order, quoting) when it parses;
  a ``name`` is added only when the card has none.

Rendering a normalized card again gives the same text (idempotence), which
the tests check on every real card in ../shared.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from xdocs.card.canonical import section_map
from xdocs.card.metadata import plain
from xdocs.card.model import ModelCard, Segment
from xdocs.config import package_root

_SOURCE_NOTE = re.compile(r"^\s*<!--\s*xdocs:source\b.*?-->", re.S)


#: a span of card file lines, 1-based and inclusive.
LineSpan = tuple[int, int]


class Child(NamedTuple):
    """A segment kept inside its anchor's block: a sub-heading (``level`` > 0) and its text,
    or a bold label's lines (``level`` 0)."""

    level: int
    heading: str
    text: str
    #: the card lines ``text`` is a verbatim copy of (None: not a slice of the file).
    lines: LineSpan | None = None
    #: the file line of the card's own heading (0: no heading of the file).
    heading_line: int = 0


@dataclass
class Block:
    """One source segment placed inside a rendered section."""

    note: str | None
    content: str
    children: list[Child] = field(default_factory=list)
    #: the card lines ``content`` is a verbatim copy of (None: not a slice of the file),
    #: so the portal can render the card's own tokens instead of parsing the text again.
    lines: LineSpan | None = None


@dataclass
class RenderedSection:
    heading: str
    ids: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)

    @property
    def body(self) -> str:
        parts: list[str] = []
        for block in self.blocks:
            chunk = []
            if block.note:
                chunk.append(block.note)
            if block.content.strip():
                chunk.append(block.content.strip("\n"))
            for child in block.children:
                if child.level:
                    chunk.append(f"{'#' * child.level} {child.heading}")
                if child.text.strip():
                    chunk.append(child.text.strip("\n"))
            if chunk:
                parts.append("\n\n".join(chunk))
        return "\n\n".join(parts)


def plan_sections(card: ModelCard) -> tuple[list[RenderedSection], list[RenderedSection]]:
    """(canonical sections in order, unmapped sections in source order)."""
    smap = section_map()
    order = {sid: i for i, sid in enumerate(smap.ids)}
    segments = card.segments
    anchors = _anchors(segments)
    canonical: dict[tuple[str, ...], RenderedSection] = {}
    unmapped: list[RenderedSection] = []
    by_anchor: dict[int, Block] = {}
    for idx, seg in enumerate(segments):
        if seg.kind == "preamble" or (seg.heading == card.title and idx == _title_index(card)):
            continue
        if seg.kind == "key" and not seg.ids and not seg.content.strip():
            continue  # a JSON/YAML field that only groups others: its fields stand alone
        anchor = anchors[idx]
        if anchor != idx:
            block = by_anchor.get(anchor)
            if block is None:  # parent was the title or preamble: treat as its own anchor
                anchor = idx
            elif seg.kind == "label":  # stays in its parent's prose, verbatim
                source = card.document.slice_lines(seg.line, seg.end_line)
                block.children.append(Child(0, "", source, (seg.line, seg.end_line)))
                continue
            else:
                level = min(6, 2 + max(1, seg.level - segments[anchor].level))
                child = Child(
                    level, seg.display_heading, seg.content, source_lines(card, seg), seg.line
                )
                block.children.append(child)
                continue
        ids = tuple(sorted(seg.ids, key=lambda s: order.get(s, 99)))
        if ids:
            title = _combined_title(ids)
            section = canonical.setdefault(ids, RenderedSection(title, ids))
        else:
            title = seg.display_heading or "Notes"
            section = RenderedSection(title, ())
            unmapped.append(section)
        note = None
        if seg.heading and seg.display_heading != title and not _SOURCE_NOTE.match(seg.content):
            note = f'<!-- xdocs:source "{_quote(seg.display_heading)}" line {seg.line} -->'
        block = Block(note, seg.content, lines=source_lines(card, seg))
        section.blocks.append(block)
        by_anchor[idx] = block
    ordered = sorted(canonical.values(), key=lambda s: [order.get(i, 99) for i in s.ids])
    if card.format not in ("markdown", "hf"):
        # a field that only groups other fields ("considerations") has nothing of its own
        unmapped = [s for s in unmapped if s.body.strip() and not _only_notes(s)]
    return ordered, unmapped


def source_lines(card: ModelCard, seg: Segment) -> LineSpan | None:
    """The card lines ``seg.content`` is a verbatim copy of, or None.

    Only for a Markdown card's own text: a bold label's segment starts inside a
    paragraph (its content is the label's rest of line plus what follows) and a
    JSON/YAML card's text is a field's value, so neither is a slice of the file.
    Checked against the file, not assumed.
    """
    if card.format not in ("markdown", "hf") or seg.kind in ("label", "key"):
        return None
    content = seg.content
    if not content.strip():
        return None
    height = content.count("\n")
    doc = card.document
    start = seg.line if seg.kind == "preamble" else seg.end_line - height
    if start < 1 or doc.slice_lines(start, start + height) != content:
        return None
    return (start, start + height)


def _only_notes(section: RenderedSection) -> bool:
    return all(not b.content.strip() and not b.children for b in section.blocks)


def _title_index(card: ModelCard) -> int | None:
    for idx, seg in enumerate(card.segments):
        if seg.kind != "preamble":
            return idx if seg.heading == card.title and not seg.ids else None
    return None


def _anchors(segments: list[Segment]) -> list[int]:
    """Each segment's anchor: itself when its heading names ids (or it has no
    parent), else its parent's anchor. A bold label stays with its parent: it
    is part of that section's prose, and moving it would empty the parent."""
    anchors: list[int] = []
    for idx, seg in enumerate(segments):
        if (seg.ids and seg.kind != "label") or seg.parent is None:
            anchors.append(idx)
        else:
            anchors.append(anchors[seg.parent])
    return anchors


def _combined_title(ids: tuple[str, ...]) -> str:
    smap = section_map()
    titles = [smap.title(i) for i in ids]
    if len(titles) == 1:
        return titles[0]
    rest = [t[:1].lower() + t[1:] for t in titles[1:]]
    return (
        ", ".join([titles[0], *rest[:-1]]) + f" and {rest[-1]}"
        if len(rest) > 1
        else (f"{titles[0]} and {rest[0]}")
    )


def _quote(text: str) -> str:
    return text.replace("--", "- -").replace('"', "'")


def card_name(card: ModelCard) -> str:
    """The name a normalized card carries: metadata, else title, else file stem."""
    return str(card.metadata.get("name") or card.title or Path(card.path).stem).strip()


def front_matter_text(card: ModelCard) -> str:
    """The normalized card's front-matter YAML (without fences)."""
    doc = card.document
    if card.format in ("markdown", "hf"):
        name_line = f"name: {_yaml_scalar(card_name(card))}\n"
        if doc.has_front_matter:
            original = doc.front_matter_text
            raw = card.raw if isinstance(card.raw, dict) else {}
            if doc.front_matter_error is not None or raw.get("name"):
                return original
            if "name" in raw:  # present but empty: keep the file as the author wrote it
                return original
            marker = re.match(r"---[ \t]*\n", original)  # a YAML document start marker
            if marker:  # stays first: a `name:` line above it would end the block there
                return original[: marker.end()] + name_line + original[marker.end() :]
            return name_line + original
        return name_line
    data: dict[str, Any] = {"name": card_name(card)}
    for key, value in card.metadata.items():
        data[key] = value
    if card.metrics:
        data["metrics"] = [m.to_json() for m in card.metrics]
    data["source_format"] = card.format
    leftovers = _data_fields(card.raw)
    if leftovers:
        data["source_data"] = leftovers
    return _dump_yaml(data)


def _data_fields(raw: Any) -> dict[str, Any]:
    """Non-prose fields of a structured card (graphics, ids…), kept verbatim."""
    from xdocs.card.readers.structured import DATA_FIELDS

    found: dict[str, Any] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                sub = f"{path}.{key}" if path else str(key)
                if key in DATA_FIELDS and key != "performance_metrics":
                    found[sub] = plain(value)
                else:
                    walk(value, sub)

    walk(raw, "")
    return found


def _yaml_scalar(value: Any) -> str:
    return _dump_yaml({"v": value})[3:].strip()


def _dump_yaml(data: dict[str, Any]) -> str:
    from xdocs.document import make_yaml

    stream = io.StringIO()
    make_yaml().dump(data, stream)
    return stream.getvalue()


@lru_cache(maxsize=8)
def _environment(folder: str) -> Any:
    """One Jinja environment per template folder: compiling the template on every
    call was most of the cost of rendering (FileSystemLoader still reloads on change)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        keep_trailing_newline=True,
        autoescape=False,  # Markdown out; content is moved verbatim, never interpreted
        undefined=jinja2.StrictUndefined,
    )


def render_card(card: ModelCard, template_dir: Path | None = None) -> str:
    """The normalized Markdown of ``card``."""
    folder = template_dir or (package_root() / "templates")
    env = _environment(str(folder))
    canonical, unmapped = plan_sections(card)
    preamble = _preamble(card)
    title = _title_markdown(card) or card_name(card)
    text = env.get_template("model_card.md.j2").render(
        front_matter=front_matter_text(card).rstrip("\n"),
        title=str(title).strip(),
        preamble=preamble,
        sections=canonical,
        unmapped=unmapped,
    )
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return text


def _title_markdown(card: ModelCard) -> str | None:
    idx = _title_index(card)
    return card.segments[idx].display_heading if idx is not None else card.title


def _preamble(card: ModelCard) -> str:
    parts = []
    title_idx = _title_index(card)
    for idx, seg in enumerate(card.segments):
        if (seg.kind == "preamble" or idx == title_idx) and seg.content.strip():
            parts.append(seg.content.strip("\n"))
    return "\n\n".join(parts)
