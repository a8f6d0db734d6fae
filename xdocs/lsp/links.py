"""Where a rule's documentation lives: its entry on the portal's rule catalogue.

The portal's rule index (``rules/``, ``xdocs build``) gives every rule's row the
id MkDocs would give a heading of the rule id (and links it to the rule's family
page), so a rule's link is ``<site>/rules/#<anchor>``. ``<site>`` is the
``site_url`` of the project's ``mkdocs.yml`` (or ``site_config/mkdocs.yml``) when
set, else the local build
``site/rules/index.html`` that ``make portal`` writes. A rule that belongs to a
family (``grammar/harper/SpellCheck``) links to the family's entry.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

_SITE_URL = re.compile(r"^site_url:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)
#: only web and file links are handed to the editor
_SAFE_SCHEMES = ("https://", "http://", "file://")


@lru_cache(maxsize=16)
def site_base(root: str, generation: int) -> str:
    """The URL of the rule catalogue page for a project (cached per configuration)."""
    for name in ("mkdocs.yml", "site_config/mkdocs.yml"):
        path = Path(root) / name
        try:
            text = path.read_text(encoding="utf-8")[:200_000]
        except (OSError, UnicodeDecodeError):
            continue
        m = _SITE_URL.search(text)
        if m and m.group(1).startswith(_SAFE_SCHEMES):
            return m.group(1).rstrip("/") + "/rules/"
    return (Path(root) / "site" / "rules" / "index.html").resolve().as_uri()


def anchor(rule_id: str) -> str:
    """The heading slug MkDocs gives ``### `rule_id``` on the catalogue page."""
    from xdocs.slugs import heading_anchor

    return heading_anchor(rule_id)


def rule_href(project: Any, rule_id: str) -> str | None:
    """The link to a rule's catalogue entry (None for ids that are not rules)."""
    if not rule_id or "/" not in rule_id:
        return None
    book = project.rulebook_if_loaded()
    return _href(str(project.root), project.generation, rule_id, book)


@lru_cache(maxsize=4096)
def _href(root: str, generation: int, rule_id: str, book: Any) -> str:
    documented = book.anchor_id(rule_id) if book is not None else rule_id
    return f"{site_base(root, generation)}#{anchor(documented)}"
