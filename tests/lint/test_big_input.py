"""Linear time on any input (issue 12): bounded native calls, budgets that stop work,
line tables built once. Speed itself is measured by tests/bench/bench_bigcard.py."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.document import Document
from xdocs.lint.budget import Budget
from xdocs.lint.grammar import harper
from xdocs.lint.prose import CHUNK_CHARS as PROSELINT_CHUNK
from xdocs.lint.prose import prose_chunks
from xdocs.lint.prosetext import prose_units, split_points


class RecordingLinter:
    """Stands in for harper.Linter: records what each native call receives."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def organized_lints(self, text: str) -> dict:
        self.calls.append(len(text))
        return {}


@pytest.mark.parametrize(
    "text",
    [
        "word " * 60_000,  # 300 KB, no punctuation
        "x" * 250_000,  # no space at all
        "A sentence of words. " * 12_000,
    ],
    ids=["no-punctuation", "no-space", "sentences"],
)
def test_harper_never_receives_more_than_a_bounded_chunk(text: str) -> None:
    linter = RecordingLinter()
    memo: dict = {}
    harper.lint_units(linter, memo, [text], Budget(600))
    assert max(linter.calls) <= harper.CHUNK_CHARS
    assert sum(linter.calls) >= len(text)  # every character was read
    assert text in memo


def test_budget_stops_work_between_calls() -> None:
    linter = RecordingLinter()
    with pytest.raises(harper.BudgetExceeded):
        harper.lint_units(linter, {}, ["word " * 100_000], Budget(-1))
    assert linter.calls == []  # expired before the first call: nothing more runs


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab .!?\n"), max_size=3000),
    st.integers(min_value=2, max_value=400),
)
def test_split_points_cut_into_bounded_pieces(text: str, limit: int) -> None:
    cuts = split_points(text, limit)
    ends = [*cuts[1:], len(text)]
    assert cuts[0] == 0 and cuts == sorted(set(cuts))
    assert all(0 < b - a <= limit for a, b in zip(cuts, ends, strict=True) if text)
    assert "".join(text[a:b] for a, b in zip(cuts, ends, strict=True)) == text


def test_proselint_reads_bounded_chunks() -> None:
    text = ("word " * 10_000 + "\n\n") * 10
    chunks = prose_chunks(text)
    assert max(len(c) for _, c in chunks) <= PROSELINT_CHUNK
    assert "".join(c for _, c in chunks) == text


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="ab ", min_size=1, max_size=30), min_size=1, max_size=30))
def test_file_offset_matches_a_fresh_line_table(lines: list[str]) -> None:
    doc = Document.from_text("# T\n\n" + "\n".join(f"w{line}" for line in lines) + "\n")
    for unit in prose_units(doc):
        keys = [local for local, _ in unit.line_map]
        for offset in range(len(unit.text)):
            idx = max(0, bisect.bisect_right(keys, offset) - 1)
            local, file_off = unit.line_map[idx]
            assert unit.file_offset(offset) == file_off + offset - local
        assert unit.__dict__.get("_keys") is not None  # built once, kept
