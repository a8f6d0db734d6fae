"""The JSON reporter: exactly ``Finding.to_dict()``, in the stable order."""

from __future__ import annotations

import json

from xdocs.findings import Finding, Severity
from xdocs.report.base import sort_findings

CONTRACT_KEYS = {"rule", "severity", "path", "line", "column", "end_line", "end_column", "message"}


def test_list_of_to_dict_in_stable_order(render, findings):
    data = json.loads(render(findings, "json"))
    assert data == [f.to_dict() for f in sort_findings(findings)]
    assert [(d["path"], d["line"]) for d in data] == [
        ("cards/alpha.md", 0),
        ("cards/alpha.md", 7),
        ("cards/alpha.md", 20),
        ("cards/vision model.md", 12),
    ]
    for item in data:
        assert set(item) >= CONTRACT_KEYS
    assert "fix" in data[1] and "fix" not in data[0]


def test_order_does_not_depend_on_input_order(render, findings):
    assert render(findings, "json") == render(list(reversed(findings)), "json")


def test_same_position_orders_by_rule():
    a = Finding("x.md", 1, 1, "b/rule", Severity.ERROR, "m")
    b = Finding("x.md", 1, 1, "a/rule", Severity.ERROR, "m", end_line=1, end_column=3)
    assert sort_findings([a, b]) == [b, a]


def test_empty_is_an_empty_list(render):
    assert json.loads(render([], "json")) == []


def test_escaping_round_trips(render):
    f = Finding(
        path='dir with space/"quoted" ü.md',
        line=1,
        column=2,
        rule="x/y",
        severity=Severity.WARNING,
        message='He said "100%"\nthen\ttabbed \\ back \x00 nul 🚀',
        fix="fix\r\nit",
    )
    out = render([f], "json")
    assert out.isascii()
    (item,) = json.loads(out)
    # to_dict fills a missing end with the start, so compare through the contract
    assert Finding.from_dict(item).to_dict() == f.to_dict()
    assert item["message"] == f.message and item["path"] == f.path


def test_round_trip_through_from_dict(render, findings):
    data = json.loads(render(findings, "json"))
    again = [Finding.from_dict(d) for d in data]
    assert [f.to_dict() for f in again] == data
    assert {f.key() for f in again} == {f.key() for f in findings}
