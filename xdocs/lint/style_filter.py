"""Which of the house Vale style's alerts a card reports: the rules tuned for model cards.

The Vale rules in ``vale_styles/Xalura`` stay plain Vale rules (editors running
Vale read them as they are); xdocs then keeps an alert only where the rule's
advice applies to what is written there:

* no alert on text that is not the writer's prose (:mod:`xdocs.lint.nonprose`:
  code-like tokens, quoted text, masking leftovers, ``key: value`` lists, dumps),
  except ``Placeholders`` (a ``[More Information Needed]`` is filler wherever it
  sits) and ``Units`` (``16GB`` is code-like by shape, and exactly what it checks);
* ``Headings``: sentence case that respects names (:mod:`xdocs.lint.headings`),
  the card's own among them (its front-matter's tags, library, datasets:
  "English NER in Flair" in a card tagged ``flair``);
  ``HeadingPunctuation``: only on real headings, and not on the colon that closes an
  emoji shortcode ("How to use :hugs:");
* ``Acronyms``: one finding per undefined acronym, at its first use in prose (not
  in a heading, a table, a link text or a name such as ``IDEA-CCNL``); a word in a
  run of capitals is shouting or a title, not an acronym ("THIS MODEL HAS BEEN
  MOVED"), nor is a name of the technical dictionary (CUDA) or a product with its
  model number (RTX 3090), nor capitals an organisation word follows ("AIOX Labs",
  "DFKI GmbH") or a dataset word follows ("TNEWS dataset", "the TDTB treebank"), nor a
  name the card's front-matter declares (a dataset ``KSS``);
* ``SentenceLength``: the sentence is counted again without quoted titles and
  code, and an enumeration is a list, not a long sentence;
* ``Hype``: not in tables (a "State of the art" row is a baseline), link texts
  (a notebook's name) or a negation ("by no means a state-of-the-art model");
* ``Simplicity``: a word that talks down is one that belittles the reader's effort
  ("you can simply use", "can be easily loaded"); not "simply" or "easily" after a
  form of *be* that describes what was done or is the case ("was simply copied":
  merely), nor before a property ("easily customizable articles");
* ``Repetition``: not inside a code-like token (a test set ``Tatoeba.es.es``);
* ``Terms`` and ``Products`` (the house terminology): not in a cited work's title
  (:func:`xdocs.lint.advice.cited_titles`), which is quoted as its authors wrote it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard

#: what each rule skips (default: every kind of non-prose span)
SKIPS: dict[str, tuple[str, ...]] = {
    "vale/Xalura.Placeholders": (),
    "vale/Xalura.Units": ("blocks", "quoted", "masked"),
    "vale/Xalura.Repetition": ("blocks",),
    "vale/Vale.Repetition": ("blocks",),
    "vale/Xalura.SentenceLength": ("blocks",),
    "vale/Xalura.Headings": (),
    "vale/Xalura.HeadingPunctuation": (),
}
#: "simply"/"easily" describing, not belittling: after a form of *be* that states
#: what was done or is the case, or before a property ("-able", "-ible")
_DESCRIBED = re.compile(r"\b(?:was|were|is|are|has been|have been|had been)\s+$", re.I)
_PROPERTY = re.compile(r"^\s+\w+(?:able|ible)\b", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|nor|hardly|by no means)\s+(?:\w+\s+){0,2}$", re.I)


def _offsets(doc: Any, f: Finding) -> tuple[int, int]:
    start = doc.offset(f.line, f.column)
    end_line = f.end_line or f.line
    end = doc.offset(end_line, f.end_column or f.column + 1)
    return start, max(end, start + 1)


#: a heading that ends with an emoji shortcode ("How to use :hugs:"): its colon is the emoji's
_EMOJI_END = re.compile(r":[a-z0-9_+-]+:\s*$")
#: a word that names a dataset after capitals: "TNEWS dataset", "the WMT16 benchmark"
_DATASET_AFTER = re.compile(
    r"^[ -](?:data ?sets?|corp(?:us|ora)|benchmarks?|treebanks?|speech corpus)\b", re.I
)
#: acronyms of tasks: before "dataset" they say what kind ("a TTS dataset"), not which
TASK_ACRONYMS = frozenset(
    "ASR TTS STT NER NLI NLU NLG NMT OCR POS VQA SLU SER QA MT LM MLM".split()  # noqa: SIM905
)
#: a neighbouring word in capitals (two letters or more): the word is in a run of them
_CAPS_BEFORE = re.compile(r"(?<![\w@])[A-Z][A-Z@&'’.-]+[ *_\"“]+$")
_CAPS_AFTER = re.compile(r"^[ *_\"”]+[A-Z][A-Z@&'’.-]+(?![\w@])")
_MODEL_NUMBER = re.compile(r"^[ -]?\d")
#: a word that names an organisation after capitals: "AIOX Labs", "DFKI GmbH"
_ORGANISATION = re.compile(
    r"^[ -](?:Labs?|Inc|Ltd|LLC|GmbH|AG|SA|Corp|Corporation|Company|Co|Foundation|Institute"
    r"|University|Research|Group|Technologies|Systems)\b"
)


def _not_an_acronym(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """Whether the capitals at ``text[start:end]`` are shouting, a title in capitals, a
    known name, an organisation's name or a product's model number rather than an
    acronym to spell out."""
    if text[start:end].lower() in names or _MODEL_NUMBER.match(text[end : end + 3]):
        return True
    if _ORGANISATION.match(text[end : end + 16]):
        return True
    if _DATASET_AFTER.match(text[end : end + 24]) and text[start:end] not in TASK_ACRONYMS:
        return True
    return bool(
        _CAPS_BEFORE.search(text[max(0, start - 40) : start])
        or _CAPS_AFTER.match(text[end : end + 40])
    )


def _declared_ids(front: Any) -> frozenset[str]:
    """The parts of the ids the front-matter gives under ``datasets`` and ``base_model``
    ("coco", "atis"; "wham" and "sep_clean" of ``wham/sep_clean``), lower case. A value
    with spaces ("NST Swedish ASR Database") is a description, not an id: its words are
    not taken, so an undefined "ASR" still is one."""
    out: set[str] = set()
    if not isinstance(front, dict):
        return frozenset()
    for key in ("datasets", "base_model"):
        value = front.get(key)
        for item in (value if isinstance(value, list) else [value])[:200]:
            if (
                isinstance(item, str)
                and item.strip()
                and not any(c.isspace() for c in item.strip())
            ):
                out.update(p.lower() for p in re.split(r"[/_.:-]+", item.strip()[:200]) if p)
    return frozenset(out)


def _token_at(text: str, start: int, end: int) -> str:
    """The whitespace-delimited token around ``text[start:end]`` (bounded)."""
    a = max(text.rfind(" ", max(0, start - 200), start), text.rfind("\n", 0, start)) + 1
    spaces = [i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0]
    b = min([*spaces, len(text), end + 200])
    return text[max(a, start - 200) : b]


def _tables(doc: Any) -> set[int]:
    lines: set[int] = set()
    for tok in doc.tokens:
        if tok.type == "table_open" and tok.map:
            lines.update(range(tok.map[0] + 1, tok.map[1] + 1))
    return lines


def filter_findings(card: ModelCard, findings: list[Finding], config: Any = None) -> list[Finding]:
    """The Vale findings of ``card`` worth reporting, in order (rules off by default
    are dropped unless ``config`` turns them on)."""
    from xdocs.lint.grammar.report import long_sentence
    from xdocs.lint.grammar.spelling import front_matter_words, technical_names
    from xdocs.lint.headings import proper_nouns, sentence_case_problem
    from xdocs.lint.nonprose import ALL, is_code_like, nonprose
    from xdocs.lint.precision import default_off, turned_on
    from xdocs.lint.prosetext import masked_text

    off = default_off() - (turned_on(config) if config is not None else set())
    findings = [f for f in findings if f.rule not in off]
    if not findings:
        return []
    doc = card.document
    spans = nonprose(doc)
    headings = {h.line: h for h in doc.headings}
    heading_names: set[str] | None = None
    tables: set[int] | None = None
    links: list[tuple[int, int]] | None = None
    titles: list[tuple[int, int]] | None = None
    seen_acronyms: set[str] = set()
    names = technical_names()
    #: the names an acronym may be: the technical dictionary's and the ids the card's
    #: datasets and base model give (not its tags: "asr" must not excuse "ASR")
    acronym_names: frozenset[str] | None = None
    out: list[Finding] = []
    for f in findings:
        rule = f.rule
        start, end = _offsets(doc, f)
        if spans.covers(start, end, SKIPS.get(rule, ALL)):
            continue
        if rule == "vale/Xalura.Headings":
            heading = headings.get(f.line)
            if heading_names is None:
                front = getattr(card, "metadata", None) or doc.front_matter_data
                heading_names = set(names) | {w.lower() for w in front_matter_words(front)}
            if (
                heading is None
                or sentence_case_problem(heading.text, proper_nouns(doc), heading_names) is None
            ):
                continue
        elif rule == "vale/Xalura.HeadingPunctuation":
            if f.line not in headings or _EMOJI_END.search(headings[f.line].text):
                continue
        elif rule in ("vale/Xalura.Acronyms", "vale/Xalura.Hype"):
            if tables is None:
                tables = _tables(doc)
                links = [(m.start(1), m.end(1))
                         for m in re.finditer(r"\[([^\[\]\n]{1,300})\]\(", doc.text)]  # fmt: skip
            if f.line in headings or f.line in tables:
                continue
            if any(a <= start < b for a, b in links or ()):
                continue
            word = doc.text[start:end]
            if rule == "vale/Xalura.Acronyms":
                if acronym_names is None:
                    front = getattr(card, "metadata", None) or doc.front_matter_data
                    acronym_names = names | _declared_ids(front)
                if _not_an_acronym(doc.text, start, end, acronym_names):
                    continue
                if word in seen_acronyms:
                    continue
                seen_acronyms.add(word)
            elif _NEGATION.search(doc.text[max(0, start - 40) : start]):
                continue
        elif rule == "vale/Xalura.Simplicity":
            word = doc.text[start:end].lower()
            if word in ("simply", "easily") and (
                _DESCRIBED.search(doc.text[max(0, start - 20) : start])
                or _PROPERTY.match(doc.text[end : end + 30])
            ):
                continue
        elif rule in ("vale/Xalura.Terms", "vale/Xalura.Products"):
            if titles is None:
                from xdocs.lint.advice import cited_titles

                titles = cited_titles(doc.text)
            if any(a <= start < b for a, b in titles):
                continue
        elif rule in ("vale/Vale.Repetition", "vale/Xalura.Repetition"):
            flagged = doc.text[start:end]
            if not any(c.isspace() for c in flagged) and is_code_like(
                _token_at(doc.text, start, end)
            ):
                continue  # "es.es" inside one token; "MVP MVP" across two is words
        elif rule == "vale/Xalura.SentenceLength":
            sentence_end = doc.text.find("\n\n", start)
            sentence_end = len(doc.text) if sentence_end < 0 else sentence_end
            text = list(masked_text(doc)[start:sentence_end])
            for i in range(len(text)):
                if spans.quoted.overlaps(start + i, start + i + 1):
                    text[i] = " "
            if not long_sentence("".join(text), first_only=True):
                continue
        out.append(f)
    return out
