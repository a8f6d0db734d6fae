"""Real examples for rules whose own data holds none (``styleguide/rule-examples.yml``).

The house Vale rules hold patterns, not sentences, and a few proselint checks
are functions; their examples are written by hand in one data file, and a test
runs each rule's engine on its example, so every example ``xdocs rules`` shows
is one the rule really flags.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

EXAMPLES_FILE = "styleguide/rule-examples.yml"


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, tuple[str, str]]:
    from xdocs.document import parse_yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return {}
    data, err = parse_yaml(text, path, fast=True)
    if err is not None or not isinstance(data, dict):
        return {}
    out = {}
    for rule_id, entry in data.items():
        if isinstance(entry, dict) and entry.get("bad"):
            out[str(rule_id)] = (str(entry["bad"]).strip(), str(entry.get("good") or "").strip())
    return out


def rule_examples(config: Any) -> dict[str, tuple[str, str]]:
    """rule id → (text the rule flags, the same text fixed)."""
    return _load(str(config.data_file("_rule_examples", EXAMPLES_FILE)))
