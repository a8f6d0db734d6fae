"""The shard split (xdocs/lint/shard.py): exact, balanced, stable, the same everywhere.

Properties over arbitrary file sets (hypothesis): every file in exactly one shard; the
split does not depend on the order files are given; each shard's cost is within one
file's cost of total/N; adding a file moves at most (cost + 1) files per cut, each to a
neighbouring shard. Then the parts that touch the file system: identities relative to
the project root (not to the working folder, not absolute), sizes by stat, skipped
paths once, and a configuration digest that is the same for two checkouts of the
same project in different folders and differs when the configuration does.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.card import SkippedPath
from xdocs.lint.shard import (
    MAX_COST,
    ShardSpec,
    config_identity,
    cost_units,
    file_identity,
    hashed_shard,
    split,
    take_shard,
)

REPO = Path(__file__).resolve().parents[2]

identities = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\0"), min_size=1, max_size=30
)
entries_st = st.dictionaries(identities, st.integers(min_value=1, max_value=MAX_COST), max_size=80)
counts = st.integers(min_value=1, max_value=12)


# -- parsing ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "index", "count"), [("1/3", 1, 3), ("3/3", 3, 3), (" 2 / 5 ", 2, 5), ("1/1", 1, 1)]
)
def test_spec_parses_i_of_n(text, index, count):
    spec = ShardSpec.parse(text)
    assert (spec.index, spec.count) == (index, count)
    assert str(spec) == f"{index}/{count}"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("4/3", "between 1 and 3"),
        ("0/3", "between 1 and 3"),
        ("1/0", "number of shards"),
        ("x", "is not I/N"),
        ("3", "is not I/N"),
        ("1/2/3", "is not I/N"),
        ("-1/3", "is not I/N"),
        ("1/10001", "number of shards"),
        ("", "is not I/N"),
    ],
)
def test_spec_refuses_what_is_not_i_of_n(text, needle):
    with pytest.raises(ValueError, match=needle):
        ShardSpec.parse(text)


# -- the split --------------------------------------------------------------------------------
@given(entries_st, counts)
def test_every_file_is_in_exactly_one_shard(entries, count):
    assignment = split(entries.items(), count)
    assert set(assignment) == set(entries)
    assert all(0 <= shard < count for shard in assignment.values())


@given(entries_st, counts, st.randoms(use_true_random=False))
def test_the_split_does_not_depend_on_the_order_given(entries, count, rnd):
    items = list(entries.items())
    shuffled = items[:]
    rnd.shuffle(shuffled)
    assert split(items, count) == split(shuffled, count)


@given(entries_st, counts)
def test_each_shard_is_within_one_file_of_its_share(entries, count):
    assignment = split(entries.items(), count)
    total = sum(entries.values())
    loads = [0] * count
    for ident, shard in assignment.items():
        loads[shard] += entries[ident]
    biggest = max(entries.values(), default=0)
    for load in loads:
        assert abs(load - total / count) <= biggest


@given(entries_st, counts, identities, st.integers(min_value=1, max_value=MAX_COST))
@settings(max_examples=300)
def test_adding_a_file_moves_few_others_and_only_next_door(entries, count, new, cost):
    if new in entries:
        return
    before = split(entries.items(), count)
    after = split([*entries.items(), (new, cost)], count)
    moved = [i for i in entries if before[i] != after[i]]
    assert len(moved) <= (count - 1) * (cost + 1)
    if cost * count <= sum(entries.values()):  # the new file is smaller than an arc
        assert all(abs(before[i] - after[i]) <= 1 for i in moved)


def test_hash_mod_n_would_balance_worse_on_real_sizes():
    """The trade-off measured (docs/lint.md): 300 files with a card-like size mix."""
    rnd = random.Random(7)
    entries = {
        f"cards/model-{i}.md": cost_units(int(rnd.lognormvariate(8.5, 1.0))) for i in range(300)
    }
    total = sum(entries.values())
    ring = split(entries.items(), 10)
    modulo = {ident: hashed_shard(ident, 10) for ident in entries}

    def worst(assignment):
        loads = [0] * 10
        for ident, shard in assignment.items():
            loads[shard] += entries[ident]
        return max(loads) / (total / 10)

    assert worst(ring) <= 1 + MAX_COST / (total / 10)
    assert worst(modulo) > worst(ring)


# -- files on disk ----------------------------------------------------------------------------
def _tree(root: Path, sizes: dict[str, int]) -> list[Path]:
    out = []
    for name, size in sizes.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
        out.append(path)
    return out


def test_identity_is_relative_to_the_root_whatever_the_working_folder(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "cards").mkdir(parents=True)
    card = root / "cards" / "a.md"
    card.write_text("x")
    monkeypatch.chdir(root / "cards")
    assert file_identity("a.md", root) == "cards/a.md"
    assert file_identity(card, root) == "cards/a.md"
    assert file_identity("../../shared/x.md", root) == "../shared/x.md"
    monkeypatch.chdir(tmp_path)
    assert file_identity("project/cards/a.md", root) == "cards/a.md"


def test_shards_of_a_folder_take_every_file_once(tmp_path):
    root = tmp_path / "project"
    sizes = {f"cards/team-{i % 3}/card-{i}.md": 500 * (i % 17) + 10 for i in range(40)}
    files = _tree(root, sizes)
    skipped = [
        SkippedPath(root / "cards" / f"link-{i}.md", "input/symlink", "a link") for i in range(5)
    ]
    taken_files, taken_skipped, plans = [], [], []
    for index in (1, 2, 3):
        mine, mine_skipped, plan = take_shard(ShardSpec(index, 3), files, skipped, root)
        taken_files += mine
        taken_skipped += mine_skipped
        plans.append(plan)
        assert mine == [f for f in files if f in mine], "each shard keeps the run's order"
    assert sorted(taken_files) == sorted(files)
    assert sorted(s.path for s in taken_skipped) == sorted(s.path for s in skipped)
    assert len({(p.universe, p.plan, p.entries, p.total_cost) for p in plans}) == 1
    assert sum(p.taken for p in plans) == plans[0].entries == 45
    assert sum(p.cost for p in plans) == plans[0].total_cost


def test_the_split_is_the_same_from_another_folder_and_order(tmp_path, monkeypatch):
    """Two runners: different checkout folders, paths given in another order and spelled
    absolute on one, relative on the other: the same split, the same digests."""
    sizes = {f"cards/c{i}.md": 300 * i for i in range(25)}
    first, second = tmp_path / "runner-a" / "repo", tmp_path / "runner-b" / "work" / "repo"
    files_a, files_b = _tree(first, sizes), _tree(second, sizes)
    monkeypatch.chdir(second)
    files_b = [Path(os.path.relpath(f)) for f in reversed(files_b)]
    for index in (1, 2, 3, 4):
        a, _, plan_a = take_shard(ShardSpec(index, 4), files_a, [], first)
        b, _, plan_b = take_shard(ShardSpec(index, 4), files_b, [], second)
        assert sorted(p.name for p in a) == sorted(p.name for p in b)
        assert (plan_a.universe, plan_a.plan) == (plan_b.universe, plan_b.plan)


def test_plan_digests_say_what_changed(tmp_path):
    root = tmp_path / "p"
    files = _tree(root, {"cards/a.md": 100, "cards/b.md": 9000})
    _, _, plan = take_shard(ShardSpec(1, 2), files, [], root)
    (root / "cards" / "b.md").write_bytes(b"x" * 20_000)  # two cost units more
    _, _, resized = take_shard(ShardSpec(1, 2), files, [], root)
    assert (resized.universe, resized.plan != plan.plan) == (plan.universe, True)
    more = [*files, *_tree(root, {"cards/c.md": 10})]
    _, _, grown = take_shard(ShardSpec(1, 2), more, [], root)
    assert grown.universe != plan.universe


# -- the configuration digest -----------------------------------------------------------------
PROJECT_PARTS = ("site_config", "styleguide", "vale_styles", ".vale.ini")


def _project(at: Path) -> Path:
    at.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, at / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, at / part)
    return at


def test_config_identity_is_the_same_in_another_checkout_folder(tmp_path, monkeypatch):
    options = {"roster": None, "profile": None, "passes": None}
    one, two = _project(tmp_path / "a" / "repo"), _project(tmp_path / "elsewhere" / "repo")
    monkeypatch.chdir(one)
    first = config_identity(one, {"rules": {}}, options)
    monkeypatch.chdir(two)
    assert config_identity(two, {"rules": {}}, options) == first
    # what changes findings changes it
    assert config_identity(two, {"rules": {"vale/Xalura.Hype": "off"}}, options) != first
    assert config_identity(two, {"rules": {}}, {**options, "profile": "mitchell-2019"}) != first
    terms = two / "styleguide" / "terminology.yml"
    terms.write_text(terms.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert config_identity(two, {"rules": {}}, options) != first


def test_config_identity_covers_the_roster_contents_and_the_working_folder(tmp_path, monkeypatch):
    root = _project(tmp_path / "repo")
    (root / "cards").mkdir()
    roster = root / "other-roster.yml"
    roster.write_text("people: []\n", encoding="utf-8")
    monkeypatch.chdir(root)
    base = config_identity(root, {}, {"roster": "other-roster.yml"}, ["other-roster.yml"])
    roster.write_text("people: [{name: mallory}]\n", encoding="utf-8")
    assert config_identity(root, {}, {"roster": "other-roster.yml"}, ["other-roster.yml"]) != base
    in_root = config_identity(root, {}, {})
    monkeypatch.chdir(root / "cards")  # display paths would differ: another configuration
    assert config_identity(root, {}, {}) != in_root
