"""The generated pages: statuses, banner, timeline, switcher, diff, catalogue, nav."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from cardfactory import make_portal, people

from xdocs.findings import Finding, Severity
from xdocs.portal.analytics import percentile, stage_stats
from xdocs.portal.card_page import PageOptions, page_url, relative_link, render_card_page
from xdocs.portal.entries import version_key
from xdocs.portal.site import Portal
from xdocs.slugs import path_segment
from xdocs.workflow.stages import STATUSES


def _front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4 : text.index("\n---\n", 4)])


def test_statuses_are_derived_and_in_front_matter(portal: Portal) -> None:
    pages = portal.pages()
    expected = {
        "models/fraud-sentinel/1-0.md": "published",
        "models/fraud-sentinel/2-0.md": "intake-passed",
        "models/claims-triage/0-3.md": "submitted",
        "models/churn-forecaster/1-2.md": "stale",
    }
    for page, status in expected.items():
        meta = _front_matter(pages[page])
        assert meta["status"] == status
        assert meta["status"] in STATUSES
        assert meta["tags"][0]  # the status label comes first
        assert f'data-status="{status}"' in pages[page]


def test_card_page_banner_timeline_panel_and_content(portal: Portal) -> None:
    page = portal.pages()["models/fraud-sentinel/1-0.md"]
    assert "Approved for publication by the Chief AI" in page
    assert "Preview: not approved" not in page  # published cards carry no preview banner
    assert page.count('<li class="xd-decision--approved') == 8
    assert "metrics corroborated" in page and people()["chief"] in page
    assert "<dt>Risk rating</dt>" in page and "<dd>high</dd>" in page
    assert "new-customers" in page  # metrics table with slices
    assert "## Intended use" in page and "manual fraud review" in page
    stale = portal.pages()["models/churn-forecaster/1-2.md"]
    assert "Preview: not approved" in stale
    assert stale.count("stale: the card changed after this approval") == 2


def test_version_switcher_and_section_diff(portal: Portal) -> None:
    pages = portal.pages()
    v2 = pages["models/fraud-sentinel/2-0.md"]
    assert 'href="../1-0/"' in v2 and 'aria-current="page">v2.0<' in v2
    assert 'href="../2-0/"' in pages["models/fraud-sentinel/1-0.md"]
    diff = v2[v2.index("## What changed since v1.0") :]
    assert '<span class="xd-diff--changed">changed</span> Limitations' in diff
    assert '<span class="xd-diff--added">added</span> Citation' in diff
    assert '<span class="xd-diff--removed">removed</span> Out-of-scope use' in diff
    assert '<span class="xd-diff--changed">changed</span> Deployment considerations' in diff
    assert "wire or SEPA transfers" in diff and "Drift is checked weekly" in diff
    assert diff.count("<li>") == 4
    assert "Intended use" not in diff  # unchanged sections are not listed
    assert "What changed" not in pages["models/fraud-sentinel/1-0.md"]


def test_catalogue_lists_latest_version_of_each_model(portal: Portal) -> None:
    index = portal.pages()["index.md"]
    for name in ("Fraud Sentinel", "Claims Triage", "Churn Forecaster"):
        assert f">{name}</a>" in index
    assert (
        'data-model="fraud-sentinel"><td class="xd-col-name"><a href="models/fraud-sentinel/2-0/">'
        in index
    )
    assert index.count('class="xd-chip') >= 2  # one chip per version
    assert 'id="xd-f-stale"' in index
    assert '>Stale approval</span> <span class="xd-legend__n">1 model · 1 version<' in index


def test_published_build_holds_only_published_cards(portal_cards: Path) -> None:
    p = make_portal(portal_cards, published=True)
    p.refresh()
    pages = p.pages()
    models = sorted(k for k in pages if k.startswith("models/"))
    assert models == ["models/fraud-sentinel/1-0.md"]
    assert "queue.md" not in pages
    assert "Preview" not in pages["models/fraud-sentinel/1-0.md"]
    assert "Claims Triage" not in pages["index.md"] and "Evil" not in pages["index.md"]


class _Elements(HTMLParser):
    """Every element and attribute of an HTML document (what a browser would build)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]


def test_malicious_card_is_escaped_and_sanitized(portal: Portal) -> None:
    pages = portal.pages()
    (page,) = [v for k, v in pages.items() if k.startswith("models/evil")]
    meta = _front_matter(page)
    assert "<" not in meta["title"] and ">" not in meta["title"]
    assert all("<" not in t for t in meta["tags"])
    body = page[page.index("\n---\n", 4) + 5 :]
    html = markdown.markdown(
        body, extensions=["attr_list", "md_in_html", "tables", "admonition", "toc"]
    )
    parsed = _Elements()
    parsed.feed(html)
    assert not {"script", "iframe", "object", "embed", "svg", "form", "input"} & set(parsed.tags)
    for name, value in parsed.attrs:
        assert not name.startswith("on"), (name, value)
        assert name != "style"
        assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
        assert "evil.example" not in value
    assert "&lt;script&gt;document.title" in html  # the owner is shown, as text


