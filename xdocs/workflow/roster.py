"""The roster: who holds which role in the publishing process.

``site_config/roster.yml`` lists people by a short id (the slug written in
approval records), a name, an email (``xdocs status --verify-git`` compares it
with the git author of each record) and their roles. The roster is the root of
trust of the workflow, so it is validated strictly: an unknown role or a
duplicate id is a :class:`RosterError`, never a silently ignored entry.
Protect the file with CODEOWNERS (see docs/workflow.md).

A person who leaves keeps their entry with ``active: false``: their past
records stay valid, but they can record no new decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.workflow.stages import ROLES

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class RosterError(Exception):
    """A roster that cannot be used: ``path:line: message``."""

    def __init__(self, path: str, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Person:
    """One roster entry."""

    id: str
    name: str
    email: str
    roles: tuple[str, ...]
    active: bool = True

    def holds(self, role: str) -> bool:
        return role in self.roles

    def matches(self, value: Any) -> bool:
        """Whether an owner/submitter entry (id, email, name or a mapping of
        those) names this person. Case-insensitive."""
        if isinstance(value, dict):
            return any(self.matches(value.get(k)) for k in ("id", "email", "name"))
        if not isinstance(value, str) or not value.strip():
            return False
        text = value.strip().lower()
        # "Alice Ng <alice@xalura.example>" names alice too.
        m = re.search(r"<([^>]+)>", text)
        if m and m.group(1).strip() == self.email.lower():
            return True
        return text in {self.id.lower(), self.email.lower(), self.name.lower()}


@dataclass
class Roster:
    """People by id. Build with :func:`load_roster` or directly in tests."""

    people: dict[str, Person] = field(default_factory=dict)
    path: str = "<roster>"

    def get(self, person_id: Any) -> Person | None:
        return self.people.get(person_id) if isinstance(person_id, str) else None

    def holders(self, role: str) -> list[Person]:
        """Active people holding ``role``, in roster order."""
        return [p for p in self.people.values() if p.active and p.holds(role)]

    def __iter__(self) -> Iterator[Person]:
        return iter(self.people.values())

    def __len__(self) -> int:
        return len(self.people)

    @classmethod
    def from_data(cls, data: Any, path: str = "<roster>") -> Roster:
        """Validate parsed roster YAML (``{"people": [...]}``)."""
        if not isinstance(data, dict) or not isinstance(data.get("people"), list):
            raise RosterError(path, "the roster must have a `people:` list", 1)
        people: dict[str, Person] = {}
        for index, entry in enumerate(data["people"]):
            line = _line(data["people"], index)
            if not isinstance(entry, dict):
                raise RosterError(path, f"people[{index}] must be a mapping (id, name, …)", line)
            pid = entry.get("id")
            if not isinstance(pid, str) or not _ID.match(pid):
                raise RosterError(
                    path,
                    f"people[{index}]: `id` must be a lowercase slug (letters, digits, . _ -), "
                    f"got {pid!r}",
                    line,
                )
            if pid in people:
                raise RosterError(path, f"duplicate person id {pid!r}", line)
            email = entry.get("email")
            if not isinstance(email, str) or not _EMAIL.match(email):
                raise RosterError(path, f"{pid}: `email` must be an email address", line)
            roles = entry.get("roles")
            if isinstance(roles, str):
                roles = [roles]
            if not isinstance(roles, list) or not roles:
                raise RosterError(path, f"{pid}: `roles` must list at least one role", line)
            for role in roles:
                if role not in ROLES:
                    raise RosterError(
                        path, f"{pid}: unknown role {role!r}; roles are {', '.join(ROLES)}", line
                    )
            active = entry.get("active", True)
            if not isinstance(active, bool):
                raise RosterError(path, f"{pid}: `active` must be true or false", line)
            name = entry.get("name") or pid
            people[pid] = Person(pid, str(name), email, tuple(str(r) for r in roles), active)
        return cls(people, path)


def load_roster(path: str | Path) -> Roster:
    """Read and validate a roster file; raise :class:`RosterError` with the reason."""
    from xdocs.document import parse_yaml

    p = Path(path)
    if not p.is_file():
        raise RosterError(str(path), "roster not found: create it or pass --roster FILE")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(str(path), f"cannot read roster: {exc}") from None
    data, err = parse_yaml(text, str(path))
    if err is not None:
        raise RosterError(str(path), err.message, err.line)
    return Roster.from_data(data, str(path))


def default_roster_path(config: Any = None) -> Path:
    """The roster the configuration names (``roster:`` in xdocs.yml), else
    ``site_config/roster.yml`` under the project root."""
    if config is None:
        from xdocs.config import load_config

        config = load_config()
    return config.resolve("roster", "site_config/roster.yml")


def resolve_roster(option: str | Path | None = None, config: Any = None) -> Roster:
    """The roster for a command: ``--roster FILE`` when given, else the default.

    Raises :class:`RosterError` (and ``ConfigError`` for a broken xdocs.yml).
    """
    return load_roster(Path(option) if option else default_roster_path(config))


def _line(seq: Any, index: int) -> int:
    try:
        return seq.lc.item(index)[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return 0
