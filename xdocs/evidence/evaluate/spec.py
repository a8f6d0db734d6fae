"""The ``evaluation:`` block of a card: how to re-run its model, read and checked.

Each entry is either a **model run** (xdocs runs the artifact on the data)::

    evaluation:
      - artifact: artifacts/claims/model.onnx   # one of the card's artifacts (onnx or skops)
        data: artifacts/claims/holdout.csv       # CSV/TSV, Parquet or JSONL
        inputs: {features: [f0, f1, f2]}         # model input -> column(s)
        label: approved                          # the true label column
        group: [region, age_band]                # optional: columns the bias audit compares
        metrics: [accuracy, recall]              # reported metrics this run must reproduce

or **submitted predictions** to audit (``predictions:`` with the columns
``label``, ``prediction``, optionally ``score``, and the ``group`` columns)::

      - predictions: artifacts/claims/team-predictions.csv
        group: [region]

Optional keys of a model run: ``dataset`` (only metrics on that dataset are
compared), ``pos_label``, ``task`` (classification | regression),
``threshold`` (for a single-score classifier, default 0.5), ``classes``
(names of the columns of a probability matrix), ``prediction_output`` and
``score_output`` (ONNX output names), ``output`` (where ``xdocs evaluate``
writes the predictions it produced; default beside the artifact).

Paths are card input (hostile): they resolve through
:func:`xdocs.evidence.paths.resolve_local` and the artifact must be listed in
``artifacts:`` (with its sha256), so what was evaluated is pinned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from xdocs.evidence.formats import canonical_format, sniff_format
from xdocs.evidence.paths import resolve_local

#: data files xdocs reads, by suffix.
DATA_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
#: model formats xdocs can run.
RUNNABLE = ("onnx", "skops")
TASKS = ("classification", "regression")
#: column names of a predictions file; a group column may not reuse them.
RESERVED = ("label", "prediction", "score")
MAX_GROUP_COLUMNS = 8

_KEYS = {
    "artifact",
    "data",
    "predictions",
    "inputs",
    "label",
    "group",
    "groups",
    "metrics",
    "dataset",
    "pos_label",
    "task",
    "threshold",
    "classes",
    "prediction_output",
    "score_output",
    "output",
}


@dataclass
class EvalSpec:
    """One entry, understood. ``problems`` are (message, key) pairs; an entry with
    problems is not run."""

    index: int
    artifact: str | None = None
    artifact_path: Path | None = None
    model_format: str | None = None
    data: str | None = None
    data_path: Path | None = None
    data_format: str | None = None
    predictions: str | None = None
    predictions_path: Path | None = None
    inputs: dict[str, list[str]] = field(default_factory=dict)
    label: str | None = None
    groups: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    dataset: str | None = None
    pos_label: Any = None
    task: str | None = None
    threshold: float = 0.5
    classes: list[Any] | None = None
    prediction_output: str | None = None
    score_output: str | None = None
    output: str | None = None
    output_path: Path | None = None
    problems: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def runs_model(self) -> bool:
        return self.artifact is not None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label_text(self) -> str:
        return f"evaluation[{self.index}]"

    def default_output(self) -> str | None:
        """``model.onnx`` → ``model.predictions.csv`` beside it (card-relative)."""
        if self.artifact is None:
            return None
        pure = PurePosixPath(self.artifact)
        return str(pure.with_name(pure.stem + ".predictions.csv"))


def parse_entries(
    value: Any,
    base_dir: Path,
    artifacts: Any,
    roots: tuple[Path, ...] = (),
    canonical_metric: Callable[[str], str | None] | None = None,
) -> tuple[list[EvalSpec], str | None]:
    """(entries, problem with the block as a whole). ``value`` is the raw block."""
    if value is None:
        return [], None
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, list):
        return [], "evaluation must be a list of entries (artifact, data, inputs, label, …)"
    listed = _listed_artifacts(artifacts)
    return [
        _parse_one(i, entry, base_dir, listed, roots, canonical_metric)
        for i, entry in enumerate(value)
    ], None


def _listed_artifacts(artifacts: Any) -> dict[str, str | None]:
    """Card-relative artifact path (normalized) → declared format."""
    out: dict[str, str | None] = {}
    for entry in artifacts if isinstance(artifacts, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("path"), str):
            out[_norm_ref(entry["path"])] = canonical_format(entry.get("format"))
        elif isinstance(entry, str):
            out[_norm_ref(entry)] = None
    return out


def _norm_ref(ref: str) -> str:
    return str(PurePosixPath(ref.strip().replace("\\", "/"))).removeprefix("./")


def _names(value: Any) -> list[str] | None:
    """A column name or a list of them; None when it is neither."""
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def _parse_one(
    i: int,
    entry: Any,
    base_dir: Path,
    listed: dict[str, str | None],
    roots: tuple[Path, ...],
    canonical_metric: Callable[[str], str | None] | None,
) -> EvalSpec:
    spec = EvalSpec(i)

    def problem(message: str, key: str | None = None) -> None:
        spec.problems.append((f"evaluation[{i}]: {message}", key))

    if not isinstance(entry, Mapping):
        problem("is not a mapping of artifact, data, inputs, label, group, metrics")
        return spec
    unknown = sorted(str(k) for k in entry if str(k) not in _KEYS)
    if unknown:
        problem(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")
    groups = entry.get("group", entry.get("groups"))
    if groups is not None:
        names = _names(groups)
        if names is None:
            problem("group must be a column name or a list of them", "group")
        else:
            spec.groups = tuple(dict.fromkeys(names))
            clash = [g for g in spec.groups if g.lower() in RESERVED]
            if clash:
                problem(
                    f"group column(s) {', '.join(clash)} clash with the predictions "
                    "columns label, prediction, score: rename them",
                    "group",
                )
            if len(spec.groups) > MAX_GROUP_COLUMNS:
                problem(f"more than {MAX_GROUP_COLUMNS} group columns", "group")
    has_artifact, has_preds = (
        entry.get("artifact") is not None,
        entry.get("predictions") is not None,
    )
    if has_artifact == has_preds:
        problem("give either artifact (with data, inputs, label) or predictions, not both")
        return spec
    if has_preds:
        ref = entry.get("predictions")
        if not isinstance(ref, str) or not ref.strip():
            problem("predictions must be a path", "predictions")
            return spec
        spec.predictions = ref.strip()
        spec.predictions_path = _local(spec, ref.strip(), base_dir, roots, "predictions", problem)
        if not spec.groups:
            problem("submitted predictions are audited per group: add group: [column, …]", "group")
        return spec
    _parse_model_entry(spec, entry, base_dir, listed, roots, problem, canonical_metric)
    return spec


def _local(
    spec: EvalSpec,
    ref: str,
    base_dir: Path,
    roots: tuple[Path, ...],
    key: str,
    problem: Callable[[str, str | None], None],
) -> Path | None:
    path, refused = resolve_local(base_dir, ref, roots)
    if refused:
        problem(f"{key} {ref} {refused}", key)
        return None
    if not path.is_file():
        problem(f"{key} {ref} not found (looked at {path})", key)
        return None
    return path


def _parse_model_entry(
    spec: EvalSpec,
    entry: Mapping[str, Any],
    base_dir: Path,
    listed: dict[str, str | None],
    roots: tuple[Path, ...],
    problem: Callable[[str, str | None], None],
    canonical_metric: Callable[[str], str | None] | None,
) -> None:
    ref = entry.get("artifact")
    if not isinstance(ref, str) or not ref.strip():
        problem("artifact must be a path", "artifact")
        return
    spec.artifact = ref.strip()
    if _norm_ref(spec.artifact) not in listed:
        problem(
            f"artifact {spec.artifact} is not one of the card's artifacts: list it under "
            "artifacts: with its format and sha256, so the evaluated file is pinned",
            "artifact",
        )
    spec.artifact_path = _local(spec, spec.artifact, base_dir, roots, "artifact", problem)
    if spec.artifact_path is not None:
        sniffed = sniff_format(spec.artifact_path)
        declared = listed.get(_norm_ref(spec.artifact))
        fmt = sniffed if sniffed in RUNNABLE else None
        if fmt is None:
            problem(
                f"artifact {spec.artifact} is {declared or sniffed or 'an unknown format'}: "
                "xdocs runs ONNX models and scikit-learn objects saved with skops",
                "artifact",
            )
        spec.model_format = fmt
    data = entry.get("data")
    if not isinstance(data, str) or not data.strip():
        problem("a model run needs data: the evaluation file (CSV, Parquet or JSONL)", "data")
    else:
        spec.data = data.strip()
        spec.data_format = DATA_FORMATS.get(PurePosixPath(spec.data).suffix.lower())
        if spec.data_format is None:
            problem(f"data {spec.data}: use .csv, .tsv, .parquet or .jsonl", "data")
        spec.data_path = _local(spec, spec.data, base_dir, roots, "data", problem)
    _parse_inputs(spec, entry.get("inputs"), problem)
    label = entry.get("label")
    if not isinstance(label, str) or not label.strip():
        problem("label must name the column with the true labels", "label")
    else:
        spec.label = label.strip()
    metrics = entry.get("metrics")
    names = _names(metrics) if metrics is not None else []
    if names is None:
        problem("metrics must be a list of metric names", "metrics")
    else:
        spec.metrics = tuple(dict.fromkeys(names))
        if canonical_metric is not None:
            odd = [m for m in spec.metrics if canonical_metric(m) is None]
            if odd:
                problem(
                    f"xdocs cannot compute {', '.join(odd)} (it computes accuracy, "
                    "precision, recall, f1, roc_auc, mae, rmse)",
                    "metrics",
                )
    _parse_options(spec, entry, base_dir, roots, problem)


def _parse_inputs(spec: EvalSpec, value: Any, problem: Callable[[str, str | None], None]) -> None:
    if not isinstance(value, Mapping) or not value:
        problem(
            "inputs must map each model input to its column(s), e.g. {features: [f0, f1, f2]}",
            "inputs",
        )
        return
    for name, cols in value.items():
        names = _names(cols)
        if names is None:
            problem(f"inputs.{name} must be a column name or a list of them", "inputs")
            continue
        spec.inputs[str(name)] = names


def _parse_options(
    spec: EvalSpec,
    entry: Mapping[str, Any],
    base_dir: Path,
    roots: tuple[Path, ...],
    problem: Callable[[str, str | None], None],
) -> None:
    for key in ("dataset", "prediction_output", "score_output"):
        value = entry.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            problem(f"{key} must be a name", key)
        else:
            setattr(spec, key, value.strip())
    pos = entry.get("pos_label")
    if pos is not None and not isinstance(pos, (str, int, float, bool)):
        problem("pos_label must be a single value", "pos_label")
    spec.pos_label = pos
    task = entry.get("task")
    if task is not None:
        if str(task).strip().lower() not in TASKS:
            problem("task must be classification or regression", "task")
        else:
            spec.task = str(task).strip().lower()
    threshold = entry.get("threshold")
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            problem("threshold must be a number", "threshold")
        else:
            spec.threshold = float(threshold)
    classes = entry.get("classes")
    if classes is not None:
        if not isinstance(classes, list) or not classes:
            problem("classes must be a list of class names", "classes")
        else:
            spec.classes = [
                c if isinstance(c, (str, int, float, bool)) else str(c) for c in classes
            ]
    output = entry.get("output")
    ref = output if output is not None else spec.default_output()
    if output is not None and (not isinstance(output, str) or not output.strip()):
        problem("output must be a path", "output")
        return
    if isinstance(ref, str):
        if not ref.lower().endswith(".csv"):
            problem(f"output {ref}: predictions are written as .csv", "output")
            return
        # the card's own folder only (not the whole project), never one of its inputs,
        # and never a file that is not a predictions file (see looks_like_predictions)
        path, refused = resolve_local(base_dir, ref)
        if refused:
            problem(f"output {ref} {refused}", "output")
            return
        if path in (spec.data_path, spec.artifact_path):
            problem(f"output {ref} is the entry's own input", "output")
            return
        if path.exists() and not looks_like_predictions(path):
            problem(
                f"output {ref} exists and is not a predictions file: xdocs will not overwrite it",
                "output",
            )
            return
        spec.output = ref
        spec.output_path = path


def looks_like_predictions(path: Path) -> bool:
    """True for a CSV whose header starts with the label and prediction columns."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    first = head.split(b"\n", 1)[0].replace(b'"', b"").strip().lower()
    return first.startswith(b"label,prediction")
