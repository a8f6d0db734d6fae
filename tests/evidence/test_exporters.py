"""Exporters: round trips keep metrics; every real card exports; the CLI writes atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from xdocs.card import load_card
from xdocs.card.exporters import FORMATS, ExportError, export_card
from xdocs.card.metadata import plain
from xdocs.cli import cli
from xdocs.document import Document

from .builders import write_card

HF_README = """---
license: mit
language: [en]
tags: [sentiment]
model-index:
- name: tiny-sentiment
  results:
  - task: {type: text-classification, name: Sentiment}
    dataset: {type: imdb, name: IMDB, split: test, config: plain_text}
    metrics:
    - {type: accuracy, value: 0.912, name: Accuracy, verified: false}
    - {type: f1, value: 0.9, args: {average: macro}}
    source: {name: Leaderboard, url: "https://example.test/lb"}
  - task: {type: text-classification}
    dataset: {type: sst2, name: SST-2, split: validation}
    metrics:
    - {type: accuracy, value: 88.1}
---

# tiny-sentiment

## Intended use

Sentiment of product reviews.
"""


def front(text: str) -> dict[str, Any]:
    return plain(Document.from_text(text).front_matter)


def normalized_index(index: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """model-index with a metric's name dropped when it only repeats its type."""
    out = []
    for model in index:
        results = []
        for result in model.get("results", []):
            metrics = [
                {k: v for k, v in m.items() if not (k == "name" and v == m.get("type"))}
                for m in result.get("metrics", [])
            ]
            # a result without a dataset (invalid on the hub) is exported with a placeholder one
            dataset = result.get("dataset") or {"type": "unknown", "name": "unknown"}
            results.append(result | {"metrics": metrics, "dataset": dataset})
        out.append(model | {"results": results})
    return out


def test_hf_round_trip_keeps_model_index(tmp_path: Path) -> None:
    src = tmp_path / "README.md"
    src.write_text(HF_README)
    card = load_card(src)
    out = export_card(card, "hf")
    assert front(out)["model-index"] == front(HF_README)["model-index"]
    assert front(out)["license"] == "mit" and "# tiny-sentiment" in out
    again = tmp_path / "again.md"
    again.write_text(out)
    assert export_card(load_card(again), "hf") == out


def test_hf_round_trip_on_real_cards(shared_dir: Path, tmp_path: Path) -> None:
    checked = 0
    for path in sorted((shared_dir / "corpus" / "cards").glob("*.md")):
        original = load_card(path)
        index = original.raw.get("model-index") if isinstance(original.raw, dict) else None
        if not isinstance(index, list) or not original.metrics:
            continue
        out = export_card(original, "hf")
        assert normalized_index(front(out)["model-index"]) == normalized_index(plain(index)), path
        checked += 1
    assert checked >= 1


def test_mct_round_trip_keeps_metrics(shared_dir: Path, tmp_path: Path) -> None:
    path = shared_dir / "corpus" / "cards" / "23_mct-cats-vs-dogs-v0.0.2.json"
    source = json.loads(path.read_text())
    out = json.loads(export_card(load_card(path), "mct-json"))
    assert out["schema_version"] == "0.0.2"
    before = source["quantitative_analysis"]["performance_metrics"]
    after = out["quantitative_analysis"]["performance_metrics"]
    assert len(after) == len(before) == 3
    for a, b in zip(after, before, strict=True):
        assert a["type"] == b["type"] and a.get("slice") == b.get("slice")
        assert a["value"] == pytest.approx(float(b["value"]))
        assert a["threshold"] == pytest.approx(float(b["threshold"]))
        if "confidence_interval" in b:
            assert a["confidence_interval"]["lower_bound"] == pytest.approx(
                float(b["confidence_interval"]["lower_bound"])
            )
    assert out["quantitative_analysis"]["graphics"] == source["quantitative_analysis"]["graphics"]
    written = tmp_path / "again.json"
    written.write_text(json.dumps(out))
    assert [(m.name, m.value, m.slice) for m in load_card(written).metrics] == [
        (m.name, m.value, m.slice) for m in load_card(path).metrics
    ]


