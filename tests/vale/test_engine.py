"""The built-in engine on small documents: scopes, code, comments, the house style."""

from __future__ import annotations

from pathlib import Path

import pytest

from xdocs.vale import alerts_to_findings, lint_text, load_linter, run_vale

REPO = Path(__file__).resolve().parents[2]


def _cfg(tmp_path, rules: dict[str, str], extra: str = "") -> Path:
    (tmp_path / "styles" / "T").mkdir(parents=True)
    for name, body in rules.items():
        (tmp_path / "styles" / "T" / f"{name}.yml").write_text(body)
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        f"StylesPath = styles\nMinAlertLevel = suggestion\n{extra}[*.md]\nBasedOnStyles = T\n"
    )
    return ini


WORD = "extends: existence\nmessage: \"Found '%s'.\"\nlevel: error\ntokens:\n  - foo\n"


def test_code_and_front_matter_are_skipped(tmp_path):
    ini = _cfg(tmp_path, {"Word": WORD})
    text = "---\ntags: [foo]\n---\n\nfoo here `foo` there\n\n```\nfoo\n```\n\n- item foo\n"
    alerts = lint_text(text, "a.md", ini)
    assert [(a.line, a.span[0]) for a in alerts] == [(5, 1), (11, 8)]


def test_comment_switches(tmp_path):
    ini = _cfg(tmp_path, {"Word": WORD})
    text = (
        "<!-- vale off -->\n\nfoo\n\n<!-- vale on -->\n\nfoo\n\n<!-- vale T.Word = NO -->\n\nfoo\n"
    )
    assert [a.line for a in lint_text(text, "a.md", ini)] == [7]


def test_heading_scope_and_negation(tmp_path):
    rule = WORD.replace("level: error", "level: error\nscope: heading")
    neg = WORD.replace("level: error", "level: error\nscope: ~heading").replace("Found", "Body")
    ini = _cfg(tmp_path, {"H": rule, "N": neg})
    alerts = lint_text("# The foo\n\nA foo.\n", "a.md", ini)
    assert sorted((a.check, a.line) for a in alerts) == [("T.H", 1), ("T.N", 3)]


def test_rule_switch_off_in_ini(tmp_path):
    ini = _cfg(tmp_path, {"Word": WORD}, "")
    ini.write_text(ini.read_text() + "T.Word = NO\n")
    assert lint_text("foo\n", "a.md", ini) == []


def test_text_file_and_unsupported_rule_listed(tmp_path):
    spell = "extends: metric\nmessage: \"'%s'?\"\nformula: words\n"
    ini = _cfg(tmp_path, {"Word": WORD, "Spell": spell})
    ini.write_text(ini.read_text().replace("[*.md]", "[*.{md,txt}]"))
    (tmp_path / "b.txt").write_text("one foo\nand foo\n")
    res = run_vale(["b.txt"], config=ini, cwd=tmp_path, prefer_binary=False)
    assert [(a.line, a.span) for a in res.alerts] == [(1, (5, 7)), (2, (5, 7))]
    assert res.skipped_rules == ["T.Spell"] or "T.Spell" in res.skipped_rules
    assert any("T.Spell" in n for n in res.notes)


def test_house_style_loads_and_flags(tmp_path):
    linter = load_linter(REPO / ".vale.ini")
    assert 15 <= sum(1 for n in linter.rules.rules if n.startswith("Xalura.")) <= 25
    card = "# X\n\n## Model Details\n\nWe simply fine-tuned the Huggingface model on 16GB.\n"
    alerts = linter.lint_text(card, "card.md")
    checks = {a.check for a in alerts}
    assert {"Xalura.Headings", "Xalura.FirstPerson", "Xalura.Simplicity", "Xalura.Products",
            "Xalura.Units"} <= checks  # fmt: skip
    findings = alerts_to_findings(alerts)
    assert all(f.rule.startswith("vale/") for f in findings)


@pytest.mark.parametrize("fmt", ["line", "JSON", "CLI"])
def test_cli_formats(tmp_path, fmt):
    import os

    from click.testing import CliRunner

    from xdocs.cli import cli

    _cfg(tmp_path, {"Word": WORD})
    (tmp_path / "a.md").write_text("foo\n")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        res = CliRunner().invoke(cli, ["vale", f"--output={fmt}", "a.md"])
    finally:
        os.chdir(old)
    assert res.exit_code == 1
    assert "T.Word" in res.output
