"""Issue 10, breaks 1 and 13: caches are plain data, sealed, and never trusted blindly.

The portal cache was unpickled (a planted entry ran code during ``xdocs build``
and could mark an unapproved card published); the lint cache was trusted as
written (rows edited to ``[]`` turned exit 1 into exit 0). Each test plants or
edits entries the way an attacker with write access to ``.xdocs-cache`` (a PR
checkout with ``git add -f``, a CI cache shared with untrusted builds) would.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

from .conftest import REPO, make_project, run_xdocs

UNAPPROVED = "Xalura Fraud Detector"  # derived status: evaluated, never published


@pytest.fixture
def cards_project(tmp_path: Path) -> Path:
    cards = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "cards").glob("*.md")}
    root = make_project(tmp_path / "project", cards)
    shutil.copytree(REPO / "cards" / "artifacts", root / "cards" / "artifacts")
    return root


class _Plant:
    """A pickle payload that leaves a marker file when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):  # noqa: ANN204 - the pickle protocol
        return (Path.write_text, (Path(self.marker), "code ran"))


def _entries(root: Path, sub: str) -> list[Path]:
    base = root / ".xdocs-cache" / sub
    return [p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".")]


def _forge_status(data: bytes) -> bytes:
    """Rewrite every status in a cache entry to "published", whatever its encoding."""
    try:
        entry = pickle.loads(data)  # today's format (only ever run on our own entries)
    except Exception:  # noqa: BLE001 - not a pickle: the new plain-data format
        text = data.decode("utf-8", "replace")
        return text.replace('"evaluated"', '"published"').encode()
    if not hasattr(entry, "status"):  # the guide pages
        return data
    entry.status = "published"
    if getattr(entry, "state", None) is not None:
        entry.state.status = "published"
    return pickle.dumps(entry)


def _catalogue(out: Path) -> str:
    return (out / "docs" / "index.md").read_text(encoding="utf-8")


# -- the portal cache -------------------------------------------------------------------
def test_a_planted_portal_cache_entry_runs_no_code(cards_project: Path, tmp_path: Path) -> None:
    clean = run_xdocs("build", "--markdown-only", "out", cwd=cards_project)
    assert clean.returncode == 0, clean.stderr
    expected = _catalogue(cards_project / "out")
    marker = tmp_path / "pwned"
    planted = pickle.dumps(_Plant(marker))
    entries = _entries(cards_project, "portal")
    assert entries, "the first build wrote cache entries"
    for entry in entries:
        entry.write_bytes(planted)
    again = run_xdocs("build", "--markdown-only", "out", cwd=cards_project)
    assert again.returncode == 0, again.stderr
    assert not marker.exists(), "a cache entry was unpickled"
    assert _catalogue(cards_project / "out") == expected


def test_a_forged_entry_cannot_publish_an_unapproved_card(cards_project: Path) -> None:
    run_xdocs("build", "--markdown-only", "out", cwd=cards_project)
    for entry in _entries(cards_project, "portal"):
        entry.write_bytes(_forge_status(entry.read_bytes()))
    published = run_xdocs("build", "--published", "--markdown-only", "pub", cwd=cards_project)
    assert published.returncode == 0, published.stderr
    catalogue = _catalogue(cards_project / "pub")
    assert "Xalura Sentiment" in catalogue  # the one published card is there
    assert UNAPPROVED not in catalogue
    assert not list((cards_project / "pub" / "docs" / "models").glob("xalura-fraud-detector*"))
    # and a preview build does not believe the forged entries either
    preview = run_xdocs("build", "--markdown-only", "out", cwd=cards_project)
    assert preview.returncode == 0
    page = next((cards_project / "out" / "docs" / "models").glob("xalura-fraud-detector/*.md"))
    assert 'status: "evaluated"' in page.read_text(encoding="utf-8")


def test_corrupt_and_swapped_portal_entries_are_misses(cards_project: Path) -> None:
    run_xdocs("build", "--markdown-only", "out", cwd=cards_project)
    expected = _catalogue(cards_project / "out")
    entries = sorted(_entries(cards_project, "portal"))
    blobs = [e.read_bytes() for e in entries]
    for i, entry in enumerate(entries):  # every entry now holds its neighbour's content
        entry.write_bytes(blobs[(i + 1) % len(blobs)])
    entries[0].write_bytes(b"\x00garbage")
    entries[1].write_bytes(blobs[1][: len(blobs[1]) // 2])
    again = run_xdocs("build", "--markdown-only", "out", cwd=cards_project)
    assert again.returncode == 0, again.stderr
    assert _catalogue(cards_project / "out") == expected


# -- the lint cache ---------------------------------------------------------------------
def _lint(root: Path, *args: str, **env: str):
    return run_xdocs("check", "cards", "--format", "json", *args, cwd=root, **env)


@pytest.fixture
def dirty_project(tmp_path: Path) -> Path:
    card = (REPO / "cards" / "xalura-fraud-detector.md").read_text(encoding="utf-8")
    dirty = card.replace("Xalura Fraud Detector", "XaluraTech Fraud Detector", 1)
    return make_project(tmp_path / "project", {"clean.md": card, "dirty.md": dirty})


def test_lint_entries_edited_to_no_findings_are_not_trusted(dirty_project: Path) -> None:
    first = _lint(dirty_project, "--fail-on", "warning")
    assert first.returncode == 1
    expected = json.loads(first.stdout)
    entries = _entries(dirty_project, "lint")
    assert entries
    for entry in entries:
        text = entry.read_text(encoding="utf-8", errors="replace")
        body = json.loads(text[text.index("{") :]) if "{" in text else None
        if isinstance(body, dict) and "rows" in body:
            body["rows"] = []
            entry.write_text(text[: text.index("{")] + json.dumps(body), encoding="utf-8")
    second = _lint(dirty_project, "--fail-on", "warning")
    assert second.returncode == 1, "an edited cache entry turned findings into a clean run"
    assert json.loads(second.stdout) == expected


def test_a_clean_files_entry_moved_to_a_dirty_files_key_is_not_trusted(
    dirty_project: Path,
) -> None:
    first = _lint(dirty_project, "--fail-on", "warning")
    expected = json.loads(first.stdout)
    entries = _entries(dirty_project, "lint")
    json_entries = [e for e in entries if e.suffix == ".json"]
    assert len(json_entries) == 2
    clean = min(json_entries, key=lambda e: len(e.read_bytes()))
    for entry in json_entries:
        entry.write_bytes(clean.read_bytes())
    second = _lint(dirty_project, "--fail-on", "warning")
    assert second.returncode == 1
    assert json.loads(second.stdout) == expected


def test_entries_sealed_with_another_secret_are_not_read(
    dirty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xdocs.config import load_config
    from xdocs.lint.runner import run_check

    monkeypatch.chdir(dirty_project)
    config = load_config(dirty_project)
    monkeypatch.setenv("XDOCS_CACHE_SECRET", "a" * 64)
    first = run_check(["cards"], config, {"jobs": 1})
    assert first.stats["files_linted"] == 2
    assert run_check(["cards"], config, {"jobs": 1}).stats["files_cached"] == 2
    # another machine's (or a forger's) entries: every one is a miss, never a result
    monkeypatch.setenv("XDOCS_CACHE_SECRET", "b" * 64)
    other = run_check(["cards"], config, {"jobs": 1})
    assert other.stats["files_cached"] == 0
    assert other.findings == first.findings
