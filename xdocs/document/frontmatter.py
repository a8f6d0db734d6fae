"""Where the front-matter is: the block the Hugging Face hub reads as a card's metadata.

The hub finds a README's metadata with one regular expression (the same in its
server and in ``huggingface_hub.repocard``). Read as lines, it accepts:

* any number of whitespace-only lines before the opening fence, and
  whitespace before the ``---`` itself (JavaScript's ``\\s``, which includes
  the BOM U+FEFF, so a BOM anywhere in that prefix is accepted too);
* an opening fence that is exactly ``---`` followed by a line ending (no
  trailing spaces, and not the last line of the file);
* a closing fence: the first later line that is ``---`` at column 0,
  optionally followed by spaces or tabs, that is not the line right after the
  opening fence (``---`` + ``---`` is not an empty block: the hub then closes
  at the next fence, and the second ``---`` is read by YAML as a document
  start marker); ``...`` does not close a block.

Everything between the fences is YAML (blank lines included: a blank line
before the closing fence is allowed). Lines here are a decoded
:class:`~xdocs.document.Document`'s, where ``\\r\\n``, ``\\r`` and
``\\r\\r\\n`` each end one line: the hub's Python client reads ``\\r\\r\\n``
cards with universal newlines and accepts them, and so does xdocs.

A block that *looks* like front-matter but that the hub does not read (closed
by ``...``, a fence with trailing spaces or indented) is reported by
:func:`near_miss`, so a writer learns why the metadata is not seen instead of
finding YAML linted as prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: JavaScript's ``\s`` (the hub's server is the reference), BOM included.
JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_CLOSE = re.compile(r"---[ \t]*")


@dataclass(frozen=True)
class FrontMatterSpan:
    """1-based file lines of a front-matter block."""

    open_line: int  # the opening ``---``
    close_line: int  # the closing ``---``

    @property
    def first_yaml_line(self) -> int:
        return self.open_line + 1

    @property
    def last_yaml_line(self) -> int:
        return self.close_line - 1


def _is_blank(line: str) -> bool:
    return not line.strip(JS_SPACE)


def _first_content(lines: list[str]) -> int | None:
    """0-based index of the first line that is not whitespace only."""
    for i, line in enumerate(lines):
        if not _is_blank(line):
            return i
    return None


def opening_fence(lines: list[str]) -> int | None:
    """0-based index of the line that opens a front-matter block, if the file opens one
    (whether or not a closing fence follows)."""
    k = _first_content(lines)
    if k is None or lines[k].lstrip(JS_SPACE) != "---" or k >= len(lines) - 1:
        return None  # no fence, or the fence ends the file (no line ending after it)
    return k


def is_closing_fence(line: str) -> bool:
    """A line that closes a block (when it is not the line right after the opener)."""
    return _CLOSE.fullmatch(line) is not None


def find_front_matter(lines: list[str]) -> FrontMatterSpan | None:
    """The front-matter block of a file's lines (``text.split("\\n")``), exactly as
    the hub finds it, or None."""
    k = opening_fence(lines)
    if k is None:
        return None
    for j in range(k + 2, len(lines)):
        if _CLOSE.fullmatch(lines[j]):
            return FrontMatterSpan(k + 1, j + 1)
    return None


def near_miss(lines: list[str]) -> tuple[int, str] | None:
    """(line, reason) when the file starts with what a writer meant as front-matter
    but the hub does not read it; None otherwise (call only when
    :func:`find_front_matter` found nothing)."""
    k = _first_content(lines)
    if k is None:
        return None
    opener = lines[k].strip(JS_SPACE)
    if opener != "---":
        return None
    if lines[k].lstrip(JS_SPACE) != "---":
        return k + 1, "the opening `---` has characters after it (trailing spaces?)"
    for j in range(k + 1, min(len(lines), k + 1 + 2000)):
        stripped = lines[j].strip()
        if stripped == "...":
            return j + 1, "the block is closed by `...`, which the Hugging Face hub does not read"
        if stripped == "---":
            if j == k + 1:
                return None  # two fences: the hub reads on to a later fence, if any
            return j + 1, "the closing `---` is indented or followed by other characters"
        if stripped.startswith("---") and not stripped.strip("-"):
            return None  # a longer rule: not a fence
    return None
