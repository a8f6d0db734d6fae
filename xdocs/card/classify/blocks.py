"""Cut a Markdown card into blocks of content, each tied to the segment it sits in.

A *block* is the unit the section classifier judges: a paragraph, one item of
a top-level list, a table, a code block, an HTML block or a blockquote.
Headings are not blocks: they are context (the segment a block sits in).
A block never spans two segments: a paragraph that a bold label splits
("**Out-of-scope Uses** …" inside "Intended Use") is cut at the label.

One pass over the token stream and one over the segments: linear in the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xdocs.card.model import Segment
from xdocs.document import Document

#: a bold label opening a line ("**Out-of-scope Uses** …", "**License:** …")
_LABEL = re.compile(r"^\s*(\*\*|__)[^\n]+?\1\s*:?\s*")

_KINDS = {
    "paragraph_open": "paragraph",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "blockquote_open": "quote",
}


@dataclass
class ContentBlock:
    """A block of card content with its 1-based inclusive line span."""

    kind: str  # paragraph, item, table, code, html, quote
    start: int
    end: int
    text: str
    #: index into the card's segments of the segment that holds the block (None: no
    #: segment, e.g. a card without headings whose body is one preamble segment).
    segment: int | None = None
    #: language tag of a fenced code block ("python", "bash", …), else "".
    info: str = ""
    #: for a row of a two-column table, the header row's text ("Intended Use | Description")
    context: str = ""


def _raw_spans(doc: Document) -> list[tuple[str, int, int, str, str]]:
    """(kind, start, end, info, context) of every top-level block and list item.

    A two-column table ("| Intended Use | Description |", spaCy's "Feature |
    Description") is a list of labelled facts: each body row is a block of its
    own, with the header as context. Other tables stay whole (a results table).
    """
    spans: list[tuple[str, int, int, str, str]] = []
    tokens = doc.tokens
    in_list = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
            continue
        if tok.type in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
            continue
        if tok.map is None or tok.nesting == -1:
            continue
        if tok.type == "list_item_open" and tok.level == 1 and in_list:
            spans.append(("item", tok.map[0] + 1, tok.map[1], "", ""))
            continue
        if tok.level != 0 or tok.type not in _KINDS:
            continue
        if tok.type == "table_open":
            rows, i = _table_rows(tokens, i)
            if rows is not None:
                spans.extend(rows)
                continue
        info = tok.info.strip().split(" ")[0].lower() if tok.type == "fence" else ""
        spans.append((_KINDS[tok.type], tok.map[0] + 1, tok.map[1], info, ""))
    return spans


def _table_rows(tokens: list, i: int) -> tuple[list[tuple[str, int, int, str, str]] | None, int]:
    """Rows of a two-column table starting after ``tokens[i - 1]`` (table_open).

    Returns (rows or None when the table is not two-column, index after the table
    when rows are returned, else ``i`` unchanged so the table is kept whole).
    """
    header: list[str] = []
    rows: list[tuple[int, int]] = []
    in_head = False
    j = i
    while j < len(tokens) and tokens[j].type != "table_close":
        t = tokens[j]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "inline" and in_head:
            header.append(t.content.strip())
        elif t.type == "tr_open" and not in_head and t.map:
            rows.append((t.map[0] + 1, t.map[1]))
        j += 1
    if len(header) != 2 or not rows:
        return None, i
    context = " | ".join(header)
    return [("row", a, max(a, b), "", context) for a, b in rows], j + 1


def split_blocks(doc: Document, segments: list[Segment]) -> list[ContentBlock]:
    """The card's blocks in line order, each cut at segment starts and tied to one.

    ``segments`` are the Markdown segments of :func:`xdocs.card.sections.markdown_segments`
    (in line order). The heading line of a segment is never part of a block.
    """
    starts = sorted((seg.line, idx) for idx, seg in enumerate(segments))
    heading_lines = {seg.line for seg in segments if seg.kind not in ("preamble", "label")}
    label_lines = {seg.line for seg in segments if seg.kind == "label"}
    out: list[ContentBlock] = []
    pointer = 0
    for kind, start, end, info, context in _raw_spans(doc):
        end = max(start, end)
        # advance to the segment holding `start` (segments and blocks both ascend)
        while pointer + 1 < len(starts) and starts[pointer + 1][0] <= start:
            pointer += 1
        cut = start
        seg_pos = pointer
        while cut <= end:
            # the next segment start inside this block, if any, ends this piece
            nxt = seg_pos + 1
            stop = end
            if nxt < len(starts) and starts[nxt][0] <= end:
                stop = starts[nxt][0] - 1
            piece_start = cut
            while piece_start in heading_lines and piece_start <= stop:
                piece_start += 1
            if piece_start <= stop:
                text = doc.slice_lines(piece_start, stop)
                if piece_start in label_lines:  # "**Out-of-scope:** Medical …": the label
                    text = _LABEL.sub("", text, count=1)  # is the heading, the rest content
                if text.strip():
                    owner = (
                        starts[seg_pos][1] if starts and starts[seg_pos][0] <= piece_start else None
                    )
                    out.append(ContentBlock(kind, piece_start, stop, text, owner, info, context))
            if stop >= end:
                break
            cut = stop + 1
            seg_pos = nxt
    return out
