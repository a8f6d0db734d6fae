"""xdocs evaluate --write: the record in the card, and what xdocs check makes of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.card import load_card
from xdocs.cli import cli
from xdocs.document import Document
from xdocs.evidence.checks import EvidencePass
from xdocs.evidence.evaluate.record import RecordError, apply_records
from xdocs.rules import LintContext
from xdocs.workflow.digest import card_digest

from .eval_builders import eval_card, sklearn_onnx, tabular, write_csv
from .test_evaluate import ENTRY, metric

APPROVAL = """approvals:
  # decisions
  - stage: intake
    role: publishing-worker
    by: priya.raman
    decision: approved
    at: '2026-10-19T09:00:00Z'
"""


@pytest.fixture
def card(tmp_path: Path) -> Path:
    X, y, region = tabular(400)
    model = sklearn_onnx(tmp_path / "model.onnx", X, y)
    write_csv(tmp_path / "holdout.csv", X, y, region=region)
    accuracy = float((model.predict(X) == y).mean())
    return eval_card(tmp_path, "model.onnx", metric(accuracy), ENTRY, risk="high", extra=APPROVAL)


def write(card: Path) -> str:
    result = CliRunner().invoke(cli, ["evaluate", str(card), "--write"])
    assert result.exit_code == 0, result.output
    return result.output


def test_write_records_blocks_above_approvals_and_keeps_every_other_byte(card: Path) -> None:
    before = card.read_text()
    write(card)
    after = card.read_text()
    fm = load_card(card).raw
    assert fm["reproduction"][0]["metrics"][0]["reproduced"] is True
    assert fm["bias_audit"][0]["columns"][0]["column"] == "region"
    assert [k for k in fm][-3:] == ["reproduction", "bias_audit", "approvals"]
    removed = after.split("reproduction:")[0] + "approvals:" + after.split("approvals:")[1]
    assert removed == before  # only the two blocks were inserted
    assert "  # decisions\n" in after


def test_write_again_replaces_the_blocks(card: Path) -> None:
    write(card)
    once = card.read_text()
    write(card)
    twice = card.read_text()
    assert twice.count("reproduction:") == 1 and twice.count("bias_audit:") == 1
    strip = [ln for ln in twice.splitlines() if " at: '" not in ln]
    assert strip == [ln for ln in once.splitlines() if " at: '" not in ln]


def test_write_changes_the_digest_so_earlier_approvals_go_stale(card: Path) -> None:
    before = card_digest(Document.from_path(card))
    out = write(card)
    assert card_digest(Document.from_path(card)) != before
    assert "digest changed" in out


def test_crlf_and_bom_are_kept(card: Path) -> None:
    card.write_bytes(b"\xef\xbb\xbf" + card.read_text().replace("\n", "\r\n").encode())
    write(card)
    data = card.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")


def test_check_audits_the_stored_predictions_and_sees_staleness(
    card: Path, ctx: LintContext
) -> None:
    write(card)

    def rules() -> set[str]:
        found = EvidencePass().run(load_card(card), ctx)
        return {f.rule for f in found if f.rule.startswith(("evidence/", "bias/"))}

    assert rules() == set()
    # a gap appears in the stored predictions file: the check audits it, and says it changed
    import pandas as pd

    preds = card.parent / "model.predictions.csv"
    frame = pd.read_csv(preds)
    south = frame["region"] == "south"
    frame.loc[south, "label"], frame.loc[south, "prediction"] = 1, 0
    frame.to_csv(preds, index=False)
    assert {"bias/disparity", "evidence/evaluation-stale"} <= rules()


def test_changed_reported_value_makes_the_record_stale(card: Path, ctx: LintContext) -> None:
    write(card)
    text = card.read_text()
    head, rest = text.split("metrics:", 1)
    card.write_text(head + "metrics:" + rest.replace("value: 0.", "value: 0.1", 1))
    found = [f for f in EvidencePass().run(load_card(card), ctx)]
    assert any("the card now reports" in f.message for f in found)


def test_json_cards_are_refused() -> None:
    with pytest.raises(RecordError):
        apply_records(b'{"name": "x"}', "card.json", {"reproduction": [{"rows": 1}]})


def test_no_front_matter_is_refused() -> None:
    with pytest.raises(RecordError):
        apply_records(b"# x\n", "card.md", {"reproduction": [{"rows": 1}]})


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"name": _TEXT, "value": st.floats(allow_nan=False, allow_infinity=False)}
        ),
        min_size=1,
        max_size=4,
    ),
    comment=_TEXT,
    approvals=st.booleans(),
)
def test_any_record_round_trips_and_nothing_else_moves(records, comment, approvals) -> None:  # type: ignore[no-untyped-def]
    text = f"---\nname: x  # {comment}\nrisk_rating: low\n"
    if approvals:
        text += "approvals:\n  - {stage: intake, by: a}\n"
    text += "---\n\n# x\n"
    out = apply_records(text.encode(), "c.md", {"bias_audit": [{"columns": records}]})
    doc = Document.from_bytes(out, "c.md")
    assert doc.front_matter_data["bias_audit"] == [{"columns": records}]
    assert doc.body == Document.from_bytes(text.encode(), "c.md").body
    assert f"name: x  # {comment}\n" in out.decode()


def test_recorded_card_matches_the_schema(card: Path, ctx: LintContext) -> None:
    from xdocs.lint.metadata import MetadataPass

    write(card)
    assert [
        f for f in MetadataPass().run(load_card(card), ctx) if f.rule == "metadata/schema"
    ] == []
    text = card.read_text().replace("    label: y\n", "    label: y\n    colour: red\n", 1)
    card.write_text(text)
    found = [f for f in MetadataPass().run(load_card(card), ctx) if f.rule == "metadata/schema"]
    assert found and "colour" in found[0].message


def test_at_backfills_the_recorded_time_never_the_future(card: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["evaluate", str(card), "--write", "--at", "2026-11-19T10:00:00Z"])
    assert result.exit_code == 0, result.output
    assert load_card(card).raw["reproduction"][0]["at"] == "2026-11-19T10:00:00Z"
    for bad in ("2999-01-01T00:00:00Z", "yesterday"):
        result = runner.invoke(cli, ["evaluate", str(card), "--write", "--at", bad])
        assert result.exit_code == 2, result.output
