"""Known misspellings: the typos people actually make, from codespell's dictionary.

Harper's SpellCheck flags every word its dictionary lacks, and on model cards most
of those are real words it does not know ("undertrained", "radiological"), names
and identifiers: even behind :mod:`.spelling`'s judge it is right about half the
time, so it is off by default (docs/lint.md, sample 10). A typo such as "becuase",
"seperate" or "retrived" needs no guess: codespell (a well-kept checker made for
code and documentation) keeps a list of about 65,000 known misspellings, each with
its correction, chosen so that none is a real word. This pass reports a word of the
card's prose that is on that list:

* prose only: the masked text of :mod:`xdocs.lint.prosetext` (no code, front-matter,
  link targets or HTML) and not a span :mod:`xdocs.lint.nonprose` marks (code-like
  tokens, quoted text, dumps), nor part of an identifier (``seperate_files.py``);
* words of four letters or more, written in lower case or with a capital first
  letter only (codespell's short entries, "te" or "ser", are language codes on
  model cards; capitals inside a word spell a name);
* not a word of a link's text that its address also spells (``[blurr](…/blurr/)``:
  the link names what it links to, a library called "blurr");
* the correction is offered as the fix when codespell gives one; several
  candidates ("parallely" → "parallelly") are listed. The fix is a suggestion:
  ``xdocs fix`` does not apply it unattended.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding, Severity
from xdocs.rules import LintContext, Rule

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard

RULE = Rule(
    "grammar/codespell/Misspelling",
    "A word is a known misspelling (codespell's dictionary) with a known correction.",
    "A typo in a card reads as carelessness about the model too. The list holds only "
    "misspellings people really make, none of them a word, so it does not cry wolf on "
    "names, identifiers and technical terms the way a dictionary check does.",
    "The model fails becuase the data is noisy. → The model fails because the data is noisy.",
    Severity.WARNING,
    "Correct the spelling.",
    good="The model fails because the data is noisy.",
)

#: a word of prose: letters, with an inner apostrophe ("doesnt" is listed, "doesn't" is not)
_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?:['’][A-Za-z]+)?(?![\w'’-])")
#: the shortest word looked up (shorter entries are language codes and abbreviations here)
MIN_LETTERS = 4
#: bound on the dictionary file read (codespell's is about 1 MB)
MAX_DICTIONARY_BYTES = 8 * 1024 * 1024


@lru_cache(maxsize=1)
def known_misspellings() -> dict[str, tuple[str, ...]]:
    """codespell's main dictionary: misspelling (lower case) → its corrections.

    Empty when codespell is not installed (it is a dependency of xdocs; a broken
    install reports nothing rather than crash the run)."""
    from importlib import resources

    try:
        source = resources.files("codespell_lib") / "data" / "dictionary.txt"
        with source.open("rb") as fh:
            data = fh.read(MAX_DICTIONARY_BYTES).decode("utf-8", errors="replace")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in data.splitlines():
        wrong, sep, right = line.partition("->")
        if not sep or not wrong:
            continue
        fixes = tuple(f.strip() for f in right.split(",") if f.strip())
        if fixes:
            out[wrong.strip().lower()] = fixes
    return out


def _in_case_of(found: str, fix: str) -> str:
    """``fix`` with ``found``'s capital first letter ("Becuase" → "Because")."""
    if found[:1].isupper() and fix[:1].islower():
        return fix[:1].upper() + fix[1:]
    return fix


def misspellings(text: str, skip: Any = None) -> list[tuple[int, int, tuple[str, ...]]]:
    """``(start, end, corrections)`` of every known misspelling in ``text`` (masked prose).

    ``skip(start, end)`` says whether a span is not the writer's prose."""
    from xdocs.lint.identifiers import inside_identifier

    known = known_misspellings()
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if len(word) < MIN_LETTERS or any(c.isupper() for c in word[1:]):
            continue
        fixes = known.get(word.lower().replace("’", "'"))
        if fixes is None:
            continue
        start, end = m.span()
        if inside_identifier(text, start, end) or (skip is not None and skip(start, end)):
            continue
        out.append((start, end, fixes))
    return out


class MisspellingPass:
    """Known misspellings in the card's prose (codespell's dictionary)."""

    name = "misspelling"
    rules: tuple[Rule, ...] = (RULE,)

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        from xdocs.lint.advice import named_by_its_link
        from xdocs.lint.nonprose import ALL, nonprose
        from xdocs.lint.prosetext import masked_text

        doc = card.document
        if not doc.text.strip():
            return []
        spans = nonprose(doc)
        hits = misspellings(
            masked_text(doc),
            lambda a, b: spans.covers(a, b, ALL) or named_by_its_link(doc.text, a, b),
        )
        out = []
        for start, end, fixes in hits:
            found = doc.text[start:end]
            shown = [_in_case_of(found, f) for f in fixes]
            line, col = doc.position(start)
            end_line, end_col = doc.position(end)
            if len(shown) == 1:
                message, fix = f"'{found}' is a misspelling of '{shown[0]}'.", shown[0]
            else:
                message = f"'{found}' is a misspelling of one of: " + ", ".join(
                    f"'{s}'" for s in shown
                )
                fix = None
            out.append(
                RULE.finding(
                    card.path,
                    line,
                    col,
                    message,
                    end_line=end_line,
                    end_column=end_col,
                    fix=f"replace with '{fix}'" if fix else "choose the word meant",
                    source="codespell",
                )
            )
        return out
