"""``conditional``: ``first`` without a matching ``second`` (``check/conditional.go``)."""

from __future__ import annotations

from typing import Any

from xdocs.vale.base import (
    Hit,
    Rule,
    as_bool,
    as_list,
    compile_rule_regex,
    exceptions_regex,
    is_match,
    phrase_regex,
    within_phrase,
)
from xdocs.vale.config import Config
from xdocs.vale.regexes import Budget
from xdocs.vale.state import FileState


class Conditional(Rule):
    keys = frozenset({"exceptions", "first", "second", "ignorecase", "vocab"})
    needs_file_state = True

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Config) -> None:
        super().__init__(name, spec, path, cfg)
        vocab = as_bool(spec.get("vocab", True))
        exc = as_list(spec.get("exceptions"))
        self.except_rx, _ = exceptions_regex(exc, cfg.accepted, vocab, path)
        self.phrase_rx = phrase_regex(exc, cfg.accepted, vocab)
        second = str(spec.get("second", ""))
        self.second = compile_rule_regex(second, path)
        self.first = compile_rule_regex(str(spec.get("first", "")), path)
        self.second_has_group = second.count("(") > second.count("(?") + second.count(r"\(")
        # Block texts repeat across files: the text-only part of a run is kept.
        self._memo: dict[str, tuple] = {}

    def _flag(self, text: str, budget: Budget) -> list[Hit]:
        out = []
        for m in budget.finditer(self.first, text):
            s = m.group(0)
            if is_match(self.except_rx, s, budget) or within_phrase(
                self.phrase_rx, text, m.start(), m.end(), budget
            ):
                continue
            out.append(self.hit(text, m.start(), m.end()))
        return out

    def _scan(self, text: str, budget: Budget) -> tuple[list[str] | None, list]:
        """What depends on the text only: the groups ``second`` defines and the
        candidates ``first`` flags (after exceptions), or the final hits (``None``)."""
        if not self.second_has_group:
            if budget.search(self.second, text) is not None:
                return None, []
            return None, self._flag(text, budget)
        groups = [g for m in budget.finditer(self.second, text) for g in m.groups() if g]
        cands = []
        for m in budget.finditer(self.first, text):
            s = m.group(0)
            if is_match(self.except_rx, s, budget):
                continue
            if within_phrase(self.phrase_rx, text, m.start(), m.end(), budget):
                continue
            cands.append((s, self.hit(text, m.start(), m.end())))
        return groups, cands

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        memo = self._memo.get(text)
        if memo is None:
            memo = self._scan(text, budget)
            if len(text) <= 2048:
                if len(self._memo) >= 20000:
                    self._memo.clear()
                self._memo[text] = memo
        groups, cands = memo
        if groups is None:
            return cands
        state.sequences.extend(groups)
        return [h for s, h in cands if s not in state.sequences]
