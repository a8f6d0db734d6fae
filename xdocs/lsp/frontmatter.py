"""Where the cursor is in a card's YAML: which key path, key or value.

Completion must work on YAML that is half-typed and does not parse, so this is
a line scanner, not a parser: it reads indentation and ``- `` list markers
upwards from the cursor to rebuild the path of keys (``("approvals", "[]")``
for a key of one approval record), as block-style YAML lays it out. Flow
style is understood only on the cursor's own line (``owners: [alice, b|``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>-(?: +|$))?"
    r"(?:(?P<key>[A-Za-z_][\w.-]*|\"[^\"]*\"|'[^']*') *:(?: +(?P<value>.*)|$)|(?P<scalar>.*))$"
)
_KEY_PREFIX = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<prefix>[^\s:#'\"\[\]{},]*)$")
_VALUE_PREFIX = re.compile(
    r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w.-]*) *: +(?P<value>.*)$"
)


@dataclass
class YamlContext:
    """What is being typed: a ``key`` of the mapping at ``path`` or the ``value`` of
    ``path``'s last key (a list item's value has ``[]`` last)."""

    kind: str
    path: tuple[str, ...]
    prefix: str
    #: 1-based column where the prefix starts (the completion replaces from there)
    start_col: int
    siblings: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Line:
    indent: int
    #: indent of the content after "- " (None: not a list item)
    inner: int | None
    key: str | None
    value: str


def _parse(text: str) -> _Line | None:
    """One YAML line (None for blank lines, comments and document markers)."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
        return None
    m = _LINE.match(text.rstrip())
    if m is None:
        return _Line(len(text) - len(text.lstrip(" ")), None, None, stripped)
    indent = len(m.group("indent"))
    inner = indent + len(m.group("dash")) if m.group("dash") else None
    key = m.group("key")
    if key and key[:1] in "\"'":
        key = key[1:-1]
    value = (m.group("value") if key else m.group("scalar")) or ""
    return _Line(indent, inner, key, value.strip())


def front_matter_span(lines: list[str], structured: bool) -> tuple[int, int] | None:
    """0-based (first, last) YAML lines (exclusive bounds: the fences), or None."""
    if structured:
        return -1, len(lines)
    from xdocs.document.frontmatter import find_front_matter

    span = find_front_matter([line.rstrip("\r") for line in lines])
    return (span.open_line - 1, span.close_line - 1) if span else None


def context_at(
    lines: list[str], line: int, col: int, structured: bool = False
) -> YamlContext | None:
    """The YAML context at 1-based (line, col), or None outside the YAML."""
    span = front_matter_span(lines, structured)
    index = line - 1
    if span is None or not span[0] < index < span[1]:
        return None
    before = lines[index][: col - 1]
    m = _VALUE_PREFIX.match(before)
    if m is not None:
        return _value_context(lines, index, span[0], m)
    m = _KEY_PREFIX.match(before)
    if m is None:
        return None
    indent, dash = len(m.group("indent")), m.group("dash")
    prefix = m.group("prefix") or ""
    if dash:  # "  - st|": the first key of a new list item, or a list item's value
        path = (*_parents(lines, index, span[0], indent, in_list=True), "[]")
        return YamlContext("key", path, prefix, col - len(prefix))
    path = _parents(lines, index, span[0], indent, in_list=False)
    siblings = _siblings(lines, index, span, indent)
    return YamlContext("key", path, prefix, col - len(prefix), siblings)


def _value_context(lines: list[str], index: int, first: int, m: re.Match[str]) -> YamlContext:
    indent = len(m.group("indent"))
    dash = m.group("dash")
    key = m.group("key")
    value = m.group("value")
    col_value = len(m.group(0)) - len(value) + 1
    if dash:
        parents = (*_parents(lines, index, first, indent, in_list=True), "[]")
    else:
        parents = _parents(lines, index, first, indent, in_list=False)
    path: tuple[str, ...] = (*parents, key)
    if value.startswith("["):  # flow list: complete the item being typed
        tail = re.split(r"[\[,]", value)[-1]
        prefix = tail.strip().strip("'\"")
        return YamlContext("value", (*path, "[]"), prefix, col_value + len(value) - len(prefix))
    prefix = value.strip("'\"")
    return YamlContext("value", path, prefix, col_value + len(value) - len(prefix))


def _parents(lines: list[str], index: int, first: int, indent: int, in_list: bool) -> tuple:
    """Keys (and ``[]`` for list items) above a line whose content starts at ``indent``.

    ``in_list``: the line is a ``- `` item whose dash is at ``indent``; else it is a
    key of a mapping at ``indent``.
    """
    path: list[str] = []
    need, looking_for_list = indent, in_list
    for i in range(index - 1, first, -1):
        parsed = _parse(lines[i])
        if parsed is None:
            continue
        if looking_for_list:
            # the key holding a list whose dashes are at `need`
            if parsed.inner is not None and parsed.indent == need:
                continue  # an earlier item of the same list
            if parsed.inner is None and parsed.indent <= need and parsed.key:
                path.insert(0, parsed.key)
                need, looking_for_list = parsed.indent, False
                if need == 0:
                    break
            elif parsed.inner is not None and parsed.inner <= need and parsed.key:
                path[0:0] = ["[]", parsed.key]  # "- key:" holding this list
                need, looking_for_list = parsed.indent, True
            elif parsed.indent < need:
                break  # not YAML we understand
            continue
        # the mapping whose keys are at `need`: who holds it?
        if parsed.inner is not None and parsed.inner == need:
            path.insert(0, "[]")  # it is a list item that starts on this line
            need, looking_for_list = parsed.indent, True
        elif parsed.inner is None and parsed.indent == need:
            continue  # a sibling key
        elif parsed.indent < need and parsed.inner is None and parsed.key:
            path.insert(0, parsed.key)
            need = parsed.indent
            if need == 0:
                break
        elif parsed.inner is not None and parsed.inner < need and parsed.key:
            path[0:0] = ["[]", parsed.key]  # "- key:" holding a nested mapping
            need, looking_for_list = parsed.indent, True
        elif parsed.indent < need:
            break
    return tuple(path)


def _siblings(lines: list[str], index: int, span: tuple[int, int], indent: int) -> set[str]:
    """Keys already present in the mapping the cursor's line belongs to."""
    out: set[str] = set()
    for step in (-1, 1):
        i = index + step
        while span[0] < i < span[1]:
            parsed = _parse(lines[i])
            i += step
            if parsed is None:
                continue
            if parsed.inner is None and parsed.indent == indent and parsed.key:
                out.add(parsed.key)
            elif parsed.inner is not None and parsed.inner == indent:
                if step < 0 and parsed.key:
                    out.add(parsed.key)  # the line this list item starts on
                break  # above: where the item starts; below: the next item
            elif parsed.indent < indent:
                break
    return out
