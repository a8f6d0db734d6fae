"""xdocs.yml: where the project is and how it is configured.

The project root is the nearest folder, from the working directory up, that
holds ``site_config/xdocs.yml`` (or ``xdocs.yml``); failing that, the folder
this package was installed from in development mode. Paths in the config are
relative to the root. Errors are :class:`ConfigError` with the file and line,
which the CLI turns into one message and exit code 2.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xdocs.fileio import ReadPolicy

CONFIG_NAMES = ("site_config/xdocs.yml", "xdocs.yml")

#: top-level keys xdocs.yml may hold (a typo is an error, not silently ignored).
KNOWN_KEYS = {
    "cards",
    "checklist",
    "sections",
    "terminology",
    "roster",
    "templates",
    "rules",
    "lint",
    "vale",
    "grammar",
    "evidence",
    "portal",
    "workflow",
    "input",
}

#: keys of ``input:`` (how far reading trusts the file system; docs/security.md).
INPUT_KEYS = {"max_card_bytes", "follow_symlinks"}


class ConfigError(Exception):
    """A configuration problem: ``path:line: message``."""

    def __init__(self, path: str, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def package_root() -> Path:
    """The repository this package lives in (for the bundled styleguide/templates)."""
    return Path(__file__).resolve().parent.parent


def find_project_root(start: Path | None = None) -> Path:
    """Nearest ancestor of ``start`` (default: cwd) that has an xdocs config."""
    env = os.environ.get("XDOCS_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / name).is_file() for name in CONFIG_NAMES):
            return folder
    return package_root()


@dataclass
class Config:
    """The loaded configuration: raw data plus helpers that resolve paths."""

    root: Path
    path: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """A top-level mapping (``{}`` when missing)."""
        value = self.data.get(name)
        return dict(value) if isinstance(value, dict) else {}

    def resolve(self, key: str, default: str) -> Path:
        """A path setting relative to the root, with a default relative path."""
        value = self.data.get(key) or default
        path = Path(str(value))
        return path if path.is_absolute() else self.root / path

    def data_file(self, key: str, default: str) -> Path:
        """A styleguide data file: the project's own, else the one bundled with xdocs."""
        path = self.resolve(key, default)
        if path.exists():
            return path
        return package_root() / default


def load_config(root: Path | None = None, path: Path | None = None) -> Config:
    """Load xdocs.yml (explicit ``path``, else discovered from ``root``/cwd)."""
    from xdocs.document import parse_yaml
    from xdocs.positions import node_line

    if path is None:
        root = root or find_project_root()
        for name in CONFIG_NAMES:
            if (root / name).is_file():
                path = root / name
                break
    else:
        if not path.is_file():
            raise ConfigError(str(path), "config file not found")
        root = root or (path.parent.parent if path.parent.name == "site_config" else path.parent)
    assert root is not None
    if path is None:
        config = Config(root=root)
        _install_read_policy(config)
        return config
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read config: {exc}") from None
    data, err = parse_yaml(text, str(path))
    if err is not None:
        raise ConfigError(str(path), err.message, err.line)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "xdocs.yml must be a mapping of settings", 1)
    for key in data:
        if key not in KNOWN_KEYS:
            line = node_line(data, (key,)) or 0
            raise ConfigError(
                str(path),
                f"unknown setting {key!r}; known settings: {', '.join(sorted(KNOWN_KEYS))}",
                line,
            )
    config = Config(root=root, path=path, data=_plain(data))
    _install_read_policy(config)
    return config


def read_policy_of(config: Config) -> ReadPolicy:
    """``input:`` as a :class:`xdocs.fileio.ReadPolicy`; ConfigError when invalid.

    ``max_card_bytes`` (default 5 MB) bounds every card read; ``follow_symlinks``
    (default false) follows a link only when its target stays inside the project.
    """
    from xdocs.fileio import DEFAULT_MAX_BYTES, ReadPolicy, parse_size

    where = str(config.path or "xdocs.yml")
    section = config.data.get("input")
    if section is None:
        section = {}
    if not isinstance(section, dict):
        raise ConfigError(where, "input must be a mapping (max_card_bytes, follow_symlinks)")
    unknown = sorted(set(section) - INPUT_KEYS)
    if unknown:
        raise ConfigError(
            where, f"unknown input setting(s) {', '.join(unknown)}; known: max_card_bytes, "
            "follow_symlinks",
        )  # fmt: skip
    try:
        limit = parse_size(section.get("max_card_bytes", DEFAULT_MAX_BYTES))
    except ValueError as exc:
        raise ConfigError(where, f"input.max_card_bytes: {exc}") from None
    follow = section.get("follow_symlinks", False)
    if not isinstance(follow, bool):
        raise ConfigError(where, "input.follow_symlinks must be true or false")
    return ReadPolicy(max_bytes=limit, follow_symlinks=follow, root=config.root)


def _install_read_policy(config: Config) -> None:
    """Every read in this process follows the loaded project's ``input:`` settings."""
    from xdocs.fileio import set_read_policy

    set_read_policy(read_policy_of(config))


def _plain(value: Any) -> Any:
    """ruamel containers → plain dict/list (configs are read, never written back)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
