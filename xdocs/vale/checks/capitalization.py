"""The ``capitalization`` rule type: ``$title``, ``$sentence``, ``$lower``,
``$upper`` or a pattern, with Vale's exceptions, indicators, prefix and
threshold (after ``check/variables.go`` and jdkato/twine's ``strcase``).

A heading passes when at least ``threshold`` (0.8 by default) of its words
already match the converted form; in sentence case a first word that is not
capitalized fails at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

from xdocs.vale.base import Hit, Rule, as_bool, as_list, compile_rule_regex, exceptions_regex
from xdocs.vale.config import Config
from xdocs.vale.regexes import Budget, compile_vale
from xdocs.vale.state import FileState

SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
    "per", "the", "to", "vs", "vs.", "via", "v", "v.",
}  # fmt: skip
PREPOSITIONS = {
    "with", "from", "into", "during", "including", "until", "against", "among", "throughout",
    "despite", "towards", "upon", "concerning", "about", "over", "through", "before", "between",
    "after", "since", "without", "under", "within", "along", "following", "across", "beyond",
    "around", "down", "near", "above",
}  # fmt: skip
_WORDS = r"[\p{N}\p{L}*]+[^\s]*"
_SPLIT = regex.compile(r"[\p{N}\p{L}]+[^\s\-/]*")
_NUMBER_LIST = regex.compile(r"\d+\.")
_SANITIZE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _go_title(s: str) -> str:
    """Go's ``strings.Title``: upper-case letters that follow a non-letter."""
    out, prev_letter = [], False
    for ch in s:
        is_letter = ch.isalpha() or ch.isdigit() or ch == "_"
        out.append(ch.upper() if is_letter and not prev_letter else ch)
        prev_letter = is_letter
    return "".join(out)


def _in_vocab(vocab: list[str], word: str) -> str:
    """twine's ``inVocab``: an entry equal to the word (any case) gives the entry;
    an entry that matches as a pattern anywhere in the word keeps the word."""
    low = word.lower()
    for token in vocab:
        if token.lower() == low:
            return token
        try:
            rx = compile_vale(token)
        except Exception:
            continue
        if rx.search(word) is not None:
            return word
    return ""


def _to_title(word: str, strict: bool) -> str:
    """twine's ``ToTitle``: the first letter in title case, the rest lower-cased if strict."""
    rest = word[1:].lower() if strict else word[1:]
    return word[:1].upper() + rest


def title_case(s: str, chicago: bool, vocab: list[str]) -> str:
    """twine's ``TitleConverter.Convert`` (AP or Chicago), without POS tagging."""
    t = s.translate(_SANITIZE)
    end = len(t)
    state = {"idx": 0}

    def repl(m: regex.Match[str]) -> str:
        w = m.group(0)
        sm = w.lower()
        pos = t.find(w, state["idx"])
        if pos < 0:
            pos = m.start()
        state["idx"] = pos + len(w)
        found = _in_vocab(vocab, w)
        if found:
            return found
        prev = t[pos - 1] if pos > 0 else t[0]
        prev2 = t[pos - 2] if pos > 1 else t[0]
        nxt = t[pos + len(w)] if pos + len(w) < end else t[0]
        bounding = pos == 0 or state["idx"] == end
        small = sm in SMALL_WORDS or (chicago and sm in PREPOSITIONS)
        if (
            (not bounding and small)
            and prev in " -/"
            and prev2 not in ":-"
            and (nxt != "-" or prev == "-")
        ):
            return sm
        return _to_title(w, False)

    return _SPLIT.sub(repl, s)


def sentence_case(s: str, vocab: list[str], indicator: Callable[[str, int], bool]) -> str:
    """twine's ``SentenceConverter.Convert``: tokens keep their case until compared."""
    ps = _WORDS
    if vocab:
        ps = r"\b(?:" + "|".join(vocab) + r")\b|" + ps
    try:
        rx = compile_vale("(?i)" + ps)
    except Exception:
        rx = compile_vale("(?i)" + _WORDS)
    tokens = [m.group(0) for m in rx.finditer(s)]
    made = []
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i > 0 else ""
        entry = _in_vocab(vocab, tok)
        if entry:
            made.append(entry)
        elif i == 0 or indicator(prev, i - 1):
            made.append(_to_title(tok, True))
        else:
            made.append(tok.lower())
    return " ".join(made)


