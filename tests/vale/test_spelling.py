"""``spelling`` rules and Vale.Spelling: Hunspell dictionaries, filters, ignore files, vocabularies.

The default dictionary is built the way Vale's en_US-web was: SCOWL's word
lists up to size 70 (Debian's scowl package, installed by .ci/run), else the
system's Hunspell en_US; named dictionaries are small ones written here, with
affix rules, so the Hunspell side is exercised for real.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from xdocs.cli import cli
from xdocs.vale import ValeError, lint_text, load_linter
from xdocs.vale.spelling import speller
from xdocs.vale.spelling.tokenize import word_tokens


def _project(
    tmp_path: Path,
    styles: str = "Vale",
    rules: dict[str, str] | None = None,
    accept: list[str] | None = None,
    reject: list[str] | None = None,
) -> Path:
    (tmp_path / "styles" / "T").mkdir(parents=True)
    for name, body in (rules or {}).items():
        (tmp_path / "styles" / "T" / f"{name}.yml").write_text(body)
    vocab = ""
    if accept is not None or reject is not None:
        folder = tmp_path / "styles" / "config" / "vocabularies" / "V"
        folder.mkdir(parents=True)
        (folder / "accept.txt").write_text("\n".join(accept or []) + "\n")
        (folder / "reject.txt").write_text("\n".join(reject or []) + "\n")
        vocab = "Vocab = V\n"
    ini = tmp_path / ".vale.ini"
    ini.write_text(f"StylesPath = styles\n{vocab}[*.md]\nBasedOnStyles = {styles}\n")
    return ini


def _hits(text: str, ini: Path, check: str = "Vale.Spelling") -> list[tuple[int, int, str]]:
    return [(a.line, a.span[0], a.match) for a in lint_text(text, "a.md", ini) if a.check == check]


def test_vale_spelling_flags_typos_with_the_default_dictionary(tmp_path):
    ini = _project(tmp_path)
    text = "# Notes\n\nThe quick brown fox has a typpo.\n\nIt's `codde` and don't recieve.\n"
    assert _hits(text, ini) == [(3, 27, "typpo"), (5, 24, "recieve")]


def test_default_filters_skip_camel_case_capitals_and_non_letters(tmp_path):
    ini = _project(tmp_path)
    text = "Use JavaScript, NASA, gpt2 and snake_case_wordz or a qwertyuiop.\n"
    assert [m for _, _, m in _hits(text, ini)] == ["snake_case_wordz", "qwertyuiop"]


def test_accepted_words_pass_and_rejected_words_are_flagged(tmp_path):
    ini = _project(tmp_path, accept=["qwertyuiop", "[Ff]oobarz", "zorp blatt"], reject=["badword"])
    # Vocabulary terms pass spelling in any case (Vale.Terms then asks for their case).
    text = "A qwertyuiop, foobarz and Qwertyuiop. Say zorp blatt, but blatt alone. A badword.\n"
    alerts = lint_text(text, "a.md", ini)
    assert sorted((a.check, a.match) for a in alerts) == [
        ("Vale.Avoid", "badword"),
        ("Vale.Spelling", "badword"),
        ("Vale.Spelling", "blatt"),
        ("Vale.Terms", "Qwertyuiop"),
    ]


def test_ignore_files_of_vale_spelling(tmp_path):
    ini = _project(tmp_path)
    ignore = tmp_path / "styles" / "config" / "ignore" / "team"
    ignore.mkdir(parents=True)
    (ignore / "words.txt").write_text(
        "# comment lines are words in Vale, a lone # is not\n#\nzorbix\n"
    )
    assert _hits("A zorbix and a zorbax.\n", ini) == [(1, 16, "zorbax")]


AFF = "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n"
DIC = "2\nflurb/S\nglimmet\n"


def _dictionary(folder: Path, name: str = "tiny") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.aff").write_text(AFF)
    (folder / f"{name}.dic").write_text(DIC)


def test_a_rule_with_its_own_dictionary_uses_hunspell_affixes(tmp_path):
    rule = "extends: spelling\nmessage: \"'%s'?\"\nlevel: error\ncustom: true\n"
    rule += "dic: tiny.dic\naff: tiny.aff\n"
    ini = _project(tmp_path, styles="T", rules={"Spell": rule})
    _dictionary(tmp_path / "styles" / "config" / "dictionaries")
    text = "flurbs glimmet glimmets flurb the\n"
    assert _hits(text, ini, "T.Spell") == [(1, 16, "glimmets"), (1, 31, "the")]


def test_hunspell_dictionaries_are_looked_up_like_vales_speller(tmp_path):
    # Vale expands a dictionary into words and takes a word as written or in lower case:
    # a proper noun passes only with its capital (Hunspell itself also takes ZORBIA), and
    # any casing of a lowercase word passes (Hunspell itself rejects gLIMMET).
    rule = "extends: spelling\nmessage: \"'%s'?\"\nlevel: error\ncustom: true\n"
    rule += "dic: tiny.dic\naff: tiny.aff\n"
    ini = _project(tmp_path, styles="T", rules={"Spell": rule})
    folder = tmp_path / "styles" / "config" / "dictionaries"
    folder.mkdir(parents=True)
    (folder / "tiny.aff").write_text(AFF)
    (folder / "tiny.dic").write_text("3\nflurb/S\nglimmet\nZorbia/S\n")
    text = "Zorbia Zorbias zorbia ZORBIA FLURBS Flurbs gLIMMET\n"
    assert [m for _, _, m in _hits(text, ini, "T.Spell")] == ["zorbia", "ZORBIA"]


def test_dictionaries_from_dicpath_and_append(tmp_path):
    rule = "extends: spelling\nmessage: \"'%s'?\"\nlevel: error\ndicpath: dicts\n"
    rule += "dictionaries:\n  - tiny\n"
    ini = _project(tmp_path, styles="T", rules={"Only": rule, "Both": rule + "append: true\n"})
    _dictionary(tmp_path / "styles" / "dicts")
    text = "flurbs and glimmet\n"
    assert _hits(text, ini, "T.Only") == [(1, 8, "and")]
    assert _hits(text, ini, "T.Both") == []


def test_rule_ignore_file_and_custom_filters(tmp_path):
    rule = "extends: spelling\nmessage: \"'%s'?\"\nlevel: error\nignore: words.txt\n"
    rule += "filters:\n  - '^zz'\n"
    ini = _project(tmp_path, styles="T", rules={"Spell": rule})
    (tmp_path / "styles" / "config" / "ignore").mkdir(parents=True)
    (tmp_path / "styles" / "config" / "ignore" / "words.txt").write_text("plorkish\n")
    assert _hits("plorkish zzqqx qqzzx\n", ini, "T.Spell") == [(1, 16, "qqzzx")]


def test_a_named_dictionary_that_is_missing_is_a_rule_error(tmp_path):
    rule = "extends: spelling\nmessage: x\ndictionaries:\n  - nowhere\n"
    ini = _project(tmp_path, styles="T", rules={"Spell": rule})
    with pytest.raises(ValeError, match="dictionary 'nowhere' not found"):
        load_linter(ini)


def _run_vale(tmp_path: Path, text: str) -> Any:
    _project(tmp_path)
    (tmp_path / "a.md").write_text(text)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(cli, ["vale", "--output=line", "a.md"])
    finally:
        os.chdir(old)


def test_without_a_default_dictionary_vale_spelling_is_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(speller, "SCOWL_DIRS", (str(tmp_path / "no-scowl"),))
    monkeypatch.setattr(speller, "find_default", lambda: [])
    res = _run_vale(tmp_path, "A typpo.\n")
    assert res.stdout == ""
    assert "note: Vale.Spelling: not run: no default dictionary found" in res.stderr
    assert "apt-get install scowl" in res.stderr


needs_scowl = pytest.mark.skipif(
    not speller.find_scowl(), reason="SCOWL word lists absent (Debian: apt-get install scowl)"
)


@needs_scowl
def test_default_dictionary_is_scowl_up_to_size_70_like_vales_en_us_web(tmp_path):
    # Vale's en_US-web is SCOWL's size-70 lists with American, British and Canadian
    # spellings and level-1 variants, accents stripped: these words are in it and not in
    # Debian's en_US (size 60, American only), so Debian's list flagged them.
    ini = _project(tmp_path)
    text = "The colourist agonised; a moustached guerilla totalled the greyed lorry.\n"
    assert _hits(text, ini) == []
    assert [m for _, _, m in _hits("A cafe, a naive fiance and a typpo.\n", ini)] == ["typpo"]


@needs_scowl
def test_word_list_dictionary_decides_like_vales_speller(tmp_path):
    # Vale looks a word up as written, then in lower case: any casing of a lowercase
    # word passes, a proper noun only with its capital (Hunspell would take PARIS too).
    rule = "extends: spelling\nmessage: \"'%s'?\"\nlevel: error\ncustom: true\n"
    ini = _project(tmp_path, styles="T", rules={"Spell": rule})
    text = "hELLO Paris paris PARIS 21st 112th 3rd 21th 100GB 0x1F\n"
    assert [m for _, _, m in _hits(text, ini, "T.Spell")] == ["paris", "PARIS", "21th"]


@needs_scowl
def test_no_note_when_the_scowl_dictionary_is_used(tmp_path):
    res = _run_vale(tmp_path, "A typpo.\n")
    assert "a.md:1:3:Vale.Spelling:Did you really mean 'typpo'?" in res.stdout
    assert "note:" not in res.stderr


def test_falling_back_to_hunspell_en_us_is_a_note_naming_it(tmp_path, monkeypatch):
    if not speller.find_default():
        pytest.skip("no Hunspell en_US dictionary either")
    monkeypatch.setattr(speller, "SCOWL_DIRS", (str(tmp_path / "no-scowl"),))
    res = _run_vale(tmp_path, "A typpo.\n")
    assert "a.md:1:3:Vale.Spelling:Did you really mean 'typpo'?" in res.stdout
    notes = [line for line in res.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1
    assert notes[0].startswith("note: Vale.Spelling: used Hunspell en_US (")
    assert "apt-get install scowl" in notes[0]


def test_vale_spelling_is_not_loaded_without_the_vale_style(tmp_path):
    ini = _project(tmp_path, styles="T", rules={"Word": "extends: existence\nmessage: x\n"})
    assert "Vale.Spelling" not in load_linter(ini).rules.rules


def test_word_tokens_follow_vales_tokenizer():
    text = "(Hello), \u201cquoted\u201d e.g. Mr. don't $100 'tis end."
    assert word_tokens(text) == ["Hello", "quoted", "e.g.", "Mr.", "don't", "tis", "end"]


def test_words_are_cached_per_speller(tmp_path, monkeypatch):
    _dictionary(tmp_path)
    checker = speller.Speller(
        [speller.load_dictionary(tmp_path / "tiny.aff", tmp_path / "tiny.dic")]
    )
    calls = []
    original = checker._in_dictionaries
    monkeypatch.setattr(checker, "_in_dictionaries", lambda w: calls.append(w) or original(w))
    assert [checker.spell(w) for w in ["flurbs", "flurbs", "nope", "nope"]] == [
        True, True, False, False,
    ]  # fmt: skip
    assert calls == ["flurbs", "nope"]


def test_scowl_lists_up_to_size_70_make_the_default(tmp_path, monkeypatch):
    # A folder laid out like SCOWL's final/ lists: which files count, accents stripped.
    folder = tmp_path / "scowl"
    folder.mkdir()
    lists = {
        "english-words.10": "alphaword\n",
        "american-words.10": "betaword\n",
        "british-words.70": "colourword\n",
        "variant_1-words.60": "gammaword\n",
        "english-proper-names.50": "Zorbland\n",
        "english-words.80": "deltaword\n",  # size 80: en_US-web stops at 70
        "australian-words.10": "epsilonword\n",  # Australian spellings are not in it
        "variant_2-words.35": "zetaword\n",  # nor level-2 variants
        "special-hacker.50": "cafébabe\n",  # accents stripped, as in en_US-web
    }
    for name, words in lists.items():
        (folder / name).write_text(words, encoding="utf-8")
    monkeypatch.setattr(speller, "SCOWL_DIRS", (str(folder),))
    found, note = speller.default_dictionaries()
    checker = speller.Speller(found)
    assert note == ""
    text = "alphaword Betaword colourword gammaword Zorbland zorbland deltaword"
    text += " epsilonword zetaword cafebabe"
    assert [w for w in text.split() if not checker.spell(w)] == [
        "zorbland", "deltaword", "epsilonword", "zetaword",
    ]  # fmt: skip
