"""Properties: approve and check agree, whatever the sequence of requests."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.workflow.conftest import CARD, T0
from xdocs.card import load_card_from_document
from xdocs.document import Document
from xdocs.findings import Severity
from xdocs.workflow import stages as S
from xdocs.workflow.approve import ApproveRefused, ApproveRequest, prepare
from xdocs.workflow.state import workflow_state

PEOPLE = ["wendy", "walt", "hana", "max", "erin", "cora", "olga", "sam", "mallory"]
#: who may act for a role on this card (owner olga and submitter sam excluded)
ACTORS = {
    S.WORKER: ["wendy", "walt", "hana"],
    S.MANAGER: ["max", "hana"],
    S.EXECUTIVE: ["erin"],
    S.CHIEF_AI: ["cora"],
}


def _card(data: bytes):
    return load_card_from_document(Document.from_bytes(data, "card.md"))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_what_approve_writes_check_accepts(roster, data):
    """A random walk, mostly along the process (the next role's people, random
    decisions), sometimes anywhere (any stage, person, role, date), with edits
    in between: every record approve accepts is one check accepts too."""
    text = CARD.encode()
    clock = T0
    now = T0 + dt.timedelta(days=60)
    written = 0
    for _ in range(data.draw(st.integers(min_value=0, max_value=16), label="steps")):
        kind = data.draw(st.sampled_from(["next"] * 6 + ["random", "edit"]), label="kind")
        if kind == "edit":
            text = text.replace(b"Not calibrated", b"Still not calibrated", 1) + b"\nMore.\n"
            continue
        state = workflow_state(_card(text), roster, now)
        role = None
        if kind == "next" and state.next:
            stage, role = state.next["stage"], state.next["role"]
            by = data.draw(st.sampled_from(ACTORS[role]), label="by")
        else:
            stage = data.draw(st.sampled_from([*S.STAGES, S.ARCHIVE_STAGE]), label="stage")
            by = data.draw(st.sampled_from(PEOPLE), label="by")
            role = data.draw(st.sampled_from([None, *S.ROLES]), label="role")
        decision = data.draw(st.sampled_from([None, None, None, *S.DECISIONS]), label="decision")
        clock += dt.timedelta(hours=data.draw(st.integers(-2, 40), label="hours"))
        request = ApproveRequest(
            stage,
            by,
            role=role,
            decision=decision,
            at=clock,
            assignee="walt" if stage == "intake" else None,
            priority="high" if stage == "intake" else None,
        )
        try:
            new, result = prepare(text, "card.md", request, roster, now)
        except ApproveRefused:
            continue
        written += 1
        after = workflow_state(_card(new), roster, now)
        errors = [f for f in after.findings if f.severity >= Severity.ERROR]
        assert errors == [], (request, errors)
        assert after.status == result.state.status
        assert all(r.valid for r in after.timeline)
        assert new.startswith(text[: text.index(b"---\n\n#")])  # only appended
        text = new
    final = workflow_state(_card(text), roster, now)
    assert len(final.timeline) == written
    assert final.status in S.STATUSES
    event(f"status {final.status}")
