"""Untrusted card content in, safe Markdown out.

Cards are written by submitters, so everything they contribute is untrusted:
the Markdown body (which may carry raw HTML), headings, and front-matter
values. The portal never hands card text to MkDocs as Markdown: the body is
rendered to HTML from the tokens the card's Document parsed (:mod:`xdocs.portal.card_html`;
text that is not in the card file is parsed with the same shared markdown-it
configuration, :func:`render_card_markdown`) and cleaned here with nh3 (Rust's
ammonia), and short values (names, owners, headings) are escaped so that no
Markdown or HTML construct survives. The output is then safe in *any* engine
that builds the generated pages (``xdocs build --markdown-only``), not only
behind the MkDocs plugin, which cleans card pages a second time as defence in
depth (:func:`clean_page_html`).

Why so strict about titles: MkDocs' theme environment does not autoescape, and
Material prints ``page.title`` raw in the page heading and navigation, and
unescapes it inside ``<title>``. So a title must not contain ``<``, ``>``,
``&`` or quotes at all; :func:`safe_text` maps them to look-alike characters.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

import nh3

from xdocs.document.markdown import MARKDOWN

#: tags a card's content may use (nh3's defaults minus the legacy and map tags).
CARD_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
#: tags removed together with their content (not just unwrapped).
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
CARD_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "code": {"class"},
    "details": {"open"},
}
#: the portal's own inline charts on card pages (xdocs.portal.evaluation): geometry and
#: colour only, no links, no <use>, no <foreignObject>, no scripts or styles.
CHART_TAGS = {"svg", "title", "rect", "line", "text", "g"}
CHART_ATTRIBUTES = {
    "svg": {"viewBox", "width", "height", "xmlns"},
    "rect": {"x", "y", "width", "height", "fill", "stroke", "stroke-width"},
    "line": {"x1", "y1", "x2", "y2", "stroke"},
    "text": {"x", "y"},
}
#: only these URL schemes survive (no javascript:, data:, vbscript:, file:).
URL_SCHEMES = {"http", "https", "mailto"}
#: WHATWG "special" schemes: their URLs (and scheme-less ones) read ``\\`` as ``/``.
SPECIAL_SCHEMES = {"http", "https", "ws", "wss", "ftp", "file"}
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")

_LOOKALIKE = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "ʻ"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|])")


def browser_url(value: str) -> str:
    """The URL a browser parses from an attribute value (the WHATWG URL parser).

    Leading and trailing C0 controls and spaces are trimmed, tabs and newlines are
    removed wherever they are, and in a URL with a special scheme (http, https, …)
    or with no scheme a backslash is a slash. So ``/\\evil.example/x`` and
    ``\\\\evil.example\\x`` are both ``//evil.example/…``: another host.
    """
    url = _TAB_OR_NEWLINE.sub("", value.strip(_C0_AND_SPACE))
    match = _SCHEME.match(url)
    if match is None or match.group(1).lower() in SPECIAL_SCHEMES:
        url = url.replace("\\", "/")
    return url


def _safe_url(tag: str, value: str) -> str | None:
    """A URL attribute as the browser will read it, or None to drop it.

    Checked *after* normalizing, and written back normalized, so what was checked is
    what the browser requests. A relative URL that resolves to another host
    (``//host``, ``/\\host``) is dropped; so are images with any scheme or host (a
    reader's browser would fetch them from outside the portal, which the offline
    portal never does). Absolute links (``https://…``, ``mailto:``) stay: a reader
    sees where they go.
    """
    url = browser_url(value)
    match = _SCHEME.match(url)
    if match is not None and match.group(1).lower() not in URL_SCHEMES:
        return None
    if url.startswith("//"):
        return None
    if tag == "img":
        parts = urlsplit(url)
        if match is not None or parts.scheme or parts.netloc:
            return None
    return url


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Drop what nh3's allowlist lets through but the portal still refuses.

    URLs (``a href``, ``img src``) go through :func:`_safe_url`; ``code`` keeps
    only ``language-*`` classes (for highlighting).
    """
    if (tag, attr) in (("img", "src"), ("a", "href")):
        return _safe_url(tag, value)
    if tag == "code" and attr == "class":
        kept = [c for c in value.split() if re.fullmatch(r"language-[\w+-]+", c)]
        return " ".join(kept) or None
    return value


def sanitize_html(fragment: str) -> str:
    """Clean an HTML fragment contributed by a card (nh3, portal allowlist)."""
    return nh3.clean(
        fragment,
        tags=CARD_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=CARD_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    )


def render_card_markdown(markdown: str) -> str:
    """Card-contributed Markdown that is not a slice of a parsed card (a test's input, a
    value from a JSON card) as sanitized HTML, parsed with the one shared configuration
    (:data:`xdocs.document.markdown.MARKDOWN`). A card's own text is rendered from its
    Document's tokens instead (:mod:`xdocs.portal.card_html`)."""
    if not markdown.strip():
        return ""
    return sanitize_html(MARKDOWN.render(markdown))


def safe_text(value: Any, limit: int = 300) -> str:
    """A front-matter value as one plain line with no HTML/Markdown-significant quotes.

    Used for page titles and tags, which themes print without escaping.
    """
    text = "" if value is None else str(value)
    text = _CONTROL.sub(" ", text).replace("\n", " ").replace("\r", " ")
    text = " ".join(text.split()).translate(_LOOKALIKE)
    return text[:limit]


def escape_inline(value: Any) -> str:
    """Escape a value for use inside Markdown inline text (a heading, a table cell).

    HTML-escapes it and backslash-escapes every Markdown punctuation character, so
    neither a tag, a link, an attribute list nor emphasis can be formed.
    """
    text = " ".join(_CONTROL.sub(" ", "" if value is None else str(value)).split())
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=True)


def clean_page_html(fragment: str) -> str:
    """Defence in depth for a rendered card page: the portal's own markup plus card markup.

    Allows the classes and ids the portal's templates and MkDocs' Markdown produce
    (headings with permalinks, admonitions, details) while still refusing script,
    event handlers and dangerous URLs.
    """
    attributes = {k: set(v) for k, v in CARD_ATTRIBUTES.items()}
    attributes["*"] = {
        "class",
        "id",
        "title",
        "role",
        "aria-label",
        "aria-current",
        "data-status",
        "data-model",
        "data-search-exclude",
    }
    attributes["a"] |= {"class", "id", "title"}
    attributes["time"] = {"datetime"}
    for tag, names in CHART_ATTRIBUTES.items():
        attributes[tag] = attributes.get(tag, set()) | names
    return nh3.clean(
        fragment,
        tags=CARD_TAGS | CHART_TAGS | {"nav", "section", "article", "header", "footer"},
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=attributes,
        attribute_filter=_page_attribute_filter,
        url_schemes=URL_SCHEMES,
        strip_comments=False,
        link_rel=None,
    )


def _page_attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "code" and attr == "class":
        return value
    return _attribute_filter(tag, attr, value)
