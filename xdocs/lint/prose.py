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
        """One rule per proselint check (124 in proselint 0.16)."""
        from proselint.config import DEFAULT

        registry = _registry()
        enabled = {c.path for c in registry.get_all_enabled(DEFAULT["checks"])}
        out = []
        seen = set()
        for check in registry.checks:
            if check.path in seen:
                continue
            seen.add(check.path)
            state = "" if check.path in enabled else " (off in proselint's defaults)"
            message = check.message.replace("{}", "…") if check.message else check.path
            out.append(
                Rule(
                    f"proselint/{check.path}",
                    message + state,
                    RATIONALE,
                    f"see proselint's check {check.path}",
                    severity_for(check.path),
                    "Rephrase as the message suggests.",
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
