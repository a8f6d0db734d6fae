"""Markdown tokens and the structural views built on them (blocks, headings).

The body is parsed once with markdown-it-py (CommonMark + tables +
strikethrough, raw HTML allowed), and token line maps are shifted to file
lines, so ``#`` lines inside code blocks or front-matter are never headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

_TAG = re.compile(r"<[^>]*>")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
#: the same configuration for text xdocs writes about a card (finding messages, which
#: quote it): raw HTML stays text and images stay links, so a quoted ``<script>`` is
#: shown and a quoted image is not fetched. The parser decides, so nesting such as
#: ``![![](u)](u)`` reads as CommonMark says, not as a rewrite of another parse.
QUOTING_MARKDOWN = (
    MarkdownIt("commonmark", {"html": False})
    .enable("table")
    .enable("strikethrough")
    .disable("image")
)

BLOCK_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "blockquote_open": "blockquote",
    "hr": "hr",
}


@dataclass
class Heading:
    """A heading as a reader sees it: text without markup, level, file line."""

    text: str
    level: int
    line: int
    #: "atx", "setext", "html" (an <h2> in an HTML block) or "label"
    #: (a bold pseudo-heading such as ``**Out-of-scope:**`` on its own line).
    kind: str = "atx"
    #: raw source of the heading line(s), kept for faithful re-rendering.
    raw: str = ""


@dataclass
class Block:
    """A top-level Markdown block with its file line span (inclusive, 1-based)."""

    kind: str  # heading, paragraph, list, table, code, html, blockquote, hr
    start_line: int
    end_line: int
    heading: Heading | None = None


def parse(body: str, shift: int, env: dict[str, Any] | None = None) -> list[Token]:
    """Tokens of ``body``, their ``map`` shifted by ``shift`` lines (0-based file lines).

    ``env`` (when given) is filled by markdown-it: the link reference definitions
    the body makes (``env["references"]``), which resolve links anywhere in it.
    """
    tokens = MARKDOWN.parse(body, env)
    if shift:
        for tok in walk(tokens):
            if tok.map:
                tok.map = [tok.map[0] + shift, tok.map[1] + shift]
    return tokens


def walk(tokens: list[Token]) -> Iterator[Token]:
    """Every token, inline children included, in document order."""
    for tok in tokens:
        yield tok
        if tok.children:
            yield from walk(tok.children)


def blocks(tokens: list[Token], lines: list[str]) -> list[Block]:
    """Top-level blocks (depth 0) with 1-based inclusive line spans."""
    out: list[Block] = []
    for i, tok in enumerate(tokens):
        if tok.level != 0 or tok.map is None or tok.nesting == -1:
            continue
        start, end = tok.map[0] + 1, tok.map[1]
        heading = heading_from(tok, tokens[i + 1], lines) if tok.type == "heading_open" else None
        out.append(Block(BLOCK_KINDS.get(tok.type, tok.type), start, max(start, end), heading))
    return out


def headings(tokens: list[Token], lines: list[str]) -> list[Heading]:
    """Every real heading (ATX, setext, and ``<hN>`` in HTML blocks), in order."""
    out: list[Heading] = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map:
            out.append(heading_from(tok, tokens[i + 1], lines))
        elif tok.type == "html_block" and tok.map:
            out.extend(html_headings(tok.content, tok.map[0] + 1))
    return out


def heading_from(tok: Token, inline: Token, lines: list[str]) -> Heading:
    line = tok.map[0] + 1 if tok.map else 0
    kind = "atx" if tok.markup.startswith("#") else "setext"
    raw_end = tok.map[1] if tok.map else line
    raw = "\n".join(lines[line - 1 : raw_end])
    return Heading(inline_text(inline), int(tok.tag[1]), line, kind, raw)


def inline_text(inline: Token | None) -> str:
    """Plain text of an inline token: markup, HTML tags and images' syntax dropped."""
    if inline is None or not inline.children:
        return clean_heading(inline.content if inline else "")
    parts: list[str] = []
    for child in inline.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return clean_heading("".join(parts))


def clean_heading(text: str) -> str:
    text = _TAG.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def html_headings(html: str, first_line: int) -> list[Heading]:
    """``<hN>`` headings of an HTML block that holds nothing but markup and headings.

    An HTML block runs to the next blank line, so text after ``</h2>`` on the
    following lines is raw HTML, not Markdown: treating the heading as a
    section would move that text out of its block and change its meaning.
    """
    matches = list(_HTML_HEADING.finditer(html))
    # text after the first heading (between headings too, not only after the last)
    rest = _HTML_HEADING.sub("", html[matches[0].start() :]) if matches else ""
    if _TAG.sub("", re.sub(r"<!--.*?-->", "", rest, flags=re.S)).strip():
        return []
    out = []
    for m in matches:
        text = clean_heading(m.group(2))
        if text:
            line = first_line + html.count("\n", 0, m.start())
            out.append(Heading(text, int(m.group(1)), line, "html", m.group(0)))
    return out
