"""Where an alert is: Vale's ``core/location.go`` and ``File.FindLoc``/``assignLoc``.

Vale does not carry source offsets through its markup conversion. It finds a
match by searching the matched text, bounded by ``\\b`` or ``_``, in the
(partly masked) source, skipping hits that touch a backtick or a hyphen, and
maps that position back to a line and column. The first hit wins, so the
reported column of a repeated word depends on what was masked before; we
reproduce the search, not an idealised position. Columns count characters
(Go counts runes), 1-based.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

from xdocs.vale import nlp


def substitute(src: str, sub: str, char: str) -> str:
    """``core.Substitute``: mask the first occurrence of ``sub`` (newlines kept)."""
    if not sub:
        return src
    i = src.find(sub)
    if i < 0:
        return src
    rep = "".join("\n" if c == "\n" else char for c in sub)
    return src[:i] + rep + src[i + len(sub) :]


@lru_cache(maxsize=8192)
def _bounded(sub: str) -> re.Pattern[str]:
    # A literal between ASCII word boundaries: the standard ``re`` compiles it
    # ~20x faster than ``regex`` (one pattern per distinct match) and means the same.
    parts = []
    for ch in sub:
        if ch == "'":
            parts.append("['\u2018\u2019]")
        elif ch == '"':
            parts.append('["\u201c\u201d]')
        else:
            parts.append(re.escape(ch))
    return re.compile(r"(?:^|\b|_)" + "".join(parts) + r"(?:_|\b|$)", re.ASCII)


def initial_position(ctx: str, txt: str, match: str) -> tuple[int, str]:
    if match == "":
        return 1, ""
    offset = ctx.find(txt)
    if offset > 0:
        ctx = _blank(ctx[:offset]) + ctx[offset:]
    # Only the first hit not touching a backtick or hyphen is used: stop there.
    found = _bounded(match).finditer(ctx)
    first = next(found, None)
    if first is None:
        idx = ctx.find(match)
        if idx < 0:
            return guess_location(ctx, txt, match)
    else:
        idx = first.start()
        size = len(ctx)
        for m in chain((first,), found):
            s, e = m.start(), m.end()
            start, end = s - 1, e + 1
            if start > 0 and ctx[start] in "`-":
                continue
            if end < size and ctx[end] in "`-":
                continue
            idx = s
            break
    if ctx.startswith("_", idx):
        idx += 1
    return idx + 1, match


def _blank(s: str) -> str:
    """Every character but newlines as ``@`` (the masked prefix before a block)."""
    return "\n".join("@" * len(part) for part in s.split("\n"))


def guess_location(ctx: str, sub: str, match: str) -> tuple[int, str]:
    target = ""
    for s in nlp.segment(sub):
        if s == match or s.find(match) > 0:
            target = s
    if not target:
        return -1, sub
    tokens = nlp.words(target)
    for line in ctx.split("\n"):
        if all(t in line for t in tokens):
            return ctx.find(line) + 1, line
    return -1, sub


def _split_after(s: str) -> list[str]:
    parts = s.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    out.append(parts[-1])
    return out


def find_loc(
    ctx: str,
    txt: str,
    pad: int,
    count: int,
    match: str,
    offsets: list[str],
    lines: list[str] | None,
) -> tuple[int, tuple[int, int]]:
    """``File.FindLoc``: search the whole context, then map to a line."""
    for s in offsets:
        ctx = substitute(ctx, s, "@")
    pos, substring = initial_position(ctx, txt, match)
    if pos < 0:
        return pos, (0, 0)
    src_lines = lines if lines is not None else _split_after(ctx)
    counter = 0
    for idx, line in enumerate(src_lines):
        length = len(line)
        if counter + length >= pos:
            start = (pos - counter) + pad
            end = start + len(substring) - 1
            extent = length + pad
            if end > extent:
                end = extent
            elif end <= 0:
                end = 1
            return count - (len(src_lines) - (idx + 1)), (start, end)
        counter += length
    return count, (0, 0)


def assign_loc(
    ctx: str,
    blk_text: str,
    blk_line: int,
    pad: int,
    match: str,
    span: tuple[int, int],
    offsets: list[str] | None = None,
) -> tuple[int, tuple[int, int]]:
    """``File.assignLoc``: use the block's known line, search the match in that line."""
    if span[0] < 0 or span[1] < 0:
        return blk_line + 1, span
    lines = _split_after(ctx)
    if match:
        # The first line holding the match at the span's columns, found by
        # searching the match rather than testing every line before the block's.
        limit = len(lines) if blk_line < 0 else min(blk_line, len(lines))
        idx = _exact_line(ctx, match, span[0], span[1], limit)
        if idx is None:
            if not 0 <= blk_line < len(lines):
                return blk_line + 1, span
            idx = blk_line
        candidates: Iterable[tuple[int, str]] = ((idx, lines[idx]),)
    else:
        candidates = enumerate(lines)
    for idx, line in candidates:
        exact = len(line) > span[1] and line[span[0] : span[1]] == match
        if exact or idx == blk_line:
            masked = line
            for s in offsets or []:
                masked = substitute(masked, s, "@")
            pos, substring = initial_position(masked, blk_text, match)
            start = pos + pad
            end = pos + len(substring) - 1
            extent = len(line) + pad
            if end > extent:
                end = extent
            elif end <= 0:
                end = 1
            return idx + 1, (start, end)
    return blk_line + 1, span