def test_preview_findings_count_panel_markdown_fix_and_section_marker(portal: Portal) -> None:
    """Issue 17: main put findings at the page's foot in a red block, raw backticks,
    no fix hint; now a count beside the status links to a panel, each finding has
    its level colour, rendered Markdown and the fix, and its section says so."""
    model = next(m for m in portal.models() if m.model_id == "claims-triage")
    entry = model.latest
    limits = next(s for s in entry.sections if s.heading.lower() == "limitations")
    assert limits.line > 0
    entry.findings = [
        Finding(
            entry.source,
            limits.line + 2,
            1,
            "terminology/x",
            Severity.SUGGESTION,
            "Use `dataset`, not <b>x</b>",
            fix="Write `dataset`.",
        ),  # fmt: skip
    ]
    preview = render_card_page(entry, model, PageOptions(preview=True, project_root=None))
    assert 'class="xd-findings-count xd-findings-count--suggestion" href="#lint-findings"' in (
        preview
    )
    assert "## Lint findings" in preview and "failure" not in preview
    assert "<code>dataset</code>" in preview and "&lt;b&gt;x&lt;/b&gt;" in preview
    assert "Fix: Write <code>dataset</code>." in preview
    assert 'xd-sev--suggestion">suggestion<' in preview
    marker = preview.index("1 finding in this section")
    assert preview.rfind("## Limitations", 0, marker) > preview.rfind("## ", 0, marker) - 1
    published = render_card_page(entry, model, PageOptions(preview=False))
    assert "Lint findings" not in published and "in this section" not in published
    entry.findings = []


def test_incremental_refresh_only_touches_the_edited_model(
    portal_cards: Path, tmp_path: Path
) -> None:
    cards = tmp_path / "cards"
    shutil.copytree(portal_cards, cards)
    p = make_portal(cards)
    first = p.refresh()
    assert first.summarized == 5
    before = p.pages()
    assert p.refresh().changed_models == set()
    triage = cards / "claims-triage.md"
    triage.write_text(triage.read_text().replace("English claims only.", "English only."))
    report = p.refresh()
    assert report.changed_models == {"claims-triage"} and report.summarized == 1
    after = p.pages(report.changed_models)
    assert "English only." in after["models/claims-triage/0-3.md"]
    assert after["models/fraud-sentinel/2-0.md"] is before["models/fraud-sentinel/2-0.md"]
    triage.unlink()
    report = p.refresh()
    assert "models/claims-triage/0-3.md" not in p.pages(report.changed_models)


def test_summary_cache_is_used(portal_cards: Path, tmp_path: Path) -> None:
    first = make_portal(portal_cards, cache_dir=tmp_path / "cache")
    assert first.refresh().summarized == 5
    second = make_portal(portal_cards, cache_dir=tmp_path / "cache")
    report = second.refresh()
    assert report.from_cache == 5 and report.summarized == 0
    assert second.pages() == first.pages() | {
        "analytics.md": second.pages()["analytics.md"]  # its date line may differ
    }


def test_nav_is_a_few_sections_and_no_model(portal: Portal) -> None:
    pages = portal.pages()
    nav = portal.nav(pages)
    assert [next(iter(item)) for item in nav] == [
        "Catalogue",
        "Review queue",
        "Analytics",
        "Style guide",
        "Tags",
    ]

    def leaves(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [p for v in node.values() for p in leaves(v)]
        return [p for v in node for p in leaves(v)]  # type: ignore[union-attr]

    assert set(leaves(nav)) <= set(pages)
    assert not [p for p in leaves(nav) if p.startswith("models/")]
    assert "styleguide/index.md" in leaves(nav) and "rules/index.md" in leaves(nav)


def test_urls_and_slugs() -> None:
    assert page_url("index.md") == "" and page_url("a/b.md") == "a/b/"
    assert relative_link("index.md", "models/a/1-0.md") == "models/a/1-0/"
    assert relative_link("models/a/1-0.md", "models/a/2-0.md") == "../2-0/"
    assert relative_link("models/a/1-0.md", "index.md") == "../../../"
    assert relative_link("models/a/1-0.md", "models/a/2-0.md", False) == "2-0.html"
    assert path_segment("Évil <b> Model!") == "vil-b-model" and path_segment("!!!") == "model"
    assert version_key("1.10") > version_key("1.9") > version_key("1.2")


def test_analytics_durations(portal: Portal) -> None:
    entries = [e for m in portal.models() for e in m.versions]
    stats = {s.stage: s for s in stage_stats(entries, dt.datetime.now(dt.UTC))}
    # Fraud Sentinel 1.0: intake from its first record (h+2) to approval (h+5) = 3 h;
    # the stale card: 200 h → 220 h = 20 h; Fraud Sentinel 2.0: 400 h → 410 h = 10 h
    assert sorted(round(d * 24) for d in stats["intake"].durations) == [3, 10, 20]
    assert round(stats["chief_ai"].durations[0] * 24) == 30
    assert stats["evaluation"].waiting_count == 1  # Fraud Sentinel 2.0
    assert stats["intake"].waiting_count == 3  # two submitted, one stale
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    page = portal.pages()["analytics.md"]
    assert page.count("<svg") == 2 and "| Intake | 3 |" in page


def test_preview_lint_findings_come_from_the_lint_runner(
    portal_cards: Path, tmp_path: Path
) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    shutil.copy2(portal_cards / "claims-triage.md", cards)
    p = make_portal(cards, lint=True)
    p.refresh()
    page = p.pages()["models/claims-triage/0-3.md"]
    assert "## Lint findings" in page and 'href="#lint-findings"' in page
    # the triage card has no Out-of-scope section: the structure pass says so
    assert "structure/missing-section" in page
    published = make_portal(cards, lint=True, published=True)
    published.refresh()
    assert "Lint findings" not in str(published.pages())


def test_card_pages_rendered_in_workers_equal_those_rendered_here(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: card pages are rendered in worker processes at scale; a page is a pure
    function of its model, so the workers' pages are the same text."""
    from xdocs.portal import render

    models = portal.models()
    options = PageOptions(preview=True, project_root=None)
    here = render.render_models(models, options, jobs=1)
    monkeypatch.setattr(render, "PARALLEL_MIN", 1)
    workers = render.render_models(models, options, jobs=2)
    assert workers == here and len(here) == len(models)
