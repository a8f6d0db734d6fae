"""Build the example artifacts of cards/xalura-claims-triage.md, reproducibly.

``python -m tests.evidence.example_claims`` (from the repository root)
rewrites ``model.onnx`` and ``holdout.csv`` in
``cards/artifacts/xalura-claims-triage/``; test_example_claims.py rebuilds
them in a temporary folder and checks that the committed files are
byte-identical, so the card's sha256 values stay honest. The third file there,
``model.predictions.csv``, is not built here: ``xdocs evaluate --write`` wrote
it by running the model (the test runs it again and compares).

- ``model.onnx``: the claims triage model, a logistic regression over four
  features, exported as an ONNX graph (``features`` float [N, 4] → ``label``
  int64 [N] and ``probabilities`` float [N, 2], like skl2onnx with
  ``zipmap=False``). Built with ``onnx.helper`` with a pinned IR version and
  opset, so the bytes depend only on the weights.
- ``holdout.csv``: 4,000 holdout claims with the four features, the true
  label ``fast_track_ok`` and two group columns, ``region`` and
  ``customer_age``. Claims from the south region are on older products, so
  fewer of them qualify for the fast track: the bias audit flags the gap in
  selection rate (demographic parity, four-fifths rule) while accuracy and the
  true/false positive rates stay close across regions. That is the one gap the
  example's approval record discusses.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROWS = 4000
#: the model: intercept and one weight per feature (claim amount in hundreds of euros,
#: product age in months, prior claims of the customer, receipt match score 0..1).
BIAS = 2.2
WEIGHTS = (-0.35, -0.09, -0.6, 2.0)
FEATURES = ("claim_amount", "product_age_months", "prior_claims", "receipt_match")


def holdout() -> list[str]:
    """The holdout CSV lines (header first)."""
    rng = np.random.default_rng(2026)
    region = rng.choice(["north", "central", "south"], size=ROWS, p=[0.4, 0.35, 0.25])
    age = rng.choice(["18-39", "40-64", "65+"], size=ROWS, p=[0.4, 0.4, 0.2])
    amount = rng.gamma(2.0, 1.5, ROWS)
    months = rng.uniform(0, 36, ROWS) + np.where(region == "south", 7.0, 0.0)
    prior = rng.poisson(0.6, ROWS)
    receipt = rng.beta(5, 2, ROWS)
    z = BIAS + WEIGHTS[0] * amount + WEIGHTS[1] * months + WEIGHTS[2] * prior
    z = z + WEIGHTS[3] * receipt + rng.logistic(0, 0.25, ROWS)
    label = (z > 0).astype(int)
    lines = [",".join((*FEATURES, "fast_track_ok", "region", "customer_age"))]
    for i in range(ROWS):
        lines.append(
            f"{amount[i]:.2f},{months[i]:.1f},{prior[i]},{receipt[i]:.3f},"
            f"{label[i]},{region[i]},{age[i]}"
        )
    return lines


def model_bytes() -> bytes:
    from onnx import NodeProto, TensorProto, helper

    f32 = TensorProto.FLOAT
    init = [  # the 5 parameters
        helper.make_tensor("W", f32, [4, 1], list(WEIGHTS)),
        helper.make_tensor("B", f32, [1], [BIAS]),
    ]

    def const(name: str, tensor: TensorProto) -> NodeProto:
        return helper.make_node("Constant", [], [name], value=tensor)

    nodes = [
        const("one", helper.make_tensor("one_v", f32, [], [1.0])),
        const("half", helper.make_tensor("half_v", f32, [], [0.5])),
        const("axes", helper.make_tensor("axes_v", TensorProto.INT64, [1], [1])),
        helper.make_node("MatMul", ["features", "W"], ["h"]),
        helper.make_node("Add", ["h", "B"], ["z"]),
        helper.make_node("Sigmoid", ["z"], ["p"]),
        helper.make_node("Sub", ["one", "p"], ["q"]),
        helper.make_node("Concat", ["q", "p"], ["probabilities"], axis=1),
        helper.make_node("Greater", ["p", "half"], ["yes"]),
        helper.make_node("Cast", ["yes"], ["yes64"], to=TensorProto.INT64),
        helper.make_node("Squeeze", ["yes64", "axes"], ["label"]),
    ]
    graph = helper.make_graph(
        nodes,
        "xalura_claims_triage",
        [helper.make_tensor_value_info("features", f32, [None, 4])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
            helper.make_tensor_value_info("probabilities", f32, [None, 2]),
        ],
        init,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17)],
        producer_name="xalura-claims",
        producer_version="2.3",
    )
    model.ir_version = 8
    return model.SerializeToString()


def build(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.onnx").write_bytes(model_bytes())
    (folder / "holdout.csv").write_text("\n".join(holdout()) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("cards/artifacts/xalura-claims-triage")
    build(root)
    print(f"wrote {root}")
