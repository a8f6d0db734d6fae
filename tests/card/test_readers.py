"""Readers: every supported format becomes one ModelCard, detected by content.

Fixtures are small crafted cards written to ``tmp_path``, each shaped like its
published schema: Model Card Toolkit v0.0.1 (``model_parameters.data`` as
``{train, eval}``, ``license`` a string) and v0.0.2 (``data`` a list,
``licenses`` objects), SageMaker model card JSON, Hugging Face READMEs, house
Markdown and YAML cards.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xdocs.card import SectionStatus, iter_card_files, load_card

PRESENT = SectionStatus.PRESENT

HF_README = """\
---
license: apache-2.0
language:
- en
base_model: bert-base-uncased
datasets:
- imdb
tags:
- sentiment
model-index:
- name: demo-sentiment
  results:
  - task:
      type: text-classification
    dataset:
      name: IMDB
      type: imdb
      split: test
    metrics:
    - type: accuracy
      value: 0.93
      name: Accuracy
    - type: f1
      value: 0.91
widget:
- text: I love it
---

# demo-sentiment

Fine-tuned from bert-base-uncased on IMDB.

## Intended uses & limitations

English product and film reviews; misreads sarcasm.
"""

HOUSE_MD = """\
---
# house card
name: xalura-churn
version: "1.4"
owners: [alice, bob]
submitted_by: alice
license: proprietary
risk_rating: medium
model_format: onnx
metrics:
  - name: auc
    value: 0.87
    dataset: holdout-2024
team_budget_code: X-17
---

# Xalura churn

## Intended use

Rank accounts for retention outreach.

## Out-of-scope use

Pricing decisions.
"""

MCT_V001 = {
    "schema_version": "0.0.1",
    "model_details": {
        "name": "Cat classifier",
        "overview": "Classifies cat photos.",
        "owners": [{"name": "Vision Team", "contact": "vision@example.com"}],
        "version": {"name": "1.2", "date": "2020-08-28"},
        "license": "Apache-2.0",
        "references": ["https://example.com/paper"],
        "citation": "Vision Team (2020). Cat classifier.",
    },
    "model_parameters": {
        "model_architecture": "MobileNetV2",
        "data": {
            "train": {"name": "cats-train", "link": "https://example.com/train"},
            "eval": {"name": "cats-eval", "link": "https://example.com/eval"},
        },
        "input_format": "224x224 RGB",
        "output_format": "label",
    },
    "quantitative_analysis": {
        "performance_metrics": [
            {"type": "accuracy", "value": 0.91, "slice": "cats"},
            {"type": "accuracy", "value": 0.88, "slice": "kittens"},
        ]
    },
    "considerations": {
        "users": ["Pet shelter staff"],
        "use_cases": ["Sorting adoption photos"],
        "limitations": ["Fails on drawings of cats"],
        "tradeoffs": ["Speed over accuracy on small devices"],
        "ethical_considerations": [
            {"name": "Photos may show people", "mitigation_strategy": "Crop to the animal"}
        ],
    },
}


def mct_v002() -> dict:
    data = json.loads(json.dumps(MCT_V001))
    data["schema_version"] = "0.0.2"
    details = data["model_details"]
    del details["license"], details["citation"]
    details["licenses"] = [{"identifier": "Apache-2.0"}]
    details["references"] = [{"reference": "https://example.com/paper"}]
    details["citations"] = [{"citation": "Vision Team (2020). Cat classifier."}]
    data["model_parameters"]["data"] = [
        {"name": "cats-train", "link": "https://example.com/train"},
        {"name": "cats-eval", "link": "https://example.com/eval"},
    ]
    cons = data["considerations"]
    for key in ("users", "use_cases", "limitations", "tradeoffs"):
        cons[key] = [{"description": text} for text in cons[key]]
    data["custom_vendor_block"] = {"ticket": "ML-42"}
    return data


SAGEMAKER = {
    "model_overview": {
        "model_id": "arn:aws:sagemaker:eu-west-1:123:model/churn",
        "model_name": "churn-xgb",
        "model_version": 3,
        "model_owner": "Data Team",
        "model_description": "Predicts churn within 90 days.",
        "algorithm_type": "xgboost",
    },
    "intended_uses": {
        "purpose_of_model": "Prioritise retention offers.",
        "intended_uses": "Weekly marketing lists.",
        "factors_affecting_model_efficiency": "Seasonality of sign-ups.",
        "risk_rating": "Medium",
        "explanations_for_risk_rating": "Affects which customers get offers.",
    },
    "training_details": {
        "training_observations": "Converged after 200 rounds.",
        "training_job_details": {"training_datasets": ["s3://bucket/train.csv"]},
    },
    "evaluation_details": [
        {
            "name": "holdout",
            "evaluation_observation": "AUC stable across regions.",
            "datasets": ["s3://bucket/test.csv"],
            "metric_groups": [
                {
                    "name": "binary",
                    "metric_data": [{"name": "auc", "type": "number", "value": 0.87}],
                }
            ],
        }
    ],
    "additional_information": {
        "ethical_considerations": "Fairness across regions was checked.",
        "caveats_and_recommendations": "Retrain every quarter.",
        "custom_details": {"cost_center": "42"},
    },
}

YAML_CARD = """\
name: sentiment-mini
version: "2.0"
owners: [alice]
license: mit
intended_use: Classify review sentiment for dashboards.
out_of_scope: Decisions about individual people.
limitations: Misreads sarcasm.
training_data: 50k product reviews from 2022.
metrics:
  - name: accuracy
    value: 0.9
    dataset: reviews-test
