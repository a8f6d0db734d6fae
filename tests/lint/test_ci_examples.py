"""The CI examples in docs/ci/ and .pre-commit-hooks.yaml: load them, run their commands.

Each example runs `make lint-docs` with --changed-since. The test builds a throwaway
git repository holding the project's cards and configuration on top of an empty
base commit (so every card counts as changed), asks make for the exact command
(`make -n`, so the recipe in the Makefile is what runs), and runs it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
BASE_REF = re.compile(
    r"origin/(?:\$\{\{\s*github\.base_ref\s*\}\}|\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME)"
)
PROJECT = [
    "cards",
    "styleguide",
    "site_config",
    "vale_styles",
    "templates",
    ".vale.ini",
    "Makefile",
    "pyproject.toml",
]


def _commands(path: Path) -> list[str]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script") and isinstance(value, (str, list)):
                    for cmd in value if isinstance(value, list) else [value]:
                        if "make lint-docs" in cmd:
                            found.append(cmd)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return found


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("ci-project")
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "ci@example.com")
    _git(root, "config", "user.name", "ci")
    _git(root, "commit", "-q", "--allow-empty", "-m", "base")
    base = _git(root, "rev-parse", "HEAD").strip()
    for name in PROJECT:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, root / name)
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "cards")
    return root, base


def _xdocs_command(make_cmd: str, root: Path, base: str) -> list[str]:
    """The command make would run for this CI line (dry run: nothing installs)."""
    line = BASE_REF.sub(base, make_cmd).split("||")[0].strip()
    args = shlex.split(line)
    assert args[:2] == ["make", "lint-docs"], line
    venv = Path(sys.executable).parent.parent
    dry = subprocess.run(
        ["make", "-n", *args[1:], f"VENV={venv}", f"STAMP={REPO / 'pyproject.toml'}"],
        cwd=root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    (cmd,) = [c for c in dry.stdout.splitlines() if " check " in c]
    return shlex.split(cmd)


@pytest.mark.parametrize("example", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_example_commands_run_against_cards(example: str, project: tuple[Path, str]) -> None:
    root, base = project
    commands = _commands(REPO / "docs" / "ci" / example)
    assert commands, f"{example} must run make lint-docs"
    for make_cmd in commands:
        assert "--changed-since" in make_cmd, "CI lints changed files only"
        cmd = _xdocs_command(make_cmd, root, base)
        env = {**os.environ, "XDOCS_CACHE_DIR": str(root / ".xdocs-cache")}
        env.pop("XDOCS_PROJECT_ROOT", None)
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode in (0, 1), proc.stderr
        assert "Traceback" not in proc.stderr
        if "--output" in cmd:
            report = root / cmd[cmd.index("--output") + 1]
            data = json.loads(report.read_text(encoding="utf-8"))
            paths = json.dumps(data)
            assert "cards/" in paths, "the changed cards were linted"
            if "sarif" in cmd:
                assert data["version"] == "2.1.0"
            else:
                assert isinstance(data, list) and all("check_name" in i for i in data)
        else:
            assert "::" in proc.stdout or proc.stdout == "", "GitHub workflow commands"


def test_pre_commit_hooks() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"xdocs-check", "xdocs-fix"}
    for hook in hooks:
        assert hook["entry"].split()[0] == "xdocs"
        assert re.search(hook["files"], "cards/xalura-fraud-detector.md")
