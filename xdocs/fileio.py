"""Atomic writes: a card is either the old file or the new one, never half of each.

Write to a temporary file in the same folder (same filesystem), flush and
fsync it, keep the original's permission bits, then ``os.replace`` it over
the target, which is atomic on POSIX and Windows.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: str | Path, data: str | bytes, *, newline: str = "\n") -> None:
    """Replace ``path`` with ``data``. Text is written with ``newline`` endings in UTF-8."""
    target = Path(path)
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
