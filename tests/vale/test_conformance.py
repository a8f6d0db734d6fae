"""Vale's own scenarios (and four style packages) through ``xdocs vale``.

Floors are the levels reached; raise them as the engine improves. The alex
package's feature file expects rules (``alex.Profanity``) its shipped style no
longer has, so nothing there can match; it is still run and reported.
"""

from __future__ import annotations

import pytest

from tests.vale.conformance import run_suite

# suite -> (minimum matched lines, maximum extra lines)
FLOORS = {
    "vale": (432, 0),
    "write-good": (11, 1),
    "proselint": (37, 0),
    "Joblint": (25, 0),
    "alex": (0, 6),
}


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
    assert score.extra <= max_extra, score.summary()
    ok, judged = score.checks
    assert ok == judged, score.summary()
    # Nothing silently dropped: every expected line is either scored or out of scope.
    total = sum(len(o.scenario.expected or []) for o in score.outcomes)
    assert score.expected + score.out_of_scope == total
