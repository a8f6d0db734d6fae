"""``xdocs build``: the portal through MkDocs, or as plain Markdown for any engine."""

from __future__ import annotations

import io
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from xdocs.fileio import atomic_write
from xdocs.portal.site import BuildReport, Portal, PortalSettings


class BuildError(Exception):
    """A build that cannot start or did not finish (one line for the CLI)."""


def mkdocs_config_path(root: Path) -> Path:
    path = root / "mkdocs.yml"
    if not path.is_file():
        raise BuildError(
            f"{path}: not found; the portal needs a root mkdocs.yml "
            "(one line: 'INHERIT: site_config/mkdocs.yml')"
        )
    return path


def _ensure_logging() -> None:
    """Show MkDocs' INFO/WARNING lines like the ``mkdocs`` command does."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_xdocs", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._xdocs = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_site(
    root: Path,
    *,
    cards: Path | None = None,
    site_dir: Path | None = None,
    published: bool = False,
    strict: bool = False,
    lint: str | None = None,
    cache: bool = True,
    roster_from: str | None = None,
    site_url: str | None = None,
    search: str | None = None,
    search_merge: list[str] | None = None,
) -> Path:
    """Build the portal with MkDocs (the ``xdocs`` plugin makes every page).

    ``site_url`` places the site under a URL prefix (one team's portal in a larger
    one); ``search`` forces the engine (``material``/``pagefind``); ``search_merge``
    lists other portals' Pagefind indexes to search together with this one.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _ensure_logging()
    overrides: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    if site_url is not None:
        overrides["site_url"] = site_url
    try:
        config = load_config(config_file=str(mkdocs_config_path(root)), **overrides)
        plugin = config.plugins.get("xdocs")
        if plugin is None:
            raise BuildError(f"{root / 'mkdocs.yml'}: the 'xdocs' plugin is not enabled")
        if cards is not None:
            plugin.config.cards = str(cards.resolve())
        plugin.config.published = published
        plugin.config.cache = cache
        if roster_from:
            plugin.config.roster_from = roster_from
        if lint is not None:
            plugin.config.lint = lint
        if search is not None:
            plugin.config.search = search
        if search_merge:
            plugin.config.search_merge = list(search_merge)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:  # includes Abort (strict warnings) and config errors
        raise BuildError(str(exc) or type(exc).__name__) from None
    return Path(config.site_dir)


def portal_settings(
    root: Path,
    cards: Path | None,
    *,
    published: bool,
    directory_urls: bool = True,
    cache: bool = True,
    roster_from: str | None = None,
) -> PortalSettings:
    """Settings as the plugin would make them from the project's config."""
    from xdocs.cache import cache_dir
    from xdocs.portal.plugin import _roster_path

    return PortalSettings(
        root=root,
        cards_dir=(cards or root / "cards").resolve(),
        published=published,
        directory_urls=directory_urls,
        cache_dir=cache_dir(root) / "portal" if cache else None,
        roster_path=_roster_path(root),
        roster_from=roster_from,
    )


def write_markdown_only(
    root: Path,
    out: Path,
    *,
    cards: Path | None = None,
    published: bool = False,
    cache: bool = True,
    roster_from: str | None = None,
) -> BuildReport:
    """Write every generated page and a plugin-free ``mkdocs.yml`` to ``out``.

    ``out/docs`` holds the pages and the house CSS, ``out/overrides`` the theme
    overrides; ``mkdocs build -f out/mkdocs.yml`` (or another engine that reads
    mkdocs.yml) builds them without xdocs installed.

    ``out`` is replaced wholesale, so it must be a folder this function made (it
    holds the marker file :data:`OUTPUT_MARKER`), an empty folder or a new one;
    anything else, and the project root or a folder holding it or the cards, is
    refused (:class:`BuildError`) before anything is written.
    """
    claim_output(out, root, cards or root / "cards")
    site_yml = root / "site_config" / "mkdocs.yml"
    config = _plain_config(site_yml)
    from xdocs.portal.statuses import material_status_labels

    extra = config.setdefault("extra", {})
    extra["status"] = {**material_status_labels(), **dict(extra.get("status") or {})}
    portal = Portal(
        portal_settings(root, cards, published=published, cache=cache, roster_from=roster_from)
    )
    report = portal.refresh()
    pages = portal.pages()
    docs = out / "docs"
    _remove_own(docs)
    static = root / str(config.get("docs_dir") or "site_config/docs")
    if static.is_dir():
        shutil.copytree(static, docs)
    docs.mkdir(parents=True, exist_ok=True)
    engine = _markdown_only_search(config, report.shown)
    for rel, text in pages.items():
        if engine == "pagefind":  # Material's index stays empty: Pagefind indexes the site
            text = _exclude_from_material_search(text)
        dest = docs / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    custom = theme.get("custom_dir")
    if custom and (root / custom).is_dir():
        _remove_own(out / "overrides")
        shutil.copytree(root / custom, out / "overrides")
        theme["custom_dir"] = "overrides"
    else:
        theme.pop("custom_dir", None)
    config["theme"] = theme
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = [p for p in config.get("plugins", []) if _plugin_name(p) != "xdocs"]
    config["nav"] = portal.nav(pages)
    extra["xdocs_search"] = engine
    _write_yaml(out / "mkdocs.yml", config, pagefind=engine == "pagefind")
    return report


