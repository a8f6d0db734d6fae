"""Spelling that knows technical writing: which of Harper's "misspellings" to report.

On 1,000 real Hugging Face cards Harper's SpellCheck raised 7,888 findings and a
person judged none of a sample right: it read ``lr``, ``num_epochs``, ``v2``,
``SentencePiece``, ``LunarLander``, ``PPO`` and people's user names as misspelled
English. A word is reported only when everything about it says "a typo in
prose":

* it is a plain word of at least four letters, all ASCII, lower case or
  capitalized only at the start of a sentence (``SentencePiece``, ``PPO``,
  ``Pythia`` in mid-sentence are names);
* the token around it is not code-like (:func:`~xdocs.lint.nonprose.is_code_like`:
  ``num_epochs``, ``LunarLander-v2``, ``*.onnx``) nor a hyphenated compound;
* it is not a word of the technical dictionary (``technical_words.txt``), the
  house vocabulary, ``grammar.words``, or a name from the card itself (its
  front-matter: model name, base model, datasets, owners; its file and folder
  name);
* the card does not use the same spelling twice (a typo is a slip, a repeated
  spelling is a decision: a name or a term);
* Harper's suggestion is close (at most two edits, one for words of five letters
  or fewer): a name has no near neighbour in the dictionary, a typo does;
* another English dialect does not accept it (``modelling``, ``organisation``,
  ``labelled`` are British spellings, not errors), and the paragraph is English
  (a paragraph where a quarter of the words are "misspelled" is another language).

A suggestion that would change an identifier is never offered: identifiers are
never reported.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xdocs.document import Document

WORDS_FILE = Path(__file__).with_name("technical_words.txt")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_NAME_PART = re.compile(r"[A-Za-z]{3,}")
#: front-matter keys whose values name the model, its sources and its people
NAME_KEYS = ("model_name", "name", "model_id", "base_model", "datasets", "dataset", "owners",
             "owner", "authors", "author", "developers", "model-index", "library_name",
             "tags", "language", "widget")  # fmt: skip
_SKIP_BEFORE = " \t*_[(\"'“‘`>"


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {"terms": set(), "names": set()}
    current = sections["terms"]
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word.startswith("[") and word.endswith("]"):
            current = sections.setdefault(word[1:-1], set())
        elif word:
            current.add(word)
    return {k: frozenset(v) for k, v in sections.items()}


def technical_words() -> frozenset[str]:
    """The technical dictionary (terms and names), lower case."""
    d = _dictionary()
    return d["terms"] | d["names"]


def technical_names() -> frozenset[str]:
    """The proper names of the technical dictionary (libraries, models, datasets)."""
    return _dictionary()["names"]


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def _strings(value: Any, out: list[str], depth: int = 0) -> None:
    if depth > 6 or len(out) > 2000:
        return
    if isinstance(value, str):
        out.append(value[:400])
    elif isinstance(value, dict):
        for k, v in value.items():
            _strings(v, out, depth + 1)
            if isinstance(k, str):
                out.append(k[:100])
    elif isinstance(value, list):
        for v in value[:200]:
            _strings(v, out, depth + 1)


def card_names(front_matter: Any, path: str) -> set[str]:
    """Words naming the model, its data and its people (lower case): never misspelled."""
    texts: list[str] = []
    if isinstance(front_matter, dict):
        for key in NAME_KEYS:
            if key in front_matter:
                _strings(front_matter[key], texts)
    p = Path(path)
    texts += [p.stem, p.parent.name]
    names: set[str] = set()
    for text in texts:
        names.update(w.lower() for w in _NAME_PART.findall(text))
    return names


#: a word of a declared value, as short as a language code ("da")
_DECLARED_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
#: front-matter keys whose values a card's text may repeat as written
DECLARED_KEYS = ("language", "tags", "library_name", "datasets", "base_model")


def front_matter_words(front: Any) -> set[str]:
    """The words of the front-matter's ``DECLARED_KEYS`` values, as written (case
    kept, unlike :func:`card_names`: a rule that judges capitals compares them as
    written, so ``da`` under ``language:`` excuses "da", not "DA")."""
    out: set[str] = set()
    if not isinstance(front, dict):
        return out
    for key in DECLARED_KEYS:
        value = front.get(key)
        values = value if isinstance(value, list) else [value]
        for item in values[:200]:
            if isinstance(item, str):
                out.update(_DECLARED_WORD.findall(item[:200]))
    return out


class SpellingJudge:
    """Decides, for one card, which SpellCheck lints are real typos."""

    def __init__(self, doc: Document, names: set[str], vocabulary: set[str]) -> None:
        from xdocs.lint.nonprose import nonprose
        from xdocs.lint.prosetext import masked_text

        self.doc = doc
        self.text = doc.text
        self.nonprose = nonprose(doc)
        self.known = technical_words() | names | vocabulary
        self.counts = Counter(_WORD.findall(masked_text(doc)))

    def _sentence_start(self, start: int) -> bool:
        i = start - 1
        while i >= 0 and self.text[i] in _SKIP_BEFORE:
            i -= 1
        return i < 0 or self.text[i] in ".!?:\n"

    def _token(self, start: int, end: int) -> str:
        a, b = start, end
        while a > 0 and not self.text[a - 1].isspace():
            a -= 1
        while b < len(self.text) and not self.text[b].isspace():
            b += 1
        return self.text[a:b]

    def plausible(self, start: int, end: int, suggestion: str | None) -> bool:
        """Every test but the dialect one (which needs a second linter, asked in bulk)."""
        word = self.text[start:end]
        if len(word) < 4 or not word.isascii() or not word.replace("'", "").isalpha():
            return False
        if any(c.isupper() for c in word[1:]):
            return False
        if self.nonprose.covers(start, end):
            return False
        token = self._token(start, end).strip("*_[]()\"'“”‘’.,;:!?")
        if "-" in token or "'" in word[:-2]:
            return False
        lower = word.lower()
        if lower in self.known or lower.rstrip("s") in self.known:
            return False
        if self.counts[word] >= 2:
            return False
        if word[0].isupper() and not self._sentence_start(start):
            return False
        if not suggestion:
            return False
        if suggestion.lower() == lower:
            return True  # only the case is wrong (english → English)
        limit = 1 if len(word) <= 5 else 2
        return edit_distance(lower, suggestion.lower(), limit + 1) <= limit


_OTHER_DIALECTS: dict[str, Any] = {}


def accepted_elsewhere(words: list[str], dialect: str) -> set[str]:
    """The words another English dialect spells this way (``modelling``, ``colour``)."""
    if not words:
        return set()
    import harper

    other = "AMERICAN" if dialect.upper() != "AMERICAN" else "BRITISH"
    linter = _OTHER_DIALECTS.get(other)
    if linter is None:
        linter = _OTHER_DIALECTS[other] = harper.Linter(harper.Dialect[other])
        config = {rule: False for rule in linter.get_lint_config()}
        config["SpellCheck"] = True
        linter.set_lint_config(config)
    unique = sorted(set(words))
    text = "\n\n".join(unique)
    flagged = {lint.problem_text for lint in linter.lint(text, language="plaintext")}
    return {w for w in unique if w not in flagged}
