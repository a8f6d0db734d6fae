"""Links: relative links and ``#anchors`` must resolve; external URLs only on request.

Offline, always: a relative link must name an existing file (relative to the
card, or to the project root for ``/``-absolute links), and its ``#anchor``
must be a heading of that file (MkDocs/GitHub slugs, plus explicit ``{#id}``
and ``<a id=…>`` anchors). Targets are cache dependencies: renaming a linked
file invalidates the cards that link to it.

``--check-urls`` also sends a HEAD (then GET) request to each external URL,
with a short timeout, once per URL per process. CI here has no network, so
it is never on by default.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX, LintContext, Rule, rule_index
from xdocs.slugs import heading_anchor

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard
    from xdocs.document import Document

RULES = (
    Rule(
        "markdown/broken-link",
        "A relative link points to a file that does not exist.",
        "Cards move and get renamed; a broken link in a published card sends auditors nowhere.",
        "[evaluation report](../reports/eval-2024.md) when that file is missing",
        Severity.ERROR,
        "Fix the path (relative to the card) or remove the link.",
    ),
    Rule(
        "markdown/broken-anchor",
        "A link's #anchor matches no heading of its target.",
        "Renamed headings silently break deep links; the portal's anchors are heading slugs.",
        "[limits](#limitation) when the heading is '## Limitations'",
        Severity.ERROR,
        "Use the heading's slug (lowercase, spaces as hyphens, punctuation dropped).",
    ),
    Rule(
        "markdown/broken-url",
        "An external URL did not answer successfully (only with --check-urls).",
        "Dead references undermine a card's evidence.",
        "https://example.com/gone → 404",
        Severity.WARNING,
        "Update or remove the URL.",
    ),
)
R = rule_index(RULES)

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_EXPLICIT_ID = re.compile(r"\{[^}]*#([\w:.-]+)[^}]*\}")
_HTML_ID = re.compile(r"<a\s[^>]*(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.I)


def anchors(doc: Document) -> set[str]:
    """Every anchor a document defines: heading slugs (with -1, -2 for repeats) and ids."""
    out: set[str] = set()
    counts: dict[str, int] = {}
    for heading in doc.headings:
        explicit = _EXPLICIT_ID.search(heading.raw)
        if explicit:
            out.add(explicit.group(1))
        text = _EXPLICIT_ID.sub("", heading.text).strip()
        slug = heading_anchor(text)
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}_{n}")
        out.add(slug if n == 0 else f"{slug}-{n}")
    out.update(_HTML_ID.findall(doc.text))
    return out


@lru_cache(maxsize=256)
def _target_anchors(path: str, mtime_ns: int) -> frozenset[str]:
    from xdocs.document import Document

    return frozenset(anchors(Document.from_path(path)))


def iter_links(doc: Document) -> list[tuple[str, int, int]]:
    """(href, line, column) for every link and image in the body."""
    out = []
    for tok in doc.tokens:
        if tok.type != "inline" or not tok.children or not tok.map:
            continue
        first = tok.map[0] + 1
        block = doc.slice_lines(first, tok.map[1])
        for child in tok.children:
            href = None
            if child.type == "link_open":
                href = child.attrGet("href")
            elif child.type == "image":
                href = child.attrGet("src")
            if not href or not isinstance(href, str):
                continue
            idx = block.find(href)
            if idx < 0:
                idx = block.find(urllib.parse.unquote(href))
            line, col = first, 1
            if idx >= 0:
                line = first + block.count("\n", 0, idx)
                col = idx - (block.rfind("\n", 0, idx) + 1) + 1
            out.append((href, line, col))
    return out


@lru_cache(maxsize=4096)
def url_status(url: str, timeout: float = 8.0) -> str | None:
    """None when the URL answers 2xx/3xx, else a short reason."""
    headers = {"User-Agent": "xdocs-link-check"}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                if response.status < 400:
                    return None
                reason = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            reason = f"HTTP {exc.code}"
            if exc.code in (405, 501) and method == "HEAD":
                continue
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = str(getattr(exc, "reason", exc))
        if method == "HEAD" and reason.startswith("HTTP 4"):
            continue
        return reason
    return reason


class LinkPass:
    """Relative links and anchors resolve; external URLs with --check-urls."""

    name = "links"
    rules = RULES

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        doc = card.document
        if (
            card.format not in ("markdown", "hf", "page")
            or "](" not in doc.text
            and "<" not in doc.text
        ):
            return []
        deps = ctx.dependencies
        check_urls = ctx.options.check_urls
        base = Path(card.path).parent
        root = Path(ctx.project_root)
        own: set[str] | None = None
        out: list[Finding] = []
        for href, line, col in iter_links(doc):
            if _SCHEME.match(href):
                if check_urls and href.lower().startswith(("http://", "https://")):
                    reason = url_status(href)
                    if reason:
                        out.append(
                            self._f(card, line, col, "markdown/broken-url", f"{href}: {reason}")
                        )
                continue
            if href.startswith("//"):
                continue
            path_part, _, fragment = href.partition("#")
            path_part = urllib.parse.unquote(path_part.split("?", 1)[0])
            if not path_part:
                if fragment:
                    own = own if own is not None else anchors(doc)
                    if urllib.parse.unquote(fragment) not in own:
                        out.append(
                            self._f(
                                card,
                                line,
                                col,
                                "markdown/broken-anchor",
                                f"#{fragment} matches no heading in this card",
                            )  # fmt: skip
                        )
                continue
            target = (
                (root / path_part.lstrip("/")) if path_part.startswith("/") else base / path_part
            )
            if deps is not None:
                deps.add(str(target))
            if not target.exists():
                out.append(
                    self._f(
                        card, line, col, "markdown/broken-link", f"{href}: no such file ({target})"
                    )
                )
                continue
            if fragment and target.is_file() and target.suffix.lower() in (".md", ".markdown"):
                try:
                    found = _target_anchors(str(target), target.stat().st_mtime_ns)
                except Exception:  # noqa: BLE001 - an unreadable target is a broken link
                    found = frozenset()
                if urllib.parse.unquote(fragment) not in found:
                    out.append(
                        self._f(
                            card,
                            line,
                            col,
                            "markdown/broken-anchor",
                            f"{href}: #{fragment} matches no heading in {path_part}",
                        )  # fmt: skip
                    )
        return out

    @staticmethod
    def _f(card: ModelCard, line: int, col: int, rule: str, message: str) -> Finding:
        sev = Severity.WARNING if rule == "markdown/broken-url" else Severity.ERROR
        return R[rule].finding(
            card.path, line, col, message, severity=sev, source="links", fix=NO_FIX
        )
