"""extract_metrics: every source shape, tolerant of junk, never raising."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.card.metrics import as_fraction, extract_metrics, parse_number
from xdocs.document import Document

HOUSE = """---
name: tiny
metrics:
  - {name: accuracy, value: "85.3%", dataset: tickets, split: test, average: macro}
  - name: f1
    value: "0.81"
    slice: en
    ci_low: 0.79
    ci_high: 0.83
    evidence: preds.csv
  - junk
  - {value: 3}
---
# Tiny
"""


def test_house_metrics_with_lines_and_extra() -> None:
    doc = Document.from_text(HOUSE)
    metrics = extract_metrics("markdown", doc.front_matter, doc)
    assert [m.name for m in metrics] == ["accuracy", "f1"]
    acc, f1 = metrics
    assert acc.value == "85.3%" and acc.dataset == "tickets" and acc.split == "test"
    assert acc.extra == {"average": "macro"}
    assert acc.line == 4
    assert f1.value == 0.81 and f1.slice == "en" and (f1.ci_low, f1.ci_high) == (0.79, 0.83)
    assert f1.extra["evidence"] == "preds.csv"
    assert f1.line == 5


def test_model_index() -> None:
    raw = {
        "model-index": [
            {
                "name": "m",
                "results": [
                    {
                        "task": {"type": "text-classification", "name": "Sentiment"},
                        "dataset": {
                            "type": "imdb",
                            "name": "IMDB",
                            "split": "test",
                            "config": "plain",
                        },
                        "metrics": [
                            {
                                "type": "accuracy",
                                "value": 0.9,
                                "name": "Accuracy",
                                "verified": False,
                            },
                            {"type": "f1", "value": "91.2", "args": {"average": "macro"}},
                            7,
                            {"value": 1},
                        ],
                    },
                    "not a result",
                ],
            }
        ]
    }
    metrics = extract_metrics("hf", raw, None)
    assert [(m.name, m.value) for m in metrics] == [("accuracy", 0.9), ("f1", 91.2)]
    assert metrics[0].dataset == "IMDB" and metrics[0].split == "test"
    assert metrics[0].verified is False
    assert metrics[0].extra["task"] == {"type": "text-classification", "name": "Sentiment"}
    assert metrics[0].extra["dataset_info"]["config"] == "plain"
    assert metrics[0].extra["display_name"] == "Accuracy"
    assert metrics[1].extra["args"] == {"average": "macro"}


def test_mct_and_sagemaker() -> None:
    mct = {
        "quantitative_analysis": {
            "performance_metrics": [
                {
                    "type": "accuracy",
                    "value": "0.99",
                    "slice": "cat",
                    "threshold": "0.5",
                    "confidence_interval": {"lower_bound": "0.98", "upper_bound": 1.0},
                },
                None,
                {"value": 2},
            ]
        }
    }
    (m,) = extract_metrics("mct-json", mct, None)
    assert (m.name, m.value, m.slice, m.threshold, m.ci_low, m.ci_high) == (
        "accuracy", 0.99, "cat", 0.5, 0.98, 1.0,
    )  # fmt: skip
    sm = {
        "evaluation_details": [
            {
                "name": "holdout",
                "datasets": ["s3://bucket/eval.csv"],
                "metric_groups": [
                    {
                        "name": "binary",
                        "metric_data": [{"name": "auc", "type": "number", "value": 0.8}],
                    },
                    {"metric_data": [{"name": "chart", "type": "bar_chart", "value": [1, 2]}, {}]},
                ],
            }
        ]
    }
    out = extract_metrics("sagemaker-json", sm, None)
    assert [(x.name, x.value, x.dataset) for x in out] == [
        ("auc", 0.8, "s3://bucket/eval.csv"),
        ("chart", None, "s3://bucket/eval.csv"),
    ]
    assert out[0].extra["group"] == "binary"


def test_numbers() -> None:
    assert parse_number("85.3%") == 85.3
    assert parse_number(" 0.5 ") == 0.5
    assert parse_number(True) is None
    assert parse_number("nan") is None
    assert parse_number("1e400") is None
    assert as_fraction("85.3%") == 0.853
    assert as_fraction(0.9) == 0.9


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["metrics", "model-index", "results", "metrics", "name", "value", "type", "task",
             "dataset", "quantitative_analysis", "performance_metrics", "evaluation_details",
             "metric_groups", "metric_data", "confidence_interval", "slice", "lower_bound"]
        ),
        inner,
        max_size=5,
    ),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(junk, st.sampled_from(["markdown", "hf", "mct-json", "sagemaker-json", "yaml"]))
def test_junk_never_raises(raw: object, fmt: str) -> None:
    for metric in extract_metrics(fmt, raw, None):
        assert isinstance(metric.name, str) and metric.name
