"""Where a key is: the one position service for YAML and JSON sources.

Findings point at the file line of a value (``model-index`` › 0 › ``results``,
``considerations`` › ``limitations``, ``terms`` › 3). Every reader asks this
module, so a line means the same thing in a card's front-matter, a YAML or JSON
card, the configuration, the terminology file and the roster:

* :class:`YamlPositions`: the top-level keys by a one-pass scan, any deeper
  path by :class:`~xdocs.yamlpos.BlockYamlIndex` (linear, block style), and
  only when that cannot follow the path (flow style, anchors), by the
  positions ruamel.yaml's round-trip parser recorded;
* :class:`JsonPositions`: one linear scan of the JSON text records the line of
  every key and array item.

``line(path)`` is exact or None; ``nearest(path)`` falls back to the deepest
ancestor found, then to the document's first line, so a finding always points
somewhere useful.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

from xdocs.yamlpos import BlockYamlIndex

Path = tuple[str | int, ...]

_TOP_KEY = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([^\s#'"\-?:][^:#]*?))\s*:(?:\s|$)""")
#: JSON tokens that matter for positions: strings, structure, scalars, line ends.
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\],:]|\n|-?\d[\d.eE+\-]*|true|false|null')
#: bound on recorded JSON positions (a card with millions of entries is refused
#: elsewhere; this keeps a hostile one from costing more than a few MB here).
MAX_JSON_POSITIONS = 500_000


class KeyPositions:
    """Lines of key paths in one YAML or JSON document (1-based file lines)."""

    first_line: int = 1

    def line(self, path: Path) -> int | None:  # pragma: no cover - interface
        raise NotImplementedError

    def nearest(self, path: Path) -> int:
        """The line of ``path``, else of its deepest ancestor found, else the first line."""
        for end in range(len(path), 0, -1):
            found = self.line(path[:end])
            if found is not None:
                return found
        return self.first_line


class YamlPositions(KeyPositions):
    """Positions in a YAML document made of ``lines`` whose first is file line ``first_line``.

    ``roundtrip`` gives the document parsed by ruamel.yaml in round-trip mode
    (a ``CommentedMap`` with positions); it is called only when the
    indentation index cannot follow a path.
    """

    def __init__(
        self, lines: list[str], first_line: int = 1, roundtrip: Callable[[], Any] | None = None
    ) -> None:
        self.lines = lines
        self.first_line = first_line
        self._roundtrip = roundtrip

    @cached_property
    def _top(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, line in enumerate(self.lines):
            m = _TOP_KEY.match(line)
            if m:
                out.setdefault(m.group(1) or m.group(2) or m.group(3), self.first_line + i)
        return out

    @cached_property
    def _index(self) -> BlockYamlIndex:
        return BlockYamlIndex(self.lines)

    def line(self, path: Path) -> int | None:
        if not path:
            return None
        if len(path) == 1 and isinstance(path[0], str) and path[0] in self._top:
            return self._top[path[0]]
        found = self._index.line(path)
        if found is not None:
            return found + self.first_line
        return self._roundtrip_line(path)

    def _roundtrip_line(self, path: Path) -> int | None:
        node = self._roundtrip() if self._roundtrip is not None else None
        return node_line(node, path, self.first_line)


def node_line(node: Any, path: Path, first_line: int = 1) -> int | None:
    """The line of ``path`` below a node ruamel.yaml parsed round-trip (it records
    every key's and item's position), or None when a step has no position.

    ``first_line`` is the file line of the parsed text's first line. For data
    already parsed round-trip (configuration, terminology, roster), this is
    the position service; for text, use :class:`YamlPositions`.
    """
    line = None
    for key in path:
        lc = getattr(node, "lc", None)
        if lc is None:
            return None
        try:
            row = lc.item(key)[0] if isinstance(key, int) else lc.key(key)[0]
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        line = int(row) + first_line
    return line


class JsonPositions(KeyPositions):
    """Positions in JSON text: the line where each key (or array item) starts."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.text = text
        self.first_line = first_line

    @cached_property
    def _lines(self) -> dict[Path, int]:
        return _scan_json(self.text, self.first_line)

    def line(self, path: Path) -> int | None:
        return self._lines.get(tuple(path))


def _scan_json(text: str, first_line: int) -> dict[Path, int]:
    """Key path → line for every key and array item of a JSON text, in one pass.

    Tolerant: invalid JSON gives whatever positions were seen before the
    damage, never an exception.
    """
    out: dict[Path, int] = {}
    line = first_line
    # each frame: [kind, path of the container, key or index, expecting a key]
    stack: list[list[Any]] = []
    path: Path = ()
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group(0)
        if tok == "\n":
            line += 1
            continue
        top = stack[-1] if stack else None
        if top is not None and top[0] == "obj" and top[3] and tok.startswith('"'):
            key = _json_string(tok)
            top[2], top[3] = key, False
            out.setdefault((*top[1], key), line)
            continue
        if tok == ":" or tok == "}" or tok == "]":
            if tok != ":" and stack:
                stack.pop()
            continue
        if tok == ",":
            if top is not None:
                if top[0] == "obj":
                    top[3] = True
                else:
                    top[2] += 1
            continue
        # a value starts here
        if top is not None and top[0] == "arr":
            path = (*top[1], top[2])
            out.setdefault(path, line)
        elif top is not None:
            path = (*top[1], top[2])
        else:
            path = ()
        if len(out) >= MAX_JSON_POSITIONS:
            break
        if tok == "{":
            stack.append(["obj", path, None, True])
        elif tok == "[":
            stack.append(["arr", path, 0, False])
    return out


def _json_string(token: str) -> str:
    import json

    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]
