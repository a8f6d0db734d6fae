"""Canonical sections: real-world heading variants, statuses and the inspect contract.

Headings below are spelled as real cards spell them (OpenAI, Meta, the Hugging
Face template, Trainer auto-cards); each must land on the ids a careful reader
would give it, with the status a reader would give its content.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from xdocs.card import SectionStatus, load_card_from_document
from xdocs.card.canonical import CANONICAL_IDS, REQUIRED_IDS, section_map, section_title
from xdocs.card.render import render_card
from xdocs.cli import cli
from xdocs.document import Document

PRESENT = SectionStatus.PRESENT
PLACEHOLDER = SectionStatus.PLACEHOLDER
EMPTY = SectionStatus.EMPTY
ABSENT = SectionStatus.ABSENT


def card_of(text: str, path: str = "card.md"):
    return load_card_from_document(Document.from_text(text, path))


def statuses(card) -> dict[str, str]:
    return {sid: str(sec.status) for sid, sec in card.sections.items()}


# -- heading variants -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("heading", "ids"),
    [
        ("Intended Use", {"intended_use"}),
        ("1. Intended Use", {"intended_use"}),
        ("Intended Use 🚀", {"intended_use"}),
        ("Model Use", {"intended_use"}),
        ("Uses", {"intended_use"}),
        ("Primary intended uses", {"intended_use"}),
        ("Out-of-Scope Use", {"out_of_scope"}),
        ("Out-of-Scope Use Cases", {"out_of_scope"}),
        ("Misuse and Malicious Use", {"out_of_scope"}),
        ("Limitations", {"limitations"}),
        ("Caveats and Recommendations", {"limitations"}),
        ("Bias, Risks, and Limitations", {"ethical_considerations", "limitations"}),
        ("Ethical Considerations and Limitations", {"ethical_considerations", "limitations"}),
        ("Limitations and Bias", {"ethical_considerations", "limitations"}),
        ("Intended Uses & Limitations", {"intended_use", "limitations"}),
        ("Ethical Considerations", {"ethical_considerations"}),
        ("Responsible AI Considerations", {"ethical_considerations"}),
        ("Training Data", {"training_data"}),
        ("Training and evaluation data", {"training_data", "evaluation"}),
        ("Training Procedure", {"training_procedure"}),
        ("Evaluation", {"evaluation"}),
        ("Evaluation Results", {"evaluation"}),
        ("How to Get Started with the Model", {"deployment"}),
        ("Hardware and Software", {"deployment"}),
        ("Environmental Impact", {"environmental_impact"}),
        ("License", {"license"}),
        ("Licence", {"license"}),
        ("Citation", {"citation"}),
        ("Model Card Contact", {"contact"}),
        ("Model Card Authors", {"authors"}),
        ("Glossary", {"glossary"}),
        ("Changelog", {"changelog"}),
    ],
)
def test_heading_variant_maps_to_canonical_ids(heading: str, ids: set[str]) -> None:
    assert set(section_map().match_heading(heading)) == ids


#: content a careful reader files under each section (sections are judged by substance)
SAYS = {
    "overview": "A DistilBERT classifier with 66M parameters built by the reviews team.",
    "intended_use": "Intended for ranking English product reviews for the support team.",
    "out_of_scope": "Not for decisions about individual customers or for moderation.",
    "limitations": "The model misreads sarcasm and is less accurate on reviews under five words.",
    "ethical_considerations": "Reviews may hold personal data, and outputs can be biased "
    "against dialects; we mitigate this with a review step.",
    "training_data": "Trained on 50,000 English product reviews collected in 2022.",
    "training_procedure": "Fine-tuned for 3 epochs with a learning rate of 2e-5.",
    "evaluation": "Accuracy 0.91 and macro F1 0.89 on the 2024 held-out test split.",
    "deployment": "Install with `pip install reviews-model` and load it with "
    "`pipeline('text-classification', model='xalura/reviews')`.",
    "environmental_impact": "Training used 12 GPU hours; estimated emissions 1.2 kg CO2eq.",
    "license": "Apache 2.0.",
    "citation": "Please cite the reviews paper (2024).",
    "contact": "Questions go to reviews@example.com.",
    "authors": "Alice and Bob.",
    "glossary": "Macro F1: the unweighted mean of per-class F1 scores.",
    "changelog": "1.1 added Spanish reviews.",
}


@pytest.mark.parametrize(
    ("heading", "ids"),
    [
        ("Intended Use", {"intended_use"}),
        ("Uses", {"intended_use"}),
        ("Out-of-Scope Use Cases", {"out_of_scope"}),
        ("Caveats and Recommendations", {"limitations"}),
        ("Bias, Risks, and Limitations", {"ethical_considerations", "limitations"}),
        ("Training and evaluation data", {"training_data", "evaluation"}),
        ("How to Get Started with the Model", {"deployment"}),
        ("⚠️ Limitations", {"limitations"}),
        ("📊 Evaluation", {"evaluation"}),
        ("Licence", {"license"}),
        ("Environmental Impact", {"environmental_impact"}),
        ("Glossary", {"glossary"}),
    ],
)
def test_section_under_its_heading_is_present_with_evidence(heading: str, ids: set[str]) -> None:
    body = " ".join(SAYS[sid] for sid in sorted(ids))
    card = card_of(f"# Some model\n\nIntro.\n\n## {heading}\n\n{body}\n")
    for sid in ids:
        sec = card.sections[sid]
        assert sec.status is PRESENT, sid
        assert sec.heading == heading.strip()
        assert sec.line == 5
        assert sec.reason()
        assert sec.evidence and sec.evidence[0].line in (5, 7)


@pytest.mark.parametrize("heading", ["Table of Contents", "FAQ", "More Information"])
def test_navigation_headings_map_to_nothing(heading: str) -> None:
    card = card_of(f"# M\n\nIntro.\n\n## {heading}\n\nSome text.\n")
    assert section_map().match_heading(heading) == ()
    # "Intro." under the title is the overview (issue 13); nothing else is there
    assert card.sections["overview"].status is PRESENT
    assert all(sec.status is ABSENT for sid, sec in card.sections.items() if sid != "overview")


def test_uses_with_direct_use_subsection() -> None:
    text = (
        "# Model Card for Demo\n"  # 1
        "\n"
        "## Uses\n"  # 3
        "\n"
        "### Direct Use\n"  # 5
        "\n"
        "Classify product reviews by sentiment.\n"  # 7
        "\n"
        "### Out-of-Scope Use\n"  # 9
        "\n"
        "Not for moderation decisions about people.\n"
    )
    card = card_of(text)
    assert card.title == "Model Card for Demo"
    assert card.sections["intended_use"].status is PRESENT
    assert card.sections["intended_use"].line in (3, 5)
    assert card.sections["out_of_scope"].status is PRESENT
    assert card.sections["out_of_scope"].line == 9
    assert "Classify product reviews" in card.section_text("intended_use")
    assert "moderation" in card.section_text("out_of_scope")
    assert "moderation" not in card.section_text("intended_use")


def test_bold_label_paragraph_counts_as_a_section() -> None:
    text = (
        "# **Intended Use**\n"  # 1
        "**Intended Use Cases** Assistant-like chat in English.\n"  # 2
        "\n"
        "**Out-of-scope:** Use in any manner that violates applicable laws.\n"  # 4
        "\n"
        "# **Limitations**\n"  # 6
        "It hallucinates.\n"
    )
    card = card_of(text)
    oos = card.sections["out_of_scope"]
    assert oos.status is PRESENT
    assert oos.line == 4
    assert "violates applicable laws" in card.section_text("out_of_scope")
    assert card.sections["intended_use"].status is PRESENT
    assert "violates" not in card.section_text("limitations")


def test_bold_label_mid_paragraph_is_not_a_section() -> None:
    text = "# M\n\n## Intended use\n\nResearch only; see **Out-of-scope** notes elsewhere.\n"
    card = card_of(text)
    assert card.sections["out_of_scope"].status is ABSENT


def test_heading_like_lines_in_code_are_not_sections() -> None:
    text = "# M\n\n## Usage\n\n```bash\n# Limitations\necho hi\n```\n"
    card = card_of(text)
    assert card.sections["limitations"].status is ABSENT
    assert card.sections["deployment"].status is PRESENT


def test_training_details_with_training_data_subsection() -> None:
    text = "# M\n\n## Training Details\n\n### Training Data\n\nEnglish Wikipedia, 2023 dump.\n"
    card = card_of(text)
    assert card.sections["training_data"].status is PRESENT
    assert card.sections["training_data"].heading == "Training Data"
    assert card.sections["training_data"].line == 5


def test_unmapped_subsection_inherits_parent_section() -> None:
    text = (
        "# M\n\n## Bias, Risks, and Limitations\n\n### Sarcasm and irony\n\n"
        "The model misreads sarcasm, and its mistakes fall more often on some dialects: "
        "users should check outputs for bias.\n"
    )
    card = card_of(text)
    assert card.sections["limitations"].status is PRESENT
    assert card.sections["ethical_considerations"].status is PRESENT
    assert "check outputs" in card.section_text("ethical_considerations")


def test_heading_whose_content_is_in_subheadings_is_present() -> None:
    text = "# M\n\n## Limitations\n\n### Sarcasm\n\nAccuracy drops on sarcastic reviews.\n"
    card = card_of(text)
    assert card.sections["limitations"].status is PRESENT
    assert card.sections["limitations"].line == 3


@pytest.mark.parametrize("sub", ["Data drift", "Dataset shift"])
def test_data_named_limitation_subsection_stays_a_limitation(sub: str) -> None:
    text = f"# M\n\n## Limitations\n\n### {sub}\n\nAccuracy drops on 2024 reviews.\n"
    card = card_of(text)
    assert card.sections["limitations"].status is PRESENT
    assert card.sections["training_data"].status is ABSENT


# -- metadata standing in for sections ------------------------------------------------
HF_MODEL_INDEX_ONLY = """\
---
license: apache-2.0
datasets:
- imdb
model-index:
- name: demo-sentiment
  results:
  - task:
      type: text-classification
    dataset:
      name: IMDB
      type: imdb
      split: test
    metrics:
    - type: accuracy
      value: 0.93
