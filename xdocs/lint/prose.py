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


#: xdocs' own wording for checks whose proselint message quotes its source's joke ("the
#: hallmarks of a pretentious ass", "substitute 'damn'"): the advice is sound, the words
#: are not ones a publishing team puts in front of writers. ``{}`` is the flagged text.
HOUSE_MESSAGES = {
    "misc.pretension": "'{}' is jargon that makes the text sound pretentious; use a plain word.",
    "weasel_words.very": (
        "'{}' props up a claim without saying how much: give the figure, choose a stronger "
        "word, or drop it."
    ),
}


def message_for(check_path: str, message: str, flagged: str) -> str:
    """The message a finding of ``check_path`` shows (the house wording where there is one)."""
    house = HOUSE_MESSAGES.get(check_path)
    return house.replace("{}", flagged) if house else message


def severity_for(check_path: str) -> Severity:
    return Severity.SUGGESTION if check_path.startswith("typography.") else Severity.WARNING


FAMILY = Rule(
    "proselint/*",
    "proselint found a usage, redundancy, cliché or typography problem (the id names the check).",
    RATIONALE,
    "We note that very unique here.",
    Severity.WARNING,
    "Rephrase as the message suggests.",
)


class ProsePass:
    """proselint's checks, Markdown masked."""

    name = "prose"
    rules: tuple[Rule, ...] = ()
    family = FAMILY

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
            message = HOUSE_MESSAGES.get(path) or first.message or path
            message = message.replace("{}", "…")
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
        from proselint.tools import LintFile

        from xdocs.lint.advice import Advice
        from xdocs.lint.nonprose import ALL, nonprose
        from xdocs.lint.prosetext import compact_prose, is_markdown

        if not is_markdown(card):
            return []
        doc = card.document
        _registry()
        config = proselint_config(ctx.config)
        compact = compact_prose(doc)
        spans = nonprose(doc)
        advice = Advice(doc.text)
        rule = self.family
        out = []
        for base, chunk in prose_chunks(compact.text):
            if not chunk.strip():
                continue
            for r in LintFile(card.path, chunk).lint(config):
                check = r.check_result
                s0 = base + max(0, check.span[0] - 1)  # LintFile pads the content with "\n"
                e0 = max(s0 + 1, base + check.span[1] - 1)
                start, end = compact.file_offset(s0), compact.file_offset(e0)
                if spans.covers(start, end, ALL):
                    continue  # code, names, quoted or non-prose text, or a masking artefact
                if not advice.applies(f"proselint/{check.check_path}", start, end):
                    continue  # a title in a link text, "very" before a plain description
                line, col = doc.position(start)
                end_line, end_col = doc.position(min(end, len(doc.text)))
                fix = f"consider '{check.replacements}'" if check.replacements else None
                out.append(
                    rule.finding(
                        card.path,
                        line,
                        col,
                        message_for(check.check_path, check.message, doc.text[start:end]),
                        rule_id=f"proselint/{check.check_path}",
                        severity=severity_for(check.check_path),
                        end_line=end_line,
                        end_column=end_col,
                        fix=fix,
                        source="proselint",
                    )
                )
        return out


#: proselint reads the prose in chunks of at most this many characters, so that no
#: regular expression ever runs over an unbounded text
CHUNK_CHARS = 20_000


def prose_chunks(text: str) -> list[tuple[int, str]]:
    """``text`` cut at paragraph breaks (a longer paragraph at a sentence end or a
    space) into ``(offset, chunk)`` pieces of at most :data:`CHUNK_CHARS`."""
    from xdocs.lint.prosetext import PARAGRAPH_MARKS, split_points

    cuts = split_points(text, CHUNK_CHARS, PARAGRAPH_MARKS)
    return [(a, text[a:b]) for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def proselint_config(config: Any) -> dict[str, Any]:
    """proselint's defaults, with the checks measured too imprecise on real cards off
    (unless xdocs.yml names them under ``rules:``)."""
    from proselint.config import DEFAULT

    from xdocs.lint.precision import default_off, turned_on

    on = turned_on(config)
    specific: dict[str, bool] = {}
    for rule_id in sorted(default_off()):
        if rule_id.startswith("proselint/"):
            specific[rule_id.removeprefix("proselint/")] = rule_id in on
    for rule_id in on:
        if rule_id.startswith("proselint/"):
            specific[rule_id.removeprefix("proselint/")] = True
    # proselint takes the first key that prefixes a check's path: deepest keys first
    checks = dict(sorted(specific.items(), key=lambda kv: -kv[0].count(".")))
    for key, value in DEFAULT["checks"].items():
        checks.setdefault(key, value)
    return {**DEFAULT, "checks": checks, "max_errors": 10_000}
