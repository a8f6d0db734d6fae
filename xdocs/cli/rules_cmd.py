"""``xdocs rules [RULE]``: every rule with summary, rationale and example (like ``ruff rule``)."""

from __future__ import annotations

import json

import click

from xdocs.cli.common import fail
from xdocs.rules import Rule


@click.command("rules")
@click.argument("rule", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules_cmd(rule: str | None, fmt: str) -> None:
    """List every lint rule, or explain RULE (an id such as vale/Xalura.Hype)."""
    from xdocs.config import ConfigError, load_config
    from xdocs.lint.registry import all_rules, find_rule

    try:
        rules = all_rules(load_config())
    except ConfigError as err:
        fail(str(err))
    if rule is None:
        if fmt == "json":
            click.echo(json.dumps([_as_dict(r) for r in rules], indent=2, ensure_ascii=False))
            return
        width = max(len(r.id) for r in rules)
        for r in rules:
            click.echo(f"{r.id:<{width}}  {_state(r):<10}  {r.summary}{_figure(r)}")
        off = sum(1 for r in rules if not r.enabled)
        click.echo(
            f"\n{len(rules)} rules ({off} off by default: measured precision below "
            "0.8 on real cards); `xdocs rules RULE` explains one."
        )
        return
    found = find_rule(rule, rules)
    if found is None:
        fail(f"unknown rule {rule!r}; `xdocs rules` lists every rule id")
    data = _as_dict(found)
    family = max((r for r in rules if r.family and r.covers(rule)), key=lambda r: len(r.id),
                 default=None)  # fmt: skip
    if found.id != rule:
        data["id"] = rule
    if family is not None and family.id != rule:
        data["family"] = family.id
    detail = None if rule.endswith("*") else _engine_detail(rule)
    if detail:
        data["description"] = detail
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{data['id']}  ({data['severity']})")
    if "family" in data:
        click.echo(f"  part of {data['family']}")
    click.echo(f"\n{found.summary}")
    if data.get("description"):
        click.echo(f"\n{data['description']}")
    click.echo(f"\nWhy: {found.rationale}")
    if found.example:
        click.echo(f"\nExample:\n  {found.example.replace(chr(10), chr(10) + '  ')}")
    if found.good:
        click.echo(f"\nInstead:\n  {found.good.replace(chr(10), chr(10) + '  ')}")
    if found.fix:
        click.echo(f"\nFix: {found.fix}")
    if found.fixable != "no":
        how = "applies it" if found.fixable == "safe" else "offers it (never applied in bulk)"
        click.echo(f"xdocs fix {how}.")
    if found.precision is not None:
        click.echo(f"Precision on real cards: {found.precision:.2f} (docs/lint.md)")
    if not found.enabled:
        click.echo(
            f"Off by default: `{data['id']}: on` under `rules:` in site_config/xdocs.yml "
            "turns it on."
        )


def _state(rule: Rule) -> str:
    return str(rule.severity) if rule.enabled else "off"


def _figure(rule: Rule) -> str:
    """The measured precision, where there is one (docs/lint.md, "Precision")."""
    return "" if rule.precision is None else f" [precision {rule.precision:.2f}]"


def _as_dict(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "severity": str(rule.severity),
        "summary": rule.summary,
        "rationale": rule.rationale,
        "example": rule.example,
        "good": rule.good,
        "fix": rule.fix,
        "fixable": rule.fixable,
        "precision": rule.precision,
        "enabled": rule.enabled,
    }


def _engine_detail(rule: str) -> str | None:
    """An engine's own description of a family member (Harper describes its rules)."""
    if rule.startswith("grammar/harper/"):
        from xdocs.lint.grammar.harper import rule_description

        return rule_description(rule.rsplit("/", 1)[1])
    return None
