"""Markdown to scoped blocks, the way Vale walks it (``lint/md.go``, ``ast.go``, ``walk.go``).

Vale renders Markdown to HTML (goldmark, GFM, footnotes, raw HTML kept) and
walks the HTML tokens: text inside ``pre``/``script``/``style``… is skipped,
inline ``code`` becomes asterisks, every non-inline end tag closes a block
whose scope comes from the tags seen (``text.heading.h2``, ``text.list``,
``text.table.cell``, plain ``text``), and HTML comments drive
``<!-- vale ... -->`` switches. To report positions Vale searches each
block's text in a copy of the source it masks as it goes (``@`` over text
already consumed). We reproduce that walk over markdown-it-py's HTML, since
the quirks (which occurrence of a repeated word is reported) follow from it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from html.parser import HTMLParser
from urllib.parse import unquote_plus

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

SKIP_TAGS = ("script", "style", "pre", "figure", "noscript", "iframe")
SKIP_CLASSES = ("problematic", "pre", "code")
INLINE_TAGS = frozenset(
    [
        "b",
        "big",
        "i",
        "small",
        "abbr",
        "acronym",
        "cite",
        "dfn",
        "em",
        "kbd",
        "strong",
        "a",
        "br",
        "img",
        "span",
        "sub",
        "sup",
        "code",
        "tt",
        "del",
    ]
)
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
_EX_INFO = re.compile(r"`{3,}.+")
_LINK_REF = re.compile(r"\]\[(?:[^]\n]+)\]")
_LINK_DEF = re.compile(r"\[(?:[^]\n]+)\]:")
_NUM_LIST = re.compile(r"(?m)^\d+\.")
_VOID = frozenset(
    [
        "img",
        "br",
        "hr",
        "input",
        "meta",
        "link",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    ]
)

_MD: MarkdownIt | None = None


def markdown() -> MarkdownIt:
    """One shared markdown-it instance (GFM tables, strikethrough, autolinks, footnotes)."""
    global _MD
    if _MD is None:
        md = MarkdownIt("commonmark", {"html": True, "linkify": True})
        md.enable(["table", "strikethrough", "linkify"])
        md.use(footnote_plugin)
        _MD = md
    return _MD


def render_html(text: str) -> str:
    html = markdown().render(text)
    return html.replace("<s>", "<del>").replace("</s>", "</del>")


_MASK_TABLES: dict[str, dict[int, str]] = {}


def mask(s: str, char: str = "*") -> str:
    """Vale's in-place substitution: ASCII characters (not newlines) become ``char``."""
    table = _MASK_TABLES.get(char)
    if table is None:
        table = {i: char for i in range(128) if i != 10}
        _MASK_TABLES[char] = table
    return s.translate(table)


_NEWLINE = re.compile(b"\n")
GRAM = 5
GRAM_INDEX_MIN = 32 << 10
_BYTE_MASKS: dict[str, bytes] = {}


