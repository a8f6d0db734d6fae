"""Property tests: the predictions reader and artifact inspectors never raise on any bytes,
and recomputed accuracy always equals scikit-learn's on valid rows."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score

from xdocs.evidence.corroborate import Recompute, recompute
from xdocs.evidence.formats import inspect_artifact, sniff_format
from xdocs.evidence.predictions import read_predictions

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([".csv", ".tsv", ".jsonl"]))
def test_reader_never_raises(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as td:
        path = Path(td) / f"p{suffix}"
        path.write_bytes(b"label,prediction,score,slice\n" + data if data[:1] != b"{" else data)
        preds = read_predictions(path, max_rows=50)
        assert preds.rows <= 50
        for metric in ("accuracy", "f1", "roc_auc", "mae"):
            try:
                recompute(metric, preds, None, {})
            except Recompute:
                pass
            except ValueError:  # scikit-learn refusing odd label mixes is caught by the pass
                pass


@FUZZ
@given(st.binary(max_size=200), st.sampled_from(["safetensors", "gguf", "onnx", "pytorch", None]))
def test_inspectors_never_raise(data: bytes, fmt: str | None) -> None:
    with tempfile.TemporaryDirectory() as td:
        path = Path(td) / "artifact.bin"
        path.write_bytes(data)
        sniff_format(path)
        info = inspect_artifact(path, fmt)
        assert info.format == fmt or fmt is None


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "1", "2"]), st.sampled_from(["a", "b", "c", "1"])
        ),
        min_size=1,
        max_size=40,
    )
)
def test_accuracy_matches_sklearn(rows: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as td:
        path = Path(td) / "p.csv"
        path.write_text("label,prediction\n" + "".join(f"{a},{b}\n" for a, b in rows))
        value, n = recompute("accuracy", read_predictions(path), None, {})
        assert n == len(rows)
        assert abs(value - accuracy_score([a for a, _ in rows], [b for _, b in rows])) < 1e-12
