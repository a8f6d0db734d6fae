"""Bad input: one clear line naming the file (and line), exit 2, no traceback."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from xdocs.cli import cli
from xdocs.vale import ValeError, load_linter
from xdocs.vale.engine import Linter


def _setup(tmp_path, rule: str, ini: str | None = None):
    (tmp_path / "styles" / "S").mkdir(parents=True)
    (tmp_path / "styles" / "S" / "R.yml").write_text(rule)
    (tmp_path / ".vale.ini").write_text(ini or "StylesPath = styles\n[*.md]\nBasedOnStyles = S\n")
    (tmp_path / "a.md").write_text("Some text here.\n")


def _run(tmp_path, *args):
    import os

    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(cli, ["vale", "--output=line", *args, "a.md"])
    finally:
        os.chdir(old)


@pytest.mark.parametrize(
    ("rule", "needle"),
    [
        ("extends: existence\nmessage: x\ntokens: [a\n", "R.yml"),
        ("extends: existence\nmessage: x\ntokens:\n  - '(unclosed'\n", "invalid regular"),
        ("extends: nosuchtype\nmessage: x\n", "'extends' key must be one of"),
        ("extends: existence\nmessage: x\ntokenz: [a]\n", "unknown key 'tokenz'"),
        ("message: x\n", "Missing the required 'extends'"),
        ("extends: existence\nmessage: x\nlevel: fatal\n", "'level' must be one of"),
    ],
)
def test_bad_rule_exits_2_with_one_line(tmp_path, rule, needle):
    _setup(tmp_path, rule)
    res = _run(tmp_path)
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert needle in res.output and "R.yml" in res.output
    assert "Traceback" not in res.output


def test_yaml_error_names_the_line(tmp_path):
    _setup(tmp_path, "extends: existence\nmessage: x\ntokens: [a\nlevel: error\n")
    with pytest.raises(ValeError) as err:
        load_linter(tmp_path / ".vale.ini")
    assert err.value.path.endswith("R.yml") and err.value.line is not None


@pytest.mark.parametrize(
    ("ini", "needle"),
    [
        ("StylesPath = nowhere\n[*.md]\nBasedOnStyles = S\n", "StylesPath"),
        ("StylesPath = styles\n[not a glob]\nBasedOnStyles = S\n", "unknown section"),
        ("StylesPath = styles\nMinAlertLevel = loud\n", "MinAlertLevel"),
        ("[*.md]\nBasedOnStyles = Missing\n", "does not exist"),
        ("StylesPath = styles\n[*.md]\nS.R = maybe\n", "must be YES, NO"),
    ],
)
def test_bad_config_exits_2(tmp_path, ini, needle):
    _setup(tmp_path, "extends: existence\nmessage: x\ntokens: [a]\n", ini)
    res = _run(tmp_path)
    assert res.exit_code == 2, res.output
    assert needle in res.output and ".vale.ini" in res.output


def test_pathological_regex_is_stopped(tmp_path):
    rule = "extends: existence\nmessage: slow\nnonword: true\ntokens:\n  - '(a|aa)+$'\n"
    _setup(tmp_path, rule)
    linter = Linter(load_linter(tmp_path / ".vale.ini").cfg, budget=0.2)
    start = time.monotonic()
    result = linter.lint("a" * 60 + "!\n", "a.md")
    assert time.monotonic() - start < 5
    assert result.alerts == []
    assert any("S.R exceeded its time budget" in n for n in result.notes)
