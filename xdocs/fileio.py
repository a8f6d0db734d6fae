"""Safe file I/O: atomic writes, and reads that only ever touch a regular file.

Atomic writes: a card is either the old file or the new one, never half of each.
Write to a temporary file in the same folder (same filesystem), flush and fsync
it, keep the original's permission bits, then ``os.replace`` it over the
target, which is atomic on POSIX and Windows. A target that is a symbolic link
or not a regular file is refused, never replaced (``os.replace`` would swap the
link for a file, and following it would write outside the project).

Reads: cards, rosters and evidence arrive in pull requests, so a path is
hostile until proven a regular file. :func:`read_regular_file` refuses a
symbolic link (unless the :class:`ReadPolicy` allows links that stay inside
the project), a FIFO (which would block forever), a device (``/dev/zero``
never ends) or a socket, and reads at most ``max_bytes``: the file is
``lstat``-ed first (so a device is never even opened), opened with
``O_NOFOLLOW | O_NONBLOCK``, ``fstat``-ed again on the open descriptor (a
swap between the two checks is caught) and read with a bound. Every refusal
is an :class:`UnsafeFile` (an ``OSError``) that names its lint rule.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

#: default bound on a card (and any file read through :func:`read_regular_file`).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True)
class ReadPolicy:
    """How far reads trust the file system (``input:`` in site_config/xdocs.yml)."""

    #: files larger than this are refused (``input/too-large``).
    max_bytes: int = DEFAULT_MAX_BYTES
    #: follow a symbolic link whose target resolves inside ``root`` (never one outside).
    follow_symlinks: bool = False
    #: the project root (only used with ``follow_symlinks``).
    root: Path | None = None


_POLICY: ReadPolicy | None = None


def read_policy() -> ReadPolicy:
    """The policy reads use when none is passed.

    ``load_config`` installs the project's ``input:`` settings; a command that never
    loads the configuration (``inspect``, ``normalize``) gets them on its first read,
    from the project found from the working directory (the safe defaults when its
    xdocs.yml is missing or invalid).
    """
    if _POLICY is None:
        from xdocs.config import ConfigError, load_config

        try:
            load_config()
        except (ConfigError, OSError):
            set_read_policy(ReadPolicy())
    return _POLICY or ReadPolicy()


def set_read_policy(policy: ReadPolicy | None) -> ReadPolicy | None:
    """Install ``policy`` for this process (None: load it from the project on the next
    read); returns the previous one, so tests can restore it."""
    global _POLICY
    previous, _POLICY = _POLICY, policy
    return previous


class UnsafeFile(OSError):
    """A path xdocs refuses to read or write: a link, a special file or one too large."""

    RULES = {
        "symlink": "input/symlink",
        "special": "input/special-file",
        "too-large": "input/too-large",
    }

    def __init__(self, path: str | Path, kind: str, message: str) -> None:
        super().__init__(errno.EPERM, message, str(path))
        self.kind = kind
        self.message = message

    @property
    def rule(self) -> str:
        return self.RULES[self.kind]

    def __str__(self) -> str:
        return self.message


def file_kind(st: os.stat_result) -> str:
    """``regular``, ``directory``, ``symlink``, or what special file it is."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "special file"


def link_target(path: str | Path) -> str:
    """What a symbolic link points at, as written (or ``?`` when unreadable)."""
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def symlink_message(path: str | Path) -> str:
    return (
        f"is a symbolic link to {link_target(path)}; not followed (xdocs reads only regular "
        "files inside the project)"
    )


def special_message(kind: str) -> str:
    return f"is a {kind}, not a regular file; skipped"


def too_large_message(size: int, limit: int) -> str:
    return (
        f"is {size:,} bytes, over the {limit:,}-byte limit; not read "
        "(raise input.max_card_bytes in site_config/xdocs.yml if it is a real card)"
    )


