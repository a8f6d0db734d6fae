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

Storage is the shared sealed cache (:class:`xdocs.cache.SealedCache`, the same
helper the portal uses): content-addressed names, JSON, atomic writes.

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
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from xdocs.cache import SealedCache, content_key, tree_digest
from xdocs.cache import cache_dir as cache_dir
from xdocs.findings import Finding, Severity
from xdocs.rules import LintOptions

CACHE_VERSION = 4
#: bound on one entry (a card with thousands of findings is well under this).
MAX_ENTRY_BYTES = 32 * 1024 * 1024
#: folders (relative to the project root) whose contents change lint results
FINGERPRINT_DIRS = ("styleguide", "vale_styles", "site_config")
FINGERPRINT_FILES = (".vale.ini", "xdocs.yml")
#: parts of the package whose code decides findings (reporters and the portal do not)
SOURCE_PARTS = ("lint", "card", "vale", "workflow", "evidence", "document.py", "findings.py",
                "rules.py", "config.py", "cache.py", "sealed.py")  # fmt: skip


def fingerprint(root: Path, config_data: Mapping[str, Any], options: LintOptions) -> str:
    """Everything besides the file itself that can change its findings."""
    from xdocs import __version__

    digest = hashlib.sha256()
    digest.update(f"xdocs {__version__} cache {CACHE_VERSION}\n".encode())
    digest.update(_dt.date.today().isoformat().encode())
    digest.update(json.dumps(config_data, sort_keys=True, default=str).encode())
    digest.update(json.dumps(options.key(), sort_keys=True, default=str).encode())
    package = Path(__file__).resolve().parents[1]
    for part in SOURCE_PARTS:  # the code that computes findings (development installs change)
        tree_digest(digest, package / part)
    for name in FINGERPRINT_DIRS:
        tree_digest(digest, root / name)
    for name in FINGERPRINT_FILES:
        tree_digest(digest, root / name)
    if options.roster and Path(options.roster).is_file():
        digest.update(Path(options.roster).read_bytes())
    return digest.hexdigest()[:24]


def file_key(data: bytes, display_path: str) -> str:
    """The entry name of a file: its bytes and the path it is shown under."""
    return content_key(data, display_path)


def stat_deps(paths: Iterable[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for p in sorted(set(paths)):
        try:
            st = os.stat(p)
            out[p] = [st.st_size, st.st_mtime_ns]
        except OSError:
            out[p] = [-1, -1]
    return out


_SEVERITY = {int(s): str(s) for s in Severity}


def _to_row(f: Finding) -> list[Any]:
    """A finding as a compact JSON row (a warm run reads tens of thousands of them)."""
    return [f.path, f.line, f.column, f.rule, int(f.severity), f.message, f.end_line,
            f.end_column, f.fix, f.replacement, f.source]  # fmt: skip


def _from_row(row: list[Any]) -> Finding:
    """A row back into a finding, through the one deserializer (types checked). Rule ids
    are not looked up: the entry is sealed by this machine under a fingerprint that
    covers the code and configuration that registered them when it was written."""
    p, line, col, rule, sev, message, end_line, end_col, fix, replacement, source = row
    return Finding.from_dict({"path": p, "line": line, "column": col, "rule": rule,
                              "severity": _SEVERITY[sev], "message": message,
                              "end_line": end_line, "end_column": end_col, "fix": fix,
                              "replacement": replacement, "source": source})  # fmt: skip


class LintCache:
    """Read and write per-file entries under one fingerprint."""

    def __init__(self, root: Path, fp: str) -> None:
        self.base = cache_dir(root) / "lint"
        self.dir = self.base / fp
        self.fingerprint = fp
        self._pruned = False
        ignore = self.base.parent
        self._entries = SealedCache(self.dir, "lint", max_entry_bytes=MAX_ENTRY_BYTES,
                                    slot_prefix=f"{fp}/", ignore_root=ignore)  # fmt: skip
        self._markers = SealedCache(self.dir, "lint-marker", max_entry_bytes=4096,
                                    slot_prefix=f"{fp}/", ignore_root=ignore)  # fmt: skip

    def get(self, key: str) -> list[Finding] | None:
        """Cached findings, or None when absent, corrupt, not sealed by this machine
        (tampered, moved, planted) or a dependency changed."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
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
        self._entries.put(key, entry)

    def has_marker(self, name: str) -> bool:
        """Whether ``set_marker(name)`` ran under this fingerprint (on this machine)."""
        return self._markers.get(name, self.dir / f"{name}.ok") is True

    def set_marker(self, name: str) -> None:
        """Remember a check that passed for this fingerprint (``rules:`` validated)."""
        self._markers.put(name, True, self.dir / f"{name}.ok")

    def _prune(self) -> None:
        """Drop entries of other fingerprints (old config, old code, earlier days)."""
        self._pruned = True
        if not self.base.is_dir() or self.dir.is_dir():
            return
        for child in self.base.iterdir():
            if child.is_dir() and not child.is_symlink() and child.name != self.fingerprint:
                shutil.rmtree(child, ignore_errors=True)
