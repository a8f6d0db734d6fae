"""YAML parsing for front-matter and YAML cards: round-trip for edits, fast for reading.

Round-trip loading (ruamel.yaml) keeps comments, key order and quoting, so a
write changes only what it means to. Reading uses the libyaml-backed safe
loader, about six times faster. Anchors/aliases that would expand past
:data:`MAX_YAML_NODES` nodes are refused (the "billion laughs").
"""

from __future__ import annotations

import io
from typing import Any

from xdocs.document.rules import R
from xdocs.findings import Finding

#: Expanded YAML node budget: a real 90 KB front-matter has ~20,000 nodes.
MAX_YAML_NODES = 2_000_000


def make_yaml() -> Any:
    """A ruamel.yaml round-trip instance configured to keep the user's formatting."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _fast_yaml() -> Any:
    """A safe loader backed by libyaml (ruamel.yaml.clib) when it is installed."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


def parse_yaml(
    text: str, path: str, line_offset: int = 0, *, fast: bool = False
) -> tuple[Any, Finding | None]:
    """Parse YAML; return (data, None) or (None, finding).

    Round-trip by default (comments and formatting kept, for edits); ``fast``
    gives plain Python data for reading. ``line_offset`` is added to YAML's
    0-based line so the finding points at the file line (for front-matter,
    pass the line of the opening fence).
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _fast_yaml() if fast else make_yaml()
    try:
        data = yaml.load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return None, R["metadata/yaml"].finding(
            path,
            line,
            col,
            f"invalid YAML: {problem}",
            fix="fix the YAML syntax at this line (quote values that contain ': ' or '#')",
        )
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, R["metadata/yaml"].finding(
            path, line_offset + 1, 1, f"invalid YAML: {first}", fix="fix the YAML syntax"
        )
    if _expanded_size(data) > MAX_YAML_NODES:
        return None, R["metadata/yaml"].finding(
            path,
            line_offset + 1,
            1,
            f"YAML aliases expand to more than {MAX_YAML_NODES:,} nodes (an alias bomb?)",
            fix="write the values out instead of nesting anchors and aliases",
        )
    return data, None


def _expanded_size(data: Any) -> int:
    """Nodes the data would have with every alias expanded, computed in linear time."""
    memo: dict[int, int] = {}
    on_stack: set[int] = set()

    def size(obj: Any) -> int:
        if isinstance(obj, dict):
            children: Any = list(obj.keys()) + list(obj.values())
        elif isinstance(obj, list):
            children = obj
        else:
            return 1
        key = id(obj)
        if key in memo:
            return memo[key]
        if key in on_stack:  # recursive alias: infinite when expanded
            return MAX_YAML_NODES + 1
        on_stack.add(key)
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_YAML_NODES:
                break
        on_stack.discard(key)
        memo[key] = total
        return total

    try:
        return size(data)
    except RecursionError:
        return MAX_YAML_NODES + 1
