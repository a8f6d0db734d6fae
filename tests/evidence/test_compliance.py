"""Compliance profiles: data files, coverage, placeholders, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from xdocs.card.canonical import CANONICAL_IDS
from xdocs.cli import cli
from xdocs.evidence.compliance import (
    ProfileError,
    compliance_findings,
    evaluate,
    list_profiles,
    load_profile,
)

from .builders import write_card

PROFILES = {"eu-ai-act-annex-iv": 9, "nist-ai-rmf": 4, "mitchell-2019": 9, "hf-template": 11}
PSEUDO_KEYS = {"metrics", "sliced_metrics"}


def test_bundled_profiles_are_valid() -> None:
    assert set(PROFILES) <= set(list_profiles())
    for name, count in PROFILES.items():
        profile = load_profile(name)
        assert len(profile.items) == count, name
        assert profile.source.startswith("https://")
        for item in profile.items:
            assert item.sections or item.any_sections or item.metadata, item.id
            for sid in item.sections + item.any_sections:
                assert sid in CANONICAL_IDS, (name, item.id, sid)
    nist = [i.id for i in load_profile("nist-ai-rmf").items]
    assert nist == ["govern", "map", "measure", "manage"]


def test_unknown_profile() -> None:
    with pytest.raises(ProfileError, match="known profiles: eu-ai-act-annex-iv"):
        load_profile("iso-42001")


FULL = """
name: tiny
version: 1.2.0
owners: [ana]
license: apache-2.0
risk_rating: medium
datasets: [{name: tickets}]
metrics:
  - {name: accuracy, value: 0.9, slice: en}
"""

BODY = """# Tiny

## Model details

A small classifier.

## Intended use

Triage.

## Out-of-scope use

Medical advice.

## Limitations

[More Information Needed]

## Ethical considerations

Mitigations: masking.

## Training data

Tickets from 2025.

## Evaluation

Accuracy per language.
"""


def test_covered_missing_placeholder(tmp_card) -> None:
    card = tmp_card(FULL, BODY)
    report = evaluate(card, load_profile("mitchell-2019"))
    status = {r.item.id: r.status for r in report.items}
    assert status["training-data"] == "covered"
    assert status["ethical-considerations"] == "covered"
    assert status["quantitative-analyses"] == "covered"
    assert status["caveats-and-recommendations"] == "placeholder"  # template filler only
    assert report.coverage == pytest.approx(report.covered / 9)
    data = report.to_dict()
    assert (
        data["counts"]["covered"] + data["counts"]["placeholder"] + data["counts"]["missing"] == 9
    )
    findings = compliance_findings(report)
    assert {f.rule for f in findings} == {"compliance/placeholder-item"}
    eu = evaluate(card, load_profile("eu-ai-act-annex-iv"))
    missing = {r.item.id for r in eu.items if r.status == "missing"}
    assert {"declaration-of-conformity", "harmonised-standards"} <= missing


def test_cli_text_json_and_exit_codes(tmp_path: Path) -> None:
    card = write_card(tmp_path, FULL, BODY)
    runner = CliRunner()
    res = runner.invoke(cli, ["compliance", str(card), "--profile", "nist-ai-rmf"])
    assert res.exit_code == 0, res.output
    assert "coverage:" in res.output and "Govern" in res.output
    res = runner.invoke(
        cli, ["compliance", str(card), "--profile", "nist-ai-rmf", "--format", "json"]
    )
    data = json.loads(res.output)
    assert data["profile"] == "nist-ai-rmf" and len(data["items"]) == 4
    assert 0 <= data["coverage"] <= 1
    res = runner.invoke(
        cli, ["compliance", str(card), "--profile", "hf-template", "--min-coverage", "1"]
    )
    assert res.exit_code == 1
    res = runner.invoke(cli, ["compliance", str(card), "--profile", "nope"])
    assert res.exit_code == 2 and "unknown compliance profile" in res.output
    res = runner.invoke(
        cli, ["compliance", str(tmp_path / "absent.md"), "--profile", "nist-ai-rmf"]
    )
    assert res.exit_code == 2


def test_real_cards_get_a_report(shared_dir: Path) -> None:
    from xdocs.card import load_card

    profile = load_profile("hf-template")
    for path in sorted((shared_dir / "corpus" / "cards").glob("*.md")):
        report = evaluate(load_card(path), profile)
        assert len(report.items) == 11 and 0 <= report.coverage <= 1
