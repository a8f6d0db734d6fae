"""``WorkflowPass``: the approval rules as lint findings in ``xdocs check``.

The pass derives each card's workflow state (:func:`workflow_state`) and
returns the problems the walk found. ``xdocs approve`` refuses the very same
things before writing, so these findings mean a record was written by hand
(or the card changed after approval, or the roster changed).

The roster comes from ``ctx.options.roster`` (``xdocs check --roster``),
else the ``roster:`` key of xdocs.yml, else ``site_config/roster.yml``; with
``ctx.options.roster_from`` (``--roster-from REV``) the roster and the
``workflow:`` settings are read from that git revision instead.
"""

from __future__ import annotations

from typing import Any

from xdocs.config import ConfigError
from xdocs.findings import Finding
from xdocs.rules import NO_FIX, LintContext
from xdocs.workflow.records import read_records
from xdocs.workflow.roster import RosterError
from xdocs.workflow.rules import RULES, R
from xdocs.workflow.state import workflow_state
from xdocs.workflow.trust import Trust, load_trust


class WorkflowPass:
    """The ``workflow/...`` rules (see :data:`RULES`)."""

    name = "workflow"
    rules = RULES

    def __init__(self) -> None:
        self._trust: dict[tuple[str, str], Trust | Exception] = {}

    def trust_for(self, ctx: LintContext) -> Trust | Exception:
        """Roster and workflow settings for this run (loaded once): from the
        working tree, or from ``roster_from`` (a git revision) when given."""
        option = ctx.options.roster
        roster_from = ctx.options.roster_from
        key = (str(option or ""), str(roster_from or ""))
        if key not in self._trust:
            try:
                self._trust[key] = load_trust(ctx.config, option, roster_from)
            except (RosterError, ConfigError) as err:
                self._trust[key] = err
        return self._trust[key]

    def run(self, card: Any, ctx: LintContext) -> list[Finding]:
        """Workflow findings for one card (none for a card without approvals
        when the roster is unavailable)."""
        trust = self.trust_for(ctx)
        if isinstance(trust, Exception):
            records, _ = read_records(card)
            if not records:
                return []
            return [
                R["workflow/roster"].finding(
                    card.path,
                    card.line_of("approvals"),
                    1,
                    f"cannot check approvals: {trust}",
                    fix="fix the roster (or xdocs.yml's workflow: section) or pass --roster FILE",
                )
            ]
        try:
            return workflow_state(card, trust.roster, settings=trust.settings).findings
        except Exception as exc:  # a pass must never crash the run
            return [
                R["workflow/invalid-record"].finding(
                    card.path,
                    card.line_of("approvals"),
                    1,
                    f"cannot read the approvals: {type(exc).__name__}: {exc}",
                    fix=NO_FIX,
                )
            ]
