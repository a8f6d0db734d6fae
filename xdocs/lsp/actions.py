"""Code actions: safe fixes, the missing section, a word for the vocabulary.

* **Safe fix** (quick fix, preferred): a finding's machine replacement, offered
  exactly when ``xdocs fix`` would apply it (a replacement from a pass it runs,
  that passes :mod:`xdocs.lint.fixguard` on the current text).
  The text under the finding must still be the text it was found in; an edit
  is never offered at a position the writer has since changed.
* **Fix all** (``source.fixAll.xdocs``): every safe fix of the file, chosen as
  ``xdocs fix`` chooses (overlaps resolved in favour of the first finding, each
  edit checked).
* **Insert the missing section** for ``structure/missing-section``
  (:mod:`xdocs.lsp.sections`).
* **Add to the vocabulary** for a spelling finding (:mod:`xdocs.lsp.vocabulary`):
  edits ``styleguide/terminology.yml`` and Vale's ``accept.txt``, never a file
  outside the project.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from lsprotocol import types

from xdocs.findings import Finding
from xdocs.lsp import linting
from xdocs.lsp.convert import finding_span, from_position, overlaps, to_diagnostic, to_range
from xdocs.lsp.documents import DocState, Placed, text_at
from xdocs.lsp.edits import insertion_edit, newline_of, replace_all_edit

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.xdocs"
#: largest terminology file read to add a word (a style guide is a few KB)
MAX_TERMINOLOGY_BYTES = 1_000_000


async def code_actions(ls: Any, state: DocState, params: types.CodeActionParams) -> list[Any]:
    """Every action for findings that overlap the requested range."""
    lines = state.lines
    codec = ls.codec()
    start = from_position(lines, params.range.start, codec)
    end = from_position(lines, params.range.end, codec)
    wanted = (*start, *end)
    only = params.context.only or []
    book = await asyncio.to_thread(state.project.rulebook)
    placed = [p for p in ls.scheduler.findings(state) if _still_there(p, lines)]

    def diag(p: Placed) -> types.Diagnostic:
        return to_diagnostic(p.finding, lines, codec)

    out: list[Any] = []
    if _allows(only, types.CodeActionKind.QuickFix):
        here = [p for p in placed if overlaps(finding_span(p.finding, lines), wanted)]
        for p in here:
            f = p.finding
            if book.is_safe_fix(f) and is_safe_alone(f, lines):
                out.append(_fix_action(state, p, lines, codec, diag(p)))
        for p in here:
            f = p.finding
            if f.rule == "structure/missing-section":
                action = await _insert_section(ls, state, f, diag(p))
                if action is not None:
                    out.append(action)
            elif linting.is_spelling(f.rule):
                action = await asyncio.to_thread(_add_word, ls, state, p, diag(p))
                if action is not None:
                    out.append(action)
    if _allows(only, FIX_ALL):
        fixable = [p for p in placed if book.is_safe_fix(p.finding)]
        if fixable:
            out.append(_fix_all(state, fixable, lines, codec))
    return out


def _allows(only: list[str], kind: str) -> bool:
    """``context.only``: a kind is wanted when it or a parent kind is listed."""
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _still_there(p: Placed, lines: list[str]) -> bool:
    return p.snippet is None or text_at(lines, finding_span(p.finding, lines)) == p.snippet


def _fix_action(
    state: DocState, p: Placed, lines: list[str], codec: Any, diag: types.Diagnostic
) -> types.CodeAction:
    f = p.finding
    old, new = p.snippet or "", f.replacement or ""
    title = f"Replace '{old}' with '{new}'" if new else f"Remove '{old}'"
    edit = types.TextEdit(range=to_range(f, lines, codec), new_text=new)
    return types.CodeAction(
        title=f"{title} ({f.rule})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={state.uri: [edit]}),
    )


def choose_fixes(findings: list[Finding], lines: list[str]) -> list[Finding]:
    """The fixes ``xdocs fix`` applies together: sorted as it sorts, first one wins an
    overlap, a no-op replacement skipped, and every edit checked as it checks them
    (:func:`xdocs.lint.fix.safe_edits`: no link, code, HTML, front-matter or
    identifier is touched)."""
    from xdocs.document import Document
    from xdocs.lint.fix import safe_edits

    ordered = sorted(findings, key=lambda f: (f.line, f.column, f.rule, f.message))
    _fixed, applied, _refused = safe_edits(Document.from_text("\n".join(lines)), ordered)
    return [edit.finding for edit in applied]


def is_safe_alone(f: Finding, lines: list[str]) -> bool:
    """Would ``xdocs fix`` apply this one replacement to the current text?"""
    return bool(choose_fixes([f], lines))


def _fix_all(
    state: DocState, placed: list[Placed], lines: list[str], codec: Any
) -> types.CodeAction:
    chosen = choose_fixes([p.finding for p in placed], lines)
    edits = [types.TextEdit(range=to_range(f, lines, codec), new_text=f.replacement or "")
             for f in chosen]  # fmt: skip
    return types.CodeAction(
        title=f"Apply every safe xdocs fix in this file ({len(edits)})",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes={state.uri: edits}),
    )


async def _insert_section(
    ls: Any, state: DocState, f: Finding, diag: types.Diagnostic
) -> types.CodeAction | None:
    from xdocs.lsp.sections import insertion_for, load_card_text, section_id_from_message

    sid = section_id_from_message(f.message)
    if sid is None:
        return None
    text = state.text
    card = await asyncio.to_thread(load_card_text, text, state.display)
    ins = insertion_for(card, sid, newline_of(text))
    if ins is None or text is not state.text:
        return None
    heading = ins.text.strip().splitlines()[0].lstrip("#").strip()
    return types.CodeAction(
        title=f"Insert the missing section '{heading}'",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=types.WorkspaceEdit(
            changes={state.uri: [insertion_edit(state.lines, ins, ls.codec())]}
        ),
    )


def _add_word(ls: Any, state: DocState, p: Placed, diag: types.Diagnostic) -> Any:
    """The "add to the vocabulary" action, or None (not a word, known, or unsafe)."""
    from xdocs.lsp.convert import split_lines
    from xdocs.lsp.vocabulary import WORD, add_word

    word = p.snippet
    if not word or not WORD.fullmatch(word):
        return None
    project = state.project
    config = project.config
    if word in linting.known_words(config):
        return None
    target = _inside(linting.terminology_path(config), project.root)
    if target is None:
        return None
    uri = target.as_uri()
    current = _text_of(ls, uri, target)
    if current is None:
        return None
    lines = split_lines(current)
    ins = add_word(lines, word, newline_of(current))
    if ins is None:
        return None
    codec = ls.codec()
    edit = insertion_edit(lines, ins, codec)
    new_text = _apply(current, lines, ins)
    changes: dict[str, list[types.TextEdit]] = {uri: [edit]}
    generated = linting.vocabulary_files(config, new_text) or {}
    for rel, content in generated.items():
        path = _inside(project.root / rel, project.root)
        if path is None or not path.is_file():
            continue
        old = _text_of(ls, path.as_uri(), path)
        if old is not None and old != content:
            changes[path.as_uri()] = [replace_all_edit(split_lines(old), content, codec)]
    shown = target.relative_to(project.root).as_posix()
    return types.CodeAction(
        title=f"Add '{word}' to the vocabulary ({shown})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=types.WorkspaceEdit(changes=changes),
    )


def _inside(path: Path, root: Path) -> Path | None:
    """``path`` when it is in the project once symlinks are resolved (an edit must never
    reach a file outside it), else None."""
    try:
        real, base = path.resolve(), root.resolve()
    except OSError:
        return None
    return path if real == base or base in real.parents else None


def _text_of(ls: Any, uri: str, path: Path) -> str | None:
    """The text the client has open for ``uri``, else the file's (bounded) content."""
    state = ls.state(uri)
    if state is not None:
        return state.text
    try:
        if path.stat().st_size > MAX_TERMINOLOGY_BYTES:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _apply(text: str, lines: list[str], ins: Any) -> str:
    """``text`` with an insertion applied (to render the generated files from it)."""
    from xdocs.lsp.edits import newline_of

    nl = newline_of(text)
    if ins.line >= len(lines):
        return text + ins.text
    return (
        nl.join(lines[: ins.line])
        + (nl if ins.line else "")
        + ins.text
        + nl.join(lines[ins.line :])
    )
