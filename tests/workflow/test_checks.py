"""WorkflowPass (xdocs check) and the rule catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from tests.workflow.conftest import CARD, at
from xdocs.card import load_card
from xdocs.config import Config
from xdocs.findings import Severity
from xdocs.rules import LintContext, LintOptions
from xdocs.workflow import stages as S
from xdocs.workflow.checks import RULES, WorkflowPass

SRC = Path(__file__).resolve().parents[2] / "xdocs" / "workflow"


def test_every_emitted_rule_is_documented():
    documented = {r.id for r in RULES}
    emitted = set()
    for path in SRC.glob("*.py"):
        text = path.read_text()
        emitted |= {f"workflow/{m}" for m in re.findall(r'Refusal\(\s*"([a-z-]+)"', text)}
        found = re.findall(r'finding\(\s*[\w.]+,\s*[^,]+,\s*"([a-z-]+)"', text)
        emitted |= {f"workflow/{m}" for m in found}
        emitted |= set(re.findall(r'"(workflow/[a-z-]+)"', text))
    emitted.discard("workflow/")
    assert {"workflow/four-eyes", "workflow/stale-approval", "workflow/order"} <= emitted
    assert emitted <= documented, emitted - documented
    for rule in RULES:
        assert rule.summary and rule.rationale and rule.example, rule.id


def test_statuses_and_export_maps():
    assert len(S.STATUSES) == 12
    for status in S.STATUSES:
        assert re.fullmatch(r"[a-z][a-z-]*", status)
        assert S.sagemaker_status(status) in {"Draft", "PendingReview", "Approved", "Archived"}
        assert S.model_registry_status(status) in {"PendingManualApproval", "Approved", "Rejected"}
        assert status in S.STATUS_LABELS
    assert S.model_registry_status("published") == "Approved"
    assert S.model_registry_status("rejected") == "Rejected"
    assert S.sagemaker_status("draft") == "Draft"


def ctx(tmp_path: Path, roster_file: Path | None) -> LintContext:
    options = LintOptions(roster=str(roster_file) if roster_file else None)
    return LintContext(Config(root=tmp_path), tmp_path, options)


def test_pass_reports_hand_written_problems(xdocs, make_card, roster_file, tmp_path):
    card = make_card()
    assert xdocs.approve(card, "intake", "wendy", "--at", at(2)).exit_code == 0
    digest = card.read_text().split("digest: ")[1].split("\n")[0]
    hand = (
        f"  - {{stage: intake, role: publishing-manager, by: wendy, decision: approved, "
        f"at: '{at(3)}', digest: '{digest}'}}\n"
        f"  - {{stage: intake, role: publishing-manager, by: max, decision: approved, "
        f"at: '{at(1)}', digest: '{digest}'}}\n"
        f"  - {{stage: evaluation, role: publishing-worker, by: walt, decision: approved, "
        f"at: '2099-01-01T00:00:00Z', digest: '{digest}'}}\n"
        "  - {stage: intake, by: max}\n"
    )
    card.write_text(card.read_text().replace("---\n\n#", hand + "---\n\n#", 1))
    found = WorkflowPass().run(load_card(card), ctx(tmp_path, roster_file))
    rules = [f.rule for f in found]
    assert rules == [
        "workflow/wrong-role",  # wendy is no manager
        "workflow/date-order",  # max's decision is dated before wendy's review
        "workflow/future-date",
        "workflow/invalid-record",
    ]
    lines = card.read_text().splitlines()
    assert found[3].line == next(
        i for i, t in enumerate(lines, 1) if "{stage: intake, by: max}" in t
    )
    assert all(f.severity == Severity.ERROR for f in found)


def test_pass_uses_the_configured_roster(make_card, roster_file, tmp_path):
    card = make_card()
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "roster.yml").write_text(roster_file.read_text())
    plain = WorkflowPass().run(load_card(card), ctx(tmp_path, None))
    assert plain == []


def test_missing_roster_only_matters_with_approvals(make_card, tmp_path):
    card = make_card()
    wp = WorkflowPass()
    assert wp.run(load_card(card), ctx(tmp_path, tmp_path / "none.yml")) == []
    card.write_text(CARD.replace("license:", "approvals:\n  - {stage: intake}\nlicense:"))
    (found,) = wp.run(load_card(card), ctx(tmp_path, tmp_path / "none.yml"))
    assert found.rule == "workflow/roster" and "roster not found" in found.message


def test_pass_never_raises_on_odd_cards(make_card, roster_file, tmp_path):
    wp = WorkflowPass()
    odd = [
        "---\napprovals: 3\nsubmitted_by: sam\n---\nx\n",
        "---\napprovals: [1, [2], {stage: 3}]\nsubmitted_by: sam\n---\nx\n",
        "---\napprovals:\n  - {stage: intake, role: publishing-worker, by: [x], decision: approved,"
        " at: 2026-01-01, digest: sha256:00}\nsubmitted_by: [sam]\nflags: 7\n---\nx\n",
        "---\n: bad yaml [\n---\n",
        "no front-matter at all\n",
        '{"approvals": [{"stage": "intake"}], "submitted_by": "sam"}',
    ]
    for i, text in enumerate(odd):
        path = make_card(text, f"odd{i}.json" if text.startswith("{") else f"odd{i}.md")
        found = wp.run(load_card(path), ctx(tmp_path, roster_file))
        assert all(f.rule.startswith("workflow/") for f in found)
        assert all("cannot read the approvals" not in f.message for f in found), found


def test_one_status_table_feeds_labels_maps_css_and_material():
    """Issue 11: status labels lived in Python, mkdocs.yml and CSS with nothing
    tying them; now everything derives from xdocs/workflow/statuses.py."""
    from ruamel.yaml import YAML

    from xdocs.portal.statuses import STATUS_CSS, material_status_labels, render_status_css
    from xdocs.workflow.statuses import STATUS_TABLE

    repo = Path(__file__).resolve().parents[2]
    assert tuple(s.id for s in STATUS_TABLE) == S.STATUSES
    assert material_status_labels() == S.STATUS_LABELS
    colours = [s.colour.lower() for s in STATUS_TABLE]
    assert len(set(colours)) == len(colours), "every status has its own colour"
    assert (repo / STATUS_CSS).read_text(encoding="utf-8") == render_status_css()
    for s in STATUS_TABLE:
        assert f"--xd-status-{s.id}: {s.colour};" in render_status_css()
    site = YAML(typ="safe").load((repo / "site_config" / "mkdocs.yml").read_text())
    assert "status" not in (site.get("extra") or {}), "labels come from the table"
    assert "stylesheets/statuses.css" in site["extra_css"]
