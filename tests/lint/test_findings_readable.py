"""Issue 13, "findings a person wants to read": one finding per problem, in the
house's words, with a fix hint that fits the status."""

from __future__ import annotations

from xdocs.card import load_card_from_document
from xdocs.config import Config
from xdocs.document import Document
from xdocs.lint.metadata import MetadataPass
from xdocs.lint.structure import StructurePass, checklist_sections
from xdocs.rules import LintContext

BODY = """
# Demo

## Intended use

Routing support tickets.

## Out-of-scope use

[More Information Needed]

## Limitations

## Ethical considerations

Tickets hold personal data; nothing is stored.

## Training data

Tickets from 2025.

## Evaluation

Accuracy 0.9 on a held-out split.
"""


def _run(front: str, repo_config: Config) -> list:
    card = load_card_from_document(Document.from_text(f"---\n{front}---\n{BODY}", "c.md"))
    ctx = LintContext(repo_config, repo_config.root)
    return MetadataPass().run(card, ctx) + StructurePass().run(card, ctx)


def test_a_missing_licence_is_one_finding(repo_config: Config) -> None:
    found = _run("name: X\nversion: '1'\nowners: [a]\nmodel_format: onnx\n", repo_config)
    about = [f for f in found if "licen" in f.message.lower()]
    assert [f.rule for f in about] == ["metadata/missing-field"]
    assert "no licence" in about[0].message


def test_empty_owners_is_one_finding_in_house_words(repo_config: Config) -> None:
    found = _run(
        "name: X\nversion: '1'\nowners: []\nlicense: mit\nmodel_format: onnx\n", repo_config
    )
    owners = [f for f in found if "owner" in f.message]
    assert len(owners) == 1
    assert owners[0].message == "no owners (`owners`)"
    assert not any("is not valid under any of the given schemas" in f.message for f in found)


def test_schema_errors_say_what_is_allowed(repo_config: Config) -> None:
    found = _run(
        "name: X\nversion: '1'\nowners: [a]\nlicense: mit\nmodel_format: onnx\n"
        "risk_rating: severe\n",
        repo_config,
    )
    (risk,) = [f for f in found if f.rule == "metadata/schema"]
    assert risk.message.startswith('`risk_rating` is "severe"; it must be one of')


def test_no_metric_message_reads_as_a_sentence(repo_config: Config) -> None:
    found = _run(
        "name: X\nversion: '1'\nowners: [a]\nlicense: mit\nmodel_format: onnx\n", repo_config
    )
    assert "no metric reported (`metrics`)" in [f.message for f in found]
    assert not any("missing At least" in f.message for f in found)


def test_missing_section_names_it_once_and_fixes_fit_the_status(repo_config: Config) -> None:
    found = _run(
        "name: X\nversion: '1'\nowners: [a]\nlicense: mit\nmodel_format: onnx\n", repo_config
    )
    by_rule = {f.rule: f for f in found}
    missing = by_rule["structure/missing-section"]
    assert missing.message == "missing required section: Deployment considerations"
    placeholder = by_rule["structure/placeholder-section"]
    assert placeholder.fix.startswith("Replace the placeholder text under 'Out-of-scope use'")
    empty = by_rule["structure/empty-section"]
    assert empty.fix.startswith("Write the content under 'Limitations'")


def test_required_is_one_fact_and_every_required_section_has_words(repo_config: Config) -> None:
    from xdocs.card.canonical import REQUIRED_IDS
    from xdocs.lint.structure import checklist_for

    ctx = LintContext(repo_config, repo_config.root)
    words = checklist_sections(ctx)
    assert set(words) == set(REQUIRED_IDS)
    assert all(item.get("fix") and item.get("label") for item in words.values())
    listed = {item["id"] for item in checklist_for(ctx).get("sections", [])}
    assert listed <= set(REQUIRED_IDS), (
        "checklist.yml names a section sections.yml does not require"
    )
