"""The one content-addressed, sealed cache that lint and the portal both use.

What every xdocs cache has in common lives here, once:

* **where** it lives: ``.xdocs-cache/`` at the project root, or ``$XDOCS_CACHE_DIR``
  (:func:`cache_dir`), with a ``.gitignore`` of ``*`` written beside the first entry,
  because a cache never belongs in version control;
* **how entries are named**: by content (:func:`content_key`, a sha256 over
  length-prefixed parts, so ``("ab", "c")`` and ``("a", "bc")`` differ), and how a
  tree of code or data is folded into a fingerprint (:func:`tree_digest`, by
  content, never by modification time: a checkout must not empty the cache);
* **how an entry is trusted**: it is JSON (reading it runs no code; no pickle
  anywhere), sealed with an HMAC under a secret the tree does not hold
  (:mod:`xdocs.sealed`) over its purpose, its slot (its own key: an entry moved
  under another key does not verify) and its bytes. Reads are bounded and never
  follow a link (:func:`xdocs.fileio.read_regular_file`); anything edited,
  planted, truncated, swapped, sealed elsewhere or over the size bound is a miss,
  never an error;
* **how it is written**: atomically (temp file + rename), so parallel workers and
  interrupted runs never leave half an entry; a cache that cannot be written is
  not an error either.

What each cache adds stays with it: :mod:`xdocs.lint.cache` decodes rows of
findings and checks dependencies; :mod:`xdocs.portal.cache` decodes card
summaries against the exact shape of ``CardEntry`` (:mod:`xdocs.plaindata`).
A ``--published`` portal build never constructs a cache at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from xdocs.fileio import read_regular_file
from xdocs.sealed import seal, unseal

log = logging.getLogger("xdocs")

#: moves every cache of a project (CI caches, read-only checkouts).
CACHE_DIR_ENV = "XDOCS_CACHE_DIR"


def cache_dir(root: Path) -> Path:
    """Where a project's caches live: ``$XDOCS_CACHE_DIR`` or ``<root>/.xdocs-cache``."""
    env = os.environ.get(CACHE_DIR_ENV)
    return Path(env) if env else root / ".xdocs-cache"


def content_key(*parts: bytes | str) -> str:
    """A sha256 hex name for the content ``parts`` (each length-prefixed, so the
    boundaries between parts count)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def tree_digest(
    digest: Any, top: Path, *, suffixes: tuple[str, ...] | None = None, base: Path | None = None
) -> None:
    """Feed every file under ``top`` (its path and content) to ``digest``.

    Contents, not modification times: a checkout or a formatter run that leaves a
    file unchanged keeps the fingerprint. ``suffixes`` limits the files read
    (``(".py", ".yml")``); paths are written relative to ``base`` when given, so a
    fingerprint does not change when the project moves.
    """

    def name(p: Path) -> str:
        if base is not None:
            try:
                return p.relative_to(base).as_posix()
            except ValueError:
                pass
        return str(p)

    def feed(p: Path) -> None:
        try:
            data = p.read_bytes()
        except OSError:
            return
        digest.update(f"{name(p)}\0{len(data)}\0".encode("utf-8", "surrogatepass") + data)

    if top.is_file():
        feed(top)
        return
    if not top.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for filename in sorted(filenames):
            if filename.endswith((".pyc", ".tmp")):
                continue
            if suffixes is not None and not filename.endswith(suffixes):
                continue
            feed(Path(dirpath) / filename)


def trees_fingerprint(
    tops: Iterable[Path],
    *,
    salt: str,
    suffixes: tuple[str, ...] | None = None,
    base: Path | None = None,
    length: int = 24,
) -> str:
    """A short fingerprint of several trees (see :func:`tree_digest`) and a salt
    (a format version: bump it when the shape of an entry changes)."""
    digest = hashlib.sha256(salt.encode())
    for top in tops:
        tree_digest(digest, top, suffixes=suffixes, base=base)
    return digest.hexdigest()[:length]


class SealedCache:
    """Sealed JSON entries under one folder, for one purpose.

    ``purpose`` separates caches (a lint entry is never read as a portal entry);
    ``slot_prefix`` binds entries to a generation (the lint fingerprint): the
    MAC covers ``slot_prefix + name``. ``ignore_root`` is the cache root where a
    ``.gitignore`` is written with the first entry.
    """

    def __init__(
        self,
        folder: Path,
        purpose: str,
        *,
        max_entry_bytes: int,
        slot_prefix: str = "",
        ignore_root: Path | None = None,
    ) -> None:
        self.folder = folder
        self.purpose = purpose
        self.max_entry_bytes = max_entry_bytes
        self.slot_prefix = slot_prefix
        self.ignore_root = ignore_root

    def path(self, name: str) -> Path:
        """Where the entry ``name`` lives: fanned out by its first two characters."""
        return self.folder / name[:2] / f"{name}.json"

    # -- entries ------------------------------------------------------------------
    def get(self, name: str, path: Path | None = None) -> Any:
        """The JSON value stored under ``name``, or None (absent, not sealed by this
        machine for this purpose and slot, oversized, not JSON)."""
        where = path or self.path(name)
        try:
            blob = read_regular_file(where, self.max_entry_bytes)
        except OSError:
            return None
        payload = unseal(self.purpose, self.slot_prefix + name, blob)
        if payload is None:
            log.debug("xdocs: cache entry %s is not sealed by this machine", where)
            return None
        try:
            return json.loads(payload)
        except ValueError:
            return None

    def put(self, name: str, value: Any, path: Path | None = None) -> bool:
        """Seal and store ``value`` (JSON data) under ``name``; False when nothing was
        written (no safe secret on this machine, a folder that cannot be written)."""
        payload = json.dumps(value, separators=(",", ":")).encode("utf-8")
        blob = seal(self.purpose, self.slot_prefix + name, payload)
        if blob is None:
            return False
        return self._write(path or self.path(name), blob)

    def _write(self, path: Path, blob: bytes) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if self.ignore_root is not None:
                ignore = self.ignore_root / ".gitignore"
                if not ignore.exists() and not ignore.is_symlink():
                    ignore.write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, path)  # replaces a link itself, never writes through it
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.debug("xdocs: cannot write cache entry %s: %s", path, exc)
            return False
        return True
