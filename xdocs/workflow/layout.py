"""Where a top-level list (``approvals``, ``flags``) sits in a card's text.

Found from the round-trip YAML parser's own positions, never from
indentation guesses: an indented front-matter, a key in a block scalar, a
comment between items all come out right. ``xdocs approve`` inserts records
after :attr:`KeyBlock.end`, the provenance check blames each item's lines,
and findings point at each record's first line.

The round-trip parse is slow on a 90 KB Hugging Face front-matter, so it is
asked only for cards that hold the key at all (house cards, which are small).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from xdocs.document import Document, make_yaml
from xdocs.workflow.digest import is_yaml


@dataclass(frozen=True)
class KeyBlock:
    """A top-level key and its value, in 1-based file lines (inclusive)."""

    key: str
    line: int
    #: last line of the value (trailing blank lines and comments at or left of
    #: the key's column belong to what follows)
    end: int
    column: int
    #: (first, last) line of each item when the value is a block sequence
    items: tuple[tuple[int, int], ...]
    #: the value is written on the key's line (``[]``, ``[{…}]``, ``~``) or in flow style
    flow: bool
    #: the value is null / empty (``approvals:`` with nothing after it)
    empty: bool
    region_start: int
    region_end: int


class LayoutError(ValueError):
    """The YAML holding the key cannot be located reliably."""


def yaml_region(document: Document) -> tuple[int, int] | None:
    """(first, last) file lines of the YAML mapping that may hold the key."""
    if document.has_front_matter:
        return document.front_matter_start_line, document.front_matter_end_line - 1
    if is_yaml(document):
        return 1, document.line_count
    return None


def _root(document: Document) -> Any:
    if document.has_front_matter:
        return document.front_matter
    from ruamel.yaml.error import YAMLError

    try:
        return make_yaml().load(io.StringIO(document.text))
    except (YAMLError, ValueError) as exc:
        raise LayoutError(f"the YAML does not parse: {exc}") from None


def key_block(document: Document, key: str) -> KeyBlock | None:
    """The block of top-level ``key`` (None when the card has no such key).

    Raises :class:`LayoutError` when the YAML region is not a block mapping
    with positions (flow-style root, unparseable YAML).
    """
    region = yaml_region(document)
    if region is None:
        return None
    first, last = region
    root = _root(document)
    if root is None:
        return None
    lc = getattr(root, "lc", None)
    if not hasattr(root, "keys") or lc is None:
        raise LayoutError("the front-matter is not a YAML mapping")
    if getattr(getattr(root, "fa", None), "flow_style", lambda: False)():
        raise LayoutError("the front-matter is written in flow style ({…})")
    if key not in root:
        return None
    starts = sorted((lc.key(k)[0] + first, lc.key(k)[1], k) for k in root)
    idx = next(i for i, s in enumerate(starts) if s[2] == key)
    line, column, _ = starts[idx]
    nxt = starts[idx + 1][0] if idx + 1 < len(starts) else last + 1
    end = nxt - 1
    while end > line:
        text = document.line_text(end)
        stripped = text.lstrip()
        indent = len(text) - len(stripped)
        if not stripped or (stripped.startswith("#") and indent <= column):
            end -= 1
            continue
        if stripped.rstrip() in ("---", "...") and indent == 0:
            end -= 1
            continue
        break
    value = root[key]
    inline = _after_colon(document.line_text(line))
    flow = inline not in ("", None)
    empty = value is None or (value == [] and not flow)
    items: list[tuple[int, int]] = []
    if isinstance(value, list) and not flow and value:
        vlc = getattr(value, "lc", None)
        if vlc is None:
            raise LayoutError(f"`{key}` has no positions")
        heads = [_item_head(document, vlc.item(i)[0] + first) for i in range(len(value))]
        for i, head in enumerate(heads):
            tail = heads[i + 1] - 1 if i + 1 < len(heads) else end
            items.append((head, max(head, tail)))
    return KeyBlock(key, line, end, column, tuple(items), flow, empty, first, last)


def _item_head(document: Document, line: int) -> int:
    """An item's first line: the parser points at its first key, which is on
    the ``-`` line in the house layout; step back over a lone ``-``."""
    prev = document.line_text(line - 1).strip()
    return line - 1 if prev == "-" else line


def _after_colon(key_line: str) -> str | None:
    """What follows ``key:`` on its line, a trailing comment dropped."""
    if ":" not in key_line:
        return None
    rest = key_line.split(":", 1)[1].strip()
    if rest.startswith("#"):
        return ""
    for i, ch in enumerate(rest):
        if ch == "#" and i > 0 and rest[i - 1] in " \t":
            return rest[:i].strip()
    return rest
