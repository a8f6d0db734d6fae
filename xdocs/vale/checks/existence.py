"""``existence``: flag any of ``tokens`` (Vale's ``check/existence.go``)."""

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
    literal_prefilter,
    phrase_regex,
    within_phrase,
)
from xdocs.vale.checks.common import fill, template
from xdocs.vale.config import Config
from xdocs.vale.regexes import Budget
from xdocs.vale.state import FileState


class Existence(Rule):
    anchors = True
    keys = frozenset({"raw", "tokens", "exceptions", "append", "ignorecase", "nonword", "vocab"})

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Config) -> None:
        super().__init__(name, spec, path, cfg)
        tokens = [t for t in as_list(spec.get("tokens")) if t.strip()]
        raw = "".join(as_list(spec.get("raw")))
        nonword = as_bool(spec.get("nonword", False))
        vocab = as_bool(spec.get("vocab", True))
        self.except_rx, _ = exceptions_regex(
            as_list(spec.get("exceptions")), cfg.accepted, vocab and not nonword, path
        )
        self.phrase_rx = phrase_regex(
            as_list(spec.get("exceptions")), cfg.accepted, vocab and not nonword
        )
        word = not nonword and len(as_list(spec.get("tokens"))) > 0
        tmpl = template(cfg, word)
        src = tmpl + raw if as_bool(spec.get("append", False)) else raw + tmpl
        if as_bool(spec.get("ignorecase", False)):
            src = "(?i)" + src
        self.pattern = compile_rule_regex(fill(src, "|".join(tokens)), path)
        if not raw and tokens:
            self.prefilter = literal_prefilter(tokens, word and not cfg.word_template)

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        out = []
        for m in budget.finditer(self.pattern, text):
            if m.start() == m.end() and not m.group(0):
                continue
            observed = m.group(0).strip()
            if is_match(self.except_rx, observed, budget):
                continue
            if self.phrase_rx is not None and within_phrase(
                self.phrase_rx, text, m.start(), m.end(), budget
            ):
                continue
            out.append(self.hit(text, m.start(), m.end()))
        return out
