"""The lint cache: a re-run on unchanged files does no engine work.

An entry holds one file's findings (after suppressions, before severity
overrides and baselines, which are cheap and applied on every run). Its key
is the sha256 of the file's bytes, its display path and the *fingerprint*:
the xdocs version and source, xdocs.yml, everything under ``styleguide/``,
``vale_styles/``, ``site_config/`` and the roster, the command-line options
that change results, and today's date (rules that compare dates, such as a
stale approval, are re-evaluated daily). An entry also records the files a
pass read besides the card (link targets, artifacts) with their size and
modification time; a changed dependency invalidates the entry.

Location: ``.xdocs-cache/`` at the project root; ``XDOCS_CACHE_DIR`` moves it;
``--no-cache`` turns it off. Entries are written atomically (temp file +
rename), so parallel workers and interrupted runs never leave half an entry.
Old fingerprints are pruned when a new one is first written.

Trust: the cache folder is writable by whoever can write the checkout (a pull
request committing ``.xdocs-cache`` with ``git add -f``, a CI cache shared with
other builds), and its keys are computable, so an entry is trusted only when
its HMAC verifies under a secret the tree does not hold (:mod:`xdocs.sealed`:
``$XDOCS_CACHE_SECRET`` or a per-user key file). The MAC covers the
fingerprint, the entry's key (an entry moved under another file's key fails)
and the rows and dependencies. Anything else (edited, swapped, planted,
truncated, sealed elsewhere) is a miss and the file is linted again.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from xdocs.fileio import read_regular_file
from xdocs.findings import Finding, Severity
from xdocs.sealed import seal, unseal

CACHE_VERSION = 3
#: bound on one entry (a card with thousands of findings is well under this).
MAX_ENTRY_BYTES = 32 * 1024 * 1024
#: folders (relative to the project root) whose contents change lint results
FINGERPRINT_DIRS = ("styleguide", "vale_styles", "site_config")
FINGERPRINT_FILES = (".vale.ini", "xdocs.yml")
#: parts of the package whose code decides findings (reporters and the portal do not)
SOURCE_PARTS = ("lint", "card", "vale", "workflow", "evidence", "document.py", "findings.py",
                "rules.py", "config.py")  # fmt: skip


def cache_dir(root: Path) -> Path:
    """Where the cache lives: ``$XDOCS_CACHE_DIR`` or ``<root>/.xdocs-cache``."""
    env = os.environ.get("XDOCS_CACHE_DIR")
    return Path(env) if env else root / ".xdocs-cache"


def _tree_signature(folder: Path, digest: Any) -> None:
    """Feed every file under ``folder`` (path and content) to ``digest``.

    Contents, not modification times: a checkout or a formatter run that leaves a
    file unchanged must not throw the cache away.
    """
    if folder.is_file():
        digest.update(f"{folder}\0".encode() + folder.read_bytes())
        return
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".pyc", ".tmp")):
                continue
            p = Path(dirpath) / name
            try:
                data = p.read_bytes()
            except OSError:
                continue
            digest.update(f"{p}\0{len(data)}\0".encode() + data)


def fingerprint(root: Path, config_data: Mapping[str, Any], options: Mapping[str, Any]) -> str:
    """Everything besides the file itself that can change its findings."""
    from xdocs import __version__

    digest = hashlib.sha256()
    digest.update(f"xdocs {__version__} cache {CACHE_VERSION}\n".encode())
    digest.update(_dt.date.today().isoformat().encode())
    digest.update(json.dumps(config_data, sort_keys=True, default=str).encode())
    digest.update(json.dumps(dict(options), sort_keys=True, default=str).encode())
    package = Path(__file__).resolve().parents[1]
    for part in SOURCE_PARTS:  # the code that computes findings (development installs change)
        _tree_signature(package / part, digest)
    for name in FINGERPRINT_DIRS:
        _tree_signature(root / name, digest)
    for name in FINGERPRINT_FILES:
        _tree_signature(root / name, digest)
    for key in ("roster",):
        value = options.get(key)
        if value and Path(str(value)).is_file():
            digest.update(Path(str(value)).read_bytes())
    return digest.hexdigest()[:24]


def file_key(data: bytes, display_path: str) -> str:
    digest = hashlib.sha256(data)
    digest.update(b"\0" + display_path.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def stat_deps(paths: Iterable[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for p in sorted(set(paths)):
        try:
            st = os.stat(p)
            out[p] = [st.st_size, st.st_mtime_ns]
        except OSError:
            out[p] = [-1, -1]
    return out


_SEVERITY = {int(s): s for s in Severity}


def _to_row(f: Finding) -> list[Any]:
    """A finding as a compact JSON row (a warm run reads tens of thousands of them)."""
    return [f.path, f.line, f.column, f.rule, int(f.severity), f.message, f.end_line,
            f.end_column, f.fix, f.replacement, f.source]  # fmt: skip


def _from_row(row: list[Any]) -> Finding:
    p, line, col, rule, sev, message, end_line, end_col, fix, replacement, source = row
    return Finding(p, line, col, rule, _SEVERITY[sev], message, end_line, end_col, fix,
                   replacement, source)  # fmt: skip


class LintCache:
    """Read and write per-file entries under one fingerprint."""

    def __init__(self, root: Path, fp: str) -> None:
        self.base = cache_dir(root) / "lint"
        self.dir = self.base / fp
        self.fingerprint = fp
        self._pruned = False

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def _slot(self, key: str) -> str:
        return f"{self.fingerprint}/{key}"

    def get(self, key: str) -> list[Finding] | None:
        """Cached findings, or None when absent, corrupt, not sealed by this machine
        (tampered, moved, planted) or a dependency changed."""
        try:
            blob = read_regular_file(self._path(key), MAX_ENTRY_BYTES)
        except OSError:
            return None
        payload = unseal("lint", self._slot(key), blob)
        if payload is None:
            return None
        try:
            entry = json.loads(payload)
            deps = entry.get("deps") or {}
            if deps and stat_deps(deps) != deps:
                return None
            return [_from_row(row) for row in entry["rows"]]
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            return None

    def put(self, key: str, findings: Iterable[Finding], deps: Iterable[str] = ()) -> None:
        """Store an entry atomically; a cache that cannot be written is not an error."""
        if not self._pruned:
            self._prune()
        entry = {"rows": [_to_row(f) for f in findings], "deps": stat_deps(deps)}
        payload = json.dumps(entry, separators=(",", ":")).encode("utf-8")
        self._write(self._path(key), seal("lint", self._slot(key), payload))

    def _write(self, path: Path, blob: bytes | None) -> None:
        if blob is None:  # no safe secret on this machine: nothing is cached
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.base.parent / ".gitignore"
            if not gitignore.exists():  # a cache never belongs in version control
                gitignore.write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except OSError:
            return

    def has_marker(self, name: str) -> bool:
        """Whether ``set_marker(name)`` ran under this fingerprint (on this machine)."""
        try:
            blob = read_regular_file(self.dir / f"{name}.ok", 4096)
        except OSError:
            return False
        return unseal("lint-marker", self._slot(name), blob) == b"ok"

    def set_marker(self, name: str) -> None:
        """Remember a check that passed for this fingerprint (``rules:`` validated)."""
        self._write(self.dir / f"{name}.ok", seal("lint-marker", self._slot(name), b"ok"))

    def _prune(self) -> None:
        """Drop entries of other fingerprints (old config, old code, earlier days)."""
        self._pruned = True
        if not self.base.is_dir() or self.dir.is_dir():
            return
        for child in self.base.iterdir():
            if child.is_dir() and child.name != self.fingerprint:
                shutil.rmtree(child, ignore_errors=True)
