"""Hunspell dictionaries for ``spelling`` rules, read by spylls (pure-Python Hunspell).

Vale checks a word against several dictionaries (``spell/multi.go``): a
word passes when any of them knows it as written or in lower case (exactly
that case: Vale's ``gospell.go`` looks words up in the set of forms the
dictionary expands to, not with Hunspell's case rules), when it
is a word of an ignore file, or when it looks like a number, a hash or a
number with units. Vale embeds its own ``en_US-web`` dictionary as the
default; we build the same from SCOWL's word lists (``wordlist.py``, Debian's
``scowl``), else use the system's Hunspell ``en_US`` (Debian's
``hunspell-en-us``, ``/usr/share/hunspell``) or the copy spylls ships, and
say which in a note (docs/vale.md lists what we measured).

spylls is slow per word (tens of microseconds, more for misses), and prose
repeats its words, so each :class:`Speller` keeps the answer for every word
it has seen; dictionaries are loaded once per process per file (path,
modification time, size).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from xdocs.vale.spelling.wordlist import WordList, has_scowl, load_scowl

if TYPE_CHECKING:
    from spylls.hunspell import Dictionary

#: where SCOWL's word lists are looked for (Debian's ``scowl`` package)
SCOWL_DIRS = ("/usr/share/dict/scowl",)
SCOWL_HINT = "apt-get install scowl for the SCOWL word lists Vale's en_US-web is built from"
#: where the fallback Hunspell en_US dictionary is looked for, in order
SYSTEM_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")
DEFAULT_NAMES = ("en_US",)
WORD_CACHE = 200_000

_NUMBER = re.compile(r"^([0-9]+[.,-]?)+$")
_UNITS = re.compile(r"^[0-9]+[a-zA-Z]+$")
_HEX = re.compile(r"^0?[x][0-9A-Fa-f]+$")
_BINARY = re.compile(r"^0[b][01]+$")
_HASH = re.compile(r"^[0-9a-z]{40}$")


class DictionaryError(Exception):
    """A dictionary a rule names cannot be found or read (a rule error)."""


def _stamp(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


#: affix-file directives only suggestions use; spylls rejects some real-world ones
#: (a PHONE table with a stray byte), which Vale never reads.
_SUGGESTION_ONLY = ("PHONE",)


@lru_cache(maxsize=16)
def _load(aff: tuple[str, int, int], dic: tuple[str, int, int]) -> Dictionary:
    """Read with spylls, the way Vale's reader sees the files.

    Vale reads every dictionary as UTF-8 (spylls would default to
    Windows-1252 without a ``SET`` line) and does not split words at
    ``BREAK`` points (``human-friendly`` is one word, checked whole).
    """
    from spylls.hunspell import Dictionary
    from spylls.hunspell.readers import FileReader, read_aff, read_dic

    declared: list[str] = []

    class AffReader(FileReader):
        def readlines(self):  # type: ignore[no-untyped-def]
            for number, line in super().readlines():
                if line.startswith("SET "):
                    declared.append(line)
                if not line.startswith(_SUGGESTION_ONLY):
                    yield number, line

    aff_data, context = read_aff(AffReader(aff[0], encoding="UTF-8"))
    if not declared:
        context.encoding = "UTF-8"
    dic_data = read_dic(FileReader(dic[0], encoding=context.encoding), aff=aff_data,
                        context=context)  # fmt: skip
    aff_data.BREAK = []
    return Dictionary(aff_data, dic_data)


def load_dictionary(aff: Path, dic: Path) -> Dictionary:
    """A Hunspell dictionary from its two files, cached while the files are unchanged."""
    try:
        return _load(_stamp(aff), _stamp(dic))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, IndexError) as exc:
        raise DictionaryError(f"cannot read dictionary {dic.name}: {exc}") from None


def find_default() -> list[tuple[Path, Path]]:
    """The fallback dictionaries (.aff, .dic): the system's en_US, else spylls' copy."""
    dirs = [Path(d) for d in SYSTEM_DIRS]
    try:
        import spylls.hunspell

        bundled = Path(spylls.hunspell.__file__).parent / "data" / "en"
    except ImportError:  # pragma: no cover - spylls is a dependency
        return []
    found: list[tuple[Path, Path]] = []
    for name in DEFAULT_NAMES:
        for d in dirs + ([bundled] if name == "en_US" else []):
            aff, dic = d / f"{name}.aff", d / f"{name}.dic"
            if aff.is_file() and dic.is_file():
                found.append((aff, dic))
                break
        if not found:
            return []  # no en_US: no default
    return found


def find_scowl() -> Path | None:
    """The folder of SCOWL's word lists, if installed."""
    return next((Path(d) for d in SCOWL_DIRS if has_scowl(Path(d))), None)


