"""``xdocs vale``: Vale's command line on the built-in engine (or the real binary).

Flags follow ``vale``: ``--config``, ``--output=line|JSON|CLI``, ``--sort``,
``--normalize``, ``--relative``, ``--no-global``, ``--minAlertLevel``,
``--no-exit``. Exit 0 (no error-level alerts), 1 (error-level alerts), 2
(bad config, rule or usage, or a file that could not be checked), one line
on stderr, never a traceback. Notes (files not checked, rules not run, rules
stopped by their time budget) go to stderr, one line each, whatever the
``--output`` format.
"""

from __future__ import annotations

import sys

import click


@click.command("vale", context_settings={"ignore_unknown_options": False})
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Path to a .vale.ini.")
@click.option(
    "--output",
    "output",
    default="CLI",
    show_default=True,
    type=click.Choice(["line", "JSON", "CLI", "json", "cli"]),
    help="Output format.",
)
@click.option("--sort", is_flag=True, help="Sort files by path (alerts are always by position).")
@click.option("--normalize", is_flag=True, help="Use forward slashes in paths.")
@click.option("--relative", is_flag=True, help="Print paths relative to the current folder.")
@click.option("--no-global", "no_global", is_flag=True, help="Ignore the global Vale config.")
@click.option("--no-exit", "no_exit", is_flag=True, help="Exit 0 even with error-level alerts.")
@click.option(
    "--minAlertLevel",
    "min_level",
    type=click.Choice(["suggestion", "warning", "error"]),
    help="Lowest severity to report.",
)
@click.option(
    "--backend",
    type=click.Choice(["builtin", "auto", "binary"]),
    default="builtin",
    show_default=True,
    help="builtin engine, the real vale binary, or auto (binary if found).",
)
@click.option("--glob", "glob", help="Only lint files matching this glob ('!' negates).")
@click.option("--ext", "ext", help="Format of stdin, string or file input, e.g. .md")
@click.option("--ignore-syntax", "simple", is_flag=True, help="Lint as plain lines, no markup.")
@click.option("--mode-compat", "mode_compat", is_flag=True, hidden=True)
@click.argument("paths", nargs=-1)
def vale_cmd(
    config: str | None, output: str, sort: bool, normalize: bool, relative: bool,
    no_global: bool, no_exit: bool, min_level: str | None, backend: str, glob: str | None,
    ext: str | None, simple: bool, mode_compat: bool, paths: tuple[str, ...],
) -> None:  # fmt: skip
    """Lint PATHS with Vale rules (like the `vale` command)."""
    from xdocs.vale import ValeError, run_builtin
    from xdocs.vale.binary import find_binary, run_binary
    from xdocs.vale.config import LEVELS
    from xdocs.vale.output import cli_format, json_format, line_format, sort_alerts

    stdin_text = None
    if not paths:
        stream = sys.stdin
        if stream.isatty():
            click.echo("xdocs vale: no paths given: pass files or folders to lint", err=True)
            sys.exit(2)
        stdin_text = stream.read()
    try:
        binary = find_binary() if backend != "builtin" else None
        if backend == "binary" and not binary:
            click.echo("xdocs vale: no vale binary found on PATH (set XDOCS_VALE)", err=True)
            sys.exit(2)
        if binary:
            alerts = run_binary(binary, list(paths), config)
            nfiles = len({a.path for a in alerts})
            notes: list[str] = []
            unchecked: list[str] = []
        else:
            level = LEVELS[min_level] if min_level else None
            result = run_builtin(list(paths), config, min_level=level, glob=glob, ext=ext,
                                 simple=simple, stdin=stdin_text)  # fmt: skip
            alerts, nfiles, notes = result.alerts, len(result.files), result.notes
            unchecked = result.unsupported_files
    except ValeError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    if normalize:
        for a in alerts:
            a.path = a.path.replace("\\", "/")
    alerts = sort_alerts(alerts)
    fmt = output.lower()
    if fmt == "line":
        click.echo(line_format(alerts), nl=False)
    elif fmt == "json":
        click.echo(json_format(alerts), nl=False)
    else:
        click.echo(cli_format(alerts, nfiles), nl=False)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if unchecked:
        sys.exit(2)
    if not no_exit and any(a.severity == "error" for a in alerts):
        sys.exit(1)
