"""Slugs: the one place text becomes an anchor or a path segment.

There are two jobs, and they differ on purpose:

* :func:`heading_anchor` is the ``id`` MkDocs gives a heading: Python-Markdown's
  ``toc`` extension with its default ``slugify`` and ``-`` as separator, which is how
  ``site_config/mkdocs.yml`` configures it. It must equal that id exactly, or a link
  xdocs accepts (``markdown/broken-anchor``) or writes (the rule catalogue's rows, the
  editor's links to them) lands nowhere. So it keeps what ``toc`` keeps: underscores,
  runs of hyphens collapsed, no length limit, and it may be empty (a heading of
  symbols or of a script that does not fold to ASCII).
* :func:`path_segment` names a folder or file of the portal and of ``xdocs new``
  (``models/<segment>/<version>.md``, ``cards/<segment>.md``). It must be safe in a URL
  and as a file name on every system, and never empty: only ``a-z``, ``0-9`` and
  single inner hyphens, at most 80 characters, a default when nothing is left. So no
  ``/``, no ``..``, no ``_``-vs-``-`` ambiguity on case-insensitive file systems, no
  percent-encoding in URLs.
"""

from __future__ import annotations

import re

_NOT_SEGMENT = re.compile(r"[^a-z0-9]+")

#: the longest path segment (a model's name can be a sentence).
SEGMENT_LIMIT = 80


def heading_anchor(text: str) -> str:
    """The ``id`` MkDocs gives a heading with this text (``## Bias, Risks`` → ``bias-risks``).

    Python-Markdown's own ``toc.slugify`` (the one MkDocs uses unless configured
    otherwise), not a copy of it: accents fold to ASCII, other characters outside
    ``\\w``, spaces and ``-`` are dropped, spaces and hyphens become one ``-``.
    """
    from markdown.extensions.toc import slugify

    return slugify(text, "-")


def path_segment(value: str, default: str = "model") -> str:
    """A URL path / file name segment: lower-case ASCII letters, digits and inner hyphens
    (``Xalura Sentiment 2`` → ``xalura-sentiment-2``), ``default`` when none is left."""
    slug = _NOT_SEGMENT.sub("-", value.lower()).strip("-")
    return slug[:SEGMENT_LIMIT].strip("-") or default
