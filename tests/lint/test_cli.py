"""`xdocs check`, `xdocs rules`, `xdocs fix`, `xdocs styleguide sync` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CARD = """\
---
name: demo
---

# Demo

Built by Xalura tech. It uses an GPU.
"""
FAST = ["--jobs", "1"]


def xdocs(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "xdocs", *args], cwd=cwd, env=full_env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def card(tmp_path: Path) -> Path:
    path = tmp_path / "demo.md"
    path.write_text(CARD, encoding="utf-8")
    return path


def test_check_reports_and_fails_on_errors(card: Path) -> None:
    proc = xdocs("check", str(card), "--format", "json", *FAST)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    findings = data["findings"] if isinstance(data, dict) else data
    rules = {f["rule"] for f in findings}
    assert "terminology/XaluraTech" in rules
    assert "Traceback" not in proc.stderr


def test_fail_on_and_output_file(card: Path, tmp_path: Path) -> None:
    card.write_text(CARD.replace("Xalura tech", "Xalura Tech"), encoding="utf-8")
    out = tmp_path / "report.sarif"
    proc = xdocs("check", str(card), "--format", "sarif", "--output", str(out), *FAST)
    sarif = json.loads(out.read_text())
    assert sarif["version"] == "2.1.0"
    errors = [r for r in sarif["runs"][0]["results"] if r.get("level") == "error"]
    assert proc.returncode == (1 if errors else 0)
    strict = xdocs("check", str(card), "--fail-on", "suggestion", "--format", "json", *FAST)
    assert strict.returncode == 1


def test_missing_file_and_bad_options(tmp_path: Path) -> None:
    proc = xdocs("check", str(tmp_path / "nope.md"), *FAST)
    assert proc.returncode == 2 and "nope.md: no such file or folder" in proc.stderr
    assert xdocs("check").returncode == 2
    assert xdocs("check", "cards", "--format", "yaml").returncode == 2
    (tmp_path / "c.md").write_text("# C\n", encoding="utf-8")  # a folder of cards, not empty
    bad = xdocs("check", str(tmp_path), "--baseline", str(tmp_path / "none.json"))
    assert bad.returncode == 2 and "baseline" in bad.stderr and "Traceback" not in bad.stderr


def test_unknown_rule_in_config_is_exit_2(tmp_path: Path, card: Path) -> None:
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "xdocs.yml").write_text('rules:\n  "vale/Xalura.NoSuchRule": off\n')
    proc = xdocs("check", "demo.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert "site_config/xdocs.yml" in proc.stderr and "vale/Xalura.NoSuchRule" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_invalid_terminology_regex_is_exit_2(tmp_path: Path, card: Path) -> None:
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "xdocs.yml").write_text("terminology: terms.yml\n")
    (tmp_path / "terms.yml").write_text("terms:\n  - term: GPU\n    reject: ['/gp(u/']\n")
    proc = xdocs("check", "demo.md", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "terms.yml:2" in proc.stderr and "invalid regular expression" in proc.stderr


def test_baseline_workflow(card: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    wrote = xdocs("check", str(card), "--write-baseline", str(base), "--format", "json", *FAST)
    assert wrote.returncode == 0 and base.is_file()
    again = xdocs("check", str(card), "--baseline", str(base), "--format", "json", *FAST)
    assert again.returncode == 0
    data = json.loads(again.stdout)
    assert (data["findings"] if isinstance(data, dict) else data) == []


def test_rules_lists_and_explains() -> None:
    listing = xdocs("rules")
    assert listing.returncode == 0
    assert "terminology/XaluraTech" in listing.stdout and "markdown/MD040" in listing.stdout
    one = xdocs("rules", "terminology/XaluraTech")
    assert one.returncode == 0 and "Xalura Tech" in one.stdout and "Why:" in one.stdout
    family = xdocs("rules", "grammar/harper/AnA", "--format", "json")
    assert json.loads(family.stdout)["family"] == "grammar/harper/*"
    assert xdocs("rules", "no/such-rule").returncode == 2


def test_fix_check_diff_and_write(card: Path) -> None:
    before = card.read_bytes()
    check = xdocs("fix", "--check", str(card), *FAST)
    assert check.returncode == 1
    assert "-Built by Xalura tech." in check.stdout and "+Built by Xalura Tech." in check.stdout
    assert card.read_bytes() == before, "--check writes nothing"
    fixed = xdocs("fix", str(card), *FAST)
    assert fixed.returncode == 0
    assert "Built by Xalura Tech. It uses a GPU." in card.read_text()
    assert xdocs("fix", "--check", str(card), *FAST).returncode == 0


def test_fix_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(CARD.replace("\n", "\r\n").encode())
    assert xdocs("fix", str(path), *FAST).returncode == 0
    data = path.read_bytes()
    assert b"Xalura Tech" in data and data.count(b"\r\n") == CARD.count("\n")


def test_styleguide_sync_check_is_clean() -> None:
    proc = xdocs("styleguide", "sync", "--check")
    assert proc.returncode == 0, proc.stdout


def test_make_lint_docs_passes_on_this_repository(tmp_path: Path) -> None:
    """`make lint-docs` (what a pull request runs) exits 0 on the repository's own cards
    and style guide. styleguide/rule-examples.yml once read as a card (its rule ids
    `terminology/…` matched the glossary heading) and failed it with 13 errors."""
    from xdocs.card import looks_like_card

    assert not looks_like_card(REPO / "styleguide" / "rule-examples.yml")
    proc = xdocs(
        "check", "--no-cache", "cards", "styleguide", env={"XDOCS_CACHE_DIR": str(tmp_path)}
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def test_fix_keeps_the_article_in_its_case_and_reads_words_split_by_emphasis(
    tmp_path: Path,
) -> None:
    """Sample 6: Harper's AnA fix for a capital "A" is "AN", and `xdocs fix` (AnA is a
    safe fix) wrote "AN end-to-end system"; "a **M**eta**D**ata approach" is read as
    "a M", a word split by emphasis, and must not become "an"."""
    path = tmp_path / "card.md"
    path.write_text(
        "---\nname: demo\n---\n\n# Demo\n\nA end-to-end system for shops.\n\n"
        "It uses a **M**eta**D**ata **M**asking approach and a MLP head.\n",
        encoding="utf-8",
    )
    assert xdocs("fix", str(path), *FAST).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert "An end-to-end system for shops." in text
    assert "It uses a **M**eta**D**ata **M**asking approach and an MLP head." in text
