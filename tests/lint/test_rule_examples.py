"""Every rule is documented with a real example (issue 11): the example is text
the rule flags, checked by running the rule's own engine on it, as ruff requires
an example for each of its rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xdocs.card import load_card_from_document
from xdocs.config import Config
from xdocs.document import Document
from xdocs.lint.registry import all_rules
from xdocs.rules import LintContext, Rule

REPO = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"^(?:see proselint's check |\(matches )")


@pytest.fixture(scope="module")
def rules(repo_config: Config) -> list[Rule]:
    return all_rules(repo_config)


def test_every_rule_has_a_real_example(rules: list[Rule]) -> None:
    missing = [r.id for r in rules if not r.example.strip()]
    assert not missing, f"rules without an example: {missing}"
    placeholders = [r.id for r in rules if PLACEHOLDER.search(r.example)]
    assert not placeholders, f"placeholder examples: {placeholders}"
    for rule in rules:
        assert rule.summary and rule.rationale, rule.id
        assert rule.fixable in ("no", "safe", "suggested"), rule.id


def test_each_proselint_example_is_flagged_by_its_check(rules: list[Rule]) -> None:
    from proselint.config import DEFAULT
    from proselint.tools import LintFile

    from xdocs.lint.prose import _registry

    registry = _registry()
    config = {**DEFAULT, "max_errors": 10_000, "checks": {c.path: True for c in registry.checks}}
    wrong = []
    for rule in (r for r in rules if r.id.startswith("proselint/")):
        path = rule.id.removeprefix("proselint/")
        found = {r.check_result.check_path for r in LintFile("x.md", rule.example).lint(config)}
        if path not in found:
            wrong.append(rule.id)
    assert not wrong, f"examples their check does not flag: {wrong}"


def test_each_vale_example_is_flagged_by_its_rule(rules: list[Rule], tmp_path: Path) -> None:
    from xdocs.vale import load_linter

    ini = tmp_path / ".vale.ini"
    ini.write_text(
        f"StylesPath = {REPO / 'vale_styles'}\nMinAlertLevel = suggestion\nVocab = Xalura\n\n"
        "[*.md]\nBasedOnStyles = Vale, Xalura\n",
        encoding="utf-8",
    )
    linter = load_linter(ini, cwd=tmp_path)
    wrong = []
    for rule in (r for r in rules if r.id.startswith("vale/") and not r.family):
        name = rule.id.removeprefix("vale/")
        text = f"# Card\n\n{rule.example}\n"
        checks = {a.check for a in linter.lint_text(text, "card.md") or []}
        if name not in checks:
            wrong.append(rule.id)
    assert not wrong, f"examples their Vale rule does not flag: {wrong}"


def test_each_terminology_example_is_flagged(rules: list[Rule], repo_config: Config) -> None:
    from xdocs.lint.terminology import TerminologyPass

    ctx = LintContext(repo_config, repo_config.root)
    wrong = []
    for rule in (r for r in rules if r.id.startswith("terminology/") and not r.family):
        card = load_card_from_document(Document.from_text(f"# Card\n\n{rule.example}\n", "c.md"))
        if rule.id not in {f.rule for f in TerminologyPass().run(card, ctx)}:
            wrong.append(rule.id)
    assert not wrong, f"examples their term does not flag: {wrong}"


@pytest.mark.corpus
def test_every_rule_id_emitted_on_real_and_example_cards_is_registered(
    shared_dir: Path, repo_config: Config, rules: list[Rule]
) -> None:
    """Issue 11/13: `xdocs check` emitted ids `xdocs rules` did not know (input/*)."""
    from xdocs.lint.registry import find_rule
    from xdocs.lint.runner import CheckOptions, run_check

    hf = sorted((shared_dir / "corpus" / "hf-sample").glob("*.md"))[:80]
    paths = [REPO / "cards", shared_dir / "corpus" / "cards", *hf]
    result = run_check(paths, repo_config, CheckOptions(no_cache=True, jobs=2))
    emitted = {f.rule for f in result.findings}
    assert len(emitted) > 30
    unknown = sorted(r for r in emitted if find_rule(r, rules) is None)
    assert not unknown, f"emitted but not registered: {unknown}"
    for rid in emitted:
        rule = find_rule(rid, rules)
        assert rule is not None and rule.example.strip(), rid
