"""Lint findings for preview pages (``mkdocs serve``), through the lint runner."""

from __future__ import annotations

from pathlib import Path

from xdocs.findings import Finding


def lint_findings(paths: list[str], root: Path) -> dict[str, list[Finding]]:
    """Findings of ``xdocs check`` for each card path (keys as given)."""
    from xdocs.config import load_config
    from xdocs.lint.runner import run_check

    config = load_config(root)
    result = run_check([Path(p) for p in paths], config, {})
    by_path: dict[str, list[Finding]] = {}
    resolved = {str(Path(p).resolve()): p for p in paths}
    for finding in result.findings:
        for candidate in (finding.path, str((root / finding.path).resolve())):
            key = resolved.get(str(Path(candidate).resolve()))
            if key is not None:
                by_path.setdefault(key, []).append(finding)
                break
    return by_path
