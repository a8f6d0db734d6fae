"""Issue 10, breaks 2 and 11: symbolic links, FIFOs, devices and huge files as cards.

A card that is a link to ``/etc/passwd`` or ``~/.aws/credentials`` must never be
read, linted or rendered; a FIFO named ``*.md`` must not hang ``check``,
``status`` or ``fix``; a link to ``/dev/zero`` must not grow until MemoryError;
a file over the size limit is one clear finding.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import CARD, make_project, run_xdocs, set_config

SECRET = "TOPSECRET-1234"


def _all_text(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    )


# -- symbolic links -----------------------------------------------------------------------
def test_check_reports_a_symlinked_card_and_does_not_read_it(project: Path, outside: Path) -> None:
    (project / "cards" / "leak.md").symlink_to(outside / "credentials.md")
    proc = run_xdocs("check", "cards", "--format", "json", "--no-cache", cwd=project)
    assert SECRET not in proc.stdout + proc.stderr
    findings = json.loads(proc.stdout)
    links = [f for f in findings if f["rule"] == "input/symlink"]
    assert len(links) == 1, findings
    assert links[0]["path"].endswith("leak.md")
    assert links[0]["severity"] == "warning"
    assert str(outside / "credentials.md") in links[0]["message"]
    assert not [f for f in findings if f["path"].endswith("leak.md") and f is not links[0]]


def test_check_refuses_a_symlink_named_on_the_command_line(project: Path, outside: Path) -> None:
    (project / "cards" / "leak.md").symlink_to(outside / "credentials.md")
    proc = run_xdocs("check", "cards/leak.md", "--format", "json", "--no-cache", cwd=project)
    assert SECRET not in proc.stdout + proc.stderr
    # named alone, the link leaves nothing to check: an input error (docs/cli.md)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "cards/leak.md" in proc.stderr and "symbolic link" in proc.stderr
    # beside a real card it is one warning in the report
    (project / "cards" / "real.md").write_text(CARD)
    proc = run_xdocs("check", "cards", "--format", "json", "--no-cache", cwd=project)
    assert SECRET not in proc.stdout + proc.stderr
    rules = [f["rule"] for f in json.loads(proc.stdout) if f["path"].endswith("leak.md")]
    assert rules == ["input/symlink"]


def test_portal_does_not_render_a_symlinked_card(project: Path, outside: Path) -> None:
    (project / "cards" / "leak.md").symlink_to(outside / "credentials.md")
    (project / "cards" / "passwd.md").symlink_to("/etc/passwd")
    proc = run_xdocs("build", "--markdown-only", "out", "--no-cache", cwd=project)
    assert proc.returncode == 0, proc.stderr
    pages = _all_text(project / "out")
    assert SECRET not in pages
    assert "root:x:0:0" not in pages
    warnings = [line for line in proc.stderr.splitlines() if "symbolic link" in line]
    assert len(warnings) == 2, proc.stderr
    assert any("leak.md" in w and str(outside / "credentials.md") in w for w in warnings)
    assert any("passwd.md" in w and "/etc/passwd" in w for w in warnings)


def test_status_does_not_read_a_symlinked_card(project: Path, outside: Path) -> None:
    (project / "cards" / "leak.md").symlink_to(outside / "credentials.md")
    proc = run_xdocs("status", "cards", "--format", "json", cwd=project)
    assert SECRET not in proc.stdout + proc.stderr
    assert [Path(r["path"]).name for r in json.loads(proc.stdout)] == ["good.md"]
    assert "leak.md" in proc.stderr and "symbolic link" in proc.stderr


def test_fix_never_replaces_or_writes_through_a_symlink(project: Path, outside: Path) -> None:
    target = outside / "card.md"
    target.write_text(CARD.replace("Xalura Fraud Detector", "XaluraTech Fraud Detector"))
    before = target.read_bytes()
    link = project / "cards" / "link.md"
    link.symlink_to(target)
    for args in (["fix", "cards"], ["fix", "cards/link.md"]):
        proc = run_xdocs(*args, "--no-cache", cwd=project)
        assert proc.returncode in (0, 1, 2), proc.stderr
        assert link.is_symlink(), args
        assert target.read_bytes() == before, args
        assert "symbolic link" in proc.stderr, proc.stderr


def test_follow_symlinks_allows_links_that_stay_inside_the_project(
    project: Path, outside: Path
) -> None:
    set_config(project, "input", follow_symlinks=True)
    (project / "shared").mkdir()
    (project / "shared" / "inside.md").write_text(CARD.replace("Fraud Detector", "Inside One"))
    (project / "cards" / "inside.md").symlink_to(project / "shared" / "inside.md")
    (project / "cards" / "leak.md").symlink_to(outside / "credentials.md")
    proc = run_xdocs("status", "cards", "--format", "json", cwd=project)
    assert SECRET not in proc.stdout
    names = sorted(Path(r["path"]).name for r in json.loads(proc.stdout))
    assert names == ["good.md", "inside.md"]
    assert "leak.md" in proc.stderr


# -- FIFOs and devices --------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ("check", "cards", "--no-cache"),
        ("check", "cards/pipe.md", "--no-cache"),
        ("status", "cards"),
        ("fix", "cards", "--no-cache"),
        ("queue", "cards"),
        ("build", "--markdown-only", "out", "--no-cache"),
    ],
)
def test_a_fifo_card_never_hangs(project: Path, args: tuple[str, ...]) -> None:
    os.mkfifo(project / "cards" / "pipe.md")
    proc = run_xdocs(*args, cwd=project, timeout=60)
    assert "pipe.md" in proc.stdout + proc.stderr
    assert "named pipe" in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("check", "cards", "--no-cache"),
        ("status", "cards"),
        ("build", "--markdown-only", "out", "--no-cache"),
    ],
)
def test_a_card_linked_to_dev_zero_is_not_read(project: Path, args: tuple[str, ...]) -> None:
    (project / "cards" / "zero.md").symlink_to("/dev/zero")
    proc = run_xdocs(*args, cwd=project, timeout=60)
    assert "zero.md" in proc.stdout + proc.stderr
    assert "MemoryError" not in proc.stderr


def test_a_device_named_on_the_command_line_is_refused(project: Path) -> None:
    proc = run_xdocs("inspect", "/dev/zero", cwd=project, timeout=60)
    assert proc.returncode == 2
    assert "character device" in proc.stderr


# -- size ---------------------------------------------------------------------------------
def test_a_card_over_the_default_limit_is_one_clear_finding(project: Path) -> None:
    big = CARD + "\n" + ("Filler text for a very large card. " * 40 + "\n\n") * 4000
    assert len(big) > 5 * 1024 * 1024
    (project / "cards" / "big.md").write_text(big)
    proc = run_xdocs("check", "cards", "--format", "json", "--no-cache", cwd=project)
    assert proc.returncode == 2  # a card it cannot read: an input error (docs/cli.md)
    findings = [f for f in json.loads(proc.stdout) if f["path"].endswith("big.md")]
    assert [f["rule"] for f in findings] == ["input/too-large"]
    assert findings[0]["severity"] == "error"
    assert "5,242,880-byte limit" in findings[0]["message"]


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"small.md": CARD, "large.md": CARD + "x" * 4000})
    set_config(project, "input", max_card_bytes=len(CARD.encode()) + 1000)
    proc = run_xdocs("check", "cards", "--format", "json", "--no-cache", cwd=project)
    too_large = [f for f in json.loads(proc.stdout) if f["rule"] == "input/too-large"]
    assert [Path(f["path"]).name for f in too_large] == ["large.md"]
    status = run_xdocs("status", "cards", "--format", "json", cwd=project)
    assert [Path(r["path"]).name for r in json.loads(status.stdout)] == ["small.md"]
    assert "large.md" in status.stderr and "byte limit" in status.stderr


def test_a_bad_size_setting_is_a_config_error(project: Path) -> None:
    set_config(project, "input", max_card_bytes="lots")
    proc = run_xdocs("check", "cards", cwd=project)
    assert proc.returncode == 2
    assert "max_card_bytes" in proc.stderr
