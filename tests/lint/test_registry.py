"""The registry: every pass registered for real, every rule documented, rules: settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from xdocs.config import Config, ConfigError
from xdocs.findings import Finding, Severity
from xdocs.lint.registry import PASSES, all_passes, all_rules, find_rule, rule_settings

REPO = Path(__file__).resolve().parents[2]


def test_every_pass_is_registered_and_importable(repo_config: Config) -> None:
    names = [p.name for p in all_passes(repo_config)]
    for expected in ("structure", "metadata", "workflow", "evidence", "terminology", "style",
                     "markdown", "links", "prose", "grammar"):  # fmt: skip
        assert expected in names
    assert len(names) == len(PASSES)
    for p in all_passes(repo_config):
        assert callable(p.run)


def test_rules_are_documented_and_unique(repo_config: Config) -> None:
    rules = all_rules(repo_config)
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert r.summary.strip() and r.rationale.strip(), r.id
    needed_ids = (
        "terminology/XaluraTech",
        "proselint/typography.symbols.ellipsis",
        "markdown/MD040",
        "grammar/harper/*",
        "input/unreadable",
        "structure/missing-section",
    )
    for needed in needed_ids:
        assert needed in ids
    assert any(i.startswith("vale/Xalura.") for i in ids)


def test_find_rule_resolves_family_members(repo_config: Config) -> None:
    rules = all_rules(repo_config)
    # a member never measured resolves to its family; a measured one is listed itself
    assert find_rule("grammar/harper/PossessiveYour", rules).id == "grammar/harper/*"
    assert find_rule("grammar/harper/SpellCheck", rules).id == "grammar/harper/SpellCheck"
    assert find_rule("nope/rule", rules) is None


def _config(rules: object) -> Config:
    return Config(root=REPO, path=REPO / "site_config/xdocs.yml", data={"rules": rules})


def test_unknown_rule_is_a_config_error_naming_the_file(repo_config: Config) -> None:
    rules = all_rules(repo_config)
    with pytest.raises(ConfigError) as info:
        rule_settings(_config({"proselint/no.such.check": "off"}), rules)
    assert "site_config/xdocs.yml" in str(info.value)
    assert "proselint/no.such.check" in str(info.value)
    with pytest.raises(ConfigError):
        rule_settings(_config({"markdown/MD040": "loud"}), rules)


def test_overrides_and_disabling(repo_config: Config) -> None:
    rules = all_rules(repo_config)
    settings = rule_settings(
        _config(
            {
                "proselint/typography.symbols": False,
                "markdown/MD040": "error",
                "grammar/harper/*": "suggestion",
            }
        ),  # fmt: skip
        rules,
    )
    found = [
        Finding("a.md", 1, 1, "proselint/typography.symbols.ellipsis", Severity.SUGGESTION, "x"),
        Finding("a.md", 2, 1, "markdown/MD040", Severity.WARNING, "x"),
        Finding("a.md", 3, 1, "grammar/harper/AnA", Severity.WARNING, "x"),
        Finding("a.md", 4, 1, "terminology/GPU", Severity.WARNING, "x"),
    ]
    out = settings.apply(found)
    assert [(f.rule, str(f.severity)) for f in out] == [
        ("markdown/MD040", "error"),
        ("grammar/harper/AnA", "suggestion"),
        ("terminology/GPU", "warning"),
    ]
