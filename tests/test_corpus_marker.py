"""The guard in tests/conftest.py: a read of ../shared outside a corpus test is caught."""

from __future__ import annotations

import contextlib
import os
from types import SimpleNamespace

import pytest

from tests import conftest as guard


def test_a_read_under_shared_is_recorded_for_the_running_test(monkeypatch, tmp_path):
    probe = tmp_path / "corpus" / "card.md"
    probe.parent.mkdir()
    probe.write_text("# x\n", encoding="utf-8")
    (tmp_path / "elsewhere.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(guard, "_SHARED_PREFIXES", (str(probe.parent) + os.sep,))
    saved = guard._now["reader"]
    guard._now["reader"] = "probe"
    try:
        (tmp_path / "elsewhere.txt").read_text(encoding="utf-8")  # not under it: not recorded
        assert "probe" not in guard._reads
        probe.read_text(encoding="utf-8")
        sorted(os.listdir(probe.parent))
    finally:
        guard._now["reader"] = saved
    assert guard._reads.pop("probe") == str(probe)


def _phase(item, read: str | None):
    run = guard._guarded(item)
    next(run)  # the phase runs here
    if read:
        guard._reads[item.nodeid] = read
    with contextlib.suppress(StopIteration):  # the phase is over
        run.send(None)


def test_an_unmarked_test_that_read_shared_fails():
    unmarked = SimpleNamespace(nodeid="t::unmarked", get_closest_marker=lambda name: None)
    with pytest.raises(AssertionError, match="without the corpus marker"):
        _phase(unmarked, "/x/shared/corpus/cards/a.md")
    _phase(unmarked, None)  # no read: fine


def test_a_corpus_test_may_read_shared():
    marked = SimpleNamespace(nodeid="t::marked", get_closest_marker=lambda name: object())
    _phase(marked, "/x/shared/corpus/cards/a.md")


def test_shared_dir_users_are_marked_corpus(request):
    """Every collected test that uses the shared_dir fixture carries the marker."""
    for item in request.session.items:
        if "shared_dir" in getattr(item, "fixturenames", ()):
            assert item.get_closest_marker("corpus") is not None, item.nodeid
