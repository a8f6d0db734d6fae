"""The rule that reports every Vale alert: the family ``vale/*``.

Vale names its rules at run time (``<Style>.<Rule>``, from the configured styles),
so, as with Harper's ``grammar/harper/*``, one family rule makes the findings
(:func:`xdocs.vale.alerts_to_findings`) under the member's id. Unlike Harper's, this
family is not listed in the registry: the style pass documents every member from its
rule file (``StylePass.rules_for``), so every id it reports is registered one by one,
and a family there would make ``rules:`` in xdocs.yml accept any ``vale/...`` key,
hiding a typo that is now an error (exit 2).
"""

from __future__ import annotations

from xdocs.findings import Severity
from xdocs.rules import Rule

VALE_FAMILY = Rule(
    "vale/*",
    "A rule of the configured Vale styles (the id names the style and the rule).",
    "The house style (vale_styles/Xalura) and Vale's own rules run on every card, with the "
    "built-in engine or the real `vale` binary, so editors and CI give the same advice. "
    "`xdocs rules vale/<Style>.<Rule>` shows the rule file's own description.",
    "We trained the the model on reviews. (vale/Vale.Repetition)",
    Severity.WARNING,
    "Follow the message; `xdocs fix` applies single replacements.",
    good="We trained the model on reviews.",
)
