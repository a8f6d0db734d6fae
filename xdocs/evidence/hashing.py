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
import sys
from pathlib import Path

CHUNK = 1024 * 1024
#: show a progress bar only for files at least this big (and only on a TTY).
PROGRESS_MIN_BYTES = 64 * 1024 * 1024


def sha256_file(path: Path, progress: bool | None = None) -> str:
    """Hex sha256 of a file, read in chunks. ``progress=None``: bar when on a TTY."""
    size = path.stat().st_size
    if progress is None:
        progress = size >= PROGRESS_MIN_BYTES and sys.stderr.isatty()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        if not progress:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
            return digest.hexdigest()
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
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
                bar.advance(task, len(chunk))
    return digest.hexdigest()


def sha256_dir(path: Path, progress: bool | None = None) -> str:
    """sha256 of the sorted ``<hex>  <relpath>`` listing of every file under ``path``."""
    lines = []
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        lines.append(f"{sha256_file(file, progress)}  {rel}\n")
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def sha256_path(path: Path, progress: bool | None = None) -> str:
    """sha256 of a file or a directory (see the module docstring)."""
    return sha256_dir(path, progress) if path.is_dir() else sha256_file(path, progress)
