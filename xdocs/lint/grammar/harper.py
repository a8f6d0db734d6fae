"""Harper backend: offline grammar through harper-py, one Linter per process.

Building a ``harper.Linter`` loads its dictionary (about a second), so each
process builds one, lazily, and keeps it. The house vocabulary (terminology
words and ``grammar.words``) is imported into it, and its title-case rule is
off when the style guide asks for sentence-case headings.

Harper reads Markdown, but only the prose units of a card
(:func:`~xdocs.lint.prosetext.prose_units`: paragraphs and headings): YAML,
tables and code never reach it. Model cards repeat template paragraphs
across files, so lints are memoized per unit text in this process: each
distinct paragraph is linted once. Units not seen yet are joined into chunks
of at most :data:`CHUNK_CHARS` characters, one Harper call per chunk, and the
budget is checked between chunks (a native call cannot be interrupted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding, Severity
from xdocs.lint.budget import Budget, BudgetExceeded
from xdocs.rules import LintContext

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard

CHUNK_CHARS = 20_000
SEPARATOR = "\n\n"
#: Harper lint kinds reported as warnings; every other kind is a suggestion.
WARNING_KINDS = {"Grammar", "Agreement", "Repetition", "Typo", "Spelling", "Usage", "WordChoice"}
#: rules whose single suggestion is safe to apply unattended.
SAFE_RULES = {"RepeatedWords", "AnA"}
#: Harper rules that judge heading case (off when the house uses sentence case).
TITLE_CASE_RULES = ("UseTitleCase",)
MEMO_LIMIT = 50_000

_LINTER: dict[str, Any] = {}

#: (rule, start, end, kind, message, replacement or None, safe) relative to a unit
Hit = tuple[str, int, int, str, str, "str | None", bool]


def _linter(config: Any) -> Any:
    """This process's Linter for this configuration (built once)."""
    from xdocs.lint.terminology import terminology_for

    section = config.section("grammar")
    dialect = str(section.get("dialect") or "american").upper()
    heading_case = str(section.get("heading_case") or "sentence").lower()
    words = tuple(terminology_for(config).words()) + tuple(
        str(w) for w in section.get("words") or ()
    )
    key = f"{dialect}|{heading_case}|{hash(words)}"
    if _LINTER.get("key") == key:
        return _LINTER["linter"]
    import harper

    try:
        linter = harper.Linter(harper.Dialect[dialect])
    except KeyError:
        raise ValueError(
            f"grammar.dialect {dialect.lower()!r}: use american, british, australian, "
            "canadian or indian"
        ) from None
    if words:
        linter.import_words(list(words))
    if heading_case == "sentence":
        lint_config = linter.get_lint_config()
        for rule in TITLE_CASE_RULES:
            if rule in lint_config:
                lint_config[rule] = False
        linter.set_lint_config(lint_config)
    _LINTER.clear()
    _LINTER.update(key=key, linter=linter, memo={})
    return linter


def _to_hits(organized: dict[str, list[Any]]) -> list[tuple[int, Hit]]:
    import harper

    out = []
    for rule, lints in organized.items():
        for lint in lints:
            span = lint.span
            suggestions = lint.suggestions
            replacement = None
            if suggestions:
                s = suggestions[0]
                if s.kind == harper.SuggestionKind.REMOVE:
                    replacement = ""
                elif s.kind == harper.SuggestionKind.INSERT_AFTER:
                    replacement = lint.problem_text + s.replacement_text
                else:
                    replacement = s.replacement_text
            safe = rule in SAFE_RULES and len(suggestions) == 1
            out.append(
                (
                    span.start,
                    (rule, span.start, span.end, lint.lint_kind, lint.message, replacement, safe),
                )
            )
    return out


def lint_units(linter: Any, memo: dict[str, list[Hit]], texts: list[str], budget: Budget) -> None:
    """Fill ``memo`` for every text not in it, one Harper call per chunk."""
    pending = [t for t in dict.fromkeys(texts) if t not in memo]
    i = 0
    while i < len(pending):
        budget.check()
        chunk: list[str] = []
        size = 0
        while i < len(pending) and (not chunk or size + len(pending[i]) <= CHUNK_CHARS):
            chunk.append(pending[i])
            size += len(pending[i]) + len(SEPARATOR)
            i += 1
        joined = SEPARATOR.join(chunk)
        starts = []
        pos = 0
        for text in chunk:
            starts.append(pos)
            pos += len(text) + len(SEPARATOR)
        results: dict[str, list[Hit]] = {t: [] for t in chunk}
        for start, hit in _to_hits(linter.organized_lints(joined)):
            # find the unit holding this lint; drop lints that span two units
            lo, hi = 0, len(starts) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if starts[mid] <= start:
                    lo = mid
                else:
                    hi = mid - 1
            base = starts[lo]
            text = chunk[lo]
            rel_end = hit[2] - base
            if rel_end > len(text):
                continue
            results[text].append((hit[0], hit[1] - base, rel_end, *hit[3:]))
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        memo.update(results)


class HarperBackend:
    name = "harper"

    def prefill(self, texts: list[str], ctx: LintContext, budget: Budget) -> None:
        """Lint every text not yet in this process's memo (a batch of cards at once)."""
        linter = _linter(ctx.config)
        lint_units(linter, _LINTER["memo"], texts, budget)

    def check(self, card: ModelCard, ctx: LintContext, budget: Budget) -> list[Finding]:
        from xdocs.lint.prosetext import prose_units

        doc = card.document
        units = prose_units(doc)
        if not units:
            return []
        linter = _linter(ctx.config)
        memo = _LINTER["memo"]
        out: list[Finding] = []
        try:
            lint_units(linter, memo, [u.text for u in units], budget)
        except BudgetExceeded:
            out.append(
                Finding(
                    card.path,
                    0,
                    0,
                    "engine/timeout",
                    Severity.WARNING,
                    f"grammar: Harper stopped after its {budget.seconds:g} s time budget; "
                    "findings are incomplete",
                    source="harper",
                )
            )
        for unit in units:
            for rule, start, end, kind, message, replacement, safe in memo.get(unit.text, ()):
                a = unit.file_offset(start)
                b = unit.file_offset(end) if end > start else a
                line, col = doc.position(a)
                end_line, end_col = doc.position(b)
                severity = Severity.WARNING if kind in WARNING_KINDS else Severity.SUGGESTION
                fix = f"replace with '{replacement}'" if replacement else None
                out.append(
                    Finding(
                        card.path,
                        line,
                        col,
                        f"grammar/harper/{rule}",
                        severity,
                        message,
                        end_line,
                        end_col,
                        fix=fix,
                        replacement=replacement if safe and end_line == line else None,
                        source="harper",
                    )
                )
        return out


def rule_description(rule: str) -> str | None:
    """Harper's own Markdown description of a rule (for ``xdocs rules``)."""
    import harper

    return harper.Linter().get_lint_descriptions().get(rule)
