"""Projects: which xdocs configuration an open file belongs to, kept up to date.

A file belongs to the nearest folder above it that holds ``site_config/xdocs.yml``
(or ``xdocs.yml``), as for ``xdocs check`` run from that folder; failing that, to
the editor's workspace folder that contains it (bundled style guide and
defaults). The configuration, the roster and the rule book are loaded once
and reloaded when any file that changes lint results changes (xdocs.yml, the
style guide, Vale styles, the roster): each reload bumps ``generation``, which
tells the lint workers to rebuild their engines.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from xdocs.config import CONFIG_NAMES, Config, ConfigError, load_config

#: how often (seconds) the configuration files are stat'ed for changes
REFRESH_INTERVAL = 1.0
#: files larger than this in the configuration folders are not worth stat'ing twice
_MAX_WALK_FILES = 5000


def find_root(path: Path, workspace_roots: list[Path]) -> Path:
    """The project root of ``path``: nearest ancestor with an xdocs config, else the
    workspace folder holding it, else its own folder."""
    folder = path.parent
    for candidate in (folder, *folder.parents):
        if any((candidate / name).is_file() for name in CONFIG_NAMES):
            return candidate
    for root in sorted(workspace_roots, key=lambda p: -len(p.parts)):
        if folder == root or root in folder.parents:
            return root
    return folder


def _signature(paths: list[Path]) -> tuple[Any, ...]:
    """Sizes and modification times of every file under ``paths`` (no contents read)."""
    out: list[tuple[str, int, int]] = []
    for path in paths:
        try:
            if path.is_file():
                st = path.stat()
                out.append((str(path), st.st_size, st.st_mtime_ns))
                continue
            if not path.is_dir():
                out.append((str(path), -1, -1))
                continue
        except OSError:
            continue
        for dirpath, dirnames, filenames in os.walk(path):  # never follows symlinked folders
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if len(out) > _MAX_WALK_FILES:
                    return tuple(out)
                p = os.path.join(dirpath, name)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                out.append((p, st.st_size, st.st_mtime_ns))
    return tuple(out)


class Project:
    """One project root: its configuration and what derives from it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.generation = 0
        self.config = Config(root=root)
        self.config_error: str | None = None
        self._signature: tuple[Any, ...] = ()
        self._checked = 0.0
        self._lock = threading.Lock()
        self._rulebook: Any = None
        self._cache: Any = None
        self._roster: Any = None
        self.reload()

    # -- configuration ----------------------------------------------------------------
    def reload(self) -> None:
        """Read xdocs.yml again; forget everything that derives from it."""
        from xdocs.lsp import linting

        try:
            self.config = load_config(self.root)
            self.config_error = None
        except ConfigError as err:
            self.config = Config(root=self.root)
            self.config_error = str(err)
        self._signature = _signature(linting.config_inputs(self.config))
        self._checked = time.monotonic()
        with self._lock:
            self._rulebook = self._cache = self._roster = None
        self.generation += 1

    def refresh(self, force: bool = False) -> bool:
        """Reload when a configuration file changed; True when it did."""
        from xdocs.lsp import linting

        now = time.monotonic()
        if not force and now - self._checked < REFRESH_INTERVAL:
            return False
        self._checked = now
        if _signature(linting.config_inputs(self.config)) == self._signature:
            return False
        self.reload()
        return True

    # -- derived, loaded lazily (callers run these off the event loop) -----------------
    def rulebook(self) -> Any:
        """The :class:`~xdocs.lsp.linting.RuleBook` (imports every pass: call in a thread)."""
        from xdocs.lsp.linting import RuleBook

        with self._lock:
            if self._rulebook is None:
                self._rulebook = RuleBook(self.config)
            return self._rulebook

    def rulebook_if_loaded(self) -> Any:
        return self._rulebook

    def check_cache(self) -> Any:
        """The ``xdocs check`` cache for this configuration (hashes the style guide once)."""
        from xdocs.lsp.linting import CheckCache

        with self._lock:
            if self._cache is None:
                self._cache = CheckCache(self.config)
            return self._cache

    def roster(self) -> Any:
        """The roster (empty when it cannot be read: completion then offers no ids)."""
        return self.trust().roster

    def trust(self) -> Any:
        """Roster and workflow settings (signatures), loaded once."""
        from xdocs.workflow.roster import Roster, RosterError
        from xdocs.workflow.settings import WorkflowSettings
        from xdocs.workflow.trust import Trust, load_trust

        with self._lock:
            if self._roster is None:
                try:
                    self._roster = load_trust(self.config)
                except (RosterError, ConfigError):
                    self._roster = Trust(Roster(), WorkflowSettings())
            return self._roster

    def display_path(self, path: Path) -> str:
        """How ``xdocs check`` run at the root names the file (the cache key uses it)."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


class Projects:
    """Every project the open files belong to."""

    def __init__(self) -> None:
        self.workspace_roots: list[Path] = []
        self._by_root: dict[Path, Project] = {}

    def for_path(self, path: Path) -> Project:
        root = find_root(path, self.workspace_roots)
        project = self._by_root.get(root)
        if project is None:
            project = self._by_root[root] = Project(root)
        return project

    def default(self) -> Project:
        """For documents that are not files (``untitled:``): the first workspace folder."""
        root = self.workspace_roots[0] if self.workspace_roots else Path.cwd()
        return self.for_path(root / "untitled.md")

    def all(self) -> list[Project]:
        return list(self._by_root.values())
