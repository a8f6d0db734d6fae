"""Issue 17, "right at a glance": what people see is true and reachable.

Each test here failed on main (before the fix named in its docstring)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cardfactory import REPO, SENTINEL_1, approve, make_portal, people

from xdocs.portal.analytics import render_analytics, stage_stats
from xdocs.portal.catalogue import risk_class, status_counts
from xdocs.portal.entries import CardEntry, ModelEntry, Record
from xdocs.portal.guide import guide_pages, terminology_page
from xdocs.portal.site import Portal


def _round_trip_card(folder: Path) -> Path:
    """Published after a changes-requested round at documentation (the author edited)."""
    card = folder / "round.md"
    card.write_text(SENTINEL_1.replace("Fraud Sentinel", "Round Trip"), encoding="utf-8")
    who = people()
    w, w2, m = who["worker"], who["worker2"], who["manager"]
    approve(card, "intake", w, 2)
    approve(card, "intake", m, 5, "--assignee", w2, "--priority", "high")
    approve(card, "evaluation", w2, 30)
    approve(card, "evaluation", m, 50)
    approve(card, "documentation", w, 70)
    approve(card, "documentation", m, 72, "--decision", "changes_requested", "--note", "units")
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("AUROC 0.91", "AUROC 0.91 (area under the ROC curve)"))
    approve(card, "intake", w, 80)
    approve(card, "intake", m, 81)
    approve(card, "evaluation", w2, 82)
    approve(card, "evaluation", m, 83)
    approve(card, "documentation", w, 90)
    approve(card, "documentation", m, 95)
    approve(card, "executive", who["executive"], 120, "--audience", "internal")
    approve(card, "chief_ai", who["chief"], 150)
    return card


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> Portal:
    folder = tmp_path_factory.mktemp("round") / "cards"
    folder.mkdir()
    _round_trip_card(folder)
    portal = make_portal(folder)
    portal.refresh()
    return portal


def test_banner_says_only_what_is_true_after_a_changes_requested_round(
    round_trip: Portal,
) -> None:
    """Main said "4 approvals no longer match the card" on a correctly published card
    and labelled the changes-requested record "stale"."""
    (model,) = round_trip.models()
    assert model.latest.status == "published"
    page = next(iter(round_trip.pages([model.model_id]).get(p) for p in [model.latest.page]))
    assert "no longer match" not in page
    assert "stale: the card changed after this approval" not in page
    assert page.count("xd-history") >= 1  # the earlier round is shown as history
    assert 'class="xd-decision--changes_requested xd-history-record' in page


def test_unknown_and_missing_risk_are_neutral_grey_with_a_label() -> None:
    """Main showed any rating but high/medium green, like low."""
    assert risk_class("low") == ("low", "low")
    assert risk_class("High") == ("high", "High")
    assert risk_class("unknown") == ("unknown", "unknown")
    assert risk_class("") == ("unknown", "not rated")
    assert risk_class("tbd")[0] == "unknown" and "tbd" in risk_class("tbd")[1]
    css = (REPO / "site_config" / "docs" / "stylesheets" / "xdocs.css").read_text()
    assert ".xd-risk--unknown" in css


def test_counts_and_filter_by_version_and_by_model(tmp_path: Path) -> None:
    """Main counted only each model's latest version: a published v1.0 under a v1.1 in
    review was invisible to the "Published" count and filter."""
    portal = make_portal(REPO / "cards")
    portal.refresh()
    counts = {c.status: c for c in status_counts(portal.models())}
    assert counts["published"].models == 1 and counts["published"].versions == 1
    index = portal.pages()["index.md"]
    row = next(line for line in index.splitlines() if 'data-model="xalura-sentiment"' in line)
    assert 'data-statuses="executive-approved published"' in row
    assert "by model" in index and "by version" in index
    css = (REPO / "site_config" / "docs" / "stylesheets" / "statuses.css").read_text()
    assert '[data-statuses~="published"]' in css


def test_one_card_is_singular() -> None:
    """Main said "1 cards" on the analytics chart and in lists."""
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    entry = CardEntry("a.md", "md", "a", "A", "1", "submitted", {"stage": "intake"}, [], None)
    entry.submitted_at = now - dt.timedelta(hours=5)
    text = render_analytics([ModelEntry("a", "A", [entry])], now)
    assert "1 cards" not in text and "1 card versions" not in text


def test_analytics_chart_and_table_use_the_same_units() -> None:
    """Main's chart said 0.2 d where its table said 5.4 h."""
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    t0 = now - dt.timedelta(days=3)
    rec = Record("intake", "publishing-manager", "m", "approved", t0 + dt.timedelta(hours=5.4),
                 "", "", False, True)  # fmt: skip
    entry = CardEntry("a.md", "md", "a", "A", "1", "intake-passed", None, [rec], None)
    entry.submitted_at = t0
    text = render_analytics([ModelEntry("a", "A", [entry])], now)
    assert "5.4 h" in text
    assert "0.2 d" not in text


