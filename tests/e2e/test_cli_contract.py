"""The CLI contract (docs/cli.md), command by command: exit codes and where messages go.

One table, :data:`CASES`: for every command ``xdocs --help`` lists, the arguments
that make it run clean (exit 0), find something or refuse a decision (exit 1),
and fail on a usage error, a missing path, an unreadable file and a folder that
holds no cards (exit 2). A command that cannot meet a case says why in
:data:`NOT_APPLICABLE`; :func:`test_every_command_has_every_case` keeps the
table complete, so a new command (``evaluate``, ``lsp``) fails until it has rows.

Arguments are templates filled from the :class:`Inputs` of a small project
(the example project's configuration and cards, copied to a temporary folder).
Runs are in-process through :func:`xdocs.cli.main`, the console entry point
(a real interpreter costs ~1.5 s per run; one subprocess test below checks the
entry point itself). "Unreadable" is what stays unreadable for root, since the
tests run as root here: a FIFO (reading it would block forever: a guard thread
fails the test instead of hanging) and a symlink loop, plus ``chmod 000`` when
not root.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from xdocs.cli import COMMANDS, main

REPO = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("site_config", "styleguide", "templates", "vale_styles", ".vale.ini", "mkdocs.yml")
STANDARD = ("clean", "findings", "usage", "missing", "unreadable", "no-cards")
#: commands that take one card file: a folder is "is a directory", not "no cards found"
ONE_CARD = ("inspect", "normalize", "export", "approve", "sign", "evaluate")
FAILURE_LINE = re.compile(r"^xdocs: \S.*\S$")

# -- the table ------------------------------------------------------------------------------
#: command -> case -> (argument template, expected exit code). Templates name Inputs fields.
CASES: dict[str, dict[str, tuple[list[str], int]]] = {
    "check": {
        "clean": (["check", "--no-cache", "{clean}"], 0),
        "findings": (["check", "--no-cache", "{bad}"], 1),
        "usage": (["check", "--bogus", "{clean}"], 2),
        "missing": (["check", "{missing}/"], 2),
        "unreadable": (["check", "--no-cache", "{unreadable}"], 2),
        "unreadable-in-folder": (["check", "--no-cache", "{unreadable_dir}"], 2),
        "no-cards": (["check", "{empty}"], 2),
        "no-cards-md-folder": (["check", "{dir_md}"], 2),
        "below-fail-on": (["check", "--no-cache", "--fail-on", "error", "{warned}"], 0),
        "fail-on-warning": (["check", "--no-cache", "--fail-on", "warning", "{warned}"], 1),
    },
    "evaluate": {
        "clean": (["evaluate", "{evaluated}"], 0),
        "findings": (["evaluate", "--fail-on", "warning", "{evaluated}"], 1),
        "usage": (["evaluate", "{evaluated}", "--timeout", "0"], 2),
        "nothing-to-run": (["evaluate", "{clean}"], 2),
        "broken": (["evaluate", "{broken}"], 1),
        "missing": (["evaluate", "{missing}.md"], 2),
        "unreadable": (["evaluate", "{unreadable}"], 2),
        "no-cards": (["evaluate", "{empty}"], 2),
    },
    "fix": {
        "clean": (["fix", "--check", "--no-cache", "{clean}"], 0),
        "findings": (["fix", "--check", "--no-cache", "{bad}"], 1),
        "usage": (["fix"], 2),
        "missing": (["fix", "--check", "{missing}"], 2),
        "unreadable": (["fix", "--check", "--no-cache", "{unreadable}"], 2),
        "no-cards": (["fix", "--check", "{empty}"], 2),
    },
    "status": {
        "clean": (["status", "{clean}"], 0),
        "usage": (["status"], 2),
        "missing": (["status", "{missing}"], 2),
        "unreadable": (["status", "{unreadable}"], 2),
        "unreadable-in-folder": (["status", "{unreadable_dir}"], 2),
        "no-cards": (["status", "{empty}"], 2),
        "no-cards-md-folder": (["status", "{dir_md}"], 2),
    },
    "queue": {
        "clean": (["queue", "{cards}"], 0),
        "usage": (["queue", "--sort", "bogus"], 2),
        "missing": (["queue", "{missing}"], 2),
        "unreadable": (["queue", "{unreadable}"], 2),
        "no-cards": (["queue", "{empty}"], 2),
    },
    "compliance": {
        "clean": (["compliance", "{clean}", "--profile", "eu-ai-act-annex-iv"], 0),
        "findings": (
            ["compliance", "{bad}", "--profile", "eu-ai-act-annex-iv", "--min-coverage", "1"],
            1,
        ),
        "usage": (["compliance", "{clean}"], 2),
        "unknown-profile": (["compliance", "{clean}", "--profile", "nope"], 2),
        "missing": (["compliance", "{missing}", "--profile", "eu-ai-act-annex-iv"], 2),
        "unreadable": (["compliance", "{unreadable}", "--profile", "eu-ai-act-annex-iv"], 2),
        "no-cards": (["compliance", "{empty}", "--profile", "eu-ai-act-annex-iv"], 2),
    },
    "inspect": {
        "clean": (["inspect", "{clean}"], 0),
        # inspect describes, it does not judge: a card's problems are in its output
        "findings": (["inspect", "{bad}"], 0),
        "usage": (["inspect"], 2),
        "missing": (["inspect", "{missing}.md"], 2),
        "unreadable": (["inspect", "{unreadable}"], 2),
        "no-cards": (["inspect", "{empty}"], 2),
        "no-cards-md-folder": (["inspect", "{dir_md}"], 2),
    },
    "normalize": {
        "clean": (["normalize", "{clean}"], 0),
        "findings": (["normalize", "{broken}"], 1),
        "usage": (["normalize", "{clean}", "-o", "{out}/n.md", "--write"], 2),
        "missing": (["normalize", "{missing}.md"], 2),
        "unreadable": (["normalize", "{unreadable}"], 2),
        "no-cards": (["normalize", "{empty}"], 2),
    },
    "export": {
        "clean": (["export", "{clean}", "--to", "hf"], 0),
        "findings": (["export", "{broken}", "--to", "hf"], 1),
        "usage": (["export", "{clean}"], 2),
        "missing": (["export", "{missing}.md", "--to", "hf"], 2),
        "unreadable": (["export", "{unreadable}", "--to", "hf"], 2),
        "no-cards": (["export", "{empty}", "--to", "hf"], 2),
    },
    "approve": {
        "clean": (
            ["approve", "{submitted}", "--stage", "intake", "--by", "priya.raman", "--dry-run"],
            0,
        ),
        # a decision the rules forbid: refused, exit 1
        "findings": (
            ["approve", "{submitted}", "--stage", "executive", "--by", "priya.raman", "--dry-run"],
            1,
        ),
        "usage": (["approve", "{submitted}", "--stage", "bogus", "--by", "priya.raman"], 2),
        "missing": (
            ["approve", "{missing}.md", "--stage", "intake", "--by", "priya.raman", "--dry-run"],
            2,
        ),
        "unreadable": (
            ["approve", "{unreadable}", "--stage", "intake", "--by", "priya.raman", "--dry-run"],
            2,
        ),
        "no-cards": (
            ["approve", "{empty}", "--stage", "intake", "--by", "priya.raman", "--dry-run"],
            2,
        ),
    },
    "sign": {
        "clean": (["sign", "{submitted}", "--by", "priya.raman", "--key", "{key}", "--dry-run"], 0),
        "findings": (["sign", "{clean}", "--by", "nobody.here", "--key", "{key}", "--dry-run"], 1),
        "usage": (["sign", "{clean}", "--key", "{key}"], 2),
        "missing": (
            ["sign", "{missing}.md", "--by", "priya.raman", "--key", "{key}", "--dry-run"],
            2,
        ),
        "unreadable": (
            ["sign", "{unreadable}", "--by", "priya.raman", "--key", "{key}", "--dry-run"],
            2,
        ),
        "no-cards": (["sign", "{empty}", "--by", "priya.raman", "--key", "{key}", "--dry-run"], 2),
    },
    "rules": {
        "clean": (["rules", "structure/missing-section"], 0),
        "usage": (["rules", "--format", "yaml"], 2),
        "unknown-rule": (["rules", "nope/nothing"], 2),
    },
    "new": {
        "clean": (["new", "Xalura Vision", "-o", "{out}/vision.md"], 0),
        "usage": (["new"], 2),
        "exists": (["new", "Xalura Vision", "-o", "{clean}"], 2),
    },
    "styleguide": {
        "clean": (["styleguide", "sync", "--check"], 0),
        "findings": (["styleguide", "sync", "--check"], 1),  # in a project with a new term
        "usage": (["styleguide", "sync", "--bogus"], 2),
    },
    "build": {
        "clean": (["build", "--cards", "{cards}", "--markdown-only", "{out}/md"], 0),
        "usage": (["build", "--bogus"], 2),
        "missing": (["build", "--cards", "{missing}", "--markdown-only", "{out}/md"], 2),
        "unreadable": (
            ["build", "--cards", "{unreadable_dir}", "--markdown-only", "{out}/md"],
            2,
        ),
        "no-cards": (["build", "--cards", "{empty}", "--markdown-only", "{out}/md"], 2),
    },
    "vale": {
        "clean": (["vale", "{plain}"], 0),
        "findings": (["vale", "{bad}"], 1),
        "usage": (["vale", "--bogus", "{plain}"], 2),
        "unreadable": (["vale", "{unreadable}"], 2),
        "unreadable-in-folder": (["vale", "{unreadable_dir}"], 2),
        # Vale's own CLI: an argument that is not a path is text to lint, and a folder
        # without markup files is "0 files" (docs/cli.md, "xdocs vale")
        "missing": (["vale", "{missing}"], 0),
        "no-cards": (["vale", "{empty}"], 0),
    },
}

#: command -> standard case -> why it does not apply
NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "status": {"findings": "status reports; only --verify-git (needs git history) finds"},
    "queue": {"findings": "the queue lists cards; it has no findings"},
    "rules": {
        "findings": "rules documents rules; it reads no card",
        "missing": "rules reads no path",
        "unreadable": "rules reads no path",
        "no-cards": "rules reads no path",
    },
    "new": {
        "findings": "new writes a scaffold; an existing file is the 'exists' case (exit 2)",
        "missing": "new creates its output",
        "unreadable": "new reads only the project's template",
        "no-cards": "new creates a card",
    },
    "styleguide": {
        "missing": "styleguide sync reads only the project's terminology",
        "unreadable": "styleguide sync reads only the project's terminology",
        "no-cards": "styleguide sync reads no card",
    },
    "build": {"findings": "build has no findings: a failed build (BuildError) exits 1"},
}


# -- the project and its inputs ---------------------------------------------------------------
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


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    root = tmp_path_factory.mktemp("contract")
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


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("XDOCS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_COLOR", "1")


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


ROWS = [(cmd, case) for cmd, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(("command", "case"), ROWS, ids=[f"{c}-{k}" for c, k in ROWS])
def test_exit_code_and_streams(command, case, inputs, tmp_path):
    template, expected = CASES[command][case]
    unreadable = make_unreadable(tmp_path / "unreadable", "fifo")
    extra = {"out": tmp_path / "out", "unreadable": unreadable, "unreadable_dir": unreadable.parent}
    cwd = inputs.project
    if command == "styleguide" and case == "findings":
        cwd = project_with_new_term(inputs, tmp_path)
    args = fill(template, inputs, extra)
    run = run_cli(args, cwd, fifo=unreadable)
    assert run.code == expected, f"xdocs {' '.join(args)}\nstdout:\n{run.out}\nstderr:\n{run.err}"
    check_streams(run, expected, case, args)


def check_streams(run: Run, expected: int, case: str, args: list[str]) -> None:
    """Failures: one ``xdocs: …`` line on stderr naming the input; results on stdout."""
    if args[0] == "vale":
        check_vale_streams(run, expected, case)
        return
    lines = run.failure_lines()
    if expected == 2:
        assert len(lines) == 1 and FAILURE_LINE.match(lines[0]), run.err
        named = {"missing", "unreadable", "no-cards", "no-cards-md-folder", "exists"}
        if case in named:
            path = next(a for a in args if a.startswith("/") and "key" not in a)
            assert path.rstrip("/") in lines[0] or Path(path).name in lines[0], lines[0]
        if case.startswith("no-cards"):
            wanted = "is a directory" if args[0] in ONE_CARD else "no cards found under"
            assert wanted in lines[0], lines[0]
    elif expected == 1 and not run.out:  # a refused decision: said on stderr, in one line
        assert len(lines) == 1 and FAILURE_LINE.match(lines[0]), run.err


def check_vale_streams(run: Run, expected: int, case: str) -> None:
    """``xdocs vale`` speaks Vale's language: a file it could not check is one
    ``note: FILE: not checked: why`` line (docs/vale.md), its exit code 2."""
    if expected == 2 and case.startswith("unreadable"):
        unchecked = [line for line in run.err.splitlines() if ": not checked: " in line]
        assert len(unchecked) == 1 and "card.md" in unchecked[0], run.err
    assert not run.failure_lines() or expected == 2, run.err


KIND_ROWS = [
    (command, kind)
    for command in CASES
    if "unreadable" in CASES[command]
    for kind in (VALE_UNREADABLE_KINDS if command == "vale" else UNREADABLE_KINDS)
]


@pytest.mark.parametrize(("command", "kind"), KIND_ROWS, ids=[f"{c}-{k}" for c, k in KIND_ROWS])
def test_every_unreadable_kind(command, kind, inputs, tmp_path):
    """A FIFO, a file over the size limit, a link named alone (and no permission, when
    not root): exit 2, one line naming it, no hang."""
    template, expected = CASES[command]["unreadable"]
    unreadable = make_unreadable(tmp_path / "unreadable", kind)
    extra = {"out": tmp_path / "out", "unreadable": unreadable, "unreadable_dir": unreadable.parent}
    args = fill(template, inputs, extra)
    run = run_cli(args, inputs.project, fifo=unreadable if kind == "fifo" else None)
    assert run.code == expected == 2, f"xdocs {' '.join(args)}\n{run.out}\n{run.err}"
    if command == "vale":
        check_vale_streams(run, expected, "unreadable")
        return
    lines = run.failure_lines()
    assert len(lines) == 1 and FAILURE_LINE.match(lines[0]) and "card.md" in lines[0], run.err


def test_every_command_has_every_case():
    """The table covers each command ``xdocs --help`` lists, every standard case
    either tested or explained."""
    assert set(CASES) == set(COMMANDS), "add the new command's rows to CASES"
    for command in COMMANDS:
        for case in STANDARD:
            tested = case in CASES[command]
            skipped = case in NOT_APPLICABLE.get(command, {})
            assert tested != skipped, f"{command}: case {case!r} must be tested or explained"


def test_the_entry_point_itself(inputs):
    """The console entry point in a real interpreter: the same codes, one line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDOCS_")}
    for args, code, needle in [
        (["check", "nope/"], 2, "nope/: no such file or folder"),
        (["check", "empty"], 2, "no cards found under empty"),
        (["check", "--bogus"], 2, "xdocs: check: No such option"),
    ]:
        proc = subprocess.run(
            [sys.executable, "-m", "xdocs", *args],
            cwd=inputs.project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == code, proc.stderr
        assert proc.stdout == ""
        assert proc.stderr.count("\n") == 1 and needle in proc.stderr, proc.stderr


def test_check_notes_go_to_stderr_and_the_report_to_stdout(inputs):
    """Text and JSON reports on stdout hold only the report; notes are on stderr."""
    text = run_cli(["check", "--no-cache", str(inputs.clean)], inputs.project)
    assert not any(line.startswith("note:") for line in text.out.splitlines())
    assert text.out.rstrip().endswith("in 1 file")
    as_json = run_cli(
        ["check", "--no-cache", "--format", "json", str(inputs.clean)], inputs.project
    )
    assert isinstance(json.loads(as_json.out), list)


@pytest.mark.parametrize("kind", ["too-large", "fifo-in-folder"])
def test_unreadable_file_is_still_in_the_report(kind, inputs, tmp_path):
    """check reports what it could read, names what it could not, and exits 2."""
    folder = tmp_path / "u"
    unreadable = make_unreadable(folder, kind.removesuffix("-in-folder"))
    target = folder if kind.endswith("-in-folder") else unreadable
    if kind.endswith("-in-folder"):
        shutil.copy2(inputs.clean, folder / "good.md")  # the folder holds a real card too
    run = run_cli(
        ["check", "--no-cache", "--format", "json", str(inputs.bad), str(target)],
        inputs.project,
        fifo=unreadable if kind.startswith("fifo") else None,
    )
    assert run.code == 2, run.err  # not 1, though bad.md has errors
    found = json.loads(run.out)
    rule = "input/special-file" if kind.startswith("fifo") else "input/too-large"
    assert [f["path"] for f in found if f["rule"] == rule] == [str(unreadable)]
    assert any(f["path"].endswith("bad.md") for f in found)  # the rest was checked
    (line,) = run.failure_lines()
    assert line.startswith(f"xdocs: {unreadable}: ")


def test_a_link_met_in_a_folder_is_a_warning_not_an_error(inputs, tmp_path):
    """Beside real cards, a link is skipped with a warning (docs/security.md): exit by
    the findings, as for any warning."""
    folder = tmp_path / "cards"
    folder.mkdir()
    shutil.copy2(inputs.clean, folder / "good.md")
    make_unreadable(folder, "symlink")
    run = run_cli(["check", "--no-cache", "--format", "json", str(folder)], inputs.project)
    assert run.code == 0, run.err
    assert [f["rule"] for f in json.loads(run.out) if f["path"].endswith("card.md")] == [
        "input/symlink"
    ]


# -- --format json, per command (docs/cli.md) -------------------------------------------------
FINDING_KEYS = {"rule", "severity", "path", "line", "column", "end_line", "end_column", "message"}
STATUS_KEYS = {"path", "model", "version", "status", "label", "stage", "next", "next_text"}
STATUS_KEYS |= {"stale", "flags", "waiting_on", "assignee", "priority", "timeline", "problems"}
QUEUE_KEYS = {"path", "model", "version", "status", "stage", "role", "waiting_on", "assignee"}
QUEUE_KEYS |= {"priority", "waiting_since", "days_waiting", "flags", "blocked"}
INSPECT_KEYS = {"path", "format", "title", "metadata", "sections", "unmapped", "metrics"}
INSPECT_KEYS |= {"findings"}
COMPLIANCE_KEYS = {"card", "profile", "title", "source", "coverage", "counts", "items"}
RULE_KEYS = {"id", "severity", "summary", "rationale", "example", "fix"}

#: (arguments, JSON type, keys every object must have: of the document or of each item)
JSON_CASES: dict[str, tuple[list[str], type, set[str]]] = {
    "check": (["check", "--no-cache", "--format", "json", "{bad}"], list, FINDING_KEYS),
    "inspect": (["inspect", "--format", "json", "{clean}"], dict, INSPECT_KEYS),
    "status": (["status", "--format", "json", "{cards}"], list, STATUS_KEYS),
    "queue": (["queue", "--format", "json", "{cards}"], list, QUEUE_KEYS),
    "compliance": (
        ["compliance", "{clean}", "--profile", "mitchell-2019", "--format", "json"],
        dict,
        COMPLIANCE_KEYS,
    ),
    "compliance-several": (
        ["compliance", "{cards}", "--profile", "mitchell-2019", "--format", "json"],
        list,
        COMPLIANCE_KEYS,
    ),
    "rules": (["rules", "--format", "json"], list, RULE_KEYS),
    "evaluate": (
        ["evaluate", "{evaluated}", "--format", "json"],
        dict,
        {"card", "entries", "findings", "recorded"},
    ),
    "rules-one": (["rules", "structure/missing-section", "--format", "json"], dict, RULE_KEYS),
    "vale": (["vale", "--output=JSON", "{bad}"], dict, set()),
}


@pytest.mark.parametrize("name", sorted(JSON_CASES))
def test_format_json_is_one_document_on_stdout(name, inputs, tmp_path):
    """stdout is exactly one JSON document of the documented shape; notes are on stderr."""
    template, kind, keys = JSON_CASES[name]
    run = run_cli(fill(template, inputs, {"out": tmp_path}), inputs.project)
    assert run.code in (0, 1), run.err
    data = json.loads(run.out)
    assert isinstance(data, kind)
    objects = data if isinstance(data, list) else [data]
    if kind is list:
        assert objects, "the example project has something to list"
    for obj in objects:
        assert keys <= set(obj), sorted(keys - set(obj))


def test_every_command_with_json_output_is_covered():
    """A command that gains --format json (evaluate, …) needs a JSON_CASES row."""
    import click

    from xdocs.cli import cli

    ctx = click.Context(cli)
    with_json = set()
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        for param in getattr(command, "params", []):
            if param.name == "fmt" and "json" in getattr(param.type, "choices", ()):
                with_json.add(name)
    covered = {name.partition("-")[0] for name in JSON_CASES}
    assert with_json <= covered, sorted(with_json - covered)
