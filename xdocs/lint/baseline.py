"""Baselines: adopt a new rule without fixing every old finding first.

``xdocs check --write-baseline FILE`` saves the current findings;
``--baseline FILE`` then reports only findings not in it. A finding is
identified by path, rule and message (not line), so edits elsewhere in a
card do not resurrect baselined findings; each identity is counted, so a
second, new occurrence of the same problem in the same file is reported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from xdocs.config import ConfigError
from xdocs.findings import Finding

FORMAT = "xdocs-baseline/1"


def write_baseline(path: str | Path, findings: Iterable[Finding]) -> int:
    """Write the baseline file atomically; return the number of findings saved."""
    from xdocs.fileio import atomic_write

    items = sorted((f.to_dict() for f in findings), key=lambda d: (d["path"], d["rule"], d["line"]))
    data = {"format": FORMAT, "findings": [
        {k: d[k] for k in ("path", "rule", "message", "line", "severity")} for d in items
    ]}  # fmt: skip
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return len(items)


def load_baseline(path: str | Path) -> Counter[tuple[str, str, str]]:
    """Identities (with counts) saved in a baseline file; ConfigError when unusable."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            str(p), "baseline file not found; create it with --write-baseline"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(
            str(p), f"not a readable baseline file ({exc}); rewrite it with --write-baseline"
        ) from None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or not isinstance(data.get("findings"), list)
    ):
        raise ConfigError(
            str(p),
            f"not an xdocs baseline (expected format {FORMAT}); rewrite it with --write-baseline",
        )
    counts: Counter[tuple[str, str, str]] = Counter()
    for item in data["findings"]:
        try:
            counts[(str(item["path"]), str(item["rule"]), str(item["message"]))] += 1
        except (KeyError, TypeError):
            raise ConfigError(
                str(p), "baseline entry without path/rule/message; rewrite it"
            ) from None
    return counts


def filter_baseline(
    findings: Iterable[Finding], baseline: Counter[tuple[str, str, str]]
) -> list[Finding]:
    """Findings not accounted for by the baseline."""
    remaining = Counter(baseline)
    out = []
    for f in sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule)):
        k = f.key()
        if remaining[k] > 0:
            remaining[k] -= 1
        else:
            out.append(f)
    return out
