"""``repetition``: the same token twice in a row (``check/repetition.go``)."""

from __future__ import annotations

from typing import Any

import regex

from xdocs.vale import nlp
from xdocs.vale.base import (
    Hit,
    Rule,
    as_bool,
    as_int,
    as_list,
    compile_rule_regex,
    exceptions_regex,
    go_format,
    is_match,
    phrase_regex,
    within_phrase,
)
from xdocs.vale.config import Config
from xdocs.vale.regexes import Budget
from xdocs.vale.state import FileState


class Repetition(Rule):
    anchors = True
    keys = frozenset({"tokens", "max", "ignorecase", "alpha", "vocab", "exceptions"})

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Config) -> None:
        super().__init__(name, spec, path, cfg)
        self.max = as_int(spec.get("max", 0) or 0, "max", path)
        self.ignorecase = as_bool(spec.get("ignorecase", False))
        self.alpha = as_bool(spec.get("alpha", False))
        vocab = as_bool(spec.get("vocab", True))
        exc = as_list(spec.get("exceptions"))
        self.except_rx, _ = exceptions_regex(exc, cfg.accepted, vocab, path)
        self.phrase_rx = phrase_regex(exc, cfg.accepted, vocab)
        src = (
            ("(?i)" if self.ignorecase else "") + "(" + "|".join(as_list(spec.get("tokens"))) + ")"
        )
        self.pattern = compile_rule_regex(src, path)

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        out: list[Hit] = []
        found, repeats = _tokens(self.pattern, self.ignorecase, text, budget)
        # Nothing is reported unless two consecutive tokens are equal.
        if not repeats:
            return out
        prev, ploc, count = "", None, 0
        for m in found:
            curr = m.group(0).strip()
            if self.ignorecase:
                hit = curr != "" and curr.casefold() == prev.casefold()
            else:
                hit = curr != "" and curr == prev
            hit = hit and (not self.alpha or (curr.isalpha()))
            if hit:
                count += 1
            if hit and count > self.max and ploc is not None:
                span = text[ploc[0] : m.end()]
                if (
                    len([s for s in nlp.segment(span) if s.strip()]) == 1
                    and not is_match(self.except_rx, span, budget)
                    and not within_phrase(self.phrase_rx, text, ploc[0], m.end(), budget)
                ):
                    h = self.hit(text, ploc[0], m.end())
                    h.message = go_format(self.message, curr)
                    out.append(h)
                    count = 0
            ploc = (m.start(), m.end())
            prev = curr
        return out


_LAST_TOKENS: dict[tuple, tuple[str, list, bool]] = {}


def _tokens(
    rx: regex.Pattern[str], ignorecase: bool, text: str, budget: Budget
) -> tuple[list, bool]:
    """Token matches of a repetition pattern, and whether two neighbours are equal.

    Styles often ship the same repetition pattern (``[^\\s]+``) several times;
    rules run one after another on a block, so the last result is reused.
    """
    key = (rx, ignorecase)
    last = _LAST_TOKENS.get(key)
    if last is not None and last[0] is text:
        return last[1], last[2]
    found = budget.finditer(rx, text)
    vals = [m.group(0).strip() for m in found]
    if ignorecase:
        vals = [v.casefold() for v in vals]
    repeats = any(a == b and a for a, b in zip(vals, vals[1:], strict=False))
    if len(_LAST_TOKENS) > 64:
        _LAST_TOKENS.clear()
    _LAST_TOKENS[key] = (text, found, repeats)
    return found, repeats
