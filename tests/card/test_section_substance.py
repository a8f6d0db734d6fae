"""Sections judged by substance: each miss issue 12 lists, as a small real-like card.

Every card below is shaped like the real cards the issue's judges read (Hugging Face
template cards, Stable-Baselines3 and RL Zoo cards, sentence-transformers cards,
OpenAI-style cards). Each test failed on main, where a heading was taken as proof.
"""

from __future__ import annotations

import pytest

from xdocs.card import SectionStatus, load_card_from_document
from xdocs.document import Document

PRESENT = SectionStatus.PRESENT
PLACEHOLDER = SectionStatus.PLACEHOLDER
ABSENT = SectionStatus.ABSENT


def card_of(text: str, path: str = "README.md"):
    return load_card_from_document(Document.from_text(text, path))


def evidence_lines(card, sid: str) -> list[int]:
    return [e.line for e in card.sections[sid].evidence]


# -- content under a heading about something else -------------------------------------
def test_bias_discussed_under_training_data_is_ethical_considerations() -> None:
    card = card_of(
        "# Review classifier\n"  # 1
        "\n"
        "A DistilBERT model that sorts product reviews by sentiment.\n"  # 3
        "\n"
        "## Training Data\n"  # 5
        "\n"
        "The model was trained on 120,000 English product reviews scraped from two "
        "retail sites in 2021.\n"  # 7
        "\n"
        "These reviews over-represent younger, male and US-based writers, so the model "
        "carries their biases: it rates reviews written in African-American English as "
        "more negative, which is unfair to those customers.\n"  # 9
    )
    eth = card.sections["ethical_considerations"]
    assert eth.status is PRESENT
    assert 9 in evidence_lines(card, "ethical_considerations")
    assert eth.heading == "Training Data"  # where it was said
    assert "not named" not in eth.reason() and "line 9" in eth.reason()
    assert "unfair to those customers" in card.section_text("ethical_considerations")
    assert card.sections["training_data"].status is PRESENT


def test_run_instructions_under_intended_use_are_deployment() -> None:
    card = card_of(
        "# CAMeLBERT POS tagger\n"  # 1
        "\n"
        "A Modern Standard Arabic part-of-speech tagger fine-tuned from CAMeLBERT.\n"  # 3
        "\n"
        "## Intended uses\n"  # 5
        "\n"
        "To use the model with a transformers pipeline:\n"  # 7
        "\n"
        "```python\n"  # 9
        "from transformers import pipeline\n"
        "pos = pipeline('token-classification', model='CAMeL-Lab/camelbert-pos-msa')\n"
        "pos('إمارة أبوظبي هي إحدى إمارات الدولة')\n"
        "```\n"
    )
    assert card.sections["deployment"].status is PRESENT
    assert 9 in evidence_lines(card, "deployment")
    # the heading names intended use, but nothing says what the model is for
    assert card.sections["intended_use"].status is ABSENT
    assert "something else" in card.sections["intended_use"].reason()


def test_purpose_and_corpus_in_an_introduction() -> None:
    card = card_of(
        "# Randeng T5\n"
        "\n"
        "## Introduction\n"  # 3
        "\n"
        "Randeng-T5 is designed to help Chinese news editors write headlines: it can be "
        "used for summarising articles and generating titles.\n"  # 5
        "\n"
        "It was pre-trained on the WuDao corpus, 180 GB of Chinese web text collected "
        "in 2021.\n"  # 7
    )
    assert card.sections["intended_use"].status is PRESENT
    assert 5 in evidence_lines(card, "intended_use")
    assert card.sections["training_data"].status is PRESENT
    assert 7 in evidence_lines(card, "training_data")


