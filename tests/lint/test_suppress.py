"""Suppression comments: Vale's and xdocs' own, with regions and next-line."""

from __future__ import annotations

from xdocs.findings import Finding, Severity
from xdocs.lint.suppress import parse_suppressions, rule_matches


def f(line: int, rule: str) -> Finding:
    return Finding("c.md", line, 1, rule, Severity.WARNING, "m")


TEXT = """\
line 1
<!-- vale off -->
line 3
<!-- vale on -->
line 5
<!-- vale Xalura.Hype = NO -->
line 7
<!-- vale Xalura.Hype = YES -->
<!-- xdocs-disable proselint, grammar/harper/* -->
line 10
<!-- xdocs-enable proselint -->
line 12
<!-- xdocs-disable-next-line terminology/XaluraTech -->
line 14
line 15
```
<!-- xdocs-disable -->
```
line 19
"""


def test_vale_off_silences_prose_rules_only() -> None:
    sup = parse_suppressions(TEXT)
    assert sup.suppressed(f(3, "vale/Xalura.Hype"))
    assert sup.suppressed(f(3, "proselint/typography.symbols"))
    assert sup.suppressed(f(3, "grammar/harper/SpellCheck"))
    assert not sup.suppressed(f(3, "structure/missing-section"))
    assert not sup.suppressed(f(5, "vale/Xalura.Hype"))


def test_vale_rule_no_yes() -> None:
    sup = parse_suppressions(TEXT)
    assert sup.suppressed(f(7, "vale/Xalura.Hype"))
    assert not sup.suppressed(f(7, "vale/Xalura.Latin"))
    assert not sup.suppressed(f(9 + 10, "vale/Xalura.Hype"))


def test_xdocs_disable_enable_and_globs() -> None:
    sup = parse_suppressions(TEXT)
    assert sup.suppressed(f(10, "proselint/typography.symbols"))
    assert sup.suppressed(f(10, "grammar/harper/SpellCheck"))
    assert not sup.suppressed(f(12, "proselint/typography.symbols"))
    assert sup.suppressed(f(12, "grammar/harper/SpellCheck")), "never re-enabled: to the end"
    assert not sup.suppressed(f(10, "vale/Xalura.Hype"))


def test_next_line_only() -> None:
    sup = parse_suppressions(TEXT)
    assert sup.suppressed(f(14, "terminology/XaluraTech"))
    assert not sup.suppressed(f(15, "terminology/XaluraTech"))
    assert not sup.suppressed(f(14, "terminology/Dataset"))


def test_comments_in_code_blocks_do_nothing() -> None:
    sup = parse_suppressions(TEXT)
    assert not sup.suppressed(f(19, "structure/missing-section"))


def test_whole_file_findings_are_never_suppressed() -> None:
    sup = parse_suppressions("<!-- xdocs-disable -->\ntext\n")
    assert sup.suppressed(f(2, "structure/missing-section"))
    assert not sup.suppressed(f(0, "input/unreadable"))


def test_rule_matches() -> None:
    assert rule_matches("vale/Xalura", "vale/Xalura.Hype")
    assert rule_matches("proselint", "proselint/typography.symbols")
    assert not rule_matches("vale/Xal", "vale/Xalura.Hype")
    assert rule_matches("grammar/*/SpellCheck", "grammar/harper/SpellCheck")
