"""The language server's one door into :mod:`xdocs.lint`.

Every call the server makes into the lint package goes through this module, so
when the runner's API changes (a typed context, rule records that make
findings) only this file follows. It offers:

* :func:`run_job`: lint a document held in memory with one *group* of passes,
  in a worker process (see :mod:`xdocs.lsp.workers`). ``fast`` holds the passes
  that read only the card and the checklist and take a few tens of milliseconds
  on a 1,000-line card (structure, metadata, workflow, terminology); ``slow``
  holds the ones that read other files or run a heavy engine (Vale style,
  evidence, Markdown, links, proselint, grammar). The split is measured, not
  guessed: Vale's rules alone take longer on a 1,000-line card than the 300 ms a
  keystroke may wait (docs/benchmarks.md);
* :class:`CheckCache`: the lint cache entry ``xdocs check`` reads and writes
  for the same bytes, so opening an unchanged card costs a JSON read;
* :class:`RuleBook`: rule documentation, per-rule settings and which rules'
  replacements are the safe fixes ``xdocs fix`` applies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xdocs.config import Config, ConfigError, load_config
from xdocs.findings import Finding, Severity

#: pass groups by speed (pass names of xdocs.lint.registry)
FAST_PASSES: tuple[str, ...] = ("structure", "metadata", "workflow", "terminology")
SLOW_PASSES: tuple[str, ...] = ("style", "evidence", "markdown", "links", "prose", "grammar")
GROUPS: dict[str, tuple[str, ...]] = {"fast": FAST_PASSES, "slow": SLOW_PASSES}

#: rule ids whose findings are spelling mistakes ("add to the vocabulary" applies)
SPELLING_RULES: tuple[str, ...] = (
    "grammar/harper/SpellCheck",
    "vale/Vale.Spelling",
    "grammar/languagetool/MORFOLOGIK_RULE_",
    "grammar/languagetool/HUNSPELL_",
)


@dataclass(frozen=True)
class LintJob:
    """One document to lint with one group of passes (pickled to a worker)."""

    root: str
    group: str
    text: str
    display: str
    #: bumped when the project's configuration changes (workers rebuild their passes)
    generation: int = 0
    #: compute the workflow status too (model cards, fast group)
    status: bool = False


@dataclass
class LintOutcome:
    """What a worker sends back: findings as dicts (cheap to pickle)."""

    #: after suppressions, before per-rule settings: what the lint cache stores
    raw: list[dict[str, Any]] = field(default_factory=list)
    #: files read besides the card (cache dependencies)
    deps: list[str] = field(default_factory=list)
    #: a configuration problem that stopped the run (shown once, as a message)
    config_error: str | None = None
    #: the workflow status summary (:func:`status_summary`), when asked for
    status: dict[str, Any] | None = None
    #: wall and CPU time of the job in the worker
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    def findings(self) -> list[Finding]:
        return [Finding.from_dict(d) for d in self.raw]


# -- in the worker process -----------------------------------------------------------
_STATE: dict[tuple[str, int, str], dict[str, Any]] = {}


def _worker_state(root: str, generation: int, group: str) -> dict[str, Any]:
    """Passes, context and budgets for one project and group, built once per process."""
    key = (root, generation, group)
    state = _STATE.get(key)
    if state is not None:
        return state
    from xdocs.lint.budget import budgets_from_config
    from xdocs.lint.registry import all_passes
    from xdocs.lint.runner import CheckOptions
    from xdocs.rules import LintContext

    config = load_config(Path(root))
    try:
        budgets = budgets_from_config(config.section("lint"))
    except ValueError as exc:
        raise ConfigError(str(config.path or "xdocs.yml"), str(exc)) from None
    names = GROUPS[group]
    passes, errors = [], []
    for lint_pass in all_passes(config):
        if lint_pass.name not in names:
            continue
        # the runner's preflight, per pass: a broken Vale configuration must not
        # silence the structure checks too
        check = getattr(lint_pass, "check_config", None)
        try:
            if check is not None:
                check(config)
        except ConfigError as err:
            errors.append(f"{err} (the {lint_pass.name} pass is off until it is fixed)")
            continue
        passes.append(lint_pass)
    options = CheckOptions(passes=names).lint_options(budgets)
    ctx = LintContext(config, config.root, options)
    state = {"config": config, "passes": passes, "ctx": ctx, "budgets": budgets, "errors": errors}
    _STATE.clear()  # one project at a time per worker: a switch rebuilds
    _STATE[key] = state
    return state


def run_job(job: LintJob) -> LintOutcome:
    """Lint ``job.text`` with the passes of ``job.group``. Never raises."""
    import time

    from xdocs.card import load_card_from_document
    from xdocs.document import Document
    from xdocs.lint.engine import lint_loaded
    from xdocs.lint.results import LoadedCard

    started, cpu = time.perf_counter(), time.process_time()
    outcome = LintOutcome()
    try:
        state = _worker_state(job.root, job.generation, job.group)
    except ConfigError as err:
        outcome.config_error = str(err)
        return outcome
    # relative paths in cards (links, artifacts) resolve as for `xdocs check` run at the root
    try:
        os.chdir(job.root)
    except OSError as exc:
        outcome.config_error = f"{job.root}: cannot enter the project folder: {exc}"
        return outcome
    data = job.text.encode("utf-8", "surrogatepass")
    try:
        card = load_card_from_document(Document.from_bytes(data, job.display))
    except Exception as exc:  # a reader bug must not sink the server
        outcome.raw = [_engine_error(job.display, "reader", exc).to_dict()]
        return outcome
    reader = set(card.findings)
    (result,) = lint_loaded(
        [LoadedCard(job.display, "", card)], state["passes"], state["ctx"], state["budgets"]
    )
    found = list(result.findings)
    if job.group != "fast":  # the reader's own findings come with the fast group only
        found = [f for f in found if f not in reader]
    outcome.raw = [f.to_dict() for f in found]
    outcome.deps = list(result.dependencies)
    if job.status:
        outcome.status = status_summary(card, state["config"], _roster(state))
    if state["errors"]:
        outcome.config_error = "; ".join(state["errors"])
    outcome.seconds = time.perf_counter() - started
    outcome.cpu_seconds = time.process_time() - cpu
    return outcome


def _engine_error(display: str, name: str, exc: BaseException) -> Finding:
    from xdocs.lint.registry import RUNNER
    from xdocs.rules import NO_FIX

    return RUNNER["engine/error"].finding(
        display, 0, 0, f"{name}: {type(exc).__name__}: {exc}", source=name, fix=NO_FIX
    )


def _roster(state: dict[str, Any]) -> Any:
    """The roster and workflow settings the workflow pass loaded (once per
    process), else None."""
    for lint_pass in state["passes"]:
        if lint_pass.name == "workflow":
            return lint_pass.trust_for(state["ctx"])
    return None


def status_summary(card: Any, config: Config, trust: Any = None) -> dict[str, Any] | None:
    """The card's workflow status and next step, or None for documentation pages.
    ``trust``: roster and workflow settings (:class:`xdocs.workflow.trust.Trust`)."""
    from xdocs.workflow.roster import RosterError
    from xdocs.workflow.state import workflow_state
    from xdocs.workflow.trust import load_trust

    if card.format in ("unknown", "page", "json"):
        return None
    try:
        if trust is None:
            trust = load_trust(config)
        if isinstance(trust, Exception):
            raise trust
    except (RosterError, ConfigError) as err:
        return {"error": str(err)}
    state = workflow_state(card, trust.roster, settings=trust.settings).to_json()
    return {k: state[k] for k in ("status", "label", "stage", "next", "waiting_on", "stale")}


def warm_up(root: str, generation: int, group: str) -> bool:
    """Import and build a group's engines before the first keystroke needs them."""
    try:
        _worker_state(root, generation, group)
    except ConfigError:
        return False
    if group == "slow":
        run_job(LintJob(root, group, "# Warm-up\n\nA short paragraph.\n", "warm-up.md"))
    return True


