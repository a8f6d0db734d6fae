"""Finding messages in the preview panel: parsed with the one shared markdown-it
configuration, raw HTML shown as text and images as links (xdocs.portal.findings_panel)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from xdocs.portal.findings_panel import inline_markdown

#: what the panel used to parse messages with: a second configuration, HTML and images off.
OLD = MarkdownIt("commonmark", {"html": False}).disable(["image"])

PIECES = st.sampled_from(
    [*"ab xy:/.-`*_[]()!\\#1&<>\"'", "`code`", "](u)", "![", "<b>", "</b>", "<a href=x>"]
)


@settings(max_examples=400, deadline=None)
@example("![![](u)](u)")  # an image inside an image: CommonMark nesting, not a rewrite
@given(st.lists(PIECES, max_size=20).map("".join))
def test_messages_render_as_with_html_and_images_off(text: str) -> None:
    assert inline_markdown(text) == OLD.renderInline(" ".join(text.split()))


def test_raw_html_in_a_message_is_shown_as_text() -> None:
    out = inline_markdown('remove <script>alert("x")</script> and <img src=x onerror=y>')
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=y&gt;" in out
    assert out == OLD.renderInline('remove <script>alert("x")</script> and <img src=x onerror=y>')


def test_an_image_in_a_message_is_a_link_not_a_fetch() -> None:
    out = inline_markdown('use ![chart](figures/roc.png "ROC") or `code`')
    assert "<img" not in out
    assert out == 'use !<a href="figures/roc.png" title="ROC">chart</a> or <code>code</code>'
    assert out == OLD.renderInline('use ![chart](figures/roc.png "ROC") or `code`')
    assert "href" not in inline_markdown("[x](javascript:alert(1)) ![y](javascript:z)")
