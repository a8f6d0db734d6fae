"""Which of Harper's lints a card's findings report: only those on the writer's prose.

Harper judges English; a model card mixes English with identifiers, commands,
configuration dumps and quoted prompts. :func:`filter_hits` keeps a lint only
when its span is prose (:mod:`xdocs.lint.nonprose`), and for the rules that need
more than that:

* ``SpellCheck``: :mod:`.spelling` decides (technical words, names, dialects);
* ``LongSentences``: the sentence is counted again without quoted titles, link
  targets and code, and an enumeration (a comma every few words: a list of
  languages, of prompt tags) is a list, not a long sentence;
* ``AnA``: ``A(n)`` already offers both articles; the next word is not one that
  emphasis splits (``a **M**eta**D**ata approach`` reads "M" to Harper); the fix
  keeps the article's case ("A" becomes "An", where Harper writes "AN");
* the rules :mod:`xdocs.lint.advice` knows: only where the words around the spot
  show the advice applies;
* ``PhrasalVerbAsCompoundNoun``: when the writer already typed the particle
  ("checkout out"), the span takes it in, so the fix gives "check out", not
  "check out out";
* ``DisjointPrefixes``: the joined word takes the case of its first part
  ("Pre-Training" becomes "Pretraining", not "PreTraining"); it and ``CompoundNouns``
  never join words that link syntax separates ("Check out [Paint Journey V2](…)" is
  not "outPaint");
* ``OrthographicConsistency``: not on a word the card's front-matter declares as
  written (a language code ``da`` in ``language:``, a tag), nor on a word its own
  sentence also writes the canonical way ("it tells finnish from Finnish": a
  mention, not a slip), nor on a surname before "et al." ("Gu et al." is not "GU"); it
  adds capitals that are missing ("api" → "API") and gives a brand its own spelling
  ("GITHUB" → "GitHub"), but never makes a word the writer capitalized a plain
  dictionary word: those capitals spell a name ("DREAM's", "RoBERTa", "FiNER").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard
    from xdocs.rules import LintContext

#: rules judged on a whole sentence: only non-prose lines disqualify them
SENTENCE_RULES = {"LongSentences"}
LONG_SENTENCE_WORDS = 41
_SENTENCES = re.compile(r"(?<=[.!?])[\"')\]*_]*\s+(?=[A-Z\"'(\[*_])")
_WORDS = re.compile(r"[A-Za-z0-9][\w'’-]*")


def long_sentence(text: str, first_only: bool = False) -> bool:
    """Whether masked ``text`` holds a sentence of at least 41 words that is not a list
    (``first_only``: whether its first sentence is one)."""
    sentences = _SENTENCES.split(text)
    for sentence in sentences[:1] if first_only else sentences:
        words = _WORDS.findall(sentence)
        if len(words) >= LONG_SENTENCE_WORDS and sentence.count(",") < len(words) / 4:
            return True
    return False


def filter_hits(
    card: ModelCard,
    ctx: LintContext,
    placed: list[tuple[Any, int, int]],
    vocabulary: set[str],
) -> Iterator[tuple[Any, int, int]]:
    """``(hit, start, end)`` (file offsets) of the lints to report, in order."""
    from xdocs.lint.advice import Advice
    from xdocs.lint.grammar.spelling import SpellingJudge, card_names, front_matter_words
    from xdocs.lint.nonprose import ALL, nonprose
    from xdocs.lint.prosetext import masked_text

    doc = card.document
    spans = nonprose(doc)
    text = doc.text
    front = getattr(card, "metadata", None) or doc.front_matter_data  # both cached
    declared: set[str] | None = None
    masked = ""
    judge: SpellingJudge | None = None
    advice = Advice(text)
    spelling: list[tuple[Any, int, int]] = []
    kept: list[tuple[Any, int, int]] = []
    for hit, a, b in placed:
        rule = hit[0]
        if rule == "SpellCheck":
            if judge is None:
                judge = SpellingJudge(doc, card_names(front, card.path), vocabulary)
            if judge.plausible(a, b, hit[5]):
                spelling.append((hit, a, b))
            continue
        if rule in SENTENCE_RULES:
            if spans.blocks.overlaps(a, b):
                continue
            masked = masked or masked_text(doc)
            quoted_free = list(masked[a:b])
            for i in range(a, b):
                if spans.quoted.overlaps(i, i + 1):
                    quoted_free[i - a] = " "
            if not long_sentence("".join(quoted_free)):
                continue
        elif spans.covers(a, b, ALL):
            continue
        if rule in _JOINS and ("[" in text[a:b] or "]" in text[a:b]):
            continue  # "Check out [Paint Journey]": words either side of link syntax
        if rule == "AnA":
            if text.startswith("(n)", b) or _SPLIT_BY_EMPHASIS.match(text, b):
                continue
            if hit[5]:
                hit = (*hit[:5], _same_case(text[a:b], hit[5]), *hit[6:])
        if not advice.applies(f"grammar/harper/{rule}", a, b):
            continue
        if rule == "PhrasalVerbAsCompoundNoun":
            b = _through_particle(text, b, hit[5])
        elif rule == "DisjointPrefixes" and hit[5]:
            hit = (*hit[:5], _joined_case(text[a:b], hit[5]), *hit[6:])
        elif rule == "OrthographicConsistency":
            if declared is None:
                declared = front_matter_words(front)
            if text[a:b] in declared or _mentioned_beside(text, a, b, hit[5]):
                continue
            if _ET_AL.match(text, b):
                continue  # "(Gu et al., 2022)": an author's surname, not an acronym
            if hit[5] and _capitals(hit[5]) < _capitals(text[a:b]) and _capitals(hit[5][1:]) == 0:
                continue  # "DREAM's" → "dream's", "RoBERTa" → "Roberta": a name's capitals
        kept.append((hit, a, b))
    if spelling:
        kept.extend(_real_typos(doc, ctx, spelling))
        kept.sort(key=lambda item: (item[1], item[2]))
    yield from kept


#: rules that join two words into one: never across link syntax
_JOINS = frozenset({"DisjointPrefixes", "CompoundNouns"})
#: a citation's "et al." after a surname
_ET_AL = re.compile(r"\s+et\.?\s+al\b")


def _capitals(word: str) -> int:
    return sum(c.isupper() for c in word)


#: the word after an article is split by emphasis: "a **M**eta**D**ata"
_SPLIT_BY_EMPHASIS = re.compile(r"\s+(?:\*{1,2}|_{1,2})[A-Za-z]+(?:\*{1,2}|_{1,2})[A-Za-z]")


def _same_case(flagged: str, replacement: str) -> str:
    """``replacement`` in the case of ``flagged``: "A" → "An", "a" → "an", "AN" → "A"."""
    if flagged.isupper() and len(flagged) > 1:
        return replacement.upper()
    if flagged[:1].isupper():
        return replacement[:1].upper() + replacement[1:].lower()
    return replacement.lower()


def _joined_case(flagged: str, replacement: str) -> str:
    """Harper's joined word with the case of its first part: "Pre-Training" gives
    "Pretraining" (a capital inside a word reads as a name: "PreTraining")."""
    head, _, tail = flagged.partition("-")
    if tail and not flagged.isupper() and replacement == head + tail:
        return head + tail.lower()
    return replacement


def _mentioned_beside(text: str, a: int, b: int, canonical: str | None) -> bool:
    """Whether the sentence around ``text[a:b]`` also writes ``canonical``."""
    if not canonical:
        return False
    start = max(text.rfind("\n", 0, a), text.rfind(". ", max(0, a - 400), a)) + 1
    end = min(x for x in (text.find("\n", b), text.find(". ", b, b + 400), len(text)) if x >= 0)
    around = text[max(start, a - 400) : a] + " " + text[b : min(end, b + 400)]
    return re.search(rf"(?<![\w-]){re.escape(canonical)}(?![\w-])", around) is not None


def _through_particle(text: str, b: int, replacement: str | None) -> int:
    """The end of a phrasal-verb finding: past the particle when the text after the
    compound repeats the one the fix writes ("checkout out" → "check out")."""
    particle = (replacement or "").rpartition(" ")[2]
    m = _NEXT_WORD.match(text, b)
    if particle and m and m.group(1).lower() == particle.lower():
        return m.end()
    return b


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)\b")


def _real_typos(
    doc: Any, ctx: LintContext, candidates: list[tuple[Any, int, int]]
) -> list[tuple[Any, int, int]]:
    """Drop dialect spellings and the "typos" of paragraphs in another language."""
    from xdocs.lint.grammar.spelling import accepted_elsewhere

    dialect = str(ctx.config.section("grammar").get("dialect") or "american")
    words = [doc.text[a:b] for _, a, b in candidates]
    elsewhere = accepted_elsewhere(words, dialect)
    per_line = Counter(doc.position(a)[0] for _, a, _ in candidates)
    out = []
    for (hit, a, b), word in zip(candidates, words, strict=True):
        if word in elsewhere:
            continue
        line = doc.position(a)[0]
        line_words = len(_WORDS.findall(doc.lines[line - 1]))
        if per_line[line] >= 3 and per_line[line] >= 0.25 * max(1, line_words):
            continue  # a line in another language
        out.append((hit, a, b))
    return out