# -- in the server process -----------------------------------------------------------
class CheckCache:
    """The ``xdocs check`` cache entry of a document's bytes (all passes, default options)."""

    def __init__(self, config: Config) -> None:
        from xdocs.lint import cache as cache_mod
        from xdocs.lint.runner import CheckOptions

        fp = cache_mod.fingerprint(config.root, config.data, CheckOptions().lint_options())
        self._cache = cache_mod.LintCache(config.root, fp)

    @staticmethod
    def _key(text: str, display: str) -> str:
        from xdocs.lint.cache import file_key

        return file_key(text.encode("utf-8", "surrogatepass"), display)

    def get(self, text: str, display: str) -> list[Finding] | None:
        return self._cache.get(self._key(text, display))

    def put(self, text: str, display: str, raw: list[Finding], deps: list[str]) -> None:
        self._cache.put(self._key(text, display), raw, deps)


@dataclass(frozen=True)
class RuleDoc:
    """What hover shows about a rule (the ``xdocs rules`` entry)."""

    id: str
    severity: str
    summary: str
    rationale: str
    example: str
    fix: str
    #: the family entry this id belongs to (``grammar/harper/*``), if not its own
    family: str | None = None


class RuleBook:
    """Rule documentation and per-rule settings of one configuration.

    Loading imports every pass (about a second), so the server builds it off the
    event loop, once per configuration.
    """

    def __init__(self, config: Config) -> None:
        from xdocs.lint.fix import FIX_PASSES
        from xdocs.lint.registry import RuleSettings, all_passes, all_rules, rule_settings

        self.rules = all_rules(config)
        self.error: str | None = None
        try:
            self.settings = rule_settings(config, self.rules)
        except ConfigError as err:
            self.error = str(err)
            self.settings = RuleSettings()
        self._fix_families: list[Any] = []
        self._slow_rules: list[Any] = []
        self._severities: dict[tuple[str, Severity], Severity | None] = {}
        for lint_pass in all_passes(config):
            extra = getattr(lint_pass, "rules_for", None)
            rules = [*lint_pass.rules, *(extra(config) if extra else [])]
            if lint_pass.name in FIX_PASSES:
                self._fix_families += rules
            if lint_pass.name in SLOW_PASSES:
                self._slow_rules += rules

    def doc(self, rule_id: str) -> RuleDoc | None:
        from xdocs.lint.registry import find_rule

        rule = find_rule(rule_id, self.rules)
        if rule is None:
            return None
        return RuleDoc(
            rule_id,
            str(rule.severity),
            rule.summary,
            rule.rationale,
            rule.example,
            rule.fix,
            family=rule.id if rule.id != rule_id else None,
        )

    def anchor_id(self, rule_id: str) -> str:
        """The id whose heading documents ``rule_id`` on the rule catalogue page."""
        from xdocs.lint.registry import find_rule

        rule = find_rule(rule_id, self.rules)
        return rule.id if rule is not None else rule_id

    def group_of(self, rule_id: str) -> str:
        """The pass group that reports ``rule_id`` (the reader's and runner's: fast)."""
        from xdocs.lint.registry import find_rule

        return "slow" if find_rule(rule_id, self._slow_rules) is not None else "fast"

    def apply(self, findings: list[Finding]) -> list[Finding]:
        """Per-rule severities and disabled rules from ``rules:`` in xdocs.yml."""
        return self.settings.apply(findings)

    def settle(self, finding: Finding) -> Finding | None:
        """:meth:`apply` for one finding, memoized per rule (every publish settles all)."""
        key = (finding.rule, finding.severity)
        if key not in self._severities:
            self._severities[key] = self.settings.severity(finding.rule, finding.severity)
        severity = self._severities[key]
        if severity is None:
            return None
        if severity == finding.severity:
            return finding
        return replace(finding, severity=severity)

    def is_safe_fix(self, finding: Finding) -> bool:
        """A replacement ``xdocs fix`` would apply: from a pass it runs for fixes."""
        from xdocs.lint.registry import find_rule

        return finding.replacement is not None and (
            find_rule(finding.rule, self._fix_families) is not None
        )


