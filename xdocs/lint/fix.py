"""Safe fixes: apply the machine replacements findings carry, and only safe ones.

Only findings with a ``replacement`` are candidates: terminology
substitutions, Vale ``replace`` actions with a single suggestion, and Harper
suggestions on rules marked safe (repeated words, a/an). Overlapping edits
are resolved in favour of the first (terminology wins over Vale over grammar,
as the passes run in that order).

Every edit is checked before it is applied (:mod:`xdocs.lint.fixguard`): it
must not touch the front-matter, an identifier, a link destination, code or
HTML, and the card re-parsed with it must have the same Markdown token stream
outside the words it replaces. An edit that fails is not applied and is
reported with the reason. Edits are applied one by one from the end of the
file, each checked against the text as it is then, so two edits can never
combine into markup either.

``xdocs fix`` lints the fixed text again and applies what that finds (an edit
can reveal another, such as a repeated word), up to :data:`MAX_ROUNDS` rounds,
so one run reaches the fixed point and a second run changes nothing. The file
is rewritten atomically, keeping its line endings and BOM.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xdocs.document import Document
from xdocs.findings import Finding
from xdocs.lint.fixguard import Edit, apply_checked

if TYPE_CHECKING:
    from xdocs.config import Config

#: passes that produce safe fixes
FIX_PASSES = ("terminology", "style", "grammar")
#: lint → fix rounds per run (a fix can reveal another; this bounds the loop)
MAX_ROUNDS = 4
#: characters re-parsed per file and round to check edits (beyond: next run)
CHECK_BUDGET = 50_000_000

#: lints one file's text again: (display path, text) → findings
Relint = Callable[[str, str], list[Finding]]


@dataclass
class Refused:
    """A fix that was not applied, and why."""

    finding: Finding
    reason: str


@dataclass
class FileFix:
    path: str
    old: str
    new: str
    applied: int
    refused: list[Refused] = field(default_factory=list)

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.old.splitlines(keepends=True),
                self.new.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


def candidate_edits(doc: Document, findings: Iterable[Finding]) -> list[Edit]:
    """Non-overlapping replacements the findings propose (first come, first kept)."""
    edits: list[Edit] = []
    taken: list[tuple[int, int]] = []
    for f in findings:
        if f.replacement is None or f.line < 1 or f.end_line is None or f.end_column is None:
            continue
        start = doc.offset(f.line, f.column)
        end = doc.offset(f.end_line, f.end_column)
        if end < start or any(a < end and start < b or a == start for a, b in taken):
            continue
        if doc.text[start:end] == f.replacement:
            continue
        taken.append((start, end))
        edits.append(Edit(start, end, f.replacement, f))
    return edits


def safe_edits(
    doc: Document, findings: Iterable[Finding]
) -> tuple[Document, list[Edit], list[Refused]]:
    """The edits ``xdocs fix`` applies together, each checked against the text as it
    is with the later ones applied: (the fixed document, applied, refused).

    The language server's "fix all" offers exactly the applied edits
    (:func:`xdocs.lsp.actions.choose_fixes`).
    """
    current = doc
    applied: list[Edit] = []
    refused: list[Refused] = []
    spent = 0
    for edit in sorted(candidate_edits(doc, findings), key=lambda e: e.start, reverse=True):
        spent += len(current.text)
        if spent > CHECK_BUDGET:
            refused.append(Refused(edit.finding, "too many fixes in one file: run xdocs fix again"))
            continue
        new_doc, reason = apply_checked(current, edit)
        if new_doc is None:
            refused.append(Refused(edit.finding, reason or "unsafe"))
            continue
        current = new_doc
        applied.append(edit)
    refused.sort(key=lambda r: (r.finding.line, r.finding.column))
    applied.reverse()
    return current, applied, refused


def apply_fixes(doc: Document, findings: Iterable[Finding]) -> tuple[str, int, list[Refused]]:
    """Apply the safe replacements to ``doc``; return (text, applied, refused)."""
    fixed, applied, refused = safe_edits(doc, findings)
    return fixed.text, len(applied), refused


def plan_fixes(
    findings: Iterable[Finding],
    paths: dict[str, Path],
    config: Config | None = None,
    jobs: int = 1,
) -> list[FileFix]:
    """Group fixable findings by file and compute each file's new text.

    With ``config``, the fixed text is linted again (fix passes, the project's
    rule settings) and fixed again until nothing changes (at most
    :data:`MAX_ROUNDS` rounds), files spread over ``jobs`` processes.
    """
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        if f.replacement is not None:
            by_file.setdefault(f.path, []).append(f)
    tasks = [
        (shown, str(paths.get(shown, Path(shown))), [f.to_dict() for f in items])
        for shown, items in sorted(by_file.items())
    ]
    if config is None or jobs <= 1 or len(tasks) < 2:
        _WORKER.clear()
        if config is not None:
            _init_worker(config)
        results = [_fix_task(task) for task in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)), initializer=_init_worker, initargs=(config,)
        ) as pool:
            results = list(pool.map(_fix_task, tasks))
    return [fix for fix in results if fix is not None]


#: this process's relinter (set by :func:`_init_worker`)
_WORKER: dict[str, Relint] = {}


def _init_worker(config: Config) -> None:
    from xdocs.config import read_policy_of
    from xdocs.fileio import set_read_policy

    set_read_policy(read_policy_of(config))  # workers started by spawn have no policy yet
    _WORKER["relint"] = relinter(config)


def _fix_task(task: tuple[str, str, list[dict]]) -> FileFix | None:
    shown, real, items = task
    return fix_file(shown, Path(real), [Finding.from_dict(d) for d in items], _WORKER.get("relint"))


def fix_file(
    shown: str, real: Path, findings: list[Finding], relint: Relint | None = None
) -> FileFix | None:
    """One file's fixes, linted and fixed again until nothing changes (with ``relint``)."""
    doc = Document.from_path(real, shown)
    fix = FileFix(shown, doc.text, doc.text, 0)
    items = findings
    for round_ in range(MAX_ROUNDS):
        if round_:
            if relint is None:
                break
            items = [f for f in relint(shown, fix.new) if f.replacement is not None]
            doc = Document.from_text(fix.new, shown)
        new, count, refused = apply_fixes(doc, items)
        if round_ == 0 or count:
            fix.refused = refused  # the last round's refusals are what remains
        if not count or new == fix.new:
            break
        fix.new, fix.applied = new, fix.applied + count
    return fix if fix.applied or fix.refused else None


