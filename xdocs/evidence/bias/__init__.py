"""Bias audit: how a model's predictions treat each group, through Fairlearn.

From any predictions xdocs has (a team's submitted file, or the predictions
``xdocs evaluate`` produced by running the model) and one or more group
columns, each column is audited on its own with Fairlearn's
:class:`~fairlearn.metrics.MetricFrame`:

- classifiers: accuracy, selection rate (share predicted positive), true and
  false positive rates per group; the demographic parity difference (largest
  gap in selection rate) and the equalized odds difference (largest gap in
  true or false positive rate). Selection rate and the two rates need a
  positive class: a two-class label guesses it (1, true, yes, positive,
  pos), more classes need ``pos_label``; without one only accuracy is audited;
- regressors: mean absolute error and mean prediction per group.

Thresholds (``evidence: {bias: …}`` in site_config/xdocs.yml) turn gaps into
``bias/disparity`` findings naming the metric, the two groups and the gap:
a difference above ``max_difference`` (accuracy, demographic parity,
equalized odds), a selection-rate ratio below ``min_ratio`` (the four-fifths
rule), a worst-to-best error ratio below ``min_ratio`` for regressors. Groups
with fewer than ``min_group_size`` rows are left out of the comparison and
reported as too small to judge (``bias/group-too-small``), never hidden.

What this cannot tell: whether a gap is unfair (base rates may differ between
groups), whether the groups in the file are the people the model will meet,
or anything about groups the data does not record. The data is what the
submitting team says it is.
"""

from xdocs.evidence.bias.audit import (
    LABELS,
    ColumnAudit,
    Gap,
    Thresholds,
    audit_column,
    positive_code,
    thresholds_from_config,
)
from xdocs.evidence.bias.findings import RULES, findings_for

__all__ = [
    "LABELS",
    "RULES",
    "ColumnAudit",
    "Gap",
    "Thresholds",
    "audit_column",
    "findings_for",
    "positive_code",
    "thresholds_from_config",
]
