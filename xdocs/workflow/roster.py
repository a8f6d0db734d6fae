"""The roster: who holds which role in the publishing process.

``site_config/roster.yml`` lists people by a short id (the slug written in
approval records), a name, an email (``xdocs status --verify-git`` compares it
with the git author of each record) and their roles. The roster is the root of
trust of the workflow, so it is validated strictly: an unknown role or a
duplicate id is a :class:`RosterError`, never a silently ignored entry.
Protect the file with CODEOWNERS (see docs/workflow.md).

A person who leaves keeps their entry with ``active: false`` and the date
they left (``until: 2026-09-30``): their records dated before it stay valid,
any record dated on or after it counts for nothing (a hand-written record as
much as one ``xdocs approve`` would refuse). Their keys stop vouching for
records from that date too.

``keys:`` lists each person's SSH public keys (OpenSSH lines, or mappings
``{key, valid_after, valid_before, revoked}``): see
:mod:`xdocs.workflow.signature`. Rotating a key means giving the old one a
``valid_before`` and adding the new one: old records keep verifying. A key
that leaked is ``revoked: true``: every record it signed stops counting.

Ids are compared by their look-alike skeleton too
(:mod:`xdocs.workflow.identity`): two ids that only differ by a homoglyph
are a :class:`RosterError`, so a look-alike of someone's id can never be
added beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.workflow.identity import names, skeleton
from xdocs.workflow.signature import PublicKey, parse_key_date, parse_public_key
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
    #: the day an inactive person left: their records from then on do not count
    until: dt.datetime | None = None
    keys: tuple[PublicKey, ...] = ()

    def holds(self, role: str) -> bool:
        return role in self.roles

    def active_at(self, moment: dt.datetime | None) -> bool:
        """Whether the person could decide at ``moment``: active people
        always; people who left, only before their ``until`` date."""
        if self.active:
            return True
        return self.until is not None and moment is not None and moment < self.until

    def matches(self, value: Any) -> bool:
        """Whether an owner/submitter entry (id, email, ``Name <email>``,
        ``@id``, ``Name (id)``, a mapping of those) names this person, by
        look-alike skeleton (:mod:`xdocs.workflow.identity`)."""
        return names(value, (self.id, self.email, self.name))


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
        skeletons: dict[str, str] = {}
        key_owners: dict[str, str] = {}
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
            twin = skeletons.get(skeleton(pid))
            if twin is not None:
                raise RosterError(
                    path,
                    f"person id {pid!r} looks like {twin!r}: ids must be distinguishable",
                    line,
                )
            skeletons[skeleton(pid)] = pid
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
            try:
                until = parse_key_date(entry.get("until"))
            except ValueError:
                until = None
                raise RosterError(
                    path, f"{pid}: `until` must be a date (YYYY-MM-DD)", line
                ) from None
            if until is not None and active:
                raise RosterError(path, f"{pid}: `until` is only for `active: false`", line)
            keys = _keys(entry.get("keys"), pid, path, line)
            for key in keys:
                owner = key_owners.setdefault(key.blob, pid)
                if owner != pid:
                    raise RosterError(
                        path,
                        f"{pid}: key {key.fingerprint} is already {owner}'s: keys are personal",
                        line,
                    )
            name = entry.get("name") or pid
            people[pid] = Person(
                pid, str(name), email, tuple(str(r) for r in roles), active, until, keys
            )
        return cls(people, path)


def load_roster(path: str | Path) -> Roster:
    """Read and validate a roster file; raise :class:`RosterError` with the reason."""
    p = Path(path)
    if not p.is_file():
        raise RosterError(str(path), "roster not found: create it or pass --roster FILE")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(str(path), f"cannot read roster: {exc}") from None
    return roster_from_text(text, str(path))


def roster_from_text(text: str, label: str) -> Roster:
    """Parse and validate roster YAML read from anywhere (a file, a git revision)."""
    from xdocs.document import parse_yaml

    data, err = parse_yaml(text, label)
    if err is not None:
        raise RosterError(label, err.message, err.line)
    return Roster.from_data(data, label)


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


def _keys(value: Any, pid: str, path: str, line: int) -> tuple[PublicKey, ...]:
    """A person's ``keys:``: OpenSSH lines or ``{key, valid_after, valid_before,
    revoked}`` mappings. Any malformed entry is a RosterError (the roster is
    the root of trust: nothing in it is silently ignored)."""
    if value is None:
        return ()
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        raise RosterError(path, f"{pid}: `keys` must be a list of SSH public keys", line)
    out: list[PublicKey] = []
    for i, item in enumerate(value):
        where = f"{pid}: keys[{i}]"
        try:
            if isinstance(item, str):
                out.append(parse_public_key(item))
                continue
            if not isinstance(item, dict) or not isinstance(item.get("key"), str):
                raise ValueError("must be an OpenSSH public key line or a mapping with `key:`")
            unknown = set(map(str, item)) - {"key", "valid_after", "valid_before", "revoked"}
            if unknown:
                raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
            revoked = item.get("revoked", False)
            if not isinstance(revoked, bool):
                raise ValueError("`revoked` must be true or false")
            base = parse_public_key(item["key"])
            after = parse_key_date(item.get("valid_after")) or base.valid_after
            before = parse_key_date(item.get("valid_before")) or base.valid_before
            out.append(PublicKey(base.type, base.blob, base.comment, after, before, revoked))
        except ValueError as exc:
            raise RosterError(path, f"{where}: {exc}", line) from None
    blobs = [k.blob for k in out]
    if len(set(blobs)) != len(blobs):
        raise RosterError(path, f"{pid}: the same key is listed twice", line)
    return tuple(out)


def _line(seq: Any, index: int) -> int:
    from xdocs.positions import node_line

    return node_line(seq, (index,)) or 0
