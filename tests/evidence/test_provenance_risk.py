"""Data provenance, risk rating demands and review flags."""

from __future__ import annotations

from xdocs.evidence.provenance import check_provenance
from xdocs.evidence.risk import check_flags, check_risk, open_critical_flags


def prov(datasets: object) -> list:
    return check_provenance(datasets, "card.md", lambda *k: 3)


COMPLETE = {
    "name": "tickets-2025",
    "role": "training",
    "source": "s3://xalura-data/tickets/2025",
    "license": "internal",
    "version": "2025-06",
    "personal_data": True,
}


def test_complete_dataset_passes() -> None:
    assert prov([COMPLETE, COMPLETE | {"collected": "2024-01", "version": None}]) == []


def test_missing_fields_each_a_finding() -> None:
    found = prov([{"name": "reviews"}, "imdb"])
    assert [f.rule for f in found] == ["provenance/missing-field"] * 8
    assert {f.message for f in found[:4]} == {
        "dataset reviews: no source",
        "dataset reviews: no license",
        "dataset reviews: no version",
        "dataset reviews: no personal_data",
    }


def test_unknown_needs_a_reason() -> None:
    (f,) = prov([COMPLETE | {"license": "unknown"}])
    assert f.rule == "provenance/unknown-without-reason" and f.severity.name == "ERROR"
    assert prov([COMPLETE | {"license": "unknown", "reasons": {"license": "terms lost"}}]) == []
    assert prov([COMPLETE | {"personal_data": "unknown", "reason": "vendor will not say"}]) == []


def test_bad_entries_and_no_datasets() -> None:
    assert [f.rule for f in prov([{"source": "x"}, 5])] == ["provenance/invalid-entry"] * 2
    assert [f.rule for f in prov([COMPLETE | {"role": "vibes"}])] == ["provenance/invalid-entry"]
    assert [f.rule for f in prov([COMPLETE | {"personal_data": "maybe"}])] == [
        "provenance/invalid-entry"
    ]
    assert [f.rule for f in prov(None)] == ["provenance/no-datasets"]
    assert check_provenance(None, "c", lambda *k: 1, required=False) == []


LOW = """
name: tiny
risk_rating: low
risk_rationale: Internal triage aid; a person reads every ticket.
"""

HIGH_OK = """
name: tiny
risk_rating: high
risk_rationale: Decides ticket priority for customers.
metrics:
  - {name: accuracy, value: 0.9, slice: en}
"""


def rules_of(findings: list) -> list[str]:
    return [f.rule for f in findings]


def test_risk_rating_rules(tmp_card) -> None:
    assert check_risk(tmp_card(LOW), "c", lambda *k: 1) == []
    assert check_risk(tmp_card(HIGH_OK), "c", lambda *k: 1) == []
    assert rules_of(check_risk(tmp_card("name: x"), "c", lambda *k: 1)) == ["risk/missing-rating"]
    assert rules_of(check_risk(tmp_card("risk_rating: severe"), "c", lambda *k: 1)) == [
        "risk/invalid-rating"
    ]
    assert rules_of(check_risk(tmp_card("risk_rating: low"), "c", lambda *k: 1)) == [
        "risk/missing-rationale"
    ]


def test_high_risk_needs_slices_and_mitigations(tmp_card) -> None:
    no_slice = HIGH_OK.replace(", slice: en", "")
    assert rules_of(check_risk(tmp_card(no_slice), "c", lambda *k: 1)) == ["risk/no-sliced-metric"]
    body = "# Tiny\n\n## Ethical considerations\n\nTickets may mention people.\n"
    found = check_risk(tmp_card(HIGH_OK, body), "c", lambda *k: 1)
    assert rules_of(found) == ["risk/no-mitigations"] and "no mitigation" in found[0].message
    found = check_risk(
        tmp_card(HIGH_OK, "# Tiny\n\n## Intended use\n\nTriage.\n"), "c", lambda *k: 1
    )
    assert rules_of(found) == ["risk/no-mitigations"] and "absent" in found[0].message


def test_flags() -> None:
    ok = {"by": "ana", "at": "2026-05-01", "severity": "major", "note": "check dialects"}
    critical = ok | {"severity": "critical", "note": "fails on dialect speech"}
    assert check_flags([ok, critical | {"resolved": True}], "c", lambda *k: 1) == []
    found = check_flags([critical], "c", lambda *k: 4)
    assert rules_of(found) == ["risk/critical-flag"]
    assert "beyond evaluation" in found[0].message and found[0].line == 4
    assert open_critical_flags([critical, critical | {"resolved_at": "2026-05-02"}]) == [critical]
    bad = check_flags(
        [{"severity": "meh"}, "a bare note", 3, ok | {"at": "yesterday"}], "c", lambda *k: 1
    )
    assert rules_of(bad) == ["risk/flag-malformed"] * 5
    assert rules_of(check_flags("nope", "c", lambda *k: 1)) == ["risk/flag-malformed"]
