"""The rule model: what a rule is, what it reports, what a pass receives.

At the ground floor beside :mod:`xdocs.findings` (it imports nothing from the
lint runner), so the lint passes, the workflow rules, the evidence checks and
the Vale engine all declare and report rules the same way, and
``workflow/``/``evidence/`` need nothing from ``lint/``.

Modelled on markdownlint's rule objects and ruff's rule docs: every rule has
a stable namespaced id, a one-line summary, a rationale, an example of text it
flags (and the text after the fix), and says whether ``xdocs fix`` can apply
it. The rule is the thing that reports: :meth:`Rule.finding` makes the
:class:`~xdocs.findings.Finding`, so a finding always carries a registered,
documented id. ``xdocs rules`` and the portal's rule catalogue are generated
from these records, never written by hand.

A *family* rule (id ending in ``*``: ``vale/*``, ``grammar/harper/*``)
documents the rules an engine names at run time; its findings carry the
member's id (``rule_id=``), which must fall under the family.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from xdocs.findings import Finding, Severity

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard
    from xdocs.config import Config

#: how ``xdocs fix`` treats a rule's findings
FIXABLE = ("no", "safe", "suggested")
#: ``Rule.finding(..., fix=NO_FIX)``: a finding without a fix hint (not even the rule's)
NO_FIX = ""


@dataclass(frozen=True)
class Rule:
    """One rule id and its documentation.

    ``example`` is text the rule flags (a real example: tests run the engine
    on it), ``good`` the same text after the fix, ``fix`` how to fix it in
    words. ``fixable``: ``safe`` fixes are applied by ``xdocs fix``,
    ``suggested`` ones are offered (editor, portal) but never applied in bulk,
    ``no`` means a person must rewrite. ``precision`` is the share of its
    findings judged right on a hand-labelled sample of real cards (None: not
    measured; docs/lint.md says how), and ``enabled`` whether it runs by
    default (rules wrong more often than right are off).
    """

    id: str
    summary: str
    rationale: str
    example: str = ""
    severity: Severity = Severity.WARNING
    fix: str = ""
    good: str = ""
    fixable: str = "no"
    precision: float | None = None
    enabled: bool = True

    @property
    def family(self) -> bool:
        """Whether this documents a family of engine rules (``vale/*``)."""
        return self.id.endswith("*")

    def covers(self, rule_id: str) -> bool:
        """Whether ``rule_id`` is this rule (or a member of this family)."""
        return rule_id == self.id or (self.family and fnmatch.fnmatchcase(rule_id, self.id))

    def finding(
        self,
        path: str,
        line: int,
        column: int = 1,
        message: str | None = None,
        *,
        rule_id: str | None = None,
        severity: Severity | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
        fix: str | None = None,
        replacement: str | None = None,
        source: str | None = None,
    ) -> Finding:
        """A finding of this rule (``rule_id``: the member of a family).

        The message defaults to the summary and the fix hint to the rule's
        (``fix=NO_FIX``: this finding carries no hint).
        Raises ValueError for a ``rule_id`` this rule does not cover: a finding
        can only carry an id that is registered and documented.
        """
        rid = rule_id or self.id
        if not self.covers(rid) or rid.endswith("*"):
            raise ValueError(f"rule {self.id} cannot report as {rid!r}")
        return Finding(
            path,
            line,
            column,
            rid,
            severity if severity is not None else self.severity,
            message if message is not None else self.summary,
            end_line=end_line,
            end_column=end_column,
            fix=(fix or None) if fix is not None else (self.fix or None),
            replacement=replacement,
            source=source,
        )


def rule_index(rules: tuple[Rule, ...] | list[Rule]) -> dict[str, Rule]:
    """Rules by id (a module's ``R = rule_index(RULES)`` then ``R["x/y"].finding(...)``)."""
    return {r.id: r for r in rules}


@dataclass
class LintOptions:
    """What the command line asks of the passes. Typed, so a pass reads
    ``ctx.options.profile``, never a string key; the cache keys on
    :meth:`key` (every field that changes what a pass reports)."""

    #: ``--roster FILE``
    roster: str | None = None
    #: ``--roster-from REV`` (resolved to a commit id by the CLI)
    roster_from: str | None = None
    #: ``--profile``: the compliance profile the evidence pass checks
    profile: str | None = None
    #: ``--check-urls``: the link pass requests external URLs
    check_urls: bool = False
    #: ``--evaluate``: the evidence pass runs the card's model
    evaluate: bool = False
    #: only these passes (``xdocs fix`` runs the passes with safe fixes)
    passes: tuple[str, ...] | None = None
    #: seconds per engine (``lint.budgets`` in xdocs.yml)
    budgets: dict[str, float] = field(default_factory=dict)

    def key(self) -> dict[str, Any]:
        """The options that change findings, as plain data (cache fingerprint)."""
        return {
            "roster": self.roster,
            "roster_from": self.roster_from,
            "profile": self.profile,
            "check_urls": self.check_urls,
            "evaluate": self.evaluate,
            "passes": list(self.passes) if self.passes is not None else None,
        }

    def budget(self, name: str, default: float) -> float:
        """An engine's time budget in seconds."""
        return float(self.budgets.get(name, self.budgets.get("default", default)))


@dataclass
class LintContext:
    """What a pass may know besides the card: configuration, the project, the
    options, and a set it adds the files it read to (so the cache knows when
    to invalidate)."""

    config: Config
    project_root: Path
    options: LintOptions = field(default_factory=LintOptions)
    #: files read besides the card (reset by the engine for each card)
    dependencies: set[str] = field(default_factory=set)


class LintPass(Protocol):
    """One engine's checks. ``run`` must not raise on any card; it returns findings."""

    name: str
    rules: tuple[Rule, ...]

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]: ...