# -- headings not recognised -----------------------------------------------------------
@pytest.mark.parametrize(
    ("heading", "sid", "body"),
    [
        ("⚠️ Limitations", "limitations", "The model misreads sarcasm and slang."),
        ("🛠️ How to use", "deployment", "Install it with `pip install flair` and load it."),
        ("⚖️ Licence:", "license", "[MIT](https://opensource.org/license/mit)"),
        ("👩‍⚖️ Ethical considerations", "ethical_considerations", "Outputs may be biased."),
        ("1️⃣ Training data", "training_data", "Trained on 2,000 hours of Gronings speech."),
        # a variation selector or joiner left in place hid these from main's matching
        ("⚠️ Uses", "intended_use", "Intended for transcribing Gronings radio archives."),
        ("🗂️ Data", "training_data", "Trained on 2,000 hours of Gronings speech from 1990."),
        ("🧑‍💻 Usage", "deployment", "Load it with `Text2Speech.from_pretrained(model_file=...)`."),
    ],
)
def test_headings_decorated_with_emoji(heading: str, sid: str, body: str) -> None:
    card = card_of(f"# M\n\nA speech model.\n\n## {heading}\n\n{body}\n")
    assert card.sections[sid].status is PRESENT, heading
    assert card.sections[sid].heading == heading


def test_usage_section_titled_as_a_demo() -> None:
    # the card's only heading: not a title, a usage section (flair NER cards)
    card = card_of(
        "### Demo: How to use in Flair\n"  # 1
        "Requires:\n"
        "- **[Flair](https://github.com/flairNLP/flair/)** (`pip install flair`)\n"
        "```python\n"  # 4
        "from flair.data import Sentence\n"
        "from flair.models import SequenceTagger\n"
        'tagger = SequenceTagger.load("GuiGel/xlm-roberta-large-flert-finetune-meddocan")\n'
        'sentence = Sentence("On September 1st George won 1 dollar.")\n'
        "tagger.predict(sentence)\n"
        "print(sentence)\n"
        "```\n"
    )
    assert card.sections["deployment"].status is PRESENT
    assert 4 in evidence_lines(card, "deployment")


def test_data_section_titled_after_the_downstream_task() -> None:
    card = card_of(
        "# Legal NER\n"
        "\n"
        "A named-entity recogniser for Spanish clinical documents.\n"
        "\n"
        "## The MEDDOCAN anonymisation task\n"  # 5
        "\n"
        "The model was fine-tuned on the MEDDOCAN corpus: 1,000 synthetic clinical "
        "cases in Spanish, annotated with 29 kinds of sensitive entities.\n"  # 7
    )
    assert card.sections["training_data"].status is PRESENT
    assert 7 in evidence_lines(card, "training_data")


# -- headings trusted over content -----------------------------------------------------
RL_ZOO_CARD = """\
---
library_name: stable-baselines3
tags: [SpaceInvadersNoFrameskip-v4, deep-reinforcement-learning]
---

# **DQN** Agent playing **SpaceInvadersNoFrameskip-v4**
This is a trained model of a **DQN** agent playing **SpaceInvadersNoFrameskip-v4**
using the [stable-baselines3 library](https://github.com/DLR-RM/stable-baselines3)
and the [RL Zoo](https://github.com/DLR-RM/rl-baselines3-zoo).

## Usage (with SB3 RL Zoo)

```
python -m rl_zoo3.load_from_hub --algo dqn --env SpaceInvadersNoFrameskip-v4 -orga x -f logs/
python enjoy.py --algo dqn --env SpaceInvadersNoFrameskip-v4  -f logs/
```

## Training (with the RL Zoo)
```
python train.py --algo dqn --env SpaceInvadersNoFrameskip-v4 -f logs/
# Upload the model and generate video (when possible)
python -m rl_zoo3.push_to_hub --algo dqn --env SpaceInvadersNoFrameskip-v4 -f logs/ -orga x
```
"""


def test_training_holding_only_a_train_command_is_not_training_data() -> None:
    card = card_of(RL_ZOO_CARD)
    data = card.sections["training_data"]
    assert data.status is ABSENT
    assert "'Training (with the RL Zoo)' (line 18)" in data.reason()
    assert card.sections["deployment"].status is PRESENT
    assert card.sections["overview"].status is PRESENT