def _exact_line(ctx: str, match: str, s0: int, s1: int, limit: int) -> int | None:
    """Index of the first line before ``limit`` longer than ``s1`` with ``match`` at ``s0``."""
    i = ctx.find(match)
    line_no, scanned = 0, 0
    while i >= 0:
        line_no += ctx.count("\n", scanned, i)
        scanned = i
        if line_no >= limit:
            return None
        start = ctx.rfind("\n", 0, i) + 1
        if i - start == s0:
            end = ctx.find("\n", i)
            if (end + 1 if end >= 0 else len(ctx)) - start > s1:
                return line_no
        i = ctx.find(match, i + 1)
    return None


MAX_OFFSET_SCAN = 8 << 10


def resolve_offset(ctx: str, text: str) -> int:
    """``Block.resolveOffset``: where ``text`` sits in ``ctx`` if it occurs exactly once."""
    if text == ctx:
        return 0
    if len(ctx) > MAX_OFFSET_SCAN:
        return -1
    first = ctx.find(text)
    if first < 0 or ctx.find(text, first + len(text)) >= 0:
        return -1
    return first


def rebase(runs: list, start: int, length: int) -> list:
    end = start + length
    out = []
    for at, src, n in runs:
        lo, hi = max(at, start), min(at + n, end)
        if lo < hi:
            out.append((lo - start, src + (lo - at), hi - lo))
    return out


def _source(runs: list, i: int) -> int:
    for at, src, n in runs:
        if at <= i < at + n:
            return src + (i - at)
    return -1


def anchor(lo: int, hi: int, text: str, ctx: str, offset: int, runs: list):
    """Vale's ``anchor``: a block-relative span to an absolute one, when it can be known."""
    if offset >= 0:
        if offset + len(text) > len(ctx):
            return None
        return offset + lo, offset + hi
    if not runs:
        return None
    if lo == hi:
        at = _source(runs, lo)
        if at < 0 and lo > 0:
            p = _source(runs, lo - 1)
            if p >= 0:
                at = p + 1
        return None if at < 0 else (at, at)
    first, last = _source(runs, lo), _source(runs, hi - 1)
    if first < 0 or last < first:
        return None
    return first, last + 1


def byte_loc(content: str, begin: int, end: int) -> tuple[int, tuple[int, int]]:
    begin = min(begin, len(content))
    line = content.count("\n", 0, begin) + 1
    start = content.rfind("\n", 0, begin) + 1
    col = begin - start + 1
    last = col + (end - begin) - 1
    return line, (col, last if last > 0 else 1)
