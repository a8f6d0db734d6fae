"""The rule is the thing that reports (issue 11): no module makes a Finding itself.

A new finding comes from its registered rule (``R[rule_id].finding(...)``, a family
with ``rule_id=``), a changed one from ``dataclasses.replace``, one read back from
data from ``Finding.from_dict`` (the one deserializer). These tests walk the
package's source so a direct ``Finding(...)`` cannot come back unnoticed.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX, Rule

PACKAGE = Path(__file__).resolve().parents[2] / "xdocs"
#: where the constructor may be called: the finding shape itself and the rule model
ALLOWED = {"findings.py", "rules.py"}


def _modules() -> list[tuple[Path, ast.Module]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        out.append((path, ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return out


MODULES = _modules()


def _finding_names(tree: ast.Module) -> set[str]:
    """Names the module binds to the Finding class (``import ... as F`` included)."""
    names = {"Finding"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "xdocs.findings":
            names |= {a.asname or a.name for a in node.names if a.name == "Finding"}
    return names


def _constructor_calls(tree: ast.Module) -> list[int]:
    names = _finding_names(tree)
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (isinstance(func, ast.Name) and func.id in names) or (
            isinstance(func, ast.Attribute) and func.attr == "Finding"
        ):
            lines.append(node.lineno)
    return lines


def test_no_module_constructs_a_finding_outside_the_rule_model() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path, tree in MODULES
        if path.relative_to(PACKAGE).as_posix() not in ALLOWED
        for line in _constructor_calls(tree)
    ]
    assert not offenders, (
        "make new findings with the rule (R[rule_id].finding(...)), copies with "
        f"dataclasses.replace, data read back with Finding.from_dict: {offenders}"
    )


def test_the_walk_sees_every_way_of_calling_the_constructor() -> None:
    """The check above can fail: each spelling of a direct call is caught."""
    for source in (
        "from xdocs.findings import Finding\nFinding('a', 1, 1, 'x/y', 3, 'm')\n",
        "from xdocs.findings import Finding as F\nF(**{})\n",
        "import xdocs.findings\nxdocs.findings.Finding('a', 1, 1, 'x/y', 3, 'm')\n",
    ):
        assert _constructor_calls(ast.parse(source)) == [2], source
    allowed = "R['x/y'].finding('a', 1)\nreplace(f, line=2)\nFinding.from_dict(d)\n"
    assert _constructor_calls(ast.parse(allowed)) == []


def _literal_lookups(tree: ast.Module) -> list[tuple[str, str, int]]:
    """``INDEX["rule/id"]`` subscripts of rule indexes (names R and RUNNER)."""
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("R", "RUNNER")
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            out.append((node.value.id, node.slice.value, node.lineno))
    return out


def test_every_rule_id_a_module_names_is_in_the_index_it_looks_up() -> None:
    """A typo in ``R["risk/mising-rating"]`` would crash the pass on the one card that
    reaches it; find it here instead."""
    checked, missing = 0, []
    for path, tree in MODULES:
        lookups = _literal_lookups(tree)
        if not lookups:
            continue
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = importlib.import_module(name.removesuffix(".__init__"))
        for index, rule_id, line in lookups:
            table = getattr(module, index, None)
            if table is None:  # imported inside a function: the registry's runner rules
                from xdocs.lint.registry import RUNNER as table
            checked += 1
            if rule_id not in table:
                missing.append(f"{name}:{line}: {rule_id}")
    assert checked > 40
    assert not missing, missing


def test_a_rule_reports_only_under_ids_it_covers() -> None:
    rule = Rule("x/y", "Summary.", "Why.", "bad text", Severity.ERROR, "Fix it.")
    family = Rule("fam/*", "Family.", "Why.", "bad text")
    assert rule.finding("a.md", 3).rule == "x/y"
    assert family.finding("a.md", 3, rule_id="fam/Member").rule == "fam/Member"
    for bad in ("x/z", "fam/*"):
        with pytest.raises(ValueError, match="cannot report"):
            (family if bad.startswith("fam") else rule).finding("a.md", 1, rule_id=bad)


def test_a_finding_may_carry_no_hint_and_keeps_an_empty_message() -> None:
    rule = Rule("x/y", "Summary.", "Why.", "bad text", Severity.ERROR, "Fix it.")
    assert rule.finding("a.md", 1).fix == "Fix it."
    assert rule.finding("a.md", 1, fix=NO_FIX).fix is None
    assert "fix" not in rule.finding("a.md", 1, fix=NO_FIX).to_dict()
    assert rule.finding("a.md", 1).message == "Summary."
    assert rule.finding("a.md", 1, message="").message == ""


def test_the_deserializer_refuses_unregistered_ids_when_asked() -> None:
    data = Rule("x/y", "S.", "W.", "bad").finding("a.md", 2, 1, "m").to_dict()
    assert Finding.from_dict(data, registered={"x/y"}.__contains__).rule == "x/y"
    with pytest.raises(ValueError, match="not registered"):
        Finding.from_dict(data, registered={"x/z"}.__contains__)
