"""Text edits the client applies (the server itself never writes a file)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from xdocs.lsp.convert import to_position


@dataclass(frozen=True)
class Insertion:
    """Insert ``text`` at the start of 0-based ``line`` (``len(lines)``: at the very end)."""

    line: int
    text: str


def insertion_edit(lines: list[str], ins: Insertion, codec: Any) -> types.TextEdit:
    if ins.line < len(lines):
        pos = types.Position(line=ins.line, character=0)
    else:
        last = lines[-1] if lines else ""
        pos = to_position(lines, len(lines), len(last) + 1, codec)
    return types.TextEdit(range=types.Range(start=pos, end=pos), new_text=ins.text)


def replace_all_edit(lines: list[str], new_text: str, codec: Any) -> types.TextEdit:
    """Replace a whole document (a generated file such as Vale's accept.txt)."""
    last = lines[-1] if lines else ""
    end = to_position(lines, max(len(lines), 1), len(last) + 1, codec)
    return types.TextEdit(
        range=types.Range(start=types.Position(line=0, character=0), end=end), new_text=new_text
    )


def newline_of(text: str) -> str:
    """The document's line ending (the first one wins; ``\\n`` when it has none)."""
    i = text.find("\n")
    return "\r\n" if i > 0 and text[i - 1] == "\r" else "\n"