def test_intended_uses_and_limitations_without_limitations() -> None:
    card = card_of(
        "# MobileNetV2 with DeepLabV3+\n"
        "\n"
        "MobileNet V2 model pre-trained on PASCAL VOC at resolution 513x513.\n"
        "\n"
        "## Intended uses & limitations\n"  # 5
        "\n"
        "You can use the raw model for semantic segmentation. See the model hub to look "
        "for fine-tuned versions on a task that interests you.\n"  # 7
    )
    assert card.sections["intended_use"].status is PRESENT
    lim = card.sections["limitations"]
    assert lim.status is ABSENT  # the heading promises limitations the text never states
    assert "Intended uses & limitations" in lim.reason()


def test_a_disclaimer_is_not_limitations() -> None:
    card = card_of(
        "# PlumMix\n"
        "\n"
        "A merged Stable Diffusion checkpoint for anime-style illustrations.\n"
        "\n"
        "## Disclaimer\n"
        "\n"
        "The author is not responsible for any images generated with this model, and "
        "you use it at your own risk.\n"
    )
    assert card.sections["limitations"].status is ABSENT


def test_how_to_use_that_is_only_a_link() -> None:
    card = card_of(
        "# SGPT-125M\n"
        "\n"
        "A GPT-Neo sentence embedding model.\n"
        "\n"
        "## Usage\n"  # 5
        "\n"
        "For usage instructions, refer to our codebase: https://github.com/Muennighoff/sgpt\n"
    )
    dep = card.sections["deployment"]
    assert dep.status is ABSENT
    assert "'Usage' (line 5)" in dep.reason()


# -- placeholders missed ----------------------------------------------------------------
SB3_TEMPLATE = """\
---
library_name: stable-baselines3
tags: [LunarLander-v2, deep-reinforcement-learning, reinforcement-learning]
---

# **PPO** Agent playing **LunarLander-v2**
This is a trained model of a **PPO** agent playing **LunarLander-v2**
using the [stable-baselines3 library](https://github.com/DLR-RM/stable-baselines3).

## Usage (with Stable-baselines3)
TODO: Add your code


```python
from stable_baselines3 import ...
from huggingface_sb3 import load_from_hub

...
```
"""


def test_todo_followed_by_skeleton_code_is_a_placeholder() -> None:
    card = card_of(SB3_TEMPLATE)
    dep = card.sections["deployment"]
    assert dep.status is PLACEHOLDER
    assert dep.line == 10
    assert evidence_lines(card, "deployment")[0] == 11  # "TODO: Add your code"
    assert "filler" in dep.reason()


def test_filled_in_code_after_a_stale_todo_is_present() -> None:
    card = card_of(
        SB3_TEMPLATE.replace(
            "from stable_baselines3 import ...\nfrom huggingface_sb3 import load_from_hub\n\n...",
            'from stable_baselines3 import PPO\nmodel = PPO.load("ppo-LunarLander-v2.zip")',
        )
    )
    assert card.sections["deployment"].status is PRESENT


SENTENCE_TRANSFORMERS_TEMPLATE = """\
---
pipeline_tag: sentence-similarity
tags: [sentence-transformers, feature-extraction, sentence-similarity]
---

# {MODEL_NAME}

This is a [sentence-transformers](https://www.SBERT.net) model: It maps sentences & \
paragraphs to a 768 dimensional dense vector space and can be used for tasks like \
clustering or semantic search.

<!--- Describe your model here -->

## Usage (Sentence-Transformers)

```
pip install -U sentence-transformers
```

```python
from sentence_transformers import SentenceTransformer
model = SentenceTransformer('{MODEL_NAME}')
embeddings = model.encode(["This is an example sentence"])
```

## Evaluation Results

<!--- Describe how your model was evaluated -->

For an automated evaluation of this model, see the *Sentence Embeddings Benchmark*: \
[https://seb.sbert.net](https://seb.sbert.net?model_name={MODEL_NAME})
"""


def test_sentence_transformers_template_sentence_is_a_placeholder() -> None:
    card = card_of(SENTENCE_TRANSFORMERS_TEMPLATE)
    ev = card.sections["evaluation"]
    assert ev.status is PLACEHOLDER
    assert ev.heading == "Evaluation Results"
    assert card.sections["overview"].status is PRESENT
    assert card.sections["deployment"].status is PRESENT


