"""Rule documentation of the re-evaluation checks (``xdocs rules ID`` explains each)."""

from __future__ import annotations

from xdocs.findings import Severity
from xdocs.rules import Rule

RULES: tuple[Rule, ...] = (
    Rule(
        "evidence/evaluation-entry",
        "An evaluation entry is malformed or cannot be matched to the card.",
        "xdocs re-runs a model only as the card describes it: an artifact listed under "
        "artifacts: (so its sha256 pins the file), a data file, which columns feed which model "
        "input, the label column and the metrics to reproduce. A missing key, a path outside "
        "the project or a declared metric the card does not report is reported here.",
        "evaluation: [{artifact: model.onnx, data: test.csv, inputs: {X: [f0, f1]}, "
        "label: y, metrics: [accuracy]}]  # but model.onnx is not under artifacts:",
        Severity.ERROR,
        "see docs/evidence.md, 'Re-evaluation'",
    ),
    Rule(
        "evidence/evaluation-failed",
        "The model could not be run on the evaluation data.",
        "An ONNX graph the checker or ONNX Runtime rejects, a skops file that needs untrusted "
        "types, inputs that do not match the model (names, widths, types), a data file over "
        "the size limit or with missing or non-numeric columns, a worker that crashed or ran "
        "out of memory: each is one finding, never a crash of xdocs.",
        "model input X takes 4 columns per row; inputs maps 3 (f0, f1, f2)",
        Severity.ERROR,
    ),
    Rule(
        "evidence/evaluation-timeout",
        "Running the model took longer than its time budget.",
        "The model runs in a worker process that is killed at the deadline "
        "(evidence.evaluation.timeout, default 600 s; inside xdocs check --evaluate also the "
        "evidence pass's lint.budgets.evidence), so a hostile or huge model cannot hang CI.",
        "stopped after its 600 s time budget",
        Severity.ERROR,
        "raise evidence.evaluation.timeout (and lint.budgets.evidence for xdocs check), or "
        "evaluate on a smaller sample declared as such",
    ),
    Rule(
        "evidence/reproduced",
        "xdocs ran the model and got the reported value (information).",
        "An independent evaluator's result: the artifact named in the card, run by xdocs on "
        "the card's evaluation data, gives the reported metric within the tolerance.",
        "accuracy: the card reports 0.912, xdocs ran model.onnx on holdout.csv (4,000 rows) "
        "and got 0.9115 (difference 0.0005 <= tolerance 0.005)",
        Severity.SUGGESTION,
    ),
    Rule(
        "evidence/not-reproduced",
        "xdocs ran the model and did not get the reported value.",
        "Recomputing a metric from predictions the team hands in checks their arithmetic; "
        "running their model checks their claim. A difference beyond the tolerance "
        "(evidence.tolerance, or the metric's own tolerance:) means the model, the data or "
        "the number in the card is not what the card says.",
        "accuracy: the card reports 0.95, xdocs ran model.onnx on holdout.csv (4,000 rows) "
        "and got 0.9115 (difference 0.0385 > tolerance 0.005)",
        Severity.ERROR,
        "correct the reported value, or the artifact/data the card names",
    ),
    Rule(
        "evidence/evaluation-stale",
        "A recorded evaluation no longer matches the card's files or values.",
        "reproduction: and bias_audit: record the sha256 of the model, data and predictions "
        "they were computed from, and the reported value of each metric. When a file or a "
        "value has changed since, the record describes something else.",
        "reproduction[0]: data holdout.csv changed since xdocs evaluate recorded it",
        Severity.WARNING,
        "run xdocs evaluate --write CARD again (before the evaluation stage is approved)",
    ),
)
