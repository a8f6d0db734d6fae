"""HTML to scoped blocks, the way Vale walks it (``lint/ast.go``).

Every format Vale parses ends here: Markdown, AsciiDoc and reStructuredText
after conversion, HTML as is. Text inside ``pre``/``script``/``style``… is
skipped, inline ``code`` becomes asterisks, every non-inline end tag closes a
block whose scope comes from the tags seen (``text.heading.h2``,
``text.list``, ``text.table.cell``, plain ``text``), and HTML comments drive
``<!-- vale ... -->`` switches. The quirks (which occurrence of a repeated
word is reported) follow from this walk, so it is a line-by-line port.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Protocol

from xdocs.vale.formats.walker import Walker, mask

SKIP_TAGS = ("script", "style", "pre", "figure", "noscript", "iframe")
SKIP_CLASSES = ("problematic", "pre", "code")
INLINE_TAGS = frozenset([
    "b", "big", "i", "small", "abbr", "acronym", "cite", "dfn", "em", "kbd", "strong", "a",
    "br", "img", "span", "sub", "sup", "code", "tt", "del",
])  # fmt: skip
TAG_TO_SCOPE = {
    "th": "text.table.header",
    "td": "text.table.cell",
    "caption": "text.table.caption",
    "li": "text.list",
    "blockquote": "text.blockquote",
    "figcaption": "text.figure.caption",
}
_HEADING = re.compile(r"^h\d$")
_PUNCT_START = set(".?!,:;)]}—–")
_TIGHT = set("([{—–")
_VOID = frozenset([
    "img", "br", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source",
    "track", "wbr",
])  # fmt: skip


class _Tokens(HTMLParser):
    """HTML into a flat list of (kind, tag_or_text, attrs) like Go's tokenizer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[str, str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(("start", tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = "start" if tag in _VOID else "self"
        self.out.append((kind, tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self.out.append(("end", tag, {}))

    def handle_data(self, data: str) -> None:
        self.out.append(("text", data, {}))

    def handle_comment(self, data: str) -> None:
        self.out.append(("comment", data, {}))


Token = tuple[str, str, dict[str, str]]
OnBlock = Callable[[str, Walker, "str | None", list[tuple[int, int, int]]], None]


class WalkSettings(Protocol):
    """The configuration keys the walk reads."""

    skipped_scopes: list[str]
    ignored_classes: list[str]
    ignored_scopes: list[str]


def html_tokens(html: str) -> list[Token]:
    """HTML as Go's tokenizer gives it: start, end, self-closing, text and comment tokens."""
    p = _Tokens()
    p.feed(html)
    p.close()
    return p.out


def _classes_hit(attr: str, ignore: tuple[str, ...]) -> bool:
    if not attr:
        return "" in ignore
    return any(c in ignore for c in attr.split(" "))


def clean(txt: str, attr: str, skip: bool, inline: bool) -> tuple[str, bool]:
    """Vale's ``clean``: mask skipped or link-text-as-URL text, pad inline text."""
    starter = bool(txt) and txt[0] in _PUNCT_START and not skip
    if skip or attr == txt:
        txt = mask(txt, "*")
        skip = False
    if inline and not starter:
        txt = " " + txt
    return txt, skip


def in_rst_literal(history: list[str]) -> bool:
    """Vale's ``shouldBeSkipped``: docutils puts ``span`` tags inside ``tt`` literals."""
    for i in range(len(history) - 1, -1, -1):
        if history[i] == "span":
            continue
        return history[i] == "tt" and i + 1 != len(history)
    return False


def walk(
    tokens: list[Token],
    walker: Walker,
    on_block: OnBlock,
    on_comment: Callable[[str], None],
    cfg: WalkSettings,
    kind: str = "md",
) -> None:
    """Drive ``on_block(text, walker, scope, runs)`` and ``on_comment(text)``.

    A line-by-line port of Vale's ``lintHTMLTokens``; ``kind`` is the format
    the HTML came from (``rst`` skips docutils' literal spans).
    """
    skip_tags = tuple(cfg.skipped_scopes) or SKIP_TAGS
    skip_classes = SKIP_CLASSES + tuple(cfg.ignored_classes)
    skipped = tuple(cfg.ignored_scopes)
    attr = parent_class = ""
    in_block = inline = skip = False
    buf: list[str] = []
    runs: list[tuple[int, int, int]] = []
    muted = False
    rst = kind == "rst"
    for tok, data, attrs in tokens:
        txt = data.strip() if tok in ("text", "comment") else data
        is_start = tok == "start"
        walker.add_cls(txt, is_start)
        closed = walker.can_close()
        skip_class = _classes_hit(attrs.get("class", ""), skip_classes)
        block_skip = skip_class and txt not in INLINE_TAGS
        if is_start and (txt in skip_tags or block_skip):
            walker.set_cls(txt, block_skip)
            in_block = True
        elif in_block and tok in ("start", "end", "self") and (txt in skip_tags or closed):
            in_block = False
            if closed:
                walker.close()
        elif is_start:
            if txt in ("em", "b") and walker.last_tag() == "code":
                txt = "code"
            inline = txt in INLINE_TAGS
            skip = txt in skipped
            walker.add_tag(txt)
        elif tok == "end" and txt in INLINE_TAGS:
            walker.active_tag = ""
        elif tok == "comment":
            on_comment(txt)
            walker.update(txt)
            if txt in ("vale off", "vale on"):
                # Text between inline off/on comments is not prose for this
                # block either (Vale #1001: '*Note*: <!-- vale off -->...').
                muted = txt == "vale off"
        elif tok == "text":
            skip = skip or (rst and in_rst_literal(walker.history))
            walker.append(txt)
            if not in_block and txt and not muted:
                skip_class = _classes_hit(parent_class, skip_classes)
                if walker.is_nested_list() and not inline:
                    txt = " " + txt
                txt, skip = clean(txt, attr, skip or skip_class, inline)
                if txt.startswith(" ") and buf and buf[-1] and buf[-1][-1] in _TIGHT:
                    txt = txt[1:]
                # Vale's snapshot does not anchor markup blocks by their runs
                # (conformance: '*this* heading' reports column 1), so none
                # are recorded; alerts in such blocks are located by search.
                buf.append(txt)
        if tok == "end" and txt not in INLINE_TAGS:
            content = "".join(buf)
            if content.strip():
                on_block(content, walker, None, runs)
            walker.reset()
            buf = []
        attr = attrs.get("href", "")
        parent_class = attrs.get("class", "")
        if data == "img" and "alt" in attrs and "alt" not in cfg.skipped_scopes and tok == "start":
            on_block(attrs["alt"], walker, "text.attr.alt", [])
        if tok in ("start", "self"):
            walker.replace_toks(data, attrs)


def scope_for(history: list[str]) -> str | None:
    """The block scope from the tags seen (``None`` means prose: ``text``)."""
    for tag in history:
        scope = TAG_TO_SCOPE.get(tag)
        if (scope and tag not in INLINE_TAGS) or _HEADING.match(tag):
            return scope or "text.heading." + tag
    return None
