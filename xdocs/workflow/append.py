"""Appending one record to a card's ``approvals`` as text, losing nothing.

The record is rendered by ruamel.yaml (so its quoting is always valid YAML)
in the indentation style of the card's existing list, and inserted after the
last line of the ``approvals`` value, found from the YAML parser's positions
(:mod:`xdocs.workflow.layout`), never from indentation guesses. Only a
flow-style value (``approvals: []``) is rewritten, in block style.
:func:`verify_append` re-parses the result: it must hold exactly the old data
plus the record, the same digest, and every byte outside the approvals block
unchanged; otherwise :class:`LayoutRefused` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from xdocs.document import Document, make_yaml
from xdocs.workflow.digest import DigestError, canonical, card_digest
from xdocs.workflow.layout import KeyBlock, LayoutError, key_block, yaml_region
from xdocs.workflow.records import format_time

_BREAK = re.compile(r"(\r\r\n|\r\n|\r|\n)")
_ITEM = re.compile(r"^( *)-( +)\S")


class LayoutRefused(ValueError):
    """The front-matter's layout does not allow a safe append (the reason)."""


def append_record(doc: Document, data: bytes, record: dict[str, Any]) -> bytes:
    """The file bytes with ``record`` appended to the approvals value.

    Refuses (:class:`ApproveRefused`) a layout it cannot append to safely.
    """
    try:
        block = key_block(doc, "approvals")
    except LayoutError as exc:
        raise _layout_refusal(str(exc)) from None
    region = yaml_region(doc)
    assert region is not None
    body = data[3:] if doc.had_bom else data
    chunks = _BREAK.split(body.decode("utf-8"))
    lines = chunks[0::2]  # line texts (file line n is lines[n-1])
    ends = chunks[1::2] + [""]  # the ending of each line ('' for the last)
    nl = doc.newline
    if block is None:
        col = _top_level_column(doc)
        new = [" " * col + "approvals:", *_render_items([record], col + 2, col + 4)]
        replace_from = at = region[1]
    elif block.flow:
        value = _approvals_value(doc)
        if value is not None and not isinstance(value, list):
            raise _layout_refusal("`approvals` is not a list")
        items = [*(_plain(v) for v in (value or [])), record]
        indent = " " * block.column
        new = [f"{indent}approvals:", *_render_items(items, block.column + 2, block.column + 4)]
        replace_from, at = block.line - 1, block.end
    elif block.empty:
        new = _render_items([record], block.column + 2, block.column + 4)
        replace_from = at = block.end
    else:
        first, last = block.items[0][0], block.items[-1][1]
        dash, key_col = _style(lines[first - 1 : last])
        new = _render_items([record], dash, key_col)
        replace_from = at = block.end
    if replace_from > 0 and ends[replace_from - 1] == "":
        ends[replace_from - 1] = nl  # the file had no final newline
    before = [t + e for t, e in zip(lines[:replace_from], ends[:replace_from], strict=True)]
    after = [t + e for t, e in zip(lines[at:], ends[at:], strict=True)]
    inserted = [t + nl for t in new]
    out = "".join(before + inserted + after).encode("utf-8")
    return (b"\xef\xbb\xbf" + out) if doc.had_bom else out


def _layout_refusal(why: str) -> LayoutRefused:
    return LayoutRefused(why)


def _top_level_column(doc: Document) -> int:
    """Indentation of the card's top-level keys (0, or 2 in an indented front-matter)."""
    root = doc.front_matter if doc.has_front_matter else None
    lc = getattr(root, "lc", None)
    if lc is not None and root:
        try:
            return int(lc.key(next(iter(root)))[1])
        except (KeyError, TypeError, StopIteration):
            return 0
    return 0


def _approvals_value(doc: Document) -> Any:
    """The parsed ``approvals`` value (plain data, fast loader)."""
    data = _data(doc)
    return data.get("approvals") if isinstance(data, dict) else None


