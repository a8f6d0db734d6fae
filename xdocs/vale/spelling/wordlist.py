"""The default dictionary built the way Vale's ``en_US-web`` was: SCOWL's word lists.

Vale embeds ``en_US-web`` (``internal/spell/data/en_US-web.{aff,dic}`` in
errata-ai/vale, from the errata-ai/en_US-web repository, MIT). Its history
shows how it was made: SCOWL's ``en_US-large`` Hunspell dictionary (size 70),
regenerated with British and Canadian spellings and level-1 variants
("Support both 'ise' and 'ize'"), accents stripped, plus a few hundred
hand-picked web and software words (``webhook``, ``dropdown``, ``backtick``,
``ok``…) that no SCOWL list has. Checked word by word against Vale's expanded
list (171,933 forms), the SCOWL lists below (Debian's ``scowl`` package,
SCOWL 2020.12.07, ``/usr/share/dict/scowl``) give the same words but for 181
that Vale has (the hand-picked words and their forms, a few ``-ize`` forms of
British words) and 527 it lacks (SCOWL 2020 additions such as ``biofilm``, US
place names); Debian's ``hunspell-en-us`` (size 60, American only) differs on
5,629 and 484. The hand-picked words are in no package: they stay a
documented difference.

Vale's speller (``spell/gospell.go``) does not run Hunspell's algorithm: it
expands every entry into a set of words and a word passes when the set holds
it as written or in lower case. SCOWL's lists are already expanded, so a
:class:`WordList` is that set. The one rule from the affix file that a list
cannot hold is ``COMPOUNDRULE`` for ordinals (``21st``, ``112th``), kept here
as the pattern it builds (the en_US affix files of Vale and Debian share it).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

#: SCOWL list names (``<category>-<kind>.<size>``) that make up the dictionary
CATEGORIES = (
    "english", "american", "british", "british_z", "canadian", "variant_1", "british_variant_1",
)  # fmt: skip
KINDS = ("words", "upper", "abbreviations", "contractions", "proper-names")
MAX_SIZE = 70
SPECIAL = ("special-hacker", "special-roman-numerals")
#: Hunspell en_US ``COMPOUNDRULE n*1t`` and ``n*mp`` with the bare ordinals
ORDINAL = re.compile(r"^(?:[0-9]*1[0-9]th|(?:[0-9]*[02-9])?(?:1st|2nd|3rd|[04-9]th))$")
#: Vale's en_US-web ``ICONV``: curly apostrophes read as straight ones
ICONV = (("\u2019", "'"), ("\u2018", "'"))
MAX_FILE = 8 * 1024 * 1024


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def selected(name: str) -> bool:
    """Is the SCOWL list file ``name`` part of the dictionary?"""
    stem, _, size = name.rpartition(".")
    if not size.isdigit():
        return False
    if stem in SPECIAL:
        return True
    category, _, kind = stem.rpartition("-")
    if stem.endswith("-proper-names"):
        category, kind = stem[: -len("-proper-names")], "proper-names"
    return category in CATEGORIES and kind in KINDS and int(size) <= MAX_SIZE


class WordList:
    """An expanded word set, looked up as Vale's speller looks words up."""

    iconv = ICONV

    def __init__(self, words: frozenset[str], source: str) -> None:
        self.words = words
        self.source = source

    def lookup(self, word: str) -> bool:
        return word in self.words or ORDINAL.match(word) is not None


def _stamp(folder: Path) -> tuple[str, int]:
    return (str(folder.resolve()), folder.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(stamp: tuple[str, int]) -> WordList:
    folder = Path(stamp[0])
    words: set[str] = set()
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not selected(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        if entry.stat(follow_symlinks=False).st_size > MAX_FILE:
            continue
        with open(entry.path, encoding="utf-8", errors="replace") as fh:
            words.update(_strip_accents(line.strip()) for line in fh)
    words.discard("")
    return WordList(frozenset(words), f"SCOWL word lists up to size {MAX_SIZE} ({folder})")


def load_scowl(folder: Path) -> WordList:
    """The dictionary from a folder of SCOWL ``final/`` lists, cached while unchanged."""
    return _load(_stamp(folder))


def has_scowl(folder: Path) -> bool:
    """Does ``folder`` hold SCOWL's core lists?"""
    return (folder / "english-words.10").is_file() and (folder / "american-words.10").is_file()
