"""What every rule type shares: the definition keys, messages and raw alerts.

A rule is compiled once (patterns, scope, exceptions) and then run on many
blocks; ``run`` returns :class:`Hit` objects whose span indexes the block's
text. Locating a hit in the file is the engine's job (see ``locate.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import regex

from xdocs.vale.errors import ValeError
from xdocs.vale.regexes import Budget, compile_vale
from xdocs.vale.scope import Scope

COMMON_KEYS = {
    "extends", "message", "description", "level", "scope", "link", "limit", "name", "action",
    "selector", "matchcase", "path", "tests",
}  # fmt: skip
LEVELS = ("suggestion", "warning", "error")
_VERB = re.compile(r"%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])")


@dataclass
class Hit:
    """One match of a rule inside a block: [start, end) in block text."""

    start: int
    end: int
    match: str
    message: str
    action: dict[str, Any] = field(default_factory=dict)
    check: str | None = None


def go_format(msg: str, *subs: object) -> str:
    """Vale's ``FormatMessage``/``CondSprintf``: fill ``%s``/``%d``/``%v`` in order."""
    if not subs or "%" not in msg:
        return msg
    it = iter(subs)
    last: list[object] = [subs[-1]]

    def fill(m: re.Match[str]) -> str:
        if m.group(1) == "%":
            return "%"
        try:
            v = next(it)
            last[0] = v
        except StopIteration:
            return f"%!{m.group(1)}(MISSING)"
        return str(v)

    return _VERB.sub(fill, msg)


def to_sentence(words: list[str], conj: str = "or") -> str:
    """Vale's ``ToSentence``: ``'a'``, ``'a' or 'b'``, ``'a', 'b', or 'c'``."""
    q = [f"'{w}'" for w in words]
    if not q:
        return ""
    if len(q) == 1:
        return q[0]
    if len(q) == 2:
        return f"{q[0]} {conj} {q[1]}"
    return ", ".join(q[:-1]) + f", {conj} " + q[-1]


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return ["" if v is None else str(v) for v in value]
    return [str(value)]


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "yes", "1", "on"}
    return bool(value)


def as_map(value: Any, key: str, path: str) -> dict[Any, Any]:
    """A mapping key, as Vale's weakly typed decoding reads it.

    mapstructure merges a list of one-entry maps (``- foo: bar``) into one
    map, later entries winning; anything else that is not a map is an error.
    """
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        merged: dict[Any, Any] = {}
        for item in value:
            merged.update(item)
        return merged
    raise ValeError(f"'{key}' must be a mapping (or a list of mappings) of a: b", path)


