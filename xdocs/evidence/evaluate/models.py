"""Load a model and turn a batch of rows into predictions (inside the worker).

ONNX: the file is parsed with ``onnx`` first and refused when it is invalid
(``onnx.checker``) or keeps tensors in external files (a model must not make
xdocs read other files); then ONNX Runtime runs it from bytes, CPU only.
scikit-learn: ``skops.io.load`` with skops' default trusted types only; a file
that needs any other type is refused (skops' own audit), never unpickled.

A :class:`Model` maps the evaluation's ``inputs`` (model input → columns) onto
the model's inputs, checks names, widths and types before the first batch, and
decodes the outputs into a prediction per row and, for a binary classifier, a
score (the positive class's probability), whatever shape the model gives:
labels, a probability matrix, skl2onnx's ZipMap dictionaries or one score.


One module although it is a little over 400 lines: the ONNX and skops adapters share
the input mapping and output decoding that make their predictions comparable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

#: ONNX tensor types xdocs can feed, and the numpy type of each.
_ONNX_TYPES = {
    "tensor(float)": np.float32,
    "tensor(double)": np.float64,
    "tensor(int64)": np.int64,
    "tensor(int32)": np.int32,
    "tensor(bool)": np.bool_,
    "tensor(string)": np.object_,
}
#: text of a positive class when the card names none.
_POSITIVE = ("1", "true", "yes", "positive", "pos")


class ModelProblem(Exception):
    """The model cannot be run on this data; ``kind`` picks the wording."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class Model:
    """A loaded model, its input mapping and how its outputs are read."""

    task: str = "classification"

    def columns(self) -> list[str]:
        raise NotImplementedError

    def predict(self, frame: Any) -> tuple[np.ndarray, np.ndarray | None]:
        raise NotImplementedError


def load_model(path: Path, fmt: str, job: dict[str, Any]) -> Model:
    """The model at ``path`` ready to run with the job's mapping (raises ModelProblem)."""
    if fmt == "onnx":
        return OnnxModel(path, job)
    if fmt == "skops":
        return SkopsModel(path, job)
    raise ModelProblem("model", f"xdocs cannot run {fmt} models (ONNX or skops only)")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _numeric(frame: Any, cols: list[str], dtype: Any) -> np.ndarray:
    """Columns as a 2-D array of ``dtype``; a non-numeric cell is a ModelProblem."""
    import pandas as pd

    if dtype is np.object_:
        return frame[cols].astype(str).to_numpy(dtype=object)
    out = np.empty((len(frame), len(cols)), dtype=dtype)
    for j, col in enumerate(cols):
        series = frame[col]
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
            series.dtype
        ):
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        else:  # text cells (a stray word in a number column): find the first bad one
            numbers = pd.to_numeric(series, errors="coerce")
            blank = series.isna() | (series.astype(str).str.strip() == "")
            bad = numbers.isna() & ~blank
            if bad.any():
                i = int(np.argmax(bad.to_numpy()))
                raise ModelProblem(
                    "inputs", f"column {col}: {str(series.iloc[i])[:40]!r} is not a number"
                )
            values = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
        if dtype in (np.int64, np.int32, np.bool_) and np.isnan(values).any():
            raise ModelProblem(
                "inputs", f"column {col}: a missing value where the model needs integers"
            )
        out[:, j] = values
    return out


def _pos_index(classes: list[Any], pos_label: Any) -> int | None:
    """Index of the positive class among ``classes`` (None when it cannot be told)."""
    texts = [str(c).strip().lower() for c in classes]
    wanted = [str(pos_label).strip().lower()] if pos_label is not None else list(_POSITIVE)
    for w in wanted:
        for variant in (w, _int_text(w)):
            if variant in texts:
                return texts.index(variant)
    return None


