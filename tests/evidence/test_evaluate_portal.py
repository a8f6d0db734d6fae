"""The card page shows xdocs' verdict next to each metric and the bias chart."""

from __future__ import annotations

import re
from pathlib import Path

from xdocs.card import load_card
from xdocs.portal.card_page import PageOptions, render_card_page
from xdocs.portal.entries import ModelEntry, entry_from_card
from xdocs.portal.safe import clean_page_html
from xdocs.workflow.roster import Roster

from .builders import write_card
from .test_evaluate_export import CARD

FLAGGED = """
        flagged:
          - {metric: selection_rate, low: south, high: north, difference: 0.03, ratio: 0.93}
        too_small:
          - {name: islands, rows: 4}
"""


def page(tmp_path: Path, text: str) -> str:
    card = load_card(write_card(tmp_path, text))
    entry = entry_from_card(card, Roster())
    return render_card_page(entry, ModelEntry(entry.model_id, entry.name, [entry]), PageOptions())


def test_metrics_show_reproduced_or_not(tmp_path: Path) -> None:
    out = page(tmp_path, CARD)
    assert "Checked by xdocs" in out
    assert "reproduced by xdocs on 2026-11-20" in out
    assert "not reproduced (xdocs got 0.7000 on 2026-11-20)" in out
    assert out.count("not evaluated by xdocs") == 2  # recall, and f1 whose value changed


def test_bias_chart_table_and_flagged_gap(tmp_path: Path) -> None:
    out = page(tmp_path, CARD.rstrip("\n") + FLAGGED)
    assert "## Bias audit" in out and "### region" in out
    svg = re.search(r"<svg.*?</svg>", out, re.S)
    assert svg is not None
    assert svg.group(0).count("<rect") >= 4 and "0.380 ⚑" in svg.group(0)
    assert "| north | 300 | 0.930 | 0.410 |" in out
    assert "**Flagged:** selection rate of south vs north: difference 0.030, ratio 0.93" in out
    assert "Too small to judge: islands \\(4 rows\\)" in out
    # the page-level sanitizer keeps the chart (and nothing else from it)
    kept = clean_page_html(svg.group(0))
    assert kept.count("<rect") == svg.group(0).count("<rect") and "viewBox" in kept


def test_no_record_no_section(tmp_path: Path) -> None:
    out = page(tmp_path, "name: plain\nversion: '1'\nmetrics:\n  - {name: accuracy, value: 0.9}\n")
    assert "Bias audit" not in out and "Checked by xdocs" not in out


def test_hostile_group_and_column_names_are_escaped(tmp_path: Path) -> None:
    hostile = CARD.replace("column: region", 'column: "[x](javascript:alert(1))"').replace(
        "name: north", 'name: "<script>alert(1)</script>"'
    )
    out = page(tmp_path, hostile)
    assert "<script>" not in out and "&lt;script&gt;" in out
    outside_svg = re.sub(r"<svg.*?</svg>", "", out, flags=re.S)
    assert "](javascript:" not in outside_svg  # no Markdown link can form
    assert "### \\[x\\]\\(javascript:alert\\(1\\)\\)" in out
