"""The model card portal: cards in, Markdown pages out (any engine can build them).

:mod:`xdocs.portal.site` builds the pages, :mod:`xdocs.portal.plugin` hands them
to MkDocs, :mod:`xdocs.portal.markdown_only` writes them to a folder with a
plain ``mkdocs.yml``. See docs/portal.md.
"""

from xdocs.portal.site import BuildReport, Portal, PortalSettings, build_pages

__all__ = ["BuildReport", "Portal", "PortalSettings", "build_pages"]
