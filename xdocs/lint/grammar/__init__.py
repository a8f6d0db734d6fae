"""Grammar: one interface, two backends.

* **Harper** (:mod:`.harper`, default, offline): Automattic's Rust grammar
  checker through harper-py, in-process, one Linter per process.
* **LanguageTool** (:mod:`.languagetool`): a LanguageTool server named by
  ``grammar.languagetool_url`` in xdocs.yml or ``XDOCS_LANGUAGETOOL_URL``
  (teams run ``docker run -p 8010:8010 erikvl87/languagetool``).

Both see prose only (:mod:`xdocs.lint.prosetext`) and report findings
``grammar/<backend>/<RuleId>``. A backend is anything with ``name`` and
``check(card, ctx, budget) -> list[Finding]``; :class:`GrammarPass` runs
every configured one. Settings (``grammar:`` in xdocs.yml): ``backends``
(default ``[harper]``, plus ``languagetool`` automatically when a URL is
set), ``dialect`` (american, british, …), ``heading_case`` (``sentence``
turns Harper's title-case rule off), ``words`` (extra accepted words),
``language`` (LanguageTool language code, default ``en-US``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from xdocs.findings import Finding, Severity
from xdocs.lint.budget import Budget
from xdocs.rules import LintContext, Rule

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard

RULES: tuple[Rule, ...] = (
    Rule(
        "grammar/harper/*",
        "Harper found a grammar, spelling or word-choice problem (the id names Harper's rule).",
        "Cards are read by auditors and customers; errors in them undermine trust in the model. "
        "Harper runs offline in milliseconds, so every writer and every CI run sees the same "
        "advice. `xdocs rules grammar/harper/<Rule>` prints Harper's own description.",
        "This is an test. → This is a test. (grammar/harper/AnA)",
        Severity.WARNING,
        "Apply the suggestion; `xdocs fix` applies the unambiguous ones (repeated words, a/an).",
    ),
    Rule(
        "grammar/languagetool/*",
        "LanguageTool found a problem (the id is LanguageTool's rule id).",
        "LanguageTool has thousands of grammar and style rules; teams that run a server get "
        "its advice in the same report as every other pass.",
        "He go home. → He goes home. (grammar/languagetool/HE_VERB_AGR)",
        Severity.WARNING,
        "Apply the suggestion if it fits.",
    ),
    Rule(
        "grammar/languagetool-unavailable",
        "The configured LanguageTool server could not be used.",
        "A configured server that is down or answers garbage must be visible, not silently "
        "skipped, or a team believes its cards were checked when they were not.",
        "grammar.languagetool_url: http://localhost:8010 with no server running",
        Severity.WARNING,
        "Start the server (docker run -p 8010:8010 erikvl87/languagetool) or unset the URL.",
    ),
)


#: cards larger than this are not linted with the batch (each gets its own budget)
BATCH_CARD_CHARS = 200_000


class GrammarBackend(Protocol):
    name: str

    def check(self, card: ModelCard, ctx: LintContext, budget: Budget) -> list[Finding]: ...


def backends_for(config: Any) -> list[str]:
    """Which backends run: ``grammar.backends`` plus LanguageTool when a URL is set."""
    from xdocs.lint.notes import languagetool_url

    section = config.section("grammar")
    names = section.get("backends")
    if names is None:
        names = ["harper"]
    if isinstance(names, str):
        names = [names]
    names = [str(n).lower() for n in names]
    if languagetool_url(config) and "languagetool" not in names:
        names.append("languagetool")
    return names


class GrammarPass:
    """Every configured grammar backend over the card's prose."""

    name = "grammar"
    rules = RULES

    def __init__(self) -> None:
        self._backends: dict[str, GrammarBackend] = {}

    def check_config(self, config: Any) -> None:
        """Unknown backends or dialects are configuration errors (exit 2)."""
        from xdocs.config import ConfigError

        where = str(config.path or "site_config/xdocs.yml")
        for name in backends_for(config):
            if name not in ("harper", "languagetool"):
                raise ConfigError(
                    where, f"grammar.backends: unknown backend {name!r}: use harper or languagetool"
                )
        dialect = str(config.section("grammar").get("dialect") or "american").lower()
        if dialect not in ("american", "british", "australian", "canadian", "indian"):
            raise ConfigError(
                where,
                f"grammar.dialect {dialect!r}: use american, british, australian, canadian "
                "or indian",
            )

    def backend(self, name: str) -> GrammarBackend:
        if name not in self._backends:
            if name == "harper":
                from xdocs.lint.grammar.harper import HarperBackend

                self._backends[name] = HarperBackend()
            elif name == "languagetool":
                from xdocs.lint.grammar.languagetool import LanguageToolBackend

                self._backends[name] = LanguageToolBackend()
            else:
                raise ValueError(f"unknown grammar backend {name!r}: use harper or languagetool")
        return self._backends[name]

    def run_batch(self, cards: list[ModelCard], ctx: LintContext) -> dict[str, list[Finding]]:
        """Lint the distinct paragraphs of a whole batch of cards in few Harper calls.

        Each Harper call has a fixed cost, so paragraphs of many cards share calls; the
        per-card pass below then finds every paragraph in the memo.
        """
        from xdocs.lint.grammar.harper import harper_units
        from xdocs.lint.prosetext import is_markdown

        if "harper" in backends_for(ctx.config):
            texts = []
            for card in cards:
                # a huge card is linted on its own, under its own budget
                if is_markdown(card) and len(card.document.text) <= BATCH_CARD_CHARS:
                    texts += [u.text for u in harper_units(card.document)]
            seconds = ctx.options.budget("grammar", 30.0)
            backend = self.backend("harper")
            backend.prefill(texts, ctx, Budget(seconds * max(1, len(cards))))  # type: ignore[attr-defined]
        return {c.path: self.run(c, ctx) for c in cards}

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        from xdocs.lint.prosetext import is_markdown

        if not card.document.text.strip() or not is_markdown(card):
            return []
        seconds = ctx.options.budget("grammar", 30.0)
        out: list[Finding] = []
        for name in backends_for(ctx.config):
            out.extend(self.backend(name).check(card, ctx, Budget(seconds)))
        return out
