"""Real models and data with known answers for the evaluation tests.

Models are built at test time: scikit-learn models converted with skl2onnx
(what teams submit), small graphs made with ``onnx.helper`` (exact, known
weights), skops files. Data is generated so every expected value can be
computed independently in the test.
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import numpy as np

FEATURES = ["f0", "f1", "f2"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tabular(rows: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X float32 [rows, 3], y int [rows], region str [rows]) with a learnable label."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, 3)).astype(np.float32)
    noise = rng.normal(scale=0.8, size=rows)
    y = (X[:, 0] + 0.5 * X[:, 1] + noise > 0).astype(np.int64)
    region = np.where(rng.random(rows) < 0.5, "north", "south")
    return X, y, region


def write_csv(path: Path, X: np.ndarray, y: np.ndarray, **extra: np.ndarray) -> Path:
    import pandas as pd

    frame = pd.DataFrame(X, columns=FEATURES[: X.shape[1]])
    frame["y"] = y
    for name, values in extra.items():
        frame[name] = values
    frame.to_csv(path, index=False)
    return path


def sklearn_onnx(path: Path, X: np.ndarray, y: np.ndarray, **options: object):  # type: ignore[no-untyped-def]
    """A LogisticRegression converted with skl2onnx (ZipMap probabilities by default);
    returns the fitted scikit-learn model, whose predictions are the known answer."""
    from skl2onnx import to_onnx
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit(X, y)
    onx = to_onnx(model, X[:1], options={id(model): options} if options else None)
    path.write_bytes(onx.SerializeToString())
    return model


def sklearn_regressor_onnx(path: Path, X: np.ndarray, target: np.ndarray):  # type: ignore[no-untyped-def]
    from skl2onnx import to_onnx
    from sklearn.linear_model import LinearRegression

    model = LinearRegression().fit(X, target)
    path.write_bytes(to_onnx(model, X[:1].astype(np.float32)).SerializeToString())
    return model


def logistic_graph(path: Path, weights: list[float], bias: float = 0.0) -> Path:
    """``sigmoid(x @ w + b)`` as one float score per row (an onnx.helper graph)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = numpy_helper.from_array(np.array(weights, np.float32).reshape(-1, 1), "W")
    b = numpy_helper.from_array(np.array([bias], np.float32), "B")
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "W"], ["h"]),
            helper.make_node("Add", ["h", "B"], ["z"]),
            helper.make_node("Sigmoid", ["z"], ["score"]),
        ],
        "logistic",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, len(weights)])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [None, 1])],
        [w, b],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def endless_graph(path: Path) -> Path:
    """A model whose Loop runs 10^12 times: native work Python cannot interrupt."""
    import onnx
    from onnx import TensorProto, helper

    body = helper.make_graph(
        [
            helper.make_node("Identity", ["cond_in"], ["cond_out"]),
            helper.make_node("Add", ["acc_in", "one"], ["acc_out"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("i", TensorProto.INT64, []),
            helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
            helper.make_tensor_value_info("acc_in", TensorProto.FLOAT, [None, 1]),
        ],
        [
            helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
            helper.make_tensor_value_info("acc_out", TensorProto.FLOAT, [None, 1]),
        ],
        [helper.make_tensor("one", TensorProto.FLOAT, [], [1.0])],
    )
    graph = helper.make_graph(
        [
            helper.make_node("ReduceSum", ["x", "axes"], ["start"], keepdims=1),
            helper.make_node("Loop", ["trips", "cond", "start"], ["score"], body=body),
        ],
        "endless",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [None, 1])],
        [
            helper.make_tensor("trips", TensorProto.INT64, [], [10**12]),
            helper.make_tensor("cond", TensorProto.BOOL, [], [True]),
            helper.make_tensor("axes", TensorProto.INT64, [1], [1]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def eval_card(
    folder: Path,
    artifact: str,
    metrics: str,
    evaluation: str,
    *,
    risk: str = "low",
    fmt: str = "onnx",
    extra: str = "",
) -> Path:
    """A house card listing ``artifact`` (pinned by its sha256) with an evaluation block."""
    text = textwrap.dedent(
        """\
        ---
        name: Tiny Scorer
        version: "1.0"
        owners: [lena.ortiz]
        license: apache-2.0
        risk_rating: {risk}
        risk_rationale: Scores test rows only.
        artifacts:
          - path: {artifact}
            format: {fmt}
            sha256: {sha}
        metrics:
        {metrics}
        evaluation:
        {evaluation}
        {extra}---

        # Tiny Scorer

        ## Intended use

        Scores test rows.
        """
    ).format(
        risk=risk,
        artifact=artifact,
        fmt=fmt,
        sha=sha(folder / artifact),
        metrics=textwrap.indent(textwrap.dedent(metrics).strip(), "  "),
        evaluation=textwrap.indent(textwrap.dedent(evaluation).strip(), "  "),
        extra=textwrap.dedent(extra).strip() + "\n" if extra.strip() else "",
    )
    card = folder / "card.md"
    card.write_text(text, encoding="utf-8")
    return card
