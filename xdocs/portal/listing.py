"""Paginated listing pages: the catalogue, status, owner and queue lists at any size.

A list of 10,000 rows is never one page: :func:`paginate` cuts rows into pages
of :data:`PAGE_SIZE` and gives each a pager, so every page's size is bounded
whatever the number of cards (the first page keeps the list's own path, the
others are ``<base>/2.md``, ``<base>/3.md``, …).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xdocs.portal.card_page import relative_link

#: rows on one listing page.
PAGE_SIZE = 100


@dataclass(frozen=True)
class ListingPage:
    """One page of a list: its path, its 1-based number, the rows on it."""

    path: str
    number: int
    count: int
    start: int
    rows: Sequence[object]


def page_path(first: str, number: int) -> str:
    """``index.md`` page 3 -> ``catalogue/3.md``; ``status/draft.md`` -> ``status/draft/3.md``."""
    if number == 1:
        return first
    stem = first[:-3]
    if stem == "index":
        stem = "catalogue"
    elif stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return f"{stem}/{number}.md"


def paginate(first: str, rows: Sequence[object], size: int = PAGE_SIZE) -> list[ListingPage]:
    """``rows`` cut into pages (at least one, possibly empty)."""
    count = max(1, -(-len(rows) // size))
    return [
        ListingPage(page_path(first, n), n, count, (n - 1) * size, rows[(n - 1) * size : n * size])
        for n in range(1, count + 1)
    ]


def pager(page: ListingPage, first: str, directory_urls: bool = True) -> str:
    """Links to the other pages of the list (empty for a one-page list)."""
    if page.count == 1:
        return ""

    def link(n: int, label: str) -> str:
        href = relative_link(page.path, page_path(first, n), directory_urls)
        return f'<a href="{href}">{label}</a>'

    numbers = sorted({1, page.count, *range(max(1, page.number - 2), page.number + 3)})
    numbers = [n for n in numbers if 1 <= n <= page.count]
    parts: list[str] = []
    if page.number > 1:
        parts.append(link(page.number - 1, "‹ Previous"))
    last = 0
    for n in numbers:
        if n - last > 1:
            parts.append("<span>…</span>")
        if n == page.number:
            parts.append(f'<span aria-current="page">{n}</span>')
        else:
            parts.append(link(n, str(n)))
        last = n
    if page.number < page.count:
        parts.append(link(page.number + 1, "Next ›"))
    return f'<nav class="xd-pager" aria-label="Pages of this list">{"".join(parts)}</nav>'


def listing_pages(
    first: str,
    rows: Sequence[object],
    render: Callable[[ListingPage], str],
    size: int = PAGE_SIZE,
) -> dict[str, str]:
    """``{path: text}`` for each page of a list, rendered by ``render``."""
    return {page.path: render(page) for page in paginate(first, rows, size)}


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 card``, ``2 cards`` (``many`` for irregular plurals)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
