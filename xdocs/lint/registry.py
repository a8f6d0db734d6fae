"""The rule registry: every pass, every rule, and what xdocs.yml says about them.

Like markdownlint's rule list, the registry is data: :data:`PASSES` names
each pass class by ``module:Class`` and is imported lazily, so ``xdocs rules``
or a warm ``xdocs check`` does not import Harper or proselint. Per-rule
settings come from the ``rules:`` key of ``site_config/xdocs.yml``::

    rules:
      proselint/typography.symbols: off      # disable
      vale/Xalura.Passive: suggestion        # change severity
      "grammar/harper/*": warning            # a family (glob)
      grammar/harper/SpellCheck: on          # turn on a rule that is off by default

Rules measured too imprecise on real cards (:mod:`xdocs.lint.precision`) are off
by default: their findings are dropped unless ``rules:`` names the rule itself
(``on`` or a severity); a glob or a namespace only re-levels rules that run.

A key that names no known rule is a :class:`~xdocs.config.ConfigError`
(exit 2): a typo must not silently disable nothing.
"""

from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from xdocs.config import Config, ConfigError, load_config
from xdocs.document.rules import INPUT_RULES
from xdocs.findings import Finding, Severity
from xdocs.rules import LintPass, Rule, rule_index

#: every pass, in the order they run and report.
PASSES: tuple[str, ...] = (
    "xdocs.lint.structure:StructurePass",
    "xdocs.lint.metadata:MetadataPass",
    "xdocs.workflow.checks:WorkflowPass",
    "xdocs.evidence.checks:EvidencePass",
    "xdocs.lint.terminology:TerminologyPass",
    "xdocs.lint.style:StylePass",
    "xdocs.lint.markdown:MarkdownPass",
    "xdocs.lint.links:LinkPass",
    "xdocs.lint.prose:ProsePass",
    "xdocs.lint.grammar:GrammarPass",
    "xdocs.lint.grammar.misspellings:MisspellingPass",
    "xdocs.lint.grammar.near_misses:NearMissPass",
)

#: rules the runner itself reports (not owned by a pass): reading a file (the document
#: layer makes these findings), and an engine that overran or failed.
RUNNER_RULES: tuple[Rule, ...] = (
    *INPUT_RULES,
    Rule(
        "engine/timeout",
        "An engine exceeded its time budget on this file; its findings are incomplete.",
        "One pathological file must not stall a pull request check; the budget keeps the run "
        "bounded and this finding says which engine gave up where.",
        "a 200 KB table-only card that makes a regex backtrack",
        Severity.WARNING,
        "Split the file, or raise lint.budgets.<engine> in site_config/xdocs.yml.",
    ),
    Rule(
        "engine/error",
        "An engine failed on this file; its findings are missing.",
        "A crash in one engine must not hide the findings of the others.",
        "a grammar engine that cannot start",
        Severity.WARNING,
        "Report the message; the other passes still ran.",
    ),
)

#: the runner's rules by id (``RUNNER["engine/error"].finding(...)``)
RUNNER = rule_index(RUNNER_RULES)

_OFF = {"off", "false", "no", "none", "disable", "disabled"}
_ON = {"on", "true", "yes", "enable", "enabled"}


def pass_class(target: str) -> type:
    """Import one pass class from its ``module:Class`` name."""
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def all_passes(config: Config | None = None) -> list[LintPass]:
    """One instance of every registered pass."""
    return [pass_class(target)() for target in PASSES]


def all_rules(config: Config | None = None) -> list[Rule]:
    """Every rule with its documentation: runner rules, then each pass's rules.

    Passes whose rules come from data (terminology entries, Vale rule files,
    proselint's checks) list them individually through ``rules_for(config)``.
    """
    if config is None:
        config = load_config()
    out: list[Rule] = list(RUNNER_RULES)
    seen = {r.id for r in out}
    for lint_pass in all_passes(config):
        rules: Iterable[Rule] = lint_pass.rules
        extra = getattr(lint_pass, "rules_for", None)
        if extra is not None:
            rules = [*rules, *extra(config)]
        for rule in rules:
            if rule.id not in seen:
                seen.add(rule.id)
                out.append(rule)
    from xdocs.lint.precision import annotate

    return annotate(out)


