"""The CI examples in docs/ci/ and .pre-commit-hooks.yaml: load them, run their commands.

Each example runs `make lint-docs` with --changed-since, split over N runners
(`--shard I/N`: a GitHub Actions matrix, a GitLab `parallel:` job), and merges the
runners' reports with `xdocs merge-reports`. The test builds a throwaway git
repository holding the project's cards and configuration on top of an empty base
commit (so every card counts as changed), asks make for the exact command of each
runner (`make -n`, so the recipe in the Makefile is what runs), runs every runner's
commands with the runner's own cache, runs the merge lines, and compares each merged
report and exit code with one `xdocs check` over all the files.
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


def _commands(path: Path, needle: str = "make lint-docs") -> list[str]:
    """The run:/script: lines of a CI file that hold ``needle``, in order."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script") and isinstance(value, (str, list)):
                    for cmd in value if isinstance(value, list) else [value]:
                        if needle in cmd:
                            found.append(cmd)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return found


def _shard_count(path: Path) -> int:
    """How many runners the example starts: a matrix ``shard:`` list or ``parallel: N``."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    counts: list[int] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("parallel"), int):
                counts.append(node["parallel"])
            matrix = node.get("matrix")
            if isinstance(matrix, dict) and isinstance(matrix.get("shard"), list):
                assert matrix["shard"] == list(range(1, len(matrix["shard"]) + 1))
                counts.append(len(matrix["shard"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    (count,) = counts
    return count


def _for_runner(cmd: str, index: int, count: int) -> str:
    """The line as runner ``index`` of ``count`` runs it (CI variables substituted)."""
    cmd = re.sub(r"\$\{\{\s*matrix\.shard\s*\}\}", str(index), cmd)
    return cmd.replace("$CI_NODE_INDEX", str(index)).replace("$CI_NODE_TOTAL", str(count))


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


def _option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def _without(args: list[str], *names: str) -> list[str]:
    """``args`` without the options ``names`` and their values."""
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in names:
            skip = True
        else:
            out.append(arg)
    return out


def _env(root: Path, cache: str) -> dict[str, str]:
    """A runner's environment: its own cache folder (one per shard, as the examples key it)."""
    env = {**os.environ, "XDOCS_CACHE_DIR": str(root / cache)}
    env.pop("XDOCS_PROJECT_ROOT", None)
    return env


@pytest.mark.parametrize("example", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_example_shards_merge_into_the_single_run(
    example: str, project: tuple[Path, str]
) -> None:
    """Run the example for real: every runner's lint lines (CI variables substituted), then
    the merge lines; each merged report and exit code must be what one `xdocs check` over
    all the files gives (the same command without --shard)."""
    root, base = project
    path = REPO / "docs" / "ci" / example
    lint_lines, merge_lines = _commands(path), _commands(path, "merge-reports")
    assert lint_lines and merge_lines, f"{example} must shard make lint-docs and merge"
    count = _shard_count(path)
    assert count >= 2
    for old in root.glob("xdocs-shard-*"):
        old.unlink()
    shard_cmds: dict[str, list[str]] = {}  # shard report format -> runner 1's command
    for index in range(1, count + 1):
        for line in lint_lines:
            assert "--changed-since" in line, "CI lints changed files only"
            assert "--roster-from" in line, "approvals are judged by the base branch's roster"
            cmd = _xdocs_command(_for_runner(line, index, count), root, base)
            assert _option(cmd, "--shard") == f"{index}/{count}"
            proc = subprocess.run(
                cmd, cwd=root, capture_output=True, text=True, env=_env(root, f".cache-{index}"),
                timeout=600,
            )  # fmt: skip
            assert proc.returncode in (0, 1), proc.stderr
            assert "Traceback" not in proc.stderr
            assert (root / _option(cmd, "--output")).is_file()
            shard_cmds.setdefault(_option(cmd, "--format"), cmd)
    venv_bin = Path(sys.executable).parent
    for line in merge_lines:
        merge_cmd = line.split("||")[0].strip()
        assert merge_cmd.startswith("xdocs merge-reports "), merge_cmd
        args = shlex.split(merge_cmd)
        merged = subprocess.run(
            f"{venv_bin / 'xdocs'} {merge_cmd.removeprefix('xdocs ')}", shell=True, cwd=root,
            capture_output=True, text=True, env=_env(root, ".cache-merge"), timeout=600,
        )  # fmt: skip
        assert "Traceback" not in merged.stderr
        shard_fmt = "sarif" if any(a.endswith(".sarif") for a in args) else "json"
        fmt = _option(args, "--format") or shard_fmt
        output = _option(args, "--output")
        single_cmd = _without(shard_cmds[shard_fmt], "--shard", "--format", "--output")
        single_cmd += ["--format", fmt] + (["--output", f"single-{output}"] if output else [])
        single = subprocess.run(
            single_cmd, cwd=root, capture_output=True, text=True,
            env=_env(root, ".cache-single"), timeout=600,
        )  # fmt: skip
        assert merged.returncode == single.returncode, (merged.stderr, single.stderr)
        assert merged.returncode in (0, 1), merged.stderr
        if output:
            report = (root / output).read_text(encoding="utf-8")
            assert report == (root / f"single-{output}").read_text(encoding="utf-8"), fmt
            data = json.loads(report)
            assert "cards/" in report, "the changed cards were linted"
            if fmt == "sarif":
                assert data["version"] == "2.1.0"
            else:
                assert isinstance(data, list) and all("check_name" in i for i in data)
        else:
            assert merged.stdout == single.stdout, fmt
            assert "::" in merged.stdout, "GitHub workflow commands"


def test_pre_commit_hooks() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"xdocs-check", "xdocs-fix"}
    for hook in hooks:
        assert hook["entry"].split()[0] == "xdocs"
        assert re.search(hook["files"], "cards/xalura-fraud-detector.md")
