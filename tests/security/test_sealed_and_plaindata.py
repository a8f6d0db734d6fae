"""The building blocks of trustworthy caches: sealing (xdocs.sealed) and typed plain
data (xdocs.plaindata); and the rule that nothing in xdocs unpickles."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import enum
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xdocs import plaindata, sealed

from .conftest import REPO


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("XDOCS_CACHE_SECRET", raising=False)
    sealed._secret.cache_clear()
    yield tmp_path / "cache"
    sealed._secret.cache_clear()


# -- sealing --------------------------------------------------------------------------------
def test_the_key_file_is_created_private(user_cache: Path) -> None:
    blob = sealed.seal("lint", "slot", b"payload")
    assert blob is not None
    key = user_cache / "xdocs" / "cache-secret"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) & 0o077 == 0
    assert sealed.unseal("lint", "slot", blob) == b"payload"


def test_tampering_moving_and_repurposing_are_detected(user_cache: Path) -> None:
    blob = sealed.seal("lint", "slot-a", b'{"rows": [1]}')
    assert blob is not None
    assert sealed.unseal("lint", "slot-b", blob) is None  # moved under another key
    assert sealed.unseal("portal-entry", "slot-a", blob) is None  # another cache's entry
    assert sealed.unseal("lint", "slot-a", blob.replace(b"[1]", b"[]")) is None
    assert sealed.unseal("lint", "slot-a", blob[:-1]) is None
    assert sealed.unseal("lint", "slot-a", b"") is None
    assert sealed.unseal("lint", "slot-a", b"xdocs-sealed-1 " + b"0" * 64 + b"\n{}") is None


def test_a_key_readable_by_others_turns_the_cache_off(user_cache: Path) -> None:
    assert sealed.seal("lint", "s", b"x") is not None
    key = user_cache / "xdocs" / "cache-secret"
    key.chmod(0o644)
    sealed._secret.cache_clear()
    assert sealed.seal("lint", "s", b"x") is None
    assert sealed.unseal("lint", "s", b"anything") is None


def test_a_symlinked_key_is_refused(user_cache: Path, tmp_path: Path) -> None:
    planted = tmp_path / "planted"
    planted.write_text("00" * 32)
    planted.chmod(0o600)
    (user_cache / "xdocs").mkdir(parents=True, mode=0o700)
    (user_cache / "xdocs" / "cache-secret").symlink_to(planted)
    assert sealed.cache_secret() is None


def test_the_ci_secret_replaces_the_key_file(
    user_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDOCS_CACHE_SECRET", "s" * 40)
    blob = sealed.seal("lint", "slot", b"p")
    assert not (user_cache / "xdocs" / "cache-secret").exists()
    monkeypatch.setenv("XDOCS_CACHE_SECRET", "t" * 40)
    assert sealed.unseal("lint", "slot", blob) is None
    monkeypatch.setenv("XDOCS_CACHE_SECRET", "short")
    assert sealed.seal("lint", "slot", b"p") is None  # too weak: caching off


def test_concurrent_first_use_agrees_on_one_key(user_cache: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = sealed.secret_path()
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: sealed._read_or_create(path), range(16)))
    assert len(keys) == 1
    assert [p.name for p in path.parent.iterdir()] == ["cache-secret"]


# -- plain data -----------------------------------------------------------------------------
class Colour(enum.IntEnum):
    RED = 1
    BLUE = 2


@dataclasses.dataclass
class Inner:
    name: str
    when: dt.datetime | None
    colour: Colour


@dataclasses.dataclass
class Outer:
    items: list[Inner]
    meta: dict[str, Any]
    pair: tuple[int, str]
    maybe: int | str | None = None
    day: dt.date | None = None
    scores: dict[int, float] = dataclasses.field(default_factory=dict)


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)
inners = st.builds(
    Inner,
    name=st.text(),
    when=st.none() | st.datetimes(timezones=st.just(dt.UTC)),
    colour=st.sampled_from(Colour),
)
outers = st.builds(
    Outer,
    items=st.lists(inners, max_size=3),
    meta=st.dictionaries(st.text(max_size=8), plain, max_size=4),
    pair=st.tuples(st.integers(), st.text()),
    maybe=st.none() | st.integers() | st.text(),
    day=st.none() | st.dates(),
    scores=st.dictionaries(st.integers(), st.floats(allow_nan=False), max_size=3),
)


@given(outers)
def test_plain_data_round_trips(value: Outer) -> None:
    import json

    data = json.loads(json.dumps(plaindata.encode(value, Outer)))
    assert plaindata.decode(data, Outer) == value


def _valid() -> dict[str, Any]:
    value = Outer([Inner("a", None, Colour.RED)], {"k": [1, "x"]}, (1, "a"))
    return plaindata.encode(value, Outer)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.pop("pair"),  # a missing field
        lambda d: d.update(extra=1),  # an unknown field
        lambda d: d["items"][0].update(name=7),  # a wrong type
        lambda d: d["items"][0].update(colour=True),  # a bool is not an int
        lambda d: d["items"][0].update(colour=9),  # not a member of the enum
        lambda d: d["items"][0].update(when="not a date"),
        lambda d: d.update(pair=[1]),  # a tuple of the wrong length
        lambda d: d.update(meta={"k": {"x": 1, "y": 2}}),  # an untagged mapping in Any
        lambda d: d.update(maybe={"u": 5, "v": 1}),  # no such union member
        lambda d: d.update(items="abc"),
    ],
)
def test_anything_but_the_exact_shape_is_invalid(edit: Any) -> None:
    data = _valid()
    edit(data)
    with pytest.raises(plaindata.Invalid):
        plaindata.decode(data, Outer)


def test_deep_nesting_is_invalid_not_a_crash() -> None:
    data: Any = 1
    for _ in range(10_000):
        data = {"l": [data]}
    value = _valid()
    value["meta"] = {"deep": data}
    with pytest.raises(plaindata.Invalid):
        plaindata.decode(value, Outer)


def test_objects_outside_the_annotations_are_unencodable() -> None:
    value = Outer([], {"k": object()}, (1, "a"))
    with pytest.raises(plaindata.Unencodable):
        plaindata.encode(value, Outer)


def test_every_example_card_entry_round_trips_through_the_portal_cache() -> None:
    """Guards later changes to CardEntry / WorkflowState: a field the codec cannot
    carry would silently turn the portal cache off."""
    import json

    from xdocs.card import load_card
    from xdocs.portal.cache import _entry_types
    from xdocs.portal.entries import CardEntry, entry_from_card
    from xdocs.workflow.roster import load_roster

    roster = load_roster(REPO / "site_config" / "roster.yml")
    for path in sorted((REPO / "cards").glob("*.md")):
        entry = entry_from_card(load_card(path), roster, source=path.name)
        data = json.loads(json.dumps(plaindata.encode(entry, CardEntry, _entry_types())))
        assert plaindata.decode(data, CardEntry, _entry_types()) == entry, path.name


# -- no pickle anywhere -----------------------------------------------------------------------
UNSAFE_MODULES = {
    "pickle",
    "cPickle",
    "_pickle",
    "dill",
    "cloudpickle",
    "shelve",
    "marshal",
    "joblib",
}


def test_nothing_in_xdocs_imports_a_deserializer_that_runs_code() -> None:
    offenders = []
    for path in (REPO / "xdocs").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(REPO)}:{node.lineno}: {n}"
                for n in names
                if n.split(".")[0] in UNSAFE_MODULES
            ]
    assert offenders == []