HOUSE = """
name: tiny
version: 1.0.0
owners: [ana]
license: apache-2.0
risk_rating: medium
risk_rationale: Routes tickets.
datasets:
  - {name: tickets, source: "https://data.test/t", license: internal, version: "1",
     personal_data: true}
metrics:
  - {name: accuracy, value: 0.91, dataset: tickets, split: test}
  - {name: accuracy, value: 0.88, dataset: tickets, split: test, slice: de,
     ci_low: 0.85, ci_high: 0.9}
approvals: []
"""


def test_house_card_to_each_format_and_back(tmp_path: Path) -> None:
    card = load_card(write_card(tmp_path, HOUSE))
    hf = export_card(card, "hf")
    fm = front(hf)
    assert "approvals" not in fm and "metrics" not in fm
    assert fm["datasets"] == ["tickets"]
    result = fm["model-index"][0]["results"][0]
    assert result["dataset"] == {"type": "tickets", "name": "tickets", "split": "test"}
    assert [m["value"] for m in result["metrics"]] == [0.91, 0.88]
    assert result["metrics"][1]["name"] == "accuracy [de]"
    f1 = load_card(
        write_card(tmp_path, HOUSE.replace("split: test}", "split: test, average: macro}", 1))
    )
    assert front(export_card(f1, "hf"))["model-index"][0]["results"][0]["metrics"][0]["args"] == {
        "average": "macro"
    }
    mct = json.loads(export_card(card, "mct-json"))
    assert mct["model_details"]["licenses"] == [{"identifier": "apache-2.0"}]
    assert mct["model_parameters"]["data"][0]["sensitive"] == {"sensitive_data": ["personal data"]}
    pm = mct["quantitative_analysis"]["performance_metrics"]
    assert pm[1] == {
        "type": "accuracy",
        "value": 0.88,
        "slice": "de",
        "confidence_interval": {"lower_bound": 0.85, "upper_bound": 0.9},
    }
    (tmp_path / "m.json").write_text(json.dumps(mct))
    back = load_card(tmp_path / "m.json")
    assert [(m.name, m.value, m.slice) for m in back.metrics] == [
        ("accuracy", 0.91, None),
        ("accuracy", 0.88, "de"),
    ]
    sm = json.loads(export_card(card, "sagemaker-json", status="draft", model_card_status="Draft"))
    assert sm["intended_uses"]["risk_rating"] == "Medium"
    assert sm["intended_uses"]["explanations_for_risk_rating"] == "Routes tickets."
    data = sm["evaluation_details"][0]["metric_groups"][0]["metric_data"]
    assert [(d["name"], d["value"], d["type"]) for d in data] == [
        ("accuracy", 0.91, "number"),
        ("accuracy [de]", 0.88, "number"),
    ]
    assert sm["additional_information"]["custom_details"]["model_card_status"] == "Draft"
    (tmp_path / "s.json").write_text(json.dumps(sm))
    assert [m.value for m in load_card(tmp_path / "s.json").metrics] == [0.91, 0.88]


def test_every_real_card_exports(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "corpus" / "cards").iterdir()):
        if path.suffix not in {".md", ".json", ".yaml"}:
            continue
        card = load_card(path)
        for to in FORMATS:
            out = export_card(card, to)
            if to == "hf":
                assert out.startswith("---\n") or not card.metrics
            else:
                assert isinstance(json.loads(out), dict)
    with pytest.raises(ExportError):
        export_card(card, "pdf")


def test_cli_export(tmp_path: Path) -> None:
    card = write_card(tmp_path, HOUSE)
    runner = CliRunner()
    shown = runner.invoke(cli, ["export", str(card), "--to", "mct-json"])
    assert shown.exit_code == 0
    target = tmp_path / "out" / "card.json"
    res = runner.invoke(cli, ["export", str(card), "--to", "mct-json", "-o", str(target)])
    assert res.exit_code == 0 and target.read_text() == shown.output
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    res = runner.invoke(cli, ["export", str(card), "--to", "sagemaker-json"])
    assert res.exit_code == 0
    assert (
        "model_card_status"
        in json.loads(res.output[res.output.index("{") :])["additional_information"][
            "custom_details"
        ]
    )
    assert runner.invoke(cli, ["export", str(card), "--to", "pdf"]).exit_code == 2
    res = runner.invoke(cli, ["export", str(tmp_path / "absent.md"), "--to", "hf"])
    assert res.exit_code == 2 and "absent.md" in res.output
