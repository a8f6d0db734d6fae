"""What a portal build is asked to do, what it reports, and whom it trusts.

:class:`PortalSettings` is the one description of a build (the plugin, ``xdocs
build`` and ``--markdown-only`` all make one); :class:`BuildReport` says what
the last refresh did; :func:`load_portal_trust` loads the roster and workflow
settings every status is derived with; :func:`code_fingerprint` changes when
the code or data that shapes a summary changes (part of every cache key).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger("mkdocs.plugins.xdocs")

#: bump when the shape of CardEntry changes (invalidates the summary cache).
CACHE_FORMAT = 2

#: what shapes a card summary (code and data); the guide pages also depend on the rules.
SUMMARY_SOURCES = (
    "xdocs/card",
    "xdocs/workflow",
    "xdocs/portal",
    "xdocs/document",  # a package since issue 11: the old file name matched nothing
    "xdocs/positions.py",
    "xdocs/yamlpos.py",
    "xdocs/slugs.py",
    "xdocs/config.py",
    "xdocs/plaindata.py",
    "xdocs/evidence/evaluate/summary.py",
    "styleguide",
    "templates",
)
GUIDE_SOURCES = (*SUMMARY_SOURCES, "xdocs/lint", "xdocs/evidence", "vale_styles")

SearchMode = Literal["auto", "material", "pagefind"]


@dataclass
class PortalSettings:
    """What to build from where."""

    root: Path
    cards_dir: Path
    #: only published cards, no preview UI (the published portal).
    published: bool = False
    #: lint findings on each page (preview only; needs the lint runner).
    lint: bool = False
    directory_urls: bool = True
    #: worker processes for summarizing cards and rendering pages (0: one per CPU).
    jobs: int = 0
    #: summary cache folder (None: no cache; never used by a published build).
    cache_dir: Path | None = None
    roster_path: Path | None = None
    #: read the roster and the workflow settings from this git revision
    #: (``xdocs build --roster-from origin/main``), not the working tree
    roster_from: str | None = None
    now: dt.datetime | None = None
    #: the site's own URL prefix (``--site-url``): one team's site in a larger portal.
    site_url: str | None = None

    @property
    def preview(self) -> bool:
        return not self.published


@dataclass
class BuildReport:
    """What the last refresh did (for logs and the benchmark)."""

    cards: int = 0
    summarized: int = 0
    from_cache: int = 0
    changed_models: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    #: card versions with a page in this build (published ones only with --published).
    shown: int = 0


def code_fingerprint(sources: tuple[str, ...] = SUMMARY_SOURCES) -> str:
    """Changes when the code or data that shapes a summary changes."""
    from xdocs.cache import trees_fingerprint
    from xdocs.config import package_root

    base = package_root()
    return trees_fingerprint(
        (base / folder for folder in sources),
        salt=f"portal {CACHE_FORMAT}",
        suffixes=(".py", ".yml", ".yaml", ".j2"),
        base=base,
        length=16,
    )


def install_project_read_policy(root: Path) -> None:
    """Read cards with the project's ``input:`` settings, also under plain ``mkdocs``
    (which never loads xdocs.yml itself); an invalid xdocs.yml keeps the safe defaults."""
    from xdocs.config import ConfigError, load_config

    try:
        load_config(root)
    except ConfigError as err:
        log.warning("xdocs: %s", err)


def load_portal_trust(settings: PortalSettings) -> tuple[Any, str | None]:
    """The roster and workflow settings the portal judges cards with, and a
    problem message. A roster that cannot be read gives an empty roster (no
    record counts, nothing is published), never a crash."""
    from xdocs.config import ConfigError, load_config
    from xdocs.workflow.roster import Roster, RosterError
    from xdocs.workflow.settings import WorkflowSettings
    from xdocs.workflow.trust import Trust, load_trust

    try:
        config = load_config(settings.root)
        path = settings.roster_path
        if path is not None and not path.is_file() and not settings.roster_from:
            return Trust(Roster(), WorkflowSettings.from_config(config)), None
        return load_trust(config, path, settings.roster_from), None
    except (RosterError, ConfigError) as exc:
        return Trust(Roster(), WorkflowSettings("required")), f"cannot check approvals: {exc}"
