"""The workflow's root of trust: roster, workflow policy and mailmap, and where
they are read from.

By default from the working tree. With ``--roster-from REV`` (pull requests:
``--roster-from origin/main``) all three come from that git revision, so the
change under review can neither add its author to the roster, nor turn
signatures off in ``xdocs.yml``, nor point ``roster:`` at a file of its own,
nor map its commits to an approver in ``.mailmap``. The working tree's
``.mailmap`` is used for ``--verify-git`` only when asked for explicitly
(``--trust-worktree-mailmap``), because anyone who can push can edit it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.workflow.gitsource import GitSourceError, Mailmap, read_at_revision, repo_root
from xdocs.workflow.roster import Roster, RosterError, load_roster, roster_from_text
from xdocs.workflow.settings import WorkflowSettings

DEFAULT_ROSTER = "site_config/roster.yml"


@dataclass
class Trust:
    """What the workflow trusts for one run."""

    roster: Roster
    settings: WorkflowSettings
    #: where it came from, for messages ("working tree" or "origin/main")
    source: str = "working tree"
    #: the git revision the trust root is read from (None: the working tree)
    revision: str | None = None
    #: apply the working tree's .mailmap (only when asked explicitly)
    trust_worktree_mailmap: bool = False
    _mailmaps: dict[str, Mailmap | None] = field(default_factory=dict, repr=False)

    def mailmap_for(self, card_path: Path) -> Mailmap | None:
        """The mailmap trusted for the repository that holds ``card_path``:
        ``.mailmap`` at :attr:`revision` when reading from a revision, the
        working tree's only with :attr:`trust_worktree_mailmap`, else none."""
        if not self.revision and not self.trust_worktree_mailmap:
            return None
        try:
            root = repo_root(card_path.resolve())
        except GitSourceError:
            return None
        key = str(root)
        if key not in self._mailmaps:
            self._mailmaps[key] = self._read_mailmap(root)
        return self._mailmaps[key]

    def _read_mailmap(self, root: Path) -> Mailmap | None:
        path = root / ".mailmap"
        if self.revision:
            try:
                data = read_at_revision(self.revision, path)
            except GitSourceError:
                return None
            if data is None:
                return None
            return Mailmap.parse(
                data.decode("utf-8", errors="replace"), f"{self.revision}:.mailmap"
            )
        if path.is_file() and not path.is_symlink():
            return Mailmap.parse(path.read_text(encoding="utf-8", errors="replace"), str(path))
        return None


def load_trust(
    config: Any = None,
    roster_option: str | Path | None = None,
    roster_from: str | None = None,
    *,
    trust_worktree_mailmap: bool = False,
) -> Trust:
    """Load the roster, the ``workflow:`` settings and the mailmap.

    Raises :class:`RosterError` (with the file and the reason) when the roster
    cannot be read, ``ConfigError`` for a bad ``workflow:`` section.
    """
    from xdocs.config import load_config

    if config is None:
        config = load_config()
    if not roster_from:
        roster_path = (
            Path(roster_option) if roster_option else config.resolve("roster", DEFAULT_ROSTER)
        )
        return Trust(
            load_roster(roster_path),
            WorkflowSettings.from_config(config),
            trust_worktree_mailmap=trust_worktree_mailmap,
        )
    label = f"{roster_from}"
    base_config = _config_at(config, roster_from)
    settings = WorkflowSettings.from_config(base_config)
    rel = roster_option or base_config.data.get("roster") or DEFAULT_ROSTER
    roster_path = Path(str(rel))
    if not roster_path.is_absolute():
        roster_path = config.root / roster_path
    try:
        data = read_at_revision(roster_from, roster_path)
    except GitSourceError as exc:
        raise RosterError(str(rel), f"--roster-from {roster_from}: {exc}") from None
    except ValueError:
        raise RosterError(str(rel), "the roster is outside the git repository") from None
    if data is None:
        raise RosterError(f"{roster_from}:{rel}", "no roster at that revision")
    roster = roster_from_text(
        data.decode("utf-8", errors="replace"), f"{roster_from}:{Path(str(rel)).as_posix()}"
    )
    return Trust(roster, settings, label, revision=roster_from)


def resolve_revision(rev: str, cwd: Path) -> str:
    """``rev`` as a full commit id (so a cache keyed on it never goes stale
    when a branch moves). Raises :class:`GitSourceError`."""
    from xdocs.workflow.gitsource import _git

    if not rev or rev.startswith("-"):
        raise GitSourceError(f"{rev!r} is not a git revision")
    proc = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    if proc.returncode != 0:
        raise GitSourceError(f"unknown git revision {rev!r} (fetch it first: git fetch origin)")
    return proc.stdout.strip()


def _config_at(config: Any, rev: str) -> Any:
    """The project's xdocs.yml as ``rev`` holds it (defaults when it has none)."""
    from xdocs.config import CONFIG_NAMES, Config, ConfigError
    from xdocs.document import parse_yaml

    for name in CONFIG_NAMES:
        path = config.root / name
        try:
            data = read_at_revision(rev, path)
        except GitSourceError as exc:
            raise ConfigError(name, f"--roster-from {rev}: {exc}") from None
        except ValueError:
            continue
        if data is None:
            continue
        parsed, err = parse_yaml(data.decode("utf-8", errors="replace"), f"{rev}:{name}")
        if err is not None:
            raise ConfigError(f"{rev}:{name}", err.message, err.line)
        plain = {str(k): v for k, v in parsed.items()} if isinstance(parsed, dict) else {}
        return Config(root=config.root, path=Path(f"{rev}:{name}"), data=_plain(plain))
    return Config(root=config.root)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
