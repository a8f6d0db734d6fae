"""Safe fixes: apply the machine replacements findings carry.

Only findings with a ``replacement`` are applied: terminology substitutions,
Vale ``replace`` actions with a single suggestion, and Harper suggestions on
rules marked safe (repeated words, a/an). Overlapping edits are resolved in
favour of the first (terminology wins over Vale over grammar, as the passes
run in that order); what is skipped is fixed by the next run. The file is
rewritten atomically, keeping its line endings and BOM.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from xdocs.findings import Finding

#: passes that produce safe fixes
FIX_PASSES = ("terminology", "style", "grammar")


@dataclass
class FileFix:
    path: str
    old: str
    new: str
    applied: int

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.old.splitlines(keepends=True),
                self.new.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


def apply_fixes(text_doc: object, findings: Iterable[Finding]) -> tuple[str, int]:
    """Apply non-overlapping replacements to a Document's text; return (text, count)."""
    doc = text_doc
    edits: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for f in findings:
        if f.replacement is None or f.line < 1 or f.end_line is None or f.end_column is None:
            continue
        start = doc.offset(f.line, f.column)  # type: ignore[attr-defined]
        end = doc.offset(f.end_line, f.end_column)  # type: ignore[attr-defined]
        if end < start or any(a < end and start < b or a == start for a, b in taken):
            continue
        if doc.text[start:end] == f.replacement:  # type: ignore[attr-defined]
            continue
        taken.append((start, end))
        edits.append((start, end, f.replacement))
    text: str = doc.text  # type: ignore[attr-defined]
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, len(edits)


def plan_fixes(findings: Iterable[Finding], paths: dict[str, Path]) -> list[FileFix]:
    """Group fixable findings by file and compute each file's new text."""
    from xdocs.document import Document

    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        if f.replacement is not None:
            by_file.setdefault(f.path, []).append(f)
    out = []
    for shown, items in sorted(by_file.items()):
        real = paths.get(shown, Path(shown))
        doc = Document.from_path(real, shown)
        new, count = apply_fixes(doc, items)
        if count and new != doc.text:
            out.append(FileFix(shown, doc.text, new, count))
    return out


def write_fix(fix: FileFix, real: Path) -> None:
    """Write the fixed text atomically with the file's own newline and BOM."""
    from xdocs.document import Document
    from xdocs.fileio import atomic_write

    doc = Document.from_path(real, fix.path)
    text = ("\ufeff" if doc.had_bom else "") + fix.new
    atomic_write(real, text, newline=doc.newline)
