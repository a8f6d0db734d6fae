"""Issue 10, break 13: commands that write must not destroy what they did not make, and
``xdocs new`` must write valid YAML whatever the model is called."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from .conftest import run_xdocs

MARKER = ".xdocs-markdown-only"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".xdocs-cache" not in p.parts
    }


# -- build --markdown-only OUT ------------------------------------------------------------
def test_markdown_only_into_the_project_root_is_refused(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "guide.md").write_text("# The team's own docs\n")
    before = _tree(project)
    proc = run_xdocs("build", "--markdown-only", ".", cwd=project)
    assert proc.returncode == 1
    assert "refused" in proc.stderr and "." in proc.stderr
    assert _tree(project) == before  # docs/ and mkdocs.yml untouched


def test_markdown_only_into_a_folder_it_did_not_make_is_refused(project: Path) -> None:
    other = project / "notes"
    other.mkdir()
    (other / "docs").mkdir()
    (other / "docs" / "keep.md").write_text("mine\n")
    (other / "mkdocs.yml").write_text("site_name: mine\n")
    before = _tree(other)
    proc = run_xdocs("build", "--markdown-only", "notes", cwd=project)
    assert proc.returncode == 1
    assert "not empty" in proc.stderr and MARKER in proc.stderr
    assert _tree(other) == before


def test_markdown_only_writes_a_marker_and_may_rewrite_its_own_output(project: Path) -> None:
    first = run_xdocs("build", "--markdown-only", "out", cwd=project)
    assert first.returncode == 0, first.stderr
    assert (project / "out" / MARKER).is_file()
    (project / "out" / "docs" / "stale.md").write_text("from an earlier run\n")
    again = run_xdocs("build", "--markdown-only", "out", cwd=project)
    assert again.returncode == 0, again.stderr
    assert not (project / "out" / "docs" / "stale.md").exists()
    empty = project / "empty"
    empty.mkdir()
    assert run_xdocs("build", "--markdown-only", "empty", cwd=project).returncode == 0


def test_markdown_only_never_writes_through_a_link(project: Path, tmp_path: Path) -> None:
    run_xdocs("build", "--markdown-only", "out", cwd=project)
    victim = tmp_path / "victim.yml"
    victim.write_text("precious\n")
    (project / "out" / "mkdocs.yml").unlink()
    (project / "out" / "mkdocs.yml").symlink_to(victim)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "keep").mkdir(parents=True)
    (elsewhere / "keep" / "k.md").write_text("keep\n")
    import shutil

    shutil.rmtree(project / "out" / "overrides")
    (project / "out" / "overrides").symlink_to(elsewhere)
    proc = run_xdocs("build", "--markdown-only", "out", cwd=project)
    assert proc.returncode == 1
    assert victim.read_text() == "precious\n"
    assert (elsewhere / "keep" / "k.md").read_text() == "keep\n"


# -- new ----------------------------------------------------------------------------------
def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return YAML(typ="safe").load(text.split("---\n")[1])


def test_new_writes_a_name_with_a_colon_and_a_hash_as_valid_yaml(project: Path) -> None:
    proc = run_xdocs("new", "Acme: Vision #2", cwd=project)
    assert proc.returncode == 0, proc.stderr
    card = project / "cards" / "acme-vision-2.md"
    assert _front_matter(card)["name"] == "Acme: Vision #2"
    inspect = run_xdocs("inspect", str(card), "--format", "json", cwd=project)
    assert inspect.returncode == 0 and "metadata/yaml" not in inspect.stdout
    assert '"name": "Acme: Vision #2"' in inspect.stdout


def _new(project: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    from click.testing import CliRunner

    from xdocs.cli.new_cmd import new_cmd

    monkeypatch.chdir(project)
    result = CliRunner().invoke(new_cmd, ["-o", "cards/new.md", "--", name])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "name",
    ["yes", "null", "1.0", "- dash", "'single' \"double\"", "a\\b", "*star", "&anchor",
     "!tag", "@at", "`tick", "%pct", "---", "Résumé ünïcode", "x #comment", "[1, 2]",
     "{a: b}", "? q", "|pipe", ">fold", "ÿ\u2028line"],
)  # fmt: skip
def test_new_writes_valid_yaml_for_any_name(
    project: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = _new(project, name, monkeypatch)
    assert code == 0, output
    assert _front_matter(project / "cards" / "new.md")["name"] == name


@pytest.mark.parametrize("name", ["two\nlines", "cr\rhere", "esc\x1b[31m", "del\x7f"])
def test_new_refuses_names_with_control_characters(
    project: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = _new(project, name, monkeypatch)
    assert code == 2
    assert "control character" in output
    assert not (project / "cards" / "new.md").exists()


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_name_scalar_round_trips(name: str) -> None:
    from xdocs.cli.new_cmd import yaml_scalar

    if not name.strip():
        return
    assert YAML(typ="safe").load(f"name: {yaml_scalar(name)}\n")["name"] == name
    assert YAML(typ="rt").load(f"name: {yaml_scalar(name)}\n")["name"] == name