def test_the_same_sentence_with_the_name_filled_in_is_still_template() -> None:
    text = SENTENCE_TRANSFORMERS_TEMPLATE.replace("{MODEL_NAME}", "acme/sbert-de")
    assert card_of(text).sections["evaluation"].status is PLACEHOLDER


# -- licence in the body; the overview paragraph ----------------------------------------
def test_licence_stated_only_in_the_body() -> None:
    card = card_of(
        "# DINOv2\n"
        "\n"
        "Vision Transformer models trained with DINOv2.\n"
        "\n"
        "## Model Details\n"
        "\n"
        "- **Developed by:** Meta AI\n"
        "- **Model type:** Vision Transformer\n"
        "- **License:** Apache License 2.0\n"  # 9
    )
    lic = card.sections["license"]
    assert lic.status is PRESENT
    assert evidence_lines(card, "license") == [9]


def test_licence_paragraph_under_an_unrelated_heading() -> None:
    card = card_of(
        "# LENU\n\nA finbert model for legal entity names.\n\n"
        "## Licensing Information\n\n"
        "This model, which is trained on LEI data, is available under Creative Commons "
        "(CC0) license.\n"
    )
    assert card.sections["license"].status is PRESENT


def test_overview_paragraph_under_the_title_counts() -> None:
    card = card_of(
        "---\nname: churn\nlicense: proprietary\n---\n"
        "# Xalura churn\n"  # 5
        "\n"
        "Xalura churn scores each account for the risk of leaving within 90 days. It is a "
        "gradient-boosted tree ensemble exported to ONNX.\n"  # 7
        "\n"
        "## Intended use\n"
        "\n"
        "Rank accounts for retention outreach.\n"
    )
    ov = card.sections["overview"]
    assert ov.status is PRESENT
    assert ov.line == 7 and ov.heading is None
    assert "under the title" in ov.reason()
    assert "gradient-boosted" in card.section_text("overview")


def test_overview_placeholder_under_the_title() -> None:
    card = card_of("# New model\n\n<!-- One paragraph: what the model does. -->\n")
    ov = card.sections["overview"]
    assert ov.status is PLACEHOLDER
    assert ov.line == 3 and "under the title" in ov.reason()


def test_overview_from_a_model_details_heading_still_counts() -> None:
    card = card_of("# M\n\n## Model Details\n\nA ResNet-50 image classifier from Acme.\n")
    assert card.sections["overview"].status is PRESENT
    assert card.sections["overview"].heading == "Model Details"


# -- known misses, kept so a fix shows ----------------------------------------------
@pytest.mark.xfail(
    strict=True,
    reason="known false positive: the content model reads 'may contain' as a limitation "
    "(0.28 against limitations' 0.2 threshold) under another section's heading; requiring "
    "more there cost train and held-out agreement, so it is left for the next label round",
)
def test_a_privacy_note_under_ethical_considerations_is_not_a_limitation() -> None:
    card = card_of(
        "# Ticket router\n\nSorts support tickets into queues.\n\n"
        "## Ethical considerations\n\n"
        "Tickets may contain personal data; the model never stores them.\n"
    )
    assert card.sections["ethical_considerations"].status is PRESENT
    assert card.sections["limitations"].status is ABSENT


@pytest.mark.xfail(
    strict=True,
    reason="known false positive: at limitations' low threshold (0.2, chosen by "
    "cross-validation) word salad repeating 'error' is read as a limitation",
)
def test_word_salad_repeating_error_is_not_a_limitation() -> None:
    card = card_of(
        "# Ticket router\n\nSorts support tickets into queues.\n\n"
        "## Deployment considerations\n\nRuns on one CPU core.\n\n"
        "Paragraph 18 says that the error queue error billing sender invoice billing error "
        "model refund routes matters for case 126.\n"
    )
    assert card.sections["limitations"].status is ABSENT
