"""The lint contract: what a rule is and what a pass receives.

Modelled on markdownlint's rule objects and ruff's rule docs: every rule has
a stable namespaced id, a one-line summary, a rationale and an example, so
``xdocs rules`` and the portal's rule catalogue are generated, never written
by hand. A *pass* groups the rules one engine checks (structure, workflow,
evidence, terminology, vale, proselint, grammar…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from xdocs.findings import Finding, Severity

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard
    from xdocs.config import Config


@dataclass(frozen=True)
class Rule:
    """Documentation of one rule id. ``id`` may end in ``*`` for a family
    (``vale/*``, ``grammar/harper/*``) whose members come from an engine."""

    id: str
    summary: str
    rationale: str
    example: str = ""
    severity: Severity = Severity.WARNING
    fix: str = ""


@dataclass
class LintContext:
    """What a pass may know besides the card: configuration and the project."""

    config: Config
    project_root: Path
    #: free-form options from the command line (profile, roster path, check_urls, …)
    options: dict[str, Any] = field(default_factory=dict)


class LintPass(Protocol):
    """One engine's checks. ``run`` must not raise on any card; it returns findings."""

    name: str
    rules: tuple[Rule, ...]

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]: ...
