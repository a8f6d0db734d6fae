"""The harness of the CLI contract tests: a temporary project, inputs xdocs cannot read,
and in-process runs of the console entry point.

Runs go through :func:`xdocs.cli.main` in this process (a real interpreter costs ~1.5 s
per run; tests/e2e/test_cli_contract.py has one subprocess test of the entry point).
"Unreadable" is what stays unreadable for root, since the tests run as root here: a FIFO
(reading it would block forever: :func:`fifo_guard` fails the test instead of hanging),
a file over ``input.max_card_bytes``, a link named alone, and ``chmod 000`` when not root.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from xdocs.cli import main

REPO = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("site_config", "styleguide", "templates", "vale_styles", ".vale.ini", "mkdocs.yml")
#: the shape of every failure line on stderr
FAILURE_LINE = re.compile(r"^xdocs: \S.*\S$")

BAD_CARD = """\
---
name: xalura-reviews
version: "1.0"
owners: [alice]
license: apache-2.0
---

# Xalura reviews

Sentiment classifier for product reviews, built by XaluraTech.

## Intended use

Ranking English product reviews for the support team.
"""

PLAIN_TEXT = "# Notes\n\nThe model ranks reviews.\n"


@dataclass(frozen=True)
class Inputs:
    """Paths the argument templates name (all inside one temporary project)."""

    project: Path
    cards: Path  # the example cards
    clean: Path  # a published example card: nothing at --fail-on error
    submitted: Path  # a submitted example card awaiting intake
    evaluated: Path  # an example card with an evaluation: block (a warning, no error)
    warned: Path  # warnings but no error
    bad: Path  # errors (missing sections) and a safe fix (a rejected term)
    broken: Path  # invalid JSON: no transformation can run on it
    plain: Path  # a Markdown file without Vale errors
    missing: Path
    empty: Path  # a folder with nothing in it
    dir_md: Path  # a folder named like a card, holding no card
    key: Path  # priya.raman's example signing key
    shard_clean: Path  # `xdocs check --shard 1/1 --format json` of ``clean`` (merge-reports)
    shard_bad: Path  # the same of ``bad``: errors


def build_inputs(root: Path) -> Inputs:
    """A copy of the example project under ``root``, with the inputs the table names
    (the ``inputs`` fixture of tests/e2e/conftest.py)."""
    project = root / "project"
    project.mkdir()
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, project / part)
        else:
            shutil.copy2(src, project / part)
    shutil.copytree(REPO / "cards", project / "cards")
    extra = project / "inputs"
    extra.mkdir()
    (extra / "bad.md").write_text(BAD_CARD, encoding="utf-8")
    (extra / "broken.json").write_text('{\n  "model_details": {\n    "name": \n', encoding="utf-8")
    (extra / "plain.md").write_text(PLAIN_TEXT, encoding="utf-8")
    (project / "empty").mkdir()
    (project / "x.md").mkdir()
    (project / "x.md" / "notes.txt").write_text("not a card\n", encoding="utf-8")
    key = project / "site_config" / "example-only-keys" / "priya.raman"
    key.chmod(0o600)  # ssh-keygen refuses a private key others can read
    shards = {}
    for name, card in (
        ("clean", project / "cards" / "xalura-sentiment-v1.0.md"),
        ("bad", extra / "bad.md"),
    ):
        shards[name] = extra / f"shard-{name}.json"
        args = [
            "check",
            "--no-cache",
            "--shard",
            "1/1",
            "--format",
            "json",
            "-o",
            str(shards[name]),
        ]
        run_cli([*args, str(card)], project)
    return Inputs(
        project=project,
        cards=project / "cards",
        clean=project / "cards" / "xalura-sentiment-v1.0.md",
        submitted=project / "cards" / "xalura-speech-transcriber.md",
        evaluated=project / "cards" / "xalura-claims-triage.md",
        warned=project / "cards" / "xalura-support-router.md",
        bad=extra / "bad.md",
        broken=extra / "broken.json",
        plain=extra / "plain.md",
        missing=project / "nope",
        empty=project / "empty",
        dir_md=project / "x.md",
        key=key,
        shard_clean=shards["clean"],
        shard_bad=shards["bad"],
    )


#: what xdocs will not read as a card (docs/cli.md, docs/security.md): a FIFO (opening it
#: would block), a file over input.max_card_bytes (a sparse 6 MB file: no disk cost), a
#: symbolic link named alone (the read policy does not follow it), no permission (not root)
UNREADABLE_KINDS = ["fifo", "too-large", "symlink"]
UNREADABLE_KINDS += ["no-permission"] if os.geteuid() != 0 else []
#: ``xdocs vale`` reads what Vale reads: no size limit, links followed when they resolve
VALE_UNREADABLE_KINDS = ["fifo", "broken-symlink"]


def make_unreadable(folder: Path, kind: str) -> Path:
    """``folder/card.md`` that xdocs cannot, or must not, read as a card."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "card.md"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "too-large":
        path.write_text(BAD_CARD, encoding="utf-8")
        os.truncate(path, 6 * 1024 * 1024)
    elif kind == "symlink":
        (folder / "real.txt").write_text(BAD_CARD, encoding="utf-8")
        path.symlink_to("real.txt")
    elif kind == "broken-symlink":
        path.symlink_to(path.name)  # a loop
    else:
        path.write_text(BAD_CARD, encoding="utf-8")
        path.chmod(0)
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str

    def failure_lines(self) -> list[str]:
        """The ``xdocs: …`` lines on stderr; each failure must be one of them, alone
        (no continuation lines, no usage block): other stderr lines are notes."""
        lines = self.err.splitlines()
        for before, after in zip(lines, lines[1:], strict=False):
            if before.startswith("xdocs:"):
                assert not after[:1].isspace() and not after.startswith(("Usage", "Try")), lines
        return [line for line in lines if line.startswith("xdocs:")]


