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


class Budget:
    """Wall-clock budget for one rule on one file."""

    __slots__ = ("deadline",)

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        rest = self.deadline - time.monotonic()
        if rest <= 0:
            raise RegexTimeout()
        return rest

    def finditer(self, rx: regex.Pattern[str], text: str) -> list[regex.Match[str]]:
        try:
            return list(rx.finditer(text, timeout=self.left()))
        except TimeoutError:
            raise RegexTimeout() from None

    def search(self, rx: regex.Pattern[str], text: str) -> regex.Match[str] | None:
        try:
            return rx.search(text, timeout=self.left())
        except TimeoutError:
            raise RegexTimeout() from None


UNLIMITED = Budget(1e9)
