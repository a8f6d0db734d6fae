"""``occurrence``: too many (or too few) matches of ``token`` (``check/occurrence.go``)."""

from __future__ import annotations

from typing import Any

from xdocs.vale.base import Hit, Rule, as_bool, as_int, compile_rule_regex, go_format
from xdocs.vale.config import Config
from xdocs.vale.regexes import Budget
from xdocs.vale.state import FileState


def _is_code(s: str) -> bool:
    t = s.strip()
    return bool(t) and (set(t) <= {"*"} or (t.startswith("`") and t.endswith("`")))


class Occurrence(Rule):
    anchors = True
    keys = frozenset({"token", "max", "min", "ignorecase"})

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Config) -> None:
        super().__init__(name, spec, path, cfg)
        self.max = as_int(spec.get("max", 0) or 0, "max", path)
        self.min = as_int(spec.get("min", 0) or 0, "min", path)
        src = ("(?i)" if as_bool(spec.get("ignorecase", False)) else "") + "(?:" + str(
            spec.get("token", "")) + ")"  # fmt: skip
        self.pattern = compile_rule_regex(src, path)

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        locs = [m for m in budget.finditer(self.pattern, text)]
        n = len(locs)
        if not ((self.max > 0 and n > self.max) or (self.min > 0 and n < self.min)):
            return []
        msg = go_format(self.message, n)
        if n == 0:
            return [Hit(0, 0, "", msg, dict(self.action))]
        for m in locs:
            if not m.group(0).strip() or _is_code(m.group(0)):
                continue
            h = self.hit(text, m.start(), m.end())
            h.message = msg
            return [h]
        return []