@contextmanager
def fifo_guard(path: Path | None, timeout: float = 20.0) -> Iterator[list[str]]:
    """Fail instead of hanging: if anything opens the FIFO ``path`` for reading,
    open its write end (the reader gets end-of-file) and record it."""
    opened: list[str] = []
    done = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while not done.is_set() and time.monotonic() < deadline:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader has it open, as it should be
                done.wait(0.05)
                continue
            opened.append(str(path))
            os.close(fd)
            done.wait(0.05)

    thread = None
    if path is not None and path.is_fifo():
        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
    try:
        yield opened
    finally:
        done.set()
        if thread is not None:
            thread.join()


def run_cli(args: list[str], cwd: Path, fifo: Path | None = None) -> Run:
    """``xdocs ARGS`` in this process, from ``cwd``: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with fifo_guard(fifo) as opened, redirect_stdout(out), redirect_stderr(err):
            try:
                main(args)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(here)
    assert not opened, f"xdocs {' '.join(args)} opened the FIFO {fifo} for reading"
    assert "Traceback" not in err.getvalue() + out.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


def fill(template: list[str], inputs: Inputs, extra: dict[str, Path]) -> list[str]:
    values = {name: str(getattr(inputs, name)) for name in Inputs.__dataclass_fields__}
    values.update({name: str(path) for name, path in extra.items()})
    return [arg.format(**values) for arg in template]


def project_with_new_term(inputs: Inputs, root: Path) -> Path:
    """A copy of the project whose terminology gained a word its Vale files lack."""
    project = root / "project-new-term"
    shutil.copytree(inputs.project, project, symlinks=True)
    terms = project / "styleguide" / "terminology.yml"
    text = terms.read_text(encoding="utf-8")
    terms.write_text(text.replace("vocabulary:\n", "vocabulary:\n  - Zyxalurex\n", 1), "utf-8")
    return project
