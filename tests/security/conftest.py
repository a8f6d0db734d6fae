"""Fixtures for the security regression tests: a throw-away project and a CLI runner.

Every test here reproduces one attack from issue 10 against the real CLI (a fresh
interpreter, a timeout and an address-space limit, so a regression hangs or
allocates for a bounded time only, and fails instead of taking the machine down).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: what a project needs besides its cards (config, style guide, Vale styles, templates).
PROJECT_PARTS = ("site_config", "styleguide", "vale_styles", "templates", ".vale.ini", "mkdocs.yml")
#: a regression may hang (a FIFO) or allocate without end (/dev/zero): both are bounded.
TIMEOUT = 90
ADDRESS_SPACE = 4 * 1024**3

CARD = (REPO / "cards" / "xalura-fraud-detector.md").read_text(encoding="utf-8")


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_xdocs(
    *args: str, cwd: Path, timeout: float = TIMEOUT, **env: str
) -> subprocess.CompletedProcess:
    """The CLI in a fresh interpreter, bounded in time and memory; never a traceback."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("XDOCS_")}
    environ.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", **env})
    proc = subprocess.run(
        [sys.executable, "-m", "xdocs", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit_memory,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout, proc.stdout[-3000:]
    return proc


def make_project(root: Path, cards: dict[str, str] | None = None) -> Path:
    """A copy of the example project's configuration with ``cards`` in ``cards/``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / name)
    (root / "cards").mkdir(exist_ok=True)
    for name, text in (cards if cards is not None else {"good.md": CARD}).items():
        (root / "cards" / name).write_text(text, encoding="utf-8")
    return root


def set_config(root: Path, section: str, **values: object) -> None:
    """Set ``section.key: value`` in the project's site_config/xdocs.yml."""
    from ruamel.yaml import YAML

    path = root / "site_config" / "xdocs.yml"
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data.setdefault(section, {}).update(values)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one good card, under ``tmp_path/project``."""
    return make_project(tmp_path / "project")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project holding a 'secret' that must never be read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "credentials.md").write_text(
        "# Credentials\n\n## Limitations\n\naws_secret_access_key = TOPSECRET-1234\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(autouse=True)
def _restore_read_policy() -> Iterator[None]:
    from xdocs.fileio import read_policy, set_read_policy

    saved = read_policy()
    yield
    set_read_policy(saved)