def case_sensitive(terms: list[str]) -> list[str]:
    """What Vale's ``updateExceptions`` leaves in a rule's own list when it adds no
    vocabulary: sorted longest first, each term made case-sensitive with ``(?-i)``
    unless it asks for ``(?i)`` (the Go code sorts and rewrites the slice in place)."""
    ordered = sorted(terms, key=len, reverse=True)
    return [t if t.startswith("(?i)") else "(?-i)" + t for t in ordered]


class Capitalization(Rule):
    anchors = True
    keys = frozenset({"match", "style", "exceptions", "indicators", "threshold", "vocab", "prefix"})

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Config) -> None:
        super().__init__(name, spec, path, cfg)
        self.match = str(spec.get("match", ""))
        self.style = str(spec.get("style", "AP"))
        vocab = as_bool(spec.get("vocab", True))
        own = as_list(spec.get("exceptions"))
        self.except_rx, self.except_src = exceptions_regex(own, cfg.accepted, vocab, path)
        if not (vocab and cfg.accepted):
            own = case_sensitive(own)
        # twine's UsingVocab sorts the list longest first (greedy alternation).
        self.exceptions = sorted(own + list(cfg.accepted) if vocab else own, key=len, reverse=True)
        self.indicators = as_list(spec.get("indicators"))
        self.prefix = str(spec.get("prefix", "") or "")
        self.threshold = float(spec.get("threshold", 0) or 0) or 0.8
        self.word_rx = compile_vale((self.except_src + "|" + _WORDS) if self.except_src else _WORDS)
        self.custom = None
        if self.match not in {"$title", "$sentence", "$lower", "$upper"}:
            self.custom = compile_rule_regex(self.match, path)

    def _indicator(self, word: str, idx: int) -> bool:
        if any(word.endswith(s) for s in self.indicators):
            return True
        return idx == 0 and bool(_NUMBER_LIST.search(word))

    def _strip_prefix(self, s: str) -> tuple[str, str]:
        if self.prefix:
            m = regex.match(self.prefix, s)
            if m:
                return s[: m.end()], s[m.end() :]
        return "", s

    def check(self, s: str, budget: Budget) -> tuple[str, bool]:
        exc = self.except_rx
        if self.match == "$lower":
            return s.lower(), s == s.lower() or (
                exc is not None and budget.search(exc, s) is not None
            )
        if self.match == "$upper":
            return s.upper(), s == s.upper() or (
                exc is not None and budget.search(exc, s) is not None
            )
        if self.custom is not None:
            ok = budget.search(self.custom, s) is not None or (
                exc is not None and budget.search(exc, s) is not None
            )
            return self.match, ok
        pre, body = self._strip_prefix(s)
        if self.match == "$title":
            expected = pre + title_case(body, self.style == "Chicago", self.exceptions)
        else:
            expected = pre + sentence_case(body, self.exceptions, self._indicator)
        # Whole matches, like Go's FindAllString (findall would return groups).
        exp_tokens = [m.group(0) for m in self.word_rx.finditer(expected)]
        count = words = 0.0
        for i, w in enumerate(m.group(0) for m in self.word_rx.finditer(s)):
            if (
                i >= len(exp_tokens)
                or w == exp_tokens[i]
                or exc is not None
                and budget.search(exc, w) is not None
                or self.match == "$title"
                and w == w.upper()
            ):
                count += 1
            elif self.match == "$sentence" and i == 0 and w != _go_title(w.lower()):
                return expected, False
            words += 1
        if words == 0:
            return expected, True
        return expected, (count / words) >= self.threshold

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        expected, ok = self.check(text, budget)
        if ok:
            return []
        action = dict(self.action)
        if action["name"] == "replace" and not action["params"] and self.match in {
            "$title", "$sentence"
        }:  # fmt: skip
            action["params"] = [expected]
        from xdocs.vale.base import go_format

        return [Hit(0, len(text), text, go_format(self.message, text, expected), action)]
