"""Prose pass: proselint 0.16 over the card's prose.

proselint does not understand Markdown, so it reads
:func:`~xdocs.lint.prosetext.masked_text`: code blocks, inline code, URLs,
HTML and front-matter replaced by spaces of the same length, so every
position it reports is a position in the file. Its checks are registered
once per process (``CheckRegistry`` is a singleton). It raises on empty
content, so blank prose is skipped. Rule ids are ``proselint/<check path>``
(``proselint/typography.symbols``). proselint's replacements are advice, not
safe edits, so they become fix hints, never automatic fixes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding, Severity
from xdocs.rules import LintContext, Rule

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard

RATIONALE = (
    "proselint encodes advice from usage guides (Garner, Strunk & White, the Chicago "
    "Manual of Style): clichés, redundancy, jargon and typography that distract readers."
)


@lru_cache(maxsize=1)
def _registry() -> Any:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)
    return registry


def severity_for(check_path: str) -> Severity:
    return Severity.SUGGESTION if check_path.startswith("typography.") else Severity.WARNING


class ProsePass:
    """proselint's checks, Markdown masked."""

    name = "prose"
    rules: tuple[Rule, ...] = ()

    def rules_for(self, config: Any) -> list[Rule]:
        """One rule per proselint check path, each with its own message, the
        advice its source gives, and an example made from the check's own data
        (or written in styleguide/rule-examples.yml where the check is code)."""
        from proselint.config import DEFAULT

        from xdocs.lint.examples import rule_examples
        from xdocs.lint.prose_docs import check_example, check_sources

        registry = _registry()
        enabled = {c.path for c in registry.get_all_enabled(DEFAULT["checks"])}
        hand = rule_examples(config)
        sources = check_sources()
        by_path: dict[str, list[Any]] = {}
        for check in registry.checks:
            by_path.setdefault(check.path, []).append(check)
        out = []
        for path, checks in by_path.items():
            rule_id = f"proselint/{path}"
            state = "" if path in enabled else " (off in proselint's defaults)"
            first = checks[0]
            message = first.message.replace("{}", "…") if first.message else path
            bad, good = hand.get(rule_id, ("", ""))
            if not bad:
                bad, good = next(
                    (ex for ex in map(check_example, checks) if ex is not None), ("", "")
                )
            why = sources.get(path) or RATIONALE
            out.append(
                Rule(
                    rule_id,
                    message + state,
                    why,
                    bad,
                    severity_for(path),
                    "Rephrase as the message suggests.",
                    good=good,
                    fixable="suggested" if good else "no",
                )
            )
        return out

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        from proselint.config import DEFAULT
        from proselint.tools import LintFile

        from xdocs.lint.prosetext import compact_prose, is_markdown

        if not is_markdown(card):
            return []
        doc = card.document
        _registry()
        config = dict(DEFAULT)
        config["max_errors"] = 10_000
        compact = compact_prose(doc)
        results: list[tuple[Any, int, int]] = []
        if compact.text.strip():
            for r in LintFile(card.path, compact.text).lint(config):
                s0 = max(0, r.check_result.span[0] - 1)  # LintFile pads the content with "\n"
                e0 = max(s0 + 1, r.check_result.span[1] - 1)
                results.append((r, compact.file_offset(s0), compact.file_offset(e0)))
        out = []
        for result, start, end in results:
            check = result.check_result
            line, col = doc.position(start)
            end_line, end_col = doc.position(min(end, len(doc.text)))
            message = check.message
            fix = f"consider '{check.replacements}'" if check.replacements else None
            out.append(
                Finding(
                    card.path,
                    line,
                    col,
                    f"proselint/{check.check_path}",
                    severity_for(check.check_path),
                    message,
                    end_line,
                    end_col,
                    fix=fix,
                    source="proselint",
                )
            )
        return out
