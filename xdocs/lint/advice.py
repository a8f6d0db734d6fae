"""Whether a rule's advice applies at the spot it flags: context checks per rule.

:mod:`xdocs.lint.nonprose` keeps the prose engines off text that is not prose.
Some rules are wrong on prose too, for one reason each that the words around
the spot show. Each check below names the shape it recognises (found in the
false positives of the labelled sample, docs/lint.md "Precision") and applies to
any card; the rule still reports everything else.

* ``OxfordComma`` (Harper): the "and" joins the words of one item, not the last
  two items: the list already has its own final ", and" later in the sentence
  ("the label, the start and end offsets, and a score"), or the words on both
  sides are capitalized names in a list of names that goes on after them
  ("Computer Vision, Network and System Security, Applied Statistics").
* ``NumericRangeEnDash`` (Harper): two numbers that are a ratio, not a range
  ("a 70-30 split").
* ``PhrasalVerbAsCompoundNoun`` (Harper): the word is the head of a hyphenated
  compound ("evaluation-setup"), a noun by construction.
* ``DiscourseMarkers`` (Harper): the "marker" modifies the participle right after
  it ("Additionally trained version of …") instead of opening a clause.
* ``MassNouns`` (Harper): only the plural of a mass noun ("informations") is
  reported; "each morphology", "each containing" are count senses or participles
  that Harper's determiner pattern misreads.
* ``SentenceCapitalization`` (Harper): the lower-case word is the label of a
  ``label: description`` list item, not the start of a sentence.
* Word-choice advice (``CompoundNouns``, ``OxfordComma``, proselint's clichés
  and weasel words) does not apply to a link text that is the title of what it
  links to (a paper, a course): the writer did not choose those words.
* ``weasel_words.very`` (proselint): "very" is vague where it props up a
  judgement ("very effective", "very good"); before a plain description
  ("very similar", "very long") it is precise enough.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: a Markdown link's text: group 1
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with vs via".split())  # noqa: SIM905
#: where a sentence ends for the checks below (a list or a clause ends there too)
_SENTENCE_END = re.compile(r"[.!?;:](?:\s|$)|\n")
_LATER_SERIAL = re.compile(r",\s+(?:and|or)\s")
_NEXT_WORD = re.compile(r"\s+(?:and|or|&)\s+([A-Za-z][\w'’-]*)")
_NAME_GOES_ON = re.compile(r"^[\w'’ -]*,\s+[A-Z]")
_RATIO = re.compile(r"^\d+(?:\.\d+)?\s*%?\s+(?:split|ratio|splits|ratios)\b", re.I)
_PARTICIPLE = re.compile(r"^\s+[a-z]+ed\b")
_LABEL = re.compile(r"^[\w'’-]+(?:\s+[\w'’-]+){0,2}\*{0,2}:\s+\S")
#: adjectives of judgement: "very" before one is an unsupported claim
JUDGEMENTS = frozenset(
    """accurate beneficial capable competitive convenient easy effective efficient excellent
    fast favorable good great helpful high-quality important impressive interesting nice
    popular powerful promising reliable robust simple strong successful suitable useful
    valuable versatile well""".split()  # noqa: SIM905
)
TITLE_RULES = frozenset(
    {"grammar/harper/CompoundNouns", "grammar/harper/OxfordComma", "proselint/cliches",
     "proselint/weasel_words"}
)  # fmt: skip


def link_titles(text: str) -> list[tuple[int, int]]:
    """Spans of link texts that are titles: Title Case (most words of four letters or
    more capitalized), or a link of three words or more that is a whole line or list
    item (``- [Crash course in image generation](…)``)."""
    out = []
    for m in _LINK.finditer(text):
        label = m.group(1)
        words = _WORD.findall(label)
        if len(words) < 3:
            continue
        long_words = [w for w in words if len(w) >= 4 and w.lower() not in _SMALL_WORDS]
        title_case = bool(long_words) and sum(w[0].isupper() for w in long_words) >= max(
            2, 0.75 * len(long_words)
        )
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start : len(text) if line_end < 0 else line_end]
        before = _LIST_MARK.sub("", text[line_start : m.start()]).strip(" *_")
        close = text.find(")", m.end())
        after = line[close - line_start + 1 :].strip(" .,;:*_") if close >= 0 else "x"
        if title_case or (not before and not after):
            out.append((m.start(1), m.end(1)))
    return out


#: the most text after a spot a check reads (a sentence longer than this is cut)
REST_CHARS = 600


def _sentence_rest(text: str, b: int) -> str:
    """The rest of the sentence after ``b`` (at most :data:`REST_CHARS`, so a check
    costs the same however long the paragraph)."""
    m = _SENTENCE_END.search(text, b, b + REST_CHARS)
    return text[b : m.start() if m else min(len(text), b + REST_CHARS)]


def _oxford_comma(text: str, a: int, b: int) -> bool:
    rest = _sentence_rest(text, b)
    if _LATER_SERIAL.search(rest):
        return False  # the list's own serial comma comes later: "and" is inside an item
    nxt = _NEXT_WORD.match(rest)
    if text[a : a + 1].isupper() and nxt and nxt.group(1)[0].isupper():
        after = rest[nxt.end() :]
        if _NAME_GOES_ON.match(after):
            return False  # "Network and System Security" in a list of names that goes on
    return True


def _numeric_range(text: str, a: int, b: int) -> bool:
    return not _RATIO.match(text[b : b + 40])


def _phrasal_verb(text: str, a: int, b: int) -> bool:
    return text[a - 1 : a] != "-" and text[b : b + 1] != "-"


def _discourse_marker(text: str, a: int, b: int) -> bool:
    return not _PARTICIPLE.match(text[b : b + 40])


def _mass_noun(text: str, a: int, b: int) -> bool:
    return not any(c.isspace() for c in text[a:b])


def _capitalization(text: str, a: int, b: int) -> bool:
    line_start = text.rfind("\n", 0, a) + 1
    before = text[line_start:a]
    if _LIST_MARK.match(before + "x") and not _LIST_MARK.sub("", before + "x")[:-1].strip("*_"):
        line_end = text.find("\n", a)
        if _LABEL.match(text[a : len(text) if line_end < 0 else line_end]):
            return False  # "- commands: messages starting with !": a label
    return True


def _very(text: str, a: int, b: int) -> bool:
    nxt = re.match(r"\s+([A-Za-z][\w-]*)", text[b : b + 40])
    return bool(nxt) and nxt.group(1).lower() in JUDGEMENTS


CHECKS: dict[str, Callable[[str, int, int], bool]] = {
    "grammar/harper/OxfordComma": _oxford_comma,
    "grammar/harper/NumericRangeEnDash": _numeric_range,
    "grammar/harper/PhrasalVerbAsCompoundNoun": _phrasal_verb,
    "grammar/harper/DiscourseMarkers": _discourse_marker,
    "grammar/harper/MassNouns": _mass_noun,
    "grammar/harper/SentenceCapitalization": _capitalization,
    "proselint/weasel_words.very": _very,
}


class Advice:
    """The context checks for one document's text (link titles found once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._titles: list[tuple[int, int]] | None = None

    def _in_title(self, a: int) -> bool:
        if self._titles is None:
            self._titles = link_titles(self.text)
        return any(s <= a < e for s, e in self._titles)

    def applies(self, rule: str, a: int, b: int) -> bool:
        """Whether ``rule``'s finding on ``text[a:b]`` (file offsets) is advice for the
        writer (rules without a check here: always)."""
        if any(rule == r or rule.startswith(r + ".") for r in TITLE_RULES) and self._in_title(a):
            return False
        check = CHECKS.get(rule)
        return check is None or check(self.text, a, b)
