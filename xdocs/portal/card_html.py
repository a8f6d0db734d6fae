"""A card section's HTML, rendered from the tokens the card's Document already parsed.

The card was parsed once, by :class:`xdocs.document.Document` with the one shared
markdown-it configuration (:data:`xdocs.document.markdown.MARKDOWN`). Where a section
shows the card's own lines, the portal renders the Document's tokens for those lines
(markdown-it's ``renderer.render`` over the slice of top-level blocks they span), with
the Document's link reference definitions, so a reference defined anywhere in the card
resolves. The HTML is then cleaned with nh3 (:func:`xdocs.portal.safe.sanitize_html`).

Some text a section shows is not in the card file, and needs a parse of its own (with
the same shared configuration, never another one):

* the sub-headings the normalized layout re-levels when the card has no Markdown
  heading there (an ``<h3>`` inside an HTML block) — a heading that *is* an ATX or
  setext heading of the card is rendered from its own inline tokens at its new level;
* a bold label's lines, which start inside a paragraph of the card (the token slice
  would take the whole paragraph);
* lines whose blocks a section boundary cuts (a heading inside a list item);
* every section of a JSON or YAML card: its text is a field's value, not Markdown of
  the file.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from markdown_it.token import Token

from xdocs.document import Document
from xdocs.document.markdown import MARKDOWN
from xdocs.portal.content import SectionPart
from xdocs.portal.safe import sanitize_html

#: a card's own ``<!-- xdocs:source … -->`` note (a card normalized before): left out
#: of the shown text, as :mod:`xdocs.portal.content` leaves it out of the Markdown.
_SOURCE_NOTE = re.compile(r"\s*<!--\s*xdocs:source\b.*?-->\s*", re.S)

#: (first line, end line) 0-based, end exclusive, and [start, stop) token indexes of
#: each top-level block of a Document.
_BlockIndex = list[tuple[int, int, int, int]]


def section_html(doc: Document | None, parts: Sequence[SectionPart]) -> str:
    """The sanitized HTML of a section shown from ``parts`` of ``doc``'s card.

    ``doc`` is the card's Markdown Document (None for a JSON or YAML card: every part
    is then parsed as text).
    """
    if not any(p.markdown.strip() for p in parts):
        return ""
    env = _env(doc)
    last = len(parts) - 1
    html = "".join(_part_html(doc, part, env, i == last) for i, part in enumerate(parts))
    return sanitize_html(html)


def _env(doc: Document | None) -> dict[str, Any]:
    references = doc.markdown_env.get("references", {}) if doc is not None else {}
    return {"references": dict(references)}


def _part_html(doc: Document | None, part: SectionPart, env: dict[str, Any], last: bool) -> str:
    """One part's HTML, as it renders inside the section's Markdown: a raw HTML block
    keeps its final line break unless it ends the section (where the section's text ends
    without one), so the page is the same whether a part comes from tokens or text."""
    tokens = _own_tokens(doc, part) if doc is not None else None
    if tokens is None:  # not the card's own text as the file has it: a parse of its own
        text = part.markdown if last else part.markdown + "\n"
        tokens = MARKDOWN.parse(text, {"references": dict(env["references"])})
    elif last and tokens and tokens[-1].type == "html_block":
        final = copy.copy(tokens[-1])
        final.content = final.content.rstrip("\n")
        tokens = [*tokens[:-1], final]
    return MARKDOWN.renderer.render(tokens, MARKDOWN.options, env)


def _own_tokens(doc: Document, part: SectionPart) -> list[Token] | None:
    """The Document's tokens for ``part``, or None when it is not a slice of them."""
    if part.level:
        return _heading_tokens(doc, part.heading_line, part.level)
    if part.lines is None:
        return None
    return _token_slice(doc, *part.lines)


def _heading_tokens(doc: Document, line: int, level: int) -> list[Token] | None:
    """The card's heading on ``line`` (an ATX or setext heading) at ``level``."""
    if line <= 0:
        return None
    tokens = doc.tokens
    for first, _end, start, stop in _blocks(doc):
        if first == line - 1:
            if tokens[start].type != "heading_open" or stop - start != 3:
                return None
            opening, inline, closing = (copy.copy(t) for t in tokens[start:stop])
            opening.tag = closing.tag = f"h{level}"
            return [opening, inline, closing]
        if first >= line:
            break
    return None


def _token_slice(doc: Document, first: int, last: int) -> list[Token] | None:
    """Tokens of the top-level blocks on file lines ``first``..``last`` (1-based,
    inclusive), or None when a block starts inside the span and ends outside it (or
    the reverse): then the lines are not whole blocks of the card."""
    blocks = _blocks(doc)
    if not blocks:
        return None
    begin, end = first - 1, last
    start = stop = None
    for block_first, block_end, i, j in blocks:
        inside = begin <= block_first and block_end <= end
        outside = block_end <= begin or block_first >= end
        if not inside and not outside:
            return None
        if inside:
            start = i if start is None else start
            stop = j
    if start is None or stop is None:
        return []
    return [t for t in doc.tokens[start:stop] if not _is_source_note(t)]


def _is_source_note(token: Token) -> bool:
    return token.type == "html_block" and _SOURCE_NOTE.fullmatch(token.content) is not None


def _blocks(doc: Document) -> _BlockIndex:
    return doc.view("portal.top-level-blocks", _block_index)


def _block_index(doc: Document) -> _BlockIndex:
    """Each top-level block's line span and token range (one walk per Document)."""
    out: _BlockIndex = []
    tokens = doc.tokens
    i = 0
    while i < len(tokens):
        opening = tokens[i]
        j, depth = i, 0
        while True:  # to the token that closes this block
            depth += tokens[j].nesting
            j += 1
            if depth <= 0 or j >= len(tokens):
                break
        if opening.map is None:  # not a block markdown-it places: no span to slice
            return []
        out.append((opening.map[0], opening.map[1], i, j))
        i = j
    return out
