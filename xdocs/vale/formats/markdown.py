"""Markdown for the Vale engine: rendered to HTML like goldmark does (``lint/md.go``).

Vale renders Markdown to HTML (goldmark, GFM, footnotes, raw HTML kept) and
walks the HTML (see :mod:`xdocs.vale.formats.html`). markdown-it-py stands in
for goldmark; ``prep_markdown`` hides what Vale hides from position lookups.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

_EX_INFO = re.compile(r"`{3,}.+")
_LINK_REF = re.compile(r"\]\[(?:[^]\n]+)\]")
_LINK_DEF = re.compile(r"\[(?:[^]\n]+)\]:")
_NUM_LIST = re.compile(r"(?m)^\d+\.")
FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?(---|\.\.\.|\+\+\+)[ \t]*(\n|\Z)", re.S)
MATH = re.compile(r"(?ms)^[ \t]*\$\$.*?\$\$[ \t]*$")

_MD: MarkdownIt | None = None


def markdown() -> MarkdownIt:
    """One shared markdown-it instance (GFM tables, strikethrough, autolinks, footnotes)."""
    global _MD
    if _MD is None:
        md = MarkdownIt("commonmark", {"html": True, "linkify": True})
        md.enable(["table", "strikethrough", "linkify"])
        md.use(footnote_plugin)
        _MD = md
    return _MD


def render_html(text: str) -> str:
    html = markdown().render(text)
    return html.replace("<s>", "<del>").replace("</s>", "</del>")


def prep_markdown(content: str) -> str:
    """``prepMarkdown``: hide info strings, link references and list numbers from lookups."""

    def info(m: re.Match[str]) -> str:
        parts = m.group(0).split("`")
        return "`" * (len(parts) - 1) + "*" * len(parts[-1])

    body = _EX_INFO.sub(info, content)
    body = _LINK_REF.sub(lambda m: "][" + "*" * (len(m.group(0)) - 3) + "]", body)
    body = _LINK_DEF.sub(lambda m: "[" + "*" * (len(m.group(0)) - 3) + "]:", body)
    return _NUM_LIST.sub(lambda m: "*" * len(m.group(0)), body)
