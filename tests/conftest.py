"""Shared pytest fixtures: where the repository and ../shared are."""

from __future__ import annotations

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