def _data(doc: Document) -> Any:
    if doc.has_front_matter:
        return doc.front_matter_data
    from xdocs.document import parse_yaml

    data, _ = parse_yaml(doc.text, doc.path, fast=True)
    return data


def _style(block_lines: list[str]) -> tuple[int, int]:
    """(dash column, key column) of the existing items (house default 2, 4)."""
    for line in block_lines:
        m = _ITEM.match(line)
        if m:
            return len(m.group(1)), len(m.group(1)) + 1 + len(m.group(2))
    return 2, 4


def _render_items(items: list[Any], dash: int, key_col: int) -> list[str]:
    """YAML lines of list items, dash at ``dash``, keys at ``key_col``."""
    yaml = make_yaml()
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump({"approvals": items}, buf)
    out = []
    for line in buf.getvalue().splitlines()[1:]:
        if line.startswith("  - "):
            out.append(" " * dash + "-" + " " * (key_col - dash - 1) + line[4:])
        elif line.startswith("    "):
            out.append(" " * key_col + line[4:])
        else:  # continuation of a multi-line scalar at a lower indent (not produced)
            out.append(line)
    return out


def verify_append(
    doc: Document, old: bytes, new_bytes: bytes, record: dict[str, Any], count: int
) -> None:
    """Re-parse the result: exactly the old data plus ``record`` at the end of
    ``approvals``, the same digest, and every byte outside the approvals
    block as it was. Anything else refuses the write."""
    new_doc = Document.from_bytes(new_bytes, doc.path)
    problem = _difference(doc, old, new_doc, new_bytes, record, count)
    if problem:
        raise _layout_refusal(problem)


def _difference(
    doc: Document,
    old: bytes,
    new_doc: Document,
    new: bytes,
    record: dict[str, Any],
    count: int,
) -> str | None:
    if new_doc.has_front_matter != doc.has_front_matter:
        return "the result would lose its front-matter"
    if new_doc.has_front_matter and new_doc.front_matter_error is not None:
        return "the result would not parse"
    old_data, new_data = _data(doc), _data(new_doc)
    if not isinstance(new_data, dict):
        return "the result would not be a mapping"
    value = new_data.get("approvals")
    if not isinstance(value, list) or len(value) != count + 1 or _plain(value[-1]) != record:
        return "the record would not be read back as written"
    try:
        old_rest = {k: v for k, v in (old_data or {}).items() if k != "approvals"}
        new_rest = {k: v for k, v in new_data.items() if k != "approvals"}
        if canonical(old_rest) != canonical(new_rest):
            return "another front-matter value would change"
        old_items = (old_data or {}).get("approvals") or []
        if canonical([_plain(v) for v in old_items]) != canonical([_plain(v) for v in value[:-1]]):
            return "an earlier record would change"
    except DigestError as exc:
        return str(exc)
    if card_digest(new_doc) != card_digest(doc):
        return "the card's digest would change"
    if _outside_block(doc, old) != _outside_block(new_doc, new):
        return "text outside the approvals block would change"
    return None


def _outside_block(doc: Document, data: bytes) -> tuple[bytes, bytes]:
    """The file's bytes before and after the ``approvals`` key's lines (the
    whole YAML region's end when the card has no such key)."""
    try:
        block: KeyBlock | None = key_block(doc, "approvals")
    except LayoutError:
        return data, b""
    body = data[3:] if doc.had_bom else data
    pieces = _BREAK.split(body.decode("utf-8"))
    lines = [t + e for t, e in zip(pieces[0::2], pieces[1::2] + [""], strict=True)]
    if block is None:
        region = yaml_region(doc)
        cut = region[1] if region else len(lines)
        return "".join(lines[:cut]).rstrip("\r\n").encode(), "".join(lines[cut:]).encode()
    head = "".join(lines[: block.line - 1]).rstrip("\r\n").encode()
    tail = "".join(lines[block.end :]).encode()
    return head, tail


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return format_time(value)
    if isinstance(value, str):
        return str(value)
    return value
