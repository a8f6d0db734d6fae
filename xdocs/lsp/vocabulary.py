""" "Add to the vocabulary": the edits that teach the spelling checkers a word.

The vocabulary is the ``vocabulary:`` list of ``styleguide/terminology.yml``
(the one source: Harper reads it, and ``xdocs styleguide sync`` generates
Vale's ``accept.txt`` from it). The edit inserts one ``- word`` line after the
list's last item, with the list's own indentation, and leaves every other
byte of the file alone (comments, order, quoting); it also rewrites
``accept.txt`` as the sync would, so the two never disagree. A flow-style
list (``vocabulary: [a, b]``) is not edited: the action is not offered.
"""

from __future__ import annotations

import json
import re

from xdocs.lsp.edits import Insertion

WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]{0,63}")
_VOCAB_KEY = re.compile(r"^vocabulary:\s*(#.*)?$")
_ITEM = re.compile(r"^(\s*)-\s+\S")
_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")
#: plain YAML scalars that would not read back as the same string
_YAML_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def yaml_word(word: str) -> str:
    """The word as a YAML list item value that reads back as the same string."""
    if word.lower() in _YAML_SPECIAL or not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", word):
        return json.dumps(word, ensure_ascii=False)
    return word


def add_word(lines: list[str], word: str, newline: str = "\n") -> Insertion | None:
    """Where and what to insert so ``word`` joins the vocabulary list of ``lines``
    (a terminology.yml split into lines). None when the list is flow-style."""
    if not WORD.fullmatch(word):
        return None
    item = yaml_word(word)
    start = next((i for i, ln in enumerate(lines) if _VOCAB_KEY.match(ln)), None)
    if start is None:
        if any(ln.startswith("vocabulary:") for ln in lines):
            return None  # vocabulary: [a, b] or a scalar: not ours to rewrite
        end = len(lines)
        while end > 0 and lines[end - 1] == "":
            end -= 1  # after the last non-empty line
        prefix = newline if end > 0 and end == len(lines) else ""
        return Insertion(end, f"{prefix}vocabulary:{newline}  - {item}{newline}")
    last_item = None
    indent = "  "
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if _TOP_KEY.match(line):
            break
        m = _ITEM.match(line)
        if m:
            last_item, indent = i, m.group(1)
    at = (last_item if last_item is not None else start) + 1
    if at >= len(lines):  # the list ends the file, without a final newline
        return Insertion(len(lines), f"{newline}{indent}- {item}")
    return Insertion(at, f"{indent}- {item}{newline}")
