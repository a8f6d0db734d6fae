"""Vale's own scenarios (and four style packages) through ``xdocs vale``.

Floors are the levels reached; raise them as the engine improves. The alex
package's feature file expects rules (``alex.Profanity``) its shipped style no
longer has, so nothing there can match; it is still run and reported.

``Vale.Spelling`` runs with SCOWL's lists built like Vale's embedded
``en_US-web`` (``xdocs/vale/spelling/wordlist.py``); the words below are among
the few hundred web words that Vale's author added by hand to ``en_US-web``
and that no SCOWL list has, so the alerts on them (and an exit status they
change) are dictionary differences, listed here one by one rather than hidden
in a looser floor, and checked to still occur so the list cannot go stale.
"""

from __future__ import annotations

import pytest

from tests.vale.conformance import Outcome, run_suite

# suite -> (minimum matched lines, maximum extra lines besides dictionary differences)
FLOORS = {
    "vale": (515, 0),
    "write-good": (11, 1),
    "proselint": (37, 0),
    "Joblint": (25, 0),
    "alex": (0, 6),
}


#: words Vale's embedded en_US-web accepts and SCOWL's lists lack (measured)
DICTIONARY_GAPS = {"ok", "dropdown", "Dropdowns", "Webhooks", "backtick"}


def _dictionary_gap(line: str) -> bool:
    parts = line.split(":", 4)
    if len(parts) < 5 or parts[3] != "Vale.Spelling":
        return False
    return any(parts[4] == f"Did you really mean '{w}'?" for w in DICTIONARY_GAPS)


def _only_dictionary_gaps(outcome: Outcome) -> bool:
    """A failed exit status is explained when every unexpected alert is a dictionary gap."""
    return bool(outcome.extra) and all(_dictionary_gap(x) for x in outcome.extra)


@pytest.mark.corpus
@pytest.mark.parametrize("suite", sorted(FLOORS))
def test_conformance_suite(suite, shared_dir, tmp_path, capsys):
    base = shared_dir / "vale-conformance"
    root = base / "vale" / "testdata" if suite == "vale" else base / "packages" / suite
    score = run_suite(suite, root, tmp_path)
    with capsys.disabled():
        print("\n" + score.summary())
    floor, max_extra = FLOORS[suite]
    assert score.matched >= floor, score.summary()
    extra = [line for o in score.outcomes for line in o.extra if not _dictionary_gap(line)]
    assert len(extra) <= max_extra, (score.summary(), extra)
    if suite == "vale":
        gaps = [line for o in score.outcomes for line in o.extra if _dictionary_gap(line)]
        seen = {line.rsplit("'", 2)[1] for line in gaps}
        assert seen == DICTIONARY_GAPS, f"dictionary gaps now seen: {sorted(seen)}"
    failed = [o for o in score.outcomes if False in (o.exit_ok, o.contains_ok, o.not_contains_ok)]
    assert all(_only_dictionary_gaps(o) for o in failed), score.summary()
    # Nothing silently dropped: every expected line is either scored or out of scope.
    total = sum(len(o.scenario.expected or []) for o in score.outcomes)
    assert score.expected + score.out_of_scope == total
