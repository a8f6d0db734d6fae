"""Rule scopes matched against block selectors, as Vale's ``check/scope.go``.

A block carries a dotted selector such as ``text.heading.h2.md`` or
``sentence.text.md``. A rule scope (``heading``, ``text``, ``~blockquote``,
``heading.h1 & ~raw``) matches when every section it names is in the block's
selector; ``~`` negates. As in Vale, a ``text`` rule also sees the paragraph
and sentence pieces of a prose block (``sentence.text.md`` has ``text``) when
some rule asks for them; an alert found twice at one place is reported once.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1024)
def _sections(value: str) -> frozenset[str]:
    return frozenset(p.strip() for p in value.split(".") if p.strip())


class Scope:
    """A compiled ``scope:`` value (a list of alternatives, each an AND of parts)."""

    __slots__ = ("alternatives", "sized")

    def __init__(self, values: list[str]) -> None:
        self.alternatives: list[list[tuple[frozenset[str], bool]]] = []
        for value in values:
            parts = []
            for part in value.split("&"):
                p = part.strip()
                neg = p.startswith("~")
                parts.append((_sections(p.lstrip("~")), neg))
            self.alternatives.append(parts)
        self.sized = any(
            not neg and (secs & {"raw", "summary"})
            for alt in self.alternatives
            for secs, neg in alt
        )

    def matches(self, block_scope: str) -> bool:
        target = _sections(block_scope)
        return any(_part_matches(target, alt) for alt in self.alternatives)

    def needs(self, section: str) -> bool:
        return any(not neg and section in secs for alt in self.alternatives for secs, neg in alt)


def _part_matches(target: frozenset[str], alt: list[tuple[frozenset[str], bool]]) -> bool:
    for secs, neg in alt:
        has = secs <= target
        if neg and not has:
            if "raw" in target or "summary" in target:
                return False
        elif (not neg and not has) or (neg and has):
            return False
    return True
