"""The rule types the built-in engine runs (Vale's ``internal/check``).

existence, substitution, occurrence, repetition, consistency and conditional
live here; capitalization has its own module (``casing.py``). Each follows
the Go implementation's pattern construction (word template, ``nonword``,
``append``, ``ignorecase``, exceptions and vocabulary) so that the same YAML
matches the same text. Types we do not run (spelling, metric, sequence,
script, readability) load as :class:`Unsupported` and are listed once in the
result's ``skipped_rules``.
"""

from __future__ import annotations

import regex

from xdocs.vale import nlp
from xdocs.vale.base import (
    Hit,
    Rule,
    as_bool,
    as_int,
    as_list,
    as_map,
    compile_rule_regex,
    exceptions_regex,
    go_format,
    is_match,
    literal_prefilter,
    phrase_regex,
    to_sentence,
    within_phrase,
)  # fmt: skip
from xdocs.vale.regexes import Budget, compile_vale

WORD_TEMPLATE = r"(?m)\b(?:%s)\b"
NONWORD_TEMPLATE = r"(?m)(?:%s)"
_CAPTURE_OPEN = regex.compile(r"(?<!\\)\((?!\?)")
_HAS_INDEX = regex.compile(r"\$\d+")


def _template(cfg, word: bool) -> str:
    if word:
        return cfg.word_template or WORD_TEMPLATE
    return NONWORD_TEMPLATE


def _fill(template: str, body: str) -> str:
    return template.replace("%s", body, 1)


def _phrase(s: str) -> bool:
    """Vale's ``IsPhrase``: letters, digits and spaces only (so not a regex)."""
    return bool(regex.fullmatch(r"[\p{L}\p{N}\s'’-]*", s))


class Existence(Rule):
    anchors = True
    keys = frozenset({"raw", "tokens", "exceptions", "append", "ignorecase", "nonword", "vocab"})

    def __init__(self, name, spec, path, cfg) -> None:
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
        tmpl = _template(cfg, word)
        src = tmpl + raw if as_bool(spec.get("append", False)) else raw + tmpl
        if as_bool(spec.get("ignorecase", False)):
            src = "(?i)" + src
        self.pattern = compile_rule_regex(_fill(src, "|".join(tokens)), path)
        if not raw and tokens:
            self.prefilter = literal_prefilter(tokens, word and not cfg.word_template)

    def run(self, text, state, budget: Budget) -> list[Hit]:
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


class Substitution(Rule):
    anchors = True
    keys = frozenset({"exceptions", "swap", "ignorecase", "nonword", "vocab", "capitalize", "pos"})

    def __init__(self, name, spec, path, cfg) -> None:
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
        src = _fill(_template(cfg, not as_bool(spec.get("nonword", False))), "|".join(groups))
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

    def run(self, text, state, budget: Budget) -> list[Hit]:
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
    if _phrase(expected):
        return expected == observed
    try:
        rx = compile_vale("^(?:" + expected + ")$")
    except Exception:
        return expected == observed
    return rx.search(observed) is not None


def _is_code(s: str) -> bool:
    t = s.strip()
    return bool(t) and (set(t) <= {"*"} or (t.startswith("`") and t.endswith("`")))


class Occurrence(Rule):
    anchors = True
    keys = frozenset({"token", "max", "min", "ignorecase"})

    def __init__(self, name, spec, path, cfg) -> None:
        super().__init__(name, spec, path, cfg)
        self.max = as_int(spec.get("max", 0) or 0, "max", path)
        self.min = as_int(spec.get("min", 0) or 0, "min", path)
        src = ("(?i)" if as_bool(spec.get("ignorecase", False)) else "") + "(?:" + str(
            spec.get("token", "")) + ")"  # fmt: skip
        self.pattern = compile_rule_regex(src, path)

    def run(self, text, state, budget: Budget) -> list[Hit]:
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


class Repetition(Rule):
    anchors = True
    keys = frozenset({"tokens", "max", "ignorecase", "alpha", "vocab", "exceptions"})

    def __init__(self, name, spec, path, cfg) -> None:
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

    def run(self, text, state, budget: Budget) -> list[Hit]:
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


def _tokens(rx, ignorecase: bool, text: str, budget: Budget) -> tuple[list, bool]:
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


class Consistency(Rule):
    keys = frozenset({"either", "nonword", "ignorecase"})
    needs_file_state = True

    def __init__(self, name, spec, path, cfg) -> None:
        spec = {k: v for k, v in spec.items() if k in self.keys or k in _COMMON}
        super().__init__(name, spec, path, cfg)
        either = as_map(spec.get("either"), "either", path)
        tmpl = _template(cfg, not as_bool(spec.get("nonword", False)))
        if as_bool(spec.get("ignorecase", False)):
            tmpl = "(?i)" + tmpl
        self.steps = []
        count = 0
        for v1, v2 in either.items():
            count += 2
            subs = (f"{name}#{count}", f"{name}#{count + 1}")
            src = _fill(tmpl, f"(?P<g{count}>{v1})|(?P<g{count + 1}>{v2})")
            lits = literal_prefilter([str(v1), str(v2)])
            self.steps.append((compile_rule_regex(src, path), subs, (f"g{count}", f"g{count + 1}"),
                               None if lits is None else [lit for _, lit in lits]))  # fmt: skip
        # A step whose literals are all absent finds nothing (see Plan): skip it, or the rule.
        if self.steps and all(step[3] is not None for step in self.steps):
            self.prefilter = [("", lit) for step in self.steps for lit in step[3]]

    def run(self, text, state, budget: Budget) -> list[Hit]:
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


_COMMON = {"extends", "message", "description", "level", "scope", "link", "limit", "name",
           "action", "path", "matchcase"}  # fmt: skip


class Conditional(Rule):
    keys = frozenset({"exceptions", "first", "second", "ignorecase", "vocab"})
    needs_file_state = True

    def __init__(self, name, spec, path, cfg) -> None:
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

    def _flag(self, text, budget) -> list[Hit]:
        out = []
        for m in budget.finditer(self.first, text):
            s = m.group(0)
            if is_match(self.except_rx, s, budget) or within_phrase(
                self.phrase_rx, text, m.start(), m.end(), budget
            ):
                continue
            out.append(self.hit(text, m.start(), m.end()))
        return out

    def _scan(self, text, budget: Budget) -> tuple[list[str] | None, list]:
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

    def run(self, text, state, budget: Budget) -> list[Hit]:
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


WHY_NOT_RUN = {
    "script": "'script' rules are Tengo programs and no Tengo interpreter exists for Python",
    "sequence": "'sequence' rules need Vale's part-of-speech tagger, which the built-in "
    "engine does not have (see docs/vale.md)",
    "metric": "'metric' rules are not implemented by the built-in engine",
    "readability": "'readability' rules are not implemented by the built-in engine",
}


class Unsupported(Rule):
    """A rule type the built-in engine does not run; kept so it can be listed."""

    supported = False

    @property
    def unsupported_reason(self) -> str:
        return WHY_NOT_RUN.get(self.extends, f"'{self.extends}' rules are not run")

    def run(self, text, state, budget: Budget) -> list[Hit]:
        return []
