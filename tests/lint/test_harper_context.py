"""A paragraph's Harper findings must not depend on the paragraphs linted with it.

`xdocs check --shard I/N` + `xdocs merge-reports` promise the single run's report,
and the cache stores a file's findings as if they were the file's alone; both need a
file's findings to depend on that file only. The Harper pass memoizes lints per
paragraph text and used to get them from one Harper call per chunk of paragraphs
from many cards (xdocs/lint/grammar/harper.py), and Harper's
result for one paragraph can change with the paragraph before it. Found by
tests/bench/bench_shard.py on ../shared/corpus/hf-sample (card 0430: 3 of 27,925
findings differ between one run and three merged shards); the pair below is the
minimal case taken from it. Fixed by never putting two units in one Harper call.
"""

from __future__ import annotations

from xdocs.lint.budget import Budget
from xdocs.lint.grammar import harper as harper_pass

UNIT = "source language(s): jpn jpn_Bopo jpn_Hang jpn_Hani jpn_Hira jpn_Kana jpn_Latn jpn_Yiii"
BEFORE = "model: transformer-align"  # the paragraph before it in another card of the corpus


def _memo(texts: list[str]) -> dict[str, list[harper_pass.Hit]]:
    import harper

    memo: dict[str, list[harper_pass.Hit]] = {}
    harper_pass.lint_units(harper.Linter(harper.Dialect.AMERICAN), memo, texts, Budget(60))
    return memo


def test_a_paragraph_gets_the_same_lints_whatever_was_linted_beside_it() -> None:
    alone = _memo([UNIT])[UNIT]
    beside = _memo([BEFORE, UNIT])[UNIT]
    assert sorted(beside) == sorted(alone)


def test_the_case_is_real_harper_output() -> None:
    """Guards the xfail above against passing for a dull reason (no lints at all)."""
    rules = {hit[0] for hit in _memo([UNIT])[UNIT]}
    assert "RepeatedWords" in rules
