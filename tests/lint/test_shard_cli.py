"""``xdocs check --shard I/N`` + ``xdocs merge-reports`` against one ``xdocs check``, for real.

Three shards of real cards, each with its own cache (as three CI runners), merged:
every file checked exactly once, and the merged report is the single run's report
byte for byte (json, and from JSON shards text, github, gitlab and junit; sarif from
SARIF shards) with the single run's exit code. Once over the example cards with a
skipped link (fast loop), once over the example cards and the 26 real cards of
../shared/corpus/cards (``corpus``), and once where a shard holds a FIFO (exit 2).
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.e2e.cli_harness import BAD_CARD, PROJECT_PARTS, run_cli
from xdocs.lint.runner import collect_files

REPO = Path(__file__).resolve().parents[2]
#: what merge-reports writes exactly from shards of each format
OUTPUTS = {"json": ("json", "text", "github", "gitlab", "junit"), "sarif": ("sarif",)}


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("XDOCS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_COLOR", "1")


def check(args: list[str], cwd: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    """``xdocs check ARGS`` from ``cwd`` with its own cache folder (one CI runner)."""
    monkeypatch.setenv("XDOCS_CACHE_DIR", str(cache))
    return run_cli(["check", *args], cwd)


def shard_and_merge(
    paths, cwd, tmp, monkeypatch, shard_paths=None, shard_formats=("json", "sarif")
):
    """Single runs and 3-shard runs in every format the shards' formats merge into;
    returns the single runs and the merges (by format) and the shards' headers."""
    single, merged, headers = {}, {}, []
    for shard_fmt in shard_formats:
        outputs = OUTPUTS[shard_fmt]
        reports = []
        for index in (1, 2, 3):
            out = tmp / f"shard-{index}.{shard_fmt}"
            args = shard_paths(index) if shard_paths else paths
            run = check(
                [*args, "--shard", f"{index}/3", "--format", shard_fmt, "-o", str(out)],
                cwd, tmp / f"runner-{index}", monkeypatch,
            )  # fmt: skip
            assert run.code in (0, 1, 2) and out.is_file(), run.err
            assert f"note: shard {index}/3: " in run.err
            reports.append(str(out))
            if shard_fmt == "json":
                headers.append(json.loads(out.read_text(encoding="utf-8"))["xdocs_shard"])
        for fmt in outputs:
            single[fmt] = check([*paths, "--format", fmt], cwd, tmp / "single", monkeypatch)
            merged[fmt] = run_cli(["merge-reports", *reversed(reports), "--format", fmt], cwd)
    return single, merged, headers


def assert_same(single, merged, headers, expected_files: int) -> None:
    files = [path for h in headers for path in h["files"]]
    assert len(files) == len(set(files)) == expected_files, "every file exactly once"
    # the single run's JUnit has a case per file checked (and per skipped path found)
    cases = {case.get("name") for case in ET.fromstring(single["junit"].out).iter("testcase")}
    skipped = {f["path"] for f in json.loads(single["json"].out) if f["path"] not in files}
    assert cases == set(files) | skipped
    assert sum(h["taken"] for h in headers) == headers[0]["entries"]
    for fmt, one in single.items():
        assert merged[fmt].out == one.out, fmt
        assert merged[fmt].code == one.code, fmt
        notes = [line for line in one.err.splitlines() if line.startswith("note:")]
        assert [line for line in merged[fmt].err.splitlines() if line.startswith("note:")] == notes


def _project(tmp: Path) -> Path:
    project = tmp / "project"
    project.mkdir()
    for part in PROJECT_PARTS:
        src = REPO / part
        copy = shutil.copytree if src.is_dir() else shutil.copy2
        copy(src, project / part)
    shutil.copytree(REPO / "cards", project / "cards" / "examples")
    return project


def test_three_shards_of_the_example_cards_merge_into_the_single_run(tmp_path, monkeypatch):
    project = _project(tmp_path)
    team = project / "cards" / "team-b"
    team.mkdir()
    (team / "reviews.md").write_text(BAD_CARD, encoding="utf-8")
    (team / "alias.md").symlink_to("reviews.md")  # a skipped link: one warning, in one shard
    cards = sorted(str(p.relative_to(project)) for p in (project / "cards").rglob("*.md"))
    # each runner spells the same files its own way (absolute, other folders, other order)
    spellings = [["cards"], [str(project / "cards")], ["cards/team-b", "cards/examples"]]
    single, merged, headers = shard_and_merge(
        ["cards"], project, tmp_path, monkeypatch, shard_paths=lambda i: spellings[i - 1]
    )
    assert_same(single, merged, headers, expected_files=len(cards) - 1)
    assert single["json"].code == 1  # BAD_CARD has errors
    found = json.loads(merged["json"].out)
    assert [f["path"] for f in found if f["rule"] == "input/symlink"] == ["cards/team-b/alias.md"]
    assert {f["path"] for f in found} >= {
        "cards/team-b/reviews.md",
        "cards/examples/xalura-support-router.md",
    }


@pytest.mark.corpus
def test_three_shards_of_real_cards_merge_into_the_single_run(shared_dir, tmp_path, monkeypatch):
    """The example cards and the 26 real cards of ../shared/corpus/cards (as ../shared).
    JSON shards, merged into every format they make (SARIF shards: the test above)."""
    corpus = os.path.relpath(shared_dir / "corpus" / "cards", REPO)
    single, merged, headers = shard_and_merge(
        ["cards", corpus], REPO, tmp_path, monkeypatch, shard_formats=("json",)
    )
    expected = len(collect_files(["cards", corpus]))  # .md, .json and .yaml cards
    assert_same(single, merged, headers, expected_files=expected)
    found = json.loads(merged["json"].out)
    # the real cards were linted too (shown relative to the project, wherever ../shared is)
    assert any(f["path"].startswith(corpus + "/") for f in found)
    assert len(found) > 1000
    costs = [h["cost"] for h in headers]
    assert max(costs) - min(costs) <= 11, "size-balanced within one file's cost"


def test_a_shard_with_an_unreadable_card_makes_the_merge_exit_2(tmp_path, monkeypatch):
    project = _project(tmp_path)
    folder = project / "inputs"
    folder.mkdir()
    for name in ("a", "b", "c", "d"):
        (folder / f"{name}.md").write_text(BAD_CARD, encoding="utf-8")
    os.mkfifo(folder / "pipe.md")  # never opened: one input/special-file error, exit 2
    single, merged, headers = shard_and_merge(["inputs"], project, tmp_path, monkeypatch)
    assert_same(single, merged, headers, expected_files=4)
    assert single["json"].code == merged["json"].code == 2
    assert merged["json"].failure_lines() == single["json"].failure_lines()
    assert any("pipe.md" in line for line in merged["json"].failure_lines())
