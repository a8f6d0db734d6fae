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
  compound ("evaluation-setup"), a noun by construction, or it is in a heading.
* ``DiscourseMarkers`` (Harper): the "marker" modifies the participle right after
  it ("Additionally trained version of …") instead of opening a clause.
* ``MassNouns`` (Harper): only the plural of a mass noun ("informations") is
  reported; "each morphology", "each containing" are count senses or participles
  that Harper's determiner pattern misreads.
* ``SentenceCapitalization`` (Harper): the lower-case word is not the start of a
  sentence but a label (the key of a ``label: description`` list item, or a bold
  keyword opening its line: ``**sketch** a sketch style``), or the block goes on
  with a sentence something interrupted: it follows a code block, a quotation or a
  heading and opens with a word that joins clauses ("where the flags …", "and this
  paper …", "which is …"), or the line before it (before its list, for a list item)
  ends on a word no sentence ends on ("RST is a new paradigm, which" + ``* unifies``).
* Word-choice advice (``CompoundNouns``, ``OxfordComma``, ``DisjointPrefixes``,
  proselint's clichés and weasel words) does not apply to a link text that is the
  title of what it links to (a paper, a course): the writer did not choose those
  words ("Self-Supervised Video Pre-Training" is the paper's spelling).
* ``weasel_words.very`` (proselint): "very" is vague where it props up a
  judgement ("very effective", "very good"); before a plain description
  ("very similar", "very long") it is precise enough.
* ``redundancy.misc.after_the_deadline`` (proselint): "for free" is an idiom of
  standard English ("use it for free"), not a redundancy; the list's other phrases
  ("filled to capacity") still are.
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
#: a bold keyword opening its line: "**sketch** a sketch style", "__arts__ & …"
_BOLD_OPENING = re.compile(r"(?:\*\*|__)$")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
#: lines that interrupt a sentence: a closing code fence, a quotation, display math
_DISPLAY = re.compile(r"^ {0,3}(?:```+|~~~+|>|\$\$)")
#: words that open a clause going on with a sentence an interruption left
_CONTINUING = frozenset(
    "and or but nor so then which where whereas while that who whom whose as with".split()  # noqa: SIM905
)
#: words no sentence ends on: a line ending on one leaves its sentence open
_OPEN_END = frozenset(
    """a an the and or but nor which where whereas that who whom whose of to for in on at
    by from with as into than is are was were be been being""".split()  # noqa: SIM905
)
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
#: adjectives of judgement: "very" before one is an unsupported claim
JUDGEMENTS = frozenset(
    """accurate beneficial capable competitive convenient easy effective efficient excellent
    fast favorable good great helpful high-quality important impressive interesting nice
    popular powerful promising reliable robust simple strong successful suitable useful
    valuable versatile well""".split()  # noqa: SIM905
)
TITLE_RULES = frozenset(
    {"grammar/harper/CompoundNouns", "grammar/harper/OxfordComma", "proselint/cliches",
     "proselint/weasel_words", "grammar/harper/DisjointPrefixes"}
)  # fmt: skip


def _title_case(label: str) -> bool:
    """Most words of four letters or more capitalized (two at least): a title."""
    long_words = [w for w in _WORD.findall(label) if len(w) >= 4 and w.lower() not in _SMALL_WORDS]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= max(
        2, 0.75 * len(long_words)
    )


def link_titles(text: str) -> list[tuple[int, int]]:
    """Spans of link texts that are titles: Title Case (most words of four letters or
    more capitalized), or a link of three words or more that is a whole line or list
    item (``- [Crash course in image generation](…)``)."""
    out = []
    for m in _LINK.finditer(text):
        label = m.group(1)
        if len(_WORD.findall(label)) < 3:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start : len(text) if line_end < 0 else line_end]
        before = _LIST_MARK.sub("", text[line_start : m.start()]).strip(" *_")
        close = text.find(")", m.end())
        after = line[close - line_start + 1 :].strip(" .,;:*_") if close >= 0 else "x"
        if _title_case(label) or (not before and not after):
            out.append((m.start(1), m.end(1)))
    return out


#: where papers are published: a link there is a citation, and its text the paper's title
_PAPER_HOST = re.compile(
    r"https?://(?:www\.)?(?:[\w-]+\.)*(?:arxiv\.org|aclanthology\.org|aclweb\.org"
    r"|paperswithcode\.com/paper|openreview\.net|doi\.org|dl\.acm\.org|ieeexplore\.ieee\.org"
    r"|proceedings\.neurips\.cc|papers\.nips\.cc|proceedings\.mlr\.press|jmlr\.org"
    r"|link\.springer\.com|semanticscholar\.org|isca-speech\.org|openaccess\.thecvf\.com"
    r"|biorxiv\.org|medrxiv\.org|ssrn\.com|aaai\.org|ijcai\.org)"
)


def cited_titles(text: str) -> list[tuple[int, int]]:
    """Spans of link texts that quote another work's title: Title Case, or the text of a
    link to a paper (``[Parameter-efficient fine tuning of large models](https://arxiv…)``).
    A cited title is quoted as its authors wrote it, so house spellings do not apply
    there; a link in the writer's own words (``see the [fine tuning guide](…)``) is
    still the writer's prose."""
    out = []
    for m in _LINK.finditer(text):
        label = m.group(1)
        if len(_WORD.findall(label)) < 3:
            continue
        if _title_case(label) or _PAPER_HOST.match(text, m.end(), m.end() + 200):
            out.append((m.start(1), m.end(1)))
    return out


#: a link's address, read from just after its ``](``
_ADDRESS = re.compile(r"[^()\s]{1,2000}")


def named_by_its_link(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a word of a link's text that the link's address
    also spells: the name of what the link points to (``[blurr](https://…/blurr/)``)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else min(line_end, line_start + 5000)
    for m in _LINK.finditer(text, line_start, line_end):
        if m.start(1) <= start < m.end(1):
            address = _ADDRESS.match(text, m.end())
            return bool(address) and text[start:end].lower() in address.group(0).lower()
    return False


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


#: phrases of proselint's redundancy list that are idioms, not redundancies
_IDIOMS = frozenset({"for free"})


def _redundancy(text: str, a: int, b: int) -> bool:
    return " ".join(text[a:b].lower().split()) not in _IDIOMS


def _line_of(text: str, a: int) -> tuple[int, int]:
    """Start and end offsets of the line holding offset ``a``."""
    end = text.find("\n", a)
    return text.rfind("\n", 0, a) + 1, len(text) if end < 0 else end


def _phrasal_verb(text: str, a: int, b: int) -> bool:
    if text[a - 1 : a] == "-" or text[b : b + 1] == "-":
        return False  # the head of "evaluation-setup"
    start, _ = _line_of(text, a)
    return not _HEADING.match(text[start:a])


def _discourse_marker(text: str, a: int, b: int) -> bool:
    return not _PARTICIPLE.match(text[b : b + 40])


def _mass_noun(text: str, a: int, b: int) -> bool:
    return not any(c.isspace() for c in text[a:b])


def _previous_line(text: str, line_start: int, skip_list: bool) -> str:
    """The nearest non-blank line above the line starting at ``line_start`` (with
    ``skip_list``, above the list that line's item belongs to), at most 200 lines up."""
    end = line_start - 1
    for _ in range(200):
        if end < 0:
            return ""
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        end = start - 1
        if not line.strip():
            continue
        if skip_list and (_LIST_MARK.match(line) or line[:1] in " \t"):
            continue  # an earlier item of the same list (or its continuation)
        return line
    return ""


def _continues_a_sentence(text: str, line_start: int, a: int, in_list: bool) -> bool:
    """Whether the block whose first word is at ``a`` goes on with a sentence that a
    display or a line break interrupted (see the module's docstring)."""
    before = _previous_line(text, line_start, skip_list=in_list)
    last = _LAST_WORD.search(before)
    if last and last.group(1).lower() in _OPEN_END and before.rstrip()[-1:].isalpha():
        return True  # "…, which" / "* unifies …"
    if _DISPLAY.match(before) or _HEADING.match(before):
        word = _WORD.match(text, a)
        return bool(word) and word.group(0).lower() in _CONTINUING
    return False


def _capitalization(text: str, a: int, b: int) -> bool:
    line_start, line_end = _line_of(text, a)
    before = text[line_start:a]
    in_list = bool(_LIST_MARK.match(before + "x"))
    opening = _LIST_MARK.sub("", before + "x")[:-1] if in_list else before
    if opening.strip("*_ \t"):
        return True  # the word is not the first of its line
    if in_list and _LABEL.match(text[a:line_end]):
        return False  # "- commands: messages starting with !": a label
    if _BOLD_OPENING.search(opening) and re.match(r"[\w'’-]+(?:\*\*|__)", text[a:line_end]):
        return False  # "**sketch** a sketch style": a keyword, written as it is typed
    return not _continues_a_sentence(text, line_start, a, in_list)


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
    "proselint/redundancy.misc.after_the_deadline": _redundancy,
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
