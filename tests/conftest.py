"""Shared pytest fixtures: where the repository and ../shared are."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    """The project root (holds pyproject.toml)."""
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip: tests that read real data need it (CI always has it)."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"../shared not found at {SHARED}: real-data tests need it (CI has it)")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _private_cache_secret(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Cache entries are sealed with a per-user key (xdocs.sealed) kept under
    $XDG_CACHE_HOME: the tests (and the CLI processes they start) use their own."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    os.environ.pop("XDOCS_CACHE_SECRET", None)
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved
