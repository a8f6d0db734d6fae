"""``spelling``: words that no dictionary knows (Vale's ``check/spelling.go``).

Dictionaries, in Vale's order (``makeSpeller``):

- ``aff`` and ``dic`` naming two files (found like any asset: under
  StylesPath, its ``config/*`` folders, or next to the ``.vale.ini``): only
  that dictionary;
- else ``dictionaries: [name, ...]`` from ``dicpath`` (absolute, under
  StylesPath or the working folder; default StylesPath/config/dictionaries)
  and ``$DICPATH``, plus the default one when ``append: true``;
- else the default dictionary (Vale embeds ``en_US-web``; we build it from
  SCOWL's lists, else use Hunspell ``en_US`` with a note, see
  ``spelling/speller.py``); ``Vale.Spelling`` also
  loads every dictionary in
  StylesPath/config/dictionaries and every ignore file under
  StylesPath/config/ignore.

A word is checked unless a filter matches it (the rule's ``filters``, then
Vale's defaults unless ``custom: true``: camel case, words ending in capitals,
anything but ASCII letters, ``_`` and ``'``). Accepted vocabulary terms pass
(case-insensitive, whole words, patterns allowed); accepted phrases are masked.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import regex

from xdocs.vale.base import Hit, Rule, as_bool, as_list, go_format, phrase_regex
from xdocs.vale.config import Config
from xdocs.vale.errors import ValeError
from xdocs.vale.regexes import Budget, compile_vale
from xdocs.vale.spelling.speller import (
    DictionaryError,
    Speller,
    default_dictionaries,
    find_named,
    load_dictionary,
    read_word_list,
)
from xdocs.vale.spelling.tokenize import word_tokens
from xdocs.vale.state import FileState

DEFAULT_FILTERS = (r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[A-Z]+$", r"[^a-zA-Z_']")
DICT_DIR = Path("config") / "dictionaries"
IGNORE_DIR = Path("config") / "ignore"
CONFIG_DIRS = ("vocabularies", "dictionaries", "templates", "ignore", "actions", "scripts",
               "filters", "views")  # fmt: skip


class Spelling(Rule):
    """Hunspell spelling with Vale's filters, ignore files and vocabulary."""

    anchors = False
    any_keys = True  # Vale decodes spelling rules weakly: unknown keys are ignored

    def __init__(self, name: str, spec: dict[str, Any], path: str, cfg: Config) -> None:
        super().__init__(name, spec, path, cfg)
        self.filters: list[re.Pattern[str]] = []
        for f in as_list(spec.get("filters")):
            try:
                self.filters.append(re.compile(f))
            except re.error as exc:
                raise ValeError(f"invalid filter {f!r}: {exc}", path) from None
        if not as_bool(spec.get("custom", False)):
            self.filters += [re.compile(f) for f in DEFAULT_FILTERS]
        self.except_rx = _vocabulary(cfg.accepted, path)
        self.phrase_rx = phrase_regex([], cfg.accepted, True)
        self.unsupported_reason = ""
        #: a note for the user when the default dictionary is a fallback
        self.dictionary_note = ""
        try:
            self.speller = _speller(name, spec, path, cfg, self)
        except DictionaryError as exc:
            if path == "internal":
                # Vale's own rule: run without it rather than refuse the config.
                self.supported = False
                self.unsupported_reason = str(exc)
                return
            raise ValeError(str(exc), path, 1) from None

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        speller = self.speller
        txt = speller.convert(text)
        if self.phrase_rx is not None:
            txt = self.phrase_rx.sub(lambda m: " " * len(m.group(0)), txt)
        out: list[Hit] = []
        for word in word_tokens(txt):
            if any(f.search(word) for f in self.filters):
                continue
            if speller.spell(word):
                continue
            if self.except_rx is not None and budget.search(self.except_rx, word) is not None:
                continue
            at = txt.find(word)
            start = max(at, 0)
            message = go_format(self.message, word)
            out.append(Hit(start, start + len(word), word, message, dict(self.action)))
        return out


def _vocabulary(accepted: list[str], path: str) -> regex.Pattern[str] | None:
    """Accepted terms as whole words, case-insensitive (``addExceptions``)."""
    if not accepted:
        return None
    terms = [t if t.startswith("\\b") or t.endswith("\\b") else rf"\b{t}\b" for t in accepted]
    try:
        return compile_vale("(?i)" + "|".join(terms))
    except Exception as exc:
        raise ValeError(f"invalid vocabulary term: {exc}", path) from None


def _find_asset(cfg: Config, name: str) -> Path | None:
    """Vale's ``FindAsset``: StylesPath, its config folders, then next to the config."""
    if not name:
        return None
    roots = [cfg.styles_path] if cfg.styles_path is not None else [Path("")]
    for root in roots:
        if (root / name).is_file():
            return root / name
    for root in roots:
        for sub in CONFIG_DIRS:
            if (root / "config" / sub / name).is_file():
                return root / "config" / sub / name
    base = cfg.path.parent if cfg.path is not None else cfg.root
    cand = Path(name) if Path(name).is_absolute() else base / name
    return cand if cand.is_file() else None


def _default(speller_dicts: list[Any], rule: Spelling) -> None:
    found, note = default_dictionaries()
    speller_dicts += found
    rule.dictionary_note = note


def _speller(name: str, spec: dict[str, Any], path: str, cfg: Config, rule: Spelling) -> Speller:
    styles = cfg.styles_path
    aff = _find_asset(cfg, str(spec.get("aff") or ""))
    dic = _find_asset(cfg, str(spec.get("dic") or ""))
    if aff is not None and dic is not None:
        speller = Speller([load_dictionary(aff, dic)])
    else:
        dicts: list[Any] = []
        dicpath = str(spec.get("dicpath") or "")
        if dicpath:
            options = [Path(dicpath), Path.cwd() / dicpath]
            if styles is not None:
                options.insert(1, styles / dicpath)
            root = next((p for p in options if p.is_dir()), None)
            if root is None:
                raise DictionaryError("unable to resolve dicpath")
        else:
            root = (styles or Path("")) / DICT_DIR
        names = as_list(spec.get("dictionaries"))
        for dict_name in names:
            dicts.append(load_dictionary(*find_named(dict_name, [root])))
        if not dicts or (names and as_bool(spec.get("append", False))):
            _default(dicts, rule)
        if path == "internal" and not names and styles is not None:
            for extra in sorted((styles / DICT_DIR).glob("*.dic")):
                dicts.append(load_dictionary(*find_named(extra.stem, [styles / DICT_DIR])))
        speller = Speller(dicts)
    for file in _ignore_files(name, spec, cfg):
        speller.add_words(read_word_list(file))
    return speller


def _ignore_files(name: str, spec: dict[str, Any], cfg: Config) -> list[Path]:
    styles = cfg.styles_path
    if name == "Vale.Spelling":
        if styles is None or not (styles / IGNORE_DIR).is_dir():
            return []
        return sorted((styles / IGNORE_DIR).rglob("*.txt"))
    out = []
    for ignore in as_list(spec.get("ignore")):
        options = [Path(os.path.abspath(ignore))]
        if styles is not None:
            options += [styles / ignore, styles / IGNORE_DIR / ignore]
        out += [p for p in options if p.is_file()]
    return out
