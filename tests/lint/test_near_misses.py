"""Slips of the keyboard no list names: "obviousely", "custmized", "improvemed".

Sample 10 (docs/lint.md) found five true typos that only Harper's SpellCheck reported,
and SpellCheck is off by default (right about half the time: it calls every word its
dictionary lacks a misspelling). ``grammar/spelling/NotAWord`` reports a lower-case
word that no English dictionary knows, that is not built from known words, and that is
one slip away from a word that is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.test_prose_precision import check
from xdocs.config import Config
from xdocs.lint.grammar.near_misses import built_from_words, near_miss

RULE = "grammar/spelling/NotAWord"


def _found(tmp_path: Path, config: Config, body: str, front: str = "name: demo\n") -> list:
    found = check(tmp_path, config, body, front)
    return [(f.line, f.message, f.fix) for f in found if f.rule == RULE]


def test_slips_in_prose_are_reported_with_the_word_meant(
    tmp_path: Path, repo_config: Config
) -> None:
    body = (
        "# Model\n\nThus, performance is obviousely dependent on the translation model.\n\n"
        "The data set holds 43 custmized images.\n\n"
        "Training on it leads to improvemed downstream performance.\n"
    )
    found = _found(tmp_path, repo_config, body)
    assert [(line, fix) for line, _m, fix in found] == [
        (7, "replace with 'obviously'"),
        (9, "replace with 'customized'"),
        (11, "replace with 'improved'"),
    ]
    assert "no English dictionary" in found[0][1]


def test_words_built_from_words_are_words(tmp_path: Path, repo_config: Config) -> None:
    """Real words a dictionary lacks are made of words it has: a prefix, a suffix, two
    words joined."""
    body = (
        "# Model\n\nThe model is undertrained; people would foreseeably find it slow, "
        "and it performs suboptimally. We marketizing nothing. Images use bicubic "
        "resizing, subtoken limits and a dataframe; it runs faster than realtime.\n"
    )
    assert _found(tmp_path, repo_config, body) == []


def test_names_codes_and_repeated_spellings_are_not_slips(
    tmp_path: Path, repo_config: Config
) -> None:
    body = (
        "# Model\n\nThe harry potter dialogpt model. Scores on bqcorpus and lcqmc.\n\n"
        "A Diffusers blog: D🧨iffusers is fun. Run `obviousely.py` or obviousely_run.\n\n"
        "The word custmized is written here, and custmized here again.\n\n"
        '```\nimprovemed = 1\n```\n\nThe prompt "improvemed" is typed as is.\n\n'
        "| testset | langpair |\n|---|---|\n| newstest | eng-deu |\n\n"
        "Thanks to [cointegrated](https://huggingface.co/cointegrated) for help.\n"
    )
    assert _found(tmp_path, repo_config, body) == []


def test_known_misspellings_are_left_to_codespell(tmp_path: Path, repo_config: Config) -> None:
    """ "becuase" is on codespell's list: one rule reports it, with codespell's correction."""
    body = "# Model\n\nThe targets predict randomly becuase they are absent.\n"
    found = check(tmp_path, repo_config, body)
    assert [f.rule for f in found if "becuase" in f.message] == ["grammar/codespell/Misspelling"]


def test_the_cards_own_names_are_not_slips(tmp_path: Path, repo_config: Config) -> None:
    front = "name: demo\ndatasets:\n- obviousely/corpus\n"
    body = "# Model\n\nTrained on the obviousely corpus of web text.\n"
    assert _found(tmp_path, repo_config, body, front) == []


def test_short_words_and_capitalized_words_are_names(repo_config: Config) -> None:
    """Fewer than seven letters, or a capital, and the word is a code or a name here."""
    assert near_miss("The senter and jiatong.", repo_config) == []
    assert near_miss("Trained by Changhan and Obviousely.", repo_config) == []
    assert [(h[2]) for h in near_miss("It is obviousely so.", repo_config)] == ["obviously"]


def test_morphology() -> None:
    assert built_from_words("undertrained")
    assert built_from_words("foreseeably")
    assert built_from_words("suboptimally")
    assert built_from_words("dataframe")
    assert not built_from_words("obviousely")
    assert not built_from_words("custmized")
    # a word and an abbreviation are not a compound ("improve" + "med")
    assert not built_from_words("improvemed")


def test_contractions_handles_and_derived_words_are_not_slips(repo_config: Config) -> None:
    """Read on software documentation nobody here wrote (docs/lint.md): "shouldn't" is
    not "shouldn", a handle in brackets is a name, and words built in two steps or
    with "-al", "-ible" and "off-" are words."""
    text = (
        "It shouldn’t and shouldn't be so. Add a flag (cgalibern). Map unmappable users, "
        "fix uncatchable errors, prototypal inheritance, includible code, offboarding."
    )
    assert near_miss(text, repo_config) == []


def test_work_per_card_is_bounded(monkeypatch: pytest.MonkeyPatch, repo_config: Config) -> None:
    """A card of 17,576 distinct unknown words, each once: the dictionaries are asked
    about at most MAX_CANDIDATES of them (each word's count comes from one tally), and
    Hunspell only about the words Harper flags one slip from a word (here, none)."""
    from xdocs.lint.grammar import near_misses

    asked: list[str] = []
    hunspell: list[str] = []

    def suggestions(config: Config, words: object) -> dict:
        asked.extend(words)  # type: ignore[arg-type]
        return {w: ("x",) for w in asked}

    monkeypatch.setattr(near_misses, "harper_suggestions", suggestions)
    monkeypatch.setattr(near_misses, "_hunspell_knows", lambda w: hunspell.append(w) or False)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = [f"qz{a}{b}{c}xyvw" for a in letters for b in letters for c in letters]
    assert near_miss(" ".join(words), repo_config) == []
    assert len(asked) == near_misses.MAX_CANDIDATES
    assert hunspell == []


def test_the_grammar_linter_is_lent_and_given_back(repo_config: Config) -> None:
    """The slip rule asks the grammar pass's own Harper linter (no second dictionary is
    loaded) with SpellCheck alone, and gives it back with its rules as they were."""
    from xdocs.lint.grammar import harper as harper_pass

    linter = harper_pass._linter(repo_config)
    before = linter.get_lint_config()
    assert before["SpellCheck"] is False  # off by default in this house
    flagged = harper_pass.spelling_suggestions(repo_config, ["obviousely", "performance"])
    assert flagged == {"obviousely": ("obviously",)}
    assert harper_pass._linter(repo_config) is linter
    assert linter.get_lint_config() == before
