"""``consistency``: both forms of an ``either`` pair in a file (``check/consistency.go``)."""

from __future__ import annotations

from typing import Any

from xdocs.vale.base import Hit, Rule, as_bool, as_map, compile_rule_regex, literal_prefilter
from xdocs.vale.checks.common import (
    COMMON_KEYS,
    fill,
    template,
)
from xdocs.vale.config import Config
from xdocs.vale.regexes import Budget
from xdocs.vale.state import FileState


class Consistency(Rule):
    keys = frozenset({"either", "nonword", "ignorecase"})
    needs_file_state = True

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Config) -> None:
        spec = {k: v for k, v in spec.items() if k in self.keys or k in COMMON_KEYS}
        super().__init__(name, spec, path, cfg)
        either = as_map(spec.get("either"), "either", path)
        tmpl = template(cfg, not as_bool(spec.get("nonword", False)))
        if as_bool(spec.get("ignorecase", False)):
            tmpl = "(?i)" + tmpl
        self.steps = []
        count = 0
        for v1, v2 in either.items():
            count += 2
            subs = (f"{name}#{count}", f"{name}#{count + 1}")
            src = fill(tmpl, f"(?P<g{count}>{v1})|(?P<g{count + 1}>{v2})")
            lits = literal_prefilter([str(v1), str(v2)])
            self.steps.append((compile_rule_regex(src, path), subs, (f"g{count}", f"g{count + 1}"),
                               None if lits is None else [lit for _, lit in lits]))  # fmt: skip
        # A step whose literals are all absent finds nothing (see Plan): skip it, or the rule.
        if self.steps and all(step[3] is not None for step in self.steps):
            self.prefilter = [("", lit) for step in self.steps for lit in step[3]]

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        out: list[Hit] = []
        lower = text.lower()
        for rx, subs, groups, lits in self.steps:
            if lits is not None and not any(lit in lower for lit in lits):
                continue
            matches = budget.finditer(rx, text)
            loc = None
            for m in matches:
                for g, sub in zip(groups, subs, strict=True):
                    if m.start(g) >= 0:
                        loc = (m.start(g), m.end(g))
                        state.sequences.append(sub)
            if matches and all(s in state.sequences for s in subs) and loc is not None:
                out.append(self.hit(text, loc[0], loc[1]))
        return out