def as_int(value: Any, key: str, path: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValeError(f"'{key}' must be an integer, got {value!r}", path) from None


def exceptions_regex(
    terms: list[str], accepted: list[str], vocab: bool, path: str
) -> tuple[regex.Pattern[str] | None, str]:
    """``updateExceptions``: one ``\\b(?:...)\\b`` pattern, longest terms first."""
    items = list(terms) + (list(accepted) if vocab else [])
    if not items:
        return None, ""
    items.sort(key=len, reverse=True)
    items = [t if t.startswith("(?i)") else "(?-i)" + t for t in items]
    src = r"(?m)\b(?:" + "|".join(items) + r")\b"
    return compile_rule_regex(src, path), src


def phrase_regex(terms: list[str], accepted: list[str], vocab: bool) -> regex.Pattern[str] | None:
    """Vale's ``buildPhraseRe``: the multi-word exceptions, matched case-insensitively."""
    items = list(terms) + (list(accepted) if vocab else [])
    phrases = [t for t in items if " " in t or "\t" in t or r"\s" in t]
    if not phrases:
        return None
    try:
        return compile_vale(r"(?i)\b(?:" + "|".join(phrases) + r")\b")
    except Exception:
        return None


def compile_rule_regex(src: str, path: str) -> regex.Pattern[str]:
    """Compile a rule's pattern; an invalid one is a rule error naming the file."""
    try:
        return compile_vale(src)
    except Exception as exc:  # regex.error and friends
        raise ValeError(f"invalid regular expression {src!r}: {exc}", path) from None


def within_phrase(
    rx: regex.Pattern[str] | None, text: str, start: int, end: int, budget: Budget
) -> bool:
    if rx is None:
        return False
    return any(m.start() <= start and end <= m.end() for m in budget.finditer(rx, text))


def is_match(rx: regex.Pattern[str] | None, text: str, budget: Budget) -> bool:
    return rx is not None and budget.search(rx, text) is not None


_LITERAL = re.compile(r"[\w \-'’]+")
_GROUP = re.compile(r"\(\?:([\w \-'’|]+)\)")
_WORDS = re.compile(r"[\w'’]+")
# Word runs as the rules' own engine sees them: a literal that starts a match
# between ``\b`` boundaries starts a whole run of the block ("'data set'" has the
# run "data", which ``[\w']+`` merged into "'data" and so hid the match).
_RUNS = regex.compile(r"\w+")


def _split_top(tok: str) -> list[str] | None:
    """Split a pattern on top-level ``|``; ``None`` if brackets do not balance."""
    parts, depth, cls, cur, i = [], 0, False, [], 0
    while i < len(tok):
        c = tok[i]
        if c == "\\" and i + 1 < len(tok):
            cur.append(tok[i : i + 2])
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    if depth or cls:
        return None
    parts.append("".join(cur))
    return parts


def _required(alt: str) -> tuple[str, str] | None:
    """The longest text every match of ``alt`` must contain, as (first word, literal)."""
    if _LITERAL.fullmatch(alt):
        low = alt.strip().lower()
        if not _WORDS.search(low):
            return None
        run = _RUNS.search(low)
        first = run.group(0) if run else ""
        return (first if first.isascii() else "", low)
    m = _GROUP.fullmatch(alt)
    if m:
        return None  # an alternation group: the caller splits it
    runs, cur, depth, i, cls = [], [], 0, 0, False
    while i < len(alt):
        c = alt[i]
        nxt = alt[i + 1] if i + 1 < len(alt) else ""
        if c == "\\":
            runs.append("".join(cur))
            cur = []
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
            runs.append("".join(cur))
            cur = []
        elif c in "()":
            depth += 1 if c == "(" else -1
            runs.append("".join(cur))
            cur = []
        elif depth == 0 and _LITERAL.fullmatch(c) and nxt not in ("?", "*", "{"):
            cur.append(c)
        else:
            runs.append("".join(cur))
            cur = []
        i += 1
    runs.append("".join(cur))
    best = max((r.strip() for r in runs), key=len, default="")
    if len(best) < 3:
        return None
    return ("", best.lower())


def literal_prefilter(tokens: list[str], bounded: bool = True) -> list[tuple[str, str]] | None:
    """(first word, literal) pairs that a match must contain, or ``None``.

    Vale skips a rule whose pattern cannot match a block by a literal test on
    the lower-cased text. Every token (and every top-level alternative) must
    yield a literal, or the rule is always run. An empty first word means
    "test by substring only"; that is all a pattern not wrapped in ``\b``
    (``bounded=False``: ``nonword`` rules, a custom ``WordTemplate``) can use,
    since its literal may start inside a word.
    """
    out: list[tuple[str, str]] = []
    for tok in tokens:
        tok = tok.strip()
        m = _GROUP.fullmatch(tok)
        alts = m.group(1).split("|") if m else _split_top(tok)
        if not alts:
            return None
        for alt in alts:
            req = _required(alt.strip())
            if req is None:
                return None
            out.append(req if bounded else ("", req[1]))
    return out or None


def block_words(lower: str) -> set[str]:
    return set(_RUNS.findall(lower))


class Rule:
    """The shared part of every rule type (Vale's ``Definition``)."""

    keys: frozenset[str] = frozenset()
    supported = True
    any_keys = False  # True: keys this engine does not know are ignored, not errors
    unsupported_reason = ""
    needs_file_state = False
    prefilter: list[tuple[str, str]] | None = None
    _index: dict[str, list[str]] | None = None

    def may_match(self, lower: str, words: set[str], hinted: bool = True) -> bool:
        """False only when no literal of the rule occurs in the block."""
        pre = self.prefilter
        if pre is None:
            return True
        index = self._index
        if index is None:
            index = {}
            for first, lit in pre:
                index.setdefault(first, []).append(lit)
            self._index = index
        if hinted:
            for first in words & index.keys() if len(words) < len(index) else index.keys() & words:
                if any(lit in lower for lit in index[first]):
                    return True
        return any(lit in lower for lit in index.get("", ()))

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Any) -> None:
        self.name = name
        self.path = path
        self.extends = str(spec.get("extends"))
        self.message = str(spec.get("message", ""))
        self.description = str(spec.get("description", "") or "")
        self.level = str(spec.get("level", "suggestion") or "suggestion")
        if self.level not in LEVELS:
            raise ValeError(f"'level' must be one of {list(LEVELS)}", path)
        self.link = str(spec.get("link", "") or "")
        self.limit = as_int(spec.get("limit", 0) or 0, "limit", path)
        scope = as_list(spec.get("scope")) or ["text"]
        for s in scope:
            if " " in s.split("&")[0].strip().lstrip("~").split(".")[0]:
                raise ValeError(f"scope '{s}' contains spaces.", path)
        self.scope_values = scope
        self.scope = Scope(scope)
        action = spec.get("action") or {}
        if not isinstance(action, dict):
            raise ValeError("'action' must be a mapping with 'name' and 'params'", path)
        self.action = {
            "name": str(action.get("name", "") or ""),
            "params": as_list(action.get("params")),
        }
        self.matchcase = as_bool(spec.get("matchcase", False))
        unknown = sorted(k for k in spec if k not in COMMON_KEYS and k not in self.keys)
        if unknown and self.supported and not self.any_keys:
            raise ValeError(f"unknown key '{unknown[0]}' for a rule of type '{self.extends}'", path)

    def run(self, text: str, state: Any, budget: Budget) -> list[Hit]:  # pragma: no cover
        raise NotImplementedError

    # --- helpers shared by the types -------------------------------------------
    def fixed(self, match: str) -> str:
        """The replacement text Vale substitutes for the second ``%s``."""
        name, params = self.action["name"], self.action["params"]
        if name == "replace":
            opts = params
        elif name == "remove":
            opts = [""]
        elif name == "edit" and params:
            opts = [_edit(params, match)]
        else:
            opts = []
        if len(opts) == 1:
            return opts[0]
        if len(opts) > 1:
            return to_sentence(opts, "or")
        return match

    def hit(self, text: str, start: int, end: int) -> Hit:
        match = text[start:end]
        if self.action["name"]:
            msg = go_format(self.message, match, self.fixed(match))
        else:
            msg = go_format(self.message, match)
        return Hit(start, end, match, msg, dict(self.action))


def _edit(params: list[str], match: str) -> str:
    op = params[0]
    if op == "truncate" and len(params) > 1:
        return match.split(params[1])[0]
    if op == "trim" and len(params) > 1:
        return match.strip(params[1])
    if op == "trim_right" and len(params) > 1:
        return match.rstrip(params[1])
    if op == "trim_left" and len(params) > 1:
        return match.lstrip(params[1])
    if op == "split" and len(params) > 2:
        parts = match.split(params[1])
        idx = int(params[2]) if params[2].isdigit() else 0
        return parts[idx] if idx < len(parts) else match
    if op == "regex" and len(params) > 2:
        try:
            return compile_vale(params[1]).sub(params[2].replace("$", "\\"), match)
        except Exception:
            return match
    return match
