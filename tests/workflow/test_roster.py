"""Roster loading and validation."""

from __future__ import annotations

import pytest

from xdocs.workflow.roster import Person, RosterError, load_roster


def write(tmp_path, text):
    path = tmp_path / "roster.yml"
    path.write_text(text)
    return path


def test_project_roster_covers_every_role(repo_dir):
    roster = load_roster(repo_dir / "site_config" / "roster.yml")
    for role in ("publishing-worker", "publishing-manager", "executive", "chief-ai"):
        assert roster.holders(role), role
    assert any(len(p.roles) > 1 for p in roster)
    assert len({p.email for p in roster}) == len(roster)


@pytest.mark.parametrize(
    "text,words",
    [
        ("people: {}\n", "`people:` list"),
        ("people:\n  - {id: A, email: a@x.y, roles: [executive]}\n", "lowercase slug"),
        ("people:\n  - {id: a, email: nope, roles: [executive]}\n", "email"),
        ("people:\n  - {id: a, email: a@x.y, roles: []}\n", "at least one role"),
        ("people:\n  - {id: a, email: a@x.y, roles: [ceo]}\n", "unknown role 'ceo'"),
        (
            "people:\n  - {id: a, email: a@x.y, roles: [executive]}\n"
            "  - {id: a, email: b@x.y, roles: [executive]}\n",
            "duplicate person id 'a'",
        ),
        ("people:\n  - {id: a, email: a@x.y, roles: [executive], active: maybe}\n", "active"),
        ("people: [\n", "invalid YAML"),
    ],
)
def test_invalid_rosters_are_refused(tmp_path, text, words):
    with pytest.raises(RosterError, match=words):
        load_roster(write(tmp_path, text))


def test_error_names_the_line(tmp_path):
    text = "people:\n  - {id: a, email: a@x.y, roles: [executive]}\n  - {id: b, roles: [x]}\n"
    with pytest.raises(RosterError) as info:
        load_roster(write(tmp_path, text))
    assert info.value.line == 3
    assert str(info.value).startswith(f"{tmp_path / 'roster.yml'}:3:")


def test_missing_roster(tmp_path):
    with pytest.raises(RosterError, match="roster not found"):
        load_roster(tmp_path / "nope.yml")


def test_person_matches_owner_spellings():
    p = Person("ana", "Ana Li", "ana@x.example", ("executive",))
    for value in (
        "ana",
        "ANA",
        "Ana Li",
        "ana@x.example",
        "Ana Li <ana@x.example>",
        {"name": "Ana Li"},
        {"email": "ana@x.example"},
    ):
        assert p.matches(value), value
    for value in ("anna", "", None, 3, {"name": "Bob"}, "Bob <bob@x.example>"):
        assert not p.matches(value), value


def test_inactive_people_are_not_holders(tmp_path):
    roster = load_roster(
        write(tmp_path, "people:\n  - {id: a, email: a@x.y, roles: [executive], active: false}\n")
    )
    assert roster.get("a") is not None
    assert roster.holders("executive") == []
