"""Evaluation evidence: the checks a machine can do for the publishing worker.

One module per job: :mod:`~xdocs.evidence.formats` and
:mod:`~xdocs.evidence.artifacts` (model files), :mod:`~xdocs.evidence.hashing`,
:mod:`~xdocs.evidence.predictions` and :mod:`~xdocs.evidence.corroborate`
(recomputing reported metrics), :mod:`~xdocs.evidence.provenance` (datasets),
:mod:`~xdocs.evidence.risk` (risk rating, review flags),
:mod:`~xdocs.evidence.evaluate` (running the model: ``xdocs evaluate``),
:mod:`~xdocs.evidence.bias` (the per-group audit),
:mod:`~xdocs.evidence.compliance` (profiles) and :mod:`~xdocs.evidence.checks`
(the ``EvidencePass`` lint pass that runs them all).
"""
