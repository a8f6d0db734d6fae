"""Vale's ``walk.go``: the masked copy of the source that places blocks on lines.

To report positions Vale searches each block's text in a copy of the source
it masks as it goes (``@`` over text already consumed). :class:`Walker` keeps
that copy as UTF-8 bytes masked in place (see its comments for why).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from urllib.parse import unquote_plus

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
