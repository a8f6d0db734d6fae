"""``xdocs fix PATHS… [--check]``: apply safe fixes, show a unified diff."""

from __future__ import annotations

import sys

import click

from xdocs.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    INPUT_ERRORS,
    card_files_or_fail,
    fail,
)

#: files fix does not touch: skipped with a warning (links) …
SKIPPED_RULES = ("input/symlink",)
#: … or refused, which fails the run (exit 2): input it cannot read.
REFUSED_RULES = (*SKIPPED_RULES, *INPUT_ERRORS)


@click.command("fix")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything would change.")
@click.option("--no-cache", is_flag=True, help="Ignore the lint cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes.")
def fix_cmd(paths: tuple[str, ...], check: bool, no_cache: bool, jobs: int | None) -> None:
    """Apply safe fixes (terminology, Vale replacements, safe grammar suggestions) to PATHS.

    A fix that would touch a link destination, code, HTML, the front-matter or an
    identifier is not applied; each is named on stderr with the reason. The fixed
    text is linted and fixed again until nothing changes, so a second run is a no-op.
    """
    from pathlib import Path

    from xdocs.config import ConfigError, load_config
    from xdocs.lint.fix import FIX_PASSES, plan_fixes, write_fix
    from xdocs.lint.runner import (
        CheckOptions,
        collect_files,
        default_jobs,
        display_path,
        run_check,
    )

    card_files_or_fail(paths)  # a missing path or a folder without cards: exit 2, no work
    try:
        config = load_config()
        result = run_check(
            list(paths), config, CheckOptions(no_cache=no_cache, jobs=jobs, passes=FIX_PASSES)
        )
    except ConfigError as err:
        fail(str(err))
    # links are never fixed (nor replaced): a warning each; a file that cannot be
    # read (missing, a FIFO or device, over the size limit) fails the run (docs/cli.md)
    refused = [f for f in result.findings if f.rule in REFUSED_RULES]
    for f in refused:
        level = "warning: " if f.rule in SKIPPED_RULES else ""
        click.echo(f"xdocs: {level}{f.path}: {f.message}", err=True)
    unreadable = [f for f in refused if f.rule not in SKIPPED_RULES]
    real = {display_path(p): p for p in collect_files(paths)}
    fixes = plan_fixes(result.findings, real, config, jobs or default_jobs())
    for fix in fixes:
        click.echo(fix.diff(), nl=False)
        for r in fix.refused:
            f = r.finding
            click.echo(
                f"xdocs: note: {f.path}:{f.line}:{f.column}: {f.rule}: not applied ({r.reason})",
                err=True,
            )
    fixes = [f for f in fixes if f.applied]
    total = sum(f.applied for f in fixes)
    if check:
        click.echo(
            f"{total} fix(es) in {len(fixes)} file(s) would be applied"
            if fixes
            else "nothing to fix",
            err=True,
        )
        sys.exit(EXIT_USAGE if unreadable else EXIT_FINDINGS if fixes else EXIT_OK)
    for fix in fixes:
        try:
            write_fix(fix, real.get(fix.path, Path(fix.path)))
        except OSError as exc:
            fail(f"{fix.path}: cannot write: {exc.strerror or exc}")
    click.echo(
        f"applied {total} fix(es) in {len(fixes)} file(s)" if fixes else "nothing to fix", err=True
    )
    sys.exit(EXIT_USAGE if unreadable else EXIT_OK)
