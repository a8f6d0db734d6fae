"""xdocs.fileio: reads that touch only regular files, writes that never replace a link."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xdocs.card import SkippedPath, iter_card_files
from xdocs.document import Document, ReadError
from xdocs.fileio import (
    ReadPolicy,
    UnsafeFile,
    atomic_write,
    open_regular_file,
    parse_size,
    read_regular_file,
    set_read_policy,
)


def _in_thread(fn, timeout: float = 10.0):
    """Run ``fn`` with a deadline: a read that blocks (a FIFO) fails the test, not CI."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the read blocked"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def test_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"# A\n")
    assert read_regular_file(tmp_path / "a.md") == b"# A\n"


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(UnsafeFile) as info:
        _in_thread(lambda: read_regular_file(tmp_path / "pipe.md"))
    assert info.value.rule == "input/special-file"
    assert "named pipe" in str(info.value)


def test_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFile) as info:
        _in_thread(lambda: read_regular_file("/dev/zero"))
    assert "character device" in str(info.value)


def test_symlink_is_refused_and_named(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("x")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    with pytest.raises(UnsafeFile) as info:
        read_regular_file(tmp_path / "link.md")
    assert info.value.rule == "input/symlink"
    assert str(tmp_path / "real.md") in str(info.value)


def test_symlink_inside_root_is_followed_only_when_allowed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "real.md").write_text("inside")
    (tmp_path / "outside.md").write_text("outside")
    (root / "in.md").symlink_to(root / "real.md")
    (root / "out.md").symlink_to(tmp_path / "outside.md")
    policy = ReadPolicy(follow_symlinks=True, root=root)
    assert read_regular_file(root / "in.md", policy=policy) == b"inside"
    with pytest.raises(UnsafeFile):
        read_regular_file(root / "out.md", policy=policy)
    with pytest.raises(UnsafeFile):  # the default policy follows nothing
        read_regular_file(root / "in.md")


def test_symlink_to_dev_zero_is_refused_even_when_following(tmp_path: Path) -> None:
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    policy = ReadPolicy(follow_symlinks=True, root=Path("/"))
    with pytest.raises(UnsafeFile) as info:
        _in_thread(lambda: read_regular_file(tmp_path / "zero.md", policy=policy))
    assert info.value.rule == "input/special-file"


def test_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_bytes(b"x" * 101)
    assert read_regular_file(tmp_path / "big.md", 101) == b"x" * 101
    with pytest.raises(UnsafeFile) as info:
        read_regular_file(tmp_path / "big.md", 100)
    assert info.value.rule == "input/too-large"
    assert "101 bytes, over the 100-byte limit" in str(info.value)


def test_open_regular_file_is_blocking_and_binary(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"\x00\x01")
    with open_regular_file(tmp_path / "a.bin") as fh:
        assert fh.read() == b"\x00\x01"
        assert os.get_blocking(fh.fileno())


def test_missing_and_directory_keep_their_os_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "nope.md")
    with pytest.raises(IsADirectoryError):
        read_regular_file(tmp_path)


def test_document_from_path_reports_rule_and_severity(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "link.md").symlink_to("/etc/passwd")
    with pytest.raises(ReadError) as info:
        Document.from_path(tmp_path / "pipe.md", "cards/pipe.md")
    assert info.value.rule == "input/special-file"
    assert info.value.finding().path == "cards/pipe.md"
    with pytest.raises(ReadError) as info:
        Document.from_path(tmp_path / "link.md")
    assert info.value.rule == "input/symlink"
    assert info.value.finding().severity.name == "WARNING"
    with pytest.raises(ReadError) as info:
        Document.from_path(tmp_path / "missing.md")
    assert info.value.rule == "input/unreadable"


def test_the_installed_policy_bounds_document_reads(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n" * 100)
    set_read_policy(ReadPolicy(max_bytes=50))
    with pytest.raises(ReadError) as info:
        Document.from_path(tmp_path / "a.md")
    assert info.value.rule == "input/too-large"
    assert info.value.severity.name == "ERROR"


def test_discovery_skips_and_reports_links_and_special_files(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    (cards / "sub").mkdir(parents=True)
    (cards / "a.md").write_text("# A\n")
    (cards / "sub" / "b.md").write_text("# B\n")
    (cards / "link.md").symlink_to(cards / "a.md")
    (cards / "linked-folder").symlink_to(tmp_path)  # a loop, and an escape
    (cards / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    os.mkfifo(cards / "pipe.md")
    os.mkfifo(cards / "pipe.yml")  # looks_like_card must not open it
    (cards / "notes.txt").symlink_to("/etc/passwd")  # not a card name: not reported
    skipped: list[SkippedPath] = []
    found = _in_thread(lambda: list(iter_card_files([cards], skipped)))
    assert found == [cards / "a.md", cards / "sub" / "b.md"]
    reported = {s.path.name: s.rule for s in skipped}
    assert reported == {
        "link.md": "input/symlink",
        "linked-folder": "input/symlink",
        "dangling.md": "input/symlink",
        "pipe.md": "input/special-file",
        "pipe.yml": "input/special-file",
    }


def test_discovery_of_a_named_link_reports_it(tmp_path: Path) -> None:
    (tmp_path / "link.md").symlink_to("/etc/passwd")
    skipped: list[SkippedPath] = []
    assert list(iter_card_files([tmp_path / "link.md"], skipped)) == []
    assert "/etc/passwd" in skipped[0].message
    # a missing path is still yielded, so the caller reports it
    assert list(iter_card_files([tmp_path / "missing.md"], skipped)) == [tmp_path / "missing.md"]


def test_discovery_logs_when_no_list_is_given(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "link.md").symlink_to("/etc/passwd")
    assert list(iter_card_files([tmp_path])) == []
    assert "link.md" in caplog.text and "/etc/passwd" in caplog.text


def test_atomic_write_never_replaces_a_link(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("real")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    with pytest.raises(UnsafeFile):
        atomic_write(tmp_path / "link.md", "new")
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "real.md").read_text() == "real"
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(OSError):
        atomic_write(tmp_path / "pipe.md", "new")
    assert not list(tmp_path.glob(".*.tmp"))


@given(st.integers(min_value=1, max_value=2**40))
def test_parse_size_round_trips_integers(n: int) -> None:
    assert parse_size(n) == n
    assert parse_size(str(n)) == n


@pytest.mark.parametrize(
    ("text", "size"),
    [("5 MB", 5 * 1024**2), ("512KiB", 512 * 1024), ("1g", 1024**3), ("1.5 KB", 1536)],
)
def test_parse_size_units(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("bad", ["lots", "-1", "0", True, "5 XB", ""])
def test_parse_size_refuses_nonsense(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_size(bad)