def test_most_cards_wait_names_every_stage_tied_for_most() -> None:
    """Main said "Most cards wait at Intake" when Documentation had as many."""
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    entries = []
    for i, stage in enumerate(["intake", "documentation"]):
        e = CardEntry(f"{i}.md", "md", str(i), str(i), "1", "submitted", {"stage": stage}, [],
                      None)  # fmt: skip
        e.submitted_at = now - dt.timedelta(days=1)
        entries.append(e)
    stats = stage_stats(entries, now)
    assert sum(s.waiting_count for s in stats) == 2
    text = render_analytics([ModelEntry(e.model_id, e.name, [e]) for e in entries], now)
    assert "Most cards wait at **Intake**" not in text
    assert "As many cards wait at **Intake** and **Documentation**" in text


def test_the_style_guide_front_page_reaches_the_site() -> None:
    """Main overwrote styleguide/index.md with a generated page linking to itself."""
    pages = guide_pages(REPO)
    own = (REPO / "styleguide" / "index.md").read_text(encoding="utf-8")
    assert pages["styleguide/index.md"] == own
    assert (
        "styleguide/reference.md" in pages
        and "Canonical sections" in pages["styleguide/reference.md"]
    )


def test_terminology_shows_words_not_regexes() -> None:
    """Main printed the raw `(?= (?:models?|software…` pattern."""
    text = terminology_page(REPO / "styleguide" / "terminology.yml")
    assert "(?=" not in text and "\\b" not in text and "[Oo]" not in text
    assert "“open source”" in text and "before “model”" in text


def test_rule_catalogue_is_one_page_per_family_with_an_index() -> None:
    """Main's catalogue was one 85,000-pixel page; 100 proselint rules repeated one why."""
    pages = guide_pages(REPO)
    assert "rules/index.md" in pages and "rules/proselint.md" in pages
    assert 'data-xd-filter="xd-rule-table"' in pages["rules/index.md"]
    proselint = pages["rules/proselint.md"]
    # a why shared by a group is said once, never once per rule
    assert proselint.count("*Why:* Avoid cliches.") == 1
    assert "<em>Why:</em> Avoid cliches." not in proselint
    assert "## cliches" in proselint
    assert "see proselint's check" not in proselint
    assert len(proselint) < len("".join(pages[p] for p in pages if p.startswith("rules/")))


def test_wording_unfit_to_publish_is_never_shown() -> None:
    """Main showed "the hallmarks of a pretentious ass" in the rule catalogue. The two
    proselint checks whose messages quote such jokes speak in house wording now (so the
    advice can be on); any other rule whose message is unfit must be off, and the
    catalogue withholds its message."""
    from xdocs.config import load_config
    from xdocs.lint.prose import HOUSE_MESSAGES, _registry
    from xdocs.portal.rulebook import UNFIT_WORDING, load_rules

    originals = [c.message for c in _registry().checks if c.path in HOUSE_MESSAGES]
    assert originals and all(UNFIT_WORDING.search(m) for m in originals), "filter finds jokes"
    config = load_config(REPO)
    views, _ = load_rules(config)
    assert all(v.off for v in views if v.unfit), [v.id for v in views if v.unfit and not v.off]
    very = next(v for v in views if v.id == "proselint/weasel_words.very")
    assert not very.unfit and not very.off and "stronger word" in very.summary
    pages = guide_pages(REPO)
    text = "".join(pages.values())
    assert "pretentious ass" not in text and "Substitute 'damn'" not in text


def test_metrics_table_has_no_always_empty_column() -> None:
    """Main always showed Split, Slice, 95% CI and Threshold, empty on most cards."""
    from xdocs.portal.card_page import metric_columns

    rows = [{"name": "auroc", "value": "0.9", "dataset": "d", "split": "", "slice": "",
             "ci": "", "threshold": ""}]  # fmt: skip
    assert [k for k, _ in metric_columns(rows)] == ["name", "value", "dataset"]
    portal = make_portal(REPO / "cards")
    portal.refresh()
    for text in portal.pages().values():
        if "## Metrics" in text:
            table = text[text.index("## Metrics") :].split("</table>", 1)[0]
            heads = table.count("<th>")
            for row in table.split("<tr>")[2:]:
                cells = row.split("<td")[1:]
                assert len(cells) == heads
            assert 'class="xd-table-wrap"' in table


def test_a_long_card_gets_a_full_text_page_and_a_bounded_card_page() -> None:
    """Main's card page held the whole card: 372 KB for the longest Hugging Face card."""
    from xdocs.portal.card_page import PAGE_BUDGET, PageOptions, card_pages, full_text_page
    from xdocs.portal.content import CardSection

    body = "<p>" + "A long paragraph of model card text. " * 60 + "</p>"
    sections = [CardSection(f"Part {i}", "text", 0) for i in range(40)]
    entry = CardEntry("long.md", "md", "long", "Long", "1", "draft", None, [], None,
                      sections=sections, sections_html=[body] * 40)  # fmt: skip
    model = ModelEntry("long", "Long", [entry])
    pages = card_pages(entry, model, PageOptions(preview=True))
    assert set(pages) == {entry.page, full_text_page(entry)}
    assert len(pages[entry.page].encode()) <= PAGE_BUDGET
    assert "Continued in the" in pages[entry.page] and 'href="full/"' in pages[entry.page]
    assert pages[full_text_page(entry)].count("A long paragraph") == 40 * 60
    short = CardEntry("s.md", "md", "s", "S", "1", "draft", None, [], None,
                      sections=sections[:2], sections_html=[body] * 2)  # fmt: skip
    assert list(card_pages(short, ModelEntry("s", "S", [short]), PageOptions())) == [short.page]
