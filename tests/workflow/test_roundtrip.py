"""Round-trip: approving a card changes nothing but the appended record (byte diff)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.workflow.conftest import at
from xdocs.document import Document
from xdocs.workflow.approve import ApproveRequest, approve
from xdocs.workflow.digest import card_digest

UNUSUAL = """\
---
# Fraud Sentinel: house card.   Comments everywhere!
name: 'Fraud Sentinel'        # single-quoted, trailing spaces before the comment
version: "2.1"
owners:   [ olga ]   # flow list with odd spacing
submitted_by: >-
  sam
license: apache-2.0
description: |
  A multi-line block scalar.
  approvals: this line is not a key, it lives in a block scalar
quirks: {a: 1, b: 'it''s', c: "tab\\there"}
yes_string: 'yes'
no_quotes: yes
approvals:
    # first the worker, in a 4-space indented list
    -   stage: intake
        role: publishing-worker
        by: wendy
        decision: approved
        at: '2026-03-02T09:00:00Z'   # keep me
        digest: @DIGEST@
        note: "Checklist: complete"

# a column-0 comment that introduces `tags`
tags: [fraud, "payments"]
---

# Fraud Sentinel

Body with   trailing spaces@TRAIL@
and a final line without newline""".replace("@TRAIL@", "   ")


def _diff(old: bytes, new: bytes) -> tuple[int, bytes]:
    """(offset, inserted bytes) when ``new`` is ``old`` with one insertion."""
    i = 0
    while i < len(old) and old[i] == new[i]:
        i += 1
    inserted_len = len(new) - len(old)
    assert new[i + inserted_len :] == old[i:], "more than an insertion changed"
    return i, new[i : i + inserted_len]


def _card(make_card, text: str, name: str = "card.md", newline: str = "\n", bom: bool = False):
    path = make_card(text.replace("@DIGEST@", "sha256:" + "0" * 64), name)
    doc = Document.from_path(path)
    digest = card_digest(doc)
    text = text.replace("@DIGEST@", digest).replace("\n", newline)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    path.write_bytes(data)
    assert card_digest(Document.from_path(path)) == digest
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
def test_approve_inserts_only_the_record(make_card, roster, newline, bom):
    path = _card(make_card, UNUSUAL, newline=newline, bom=bom)
    old = path.read_bytes()
    digest = card_digest(Document.from_path(path))
    result = approve(
        path,
        ApproveRequest(
            "intake",
            "max",
            assignee="walt",
            priority="high",
            note="ok: triaged",
            at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
        ),
        roster,
    )
    new = path.read_bytes()
    offset, inserted = _diff(old, new)
    text = inserted.decode("utf-8")
    nl = newline
    assert text == (
        f"    -   stage: intake{nl}        role: publishing-manager{nl}        by: max{nl}"
        f"        decision: approved{nl}        at: '2026-03-02T10:00:00Z'{nl}"
        f"        digest: {digest}{nl}        assignee: walt{nl}        priority: high{nl}"
        f"        note: 'ok: triaged'{nl}"
    )
    # it went right after the last record, before the blank line and the tags comment
    assert old[:offset].endswith(f'note: "Checklist: complete"{nl}'.encode())
    assert result.state.status == "intake-passed"
    assert card_digest(Document.from_path(path)) == digest  # earlier records stay fresh


def test_approvals_created_when_absent(make_card, roster):
    text = UNUSUAL.split("approvals:")[0] + "tags: [fraud]\n---\n\n# Body\n"
    path = make_card(text)
    old = path.read_bytes()
    digest = card_digest(Document.from_path(path))
    approve(
        path, ApproveRequest("intake", "wendy", at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)), roster
    )
    new = path.read_bytes()
    offset, inserted = _diff(old, new)
    assert inserted.decode().startswith(
        "approvals:\n  - stage: intake\n    role: publishing-worker"
    )
    assert old[offset:].startswith(b"---\n")  # appended at the end of the front-matter
    assert card_digest(Document.from_path(path)) == digest


@pytest.mark.parametrize("value", ["[]", "", "~", "[]   # none yet"])
def test_empty_or_flow_approvals(make_card, roster, value):
    base = "---\nname: X\nowners: [olga]\nsubmitted_by: sam\napprovals: " + value
    path = make_card(base + "\nlicense: mit\n---\n\nBody\n")
    digest = card_digest(Document.from_path(path))
    approve(
        path, ApproveRequest("intake", "wendy", at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)), roster
    )
    doc = Document.from_path(path)
    assert doc.front_matter["approvals"][0]["by"] == "wendy"
    assert doc.front_matter["license"] == "mit"
    assert doc.text.endswith("license: mit\n---\n\nBody\n")
    assert card_digest(doc) == digest


def test_zero_indented_list_style_is_kept(make_card, roster):
    path = make_card(
        "---\nname: X\nowners: [olga]\nsubmitted_by: sam\napprovals:\n- stage: intake\n"
        "  role: publishing-worker\n  by: wendy\n  decision: approved\n"
        f"  at: '{at(0)}'\n  digest: DIGEST_HERE\n---\nBody\n"
    )
    path.write_text(path.read_text().replace("DIGEST_HERE", card_digest(Document.from_path(path))))
    old = path.read_bytes()
    approve(
        path,
        ApproveRequest(
            "intake",
            "max",
            assignee="walt",
            priority="low",
            at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC),
        ),
        roster,
    )
    new = path.read_bytes()
    added = new[len(old) - len(b"---\nBody\n") : len(new) - len(b"---\nBody\n")]
    assert added.startswith(b"- stage: intake\n  role: publishing-manager\n  by: max\n")
    assert new.replace(added, b"") == old


def test_yaml_card_is_supported(make_card, roster):
    path = make_card(
        "name: X   # a YAML card\nowners: [olga]\nsubmitted_by: sam\nintended_use: scores fraud",
        "card.yaml",
    )
    old = path.read_bytes()
    approve(
        path, ApproveRequest("intake", "wendy", at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)), roster
    )
    new = path.read_bytes()
    assert new.startswith(old + b"\napprovals:\n  - stage: intake\n")


def test_json_card_is_refused_with_a_reason(make_card, roster):
    from xdocs.workflow.approve import ApproveRefused

    path = make_card('{"model_details": {"name": "X"}, "submitted_by": "sam"}', "card.json")
    old = path.read_bytes()
    with pytest.raises(ApproveRefused, match="Markdown .* or YAML cards, not JSON"):
        approve(path, ApproveRequest("intake", "wendy"), roster)
    assert path.read_bytes() == old


def test_concurrent_writer_is_revalidated(make_card, roster, monkeypatch):
    """If the card changes between validation and write, approve validates again
    on the new content (here: the other writer's review makes ours the second)."""
    from xdocs.workflow import approve as mod

    path = make_card(UNUSUAL.replace("@DIGEST@", "sha256:" + "0" * 64))
    real_prepare = mod.prepare
    calls = []

    def racing_prepare(data, *args, **kwargs):
        out = real_prepare(data, *args, **kwargs)
        if not calls:  # another process appends a record right after our validation
            other = real_prepare(
                data,
                str(path),
                ApproveRequest("intake", "walt", at=dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)),
                roster,
            )[0]
            path.write_bytes(other)
        calls.append(1)
        return out

    monkeypatch.setattr(mod, "prepare", racing_prepare)
    approve(
        path,
        ApproveRequest("intake", "wendy", at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)),
        roster,
    )
    assert len(calls) == 2
    fm = Document.from_path(path).front_matter
    assert [r["by"] for r in fm["approvals"]] == ["wendy", "walt", "wendy"]


