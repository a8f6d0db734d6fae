"""Lines of key paths in block-style YAML, found by indentation in linear time.

Findings point at the line of a front-matter value (``model-index`` › 0 ›
``results`` › 3 › ``metrics`` › 1). ruamel.yaml's round-trip parser knows
every position but costs about half a second on a 90 KB Hugging Face
front-matter; this index reads the lines once, then answers each lookup by
hopping from sibling to sibling. It understands block mappings and block
sequences (the shape nearly every card uses); when a path goes through flow
style (``{…}``, ``[…]``), anchors or anything it cannot follow, it answers
None and the caller falls back to the round-trip parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(
    r"""^(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s#'"\-?:{\[][^:#]*?))\s*:(?:\s|$)"""
)
_DASHES = re.compile(r"(?:-(?:\s+|$))*")


@dataclass(frozen=True)
class _Line:
    col: int  # indentation (the dash's column on "- " lines)
    dash: bool  # opens a sequence item
    keycol: int  # column of the key on this line (after any "- ")
    key: str | None  # the key named on this line, if any
    value: str  # what follows "key:" on the line


class BlockYamlIndex:
    """Key-path → 0-based line index over the lines of one YAML document."""

    def __init__(self, lines: list[str]) -> None:
        self._shapes: list[_Line | None] = [_shape(line) for line in lines]
        self._content = [i for i, s in enumerate(self._shapes) if s is not None]
        n = len(lines)
        self._n = n
        # next content line with col <= this line's col (end of its subtree)
        self._end_col = [n] * n
        stack: list[int] = []
        for i in self._content:
            col = self._shapes[i].col  # type: ignore[union-attr]
            while stack and self._shapes[stack[-1]].col >= col:  # type: ignore[union-attr]
                self._end_col[stack.pop()] = i
            stack.append(i)
        self._next_content = [n] * (n + 1)
        nxt = n
        for i in range(n - 1, -1, -1):
            self._next_content[i] = nxt
            if self._shapes[i] is not None:
                nxt = i
        self._first_at = nxt  # first content line of the document

    def line(self, path: tuple[str | int, ...]) -> int | None:
        """0-based line of ``path``'s key or item, or None when it cannot be followed."""
        lo, hi = self._first(0), self._n
        hit: int | None = None
        for step in path:
            if lo >= hi:
                return None
            if isinstance(step, int):
                hit = self._item(lo, hi, step)
                if hit is None:
                    return None
                lo, hi = hit, self._end_col[hit]  # the item's first key is on its dash line
            else:
                hit = self._key(lo, hi, step)
                if hit is None:
                    return None
                shape = self._shapes[hit]
                assert shape is not None
                if shape.value.startswith(("{", "[", "&", "*", "!")):
                    return hit if step == path[-1] else None
                lo, hi = self._first(hit + 1), self._key_end(hit)
        return hit

    # -- navigation ---------------------------------------------------------------------
    def _first(self, start: int) -> int:
        if start >= self._n:
            return self._n
        return start if self._shapes[start] is not None else self._next_content[start]

    def _after(self, i: int, col: int) -> int:
        """First content line after ``i``'s subtree whose col <= ``col``."""
        j = self._next_content[i]
        while j < self._n and self._shapes[j].col > col:  # type: ignore[union-attr]
            j = self._end_col[j]
        return j

    def _key_end(self, i: int) -> int:
        """End of the value block of the key on line ``i``.

        A key's value may be a sequence at the key's own column (``key:\\n- a``):
        those items belong to the block.
        """
        shape = self._shapes[i]
        assert shape is not None
        j = self._after(i, shape.keycol)
        while j < self._n:
            s = self._shapes[j]
            assert s is not None
            if not (s.dash and s.col == shape.keycol):
                break
            j = self._end_col[j]
        return j

    def _key(self, lo: int, hi: int, name: str) -> int | None:
        first = self._shapes[lo]
        if first is None or first.key is None:
            return None
        kc = first.keycol
        i = lo
        while i < hi:
            s = self._shapes[i]
            assert s is not None
            if s.keycol != kc or (s.dash and i != lo):
                return None
            if s.key == name:
                return i
            i = self._key_end(i)
        return None

    def _item(self, lo: int, hi: int, index: int) -> int | None:
        first = self._shapes[lo]
        if first is None or not first.dash:
            return None
        col = first.col
        i, count = lo, 0
        while i < hi:
            s = self._shapes[i]
            assert s is not None
            if not s.dash or s.col != col:
                return None
            if count == index:
                return i
            count += 1
            i = self._end_col[i]
        return None


def _shape(line: str) -> _Line | None:
    stripped = line.lstrip()
    if not stripped or stripped.startswith("#"):
        return None
    col = len(line) - len(stripped)
    dashes = _DASHES.match(stripped)
    lead = dashes.end() if dashes else 0
    dash = lead > 0
    rest = stripped[lead:]
    m = _KEY.match(rest)
    if m is None:
        return _Line(col, dash, col + lead, None, "")
    name = m.group("dq") if m.group("dq") is not None else m.group("sq")
    if name is None:
        name = m.group("bare").strip()
    return _Line(col, dash, col + lead, name, rest[m.end() :].strip())
