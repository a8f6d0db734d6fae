"""One slugify module (xdocs.slugs): heading anchors equal MkDocs' ids, path segments are
safe in URLs and file names."""

from __future__ import annotations

import re
import urllib.parse
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from xdocs.slugs import SEGMENT_LIMIT, heading_anchor, path_segment

REPO = Path(__file__).resolve().parents[1]
_SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@lru_cache(maxsize=1)
def _site_toc() -> dict[str, Any]:
    """The ``toc`` options of the portal's MkDocs configuration."""
    config = yaml.safe_load((REPO / "site_config" / "mkdocs.yml").read_text(encoding="utf-8"))
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "toc" in ext:
            return dict(ext["toc"] or {})
        if ext == "toc":
            return {}
    raise AssertionError("site_config/mkdocs.yml does not configure toc")


def _mkdocs_id(heading: str) -> str:
    """The id Python-Markdown's toc extension, configured as the portal's, gives ``# heading``."""
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": _site_toc()})
    match = re.search(r'<h1 id="([^"]*)"', md.convert(f"# {heading}"))
    assert match is not None
    return match.group(1)


def test_the_portal_uses_toc_default_slugify() -> None:
    # heading_anchor is toc's default slugify with "-": true while the site sets neither
    assert "slugify" not in _site_toc() and _site_toc().get("separator", "-") == "-"


#: heading text without Markdown or HTML syntax (which would change what toc reads)
HEADING_TEXT = st.text(
    st.characters(
        categories=("L", "N", "Zs", "Pd", "Po", "Ps", "Pe", "Sm", "Sc", "So"),
        exclude_characters="\\`*_[]<>&#!{}|",
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(HEADING_TEXT)
@example("Bias, Risks, and Limitations")
@example("Évaluation des modèles")
@example("Ωmega — 模型 (v2.1)")
@example("rule-id/with.dots")
def test_a_heading_anchor_is_the_id_mkdocs_gives_the_heading(text: str) -> None:
    assume(text.strip())
    anchor = heading_anchor(text)
    # toc makes an empty slug unique as "_1"
    assert _mkdocs_id(text) == (anchor or "_1")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
@example("../../etc/passwd")
@example("a/b\\c")
@example("Évil <b> Model!")
@example("İstanbul KELVIN \u212a")
def test_a_path_segment_is_safe_in_a_url_and_a_file_name(value: str) -> None:
    segment = path_segment(value)
    assert _SEGMENT.fullmatch(segment), segment
    assert "/" not in segment and "\\" not in segment and ".." not in segment
    assert urllib.parse.quote(segment, safe="") == segment  # nothing to percent-encode
    assert 0 < len(segment) <= SEGMENT_LIMIT
    assert path_segment(segment) == segment  # stable: a segment names itself


def test_a_path_segment_has_a_default_when_nothing_is_left() -> None:
    assert path_segment("!!!") == "model"
    assert path_segment("模型", default="unversioned") == "unversioned"
    assert path_segment("Xalura Sentiment 2") == "xalura-sentiment-2"
