"""Issue 10, break 10: URLs a browser reads differently from the sanitizer, inline
scripts under the CSP, and line breaks that end an HTML block in --markdown-only output.

Browsers parse URL attributes with the WHATWG URL parser: tabs and newlines vanish,
leading C0 controls and spaces are trimmed, and for http(s) and scheme-less URLs a
backslash is a slash. So ``/\\evil.example/x.png`` is ``//evil.example/x.png``: a
request to another host that a check on the raw text calls relative.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt

from xdocs.portal.safe import browser_url, render_card_markdown, sanitize_html
from xdocs.portal.templates import html_block

from .conftest import REPO, make_project, run_xdocs

OFFSITE = [
    "/\\evil.example/x.png",
    "\\\\evil.example\\x.png",
    "\\/evil.example/x.png",
    "/\t/evil.example/x.png",
    "/\n/evil.example/x.png",
    "/\r/evil.example/x.png",
    " //evil.example/x.png",
    "\x01//evil.example/x.png",
    "\x1f\x20/\\evil.example/x.png",
    "//evil.example/x.png",
    "https:\\\\evil.example\\x.png",
]


def _attr(html: str, name: str) -> list[str]:
    return re.findall(rf'{name}="([^"]*)"', html)


@pytest.mark.parametrize("url", OFFSITE)
def test_no_image_url_resolves_to_another_host(url: str) -> None:
    out = sanitize_html(f'<p><img src="{url}" alt="x"></p>')
    for src in _attr(out, "src"):
        parsed = browser_url(src.replace("&amp;", "&"))
        assert not parsed.startswith("//") and ":" not in parsed.split("/")[0], src
    assert "evil.example" not in "".join(_attr(out, "src"))


@pytest.mark.parametrize("url", [u for u in OFFSITE if not u.startswith("https:")])
def test_no_relative_link_resolves_to_another_host(url: str) -> None:
    out = sanitize_html(f'<p><a href="{url}">x</a></p>')
    assert "evil.example" not in "".join(_attr(out, "href")), out


def test_absolute_links_stay_and_are_shown_as_the_browser_reads_them() -> None:
    out = sanitize_html('<a href="https:\\\\example.com\\docs">docs</a>')
    assert 'href="https://example.com/docs"' in out
    out = sanitize_html('<a href="mailto:team@example.com">m</a>')
    assert 'href="mailto:team@example.com"' in out


def test_relative_urls_on_the_portal_are_kept() -> None:
    out = render_card_markdown('![roc](figures/roc.png) <img src="../figures\\pr.png">')
    assert 'src="figures/roc.png"' in out
    assert 'src="../figures/pr.png"' in out


def test_scheme_hidden_by_whitespace_is_still_refused() -> None:
    out = sanitize_html(
        '<a href="java\tscript:alert(1)">x</a><a href=" \x01javascript:alert(2)">y</a>'
    )
    assert "javascript" not in "".join(_attr(out, "href")).lower()


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("/\\a/b", "//a/b"),
        ("  \t/x\n/y ", "/x/y"),
        ("HTTP:\\\\h\\p", "HTTP://h/p"),
        ("mailto:a\\b@c", "mailto:a\\b@c"),  # not a special scheme: a backslash stays
        ("x\\y", "x/y"),
    ],
)
def test_browser_url_follows_whatwg(raw: str, parsed: str) -> None:
    assert browser_url(raw) == parsed


# -- line breaks in --markdown-only output ------------------------------------------------
BREAKS = ["\r", "\r\n", "\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
INJECTED = "![t](https://evil.example/t.png) [c](https://evil.example/c) <b>raw</b>"


@pytest.mark.parametrize("brk", BREAKS, ids=[f"U+{ord(b[0]):04X}" for b in BREAKS])
def test_no_line_break_in_a_value_ends_the_html_block(brk: str) -> None:
    from markupsafe import escape

    value = f"MIT{brk}{brk}{INJECTED}{brk}"
    block = html_block(
        f'<div class="xd-panel">\n<dl><dt>License</dt><dd>{escape(value)}</dd></dl>\n</div>'
    )
    for html in (
        MarkdownIt("commonmark").render(block + "\n\nAfter.\n"),
        markdown.markdown(block + "\n\nAfter.\n", extensions=["md_in_html"]),
    ):
        assert "evil.example" not in "".join(_attr(html, "src") + _attr(html, "href")), html
        assert "<b>raw</b>" not in html


def _yaml_escape(text: str) -> str:
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)


def test_markdown_only_pages_keep_front_matter_values_inside_their_blocks(tmp_path: Path) -> None:
    card = (REPO / "cards" / "xalura-fraud-detector.md").read_text(encoding="utf-8")
    hostile = _yaml_escape(f"proprietary\r\r{INJECTED}\r\u2028\u2028{INJECTED}\x85\x85x")
    card = card.replace("license: proprietary", f'license: "{hostile}"')
    project = make_project(tmp_path / "p", {"card.md": card})
    proc = run_xdocs("build", "--markdown-only", "out", "--no-cache", cwd=project)
    assert proc.returncode == 0, proc.stderr
    page = next((project / "out" / "docs" / "models").rglob("*.md"))
    text = page.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    for html in (
        MarkdownIt("commonmark", {"html": True}).render(body),
        markdown.markdown(body, extensions=["md_in_html", "attr_list", "tables"]),
    ):
        assert "evil.example" not in "".join(_attr(html, "src") + _attr(html, "href"))


# -- no inline script in any built page ------------------------------------------------------
def test_no_built_page_holds_an_inline_script(tmp_path: Path) -> None:
    """The CSP says script-src 'self': a Material update that adds an inline script
    would silently break under it, so this fails first."""
    from xdocs.portal.build import build_site

    cards = tmp_path / "cards"
    cards.mkdir()
    for name in ("xalura-sentiment-v1.0.md", "xalura-fraud-detector.md"):
        (cards / name).write_text((REPO / "cards" / name).read_text(encoding="utf-8"))
    site = build_site(REPO, cards=cards, site_dir=tmp_path / "site", lint="off", cache=False)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    inline = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for attrs, _body in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            if "src=" not in attrs and "application/json" not in attrs:
                inline.append(f"{page.relative_to(site)}: <script{attrs}>")
        handler = re.search(r"<[^>]+\son(?:load|error|click|mouse\w+|focus|key\w+)\s*=", text)
        assert handler is None, page  # no inline event handlers either
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert csp, page
        script_src = csp.group(1).split("script-src")[1].split(";")[0]
        assert "'unsafe-inline'" not in script_src, page
    assert inline == []
