"""Fixtures for the evidence tests (builders live in builders.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .builders import write_card


@pytest.fixture
def tmp_card(tmp_path: Path):
    """write_card bound to tmp_path, returning the loaded ModelCard."""
    from xdocs.card import load_card

    def make(front_matter: str, body: str | None = None):
        return load_card(write_card(tmp_path, front_matter, body))

    return make


@pytest.fixture
def ctx(repo_dir: Path):
    from xdocs.config import load_config
    from xdocs.rules import LintContext

    config = load_config(repo_dir)
    return LintContext(config, repo_dir)
