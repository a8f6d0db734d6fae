"""The evidence rules: artifacts, metrics, provenance, risk, compliance, and (from
their own modules) re-evaluation and bias.

Apart from :mod:`xdocs.evidence.checks` (the pass, which imports every check), so
each check module can reach the rule that reports without a circular import:
``R["risk/missing-rating"].finding(...)``.
"""

from __future__ import annotations

from xdocs.evidence.bias.findings import RULES as BIAS_RULES
from xdocs.evidence.evaluate.rules import RULES as EVALUATION_RULES
from xdocs.findings import Severity
from xdocs.rules import Rule, rule_index

E, W, S = Severity.ERROR, Severity.WARNING, Severity.SUGGESTION

OWN_RULES: tuple[Rule, ...] = (
    Rule(
        "evidence/artifact-entry",
        "An artifacts entry is malformed.",
        "Each artifact needs a path (relative to the card) or a uri, a format and a sha256, "
        "or reviewers cannot tell which file the card describes.",
        "artifacts:\n  - {path: model.safetensors, format: safetensors, sha256: 3a7b…}",
        E,
        "give path or uri, format and sha256",
    ),
    Rule(
        "evidence/artifact-missing",
        "A local artifact does not exist.",
        "A card that names a file nobody can find documents nothing.",
        "artifacts: [{path: weights/missing.safetensors, …}]",
        E,
        "fix the path (relative to the card) or commit the file",
    ),
    Rule(
        "evidence/artifact-sha256",
        "An artifact's sha256 is absent or does not match the file.",
        "The digest ties the card to the exact weights that were evaluated; a mismatch means "
        "the file changed after the card was written.",
        "sha256: 0000… but the file hashes to 3a7b…",
        E,
        "update the digest or the file",
    ),
    Rule(
        "evidence/artifact-format",
        "An artifact's content is not the format the card says.",
        "Formats are sniffed from the bytes (safetensors header, GGUF magic, zip, ONNX "
        "protobuf), not the file name, so a renamed pickle cannot pass as safetensors.",
        "format: safetensors on a PyTorch zip archive",
        E,
    ),
    Rule(
        "evidence/artifact-invalid",
        "An artifact is corrupt or unreadable.",
        "A truncated safetensors header, a header that claims more bytes than the file "
        "holds, an ONNX model the checker rejects, a legacy pickle xdocs will not unpickle.",
        "safetensors header claims 4,096 bytes but the file holds only 100",
        E,
    ),
    Rule(
        "evidence/artifact-zip-bomb",
        "A zip artifact expands to far more than it stores.",
        "Sizes are read from the central directory without extracting anything; an "
        "archive that inflates hundreds of times over is refused.",
        "members expand from 50 KB to 50 GB",
        E,
    ),
    Rule(
        "evidence/artifact-parameters",
        "A declared parameter count differs from the file.",
        "Parameters are counted from the safetensors/GGUF header or ONNX initializers and "
        "must match the declared count within 0.1%.",
        "parameters: 125M for a file holding 124,439,808",
        E,
        "parameters: <counted>",
    ),
    Rule(
        "evidence/artifact-remote",
        "An artifact is a URI: it cannot be verified offline.",
        "xdocs never downloads; a reviewer fetches the file and checks its digest.",
        "artifacts: [{uri: s3://models/m.safetensors, …}]",
        S,
    ),
    Rule(
        "evidence/metric-mismatch",
        "A reported metric differs from the recomputed value.",
        "xdocs recomputes the metric from the named predictions (scikit-learn) or reads it "
        "from the results report; a difference beyond the tolerance (evidence.tolerance, "
        "default 0.005) means the card and the evidence disagree.",
        "accuracy 0.93 reported, predictions.csv gives 0.8810",
        E,
    ),
    Rule(
        "evidence/metric-unsupported",
        "A metric names evidence but cannot be recomputed.",
        "xdocs recomputes accuracy, precision, recall, f1, roc_auc, mae and rmse; other "
        "metrics need a human check or a results: report.",
        "name: bleu, evidence: preds.csv",
        S,
    ),
    Rule(
        "evidence/predictions-invalid",
        "A predictions file cannot support the metric.",
        "Missing label/prediction/score columns, non-numeric values where numbers are "
        "needed, a missing slice, a malformed CSV or JSONL file.",
        "predictions.csv: missing column(s) prediction; found: label, score",
        E,
    ),
    Rule(
        "evidence/predictions-too-large",
        "A predictions file exceeds the row limit.",
        "Reading stops at evidence.max_rows (default 1,000,000) so memory stays bounded; "
        "no metric is judged on a silent sample.",
        "more than 1,000,000 rows",
        W,
        "raise evidence.max_rows or provide a results report",
    ),
    Rule(
        "evidence/row-count",
        "The evidence holds a different number of rows than claimed.",
        "A metric that claims N evaluation rows (evidence rows: or samples:) must be "
        "computed on N rows (the slice's rows for a sliced metric).",
        "rows: 2000 but predictions.csv holds 1,998",
        E,
    ),
    Rule(
        "evidence/results-invalid",
        "A results report is unreadable or lacks the metric.",
        "A results: JSON report is looked up by metric name and slice.",
        "results: eval.json has no value for f1 [en]",
        E,
    ),
    Rule(
        "provenance/no-datasets",
        "The card names no datasets.",
        "Training and evaluation data determine what a model can do and whom it may harm.",
        "datasets: []",
        W,
    ),
    Rule(
        "provenance/missing-field",
        "A dataset lacks source, license, version or personal data.",
        "Each dataset needs a source, a license, a version or collection date, and whether "
        "it holds personal or sensitive data.",
        "datasets: [{name: reviews}]",
        W,
    ),
    Rule(
        "provenance/unknown-without-reason",
        "A dataset field is 'unknown' with no reason.",
        "Unknown is an honest answer only when the card says why it cannot be known.",
        "license: unknown  (add reasons: {license: scraped before 2019, terms lost})",
        E,
    ),
    Rule(
        "provenance/invalid-entry",
        "A datasets entry is malformed.",
        "Each entry is a mapping with at least a name (or a bare name string).",
        "datasets: [{source: s3://…}]",
        E,
    ),
    Rule(
        "risk/missing-rating",
        "The card has no risk_rating.",
        "Reviewers triage by risk: high, medium, low or unknown (SageMaker's scale).",
        "risk_rating: medium",
        W,
    ),
    Rule(
        "risk/invalid-rating",
        "risk_rating is not high, medium, low or unknown.",
        "A fixed scale keeps ratings comparable and exportable.",
        "risk_rating: severe",
        E,
    ),
    Rule(
        "risk/missing-rationale",
        "The risk rating has no written rationale.",
        "A rating without a reason cannot be reviewed.",
        "risk_rationale: …",
        W,
    ),
    Rule(
        "risk/no-sliced-metric",
        "A medium/high-risk card has no disaggregated metric.",
        "Bias shows only when performance is reported per group: at least one metric "
        "needs a slice.",
        "metrics: [{name: accuracy, value: 0.9, slice: age>65}]",
        E,
    ),
    Rule(
        "risk/no-mitigations",
        "A medium/high-risk card lacks ethical considerations with mitigations.",
        "Naming risks is half the job; the card must say how each is mitigated. An absent or "
        "placeholder section is an error; a section with no mitigation wording at all "
        "(removed, filtered, masked, reviewed, monitored, threshold, notice…) is a warning, "
        "since that test is a heuristic.",
        "## Ethical considerations … Mitigations: …",
        E,
    ),
    Rule(
        "risk/flag-malformed",
        "A review flag lacks by, at, severity or note.",
        "Flags are review records; they need an author, a date, a severity and a note.",
        "flags: [{by: ana, at: 2026-05-01, severity: critical, note: …}]",
        E,
    ),
    Rule(
        "risk/critical-flag",
        "An open critical flag blocks approval beyond evaluation.",
        "A reviewer raised a critical concern; it must be resolved (resolved: true, "
        "resolved_by, resolved_at) before documentation approval.",
        "flags: [{severity: critical, note: fails on dialect speech}]",
        E,
    ),
    Rule(
        "compliance/missing-item",
        "A compliance profile item is not documented.",
        "With --profile, each item of the framework maps to sections and metadata; this "
        "one has something absent.",
        "eu-ai-act-annex-iv: 9. Post-market monitoring plan",
        W,
    ),
    Rule(
        "compliance/placeholder-item",
        "A compliance profile item holds only placeholder text.",
        "The sections exist but hold template filler ([More Information Needed], TODO).",
        "hf-template: Environmental Impact (section environmental_impact)",
        W,
    ),
)

#: every rule of the pass: its own, then re-evaluation and bias audit.

#: every rule the evidence pass reports, in the order ``xdocs rules`` lists them
RULES: tuple[Rule, ...] = OWN_RULES + EVALUATION_RULES + BIAS_RULES
#: the rules by id
R = rule_index(RULES)