def write_fix(fix: FileFix, real: Path) -> None:
    """Write the fixed text atomically with the file's own newline and BOM."""
    from xdocs.fileio import atomic_write

    doc = Document.from_path(real, fix.path)
    text = ("\ufeff" if doc.had_bom else "") + fix.new
    atomic_write(real, text, newline=doc.newline)


def relinter(config: Config) -> Relint:
    """Lint a file's text in memory with the fix passes and the project's rule settings."""
    from xdocs.card import load_card_from_document
    from xdocs.lint.budget import budgets_from_config
    from xdocs.lint.engine import lint_loaded
    from xdocs.lint.registry import all_passes
    from xdocs.lint.results import LoadedCard
    from xdocs.lint.runner import CheckOptions, _rule_settings
    from xdocs.rules import LintContext

    budgets = budgets_from_config(config.section("lint"))
    passes = [p for p in all_passes(config) if p.name in FIX_PASSES]
    ctx = LintContext(config, config.root, CheckOptions(passes=FIX_PASSES).lint_options(budgets))
    settings = _rule_settings(config, None)

    def relint(display: str, text: str) -> list[Finding]:
        card = load_card_from_document(Document.from_text(text, display))
        (result,) = lint_loaded([LoadedCard(display, "", card)], passes, ctx, budgets)
        return settings.apply(result.findings)

    return relint
