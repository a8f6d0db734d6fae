"""The re-evaluation and bias-audit part of the evidence pass (and its findings).

:func:`check_evaluation` is what :class:`xdocs.evidence.checks.EvidencePass`
calls. Without ``--evaluate`` it validates the ``evaluation:`` block, audits
the predictions at hand (submitted files; the file an earlier ``xdocs
evaluate`` wrote), checks that recorded ``reproduction:``/``bias_audit:``
still match the files and the reported values, and asks medium/high-risk cards
for a bias audit. With ``--evaluate`` it also runs each model, inside the
evidence pass's time budget, into a temporary folder (a check writes nothing).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from xdocs.card.metrics import as_fraction
from xdocs.card.model import ModelCard
from xdocs.evidence import bias
from xdocs.evidence.corroborate import Settings, canonical_metric
from xdocs.evidence.evaluate import reproduce
from xdocs.evidence.evaluate.session import Outcome, run_entry
from xdocs.evidence.evaluate.spec import EvalSpec, parse_entries
from xdocs.evidence.hashing import sha256_path
from xdocs.evidence.paths import resolve_local
from xdocs.evidence.rules import R
from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX, LintContext

LineOf = Callable[..., int]


def _meta(card: ModelCard, key: str) -> Any:
    if key in card.metadata:
        return card.metadata[key]
    return card.raw.get(key) if isinstance(card.raw, Mapping) else None


def load_specs(
    card: ModelCard, base: Path, roots: tuple[Path, ...], path: str, line_of: LineOf
) -> tuple[list[EvalSpec], list[Finding]]:
    """Parsed entries and the findings for malformed ones."""
    specs, whole = parse_entries(
        _meta(card, "evaluation"), base, _meta(card, "artifacts"), roots, canonical_metric
    )
    out = []
    if whole:
        out.append(
            R["evidence/evaluation-entry"].finding(
                path, line_of("evaluation"), 1, whole, fix=NO_FIX
            )
        )
    for spec in specs:
        for message, key in spec.problems:
            keys: tuple[Any, ...] = ("evaluation", spec.index) + ((key,) if key else ())
            out.append(
                R["evidence/evaluation-entry"].finding(path, line_of(*keys), 1, message, fix=NO_FIX)
            )
        if spec.ok and spec.runs_model:
            names = {canonical_metric(m.name) for m in reproduce.reported_for(spec, card.metrics)}
            for m in spec.metrics:
                if canonical_metric(m) not in names:
                    out.append(
                        R["evidence/evaluation-entry"].finding(
                            path,
                            line_of("evaluation", spec.index, "metrics"),
                            1,
                            f"evaluation[{spec.index}]: declares {m}, but the card "
                            f"reports no {m} metric"
                            + (f" on {spec.dataset}" if spec.dataset else ""),
                            severity=Severity.WARNING,
                            fix=NO_FIX,
                        )
                    )
    return specs, out


def where(outcome: Outcome) -> str:
    """How a message names what was evaluated."""
    spec = outcome.spec
    if outcome.source == "submitted":
        return f"submitted predictions {spec.predictions}"
    if outcome.source == "stored":
        return f"{spec.artifact} (predictions from an earlier xdocs evaluate)"
    return f"{spec.artifact} on {spec.data}"


def outcome_findings(outcome: Outcome, path: str, line_of: LineOf) -> list[Finding]:
    """Findings of one entry: failure, reproduction, bias."""
    line = line_of("evaluation", outcome.spec.index)
    if outcome.failure is not None:
        kind, message = outcome.failure
        rule = "evidence/evaluation-timeout" if kind == "timeout" else "evidence/evaluation-failed"
        return [
            R[rule].finding(
                path,
                line,
                1,
                f"evaluation[{outcome.spec.index}]: {where(outcome)}: {message}",
                severity=Severity.ERROR,
                fix=NO_FIX,
            )
        ]
    out = reproduce.findings(outcome.metrics, path, line, where(outcome))
    for audit in outcome.audits:
        out += bias.findings_for(audit, path, line, f"evaluation[{outcome.spec.index}]")
    return out


def stored_predictions(
    spec: EvalSpec, recorded: Any, base: Path, roots: tuple[Path, ...]
) -> Path | None:
    """The predictions an earlier ``xdocs evaluate`` wrote for this entry, if at hand."""
    refs = [
        r.get("predictions")
        for r in recorded
        if isinstance(r, Mapping)
        and r.get("artifact") == spec.artifact
        and isinstance(r.get("predictions"), str)
    ]
    for ref in [*refs, spec.output]:
        if not ref:
            continue
        file, refused = resolve_local(base, ref, roots)
        if not refused and file.is_file():
            return file
    return None


def check_evaluation(
    card: ModelCard,
    base: Path,
    roots: tuple[Path, ...],
    line_of: LineOf,
    settings: Settings,
    section: Mapping[str, Any],
    ctx: LintContext,
) -> list[Finding]:
    """All evaluation and bias findings of one card (see the module docstring).
    ``ctx`` says whether to run the model (``ctx.options.evaluate``), its time
    budget, and collects the files read (``ctx.dependencies``)."""
    started = time.monotonic()
    path = card.path
    try:
        thresholds = bias.thresholds_from_config(section)
        from xdocs.evidence.evaluate.session import evaluation_settings

        eval_settings = evaluation_settings(section)
    except ValueError as exc:
        return [
            R["evidence/evaluation-entry"].finding(
                path, 1, 1, f"site_config/xdocs.yml: {exc}", fix=NO_FIX
            )
        ]
    specs, out = load_specs(card, base, roots, path, line_of)
    recorded = _meta(card, "reproduction")
    recorded = recorded if isinstance(recorded, list) else []
    deps = ctx.dependencies
    evaluate = ctx.options.evaluate
    budget = ctx.options.budget("evidence", eval_settings.timeout)
    audited = False
    for spec in specs:
        if not spec.ok:
            continue
        for p in (spec.artifact_path, spec.data_path, spec.predictions_path):
            if p is not None and isinstance(deps, set):
                deps.add(str(p))
        stored = None if evaluate else stored_predictions(spec, recorded, base, roots)
        if stored is not None and isinstance(deps, set):
            deps.add(str(stored))
        remaining = budget - (time.monotonic() - started) - 1.0
        outcome = run_entry(
            spec,
            card.metrics,
            settings=eval_settings,
            max_rows=settings.max_rows,
            tolerance=settings.tolerance,
            thresholds=thresholds,
            run_model=evaluate,
            stored=stored,
            timeout=max(0.5, remaining),
        )
        audited = audited or bool(outcome.audits)
        if outcome.source == "stored" and outcome.predictions is None:
            continue  # nothing at hand: xdocs evaluate (or check --evaluate) will say more
        out += outcome_findings(outcome, path, line_of)
    out += stale_findings(card, base, roots, path, line_of)
    out += missing_audit(card, path, line_of, audited)
    return out


def missing_audit(card: ModelCard, path: str, line_of: LineOf, audited: bool) -> list[Finding]:
    from xdocs.evidence.risk import risk_rating

    rating = str(risk_rating(card) or "").strip().lower()
    recorded = _meta(card, "bias_audit")
    if rating not in ("medium", "high") or audited or (isinstance(recorded, list) and recorded):
        return []
    return [
        R["bias/missing-audit"].finding(
            path,
            line_of("risk_rating"),
            1,
            f"a {rating}-risk model needs a bias audit: no evaluation entry with group "
            "columns could be audited and no bias_audit is recorded",
            fix="add group: [columns] to an evaluation entry, then xdocs evaluate --write CARD",
        )
    ]


def stale_findings(
    card: ModelCard, base: Path, roots: tuple[Path, ...], path: str, line_of: LineOf
) -> list[Finding]:
    """A recorded evaluation whose files or reported values changed since."""
    out: list[Finding] = []
    hashes: dict[Path, str | None] = {}
    for key in ("reproduction", "bias_audit"):
        records = _meta(card, key)
        if records is None:
            continue
        if not isinstance(records, list):
            out.append(
                R["evidence/evaluation-stale"].finding(
                    path,
                    line_of(key),
                    1,
                    f"{key} must be a list of records (written by xdocs evaluate --write)",
                    fix=NO_FIX,
                )
            )
            continue
        for i, rec in enumerate(records):
            if not isinstance(rec, Mapping):
                continue
            for name in ("artifact", "data", "predictions"):
                ref, want = rec.get(name), rec.get(f"{name}_sha256")
                if not isinstance(ref, str) or not isinstance(want, str):
                    continue
                problem = _changed(ref, want, base, roots, hashes)
                if problem:
                    out.append(
                        R["evidence/evaluation-stale"].finding(
                            path,
                            line_of(key, i, name),
                            1,
                            f"{key}[{i}]: {name} {ref} {problem} since xdocs evaluate recorded it",
                            fix="run xdocs evaluate --write CARD again",
                        )
                    )
            if key == "reproduction":
                out += _changed_values(card, rec, i, path, line_of)
    return out


def _changed(
    ref: str, want: str, base: Path, roots: tuple[Path, ...], hashes: dict[Path, str | None]
) -> str | None:
    file, refused = resolve_local(base, ref, roots)
    if refused:
        return refused
    if not file.is_file():
        return "is missing"
    if file not in hashes:
        try:
            hashes[file] = sha256_path(file)
        except OSError:
            hashes[file] = None
    return None if hashes[file] == want.strip().lower().removeprefix("sha256:") else "changed"


def _changed_values(
    card: ModelCard, rec: Mapping[str, Any], i: int, path: str, line_of: LineOf
) -> list[Finding]:
    out = []
    metrics = rec.get("metrics") if isinstance(rec.get("metrics"), list) else []
    for entry in metrics:
        if not isinstance(entry, Mapping) or "reproduced" not in entry:
            continue
        name, sl = str(entry.get("name")), entry.get("slice")
        matches = [m for m in card.metrics if m.name == name and (m.slice or None) == sl]
        if not matches:
            continue
        now = [as_fraction(m.value) for m in matches]
        said = entry.get("reported")
        if isinstance(said, (int, float)) and not any(
            v is not None and (abs(v - said) < 1e-9 or abs(v / 100 - said) < 1e-9) for v in now
        ):
            label = name + (f" [{sl}]" if sl else "")
            out.append(
                R["evidence/evaluation-stale"].finding(
                    path,
                    matches[0].line or line_of("reproduction", i),
                    1,
                    f"metric {label}: the card now reports {matches[0].value}, but "
                    f"xdocs recorded its evaluation of {said}",
                    fix="run xdocs evaluate --write CARD again",
                )
            )
    return out