def dedupe(findings: list[Finding]) -> list[Finding]:
    """What ``xdocs check`` drops when one run reports both groups: exact repeats, and a
    Vale alert at the spot a terminology finding covers (the groups run apart here)."""
    from xdocs.lint.engine import _dedupe

    return _dedupe(findings)


def is_spelling(rule_id: str) -> bool:
    return any(rule_id == r or (r.endswith("_") and rule_id.startswith(r)) for r in SPELLING_RULES)


def apply_safe_fixes(text: str, findings: list[Finding]) -> tuple[str, int]:
    """``xdocs fix`` on text in memory: the same overlap rules, the same order."""
    from xdocs.document import Document
    from xdocs.lint.fix import apply_fixes

    doc = Document.from_bytes(text.encode("utf-8", "surrogatepass"))
    return apply_fixes(doc, findings)


def vocabulary_files(config: Config, new_terminology: str) -> dict[str, str] | None:
    """Relative path -> content of the files ``xdocs styleguide sync`` would write from
    this terminology text (Vale's accepted vocabulary), or None when it does not parse."""
    from xdocs.lint.terminology import parse_terminology
    from xdocs.lint.termsync import render_files

    path = str(config.data_file("terminology", "styleguide/terminology.yml"))
    try:
        return render_files(parse_terminology(new_terminology, path))
    except ConfigError:
        return None


def terminology_path(config: Config) -> Path:
    return config.data_file("terminology", "styleguide/terminology.yml")


def known_words(config: Config) -> set[str]:
    """Words the spelling checkers already accept (vocabulary and house terms)."""
    from xdocs.lint.terminology import terminology_for

    try:
        return set(terminology_for(config).words())
    except ConfigError:
        return set()


def config_inputs(config: Config) -> list[Path]:
    """Files and folders whose change changes lint results (the cache fingerprint's)."""
    from xdocs.lint.cache import FINGERPRINT_DIRS, FINGERPRINT_FILES

    root = config.root
    out = [root / name for name in (*FINGERPRINT_DIRS, *FINGERPRINT_FILES)]
    for key, default in (
        ("checklist", "styleguide/checklist.yml"),
        ("sections", "styleguide/sections.yml"),
        ("terminology", "styleguide/terminology.yml"),
        ("roster", "site_config/roster.yml"),
    ):
        out.append(config.resolve(key, default))
    return out
