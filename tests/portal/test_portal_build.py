"""End to end: ``xdocs build`` (preview, --published, --markdown-only) and ``mkdocs build``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cardfactory import REPO

VENV_BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300
    )


def _models(site: Path) -> list[str]:
    return sorted(
        p.parent.relative_to(site).as_posix() for p in (site / "models").glob("*/*/index.html")
    )


@pytest.fixture(scope="module")
def preview_site(portal_cards: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("preview") / "site"
    result = run(
        VENV_BIN / "xdocs", "build", "--cards", portal_cards, "--site-dir", site, "--strict"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return site


def test_preview_build_has_every_card_and_preview_ui(preview_site: Path) -> None:
    models = _models(preview_site)
    assert "models/fraud-sentinel/1-0" in models and "models/fraud-sentinel/2-0" in models
    assert "models/claims-triage/0-3" in models and len(models) == 5
    triage = (preview_site / "models/claims-triage/0-3/index.html").read_text()
    assert "Preview: not approved" in triage
    for page in ("queue", "analytics", "rules", "terminology", "styleguide", "tags"):
        assert (preview_site / page / "index.html").is_file(), page
    index = json.loads((preview_site / "search/search_index.json").read_text())
    assert any("Claims Triage" in d["title"] for d in index["docs"])


def test_published_build_holds_exactly_the_published_cards(
    portal_cards: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = run(
        VENV_BIN / "xdocs", "build", "--cards", portal_cards, "--site-dir", site, "--published"
    )
    assert result.returncode == 0, result.stderr
    assert _models(site) == ["models/fraud-sentinel/1-0"]
    assert not (site / "queue").exists()
    for html in site.rglob("*.html"):
        text = html.read_text()
        assert "xd-preview" not in text and "Lint findings" not in text, html
        assert "Claims Triage" not in text and "Churn Forecaster" not in text, html
    index = (site / "search/search_index.json").read_text()
    assert "Claims Triage" not in index and "Fraud Sentinel" in index


def test_markdown_only_output_builds_with_plain_mkdocs(portal_cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    result = run(VENV_BIN / "xdocs", "build", "--cards", portal_cards, "--markdown-only", out)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text())
    assert "xdocs" not in [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert (out / "docs/models/fraud-sentinel/2-0.md").is_file()
    assert (out / "docs/stylesheets/xdocs.css").is_file()
    built = run(VENV_BIN / "mkdocs", "build", "--strict", "-f", out / "mkdocs.yml", cwd=out)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    page = (out / "site/models/fraud-sentinel/2-0/index.html").read_text()
    assert "What changed since v1.0" in page and 'href="../1-0/"' in page


def test_repo_builds_strict_with_plain_mkdocs(tmp_path: Path) -> None:
    """`mkdocs build --strict` (no -q: it would hide warnings) on the repository itself."""
    result = run(VENV_BIN / "mkdocs", "build", "--strict", "--site-dir", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (tmp_path / "site/index.html").is_file()
    cards = sorted((REPO / "cards").glob("*.md")) if (REPO / "cards").is_dir() else []
    assert len(_models(tmp_path / "site")) == len(cards)


def test_xdocs_build_reports_a_missing_cards_folder(tmp_path: Path) -> None:
    result = run(VENV_BIN / "xdocs", "build", "--cards", tmp_path / "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("xdocs: ") and "Traceback" not in result.stderr
