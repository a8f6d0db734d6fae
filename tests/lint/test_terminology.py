"""Terminology: the one source of house terms, its pass and the generated Vale files."""

from __future__ import annotations

from pathlib import Path

import pytest

from xdocs.config import ConfigError
from xdocs.document import Document
from xdocs.findings import Severity
from xdocs.lint.prosetext import masked_text
from xdocs.lint.terminology import (
    TerminologyPass,
    check_text,
    load_terminology,
    parse_terminology,
    term_id,
)
from xdocs.lint.termsync import render_files, sync

REPO = Path(__file__).resolve().parents[2]


def test_house_file_is_valid_and_sized() -> None:
    terms = load_terminology(REPO / "styleguide/terminology.yml")
    assert 20 <= len(terms.terms) <= 50
    assert all(t.note for t in terms.terms), "every entry explains itself"
    company = next(t for t in terms.terms if t.term == "Xalura Tech")
    assert company.severity is Severity.ERROR
    assert company.rule_id == "terminology/XaluraTech"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xalura tech ships models.", "Xalura Tech"),
        ("We are XaluraTech.", "Xalura Tech"),
        ("Finetune the model first.", "Fine-tune"),
        ("an open source model", "open-source"),
        ("It is released as open-source.", "open source"),
        ("the data set is small", "dataset"),
        ("two gpus", "GPUs"),
        ("This model is much more light weight than the base.", "lightweight"),
        ("applications such as a chat bot", "chatbot"),
        ("to apply common sense reasoning", "commonsense"),
        ("Here is how to classify an image of xray:", "X-ray"),
    ],
)
def test_variants_are_found_with_the_preferred_term(text: str, expected: str) -> None:
    terms = load_terminology(REPO / "styleguide/terminology.yml")
    hits = check_text(terms, text)
    assert [h[3] for h in hits] == [expected]


def test_preferred_forms_and_code_are_not_flagged() -> None:
    terms = load_terminology(REPO / "styleguide/terminology.yml")
    # names in title case and the noun "common sense" are not the rejected forms
    assert check_text(terms, "Hemione Chat Bot answers with common sense.") == []
    assert check_text(terms, "Common Sense Reasoning Tasks") == []
    assert check_text(terms, "Xalura Tech fine-tunes a dataset on a GPU; open source wins.") == []
    doc = Document.from_text(
        "---\ncompany: Xalura tech\n---\n\nRun `XaluraTech --gpu`:\n\n```\nXalura tech\n```\n"
        "See https://example.com/XaluraTech.\n"
    )
    assert check_text(terms, masked_text(doc)) == []


def test_pass_reports_positions_and_a_safe_fix(repo_config) -> None:  # noqa: ANN001
    from xdocs.card import load_card_from_document
    from xdocs.rules import LintContext

    doc = Document.from_text(
        "---\nname: x\n---\n\n# Title\n\nBuilt by Xalura tech in 2024.\n", "c.md"
    )
    card = load_card_from_document(doc)
    (finding,) = TerminologyPass().run(card, LintContext(repo_config, REPO))
    assert (finding.line, finding.column, finding.end_column) == (7, 10, 21)
    assert finding.rule == "terminology/XaluraTech"
    assert finding.replacement == "Xalura Tech"
    assert finding.severity is Severity.ERROR


def test_invalid_regex_names_file_and_line() -> None:
    text = "terms:\n  - term: GPU\n    reject: ['/gp(u/']\n    note: x\n"
    with pytest.raises(ConfigError) as info:
        parse_terminology(text, "styleguide/terminology.yml")
    message = str(info.value)
    assert message.startswith("styleguide/terminology.yml:2:")
    assert "invalid regular expression /gp(u/" in message


@pytest.mark.parametrize(
    "text",
    [
        "terms: 3\n",
        "terms:\n  - reject: [x]\n",
        "terms:\n  - term: A\n",
        "terms:\n  - term: A\n    reject: [b]\n  - term: A\n    reject: [c]\n",
        "terms:\n  - term: A\n    reject: [b]\n    severity: fatal\n",
    ],
)
def test_bad_entries_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_terminology(text, "t.yml")


def test_term_id() -> None:
    assert term_id("Xalura Tech") == "XaluraTech"
    assert term_id("fine-tune") == "FineTune"


def test_generated_vale_files_are_up_to_date() -> None:
    """Fails when terminology.yml changed without `xdocs styleguide sync`."""
    terms = load_terminology(REPO / "styleguide/terminology.yml")
    stale = sync(REPO, terms, check=True)
    assert stale == [], f"run `xdocs styleguide sync`: {stale} out of date"


def test_generated_rule_is_loadable_by_the_vale_engine(tmp_path) -> None:  # noqa: ANN001
    """The generated substitution rule flags a variant through xdocs' Vale engine."""
    from xdocs.vale import lint_text

    terms = parse_terminology(
        "terms:\n  - term: Xalura Tech\n    reject: [Xalura tech]\n    note: n\n", "t.yml"
    )
    files = render_files(terms)
    style = tmp_path / "styles"
    (style / "Xalura").mkdir(parents=True)
    (style / "Xalura" / "Terms.yml").write_text(files["vale_styles/Xalura/Terms.yml"])
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        f"StylesPath = {style}\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = Xalura\n"
    )
    alerts = lint_text("Made by Xalura tech.\n", "x.md", config=str(ini))
    assert [(a.check, a.match if a.match else None) for a in alerts][0][0] == "Xalura.Terms"
