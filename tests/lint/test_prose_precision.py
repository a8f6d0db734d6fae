# ruff: noqa: E501 (lines of real cards, kept whole)
"""Issue 12: the prose rules say only what is true on real model cards.

Each test reproduces one cause the issue measured on Hugging Face cards (the
examples are taken from them) and runs the whole `xdocs check` pipeline over a
card written to disk, so masking, filtering, folding and the default rule set
are all exercised. Every test also holds a true finding that must stay.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.conftest import write_card
from xdocs.config import Config
from xdocs.findings import Finding
from xdocs.lint.runner import CheckOptions, run_check

PROSE = ("grammar/", "proselint/", "vale/", "terminology/")


def _config(repo_config: Config, **rules: str) -> Config:
    data = dict(repo_config.data)
    data["rules"] = {**(repo_config.data.get("rules") or {}), **rules}
    return Config(root=repo_config.root, path=repo_config.path, data=data)


def check(tmp_path: Path, config: Config, body: str, front: str = "name: demo\n") -> list[Finding]:
    path = write_card(tmp_path, "card.md", body, front)
    result = run_check([path], config, CheckOptions(no_cache=True, jobs=1))
    return [f for f in result.findings if f.rule.startswith(PROSE)]


def on_line(findings: list[Finding], text: str, body: str, front: str = "name: demo\n") -> list:
    """The findings on the line of the card that holds ``text``."""
    lines = f"---\n{front}---\n\n{body}".split("\n")
    line = next(i for i, line in enumerate(lines, 1) if text in line)
    return [f for f in findings if f.line == line]


# -- 1. identifiers, names, versions, language codes --------------------------------------
IDENTIFIERS = """\
# Training

The agent was trained with num_epochs set to 10 and `lr` of 3e-4 on LunarLander-v2.

The policy is trained with PPO.

The tokenizer is a SentencePiece model; the data is SQuAD and CartPole-v1 from gym.

Use the v2 weights, saved as *.onnx files, with Pytorch 1.10.0+cpu.

This sentense has a real typo in it.
"""


def test_identifiers_are_never_spelling_errors(tmp_path: Path, repo_config: Config) -> None:
    config = _config(repo_config, **{"grammar/harper/SpellCheck": "on"})
    found = check(tmp_path, config, IDENTIFIERS)
    spelled = {IDENTIFIERS.split("\n")[f.line - 5][f.column - 1 : f.end_column - 1]
               for f in found if f.rule == "grammar/harper/SpellCheck"}  # fmt: skip
    assert spelled == {"sentense"}, spelled


def test_identifiers_get_no_finding_and_no_fix(tmp_path: Path, repo_config: Config) -> None:
    found = check(tmp_path, repo_config, IDENTIFIERS)
    for text in ("num_epochs", "SentencePiece"):
        assert on_line(found, text, IDENTIFIERS) == [], text
    versions = on_line(found, "1.10.0+cpu", IDENTIFIERS)
    # "Pytorch" is a term; "+cpu" inside a version string and "*.onnx" are not
    assert [f.rule for f in versions] == ["terminology/PyTorch"]
    assert all(f.replacement != "CPU" for f in found)


def test_names_from_the_front_matter_are_words(tmp_path: Path, repo_config: Config) -> None:
    config = _config(repo_config, **{"grammar/harper/SpellCheck": "on"})
    front = "model_name: Zephyrine\ndatasets:\n  - quorbalt\n"
    body = "# Zephyrine\n\nZephyrine was tuned on quorbalt, a set of dialogues.\n"
    assert [f for f in check(tmp_path, config, body, front) if "Spell" in f.rule] == []


# -- 2. generated content that is not prose -------------------------------------------------
NOT_PROSE = """\
# Training

The following hyperparameters were used during training:

- learning_rate: 2e-05
- train_batch_size: 16
- optimizer: Adam with betas=(0.9,0.999) and epsilon=1e-08

{'name': 'AdamWeightDecay', 'learning_rate': 2e-05, 'decay': 0.0, 'beta_1': 0.9, 'beta_2': 0.999, 'epsilon': 1e-07, 'amsgrad': False, 'weight_decay_rate': 0.01}

<div class="sk-top-container"><div class="sk-text-repr-fallback"><pre>Pipeline(steps=[('scaler', StandardScaler()), ('clf', LogisticRegression())])</pre><b>In a Jupyter environment, please rerun this cell to show the HTML representation or trust the notebook.</b></div></div>

    accuracy    False    False    False
    recall      False    False    False

