"""Known misspellings (codespell's dictionary): real typos reported, nothing else.

Sample 10 (docs/lint.md) found Harper's SpellCheck right about half the time on real
cards; its true findings were typos such as "becuase", "seperate" and "retrived",
which a list of known misspellings names without guessing.
"""

from __future__ import annotations

from pathlib import Path

from tests.lint.test_prose_precision import check
from xdocs.config import Config
from xdocs.lint.grammar.misspellings import known_misspellings, misspellings

RULE = "grammar/codespell/Misspelling"


def test_the_dictionary_is_codespells() -> None:
    known = known_misspellings()
    assert len(known) > 30_000
    assert known["becuase"] == ("because",)
    assert "because" not in known


def test_typos_in_prose_are_reported_with_their_correction(
    tmp_path: Path, repo_config: Config
) -> None:
    body = (
        "# Model\n\nThe targets will predict randomly becuase they do not exist.\n\n"
        "Recordings are retrived from social media. Seperate runs agree.\n"
    )
    found = [f for f in check(tmp_path, repo_config, body) if f.rule == RULE]
    assert [(f.line, f.fix) for f in found] == [
        (7, "replace with 'because'"),
        (9, "replace with 'retrieved'"),
        (9, "replace with 'Separate'"),
    ]


def test_code_names_and_words_are_not_misspellings(tmp_path: Path, repo_config: Config) -> None:
    """Real words Harper does not know, names, identifiers, code and quoted text are
    never on the list or never read."""
    body = (
        "# Model\n\nThe model is undertrained; foreseeably, radiological images and "
        "bicubic resizing help. Songting wrote it.\n\n"
        "Run `seperate.py` or seperate_files.py with --becuase.\n\n"
        '```\nbecuase = 1\n```\n\nThe prompt "becuase" is typed as is.\n\n'
        "Courtesy to the authors of [blurr](https://ohmeow.github.io/blurr/) for the code.\n"
    )
    assert [f for f in check(tmp_path, repo_config, body) if f.rule == RULE] == []


def test_short_entries_and_inner_capitals_are_left_alone() -> None:
    """codespell lists "te" and "ser" (language codes on model cards) and a word with
    capitals inside is a name."""
    assert misspellings("The te and ser splits; the BeCuase tool.") == []
    assert [h[2] for h in misspellings("It failed becuase of data.")] == [("because",)]
