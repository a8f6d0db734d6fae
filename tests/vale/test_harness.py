"""The conformance harness itself: Scenario Outlines, scenarios that expect no output.

A held-out style package may write its tests with ``Scenario Outline`` and
``Examples`` or expect an empty output; the harness must score those, not
skip them, so an alert we print where none is expected counts as extra.
"""

from __future__ import annotations

from pathlib import Path

from tests.vale.conformance import parse_feature, run_suite

RULE = "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens:\n  - very\n"

FEATURE = '''Feature: Rules

  Scenario Outline: Each fixture
    When I test "<fixture>"
    Then the output should contain exactly:
      """
      <expected>
      """

    Examples:
      | fixture | expected |
      | Hit     | test.md:1:3:Pkg.Very:Avoid 'very'. |
      | Quiet   | |

  Scenario: Nothing to say
    When I test "Silent"
    Then the output should not contain anything

  Scenario: Wrongly quiet
    When I test "Hit"
    Then the output should contain exactly:
      """
      """
'''


def _package(root: Path) -> Path:
    (root / "features").mkdir(parents=True)
    (root / "features" / "rules.feature").write_text(FEATURE)
    (root / "features" / "steps.rb").write_text("# vale --no-global\n")
    (root / "styles" / "Pkg").mkdir(parents=True)
    (root / "styles" / "Pkg" / "Very.yml").write_text(RULE)
    for name, text in {
        "Hit": "A very long day.\n",
        "Quiet": "Fine.\n",
        "Silent": "Fine.\n",
    }.items():
        folder = root / "fixtures" / name
        folder.mkdir(parents=True)
        (folder / ".vale.ini").write_text(
            "StylesPath = ../../styles\n[*.md]\nBasedOnStyles = Pkg\n"
        )
        (folder / "test.md").write_text(text)
    return root


def test_scenario_outline_is_expanded_one_scenario_per_example(tmp_path):
    root = _package(tmp_path / "pkg")
    scenarios = parse_feature(root / "features" / "rules.feature")
    assert [(s.name, s.when, s.expected) for s in scenarios] == [
        ("Each fixture (example 1)", 'I test "Hit"', ["test.md:1:3:Pkg.Very:Avoid 'very'."]),
        ("Each fixture (example 2)", 'I test "Quiet"', []),
        ("Nothing to say", 'I test "Silent"', []),
        ("Wrongly quiet", 'I test "Hit"', []),
    ]


def test_scenarios_expecting_no_output_count_extra_alerts(tmp_path):
    root = _package(tmp_path / "pkg")
    score = run_suite("pkg", root, tmp_path / "work")
    assert score.matched == 1 and score.expected == 1
    extra = {o.scenario.name: o.extra for o in score.outcomes}
    assert extra["Each fixture (example 2)"] == []
    assert extra["Nothing to say"] == []
    assert extra["Wrongly quiet"] == ["test.md:1:3:Pkg.Very:Avoid 'very'."]