---

# demo-sentiment

A fine-tuned sentiment classifier.
"""


def test_model_index_only_means_evaluation_present() -> None:
    card = card_of(HF_MODEL_INDEX_ONLY, "README.md")
    assert card.format == "hf"
    ev = card.sections["evaluation"]
    assert ev.status is PRESENT
    assert ev.origin == "front-matter"
    assert ev.line == 5  # the model-index key


def test_front_matter_license_means_license_present() -> None:
    card = card_of(HF_MODEL_INDEX_ONLY, "README.md")
    lic = card.sections["license"]
    assert lic.status is PRESENT
    assert lic.line == 2
    assert card.metadata["license"] == "apache-2.0"


def test_empty_front_matter_license_is_not_a_license() -> None:
    card = card_of('---\nlicense: ""\nowners: [a]\n---\n# M\n\nText.\n')
    assert card.sections["license"].status is ABSENT


def test_license_heading_with_text_beats_nothing() -> None:
    card = card_of("# M\n\nIntro.\n\n## License\n\nMIT, see LICENSE.\n")
    assert card.sections["license"].status is PRESENT
    assert card.sections["license"].heading == "License"


# -- statuses ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("The model misreads sarcasm and long reviews.", PRESENT),
        ("- Fails on code-mixed text.\n- Slow on CPU.", PRESENT),
        ("| case | accuracy |\n|---|---|\n| sarcasm | 0.61 |", PRESENT),
        ("[More Information Needed]", PLACEHOLDER),
        ("More information needed", PLACEHOLDER),
        ("More information needed.", PLACEHOLDER),
        ("TODO", PLACEHOLDER),
        ("TODO: write the limitations", PLACEHOLDER),
        ("TBD", PLACEHOLDER),
        ("N/A", PLACEHOLDER),
        ("n/a", PLACEHOLDER),
        ("<!-- Describe known failure modes here. -->", PLACEHOLDER),
        ("<!--\nmulti-line\nguidance\n-->", PLACEHOLDER),
        ("- **Known issues:** [More Information Needed]", PLACEHOLDER),
        ("[More Information Needed]\n\nTODO", PLACEHOLDER),
        ("", EMPTY),
        ("\n\n   \n", EMPTY),
        ("<!-- guidance --> It fails on sarcasm.", PRESENT),
    ],
)
def test_section_status(content: str, expected: SectionStatus) -> None:
    text = f"# M\n\nIntro.\n\n## Limitations\n\n{content}\n\n## Evaluation\n\nAccuracy 0.9.\n"
    card = card_of(text)
    sec = card.sections["limitations"]
    assert sec.status is expected, content
    assert sec.heading == "Limitations"
    assert sec.line == 5
    # the neighbour is unaffected
    assert card.sections["evaluation"].status is PRESENT


def test_absent_section_has_no_heading_or_line() -> None:
    card = card_of("# M\n\n## Limitations\n\nIt fails.\n")
    sec = card.sections["out_of_scope"]
    assert sec.status is ABSENT
    assert sec.heading is None and sec.line is None
    assert card.section_text("out_of_scope") == ""


def test_best_status_wins_when_a_section_appears_twice() -> None:
    text = "# M\n\n## Limitations\n\nTODO\n\n## Known limitations\n\nFails on sarcasm.\n"
    card = card_of(text)
    assert card.sections["limitations"].status is PRESENT
    assert card.sections["limitations"].line == 7


def test_every_canonical_id_is_reported_even_for_an_empty_card() -> None:
    card = card_of("")
    assert set(card.sections) >= set(CANONICAL_IDS)
    assert all(sec.status is ABSENT for sec in card.sections.values())


def test_required_ids_are_the_checklist_sections() -> None:
    assert set(REQUIRED_IDS) == {
        "intended_use",
        "out_of_scope",
        "limitations",
        "ethical_considerations",
        "training_data",
        "evaluation",
        "deployment",
        "license",
    }
    assert list(CANONICAL_IDS).index("intended_use") < list(CANONICAL_IDS).index("license")
    assert section_title("out_of_scope") == "Out-of-scope use"


# -- the inspect JSON contract --------------------------------------------------------
def _inspect_json(path) -> dict:
    result = CliRunner().invoke(cli, ["inspect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_inspect_json_contract(tmp_path) -> None:
    path = tmp_path / "README.md"
    path.write_text(
        HF_MODEL_INDEX_ONLY + "\n## Limitations\n\n[More Information Needed]\n\n## Uses\n\n",
        encoding="utf-8",
    )
    data = _inspect_json(path)
    assert {"path", "format", "metadata", "sections"} <= set(data)
    assert data["path"] == str(path)
    assert data["format"] == "hf"
    assert data["metadata"]["license"] == "apache-2.0"
    assert data["metadata"]["name"] == "demo-sentiment"
    assert set(data["sections"]) >= set(CANONICAL_IDS)
    for sid in CANONICAL_IDS:
        entry = data["sections"][sid]
        assert {"status", "heading", "line"} <= set(entry), sid
        assert entry["status"] in {"present", "placeholder", "empty", "absent"}
        if entry["status"] == "absent":
            assert entry["line"] is None
        else:
            assert isinstance(entry["line"], int) and entry["line"] >= 1
    assert data["sections"]["evaluation"]["status"] == "present"
    assert data["sections"]["license"]["status"] == "present"
    lim = data["sections"]["limitations"]
    assert {k: lim[k] for k in ("status", "heading", "line")} == {
        "status": "placeholder",
        "heading": "Limitations",
        "line": 23,
    }
    assert lim["why"] == "'Limitations' (line 23) holds only template filler"
    assert lim["evidence"] == [{"line": 25, "text": "[More Information Needed]"}]
    for sid in CANONICAL_IDS:  # every status says why
        assert isinstance(data["sections"][sid]["why"], str) and data["sections"][sid]["why"]
    assert data["sections"]["intended_use"]["status"] == "empty"
    assert data["sections"]["out_of_scope"]["status"] == "absent"


def test_inspect_text_lists_every_section(tmp_path) -> None:
    path = tmp_path / "c.md"
    path.write_text("# M\n\n## Limitations\n\nIt fails.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0
    for sid in CANONICAL_IDS:
        assert sid in result.stdout
    # every section says why, and a present one shows the line that says it
    assert result.stdout.count("      why: ") == len(CANONICAL_IDS)
    assert "why: 'Limitations' (line 3) says it, e.g. line 5" in result.stdout
    assert "      line 5: It fails." in result.stdout


def test_sections_yml_specs_are_whole() -> None:
    """Each spec has exactly title/required/description and a full-sentence
    description (an unquoted comma in a flow mapping silently cuts it short)."""
    from xdocs.card.canonical import DEFAULT_SECTIONS_FILE
    from xdocs.document import parse_yaml

    data, err = parse_yaml(DEFAULT_SECTIONS_FILE.read_text(encoding="utf-8"), "sections.yml")
    assert err is None
    for sid, spec in data["sections"].items():
        assert set(spec) == {"title", "required", "description"}, sid
        assert str(spec["description"]).endswith("."), sid


@pytest.mark.parametrize("blank", ["\u00a0", "\x0c", " \u00a0 "])
def test_bold_label_after_a_whitespace_only_line_is_at_its_own_line(blank: str) -> None:
    """A line of NBSP or form feed is not blank to CommonMark, so it opens the
    paragraph, but markdown-it strips it from the paragraph's text: the label's
    line must still be its own (found by the idempotence property)."""
    text = (
        f"# M\n\nIntro.\n\n{blank}\n**Out-of-scope:** Medical diagnosis.\n\n## Limitations\n\nx\n"
    )
    card = card_of(text)
    assert card.sections["out_of_scope"].status is PRESENT
    assert card.sections["out_of_scope"].line == 6
    assert "Medical diagnosis." in card.section_text("out_of_scope")
    assert "**Out-of-scope:**" not in card.section_text("out_of_scope")


@pytest.mark.parametrize(
    "before",
    [
        "Run `python\ntrain.py` first.",  # a code span across a line break
        "`\n000`",  # the idempotence property's case
        'See <span\ntitle="x">here</span>.',  # inline HTML across a line break
        "`a\nb` and `c\nd`",  # two of them: the offset falls two lines short
    ],
)
def test_bold_label_after_a_line_break_inside_a_code_span_is_at_its_own_line(
    before: str,
) -> None:
    """A line break inside a code span or inline HTML leaves no break token, so
    counting break tokens put the label one line early and the text of that
    line was lost when normalizing (found by the idempotence property)."""
    line = 3 + before.count("\n") + 1
    text = f"# M\n\n{before}\n**Out-of-scope:** Medical diagnosis.\n\n## Limitations\n\nx\n"
    card = card_of(text)
    assert card.sections["out_of_scope"].status is PRESENT
    assert card.sections["out_of_scope"].line == line
    assert "Medical diagnosis." in card.section_text("out_of_scope")
    out = render_card(card)
    for word in re.findall(r"\w{3,}", before):
        assert word in out


def test_bold_text_in_a_multiline_code_span_is_not_a_label() -> None:
    text = "# M\n\nSee `a\n**Out-of-scope:** b` here.\n"
    card = card_of(text)
    assert card.sections["out_of_scope"].status is ABSENT


@pytest.mark.parametrize(
    ("label", "sid"),
    [
        ("**CO<sub>2</sub> emissions during pretraining.**", "environmental_impact"),
        ("**Risks &amp; limitations:**", "limitations"),
        ("__Limitations__", "limitations"),
    ],
)
@pytest.mark.parametrize("before", ["Intro.", "Run `python\ntrain.py` first."])
def test_a_label_with_markup_is_found_on_its_own_line(label: str, sid: str, before: str) -> None:
    """The label's line is confirmed against the raw text, where tags and entities
    are still there (Llama 2's "**CO<sub>2</sub> emissions during pretraining.**")."""
    line = 3 + before.count("\n") + 1
    card = card_of(f"# M\n\n{before}\n{label} It takes 12 t of CO2.\n")
    assert card.sections[sid].status is PRESENT
    assert card.sections[sid].line == line
