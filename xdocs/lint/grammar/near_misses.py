"""Slips of the keyboard that no list names: a non-word one edit from a word.

codespell's list (:mod:`.misspellings`) names the typos people make often;
a slip nobody made before ("obviousely", "custmized", "improvemed") is on no list.
Harper's SpellCheck finds those, but it calls every word its dictionary lacks a
misspelling, and on model cards most such words are names, codes and real words
built from other words ("undertrained", "foreseeably", "dataframe"): right about
half the time (docs/lint.md, sample 10), so it is off by default. This pass asks
more of a word before it calls it a slip, each test a reason a careful editor
would give:

* it is the writer's prose, lower case, at least :data:`MIN_LETTERS` letters and a
  whole token: shorter words and capitalized ones are codes, abbreviations and
  names on model cards (``senter``, ``Changhan``), and a word glued to an emoji or
  code (``D🧨iffusers``, ``obviousely_run``) is part of a name; not a table cell
  (tables name things: ``testset``, ``langpair``), not code-like, not quoted;
* the card spells it once (across all its text, links and code included: a name
  recurs, a slip does not) and it is not one of the card's own names, the house
  vocabulary, the technical dictionary, or codespell's list (that rule reports
  it with codespell's correction);
* no English dictionary knows it: neither Harper's for the house dialect (with the
  house vocabulary), nor Hunspell's ``en_US`` (the copy spylls ships, so every machine
  judges alike), nor Harper's for the other English dialect;
* it is not built from known words (:func:`built_from_words`): a prefix and a
  word (``undertrained``), a word and a suffix (``foreseeably``), two words of
  four letters or more (``dataframe``; "improve" + "med" is a word and an
  abbreviation, not a compound);
* Harper's best suggestion is one slip away: the same first letter, and one edit
  (two for words of :data:`LONG_WORD` letters or more), and no suggestion is the
  word with letters stuck to one end (``dialogpt`` is "dialog" + "pt", a name).

The suggestion is offered as the fix; ``xdocs fix`` does not apply it unattended
(a slip may have meant another word: "improvemed" is "improved" or "improvement").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding, Severity
from xdocs.rules import LintContext, Rule

if TYPE_CHECKING:
    from spylls.hunspell import Dictionary

    from xdocs.card.model import ModelCard

RULE = Rule(
    "grammar/spelling/NotAWord",
    "A lower-case word no English dictionary knows is one slip away from a word that is.",
    "A typo reads as carelessness about the model too. Only a word no dictionary knows, "
    "not built from known words, spelled once, and one edit from a known word is "
    "reported, so names, identifiers and technical coinages are left alone.",
    "Performance is obviousely dependent on the translation model.",
    Severity.WARNING,
    "Correct the spelling.",
    good="Performance is obviously dependent on the translation model.",
)

#: the shortest word judged (shorter unknown words on model cards are codes and names)
MIN_LETTERS = 7
#: words this long may be two edits from the word meant
LONG_WORD = 9
#: a candidate: a lower-case word that is a whole token (not glued to code or emoji)
_CANDIDATE = re.compile(
    r"(?<![^\s(\[\"'“‘*_])[a-z]{" + str(MIN_LETTERS) + r",}(?![’'][a-z])(?=[\s)\]\"'”’*_.,;:!?]|$)"
)
#: a single word in brackets is a label: a handle, a tool, an abbreviation ("(cgalibern)")
_BRACKETED = re.compile(r"[(\[][a-z]+[)\]]")
PREFIXES = ("anti", "auto", "bi", "co", "counter", "cross", "de", "dis", "hyper", "inter", "intra",
            "macro", "meta", "micro", "mid", "mini", "mis", "mono", "multi", "neuro", "non", "off",
            "out", "over", "poly", "post", "pre", "pseudo", "re", "self", "semi", "sub", "super",
            "tele", "trans", "tri", "ultra", "un", "under", "up")  # fmt: skip
#: suffix → the endings its stem may have lost ("foreseeably" is "foreseeable" + "ly")
SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ably", ("able",)), ("ibly", ("ible",)), ("ible", ("", "e")), ("ally", ("al", "")),
    ("ly", ("", "le")),
    ("izing", ("", "e", "ize")), ("ized", ("", "e", "ize")), ("ization", ("", "e", "ize")),
    ("ising", ("", "e", "ise")), ("ised", ("", "e", "ise")), ("ize", ("", "e")),
    ("ise", ("", "e")), ("ified", ("", "e", "y")), ("ify", ("", "e", "y")),
    ("ing", ("", "e")), ("ed", ("", "e")), ("ers", ("", "e")), ("er", ("", "e")),
    ("ness", ("", "y")), ("ments", ("",)), ("ment", ("",)), ("ity", ("", "e")),
    ("less", ("",)), ("ful", ("",)), ("wise", ("",)), ("like", ("",)), ("able", ("", "e")),
    ("ations", ("e", "ate")), ("ation", ("e", "ate")), ("al", ("", "e")), ("es", ("",)),
    ("s", ("",)),
)  # fmt: skip
#: the shortest part of a compound ("data" + "frame"); shorter parts are abbreviations
COMPOUND_PART = 4
_TABLE_ROW = re.compile(r"[ \t]*\|")
_LETTERS = re.compile(r"[a-z]+")
#: the most words one card sends to the dictionaries (a card with more unknown words
#: than this is not prose a person typed; the rest of it is not judged)
MAX_CANDIDATES = 2_000
#: words whose verdict this process remembers
MEMO_LIMIT = 100_000


@lru_cache(maxsize=1)
def hunspell() -> Dictionary:
    """The ``en_US`` dictionary spylls ships (the same on every machine)."""
    import spylls.hunspell
    from spylls.hunspell import Dictionary

    base = Path(spylls.hunspell.__file__).with_name("data") / "en" / "en_US"
    return Dictionary.from_files(str(base))


@lru_cache(maxsize=65_536)
def _hunspell_knows(word: str) -> bool:
    return bool(hunspell().lookup(word))


def built_from_words(word: str, depth: int = 0) -> bool:
    """Whether ``word`` is a prefix and a known (or built) word, a known word and a
    suffix, or two known words of :data:`COMPOUND_PART` letters or more
    (``unmappable`` is "un" + "map" + "able")."""
    known = _hunspell_knows
    for prefix in PREFIXES:
        rest = word[len(prefix) :]
        if (word.startswith(prefix) and len(rest) >= 3) and (
            known(rest) or (depth == 0 and built_from_words(rest, 1))
        ):
            return True
    for suffix, endings in SUFFIXES:
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        if any(len(stem + e) >= 3 and known(stem + e) for e in endings):
            return True
        if len(stem) > 3 and stem[-1] == stem[-2] and known(stem[:-1]):
            return True  # a doubled consonant: "planned" is "plan" + "ed"
    return any(
        known(word[:i]) and known(word[i:])
        for i in range(COMPOUND_PART, len(word) - COMPOUND_PART + 1)
    )


_SUGGESTIONS: dict[str, tuple[str, ...] | None] = {}
_MEMO_KEY: list[str | None] = [None]


def harper_suggestions(config: Any, words: Iterable[str]) -> dict[str, tuple[str, ...] | None]:
    """For each word: ``None`` when the house dialect's Harper dictionary (with the house
    vocabulary) knows it, else its suggestions. Asked of the linter the grammar pass
    builds anyway, and memoized in this process while that linter stays the same."""
    from xdocs.lint.grammar.harper import linter_key, spelling_suggestions

    words = sorted(set(words))
    key = linter_key(config)
    if _MEMO_KEY[0] != key or len(_SUGGESTIONS) > MEMO_LIMIT:
        _SUGGESTIONS.clear()
        _MEMO_KEY[0] = key
    new = [w for w in words if w not in _SUGGESTIONS]
    if new:
        flagged = spelling_suggestions(config, new)
        for w in new:
            _SUGGESTIONS[w] = flagged.get(w)
    return {w: _SUGGESTIONS[w] for w in words}


def _one_slip(word: str, suggestions: tuple[str, ...]) -> str | None:
    """The word meant, when the best suggestion is one slip from ``word``."""
    from xdocs.lint.grammar.spelling import edit_distance

    if not suggestions:
        return None
    best = suggestions[0]
    lower = best.lower()
    if not lower.isalpha() or lower[0] != word[0]:
        return None
    for s in suggestions[:3]:
        s = s.lower()
        if len(word) - len(s) >= 2 and (word.startswith(s) or word.endswith(s)):
            return None  # "dialog" + "pt": a word with letters stuck on is a name
    limit = 2 if len(word) >= LONG_WORD else 1
    return best if edit_distance(word, lower, limit + 1) <= limit else None


def near_miss(
    text: str,
    config: Any,
    skip: Callable[[int, int], bool] | None = None,
    known: frozenset[str] | set[str] = frozenset(),
    whole_text: str | None = None,
) -> list[tuple[int, int, str]]:
    """``(start, end, word meant)`` of every slip in ``text`` (masked prose).

    ``config`` chooses the house dialect and vocabulary; ``skip(start, end)`` says
    whether a span is not the writer's prose; ``known`` holds words that are never slips
    (lower case); ``whole_text`` is the card as written, in which a slip appears once
    (default: ``text``). The dictionaries are asked cheapest first: Harper's (already
    loaded for the grammar pass) for every word, Hunspell's only for the words Harper
    flags one slip from a word, the other English dialect only for what is left."""
    from xdocs.lint.grammar.misspellings import known_misspellings
    from xdocs.lint.grammar.spelling import accepted_elsewhere
    from xdocs.lint.identifiers import inside_identifier

    listed = known_misspellings()
    whole = (whole_text if whole_text is not None else text).lower()
    spelled = Counter(_LETTERS.findall(whole))  # once: linear in the card, whatever it holds
    candidates: list[tuple[int, int, str]] = []
    judged = 0
    line_start = searched = 0  # the line is found by scanning forward only: linear
    for m in _CANDIDATE.finditer(text):
        word = m.group(0)
        start, end = m.span()
        if spelled[word] != 1 or word in known or word in listed:
            continue
        if word.endswith("s") and word[:-1] in known:
            continue
        newline = text.rfind("\n", searched, start)
        line_start = newline + 1 if newline >= 0 else line_start
        searched = start
        if _TABLE_ROW.match(text, line_start) or inside_identifier(text, start, end):
            continue
        if _BRACKETED.fullmatch(text, max(0, start - 1), end + 1):
            continue
        judged += 1
        if judged > MAX_CANDIDATES:
            break
        if skip is not None and skip(start, end):
            continue
        candidates.append((start, end, word))
    if not candidates:
        return []
    suggestions = harper_suggestions(config, (w for _a, _b, w in candidates))
    slips = []
    for start, end, word in candidates:
        found = suggestions.get(word)
        meant = _one_slip(word, found) if found else None
        if meant and not _hunspell_knows(word) and not built_from_words(word):
            slips.append((start, end, meant, word))
    if not slips:
        return []
    dialect = str(config.section("grammar").get("dialect") or "american")
    elsewhere = accepted_elsewhere([w for *_x, w in slips], dialect)
    return [(a, b, meant) for a, b, meant, w in slips if w not in elsewhere]


class NearMissPass:
    """Slips in the card's prose that no list of misspellings names."""

    name = "near-miss"
    rules: tuple[Rule, ...] = (RULE,)

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        from xdocs.lint.advice import named_by_its_link
        from xdocs.lint.grammar.spelling import card_names
        from xdocs.lint.nonprose import ALL, nonprose
        from xdocs.lint.prosetext import masked_text

        doc = card.document
        if not doc.text.strip():
            return []
        spans = nonprose(doc)
        # the house vocabulary and the technical dictionary are in the Harper linter asked
        # (harper.py imports them), so only the card's own names are passed here
        front = getattr(card, "metadata", None) or doc.front_matter_data
        known = card_names(front, card.path)
        hits = near_miss(
            masked_text(doc),
            ctx.config,
            lambda a, b: spans.covers(a, b, ALL) or named_by_its_link(doc.text, a, b),
            known,
            doc.text,
        )
        out = []
        for start, end, meant in hits:
            found = doc.text[start:end]
            line, col = doc.position(start)
            end_line, end_col = doc.position(end)
            out.append(
                RULE.finding(
                    card.path,
                    line,
                    col,
                    f"'{found}' is in no English dictionary; did you mean '{meant}'?",
                    end_line=end_line,
                    end_column=end_col,
                    fix=f"replace with '{meant}'",
                    source="harper",
                )
            )
        return out
