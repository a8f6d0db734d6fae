"""Template filler has one source: styleguide/placeholders.yml feeds the section judge and
generates the house Vale rule (issue 11: "generate the Vale placeholder rule")."""

from __future__ import annotations

import pytest

from xdocs.card.placeholders import house_placeholders, parse_placeholders
from xdocs.card.sections import content_status
from xdocs.lint.terminology import parse_terminology
from xdocs.lint.termsync import PLACEHOLDERS_RULE, render_files

CUSTOM = """\
filler:
  - Lorem dolor
  - fill [a-z]+ in
line_filler:
  - pending
template_sentences:
  - Say what the model does.
"""


def test_a_filler_word_reaches_both_the_judge_and_the_vale_rule() -> None:
    ph = parse_placeholders(CUSTOM, "p.yml")
    assert ph.is_filler_line("[Lorem dolor].")
    assert ph.is_filler_line("fill this in")
    assert ph.is_filler_line("Pending")
    assert not ph.is_filler_line("Training is pending review by the data team.")
    rule = render_files(parse_terminology("terms: []\n", "t.yml"), ph)[PLACEHOLDERS_RULE]
    assert '  - "Lorem dolor"' in rule and '  - "fill [a-z]+ in"' in rule
    assert "pending" not in rule  # line-only filler is not flagged inside sentences


def test_generated_vale_rule_flags_each_filler_token(tmp_path) -> None:  # noqa: ANN001
    from xdocs.vale import lint_text

    ph = parse_placeholders(CUSTOM, "p.yml")
    rule = render_files(parse_terminology("terms: []\n", "t.yml"), ph)[PLACEHOLDERS_RULE]
    (tmp_path / "styles" / "Xalura").mkdir(parents=True)
    (tmp_path / "styles" / "Xalura" / "Placeholders.yml").write_text(rule)
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        f"StylesPath = {tmp_path / 'styles'}\nMinAlertLevel = suggestion\n\n"
        "[*.md]\nBasedOnStyles = Xalura\n"
    )
    alerts = lint_text("We will fill this in. Lorem dolor sit.\n", "x.md", config=str(ini))
    assert sorted(a.match for a in alerts) == ["Lorem dolor", "fill this in"]


def test_house_filler_marks_a_section_placeholder() -> None:
    for line in ("TODO", "[More Information Needed]", "N/A", "...", "Lorem ipsum", "TBD."):
        assert content_status(line + "\n") == "placeholder", line
    assert content_status("None of the data was synthetic.\n") == "present"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('filler: ["(unclosed"]\n', "not a valid regex"),
        ("filler: TODO\n", "must be a list of strings"),
        ("- a\n", "expected a mapping"),
    ],
)
def test_a_malformed_source_names_the_file(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why) as err:
        parse_placeholders(text, "styleguide/placeholders.yml")
    assert "styleguide/placeholders.yml" in str(err.value)


def test_house_source_parses() -> None:
    ph = house_placeholders()
    assert "TODO" in ph.filler and ph.template_sentences
