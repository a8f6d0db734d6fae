"""The evidence lint pass: artifacts, metric corroboration, provenance, risk, compliance.

:class:`EvidencePass` follows the ``LintPass`` protocol of
:mod:`xdocs.lint.rules`; the lint registry lists it like any other pass. The
compliance rules run only when ``ctx.options.profile`` names a profile
(``xdocs check --profile NAME``); models are re-run only when
``ctx.options.evaluate`` is set (``xdocs check --evaluate``). Every rule id is
documented in :data:`RULES` (and the re-evaluation and bias rules of
:mod:`xdocs.evidence.evaluate.rules` and :mod:`xdocs.evidence.bias`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from xdocs.card.model import Metric, ModelCard
from xdocs.evidence.artifacts import check_artifacts
from xdocs.evidence.compliance import ProfileError, compliance_findings, evaluate, load_profile
from xdocs.evidence.corroborate import check_metric_evidence, settings_from_config
from xdocs.evidence.paths import artifact_roots
from xdocs.evidence.provenance import check_provenance
from xdocs.evidence.risk import check_flags, check_risk
from xdocs.evidence.rules import RULES, R
from xdocs.findings import Finding, Severity
from xdocs.rules import LintContext

E, W, S = Severity.ERROR, Severity.WARNING, Severity.SUGGESTION


def card_dir(card: ModelCard, ctx: LintContext | None = None) -> Path:
    """The folder artifact and evidence paths are relative to."""
    path = Path(card.path)
    if not path.is_absolute() and not path.exists() and ctx is not None:
        candidate = ctx.project_root / path
        if candidate.exists():
            path = candidate
    return path.resolve().parent


def line_getter(card: ModelCard) -> Callable[..., int]:
    """``line_of("artifacts", 2, "sha256")`` → file line of that front-matter key."""
    doc = card.document
    use_doc = card.format in {"markdown", "hf"} and doc is not None and doc.has_front_matter

    def line_of(*keys: str | int) -> int:
        if use_doc:
            try:
                return doc.key_line(*keys)
            except Exception:
                pass
        return card.line_of(str(keys[0])) if keys else 1

    return line_of


def _meta(card: ModelCard, key: str) -> Any:
    if key in card.metadata:
        return card.metadata[key]
    return card.raw.get(key) if isinstance(card.raw, Mapping) else None


class EvidencePass:
    """Artifacts, metric corroboration, data provenance, risk and compliance."""

    name = "evidence"
    rules = RULES

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        if card.format in ("page", "unknown", "json"):
            return []  # documentation pages and unreadable files carry no evidence
        try:
            return self._run(card, ctx)
        except Exception as exc:  # a pass must never sink the run
            return [
                R["evidence/artifact-invalid"].finding(
                    card.path,
                    1,
                    1,
                    f"evidence checks failed unexpectedly: {type(exc).__name__}: {exc}",
                )
            ]

    def _run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        path, line_of, base = card.path, line_getter(card), card_dir(card, ctx)
        out: list[Finding] = []
        artifacts = _meta(card, "artifacts")
        section = ctx.config.section("evidence") if ctx.config else {}
        # the card's own folder, plus a configured artifacts root; never the whole project
        roots = artifact_roots(section, ctx.project_root)
        out += check_artifacts(
            artifacts, base, path, lambda *k: line_of("artifacts", *k), roots=roots
        )
        settings = settings_from_config(section)

        def metric_line(metric: Metric) -> int:
            return metric.line or line_of("metrics")

        out += check_metric_evidence(card.metrics, base, path, settings, metric_line, roots)
        out += check_provenance(_meta(card, "datasets"), path, lambda *k: line_of("datasets", *k))
        from xdocs.evidence.evaluate.check import check_evaluation

        out += check_evaluation(card, base, roots, line_of, settings, section, ctx)
        out += check_risk(card, path, line_of)
        out += check_flags(_meta(card, "flags"), path, line_of)
        profile_name = ctx.options.profile
        if profile_name:
            try:
                profile = load_profile(str(profile_name), ctx.project_root)
            except ProfileError as exc:
                out.append(
                    R["compliance/missing-item"].finding(
                        path, 0, 0, str(exc), severity=Severity.ERROR
                    )
                )
            else:
                out += compliance_findings(evaluate(card, profile), line=1)
        return out