#: written into a ``--markdown-only`` folder; only a folder holding it is ever replaced.
OUTPUT_MARKER = ".xdocs-markdown-only"
_MARKER_TEXT = (
    "Written by `xdocs build --markdown-only`: this folder is replaced on every run.\n"
    "Delete this file and xdocs will refuse to write here again.\n"
)


def claim_output(out: Path, root: Path, cards: Path) -> None:
    """Make sure ``out`` is ours to replace, then mark it. Raises BuildError."""
    target = Path(os.path.abspath(out))
    if target.is_symlink():
        raise BuildError(f"{out}: is a symbolic link; refused (give a real folder)")
    resolved = target.resolve()
    for keep, what in ((root, "the project"), (cards, "the cards")):
        keep = keep.resolve()
        if resolved == keep or resolved in keep.parents:
            raise BuildError(
                f"{out}: holds {what} ({keep}); refused: --markdown-only OUT replaces "
                "OUT/docs and OUT/mkdocs.yml, so give a folder of its own, e.g. .publish-pages"
            )
        if keep in resolved.parents and what == "the cards":
            raise BuildError(f"{out}: is inside the cards folder; refused")
    marker = target / OUTPUT_MARKER
    if target.exists():
        if not target.is_dir():
            raise BuildError(f"{out}: exists and is not a folder; refused")
        if not marker.is_file() and any(target.iterdir()):
            raise BuildError(
                f"{out}: is not empty and was not written by xdocs (no {OUTPUT_MARKER}); "
                "refused: give a new or empty folder"
            )
    target.mkdir(parents=True, exist_ok=True)
    if not marker.is_file():
        atomic_write(marker, _MARKER_TEXT)


def _remove_own(folder: Path) -> None:
    """Remove a folder an earlier run wrote; never follow or remove through a link."""
    if folder.is_symlink():
        raise BuildError(f"{folder}: is a symbolic link, not written by xdocs; refused")
    if folder.exists():
        shutil.rmtree(folder)


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _plain_config(path: Path) -> dict[str, Any]:
    from xdocs.document import make_yaml

    with path.open(encoding="utf-8") as fh:
        data = make_yaml().load(fh)
    return data


def _exclude_from_material_search(text: str) -> str:
    """A page with ``search: {exclude: true}`` in its front-matter."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0 and "\nsearch:" not in text[3:end]:
            return text[:end] + "\nsearch:\n  exclude: true" + text[end:]
        return text
    return "---\nsearch:\n  exclude: true\n---\n\n" + text


def _markdown_only_search(config: dict[str, Any], shown: int) -> str:
    """The search engine the xdocs plugin would choose for this many card versions."""
    from xdocs.portal import search

    options: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "xdocs" in entry:
            options = dict(entry["xdocs"] or {})
    return search.choose(
        str(options.get("search", "auto")),
        shown,
        int(options.get("search_threshold", search.THRESHOLD)),
        "build",
    )


def _write_yaml(path: Path, data: dict[str, Any], pagefind: bool = False) -> None:
    from xdocs.document import make_yaml

    header = (
        "# Written by `xdocs build --markdown-only`: the portal's pages without the xdocs\n"
        "# plugin. Build with `mkdocs build -f mkdocs.yml` (or any engine reading mkdocs.yml).\n"
    )
    if pagefind:
        header += (
            "# Search is Pagefind (extra.xdocs_search): after the build, index the site with\n"
            "#   python -m pagefind --site site --output-subdir pagefind\n"
            "# (the pagefind[bin] wheel ships the binary); until then search finds nothing.\n"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    buffer.write(header)
    make_yaml().dump(data, buffer)
    try:
        atomic_write(path, buffer.getvalue())  # never through a link
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
