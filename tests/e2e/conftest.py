"""Fixtures of the CLI contract tests (test_cli_contract.py, test_cli_json.py)."""

from __future__ import annotations

import os

import pytest

from .cli_harness import Inputs, build_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    """A temporary copy of the example project and the inputs the tables name."""
    return build_inputs(tmp_path_factory.mktemp("contract"))


@pytest.fixture
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No XDOCS_* settings from the caller's shell, no colour."""
    for name in list(os.environ):
        if name.startswith("XDOCS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_COLOR", "1")
