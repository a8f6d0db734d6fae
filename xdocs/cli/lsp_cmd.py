"""``xdocs lsp``: start the language server on standard input and output."""

from __future__ import annotations

import click


@click.command("lsp")
@click.option(
    "--log-level",
    type=click.Choice(["error", "warning", "info", "debug"]),
    default="warning",
    show_default=True,
    help="How much the server logs on standard error (standard output is the protocol).",
)
def lsp_cmd(log_level: str) -> None:
    """Serve diagnostics, fixes, hovers and completion to an editor over stdio (LSP).

    Editors start this command themselves; see docs/editors.md for VS Code, Neovim
    and Helix. It runs until the editor closes the connection.
    """
    import logging
    import sys

    logging.basicConfig(
        stream=sys.stderr, level=logging.WARNING, format="%(name)s: %(levelname)s: %(message)s"
    )
    # pygls logs every message at info level: only xdocs' own log follows --log-level
    logging.getLogger("xdocs.lsp").setLevel(log_level.upper())
    from xdocs.lsp.server import start

    start()
