"""The CLI contract (docs/cli.md), command by command: exit codes and where messages go.

One table, :data:`tests.e2e.cli_cases.CASES`: for every command ``xdocs --help``
lists, the arguments that make it run clean (exit 0), find something or refuse a
decision (exit 1), and fail on a usage error, a missing path, an unreadable file and
a folder that holds no cards (exit 2). :func:`test_every_command_has_every_case`
keeps the table complete, so a new command (``lsp``) fails until it has rows. The
harness (project, unreadable inputs, in-process runs) is tests/e2e/cli_harness.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from xdocs.cli import COMMANDS

from .cli_cases import CASES, NOT_APPLICABLE, ONE_CARD, STANDARD
from .cli_harness import (
    FAILURE_LINE,
    UNREADABLE_KINDS,
    VALE_UNREADABLE_KINDS,
    Run,
    fill,
    make_unreadable,
    project_with_new_term,
    run_cli,
)

pytestmark = pytest.mark.usefixtures("plain_environment")

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
