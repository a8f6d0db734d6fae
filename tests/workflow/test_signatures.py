"""Signed approvals (issue 10): with `signatures: required` only records signed
by the approver's own roster key count, and any change after signing breaks
the signature. Real keys, real `ssh-keygen -Y sign`, cross-checked with
`ssh-keygen -Y verify`."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from tests.workflow.conftest import CARD, at, pub, roster_with_keys
from tests.workflow.test_scenario import WALK
from xdocs.card import load_card
from xdocs.document import Document
from xdocs.workflow.digest import card_digest
from xdocs.workflow.roster import RosterError, roster_from_text
from xdocs.workflow.settings import WorkflowSettings
from xdocs.workflow.signature import (
    NAMESPACE,
    armor,
    parse_public_key,
    sign_payload,
    signed_payload,
    verify_record,
)
from xdocs.workflow.state import workflow_state


def publish(signed, card: Path) -> None:
    for i, (stage, by, extra) in enumerate(WALK):
        result = signed.approve(card, stage, by, "--at", at(i), *extra)
        assert result.exit_code == 0, result.output
        assert ", signed)" in result.output


def status(signed, card: Path) -> dict:
    return signed.status(card)[0]


def test_signed_walk_publishes_and_every_record_verifies(signed):
    card = signed.root / "card.md"
    card.write_text(CARD)
    publish(signed, card)
    row = status(signed, card)
    assert row["status"] == "published", row["problems"]
    assert {t["signature"] for t in row["timeline"]} == {"verified"}
    assert all(t["signed_with"].startswith("SHA256:") for t in row["timeline"])


def test_signature_verifies_with_ssh_keygen_too(signed, tmp_path):
    """Anyone can verify offline with OpenSSH alone, from the card and the roster."""
    card = signed.root / "card.md"
    card.write_text(CARD)
    assert signed.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    record = Document.from_path(card).front_matter_data["approvals"][0]
    (tmp_path / "msg").write_bytes(signed_payload(record))
    (tmp_path / "sig").write_text(armor(record["signature"]))
    (tmp_path / "allowed").write_text(
        f'wendy namespaces="{NAMESPACE}" {pub(signed.keys, "wendy")}\n'
    )
    proc = subprocess.run(
        ["ssh-keygen", "-Y", "verify", "-f", str(tmp_path / "allowed"), "-I", "wendy",
         "-n", NAMESPACE, "-s", str(tmp_path / "sig")],
        stdin=(tmp_path / "msg").open("rb"), capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "Good" in proc.stdout


def _hand_written_chain(card_text: str) -> str:
    """A complete chain with correct v2 digests and no signatures."""
    digest = card_digest(Document.from_text(card_text, "card.md"))
    people = [(s, by) for s, by, _ in WALK]
    roles = {
        "wendy": "publishing-worker", "walt": "publishing-worker", "max": "publishing-manager",
        "hana": "publishing-manager", "erin": "executive", "cora": "chief-ai",
    }  # fmt: skip
    items = []
    for i, (stage, by) in enumerate(people):
        extra = ""
        if stage == "intake" and by == "max":
            extra = "    assignee: walt\n    priority: high\n"
        if stage == "executive":
            extra = "    release: {audience: all, timeline: now}\n"
        items.append(
            f"  - stage: {stage}\n    role: {roles[by]}\n    by: {by}\n    decision: approved\n"
            f"    at: '{at(i)}'\n    digest: {digest}\n{extra}"
        )
    return card_text.replace(
        "license: apache-2.0\n", "license: apache-2.0\napprovals:\n" + "".join(items)
    )


def test_hand_written_chain_without_signatures_is_not_published(signed):
    card = signed.root / "card.md"
    card.write_text(_hand_written_chain(CARD))
    row = status(signed, card)
    assert row["status"] == "submitted"
    rules = {p["rule"] for p in row["problems"]}
    assert rules == {"workflow/signature"}
    assert all(not t["valid"] and t["signature"] == "unsigned" for t in row["timeline"])
    # ...and `xdocs check` fails on it
    result = signed("check", str(card), "--format", "json")
    assert result.exit_code == 1, result.output
    assert '"workflow/signature"' in result.stdout


def test_the_same_chain_counts_when_signatures_are_optional(tmp_path, keys):
    from tests.workflow.conftest import SignedXdocs, project

    root = project(tmp_path / "p", "optional", roster_with_keys(keys))
    card = root / "card.md"
    card.write_text(_hand_written_chain(CARD))
    row = SignedXdocs(root, keys).status(card)[0]
    assert row["status"] == "published"
    assert {t["signature"] for t in row["timeline"]} == {"unsigned"}


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("by", "by: erin", "by: erin"),  # placeholder replaced below (role swap)
        (
            "stage",
            "stage: intake\n    role: publishing-manager",
            "stage: intake\n    role: publishing-manager",
        ),
        ("decision", "decision: approved", "decision: rejected"),
        ("at", None, None),
        ("note", None, None),
    ],
)
def test_changing_a_signed_field_invalidates_the_record(signed, field, old, new):
    card = signed.root / "card.md"
    card.write_text(CARD)
    publish(signed, card)
    text = card.read_text()
    records = text.split("  - stage: ")
    # the Chief AI's record is the last one; edit one field of it
    last = records[-1]
    if field == "by":
        edited = last.replace("by: cora", "by: erin")
    elif field == "stage":
        edited = last.replace("chief_ai", "executive", 1)
    elif field == "decision":
        edited = last.replace("decision: approved", "decision: escalated")
    elif field == "at":
        edited = re.sub(r"at: '[^']+'", f"at: '{at(7.5)}'", last)
    else:
        edited = last.replace("    digest:", "    note: added later\n    digest:")
    assert edited != last
    card.write_text(text.replace(last, edited))
    row = status(signed, card)
    assert row["status"] != "published"
    final = row["timeline"][-1]
    assert not final["valid"]
    assert final["signature"] == "invalid" or field == "by"  # a changed `by` fails the key check


def test_editing_the_card_after_signing_makes_the_approvals_stale(signed):
    card = signed.root / "card.md"
    card.write_text(CARD)
    publish(signed, card)
    card.write_text(card.read_text().replace("Not calibrated", "Not yet calibrated"))
    row = status(signed, card)
    assert row["status"] == "stale"
    assert {t["signature"] for t in row["timeline"]} == {"verified"}


def test_a_signature_copied_to_another_record_does_not_verify(signed):
    card = signed.root / "card.md"
    card.write_text(CARD)
    assert signed.approve(card, "intake", "wendy", "--at", at(0)).exit_code == 0
    assert signed.approve(card, "intake", "max", "--at", at(1), "--assignee", "walt",
                          "--priority", "high").exit_code == 0  # fmt: skip
    data = Document.from_path(card).front_matter_data["approvals"]
    text = card.read_text().replace(data[1]["signature"], data[0]["signature"])
    card.write_text(text)
    row = status(signed, card)
    assert row["timeline"][1]["signature"] == "invalid"
    assert row["status"] == "submitted"


def test_a_record_signed_with_someone_elses_key_is_refused(signed):
    card = signed.root / "card.md"
    card.write_text(CARD)
    result = signed.approve(card, "intake", "wendy", "--at", at(0), key="walt")
    assert result.exit_code == 2
    assert "not one of wendy's keys" in result.output
    assert "approvals" not in card.read_text()


def test_approve_without_a_key_is_refused_when_signatures_are_required(signed, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    card = signed.root / "card.md"
    card.write_text(CARD)
    result = signed("approve", str(card), "--stage", "intake", "--by", "wendy", "--at", at(0))
    assert result.exit_code == 2
    assert "requires signed approvals" in result.output


def _sign_record(record: dict, key: Path) -> dict:
    out = dict(record)
    out["signature"] = sign_payload(signed_payload(out), key)
    return out


def _record(by: str, when: dt.datetime) -> dict:
    return {
        "stage": "intake",
        "role": "publishing-worker",
        "by": by,
        "decision": "approved",
        "at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "digest": "sha256v2:" + "a" * 64,
    }


def test_rotated_key_keeps_old_records_and_revoked_key_does_not(keys):
    old_key = pub(keys, "wendy")
    new_key = pub(keys, "walt")  # stands in for wendy's new key
    before = _record("wendy", dt.datetime(2026, 1, 10, tzinfo=dt.UTC))
    after = _record("wendy", dt.datetime(2026, 6, 10, tzinfo=dt.UTC))
    rotated = roster_from_text(
        "people:\n  - id: wendy\n    email: w@x.example\n    roles: [publishing-worker]\n"
        f"    keys:\n      - {{key: '{old_key}', valid_before: 2026-03-01}}\n"
        f"      - {{key: '{new_key}', valid_after: 2026-03-01}}\n",
        "roster.yml",
    )
    wendy = rotated.get("wendy")
    old_signed = _sign_record(before, keys["wendy"])
    assert (
        verify_record(old_signed, wendy.keys, dt.datetime(2026, 1, 10, tzinfo=dt.UTC)).status
        == "verified"
    )
    # the old key no longer vouches for a record dated after the rotation
    late = _sign_record(after, keys["wendy"])
    verdict = verify_record(late, wendy.keys, dt.datetime(2026, 6, 10, tzinfo=dt.UTC))
    assert verdict.status == "invalid" and "expired" in verdict.reason
    new_signed = _sign_record(after, keys["walt"])
    assert (
        verify_record(new_signed, wendy.keys, dt.datetime(2026, 6, 10, tzinfo=dt.UTC)).status
        == "verified"
    )
    revoked = roster_from_text(
        "people:\n  - id: wendy\n    email: w@x.example\n    roles: [publishing-worker]\n"
        f"    keys:\n      - {{key: '{old_key}', revoked: true}}\n",
        "roster.yml",
    )
    verdict = verify_record(
        old_signed, revoked.get("wendy").keys, dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
    )
    assert verdict.status == "invalid" and "revoked" in verdict.reason


def test_allowed_signers_style_options_are_read(keys):
    key = parse_public_key(f'valid-after="20260101",valid-before="20270101" {pub(keys, "wendy")}')
    assert key.valid_after == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert key.valid_before == dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("keys_yaml", "message"),
    [
        ("['ssh-ed25519 not-base64']", "not a valid ssh-ed25519"),
        ("['ecdsa-sha2-nistp256 AAAA']", "not supported"),
        ("[{key: 'KEY', revoked: maybe}]", "revoked"),
        ("[{key: 'KEY', valid_before: soon}]", "not a date"),
        ("[{key: 'KEY', expires: 2026-01-01}]", "unknown field"),
        ("[{keys: oops}]", "mapping with `key:`"),
    ],
)
def test_bad_roster_keys_are_errors(keys, keys_yaml, message):
    keys_yaml = keys_yaml.replace("KEY", pub(keys, "wendy"))
    with pytest.raises(RosterError, match=message):
        roster_from_text(
            f"people:\n  - id: w\n    email: w@x.example\n    roles: [publishing-worker]\n"
            f"    keys: {keys_yaml}\n",
            "roster.yml",
        )


def test_a_key_listed_for_two_people_is_an_error(keys):
    key = pub(keys, "wendy")
    with pytest.raises(RosterError, match="keys are personal"):
        roster_from_text(
            "people:\n"
            f"  - {{id: a, email: a@x.example, roles: [executive], keys: ['{key}']}}\n"
            f"  - {{id: b, email: b@x.example, roles: [chief-ai], keys: ['{key}']}}\n",
            "roster.yml",
        )


def test_workflow_state_api_honours_the_settings(signed):
    card_path = signed.root / "card.md"
    card_path.write_text(_hand_written_chain(CARD))
    card = load_card(card_path)
    roster = roster_from_text(roster_with_keys(signed.keys), "r")
    assert workflow_state(card, roster, settings=WorkflowSettings("off")).status == "published"
    assert workflow_state(card, roster, settings=WorkflowSettings("required")).status == "submitted"


def test_adopting_signatures_each_approver_signs_their_own_records(signed):
    """An unsigned history (recorded before signatures) becomes valid under
    `required` once each approver signs their own records with `xdocs sign`."""
    card = signed.root / "card.md"
    card.write_text(_hand_written_chain(CARD))
    assert status(signed, card)["status"] == "submitted"
    before = Document.from_path(card).front_matter_data
    # wendy cannot sign walt's records with her key, nor with walt's
    result = signed("sign", str(card), "--by", "walt", "--key", str(signed.keys["wendy"]))
    assert result.exit_code == 2 and "not one of walt's keys" in result.output
    for person in ("wendy", "max", "walt", "hana", "erin", "cora"):
        result = signed("sign", str(card), "--by", person, "--key", str(signed.keys[person]))
        assert result.exit_code == 0, result.output
        assert "signed record(s)" in result.output
    row = status(signed, card)
    assert row["status"] == "published", row["problems"]
    assert {t["signature"] for t in row["timeline"]} == {"verified"}
    after = Document.from_path(card).front_matter_data
    assert {k: v for k, v in after.items() if k != "approvals"} == {
        k: v for k, v in before.items() if k != "approvals"
    }
    for a, b in zip(before["approvals"], after["approvals"], strict=True):
        assert {k: v for k, v in b.items() if k != "signature"} == a
    # signing again changes nothing
    again = card.read_bytes()
    result = signed("sign", str(card), "--by", "wendy", "--key", str(signed.keys["wendy"]))
    assert "nothing to sign" in result.output
    assert card.read_bytes() == again


def test_sign_refuses_records_another_rule_refuses(signed):
    card = signed.root / "card.md"
    chain = _hand_written_chain(CARD)
    # make wendy an owner: her review is self-approval, which a signature cannot fix
    card.write_text(chain.replace("owners: [olga]", "owners: [wendy]"))
    result = signed("sign", str(card), "--by", "wendy", "--key", str(signed.keys["wendy"]))
    assert "not signed" in result.output and "owns this card" in result.output
    assert "signature:" not in card.read_text()


def test_exported_signatures_verify_with_openssh_alone(signed, tmp_path):
    card = signed.root / "card.md"
    card.write_text(CARD)
    publish(signed, card)
    out = tmp_path / "sigs"
    result = signed("status", str(card), "--export-signatures", str(out))
    assert result.exit_code == 0
    commands = [line for line in result.stderr.splitlines() if line.startswith("ssh-keygen")]
    assert len(commands) == len(WALK)
    for command in commands:
        proc = subprocess.run(command, shell=True, capture_output=True, text=True)
        assert proc.returncode == 0 and "Good" in proc.stdout, command + proc.stderr