def followable_link(path: str | Path, policy: ReadPolicy | None = None) -> Path | None:
    """The target of a symbolic link the policy allows following, else None."""
    policy = policy or read_policy()
    if not policy.follow_symlinks or policy.root is None:
        return None
    try:
        target = Path(os.path.realpath(path, strict=True))
        root = Path(os.path.realpath(policy.root))
    except (OSError, RuntimeError):
        return None
    if target != root and root not in target.parents:
        return None
    return target


def open_regular_file(
    path: str | Path, limit: int | None = None, *, policy: ReadPolicy | None = None
) -> BinaryIO:
    """Open a regular file for reading, refusing links, special files and big files.

    Raises :class:`UnsafeFile` for a refusal, ``FileNotFoundError`` /
    ``IsADirectoryError`` / other ``OSError`` as ``open`` would.
    """
    policy = policy or read_policy()
    limit = policy.max_bytes if limit is None else limit
    target = Path(path)
    st = os.lstat(target)
    kind = file_kind(st)
    if kind == "symlink":
        followed = followable_link(target, policy)
        if followed is None:
            raise UnsafeFile(path, "symlink", symlink_message(target))
        target = followed
        kind = file_kind(os.lstat(target))
    if kind == "directory":
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if kind != "regular":
        raise UnsafeFile(path, "special", special_message(kind))
    try:
        fd = os.open(target, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # swapped for a link after the lstat
            raise UnsafeFile(path, "symlink", symlink_message(target)) from None
        raise
    try:
        st = os.fstat(fd)
        kind = file_kind(st)
        if kind != "regular":
            raise UnsafeFile(path, "special", special_message(kind))
        if st.st_size > limit:
            raise UnsafeFile(path, "too-large", too_large_message(st.st_size, limit))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(
    path: str | Path, limit: int | None = None, *, policy: ReadPolicy | None = None
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (default: the policy's)."""
    policy = policy or read_policy()
    limit = policy.max_bytes if limit is None else limit
    with open_regular_file(path, limit, policy=policy) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # it grew after the fstat
        raise UnsafeFile(path, "too-large", too_large_message(len(data), limit))
    return data


def parse_size(value: Any) -> int:
    """``5242880``, ``"5 MB"``, ``"512KiB"`` → bytes (K/M/G are powers of 1024)."""
    if isinstance(value, bool):
        raise ValueError("a size is a number of bytes or a text such as '5 MB'")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError("a size must be positive")
        return value
    text = str(value).strip().lower().replace(" ", "").removesuffix("b").removesuffix("i")
    scale = {"k": 1024, "m": 1024**2, "g": 1024**3}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    try:
        size = int(float(number) * scale)
    except ValueError:
        raise ValueError(f"{value!r} is not a size (write 5242880 or '5 MB')") from None
    if size <= 0:
        raise ValueError("a size must be positive")
    return size


def _refuse_unsafe_target(target: Path) -> None:
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    kind = file_kind(st)
    if kind == "symlink":
        raise UnsafeFile(target, "symlink", f"{symlink_message(target)}; not replaced")
    if kind != "regular":
        raise UnsafeFile(target, "special", f"is a {kind}, not a regular file; not replaced")


def atomic_write(path: str | Path, data: str | bytes, *, newline: str = "\n") -> None:
    """Replace ``path`` with ``data``. Text is written with ``newline`` endings in UTF-8.

    Raises :class:`UnsafeFile` (an ``OSError``) when ``path`` is a symbolic link or
    a special file: xdocs never writes through a link nor replaces one.
    """
    target = Path(path)
    _refuse_unsafe_target(target)
    if isinstance(data, str):
        if newline != "\n":
            data = data.replace("\n", newline)
        payload = data.encode("utf-8")
    else:
        payload = data
    if target.exists():
        mode = target.stat().st_mode & 0o7777
    else:  # what open() would give a new file (mkstemp's own default is 0600)
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
