"""Hover: what a finding means, and who an approval record is from.

On a finding: its rule's ``xdocs rules`` entry (summary, why, example, how to
fix) under the finding's own message and fix, with a link to the rule's page.
On an approval record in the front-matter: who recorded it (their name and
roles in the roster), the stage, role and decision, whether it is verified
(the roster lists the person with that role and every workflow rule accepts
the record) and whether it is stale (the card changed since it was given).
"""

from __future__ import annotations

import asyncio
from typing import Any

from lsprotocol import types

from xdocs.lsp.convert import contains, finding_span, from_position, to_range
from xdocs.lsp.documents import DocState


async def hover_at(ls: Any, state: DocState, position: types.Position) -> types.Hover | None:
    lines = state.lines
    line, col = from_position(lines, position, ls.codec())
    parts: list[str] = []
    first_range = None
    book = await asyncio.to_thread(state.project.rulebook)
    for p in ls.scheduler.findings(state):
        f = p.finding
        if f.line >= 1 and contains(finding_span(f, lines), line, col):
            parts.append(finding_markdown(f, book, ls.scheduler.href(state.project, f.rule)))
            first_range = first_range or to_range(f, lines, ls.codec())
    if state.kind == "card":
        record = await asyncio.to_thread(approval_markdown, state, line)
        if record:
            parts.append(record)
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
        ),
        range=first_range,
    )


def _esc(text: str) -> str:
    """Markdown-inert text (card content is untrusted; clients render hovers)."""
    out = str(text).replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _fenced(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}\n{fence}"


def finding_markdown(f: Any, book: Any, href: str | None) -> str:
    """The hover of one finding: message, then the rule's documentation."""
    out = [f"**{_esc(f.rule)}** ({f.severity}): {_esc(f.message)}"]
    if f.fix:
        out.append(f"*Fix:* {_esc(f.fix)}")
    doc = book.doc(f.rule) if book is not None else None
    if doc is not None:
        if doc.family:
            out.append(f"Part of `{doc.family}`.")
        out.append(_esc(doc.summary))
        if doc.rationale:
            out.append(f"*Why:* {_esc(doc.rationale)}")
        if doc.example:
            out.append("*Example:*\n\n" + _fenced(doc.example))
        if doc.fix and doc.fix != f.fix:
            out.append(f"*How to fix:* {_esc(doc.fix)}")
    if href:
        out.append(f"[Rule catalogue: {_esc(f.rule)}]({href})")
    return "\n\n".join(out)


def approval_markdown(state: DocState, line: int) -> str | None:
    """The hover of the approval record on ``line`` (None when there is none)."""
    from xdocs.lsp.sections import load_card_text
    from xdocs.workflow.state import workflow_state

    text = state.text
    if "approvals" not in text:
        return None
    card = load_card_text(text, state.display)
    if card.format not in ("markdown", "hf", "yaml"):
        return None
    trust = state.project.trust()
    roster = trust.roster
    wf = workflow_state(card, roster, settings=trust.settings)
    record = next((r for r in wf.timeline if r.line <= line <= max(r.end_line, r.line)), None)
    if record is None or not record.line:
        return None
    return record_markdown(record, roster)


def record_markdown(record: Any, roster: Any) -> str:
    person = roster.get(record.by) if roster is not None else None
    who = f"`{_esc(record.by or '?')}`"
    if person is not None:
        who += f", {_esc(person.name)} ({', '.join(person.roles)}"
        who += ", inactive)" if not person.active else ")"
    else:
        who += " (not in the roster)"
    out = [
        f"**Approval record**: {_esc(record.stage or '?')} {_esc(record.decision or '?')} by {who}",
        f"- role: {_esc(record.role or '?')}",
        f"- at: {_esc(record.at_text or '?')}",
    ]
    if record.valid and person is not None and person.holds(record.role or ""):
        out.append("- verified: yes (the roster lists this person with this role, "
                   "and every workflow rule accepts the record)")  # fmt: skip
        signature = getattr(record, "signature_status", None)
        if signature == "verified":
            out.append(f"- signature: verified with {_esc(record.signed_with or 'a roster key')}")
        elif signature == "unsigned":
            out.append("- signature: none (this project accepts unsigned records)")
    else:
        reasons = "; ".join(_esc(p.message) for p in record.problems) or "not in the roster"
        out.append(f"- verified: **no**: {reasons}")
    if record.stale:
        out.append("- stale: **yes**: the card changed after this decision; re-approval needed")
    elif record.digest:
        out.append("- stale: no (the digest matches the card)")
    else:
        out.append("- stale: unknown (the record has no digest)")
    if record.note:
        out.append(f"- note: {_esc(record.note)}")
    return "\n".join(out)