def find_rule(rule_id: str, rules: Iterable[Rule]) -> Rule | None:
    """The rule documenting ``rule_id``: exact, else the family (``vale/*``) it belongs to."""
    rules = list(rules)
    for rule in rules:
        if rule.id == rule_id:
            return rule
    families = [r for r in rules if r.id.endswith("*") and fnmatch.fnmatchcase(rule_id, r.id)]
    return max(families, key=lambda r: len(r.id)) if families else None


@dataclass
class RuleSettings:
    """What ``rules:`` in xdocs.yml asks: severities, disabled rules (globs allowed), and
    rules turned on that are off by default."""

    overrides: dict[str, Severity | None] = field(default_factory=dict)
    #: rule ids set to ``on`` (run at their own severity)
    turned_on: set[str] = field(default_factory=set)

    def severity(self, rule_id: str, default: Severity) -> Severity | None:
        """The configured severity (None: disabled); the most specific pattern wins."""
        if rule_id in self.overrides:
            return self.overrides[rule_id]
        best: tuple[int, Severity | None] | None = None
        for pattern, value in self.overrides.items():
            if _matches(pattern, rule_id) and (best is None or len(pattern) > best[0]):
                best = (len(pattern), value)
        return default if best is None else best[1]

    def disabled(self) -> set[str]:
        return {k for k, v in self.overrides.items() if v is None}

    def named_on(self) -> set[str]:
        """Rule ids named with ``on`` or a severity: these run even if off by default."""
        return self.turned_on | {k for k, v in self.overrides.items() if v is not None}

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Drop rules that are off (by default or as configured), re-level the others."""
        from xdocs.lint.precision import default_off

        off = default_off() - self.named_on()
        out = []
        for f in findings:
            if f.rule in off:
                continue
            if self.overrides:
                sev = self.severity(f.rule, f.severity)
                if sev is None:
                    continue
                if sev != f.severity:
                    f = replace(f, severity=sev)
            out.append(f)
        return out


def parse_rule_value(settings: RuleSettings, key: str, value: Any) -> None:
    """Record one ``rules:`` entry (raises ValueError for a value that is not a setting)."""
    if value is False or value is None or str(value).strip().lower() in _OFF:
        settings.overrides[key] = None
    elif value is True or str(value).strip().lower() in _ON:
        settings.turned_on.add(key)
    else:
        settings.overrides[key] = Severity.parse(str(value))


def _matches(pattern: str, rule_id: str) -> bool:
    if any(c in pattern for c in "*?["):
        return fnmatch.fnmatchcase(rule_id, pattern)
    return (
        rule_id == pattern
        or rule_id.startswith(pattern.rstrip("/") + "/")
        or rule_id.startswith(pattern + ".")
    )


def rule_settings(config: Config, rules: Iterable[Rule] | None = None) -> RuleSettings:
    """Parse and validate ``rules:``; an unknown rule id is a ConfigError naming the file."""
    raw: Any = config.data.get("rules") or {}
    path = str(config.path or "site_config/xdocs.yml")
    if not isinstance(raw, dict):
        raise ConfigError(
            path, "'rules' must map rule ids to on, off, error, warning or suggestion"
        )
    if not raw:
        return RuleSettings()
    known = list(rules) if rules is not None else all_rules(config)
    settings = RuleSettings()
    for key, value in raw.items():
        key = str(key)
        if not _known(key, known):
            raise ConfigError(
                path,
                f"rules: unknown rule {key!r}; run `xdocs rules` for the list of rule ids",
            )
        try:
            parse_rule_value(settings, key, value)
        except ValueError:
            raise ConfigError(
                path, f"rules: {key}: {value!r} is not on, off, error, warning or suggestion"
            ) from None
    return settings


def _known(key: str, rules: list[Rule]) -> bool:
    if any(c in key for c in "*?["):
        return any(
            fnmatch.fnmatchcase(r.id, key) or fnmatch.fnmatchcase(r.id.rstrip("*") + "x", key)
            for r in rules
        )
    if find_rule(key, rules) is not None:
        return True
    # a namespace ("proselint", "vale/Xalura") names every rule under it
    prefix = key.rstrip("/") + "/"
    return any(r.id.startswith(prefix) or r.id.startswith(key + ".") for r in rules)
