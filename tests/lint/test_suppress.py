"""Suppression comments: Vale's and xdocs' own, with regions and next-line."""

from __future__ import annotations

from xdocs.document import Document
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
    sup = parse_suppressions(Document.from_text(TEXT))
    assert sup.suppressed(f(3, "vale/Xalura.Hype"))
    assert sup.suppressed(f(3, "proselint/typography.symbols"))
    assert sup.suppressed(f(3, "grammar/harper/SpellCheck"))
    assert not sup.suppressed(f(3, "structure/missing-section"))
    assert not sup.suppressed(f(5, "vale/Xalura.Hype"))


def test_vale_rule_no_yes() -> None:
    sup = parse_suppressions(Document.from_text(TEXT))
    assert sup.suppressed(f(7, "vale/Xalura.Hype"))
    assert not sup.suppressed(f(7, "vale/Xalura.Latin"))
    assert not sup.suppressed(f(9 + 10, "vale/Xalura.Hype"))


def test_xdocs_disable_enable_and_globs() -> None:
    sup = parse_suppressions(Document.from_text(TEXT))
    assert sup.suppressed(f(10, "proselint/typography.symbols"))
    assert sup.suppressed(f(10, "grammar/harper/SpellCheck"))
    assert not sup.suppressed(f(12, "proselint/typography.symbols"))
    assert sup.suppressed(f(12, "grammar/harper/SpellCheck")), "never re-enabled: to the end"
    assert not sup.suppressed(f(10, "vale/Xalura.Hype"))


def test_next_line_only() -> None:
    sup = parse_suppressions(Document.from_text(TEXT))
    assert sup.suppressed(f(14, "terminology/XaluraTech"))
    assert not sup.suppressed(f(15, "terminology/XaluraTech"))
    assert not sup.suppressed(f(14, "terminology/Dataset"))


def test_comments_in_code_blocks_do_nothing() -> None:
    sup = parse_suppressions(Document.from_text(TEXT))
    assert not sup.suppressed(f(19, "structure/missing-section"))


def test_whole_file_findings_are_never_suppressed() -> None:
    sup = parse_suppressions(Document.from_text("<!-- xdocs-disable -->\ntext\n"))
    assert sup.suppressed(f(2, "structure/missing-section"))
    assert not sup.suppressed(f(0, "input/unreadable"))


def test_rule_matches() -> None:
    assert rule_matches("vale/Xalura", "vale/Xalura.Hype")
    assert rule_matches("proselint", "proselint/typography.symbols")
    assert not rule_matches("vale/Xal", "vale/Xalura.Hype")
    assert rule_matches("grammar/*/SpellCheck", "grammar/harper/SpellCheck")


def test_a_comment_shown_in_an_indented_code_block_suppresses_nothing() -> None:
    """Issue 11: suppressions were found by scanning raw lines for fences, so an
    indented code block that *shows* `<!-- vale off -->` silenced every prose
    finding to the end of the file."""
    text = (
        "# Card\n\nTo silence Vale, write:\n\n    <!-- vale off -->\n\n"
        "A sentence with a problem.\n\nAnd `<!-- xdocs-disable -->` in a code span.\n"
    )
    sup = parse_suppressions(Document.from_text(text))
    assert not sup
    assert not sup.suppressed(Finding("c.md", 7, 1, "vale/Xalura.Passive", Severity.WARNING, "x"))


def test_inline_comment_in_a_paragraph_counts_at_its_line() -> None:
    text = "# Card\n\nFirst line\nsecond <!-- xdocs-disable-line proselint --> line\n"
    sup = parse_suppressions(Document.from_text(text))
    assert sup.ranges == [("proselint", 4, 4)]
