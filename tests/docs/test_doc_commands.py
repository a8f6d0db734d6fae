"""Docs are tests: every shell command in README.md and docs/*.md runs as written.

A small collector rather than pytest-markdown-docs or mktestdocs: both run Python
blocks (mktestdocs can run bash, but neither checks a `console` transcript's
output, runs a document's blocks in order in one throwaway copy of the project,
or records why a block is not run). Here:

* every fenced block whose language is ``sh``, ``bash``, ``shell`` or ``console``
  is collected; the blocks of one document run in order, in one fresh copy of
  the project (a git repository, so git-reading commands work), with the
  project's virtualenv first on PATH and HOME, caches and git config private;
* ``sh`` blocks run line by line (``\\`` continuations joined, ``#`` comments
  dropped); a line passes with exit 0, or 1 when a check found problems (that
  is a command working as written); exit 2 (usage, configuration, unreadable
  input) or any traceback fails the test;
* ``console`` blocks are transcripts: ``$ command`` lines, each followed by the
  output the docs show. The output must appear (timestamps and digests
  normalized), and a shown ``refused``/``xdocs:`` error line means a non-zero
  exit is expected;
* a block that must not run (it deploys, starts a server, or is this very test
  suite) is preceded by ``<!-- docs-test: skip REASON -->``; a skip without a
  reason fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SHELLS = ("sh", "bash", "shell", "console")
_SKIP = re.compile(r"<!--\s*docs-test:\s*skip\b\s*(.*?)\s*-->", re.S)
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_DIGEST = re.compile(r"sha256(?:v2)?:[0-9a-f]{64}|SHA256:[A-Za-z0-9+/]{43}")


@dataclass
class Block:
    doc: Path
    line: int
    lang: str
    text: str
    skip: str | None  # the reason, when marked


def collect(doc: Path) -> list[Block]:
    tokens = MarkdownIt("commonmark").parse(doc.read_text(encoding="utf-8"))
    out: list[Block] = []
    for i, tok in enumerate(tokens):
        lang = (tok.info.split() or [""])[0] if tok.type == "fence" else ""
        if lang not in SHELLS or not tok.map:
            continue
        skip = None
        before = tokens[i - 1] if i else None
        if before is not None and before.type == "html_block":
            m = _SKIP.search(before.content)
            if m:
                skip = m.group(1)
                assert skip, f"{doc}:{tok.map[0] + 1}: a docs-test skip needs a reason"
        out.append(Block(doc, tok.map[0] + 1, lang, tok.content, skip))
    return out


def commands(block: Block) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of a block."""
    if block.lang == "console":
        out: list[tuple[str, list[str]]] = []
        for raw in block.text.splitlines():
            if raw.startswith("$ "):
                out.append((raw[2:], []))
            elif out and raw.strip():
                out[-1][1].append(raw)
        return out
    joined = block.text.replace("\\\n", " ")
    lines = []
    for raw in joined.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"\s+#\s.*$", "", line)  # a trailing comment
        lines.append((line, []))
    return lines


def project_copy(tmp: Path) -> Path:
    """A fresh copy of the tracked project, as a git repository."""
    root = tmp / "project"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.split(b"\0")  # fmt: skip
    for name in files:
        if not name:
            continue
        rel = name.decode()
        src = REPO / rel
        if src.is_file() and not src.is_symlink():
            dest = root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = _env(tmp)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "docs test"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root


def _env(tmp: Path) -> dict[str, str]:
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDOCS_", "PYTEST"))}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        XDG_CACHE_HOME=str(tmp / "xdg-cache"),
        XDOCS_CACHE_DIR=str(tmp / "xdocs-cache"),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Docs Test",
        GIT_AUTHOR_EMAIL="docs@xalura.example",
        GIT_COMMITTER_NAME="Docs Test",
        GIT_COMMITTER_EMAIL="docs@xalura.example",
    )
    return env


def _norm(text: str) -> str:
    return _DIGEST.sub("<DIGEST>", _TIME.sub("<TIME>", text)).strip()


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_command_in_the_docs_runs_as_written(doc: Path, tmp_path: Path) -> None:
    blocks = collect(doc)
    if not any(b.skip is None for b in blocks):
        pytest.skip(f"{doc.name} has no command block to run")
    root = project_copy(tmp_path)
    env = _env(tmp_path)
    for block in blocks:
        if block.skip is not None:
            continue
        for command, expected in commands(block):
            where = f"{doc.relative_to(REPO)}:{block.line}: $ {command}"
            proc = subprocess.run(
                ["bash", "-o", "pipefail", "-c", command],
                cwd=root, env=env, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            output = proc.stdout + proc.stderr
            assert "Traceback" not in output, f"{where}\n{output}"
            refused = any(re.match(r"(?:xdocs: )?\S+: refused|xdocs: ", e) for e in expected)
            if refused:
                assert proc.returncode != 0, f"{where}: the docs show an error, it succeeded"
            else:
                assert proc.returncode in (0, 1), f"{where}: exit {proc.returncode}\n{output}"
            shown = _norm(output)
            for line in expected:
                assert _norm(line) in shown, f"{where}: expected\n  {line}\ngot\n{output}"


def test_skipped_blocks_say_why() -> None:
    reasons = [(b.doc.name, b.line, b.skip) for doc in DOCS for b in collect(doc) if b.skip]
    for name, line, reason in reasons:
        assert len(reason) > 10, f"{name}:{line}: say why the block is not run"