vendor_notes: kept as is
"""


def write(tmp_path: Path, name: str, content: str | bytes | dict) -> Path:
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content, indent=2)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def present(card) -> set[str]:
    return {sid for sid, sec in card.sections.items() if sec.status is PRESENT}


# -- house Markdown -------------------------------------------------------------------
def test_house_markdown(tmp_path) -> None:
    card = load_card(write(tmp_path, "churn.md", HOUSE_MD))
    assert card.format == "markdown"
    assert card.findings == []
    meta = card.metadata
    assert meta["name"] == "xalura-churn"
    assert meta["version"] == "1.4"
    assert meta["owners"] == ["alice", "bob"]
    assert meta["license"] == "proprietary"
    assert meta["risk_rating"] == "medium"
    assert meta["model_format"] == "onnx"
    assert card.metadata_lines["version"] == 4
    assert [(m.name, m.value, m.dataset) for m in card.metrics] == [("auc", 0.87, "holdout-2024")]
    assert present(card) >= {"intended_use", "out_of_scope", "evaluation", "license"}
    assert card.sections["intended_use"].line == 19
    assert card.title == "Xalura churn"
    # unknown keys are kept
    assert card.raw["team_budget_code"] == "X-17"


def test_markdown_without_front_matter_takes_its_name_from_the_title(tmp_path) -> None:
    card = load_card(write(tmp_path, "m.md", "# Tiny model\n\n## Limitations\n\nMany.\n"))
    assert card.format == "markdown"
    assert card.metadata["name"] == "Tiny model"
    assert card.title == "Tiny model"


# -- Hugging Face README --------------------------------------------------------------
def test_hf_readme(tmp_path) -> None:
    card = load_card(write(tmp_path, "README.md", HF_README))
    assert card.format == "hf"
    assert card.findings == []
    meta = card.metadata
    assert meta["license"] == "apache-2.0"
    assert meta["language"] == ["en"]
    assert meta["base_model"] == "bert-base-uncased"
    assert meta["datasets"] == ["imdb"]
    assert meta["name"] == "demo-sentiment"
    got = [(m.name, m.value, m.dataset, m.split) for m in card.metrics]
    assert got == [("accuracy", 0.93, "IMDB", "test"), ("f1", 0.91, "IMDB", "test")]
    # each metric points into the model-index block (line 10) at or above its own entry
    assert all(10 <= m.line <= 23 for m in card.metrics)
    assert present(card) >= {"intended_use", "limitations", "evaluation", "license"}
    assert "widget" in card.raw


def test_hf_keys_with_house_keys_is_a_house_card(tmp_path) -> None:
    text = HF_README.replace("license: apache-2.0\n", "license: apache-2.0\nowners: [alice]\n")
    card = load_card(write(tmp_path, "README.md", text))
    assert card.format == "markdown"
    assert len(card.metrics) == 2  # model-index still read


# -- Model Card Toolkit JSON ----------------------------------------------------------
def test_mct_v001(tmp_path) -> None:
    card = load_card(write(tmp_path, "cats.json", MCT_V001))
    assert card.format == "mct-json"
    assert card.findings == []
    meta = card.metadata
    assert meta["name"] == "Cat classifier"
    assert meta["version"] == "1.2"
    assert meta["owners"] == ["Vision Team"]
    assert meta["license"] == "Apache-2.0"
    assert meta["datasets"] == ["cats-train", "cats-eval"]  # {train, eval} mapping
    assert meta["model_format"] == "MobileNetV2"
    assert [(m.name, m.value, m.slice) for m in card.metrics] == [
        ("accuracy", 0.91, "cats"),
        ("accuracy", 0.88, "kittens"),
    ]
    assert present(card) >= {
        "overview",
        "intended_use",
        "limitations",
        "ethical_considerations",
        "training_data",
        "evaluation",
        "license",
    }
    assert card.sections["out_of_scope"].status is SectionStatus.ABSENT
    assert "Fails on drawings" in card.section_text("limitations")
    assert "Crop to the animal" in card.section_text("ethical_considerations")
    assert card.metadata_lines["name"] == 4


def test_mct_v002(tmp_path) -> None:
    card = load_card(write(tmp_path, "cats.json", mct_v002()))
    assert card.format == "mct-json"
    assert card.findings == []
    assert card.metadata["license"] == "Apache-2.0"
    assert card.metadata["datasets"] == ["cats-train", "cats-eval"]
    assert len(card.metrics) == 2
    assert "Sorting adoption photos" in card.section_text("intended_use")
    assert "Fails on drawings" in card.section_text("limitations")
    assert card.raw["custom_vendor_block"] == {"ticket": "ML-42"}
    assert present(card) >= {"intended_use", "limitations", "evaluation", "license"}


def test_mct_without_schema_version_is_detected_by_keys(tmp_path) -> None:
    data = mct_v002()
    del data["schema_version"]
    assert load_card(write(tmp_path, "c.json", data)).format == "mct-json"


# -- SageMaker JSON -------------------------------------------------------------------
def test_sagemaker_json(tmp_path) -> None:
    card = load_card(write(tmp_path, "churn.json", SAGEMAKER))
    assert card.format == "sagemaker-json"
    assert card.findings == []
    meta = card.metadata
    assert meta["name"] == "churn-xgb"
    assert meta["version"] == 3
    assert meta["owners"] == ["Data Team"]
    assert meta["risk_rating"] == "medium"
    assert meta["datasets"] == ["s3://bucket/train.csv"]
    assert [(m.name, m.value) for m in card.metrics] == [("auc", 0.87)]
    assert present(card) >= {
        "overview",
        "intended_use",
        "limitations",
        "ethical_considerations",
        "training_data",
        "evaluation",
    }
    assert "Prioritise retention offers" in card.section_text("intended_use")
    assert "Retrain every quarter" in card.section_text("limitations")
    assert card.raw["additional_information"]["custom_details"] == {"cost_center": "42"}
    assert card.sections["intended_use"].line > 1


# -- YAML cards -----------------------------------------------------------------------
def test_yaml_card(tmp_path) -> None:
    card = load_card(write(tmp_path, "mini.yaml", YAML_CARD))
    assert card.format == "yaml"
    assert card.findings == []
    assert card.metadata["name"] == "sentiment-mini"
    assert card.metadata["license"] == "mit"
    assert [(m.name, m.value) for m in card.metrics] == [("accuracy", 0.9)]
    assert present(card) >= {
        "intended_use",
        "out_of_scope",
        "limitations",
        "training_data",
        "evaluation",
        "license",
    }
    assert card.sections["out_of_scope"].line == 6
    assert card.raw["vendor_notes"] == "kept as is"


def test_yaml_that_is_not_a_mapping_is_not_a_card(tmp_path) -> None:
    card = load_card(write(tmp_path, "list.yaml", "- a\n- b\n"))
    assert "input/not-a-model-card" in [f.rule for f in card.findings]


def test_invalid_yaml_card_reports_its_line(tmp_path) -> None:
    card = load_card(write(tmp_path, "bad.yml", "name: x\nlicense: mit\nowners: [a, b\n"))
    errs = [f for f in card.findings if f.rule == "metadata/yaml"]
    assert errs and 3 <= errs[0].line <= 4


# -- detection by content -------------------------------------------------------------
def test_md_file_holding_mct_json_is_read_as_json(tmp_path) -> None:
    card = load_card(write(tmp_path, "card.md", mct_v002()))
    assert card.format == "mct-json"
    assert card.metadata["name"] == "Cat classifier"


def test_txt_with_front_matter_is_markdown(tmp_path) -> None:
    card = load_card(write(tmp_path, "card.txt", HOUSE_MD))
    assert card.format == "markdown"
    assert card.metadata["name"] == "xalura-churn"


def test_yaml_extension_holding_markdown_is_markdown(tmp_path) -> None:
    card = load_card(write(tmp_path, "card.yaml", HOUSE_MD))
    assert card.format == "markdown"


def test_md_file_holding_a_yaml_card_is_a_yaml_card(tmp_path) -> None:
    card = load_card(write(tmp_path, "card.md", YAML_CARD))
    assert card.format == "yaml"
    assert card.metadata["name"] == "sentiment-mini"


def test_json_extension_holding_sagemaker_is_detected(tmp_path) -> None:
    card = load_card(write(tmp_path, "model_card", SAGEMAKER))
    assert card.format == "sagemaker-json"


# -- JSON that is not a card ----------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    ['{"foo": 1, "bar": [1, 2]}', "[1, 2, 3]", '{"name": "x", "description": "y"}'],
)
def test_json_that_is_not_a_model_card(tmp_path, content: str) -> None:
    card = load_card(write(tmp_path, "data.json", content))
    assert [f.rule for f in card.findings] == ["input/not-a-model-card"]
    finding = card.findings[0]
    assert finding.fix
    assert all(sec.status is SectionStatus.ABSENT for sec in card.sections.values())


def test_invalid_json_reports_its_line(tmp_path) -> None:
    card = load_card(write(tmp_path, "bad.json", '{\n  "model_details": {\n    "name": x\n'))
    errs = [f for f in card.findings if f.rule == "input/json"]
    assert errs and errs[0].line == 3


# -- walking folders ------------------------------------------------------------------
def test_iter_card_files_walks_card_suffixes(tmp_path) -> None:
    for name in ("a.md", "e.txt", ".hidden.md"):
        write(tmp_path, name, "# x\n")
    write(tmp_path, "b.json", SAGEMAKER)
    write(tmp_path, "c.yaml", YAML_CARD)
    write(tmp_path, "d.yml", YAML_CARD)
    write(tmp_path, "broken.yaml", "name: x\nowners: [a\n")  # reported, not hidden
    write(tmp_path, "rows.json", '{"rows": [1, 2]}')  # data, not a card
    write(tmp_path, "settings.yml", "exact: {a: 1}\nrules: []\n")  # data, not a card
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "f.md", "# x\n")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git", "g.md", "# x\n")
    (tmp_path / "artifacts").mkdir()
    write(tmp_path / "artifacts", "h.json", SAGEMAKER)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_card_files([tmp_path])]
    assert found == ["a.md", "b.json", "broken.yaml", "c.yaml", "d.yml", "sub/f.md"]
    # a file named explicitly is yielded whatever it holds, a missing one too
    named = [tmp_path / "e.txt", tmp_path / "rows.json", tmp_path / "missing.md"]
    assert list(iter_card_files(named)) == named
