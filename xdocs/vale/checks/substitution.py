"""``substitution``: suggest the value of ``swap`` for its key (``check/substitution.go``)."""

from __future__ import annotations

from typing import Any

import regex

from xdocs.vale.base import (
    Hit,
    Rule,
    as_bool,
    as_list,
    as_map,
    compile_rule_regex,
    exceptions_regex,
    go_format,
    is_match,
    literal_prefilter,
    to_sentence,
)
from xdocs.vale.checks.common import fill, phrase, template
from xdocs.vale.config import Config
from xdocs.vale.regexes import Budget, compile_vale
from xdocs.vale.state import FileState

_CAPTURE_OPEN = regex.compile(r"(?<!\\)\((?!\?)")
_HAS_INDEX = regex.compile(r"\$\d+")


class Substitution(Rule):
    anchors = True
    keys = frozenset({"exceptions", "swap", "ignorecase", "nonword", "vocab", "capitalize", "pos"})

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Config) -> None:
        super().__init__(name, spec, path, cfg)
        self.ignorecase = as_bool(spec.get("ignorecase", False))
        self.capitalize = as_bool(spec.get("capitalize", False))
        self.except_rx, _ = exceptions_regex(
            as_list(spec.get("exceptions")), cfg.accepted, as_bool(spec.get("vocab", True)), path
        )
        swap = as_map(spec.get("swap"), "swap", path)
        terms = sorted(((str(k), "" if v is None else str(v)) for k, v in swap.items()),
                       key=lambda kv: len(kv[0]), reverse=True)  # fmt: skip
        self.keys_src = [k for k, _ in terms]
        self.repl = [v for _, v in terms]
        groups = []
        for key in self.keys_src:
            opens = key.count("(")
            if opens != key.count("(?") + key.count(r"\("):
                key = _CAPTURE_OPEN.sub("(?:", key)
            groups.append("(" + key + ")")
        src = fill(template(cfg, not as_bool(spec.get("nonword", False))), "|".join(groups))
        if self.ignorecase:
            src = "(?i)" + src
        self.pattern = compile_rule_regex(src, path)
        bounded = not as_bool(spec.get("nonword", False)) and not cfg.word_template
        self.prefilter = literal_prefilter(self.keys_src, bounded)
        if self.action["name"] == "replace" and not self.action["params"]:
            # The suggestions arrive quoted (ToSentence), so a quoted first %s
            # loses its quotes: Vale's convertMessage "don't double quote". Vale
            # only does it when two '%s' are quoted; a message such as "Did you
            # mean '%s'?" then shows ''x'', which style packages' own tests
            # (proselint) do not expect, so the first %s is unquoted whenever it
            # is quoted. "Use %s instead of '%s'." keeps its quotes either way.
            msg = self.message
            first = msg.find("%s")
            if (
                first > 0
                and msg[first - 1] in "'\""
                and msg[first + 2 : first + 3] == msg[first - 1]
            ):
                msg = msg[: first - 1] + "%s" + msg[first + 3 :]
            self.replace_message = msg
        else:
            self.replace_message = self.message

    def _expected(self, index: int, observed: str) -> str:
        expected = self.repl[index]
        if self.capitalize and observed == observed[:1].upper() + observed[1:]:
            expected = expected[:1].upper() + expected[1:]
        if not _HAS_INDEX.search(expected):
            return expected
        src = ("(?i)" if self.ignorecase else "") + self.keys_src[index]
        try:
            return compile_vale(src).sub(_HAS_INDEX.sub(lambda m: "\\" + m.group(0)[1:], expected),
                                         observed)  # fmt: skip
        except Exception:
            return expected

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        out: list[Hit] = []
        if budget.search(self.pattern, text) is None:
            return out
        for m in budget.finditer(self.pattern, text):
            for gi in range(1, len(self.repl) + 1):
                s = m.start(gi)
                if s < 0:
                    continue
                e = m.end(gi)
                observed = text[s:e]
                expected = self._expected(gi - 1, observed)
                if self.action["name"] == "replace":
                    same = observed in _options(expected)
                else:
                    same = _match_token(expected, observed)
                if same or is_match(self.except_rx, observed, budget):
                    continue
                action = dict(self.action)
                message = self.message
                if action["name"] == "replace" and not action["params"]:
                    params = _options(expected)
                    if self.capitalize and observed == observed[:1].upper() + observed[1:]:
                        params = [p[:1].upper() + p[1:] for p in params]
                    action = {"name": "replace", "params": params}
                    expected = to_sentence(params, "or")
                    message = self.replace_message
                msg = go_format(message, expected, observed)
                out.append(Hit(s, e, observed, msg, action))
        return out


def _options(value: str) -> list[str]:
    temp = value.replace(r"\|", "\x00")
    return [o.replace("\x00", "|") for o in temp.split("|") if o != ""]


def _match_token(expected: str, observed: str) -> bool:
    if phrase(expected):
        return expected == observed
    try:
        rx = compile_vale("^(?:" + expected + ")$")
    except Exception:
        return expected == observed
    return rx.search(observed) is not None
