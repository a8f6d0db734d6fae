"""The records between the lint runner and its workers (issue 11): typed, and plain
data where they cross a process boundary, checked when they come back."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xdocs.findings import Finding, Severity
from xdocs.lint import runner
from xdocs.lint.results import BadResult, CardResult, PlainCardResult

texts = st.text(max_size=30)
findings = st.builds(
    Finding,
    path=texts,
    line=st.integers(0, 10_000),
    column=st.integers(0, 500),
    rule=st.sampled_from(["structure/missing-section", "vale/Xalura.Terms", "engine/error"]),
    severity=st.sampled_from(list(Severity)),
    message=texts,
    end_line=st.none() | st.integers(0, 10_000),
    end_column=st.none() | st.integers(0, 500),
    fix=st.none() | texts,
    replacement=st.none() | texts,
    source=st.none() | texts,
)


def _plain_only(value: Any) -> bool:
    """Whether ``value`` is built of str, int, None, tuples/lists and str-keyed dicts."""
    if value is None or isinstance(value, str | int):
        return True
    if isinstance(value, tuple | list):
        return all(_plain_only(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_only(v) for k, v in value.items())
    return False


@given(st.lists(findings, max_size=5), st.lists(texts, max_size=3))
def test_a_result_crosses_as_plain_data_and_comes_back_equal(fs: list, deps: list) -> None:
    result = CardResult("a.md", tuple(fs), tuple(sorted(deps)), "k")
    plain = result.to_plain()
    fields = [getattr(plain, f.name) for f in dataclasses.fields(plain)]
    assert all(_plain_only(v) for v in fields)
    back = plain.to_result()
    assert (back.display, back.dependencies, back.key) == ("a.md", result.dependencies, "k")
    # to_dict spells a missing end as the start: the JSON contract, what every report shows
    assert [f.to_dict() for f in back.findings] == [f.to_dict() for f in result.findings]


def _good() -> dict[str, Any]:
    f = Finding("a.md", 3, 2, "structure/missing-section", Severity.ERROR, "missing")
    return f.to_dict()


@pytest.mark.parametrize(
    "change",
    [
        {"line": "3"},  # a number as text is not coerced
        {"column": True},  # nor a boolean
        {"end_line": 2.5},
        {"rule": ["structure/missing-section"]},
        {"severity": "fatal"},
        {"message": None},
        {"fix": 7},
    ],
)
def test_a_malformed_finding_from_a_worker_is_refused(change: dict[str, Any]) -> None:
    plain = PlainCardResult("a.md", ({**_good(), **change},), (), "k")
    with pytest.raises(BadResult, match="a.md: finding 1"):
        plain.to_result()


@pytest.mark.parametrize(
    "plain",
    [
        PlainCardResult("a.md", (["not", "a", "dict"],), (), "k"),  # type: ignore[arg-type]
        PlainCardResult("a.md", (), (b"bytes",), "k"),  # type: ignore[arg-type]
        PlainCardResult(3, (), (), "k"),  # type: ignore[arg-type]
        PlainCardResult("a.md", "findings", (), "k"),  # type: ignore[arg-type]
    ],
)
def test_a_malformed_result_is_refused(plain: PlainCardResult) -> None:
    with pytest.raises(BadResult):
        plain.to_result()


def test_an_unregistered_rule_id_is_refused_when_asked() -> None:
    plain = PlainCardResult("a.md", ({**_good(), "rule": "made/up"},), (), "k")
    assert plain.to_result().findings[0].rule == "made/up"
    with pytest.raises(BadResult, match="not registered"):
        plain.to_result(registered=lambda rid: rid.startswith("structure/"))


def test_the_runner_accepts_only_plain_results_from_a_worker() -> None:
    good = CardResult("a.md", (Finding.from_dict(_good()),), (), "k").to_plain()
    assert [r.display for r in runner._checked([good])] == ["a.md"]
    with pytest.raises(BadResult):
        list(runner._checked({"a.md": good}))
    with pytest.raises(BadResult):
        list(runner._checked([CardResult("a.md", (), (), "k")]))
