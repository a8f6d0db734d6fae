"""The workflow rules in the lint run (`xdocs check --roster`), workflow pass only."""

from __future__ import annotations

from tests.workflow.conftest import at
from xdocs.config import Config
from xdocs.lint.runner import CheckOptions, run_check


def test_lint_run_reports_a_forged_record_with_the_given_roster(xdocs, make_card, tmp_path):
    card = make_card()
    assert xdocs.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    card.write_text(card.read_text().replace("    by: wendy\n", "    by: mallory\n"))
    options = CheckOptions(
        no_cache=True, jobs=1, roster=str(xdocs.roster_file), passes=("workflow",)
    )
    result = run_check([card], Config(root=tmp_path), options)
    workflow = [f for f in result.findings if f.rule.startswith("workflow/")]
    assert [f.rule for f in workflow] == ["workflow/unknown-person"]
    assert workflow[0].line == card.read_text().splitlines().index("    by: mallory") + 1
    # without a roster the records cannot be checked: one clear finding
    options.roster = str(tmp_path / "missing.yml")
    result = run_check([card], Config(root=tmp_path), options)
    assert [f.rule for f in result.findings] == ["workflow/roster"]