def default_dictionaries() -> tuple[list[Dictionary | WordList], str]:
    """Vale's default dictionary, or the closest one here, and a note when it is a fallback.

    SCOWL's lists built like Vale's ``en_US-web`` come first; else Hunspell
    ``en_US`` (the note names it and says what to install); else nothing.
    """
    scowl = find_scowl()
    if scowl is not None:
        try:
            return [load_scowl(scowl)], ""
        except OSError:
            pass  # unreadable: fall back to Hunspell below
    found = find_default()
    if not found:
        raise DictionaryError(f"no default dictionary found: {SCOWL_HINT}")
    dicts: list[Dictionary | WordList] = [load_dictionary(aff, dic) for aff, dic in found]
    where = ", ".join(str(dic.parent) for _, dic in found)
    return dicts, f"used Hunspell en_US ({where}), smaller than Vale's en_US-web: {SCOWL_HINT}"


def find_named(name: str, roots: list[Path]) -> tuple[Path, Path]:
    """``name``.aff/.dic from the first root that has them (Vale's ``readAsset``)."""
    env = os.environ.get("DICPATH")
    for root in [*roots, *(Path(p) for p in (env.split(os.pathsep) if env else []))]:
        aff, dic = root / f"{name}.aff", root / f"{name}.dic"
        if aff.is_file() and dic.is_file():
            return aff, dic
    raise DictionaryError(f"dictionary '{name}' not found in {[str(r) for r in roots]}")


def read_word_list(path: Path) -> list[str]:
    """An ignore file: one word a line; blank lines and a lone ``#`` are skipped."""
    words = []
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            word = line.strip()
            if word and word != "#":
                words.append(word)
    return words


def looks_numeric(word: str) -> str | None:
    """``""`` for numbers, hex, binary and hashes (always correct), the unit of
    ``100GB`` (correct if the unit is a word), ``None`` otherwise."""
    if _NUMBER.match(word) or _HEX.match(word) or _BINARY.match(word) or _HASH.match(word):
        return ""
    if _UNITS.match(word):
        return word.lstrip("0123456789")
    return None


def _exactly(d: Dictionary | WordList, word: str) -> bool:
    """Is ``word`` a form of the dictionary in exactly this case?

    Vale expands a dictionary into its words and looks a word up as written,
    then in lower case; Hunspell would also take case variants (``PARIS`` for
    ``Paris``), so spylls is asked for the word's own capitalization only.
    """
    if isinstance(d, WordList):
        return d.lookup(word)
    return bool(d.lookuper(word, capitalization=False))


class Speller:
    """Several dictionaries and word lists checked together (Vale's ``spell.Checker``)."""

    def __init__(self, dictionaries: list[Dictionary | WordList]) -> None:
        self.dictionaries = dictionaries
        self.words: set[str] = set()
        self._known: dict[str, bool] = {}
        self._iconv: list[tuple[str, str]] = []
        for d in dictionaries:
            if isinstance(d, WordList):
                self._iconv += d.iconv
                continue
            table = getattr(d.aff, "ICONV", None)
            for pair in getattr(table, "pairs", None) or []:
                self._iconv.append((pair[0], pair[1]))

    def add_words(self, words: list[str]) -> None:
        self.words.update(words)
        self._known.clear()

    def convert(self, text: str) -> str:
        """The dictionaries' ``ICONV`` substitutions (``’`` to ``'`` in en_US)."""
        for src, dst in self._iconv:
            text = text.replace(src, dst)
        return text

    def _in_dictionaries(self, word: str) -> bool:
        lower = word.lower()
        if word in self.words or lower in self.words:
            return True
        for d in self.dictionaries:
            try:
                if _exactly(d, word) or (lower != word and _exactly(d, lower)):
                    return True
            except (IndexError, KeyError, ValueError, RecursionError):
                continue  # spylls on a malformed entry: not known
        return False

    def spell(self, word: str) -> bool:
        """Is ``word`` correct? Remembered per word."""
        known = self._known.get(word)
        if known is None:
            unit = looks_numeric(word)
            if unit == "":
                known = True
            else:
                known = self._in_dictionaries(word) or (
                    unit is not None and self._in_dictionaries(unit)
                )
            if len(self._known) >= WORD_CACHE:
                self._known.clear()
            self._known[word] = known
        return known
