"""Which rules run on a block, decided once per configuration and scope.

Vale asks ``shouldRun`` for every rule on every block. The answer depends
only on the block's scope, the file's styles and rule switches (from its
``.vale.ini`` section) and ``MinAlertLevel``, so the :class:`Plan` for that
combination is built once per :class:`~xdocs.vale.engine.Linter` and shared
by every file that has the same section settings, instead of once per file.

A plan also merges the literal prefilters of its rules into one index: a
rule whose pattern needs a literal (``literal_prefilter``) is skipped on a
block that contains none of its literals. The test is the one
``Rule.may_match`` makes (a literal occurs in the lower-cased block and,
when it starts with a word, that word is one of the block's words), done
for all rules of the plan in one pass over the block's words.
"""

from __future__ import annotations

from typing import Any

from xdocs.vale.base import block_words

MEMO_TEXT = 2048
MEMO_ENTRIES = 20000


class Plan:
    """The runnable rules of one scope, in rule order, with a shared literal index."""

    __slots__ = ("rules", "by_word", "by_text", "filtered", "memo")

    def __init__(self, rules: list[tuple[str, Any]]) -> None:
        self.rules = rules
        # first word -> [(rule name, literal)]; "" literals are tested by substring only.
        self.by_word: dict[str, list[tuple[str, str]]] = {}
        self.by_text: list[tuple[str, str]] = []
        self.filtered = False
        self.memo: dict[str, list] = {}
        for name, rule in rules:
            if rule.prefilter is None:
                continue
            self.filtered = True
            for first, lit in rule.prefilter:
                if first:
                    self.by_word.setdefault(first, []).append((name, lit))
                else:
                    self.by_text.append((name, lit))

    def memo_for(self, text: str) -> list:
        """``[passing, hits, active]`` for a block text, kept across blocks and files.

        Model cards repeat many blocks word for word ("More information
        needed", table cells, section titles): more than half the blocks of
        the benchmark corpus were seen before. ``passing`` is the prefilter
        result, ``hits`` the hits of rules that keep no per-file state (the
        same text gives the same hits; they are only located again), and
        ``active`` (once every rule has been run on the text) the rules left
        to visit: those with hits and those with per-file state. Long texts
        are unique in practice and are not kept.
        """
        if len(text) > MEMO_TEXT:
            return [self.passing(text.lower()), {}, None]
        found = self.memo.get(text)
        if found is None:
            if len(self.memo) >= MEMO_ENTRIES:
                self.memo.clear()
            found = self.memo[text] = [self.passing(text.lower()), {}, None]
        return found

    def active(self, passing: set[str], known: dict[str, list]) -> list[tuple[str, Any]]:
        """The rules that still matter for a text whose stateless hits are all known."""
        return [
            (name, rule)
            for name, rule in self.rules
            if (rule.prefilter is None or name in passing)
            and (rule.needs_file_state or known.get(name))
        ]

    def passing(self, lower: str) -> set[str]:
        """Names of the prefiltered rules that may match the block ``lower``."""
        out: set[str] = set()
        if not self.filtered:
            return out
        by_word = self.by_word
        if by_word:
            words = block_words(lower)
            keys = words & by_word.keys() if len(words) < len(by_word) else by_word.keys() & words
            for w in keys:
                for name, lit in by_word[w]:
                    if name not in out and lit in lower:
                        out.add(name)
        for name, lit in self.by_text:
            if name not in out and lit in lower:
                out.add(name)
        return out
