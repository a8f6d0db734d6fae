"""One batch of cards through every pass: what a worker process does.

Kept apart from :mod:`xdocs.lint.runner` (which schedules, caches and
filters) so the unit of work is small and testable: load each card once,
give the same ModelCard to every pass under its time budget, turn a crash or
an overrun into one finding, apply suppression comments.

A pass may offer ``run_batch(cards, ctx) -> {path: [Finding]}`` when its
engine has a per-call cost worth sharing across files (Harper); and
may record files it read besides the card in ``ctx.dependencies`` (a set) so
the cache knows when to invalidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xdocs.findings import Finding, Severity
from xdocs.lint.budget import BudgetExceeded, budget
from xdocs.lint.registry import RUNNER
from xdocs.lint.results import CardResult, LintItem, LoadedCard
from xdocs.rules import LintContext

#: which budget each pass uses (missing: "default")
BUDGET_KEYS = {"grammar": "grammar", "markdown": "markdown"}


def _engine_finding(path: str, pass_name: str, rule: str, message: str) -> Finding:
    return RUNNER[rule].finding(
        path,
        0,
        0,
        f"{pass_name}: {message}",
        severity=Severity.WARNING,
        fix="see `xdocs rules " + rule + "`",
        source=pass_name,
    )


def _metadata_paths(card: Any, root: Path) -> set[str]:
    """Existing files the card's metadata names (artifacts, datasets): cache dependencies."""
    out: set[str] = set()
    base = Path(card.path).parent

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and 0 < len(value) < 400 and "\n" not in value:
            if "://" in value:
                return
            for folder in (base, root):
                candidate = folder / value
                try:
                    if candidate.is_file():
                        out.add(str(candidate))
                        break
                except OSError:
                    continue

    meta = getattr(card, "metadata", None) or {}
    for key in ("artifacts", "datasets"):
        walk(meta.get(key))
    return out


def lint_cards(
    items: list[LintItem],
    passes: list[Any],
    ctx: LintContext,
    budgets: dict[str, float],
) -> list[CardResult]:
    """Lint files the runner already read: one :class:`CardResult` per item.

    The bytes come with the item: a card is read once per ``xdocs check``
    (the runner's read, for the cache key), decoded once (:class:`Document`)
    and parsed once (its tokens), whatever the number of passes.
    """
    from xdocs.card import load_card_from_document
    from xdocs.document import Document

    loaded: list[LoadedCard] = []
    results: list[CardResult] = []
    for item in items:
        disp, key = item.display, item.key
        try:
            card = load_card_from_document(Document.from_bytes(item.data, disp))
        except Exception as exc:  # a reader bug must not sink the run
            fs = (_engine_finding(disp, "reader", "engine/error", f"{type(exc).__name__}: {exc}"),)
            results.append(CardResult(disp, fs, (), key))
            continue
        loaded.append(LoadedCard(disp, key, card))
    return results + lint_loaded(loaded, passes, ctx, budgets)


@dataclass
class _Work:
    """One card's findings and dependencies while the passes run over it."""

    loaded: LoadedCard
    findings: list[Finding]
    dependencies: set[str] = field(default_factory=set)


def lint_loaded(
    items: list[LoadedCard],
    passes: list[Any],
    ctx: LintContext,
    budgets: dict[str, float],
) -> list[CardResult]:
    """Lint already-loaded cards: the part of :func:`lint_cards` after reading, for
    callers that hold a card's text in memory (the language server, ``xdocs fix``)."""
    from xdocs.lint.suppress import Suppressions, parse_suppressions

    work = [_Work(item, list(item.card.findings)) for item in items]
    cards = [w.loaded.card for w in work]
    by_path = {w.loaded.display: w for w in work}
    for lint_pass in passes:
        seconds = budgets.get(BUDGET_KEYS.get(lint_pass.name, lint_pass.name), budgets["default"])
        batch = getattr(lint_pass, "run_batch", None)
        if batch is not None and len(cards) > 1:
            try:
                with budget(seconds * len(cards)):
                    found = batch(cards, ctx)
                for disp, fs in found.items():
                    if disp in by_path:
                        by_path[disp].findings.extend(fs)
                continue
            except BudgetExceeded:
                pass  # fall back to one file at a time, so only the slow file times out
            except Exception:  # noqa: BLE001 - retry per file to pin the failure down
                pass
        for w in work:
            disp, fs = w.loaded.display, w.findings
            ctx.dependencies = w.dependencies
            try:
                with budget(seconds) as b:
                    fs.extend(lint_pass.run(w.loaded.card, ctx))
                if getattr(b, "overran", False):  # pragma: no cover
                    raise BudgetExceeded
            except BudgetExceeded:
                fs.append(
                    _engine_finding(
                        disp,
                        lint_pass.name,
                        "engine/timeout",
                        f"stopped after its {seconds:g} s time budget; findings are incomplete",
                    )
                )
            except Exception as exc:  # a pass must never crash the run
                fs.append(
                    _engine_finding(
                        disp, lint_pass.name, "engine/error", f"{type(exc).__name__}: {exc}"
                    )
                )
    ctx.dependencies = set()
    root = Path(ctx.project_root)
    results: list[CardResult] = []
    for w in work:
        card = w.loaded.card
        deps = w.dependencies | _metadata_paths(card, root)
        markdown = card.format in ("markdown", "hf", "page")
        sup = parse_suppressions(card.document) if markdown else Suppressions()
        findings = tuple(_dedupe(sup.filter(w.findings)))
        results.append(CardResult(w.loaded.display, findings, tuple(sorted(deps)), w.loaded.key))
    return results