def _enc(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


def _byte_mask(char: str) -> bytes:
    """``mask`` on UTF-8 bytes: ASCII bytes but newline become ``char``, others stay."""
    table = _BYTE_MASKS.get(char)
    if table is None:
        c = ord(char)
        table = bytes(c if i < 128 and i != 10 else i for i in range(256))
        _BYTE_MASKS[char] = table
    return table


def prep_markdown(content: str) -> str:
    """``prepMarkdown``: hide info strings, link references and list numbers from lookups."""

    def info(m: re.Match[str]) -> str:
        parts = m.group(0).split("`")
        return "`" * (len(parts) - 1) + "*" * len(parts[-1])

    body = _EX_INFO.sub(info, content)
    body = _LINK_REF.sub(lambda m: "][" + "*" * (len(m.group(0)) - 3) + "]", body)
    body = _LINK_DEF.sub(lambda m: "[" + "*" * (len(m.group(0)) - 3) + "]:", body)
    return _NUM_LIST.sub(lambda m: "*" * len(m.group(0)), body)


class _Tokens(HTMLParser):
    """HTML into a flat list of (kind, tag_or_text, attrs) like Go's tokenizer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[str, str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.out.append(("start", tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag, attrs):
        kind = "start" if tag in _VOID else "self"
        self.out.append((kind, tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        self.out.append(("end", tag, {}))

    def handle_data(self, data):
        self.out.append(("text", data, {}))

    def handle_comment(self, data):
        self.out.append(("comment", data, {}))


def html_tokens(html: str) -> list[tuple[str, str, dict[str, str]]]:
    p = _Tokens()
    p.feed(html)
    p.close()
    return p.out


class Walker:
    """``walk.go``: tracks the current line and masks consumed text in the context."""

    def __init__(self, context: str, nlines: int, mask_class: bool = False) -> None:
        # The context is kept as UTF-8 in a bytearray: masking keeps every byte's
        # length (ASCII becomes ASCII, other bytes stay), so a mask is an in-place
        # write instead of a copy of the whole file, and the first occurrence of a
        # string is the same in bytes as in characters (UTF-8 is self-synchronising).
        # Large one-line tables made the copy-per-mask walk quadratic.
        self._buf = bytearray(_enc(context))
        self._ctx: str | None = context
        self._first: dict[bytes, int] = {}
        self._marks: list[bytes] = [b"@"]
        # Big files: the GRAM-byte strings that start before _hi in the original
        # context. Masks only remove occurrences, so a string whose first GRAM
        # bytes are not among them cannot start before _hi: search from there.
        self._orig = bytes(self._buf) if len(self._buf) >= GRAM_INDEX_MIN else None
        self._grams: set[bytes] = set()
        self._hi = 0
        self.mask_class = mask_class
        # Masks keep newlines, so line starts never move: count lines by bisection
        # (byte offsets, to compare with byte positions of finds).
        self.newlines = [m.start() for m in _NEWLINE.finditer(self._buf)]
        self.lines = nlines
        self.idx = 0
        self.queue: list[str] = []
        self.history: list[str] = []
        self.active_tag = ""
        self.active_cls = ""
        self.begin = 0
        self.end = 0

    @property
    def ctx(self) -> str:
        """The masked source as text (decoded again only after a mask)."""
        if self._ctx is None:
            self._ctx = self._buf.decode("utf-8", "surrogatepass")
        return self._ctx

    def find(self, b: bytes) -> int:
        """First position of ``b`` in the masked context (bytes).

        Masks write ``@`` (``_marks``), so a string without it can lose
        occurrences but never gain one: its first position never moves back,
        and the next search for it starts where the last one ended.
        """
        marks = self._marks
        if (marks[0] in b) if len(marks) == 1 else any(m in b for m in marks):
            return self._buf.find(b)
        start = self._first.get(b, 0)
        if start < 0:
            return -1
        orig = self._orig
        if orig is not None and start < self._hi and len(b) >= GRAM and b[:GRAM] not in self._grams:
            start = self._hi
        i = self._buf.find(b, start)
        self._first[b] = i
        if orig is not None and i > self._hi:
            self._grams.update(orig[j : j + GRAM] for j in range(self._hi, i))
            self._hi = i
        return i

    def sub(self, s: str, char: str = "@") -> bool:
        b = _enc(s)
        i = self.find(b)
        if i < 0:
            return False
        if b:
            mark = _enc(char)
            if mark not in self._marks:
                self._marks.append(mark)
                self._first.clear()
            self._buf[i : i + len(b)] = b.translate(_byte_mask(char))
            self._ctx = None
        return True

    def update(self, txt: str) -> None:
        if not txt:
            return
        for s in txt.split("\n"):
            if not self.sub(s):
                for f in s.split():
                    self.sub(f)

    def reset(self) -> None:
        for s in self.queue:
            self.update(s)
        self.queue = []
        self.history = []

    def advance(self, text: str) -> int:
        # Vale searches every line (then its words when the line is absent) and
        # keeps the last result; searches have no effect, so only the last
        # line's (or its last word's) search decides.
        last = text.rsplit("\n", 1)[-1]
        pos = self.find(_enc(last))
        if pos < 0:
            words = last.split()
            if words:
                pos = self.find(_enc(words[-1]))
        if pos >= 0:
            n = bisect_left(self.newlines, pos)
            if n > self.idx:
                return n
        return -1

    def append(self, text: str) -> None:
        if text:
            pos = self.advance(text)
            if pos > -1:
                self.idx = pos
            self.queue.append(text)

    def block_line(self, text: str) -> int:
        line = self.idx
        pos = self.advance(text)
        if pos != line and pos > -1:
            line = pos
        return line

    def add_tag(self, tag: str) -> None:
        self.history.append(tag)
        self.active_tag = tag

    def last_tag(self) -> str:
        return self.history[-1] if self.history else self.active_tag

    def is_nested_list(self) -> bool:
        if self.last_tag() == "li" and len(self.history) > 3:
            up1, up2 = self.history[-2], self.history[-3]
            if up1 in ("ol", "ul"):
                return up2 == "li"
        return False

    def set_cls(self, tag: str, cls: bool) -> None:
        if cls:
            self.active_cls, self.begin, self.end = tag, 1, 0

    def add_cls(self, tag: str, start: bool) -> None:
        if tag == self.active_cls:
            if start:
                self.begin += 1
            else:
                self.end += 1

    def can_close(self) -> bool:
        return self.active_cls != "" and self.begin == self.end and self.begin > 0

    def close(self) -> None:
        self.active_cls, self.begin, self.end = "", 0, 0

    def replace_toks(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in ("img", "a", "p", "script", "h1", "h2", "h3", "h4", "h5", "h6", "span"):
            keys = (
                ("href", "id", "src", "alt", "class")
                if self.mask_class
                else ("href", "id", "src", "alt")
            )
            for key in keys:
                if key in attrs:
                    val = attrs[key]
                    if key == "href":
                        val = unquote_plus(val)
                    self.update(val)


def _classes_hit(attr: str, ignore) -> bool:
    if not attr:
        return "" in ignore
    return any(c in ignore for c in attr.split(" "))


def clean(txt: str, attr: str, skip: bool, inline: bool) -> tuple[str, bool]:
    starter = bool(txt) and txt[0] in _PUNCT_START and not skip
    if skip or attr == txt:
        txt = mask(txt, "*")
        skip = False
    if inline and not starter:
        txt = " " + txt
    return txt, skip


def walk(tokens, walker: Walker, on_block, on_comment, cfg) -> None:
    """Drive ``on_block(text, walker, scope, runs)`` and ``on_comment(text)``.

    A line-by-line port of Vale's ``lintHTMLTokens``.
    """
    skip_tags = tuple(cfg.skipped_scopes) or SKIP_TAGS
    skip_classes = SKIP_CLASSES + tuple(cfg.ignored_classes)
    skipped = tuple(cfg.ignored_scopes)
    attr = parent_class = ""
    in_block = inline = skip = False
    buf: list[str] = []
    runs: list[tuple[int, int, int]] = []
    muted = False
    for kind, data, attrs in tokens:
        txt = data.strip() if kind in ("text", "comment") else data
        is_start = kind == "start"
        walker.add_cls(txt, is_start)
        closed = walker.can_close()
        skip_class = _classes_hit(attrs.get("class", ""), skip_classes)
        block_skip = skip_class and txt not in INLINE_TAGS
        if is_start and (txt in skip_tags or block_skip):
            walker.set_cls(txt, block_skip)
            in_block = True
        elif in_block and kind in ("start", "end", "self") and (txt in skip_tags or closed):
            in_block = False
            if closed:
                walker.close()
        elif is_start:
            if txt in ("em", "b") and walker.last_tag() == "code":
                txt = "code"
            inline = txt in INLINE_TAGS
            skip = txt in skipped
            walker.add_tag(txt)
        elif kind == "end" and txt in INLINE_TAGS:
            walker.active_tag = ""
        elif kind == "comment":
            on_comment(txt)
            walker.update(txt)
            if txt in ("vale off", "vale on"):
                # Text between inline off/on comments is not prose for this
                # block either (Vale #1001: '*Note*: <!-- vale off -->...').
                muted = txt == "vale off"
        elif kind == "text":
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
        if kind == "end" and txt not in INLINE_TAGS:
            content = "".join(buf)
            if content.strip():
                on_block(content, walker, None, runs)
            walker.reset()
            buf = []
        attr = attrs.get("href", "")
        parent_class = attrs.get("class", "")
        if data == "img" and "alt" in attrs and "alt" not in cfg.skipped_scopes and kind == "start":
            on_block(attrs["alt"], walker, "text.attr.alt", [])
        if kind in ("start", "self"):
            walker.replace_toks(data, attrs)


def scope_for(history: list[str]) -> str | None:
    """The block scope from the tags seen (``None`` means prose: ``text``)."""
    for tag in history:
        scope = TAG_TO_SCOPE.get(tag)
        if (scope and tag not in INLINE_TAGS) or _HEADING.match(tag):
            return scope or "text.heading." + tag
    return None