Images are resized to 512x512 and this model is very unique.
"""


def test_dumps_lists_and_value_tables_are_not_prose(tmp_path: Path, repo_config: Config) -> None:
    found = check(tmp_path, repo_config, NOT_PROSE)
    for text in ("learning_rate", "train_batch_size", "betas=", "AdamWeightDecay", "sk-top"):
        assert on_line(found, text, NOT_PROSE) == [], text
    last = on_line(found, "512x512", NOT_PROSE)
    assert not any("multiplication" in f.rule for f in last)  # 512x512 is a size, not prose
    assert any("very" in f.message.lower() or "unique" in f.message.lower() for f in last)


# -- 3. masking leaves no artefacts -----------------------------------------------------------
MASKED = """\
# Weights

Trained on a corpus.<br>Evaluated on Tatoeba.<br/> Scores are below.

* download original weights: [opus-2020-01-08.zip](https://example.com/opus-2020-01-08.zip)

See [the paper](https://example.com/paper).  It explains the method.
"""


def test_masked_markup_leaves_no_spaces_or_sentence_starts(
    tmp_path: Path, repo_config: Config
) -> None:
    found = check(tmp_path, repo_config, MASKED)
    assert on_line(found, "<br>", MASKED) == []
    assert on_line(found, "opus-2020", MASKED) == []
    # two spaces the writer typed after a full stop are still reported
    assert on_line(found, "It explains", MASKED) != []


# -- 5. sentence-case headings ------------------------------------------------------------
HEADINGS = """\
# Demo

We use Stable-baselines3 and ESPnet here.

## Hyperparameters

## Usage (with Stable-baselines3)

## Citing ESPnet

## config.json

## Training Data
"""


def test_headings_respect_names_and_code(tmp_path: Path, repo_config: Config) -> None:
    found = [f for f in check(tmp_path, repo_config, HEADINGS) if f.rule == "vale/Xalura.Headings"]
    lines = HEADINGS.split("\n")
    flagged = [lines[f.line - 5] for f in found]
    assert flagged == ["## Training Data"]


# -- 6. typography and style skip quoted and literal text -----------------------------------
QUOTED = """\
# Usage

Type the prompt "a very old resume of a painter, 'oil on canvas'" and press enter.

This is a very good model.
"""


def test_typography_skips_quoted_text(tmp_path: Path, repo_config: Config) -> None:
    found = check(tmp_path, repo_config, QUOTED)
    assert on_line(found, "Type the prompt", QUOTED) == []
    assert on_line(found, "very good", QUOTED) != []


# -- 7. one finding per spot ---------------------------------------------------------------
FOLDED = """\
# Usage

This model was trained with Pytorch on a GPU.

TODO: Add your code
"""


def test_one_finding_per_spot(tmp_path: Path, repo_config: Config) -> None:
    config = _config(repo_config, **{"grammar/harper/SpellCheck": "on"})
    found = check(tmp_path, config, FOLDED)
    pytorch = on_line(found, "Pytorch", FOLDED)
    assert [f.rule for f in pytorch] == ["terminology/PyTorch"]
    todo = on_line(found, "TODO", FOLDED)
    assert len(todo) == 1, [(f.rule, f.column) for f in todo]


def test_folding_keeps_a_safe_fix(tmp_path: Path, repo_config: Config) -> None:
    body = "# Demo\n\nThe model reads the the input.\n"
    found = on_line(check(tmp_path, repo_config, body), "the the", body)
    assert len(found) == 1 and found[0].replacement is not None


@pytest.mark.parametrize("rule", ["grammar/harper/SpellCheck"])
def test_off_by_default_rules_show_their_figure(rule: str, repo_config: Config) -> None:
    from xdocs.lint.precision import THRESHOLD
    from xdocs.lint.registry import all_rules, find_rule

    found = find_rule(rule, all_rules(repo_config))
    assert found is not None and found.id == rule
    assert found.precision is not None and found.precision < THRESHOLD
    assert found.enabled is False


def test_no_fix_across_link_syntax(tmp_path: Path, repo_config: Config) -> None:
    body = "# Demo\n\nIt is tuned on the [The Corpus](https://example.com/corpus) data.\n"
    found = [f for f in check(tmp_path, repo_config, body) if "Repeated" in f.rule]
    assert len(found) == 1 and found[0].replacement is None
