"""The card's workflow status and next step, above its first line.

The status is derived by :func:`xdocs.workflow.state.workflow_state` in the
fast lint worker on every run (it is cheap, and the card is parsed there
anyway) and arrives with the findings. Shown twice, because editors differ: a
code lens on line 1 (VS Code, Neovim) and a first-line diagnostic of severity
hint (every client, Helix included; ``statusHint: false`` turns it off).
"""

from __future__ import annotations

from lsprotocol import types

from xdocs.lsp.documents import DocState
from xdocs.lsp.scheduler import status_line


def status_lenses(state: DocState) -> list[types.CodeLens]:
    """One lens on the first line; its command does nothing (the title is the point)."""
    if state.status is None:
        return []
    title = status_line(state.status)
    if not title:
        return []
    return [
        types.CodeLens(
            range=types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=0, character=0),
            ),
            command=types.Command(title=title, command=""),
        )
    ]
