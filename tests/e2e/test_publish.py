"""`make publish` refuses to deploy uncommitted cards under a commit that does
not hold them (issue 13)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("make") is None, reason="needs git and make"
)


def test_make_publish_refuses_a_dirty_tree(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    shutil.copy2(REPO / "Makefile", root / "Makefile")
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    (root / "cards").mkdir()
    (root / "cards" / "a.md").write_text("# A\n")
    git = ["git", "-c", "user.email=t@x", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=root, check=True)
    (root / "cards" / "a.md").write_text("# A, edited\n")
    (root / "cards" / "new.md").write_text("# New\n")
    venv = Path(sys.executable).parent.parent
    make = ["make", "publish", f"VENV={venv}", "STAMP=pyproject.toml", "VERSION=2026.12"]
    proc = subprocess.run(make, cwd=root, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "make publish refused" in proc.stderr
    assert "cards/a.md" in proc.stderr and "cards/new.md" in proc.stderr
    assert "ALLOW_DIRTY=1" in proc.stderr
