"""Exports and the recorded evaluation: HF verified only when reproduced; MCT per slice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xdocs.card import load_card
from xdocs.card.exporters import export_card
from xdocs.card.metadata import plain
from xdocs.document import Document
from xdocs.evidence.evaluate.summary import verdicts

from .builders import write_card

CARD = """
name: tiny
version: "1"
metrics:
  - {name: accuracy, value: 0.91}
  - {name: accuracy, value: 0.80, slice: south}
  - {name: recall, value: 0.7, verified: true}
  - {name: f1, value: 0.5}
reproduction:
  - artifact: model.onnx
    data: holdout.csv
    at: '2026-11-20T10:00:00Z'
    metrics:
      - {name: accuracy, value: 0.9115, reported: 0.91, tolerance: 0.005, reproduced: true}
      - {name: accuracy, slice: south, value: 0.7, reported: 0.8, tolerance: 0.005,
         reproduced: false}
      - {name: accuracy, slice: region=north, value: 0.93, rows: 300}
      - {name: f1, value: 0.6, reported: 0.55, tolerance: 0.005, reproduced: true}
bias_audit:
  - source: produced
    at: '2026-11-20T10:00:00Z'
    columns:
      - column: region
        groups:
          - {name: north, rows: 300, accuracy: 0.93, selection_rate: 0.41}
          - {name: south, rows: 250, accuracy: 0.7, selection_rate: 0.38}
"""


def hf_metrics(card_path: Path) -> list[dict[str, Any]]:
    out = export_card(load_card(card_path), "hf")
    front = plain(Document.from_text(out).front_matter)
    assert not {"evaluation", "reproduction", "bias_audit"} & set(front)
    return [m for r in front["model-index"][0]["results"] for m in r["metrics"]]


def test_verdicts_follow_name_slice_and_current_value(tmp_path: Path) -> None:
    found = verdicts(load_card(write_card(tmp_path, CARD)))
    assert [v.reproduced if v else None for v in found] == [True, False, None, None]
    assert found[0] is not None and found[0].date == "2026-11-20"  # f1 was 0.55 when run


def test_hf_verified_only_for_reproduced_metrics(tmp_path: Path) -> None:
    metrics = hf_metrics(write_card(tmp_path, CARD))
    assert [m.get("verified") for m in metrics] == [True, False, False, None]


def test_hub_verified_metric_keeps_its_token(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n"
        "    dataset: {type: d, name: d}\n    metrics:\n"
        "    - {type: accuracy, value: 0.9, verified: true, verifyToken: abc}\n"
        "    - {type: f1, value: 0.8, verified: true}\n---\n\n# m\n"
    )
    metrics = hf_metrics(readme)
    assert [m.get("verified") for m in metrics] == [True, False]


def test_mct_fills_per_slice_metrics(tmp_path: Path) -> None:
    doc = json.loads(export_card(load_card(write_card(tmp_path, CARD)), "mct-json"))
    perf = doc["quantitative_analysis"]["performance_metrics"]
    sliced = {(m["type"], m.get("slice")): m["value"] for m in perf}
    assert sliced[("accuracy", "south")] == 0.8  # the card's own value, not repeated
    assert sliced[("accuracy", "region=north")] == 0.93
    assert sliced[("selection_rate", "region=south")] == 0.38
    assert ("accuracy", "region=south") in sliced
    assert len(perf) == len({(m["type"], m.get("slice")) for m in perf})