def _int_text(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


# -- ONNX -------------------------------------------------------------------------------
class OnnxModel(Model):
    def __init__(self, path: Path, job: dict[str, Any]) -> None:
        import onnx
        import onnxruntime as ort

        data = path.read_bytes()
        try:
            proto = onnx.load_model_from_string(data)
        except Exception as exc:
            raise ModelProblem("model", f"not a loadable ONNX model: {_first_line(exc)}") from None
        if any(t.data_location == onnx.TensorProto.EXTERNAL for t in _tensors(proto.graph)):
            raise ModelProblem(
                "model",
                "the model keeps tensors in external files: xdocs runs "
                "self-contained ONNX files only",
            )
        try:
            onnx.checker.check_model(proto)
        except Exception as exc:
            raise ModelProblem(
                "model", f"ONNX checker rejects the model: {_first_line(exc)}"
            ) from None
        options = ort.SessionOptions()
        options.intra_op_num_threads = int(job.get("threads") or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(
                data, sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise ModelProblem(
                "model", f"ONNX Runtime cannot load the model: {_first_line(exc)}"
            ) from None
        self.job = job
        self.feeds = self._map_inputs(job.get("inputs") or {})
        outputs = [o.name for o in self.session.get_outputs()]
        self.pred_name = job.get("prediction_output") or outputs[0]
        if self.pred_name not in outputs:
            raise ModelProblem(
                "inputs",
                f"prediction_output {self.pred_name!r} is not an output "
                f"of the model ({', '.join(outputs)})",
            )
        score = job.get("score_output")
        if score is not None and score not in outputs:
            raise ModelProblem(
                "inputs",
                f"score_output {score!r} is not an output of the model ({', '.join(outputs)})",
            )
        others = [o for o in outputs if o != self.pred_name]
        self.score_name = score or (others[0] if others else None)
        self.task = job.get("task") or self._guess_task()

    def _map_inputs(self, mapping: dict[str, list[str]]) -> list[tuple[str, list[str], Any, int]]:
        """(input name, columns, numpy type, rank) per model input, checked."""
        inputs = self.session.get_inputs()
        names = [i.name for i in inputs]
        unknown = [n for n in mapping if n not in names]
        missing = [n for n in names if n not in mapping]
        if unknown or missing:
            parts = []
            if missing:
                parts.append(f"model input(s) {', '.join(missing)} not mapped")
            if unknown:
                parts.append(f"inputs names {', '.join(unknown)}, which the model does not have")
            raise ModelProblem(
                "inputs",
                "; ".join(parts) + f" (the model's inputs: "
                f"{', '.join(f'{i.name} {i.type} {i.shape}' for i in inputs)})",
            )
        out = []
        for spec in inputs:
            cols = mapping[spec.name]
            dtype = _ONNX_TYPES.get(spec.type)
            if dtype is None:
                raise ModelProblem(
                    "inputs",
                    f"model input {spec.name} is {spec.type}: xdocs "
                    "feeds tabular tensors only (float, double, int, bool, string)",
                )
            shape = list(spec.shape or [])
            if len(shape) not in (1, 2):
                raise ModelProblem(
                    "inputs",
                    f"model input {spec.name} has shape {shape}: xdocs "
                    "feeds tabular [rows, columns] or [rows] inputs",
                )
            if len(shape) == 1 and len(cols) != 1:
                raise ModelProblem(
                    "inputs",
                    f"model input {spec.name} takes one value per row "
                    f"but inputs maps {len(cols)} columns to it",
                )
            if len(shape) == 2 and isinstance(shape[1], int) and shape[1] != len(cols):
                raise ModelProblem(
                    "inputs",
                    f"model input {spec.name} takes {shape[1]} columns "
                    f"per row; inputs maps {len(cols)} ({', '.join(cols)})",
                )
            out.append((spec.name, cols, dtype, len(shape)))
        return out

    def _guess_task(self) -> str:
        out = next(o for o in self.session.get_outputs() if o.name == self.pred_name)
        shape = list(out.shape or [])
        if out.type == "tensor(float)" or out.type == "tensor(double)":
            wide = len(shape) == 2 and isinstance(shape[1], int) and shape[1] > 1
            return "classification" if wide else "regression"
        return "classification"

    def columns(self) -> list[str]:
        return [c for _n, cols, _t, _r in self.feeds for c in cols]

    def predict(self, frame: Any) -> tuple[np.ndarray, np.ndarray | None]:
        feeds = {}
        for name, cols, dtype, rank in self.feeds:
            arr = _numeric(frame, cols, dtype)
            feeds[name] = arr[:, 0] if rank == 1 else arr
        wanted = [self.pred_name] + ([self.score_name] if self.score_name else [])
        try:
            results = self.session.run(wanted, feeds)
        except Exception as exc:
            raise ModelProblem(
                "run", f"ONNX Runtime failed on a batch: {_first_line(exc)}"
            ) from None
        return self._decode(results[0], results[1] if len(results) > 1 else None, len(frame))

    def _decode(self, pred: Any, score: Any, rows: int) -> tuple[np.ndarray, np.ndarray | None]:
        job = self.job
        classes = job.get("classes")
        pos = job.get("pos_label")
        if isinstance(pred, list):  # ZipMap as the prediction output: argmax of each dict
            keys = list(pred[0]) if pred else []
            probs = np.array([[d[k] for k in keys] for d in pred], dtype=np.float64)
            return np.array(keys, dtype=object)[probs.argmax(axis=1)], _binary(probs, keys, pos)
        pred = np.asarray(pred)
        if pred.shape[:1] != (rows,):
            raise ModelProblem(
                "run",
                f"output {self.pred_name} has shape {list(pred.shape)} for "
                f"{rows} rows: one prediction per row expected",
            )
        s: np.ndarray | None = None
        if pred.dtype.kind == "f":
            if pred.ndim == 2 and pred.shape[1] > 1:
                names = classes or list(range(pred.shape[1]))
                if len(names) != pred.shape[1]:
                    raise ModelProblem(
                        "run",
                        f"classes lists {len(names)} names for {pred.shape[1]} probability columns",
                    )
                labels = np.array(names, dtype=object)[pred.argmax(axis=1)]
                return labels, _binary(pred, names, pos)
            values = pred.reshape(rows)
            if self.task == "classification":
                s = values.astype(np.float64)
                return (s >= float(job.get("threshold", 0.5))).astype(np.int64), s
            return values.astype(np.float64), None
        labels = pred.reshape(rows, -1)[:, 0] if pred.ndim > 1 else pred
        if score is not None:
            s = self._score(score, rows, classes, pos)
        return labels, s

    def _score(self, score: Any, rows: int, classes: Any, pos: Any) -> np.ndarray | None:
        if isinstance(score, list):
            keys = list(score[0]) if score else []
            probs = np.array([[d[k] for k in keys] for d in score], dtype=np.float64)
            return _binary(probs, keys, pos)
        arr = np.asarray(score)
        if arr.dtype.kind != "f" or arr.shape[:1] != (rows,):
            return None
        if arr.ndim == 2 and arr.shape[1] > 1:
            return _binary(arr, classes or list(range(arr.shape[1])), pos)
        return arr.reshape(rows).astype(np.float64)


def _tensors(graph: Any) -> Any:
    """Every tensor of a graph: initializers and node attributes, subgraphs included."""
    yield from graph.initializer
    for sparse in graph.sparse_initializer:
        yield sparse.values
        yield sparse.indices
    for node in graph.node:
        for attr in node.attribute:
            if attr.HasField("t"):
                yield attr.t
            yield from attr.tensors
            if attr.HasField("g"):
                yield from _tensors(attr.g)
            for sub in attr.graphs:
                yield from _tensors(sub)


def _binary(probs: np.ndarray, classes: list[Any], pos: Any) -> np.ndarray | None:
    """The positive class's probability of a two-class matrix (None otherwise)."""
    if probs.shape[1] != 2:
        if pos is None:
            return None
        i = _pos_index(list(classes), pos)
        return None if i is None else probs[:, i].astype(np.float64)
    i = _pos_index(list(classes), pos)
    return probs[:, 1 if i is None else i].astype(np.float64)


# -- skops ------------------------------------------------------------------------------
class SkopsModel(Model):
    def __init__(self, path: Path, job: dict[str, Any]) -> None:
        from xdocs.evidence.formats import ArtifactInfo, zip_members

        info = ArtifactInfo("skops")
        if zip_members(path, info) is None:
            raise ModelProblem("model", info.problems[0].message)
        import skops.io as sio

        try:
            untrusted = sio.get_untrusted_types(file=str(path))
        except Exception as exc:
            raise ModelProblem("model", f"not a readable skops file: {_first_line(exc)}") from None
        if untrusted:
            raise ModelProblem(
                "untrusted",
                "the file needs types outside skops' trusted set "
                f"({', '.join(untrusted[:5])}); xdocs loads only trusted types: "
                "export the model to ONNX instead",
            )
        try:
            est = sio.load(str(path), trusted=None)
        except Exception as exc:
            raise ModelProblem("model", f"skops refused the file: {_first_line(exc)}") from None
        if not hasattr(est, "predict"):
            raise ModelProblem(
                "model",
                f"the skops file holds a {type(est).__name__}, not an estimator with predict()",
            )
        from sklearn.base import is_classifier

        self.est = est
        self.job = job
        self.task = job.get("task") or ("classification" if is_classifier(est) else "regression")
        mapping = job.get("inputs") or {}
        if len(mapping) != 1:
            raise ModelProblem(
                "inputs",
                "a scikit-learn model takes one input: map one name "
                "to its columns, e.g. inputs: {X: [f0, f1]}",
            )
        self.cols = next(iter(mapping.values()))
        width = getattr(est, "n_features_in_", None)
        if isinstance(width, int) and width != len(self.cols):
            raise ModelProblem(
                "inputs",
                f"the model was fitted on {width} columns; inputs maps "
                f"{len(self.cols)} ({', '.join(self.cols)})",
            )
        names = getattr(est, "feature_names_in_", None)
        self.named = names is not None
        if self.named and [str(n) for n in names] != list(self.cols):
            raise ModelProblem(
                "inputs",
                "the model was fitted on the columns "
                f"{', '.join(map(str, names))}; inputs maps "
                f"{', '.join(self.cols)}",
            )

    def columns(self) -> list[str]:
        return list(self.cols)

    def predict(self, frame: Any) -> tuple[np.ndarray, np.ndarray | None]:
        import pandas as pd

        X = _numeric(frame, self.cols, np.float64)
        X_in: Any = pd.DataFrame(X, columns=self.cols) if self.named else X
        try:
            pred = np.asarray(self.est.predict(X_in))
            score = None
            classes = list(getattr(self.est, "classes_", []))
            if self.task == "classification" and hasattr(self.est, "predict_proba"):
                score = _binary(
                    np.asarray(self.est.predict_proba(X_in)), classes, self.job.get("pos_label")
                )
        except Exception as exc:
            raise ModelProblem("run", f"the model failed on a batch: {_first_line(exc)}") from None
        return pred.reshape(len(frame)), score
