"""Vale's regular-expression dialect on top of the PyPI ``regex`` module.

Vale compiles rule patterns with regexp2 (lookarounds, backreferences,
``\\p{L}``, scoped ``(?-i)`` flags), which Python's ``re`` cannot. ``regex``
can; a few spellings differ (``\\z``), and flags that appear mid-pattern need
``regex``'s V1 behaviour to stay scoped. Every search goes through
:class:`Budget` so a pathological pattern cannot stall a run: each call gets
the time left for its rule and file, and :class:`RegexTimeout` ends the rule
for that file.
"""

from __future__ import annotations

import time
from functools import lru_cache

import regex

from xdocs.lint.budget import cpu_left

_MID_FLAGS = regex.compile(r"(?<!^)(?<!\\)\(\?[a-zA-Z]*-?[a-zA-Z]+\)")


class RegexTimeout(Exception):
    """A rule's time budget for one file ran out."""


def translate(pattern: str) -> str:
    """Go/regexp2 spellings to ``regex`` ones."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt == "z":
                out.append(r"\Z")
            else:
                out.append(c + nxt)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def compile_vale(pattern: str, ascii_word: bool = False) -> regex.Pattern[str]:
    """Compile a Vale pattern; raises ``regex.error`` for invalid syntax."""
    src = translate(pattern)
    flags = regex.V1 if _MID_FLAGS.search(src) else regex.V0
    if ascii_word:
        flags |= regex.ASCII
    return regex.compile(src, flags)


#: wall-clock ceiling of one regex call, as a multiple of the CPU budget left
WALL_FACTOR = 4


class Budget:
    """Time budget for one rule on one file: only the rule's own matching counts.

    The budget is CPU time, so a loaded machine does not change which rules run
    (a wall-clock budget made a 3,000-line card lose its Acronyms findings on a
    busy CI runner). The regex module's own timeout is wall-clock, so it is
    given the remaining CPU budget times :data:`WALL_FACTOR` as a ceiling.
    """

    __slots__ = ("remaining",)

    def __init__(self, seconds: float) -> None:
        self.remaining = seconds

    def _run(self, rx: regex.Pattern[str], text: str, find_all: bool):
        if self.remaining <= 0:
            raise RegexTimeout()
        if len(text) < SAFE_LENGTH and not risky(rx):
            # The timeout argument costs 2.5x per call; a pattern without
            # nested quantifiers on a short text runs in linear time.
            return list(rx.finditer(text)) if find_all else rx.search(text)
        start = time.process_time()
        ceiling = self.remaining * WALL_FACTOR
        pass_left = cpu_left()  # the lint pass's own budget, if one is running
        if pass_left is not None:
            ceiling = min(ceiling, pass_left + 0.5)
        try:
            if find_all:
                return list(rx.finditer(text, timeout=ceiling))
            return rx.search(text, timeout=ceiling)
        except TimeoutError:
            self.remaining = 0
            raise RegexTimeout() from None
        finally:
            self.remaining -= time.process_time() - start

    def finditer(self, rx: regex.Pattern[str], text: str) -> list[regex.Match[str]]:
        if len(text) < SAFE_LENGTH and self.remaining > 0:
            hit = _RISK.get(rx.pattern)
            if hit is False or (hit is None and not risky(rx)):
                return list(rx.finditer(text))
        return self._run(rx, text, True)

    def search(self, rx: regex.Pattern[str], text: str) -> regex.Match[str] | None:
        if len(text) < SAFE_LENGTH and self.remaining > 0:
            hit = _RISK.get(rx.pattern)
            if hit is False or (hit is None and not risky(rx)):
                return rx.search(text)
        return self._run(rx, text, False)


SAFE_LENGTH = 2048
_QUANTIFIED_GROUP = regex.compile(r"\)(?:[*+]|\{\d*,)")
_RISK: dict[str, bool] = {}


def risky(rx: regex.Pattern[str]) -> bool:
    """Could this pattern backtrack catastrophically (a quantified group, backreference)?"""
    src = rx.pattern
    hit = _RISK.get(src)
    if hit is None:
        hit = bool(_QUANTIFIED_GROUP.search(src)) or bool(regex.search(r"\\[1-9]", src))
        _RISK[src] = hit
    return hit


UNLIMITED = Budget(1e9)