def test_file_mode_is_kept_and_no_temp_left(make_card, roster, tmp_path: Path):
    path = make_card(UNUSUAL.replace("@DIGEST@", "sha256:" + "0" * 64))
    path.chmod(0o640)
    approve(
        path,
        ApproveRequest("intake", "walt", at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)),
        roster,
    )
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.md", "roster.yml"]


# -- property: whatever the front-matter looks like, only the record is inserted -------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "# a comment: with colons\n",
    "title: 'single ''quoted'''\n",
    'summary: "double \\"quoted\\" \\u00e9"\n',
    "plain: value   # trailing comment\n",
    "folded: >-\n  one\n  two\n",
    "literal: |\n  approvals: not a key\n  - nor an item\n",
    "flow: {a: [1, 2], 'b': \"c\"}\n",
    "empty:\n",
    "\n",
    "nested:\n  deep:\n    - x   # c\n    - 'y'\n",
    "date: 2026-01-02\n",
    "anchor: &a {k: v}\nalias: *a\n",
    "unicode: Überprüfung ✓\n",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=8, unique=True),
    approvals_at=st.integers(min_value=0, max_value=8),
    with_approvals=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_front_matter_only_gains_the_record(
    make_card, roster, pieces, approvals_at, with_approvals, newline
):
    block = (
        "approvals:\n  - stage: intake\n    role: publishing-worker\n    by: wendy\n"
        "    decision: approved\n    at: '2026-03-02T09:00:00Z'\n    digest: @DIGEST@\n"
    )
    parts = list(pieces)
    if with_approvals:
        parts.insert(min(approvals_at, len(parts)), block)
    text = "---\nowners: [olga]\nsubmitted_by: sam\n" + "".join(parts) + "---\n\n# T\n\nBody.\n"
    path = make_card(text.replace("@DIGEST@", "sha256:" + "0" * 64))
    digest = card_digest(Document.from_path(path))
    path.write_bytes(text.replace("@DIGEST@", digest).replace("\n", newline).encode())
    old = path.read_bytes()
    who = "max" if with_approvals else "walt"
    approve(
        path,
        ApproveRequest(
            "intake",
            who,
            at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
            assignee="walt" if with_approvals else None,
            priority="low" if with_approvals else None,
        ),
        roster,
    )
    new = path.read_bytes()
    offset, inserted = _diff(old, new)
    assert inserted.count(b"stage: intake") == 1
    assert card_digest(Document.from_path(path)) == digest
    doc = Document.from_path(path)
    assert doc.front_matter["approvals"][-1]["by"] == who
    assert newline.encode() in inserted and (newline == "\r\n" or b"\r" not in inserted)


def test_json_card_approvals_are_read_and_checked(make_card, roster):
    """JSON cards can carry approvals (written by other tools): status reads them."""
    import json

    from xdocs.card import load_card
    from xdocs.workflow.state import workflow_state

    body = {
        "model_details": {"name": "X", "version": {"name": "1"}},
        "submitted_by": "sam",
        "owners": ["olga"],
    }
    path = make_card(json.dumps(body), "card.json")
    digest = card_digest(Document.from_path(path))
    record = {
        "stage": "intake",
        "role": "publishing-worker",
        "by": "wendy",
        "decision": "approved",
        "at": "2026-03-02T09:00:00Z",
        "digest": digest,
    }
    path.write_text(json.dumps({**body, "approvals": [record]}, indent=2))
    state = workflow_state(load_card(path), roster)
    assert state.findings == []
    assert state.next == {"stage": "intake", "role": "publishing-manager"}
    path.write_text(json.dumps({**body, "license": "mit", "approvals": [record]}))
    assert workflow_state(load_card(path), roster).timeline[0].stale
