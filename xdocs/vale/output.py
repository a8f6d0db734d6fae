"""Vale's output formats: ``line``, ``JSON`` and the default ``CLI`` table."""

from __future__ import annotations

import json
from collections import defaultdict

from xdocs.vale.state import Alert


def sort_alerts(alerts: list[Alert]) -> list[Alert]:
    return sorted(alerts, key=lambda a: (a.path, a.line, a.span[0]))


def line_format(alerts: list[Alert]) -> str:
    return "".join(f"{a.path}:{a.line}:{a.span[0]}:{a.check}:{a.message}\n" for a in alerts)


def json_format(alerts: list[Alert]) -> str:
    files: dict[str, list] = defaultdict(list)
    for a in alerts:
        files[a.path].append(a.to_json())
    return json.dumps(files, indent=2, ensure_ascii=False) + "\n"


def cli_format(alerts: list[Alert], nfiles: int) -> str:
    out: list[str] = []
    by_file: dict[str, list[Alert]] = defaultdict(list)
    for a in alerts:
        by_file[a.path].append(a)
    for path, items in by_file.items():
        out.append(f"\n {path}")
        for a in items:
            out.append(f" {a.line}:{a.span[0]:<4} {a.severity:<10} {a.message:<60} {a.check}")
    counts = {
        s: sum(1 for a in alerts if a.severity == s) for s in ("error", "warning", "suggestion")
    }
    out.append(
        f"\n{'✖' if counts['error'] else '✔'} {counts['error']} errors, "
        f"{counts['warning']} warnings"
        f" and {counts['suggestion']} suggestions in {nfiles} file{'s' if nfiles != 1 else ''}."
    )
    return "\n".join(out) + "\n"