#: which rule wins a spot that several rules report: the most specific first (the
#: house's own terms, then the house style, then the grammar engines, then proselint)
SPOT_ORDER = ("terminology/", "vale/Xalura.", "vale/", "grammar/harper/", "grammar/languagetool/",
              "proselint/")  # fmt: skip
#: rules that judge a whole sentence: the same spot when they start at the same place
SENTENCE_RULES = {"grammar/harper/LongSentences", "vale/Xalura.SentenceLength"}
#: Harper's spelling is the least specific: a typo flagged by a term rule is the term
LAST = {"grammar/harper/SpellCheck"}


def _rank(rule: str) -> int:
    if rule in LAST:
        return len(SPOT_ORDER)
    return next((i for i, p in enumerate(SPOT_ORDER) if rule.startswith(p)), -1)


def _same_spot(a: Finding, b: Finding) -> bool:
    if a.line != b.line:
        return False
    if (a.rule in SENTENCE_RULES) != (b.rule in SENTENCE_RULES):
        return False
    if a.rule in SENTENCE_RULES:
        return a.column == b.column
    one_line = (a.end_line or a.line) == a.line and (b.end_line or b.line) == b.line
    if not one_line:
        return a.column == b.column
    sa = (a.column, max(a.end_column or a.column, a.column + 1))
    sb = (b.column, max(b.end_column or b.column, b.column + 1))
    overlap = min(sa[1], sb[1]) - max(sa[0], sb[0])
    return overlap > 0 and overlap >= 0.4 * max(sa[1] - sa[0], sb[1] - sb[0])


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop exact repeats, and report each spot of prose once.

    When terminology, the house Vale style, Harper and proselint flag the same words
    ("Pytorch" as a term and as a spelling; "TODO" as a placeholder, an annotation
    and a missing hyphen), the most specific rule (:data:`SPOT_ORDER`) keeps the
    finding and names the others in its message; the rest are folded in. A
    finding with a safe fix (``replacement``) wins over those without, so folding
    never loses a fix ``xdocs fix`` would apply.
    """
    seen: set[tuple] = set()
    unique = []
    for f in findings:
        k = (f.path, f.line, f.column, f.rule, f.message)
        if k not in seen:
            seen.add(k)
            unique.append(f)
    prose = [f for f in unique if _rank(f.rule) >= 0]
    if len(prose) < 2:
        return unique
    by_line: dict[tuple[str, int], list[Finding]] = {}
    # a finding that carries a safe fix wins over one that does not (the fix is kept)
    for f in sorted(prose, key=lambda f: (f.replacement is None, _rank(f.rule))):
        by_line.setdefault((f.path, f.line), []).append(f)
    folded: dict[int, list[str]] = {}
    dropped: set[int] = set()
    for group in by_line.values():
        kept: list[Finding] = []
        for f in group:
            winner = next((k for k in kept if _same_spot(k, f)), None)
            if winner is None:
                kept.append(f)
            else:
                dropped.add(id(f))
                if f.rule != winner.rule:
                    folded.setdefault(id(winner), [])
                    if f.rule not in folded[id(winner)]:
                        folded[id(winner)].append(f.rule)
    out = []
    for f in unique:
        if id(f) in dropped:
            continue
        if id(f) in folded:
            f = replace(f, message=f"{f.message} (also {', '.join(folded[id(f)])})")
        out.append(f)
    return out
