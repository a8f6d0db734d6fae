"""Untrusted card content: sanitizer, escaping and HTML blocks."""

from __future__ import annotations

import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.portal.safe import (
    clean_page_html,
    escape_inline,
    render_card_markdown,
    safe_text,
    sanitize_html,
)
from xdocs.portal.templates import html_block

PAYLOAD = """\
Hello <script>document.title='x'</script> world.

<img src="x" onerror="document.title='x'">

[md link](javascript:alert(1))

<a href="javascript:alert(2)">a</a> <a href="JaVaScRiPt:alert(3)">b</a>
<a href="data:text/html,<script>alert(4)</script>">c</a>
<a href=" javascript:alert(5)">d</a>

<iframe src="https://example.com"></iframe><object data="x.swf"></object><embed src="x">

<svg onload="alert(6)"><circle r="1"/></svg>
<div style="background:url(https://evil.example/p.png)" onclick="alert(7)">styled</div>
<form action="https://evil.example"><input name="q"></form>

![remote](https://evil.example/track.png) ![local](figures/roc.png)
<img src="//evil.example/proto-relative.png">
"""


def test_no_script_handlers_or_dangerous_urls() -> None:
    out = render_card_markdown(PAYLOAD)
    lowered = out.lower()
    for bad in ("<script", "onerror", "onload", "onclick", "<iframe"):
        assert bad not in lowered, bad
    # a javascript:/data: URL may survive only as inert text, never as an attribute
    assert not re.search(
        r"(href|src|data|action)\s*=\s*[\"']?\s*(javascript|data|vbscript):", lowered
    )
    assert "[md link](javascript:alert(1))" in out  # not a link: markdown-it refused it
    for bad in ("<object", "<embed", "<svg", "<form", "<input", "style=", "evil.example"):
        assert bad not in lowered, bad
    assert "Hello" in out and "world." in out
    assert 'src="figures/roc.png"' in out  # relative images stay
    assert out.count("<a ") == 4 and 'rel="noopener noreferrer nofollow"' in out


def test_markdown_structure_survives() -> None:
    out = render_card_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n")
    assert "<table>" in out and "<td>1</td>" in out
    assert '<code class="language-python">' in out


def test_sanitize_keeps_safe_links() -> None:
    out = sanitize_html('<a href="https://example.com/x">x</a> <a href="mailto:a@b.c">m</a>')
    assert 'href="https://example.com/x"' in out and 'href="mailto:a@b.c"' in out


def test_safe_text_has_no_markup_characters() -> None:
    text = safe_text("</title><script>alert('x')</script> & \"q\" `c`\n next")
    assert not set("<>&\"'`\n") & set(text)
    assert "script" in text and "next" in text


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_escape_inline_renders_as_plain_heading_text(value: str) -> None:
    """Whatever a card's heading says, it renders as text inside one h2 (no tag, no link)."""
    html = markdown.markdown(
        f"## {escape_inline(value)}", extensions=["attr_list", "tables", "md_in_html"]
    )
    inner = re.sub(r"^<h2[^>]*>|</h2>$", "", html.strip())
    assert "<" not in inner and ">" not in inner.replace("&gt;", "")


@given(st.text(alphabet=st.sampled_from("ab \n\t<>pre/"), max_size=60))
@settings(max_examples=200, deadline=None)
def test_html_block_has_no_blank_line(value: str) -> None:
    """A blank line would end the HTML block in CommonMark engines."""
    out = html_block(f"<div>\n{value}\n<pre><code>{value}</code></pre>\n</div>")
    assert not re.search(r"\n[ \t]*\n", out)


def test_html_block_keeps_pre_text() -> None:
    out = html_block("<pre><code>a\n\n\nb</code></pre>")
    assert out == "<pre><code>a&#10;&#10;\nb</code></pre>"


def test_html_block_separates_cells_but_not_preformatted_text() -> None:
    """Issue 17: Material's search read "noor.haddadLicense proprietary" from the panel."""
    out = html_block("<dl><dt>Owners</dt><dd>noor</dd><dt>License</dt></dl><pre>a</td><b></pre>")
    assert out == "<dl><dt>Owners</dt>\n<dd>noor</dd>\n<dt>License</dt>\n</dl><pre>a</td><b></pre>"
    assert html_block("<tr><td>a</td><td>b</td></tr>") == "<tr><td>a</td>\n<td>b</td>\n</tr>"


def test_clean_page_html_keeps_portal_markup() -> None:
    page = (
        '<div class="xd-banner" data-status="published"><h2 id="x">T'
        '<a class="headerlink" href="#x">¶</a></h2>'
        '<details class="failure"><summary>s</summary></details>'
        "<script>alert(1)</script><img src=x onerror=alert(1)></div>"
    )
    out = clean_page_html(page)
    assert 'class="xd-banner"' in out and 'data-status="published"' in out
    assert 'id="x"' in out and 'href="#x"' in out and "<details" in out
    assert "<script" not in out and "onerror" not in out
