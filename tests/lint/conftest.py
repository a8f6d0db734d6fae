"""Fixtures for the lint tests: the repository's configuration, a private cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from xdocs.config import Config, load_config

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the developer's .xdocs-cache; no LanguageTool unless a test sets one."""
    monkeypatch.setenv("XDOCS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("XDOCS_LANGUAGETOOL_URL", raising=False)


@pytest.fixture(scope="session")
def repo_config() -> Config:
    return load_config(root=REPO)


def write_card(folder: Path, name: str, body: str, front: str = "name: demo\n") -> Path:
    path = folder / name
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return path
