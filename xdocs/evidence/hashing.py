"""Streaming sha256 of artifacts: constant memory, a progress bar for big files.

Model files run to many gigabytes, so they are hashed in 1 MiB chunks. On an
interactive terminal a rich progress bar shows for files above
:data:`PROGRESS_MIN_BYTES`; in CI (no TTY) nothing is printed. A directory
(a SavedModel) is hashed as the sha256 of its ``sha256sum``-style listing:
one ``<hex>  <relative/path>`` line per file, sorted by path, so the digest
can be reproduced with ``find . -type f | sort | xargs sha256sum | sha256sum``
after stripping the leading ``./``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from xdocs.fileio import UnsafeFile, file_kind, open_regular_file, special_message, symlink_message

CHUNK = 1024 * 1024
#: show a progress bar only for files at least this big (and only on a TTY).
PROGRESS_MIN_BYTES = 64 * 1024 * 1024


def sha256_file(path: Path, progress: bool | None = None) -> str:
    """Hex sha256 of a regular file (never a link, FIFO or device), read in chunks.
    ``progress=None``: a bar when on a TTY."""
    with open_regular_file(path, limit=sys.maxsize) as fh:
        size = os.fstat(fh.fileno()).st_size
        if progress is None:
            progress = size >= PROGRESS_MIN_BYTES and sys.stderr.isatty()
        if not progress:
            return _digest(fh)
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("sha256 {task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            transient=True,
        ) as bar:
            task = bar.add_task(path.name, total=size)
            return _digest(fh, lambda n: bar.advance(task, n))


def _digest(fh: BinaryIO, advance: Callable[[int], object] | None = None) -> str:
    digest = hashlib.sha256()
    while chunk := fh.read(CHUNK):
        digest.update(chunk)
        if advance is not None:
            advance(len(chunk))
    return digest.hexdigest()


def sha256_dir(path: Path, progress: bool | None = None) -> str:
    """sha256 of the sorted ``<hex>  <relpath>`` listing of every file under ``path``.

    A symbolic link or special file anywhere inside is refused (:class:`UnsafeFile`),
    never followed: a SavedModel folder must not lead the hash out of the project.
    """
    lines = []
    for file in sorted(_regular_files(path)):
        rel = file.relative_to(path).as_posix()
        lines.append(f"{sha256_file(file, progress)}  {rel}\n")
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def _regular_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            entry = Path(root) / name
            kind = file_kind(os.lstat(entry))
            if kind == "symlink":
                raise UnsafeFile(
                    entry, "symlink", f"{entry.relative_to(folder)} {symlink_message(entry)}"
                )
            if kind == "regular":
                found.append(entry)
            elif kind != "directory":
                raise UnsafeFile(
                    entry, "special", f"{entry.relative_to(folder)} {special_message(kind)}"
                )
    return found


def sha256_path(path: Path, progress: bool | None = None) -> str:
    """sha256 of a file or a directory (see the module docstring)."""
    return sha256_dir(path, progress) if path.is_dir() else sha256_file(path, progress)
