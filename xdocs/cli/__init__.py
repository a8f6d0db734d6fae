"""The ``xdocs`` command line: a thin click layer over the library.

Commands live one per module in this package and are imported lazily, so
``xdocs inspect`` does not pay for importing the portal or the grammar
engines. To add a command, add one line to :data:`COMMANDS`.
"""

from __future__ import annotations

import importlib
import sys

import click

from xdocs import __version__

#: command name -> "module:attribute" of its click command.
COMMANDS: dict[str, str] = {
    "inspect": "xdocs.cli.inspect_cmd:inspect_cmd",
    "check": "xdocs.cli.check_cmd:check_cmd",
    "normalize": "xdocs.cli.normalize_cmd:normalize_cmd",
    "new": "xdocs.cli.new_cmd:new_cmd",
    "build": "xdocs.cli.build_cmd:build_cmd",
    "vale": "xdocs.cli.vale_cmd:vale_cmd",
    "approve": "xdocs.cli.approve_cmd:approve_cmd",
    "sign": "xdocs.cli.sign_cmd:sign_cmd",
    "status": "xdocs.cli.status_cmd:status_cmd",
    "queue": "xdocs.cli.queue_cmd:queue_cmd",
    "compliance": "xdocs.cli.compliance_cmd:compliance_cmd",
    "export": "xdocs.cli.export_cmd:export_cmd",
    "rules": "xdocs.cli.rules_cmd:rules_cmd",
    "fix": "xdocs.cli.fix_cmd:fix_cmd",
    "styleguide": "xdocs.cli.styleguide_cmd:styleguide_cmd",
    "evaluate": "xdocs.cli.evaluate_cmd:evaluate_cmd",
    "lsp": "xdocs.cli.lsp_cmd:lsp_cmd",
    "merge-reports": "xdocs.cli.merge_cmd:merge_cmd",
}


class LazyGroup(click.Group):
    """A click group that imports each command's module only when it runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xdocs")
def cli() -> None:
    """xdocs: model cards from submission to a published, versioned portal."""


def main(argv: list[str] | None = None) -> None:
    """Console entry point. Usage errors exit 2 with one line on stderr
    (``xdocs: check: No such option: --bogus (see xdocs check --help)``)."""
    try:
        code = cli.main(args=argv, prog_name="xdocs", standalone_mode=False)
    except click.UsageError as err:
        if err.format_message().startswith("Usage:"):  # a group run bare: its help, as click does
            err.show()
            sys.exit(err.exit_code)
        where = err.ctx.command_path if err.ctx is not None else "xdocs"
        _, _, name = where.partition(" ")
        message = err.format_message().replace("\n", " ").rstrip(".")
        prefix = f"xdocs: {name}:" if name else "xdocs:"
        click.echo(f"{prefix} {message} (see {where} --help)", err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        click.echo(f"xdocs: {err.format_message()}", err=True)
        sys.exit(err.exit_code)
    except click.Abort:  # pragma: no cover - interactive only (Ctrl-C in a prompt)
        click.echo("xdocs: aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("xdocs: interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
