"""Rules whose advice needs context (xdocs/lint/advice.py): each false-positive shape
of the labelled sample as a minimal made-up case, with a true finding beside it
that must stay. The unit tests call the checks on text; the end-to-end tests run
`xdocs check` with the rule turned on, so Harper or proselint really flags both
spots and only the filter tells them apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.test_prose_precision import _config, check, on_line
from xdocs.config import Config
from xdocs.lint.advice import Advice, link_titles
from xdocs.lint.nonprose import is_code_like


def applies(rule: str, text: str, flagged: str, nth: int = 0) -> bool:
    a = -1
    for _ in range(nth + 1):
        a = text.index(flagged, a + 1)
    return Advice(text).applies(rule, a, a + len(flagged))


OXFORD = "grammar/harper/OxfordComma"


def test_oxford_comma_inside_an_item_of_a_list_with_its_own_serial_comma() -> None:
    text = "It returns the label, the start and end offsets of the span, and a score."
    assert not applies(OXFORD, text, "start")
    assert applies(OXFORD, "Write to us with any question, comment or request.", "comment")


def test_oxford_comma_inside_a_name_in_a_list_of_names() -> None:
    text = "We work on Computer Vision, Speech, Network and System Security, Applied Statistics."
    assert not applies(OXFORD, text, "Network")
    # a list of names that ends there still gets its serial comma
    assert applies(OXFORD, "It speaks English, French and German.", "French")


def test_numeric_range_that_is_a_ratio() -> None:
    rule = "grammar/harper/NumericRangeEnDash"
    text = "We used a 70-30 split; memory use stays at 60-70% of the GPU."
    assert not applies(rule, text, "-")
    assert applies(rule, text, "-", nth=1)


def test_phrasal_verb_in_a_hyphenated_compound_is_a_noun() -> None:
    rule = "grammar/harper/PhrasalVerbAsCompoundNoun"
    text = "Details on the evaluation-setup are below. Please setup the environment."
    assert not applies(rule, text, "setup")
    assert applies(rule, text, "setup", nth=1)


def test_discourse_marker_that_modifies_a_participle() -> None:
    rule = "grammar/harper/DiscourseMarkers"
    assert not applies(rule, "Additionally trained version of the base model.", "Additionally")
    assert applies(rule, "It is slow. Therefore we cache it.", "Therefore")


def test_mass_noun_only_as_a_plural() -> None:
    rule = "grammar/harper/MassNouns"
    assert not applies(rule, "The blocks, each containing a convolution.", "each containing")
    assert not applies(rule, "The mean for each morphology.", "each morphology")
    assert applies(rule, "## Informations", "Informations")


def test_sentence_capitalization_of_a_list_label() -> None:
    rule = "grammar/harper/SentenceCapitalization"
    assert not applies(rule, "- commands: messages that start with !\n", "commands")
    assert not applies(rule, "* **tokens**: words split on spaces\n", "tokens")
    assert applies(rule, "and the results on the test set:\n", "and")
    assert applies(rule, "- the model is small. it runs on a phone.\n", "it")


def test_word_choice_in_a_link_text_that_is_a_title() -> None:
    text = (
        "- [Crash course in image generation](https://example.org/course)\n"
        "See [The Challenge of Realistic Data Sets for Translation](https://example.org/p).\n"
        "It goes without saying that [our notes](https://example.org/n) help.\n"
    )
    titles = [text[a:b] for a, b in link_titles(text)]
    assert titles == ["Crash course in image generation",
                      "The Challenge of Realistic Data Sets for Translation"]  # fmt: skip
    assert not applies("proselint/cliches.misc.write_good", text, "Crash course")
    assert not applies("grammar/harper/CompoundNouns", text, "Data Sets")
    assert applies("proselint/cliches.misc.write_good", text, "goes without saying")
    # other rules still read titles (a misspelled prefix is a misspelled prefix)
    assert applies("grammar/harper/DisjointPrefixes", text, "Crash course")


def test_very_only_before_a_judgement() -> None:
    rule = "proselint/weasel_words.very"
    assert applies(rule, "This approach is very effective.", "very")
    for plain in ("very similar to", "very long audio files", "a very concrete example"):
        assert not applies(rule, f"It is {plain}.", "very"), plain


def test_a_capitalized_prefixed_word_is_a_word_not_a_name() -> None:
    for word in ("**PRE-PROCESSING**:", "NON-COMMERCIAL", "MULTI-TASK"):
        assert not is_code_like(word), word
    for name in ("I-ORG", "SST-2", "GPT-J", "GPT-NEO", "CC-BY-SA"):
        assert is_code_like(name), name


CARD = """\
# Details

Write to us with any question, comment or request.

It returns the label, the start and end offsets of the span in the input, and a score.

We used a 70-30 split to build our sets. Memory use stays at 60-70% of the GPU.

Details on data, evaluation-setup and export are in the repository. Please checkout the paper.

Additionally trained and evaluated version of the base model on news text.

The model has blocks, each containing a convolution. See the informations below.

- **PRE-PROCESSING**: when you apply the model to tweets, please normalize the tweets first.
"""


@pytest.mark.parametrize(
    ("rule", "false_spot", "true_spot"),
    [
        (OXFORD, "the start and end", "question, comment"),
        ("grammar/harper/NumericRangeEnDash", "70-30 split", "60-70%"),
        ("grammar/harper/PhrasalVerbAsCompoundNoun", "evaluation-setup", "checkout the paper"),
        ("grammar/harper/MassNouns", "each containing", "informations"),
        ("grammar/harper/DiscourseMarkers", "Additionally trained", None),
        ("grammar/harper/DisjointPrefixes", None, "PRE-PROCESSING"),
    ],
)
def test_end_to_end_with_the_rule_on(
    tmp_path: Path, repo_config: Config, rule: str, false_spot: str | None, true_spot: str | None
) -> None:
    found = [f for f in check(tmp_path, _config(repo_config, **{rule: "on"}), CARD)]
    lines = CARD.split("\n")

    def at(spot: str) -> list[str]:
        line = next(i for i, text in enumerate(lines) if spot in text)
        col = lines[line].index(spot) + 1
        return [
            f.rule
            for f in on_line(found, spot, CARD)
            if f.column <= col + len(spot) and col <= (f.end_column or f.column + 1)
        ]

    if false_spot:
        assert rule not in at(false_spot), false_spot
    if true_spot:
        assert rule in at(true_spot), true_spot
