"""The site navigation: a few sections, the same at 8 cards and at 100,000.

Models are not in the navigation. Readers reach them through the catalogue
(paginated, with a status filter), the status and owner lists, the review
queue, search and tags; so every page renders the same small navigation and a
card page's size does not depend on how many other cards exist. With
Material's ``navigation.tabs`` the top-level entries are the header's tabs:
Catalogue, Review queue, Analytics, Style guide, Tags.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xdocs.portal.safe import safe_text

#: ``(title, page)`` of the top-level sections, in order (those present are shown).
SECTIONS = (
    ("Catalogue", "index.md"),
    ("Review queue", "queue.md"),
    ("Analytics", "analytics.md"),
    ("Style guide", "styleguide/index.md"),
    ("Tags", "tags.md"),
)


def site_nav(pages: dict[str, str]) -> list[Any]:
    """The MkDocs ``nav`` for ``pages`` (explicit titles: a dirty serve build does
    not re-read pages it did not rebuild, and they would have none)."""
    nav: list[Any] = []
    catalogue: list[Any] = [{"Model catalogue": "index.md"}]
    if "owners/index.md" in pages:
        catalogue.append({"Owners": "owners/index.md"})
    nav.append({"Catalogue": catalogue})
    if "queue.md" in pages:
        nav.append({"Review queue": "queue.md"})
    nav.append({"Analytics": "analytics.md"})
    guide: list[Any] = [{"Style guide": "styleguide/index.md"}]
    for p in sorted(pages):
        if p.startswith("styleguide/") and p not in ("styleguide/index.md",) and "/" not in p[11:]:
            guide.append({safe_text(page_title(pages[p], p)): p})
    rules: list[Any] = [{"All rules": "rules/index.md"}] if "rules/index.md" in pages else []
    for p in sorted(pages):
        if p.startswith("rules/") and p != "rules/index.md":
            rules.append({safe_text(page_title(pages[p], p)): p})
    if rules:
        guide.append({"Rule catalogue": rules})
    if "terminology.md" in pages:
        guide.append({"Terminology": "terminology.md"})
    nav.append({"Style guide": guide})
    nav.append({"Tags": "tags.md"})
    return nav


def nav_pages(nav: list[Any]) -> list[str]:
    """Every page a nav names (for tests and the ``--markdown-only`` writer)."""
    out: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += nav_pages(value)
        else:
            out.append(str(value))
    return out


def page_title(text: str, path: str) -> str:
    """A page's title: front-matter ``title``, else its first ``# `` heading, else its name."""
    for line in text.splitlines()[:40]:
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip().strip("\"'")
        if line.startswith("# "):
            return line[2:].strip()
    return Path(path).stem.replace("-", " ").capitalize()
