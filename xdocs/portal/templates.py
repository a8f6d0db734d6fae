"""Jinja partials of the portal (``templates/portal/*.html.j2``).

Autoescape is on and undefined values are errors: every value a card
contributes reaches the page as text, and a template typo fails the build
instead of rendering an empty banner.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from xdocs.config import package_root

_BLANK_RUN = re.compile(r"\n[ \t]*(?=\n)")
_PRE = re.compile(r"(<pre[\s>][\s\S]*?</pre>)")
_BLANK_LINES = re.compile(r"\n\s*\n+")
#: what some engine reads as a line break besides "\n": CommonMark ends a line at
#: "\r"; Python's str.splitlines (used by some Markdown engines) also at these.
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: the end of a cell, term or item directly followed by the next tag: a search
#: engine that reads the page's text (Material's) would run the two texts together
_CELL_END = re.compile(r"(</(?:td|th|dt|dd|li|tr|caption|figcaption|p)>)(?=<)")


@lru_cache(maxsize=8)
def templates_dir(project_root: Path | None = None) -> Path:
    """The project's ``templates/portal`` when it has one, else the bundled one."""
    if project_root is not None and (project_root / "templates" / "portal").is_dir():
        return project_root / "templates" / "portal"
    return package_root() / "templates" / "portal"


@lru_cache(maxsize=4)
def _env(folder: str) -> Environment:
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(template: str, project_root: Path | None = None, **context: Any) -> str:
    """Render ``templates/portal/<name>.html.j2`` as one HTML block for a Markdown page."""
    html = (
        _env(str(templates_dir(project_root))).get_template(f"{template}.html.j2").render(**context)
    )
    return html_block(html)


def html_block(html: str) -> str:
    """HTML made safe to embed as one Markdown HTML block in any engine.

    CommonMark ends an HTML block at a blank line (Python-Markdown does not), so
    blank lines (which only occur inside ``<pre>``) become ``&#10;``: the same
    text, one block everywhere. Every other character some engine reads as a line
    break (``\r``, ``\u2028``, ``\x85``, …), which only a card's value can bring,
    becomes a character reference first, so no value can end the block early and
    have the rest of it rendered as Markdown. A line break follows the end of each
    cell, term and item that another tag follows directly, so search indexes read
    "Owners noor.haddad Licence …", not "noor.haddadLicence" (browsers ignore it).
    """
    html = _OTHER_BREAKS.sub(lambda m: f"&#{ord(m.group())};", html)
    parts = _PRE.split(html.strip("\n"))
    for i, part in enumerate(parts):
        if i % 2:
            parts[i] = _BLANK_RUN.sub("&#10;", part)
        else:
            parts[i] = _CELL_END.sub("\\1\n", _BLANK_LINES.sub("\n", part))
    return "".join(parts)
