"""``xdocs build``: the portal site (MkDocs + Material), or its pages as plain Markdown."""

from __future__ import annotations

from pathlib import Path

import click

from xdocs.cli.common import INPUT_ERRORS, card_files_or_fail, fail


@click.command("build")
@click.option(
    "--cards",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of card files (default: `cards` from xdocs.yml).",
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site/).",
)
@click.option("--published", is_flag=True, help="Only published cards, no preview UI.")
@click.option(
    "--markdown-only",
    "markdown_only",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="OUT",
    help="Write the generated pages and a plugin-free mkdocs.yml to OUT instead of a site.",
)
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning (as CI does).")
@click.option(
    "--no-cache", "no_cache", is_flag=True, help="Re-read every card (ignore .xdocs-cache/portal)."
)
@click.option(
    "--roster-from",
    metavar="REV",
    help="Judge approvals with the roster and workflow settings of git revision REV "
    "(e.g. origin/main), not the working tree's.",
)
@click.option(
    "--site-url",
    metavar="URL",
    default=None,
    help="The site's own URL or path prefix (e.g. https://portal.example/teams/risk/): "
    "one team's portal built on its own, part of a larger portal.",
)
@click.option(
    "--search",
    type=click.Choice(["auto", "material", "pagefind"]),
    default=None,
    help="Search engine (default: the plugin's `search`, auto: Pagefind from 200 card versions).",
)
@click.option(
    "--search-merge",
    "search_merge",
    multiple=True,
    metavar="URL",
    help="Also search this other portal's Pagefind index (its pagefind/ URL; repeatable).",
)
def build_cmd(
    cards: Path | None,
    site_dir: Path | None,
    published: bool,
    markdown_only: Path | None,
    strict: bool,
    no_cache: bool,
    roster_from: str | None,
    site_url: str | None,
    search: str | None,
    search_merge: tuple[str, ...],
) -> None:
    """Build the model card portal from the cards."""
    from xdocs.config import ConfigError, find_project_root, load_config
    from xdocs.portal.build import BuildError, build_site, write_markdown_only

    root = find_project_root()
    try:
        config = load_config(root)
    except ConfigError as err:
        fail(str(err))
    if roster_from:
        from xdocs.workflow.gitsource import GitSourceError
        from xdocs.workflow.trust import resolve_revision

        try:
            roster_from = resolve_revision(roster_from, root)
        except GitSourceError as err:
            fail(f"--roster-from: {err}")
    cards_dir = cards or config.resolve("cards", "cards")
    if not cards_dir.is_dir():
        fail(f"{cards_dir}: no such folder of cards (set --cards or `cards:` in xdocs.yml)")
    # an empty folder is a wrong --cards, not an empty portal, and a FIFO or device among the
    # cards is unreadable input (exit 2), not a card left out in silence (docs/cli.md)
    from xdocs.fileio import read_policy, too_large_message

    skipped: list = []
    found = card_files_or_fail([cards_dir], skipped)
    for item in skipped:
        if item.rule in INPUT_ERRORS:
            fail(f"{item.path}: {item.message}")
    limit = read_policy().max_bytes
    for card_file in found:
        if (size := card_file.stat().st_size) > limit:
            fail(f"{card_file}: {too_large_message(size, limit)}")
    try:
        if markdown_only is not None:
            report = write_markdown_only(
                root,
                markdown_only,
                cards=cards_dir,
                published=published,
                cache=not no_cache,
                roster_from=roster_from,
            )
            for problem in report.problems:
                click.echo(f"xdocs: warning: {problem}", err=True)
            shown = "published cards" if published else "cards"
            click.echo(
                f"xdocs: wrote {markdown_only}/mkdocs.yml and the pages of {report.shown} "
                f"{shown} (of {report.cards} read); "
                f"build them with: mkdocs build -f {markdown_only}/mkdocs.yml"
            )
            return
        out = build_site(
            root,
            cards=cards_dir,
            site_dir=site_dir,
            published=published,
            strict=strict,
            cache=not no_cache,
            roster_from=roster_from,
            site_url=site_url,
            search=search,
            search_merge=list(search_merge),
        )
    except BuildError as err:
        fail(str(err), 1)
    click.echo(f"xdocs: portal built in {out}")
