"""``xdocs sign``: an approver signs records already in a card.

For a project adopting signed approvals: records written before signatures
existed stay in the history, and ``workflow.signatures: required`` would make
them count for nothing. Each approver signs *their own* records with their
own key; nobody else's key can (the key must be one of the ``by`` person's
roster keys, valid at the record's date). Only records every other workflow
rule accepts are signed: a signature vouches for a decision, it does not
repair one.

The signature is inserted as one ``signature:`` line at the end of each
record, at the record's key column; nothing else in the file changes, which
is verified by re-parsing before the atomic write (as ``xdocs approve``
does). Flow-style records (``- {stage: …}``) are refused: rewrite them in
block style first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.card import load_card_from_document
from xdocs.document import Document
from xdocs.fileio import atomic_write
from xdocs.workflow.approve import ApproveRefused, _locked, read_card_bytes
from xdocs.workflow.digest import canonical, card_digest
from xdocs.workflow.layout import LayoutError, key_block
from xdocs.workflow.records import read_records
from xdocs.workflow.roster import Roster
from xdocs.workflow.settings import WorkflowSettings
from xdocs.workflow.signature import (
    VERIFIED,
    SigningError,
    public_key_of,
    sign_payload,
    signed_payload,
    verify_record,
)
from xdocs.workflow.state import workflow_state

_BREAK = re.compile(r"(\r\r\n|\r\n|\r|\n)")
_KEY_LINE = re.compile(r"^(\s*-\s+|\s*)[A-Za-z_][\w-]*\s*:")


@dataclass
class SignResult:
    """What was signed (1-based record numbers) and what was left, with why."""

    path: str
    signed: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def sign_card(
    path: str | Path,
    by: str,
    key: str,
    roster: Roster,
    *,
    only: list[int] | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> SignResult:
    """Sign ``by``'s unsigned records in the card at ``path`` with ``key``.

    ``only``: 1-based record numbers to sign (default: all of ``by``'s
    unsigned, otherwise valid records). Raises :class:`ApproveRefused`.
    """
    target = Path(path)
    person = roster.get(by)
    if person is None:
        raise ApproveRefused("workflow/unknown-person", f"{by!r} is not in the roster")
    try:
        public = public_key_of(key)
    except (SigningError, ValueError) as exc:
        raise ApproveRefused("workflow/signature", str(exc), usage=True) from None
    held = next((k for k in person.keys if k.blob == public.blob), None)
    if held is None:
        raise ApproveRefused(
            "workflow/signature",
            f"key {public.fingerprint} is not one of {by}'s keys in the roster",
            usage=True,
        )
    data = read_card_bytes(target)
    doc = Document.from_bytes(data, str(path))
    card = load_card_from_document(doc)
    # judge every other rule as if signatures were off: signing repairs nothing else
    state = workflow_state(card, roster, now, settings=WorkflowSettings("off"))
    records, problem = read_records(card)
    if problem:
        raise ApproveRefused("workflow/invalid-record", problem)
    result = SignResult(str(path))
    todo = []
    for rec, judged in zip(records, state.timeline, strict=False):
        n = rec.index + 1
        if rec.by != by or (only and n not in only):
            continue
        if rec.signature:
            result.skipped.append((n, "already signed"))
        elif not judged.valid:
            why = judged.problems[0].message if judged.problems else "refused by a rule"
            result.skipped.append((n, f"not signed: {why}"))
        elif held.valid_at(rec.at):
            result.skipped.append((n, f"not signed: {held.valid_at(rec.at)}"))
        else:
            todo.append(rec)
    if not todo or dry_run:
        result.signed = [r.index + 1 for r in todo] if dry_run else []
        return result
    try:
        block = key_block(doc, "approvals")
    except LayoutError as exc:
        raise ApproveRefused("workflow/layout", str(exc)) from None
    if block is None or block.flow or len(block.items) != len(records):
        raise ApproveRefused(
            "workflow/layout", "the approvals are not a block list of records: cannot sign in place"
        )
    body = data[3:] if doc.had_bom else data
    chunks = _BREAK.split(body.decode("utf-8"))
    lines, ends = chunks[0::2], chunks[1::2] + [""]
    inserts: dict[int, str] = {}
    for rec in todo:
        first, last = block.items[rec.index]
        column = _key_column(lines[first - 1])
        if column is None or lines[first - 1].rstrip().endswith("}"):
            raise ApproveRefused(
                "workflow/layout",
                f"record {rec.index + 1} is written in flow style: rewrite it in block style",
            )
        while last > first and not lines[last - 1].strip():
            last -= 1
        try:
            signature = sign_payload(signed_payload(rec.raw), key)
        except SigningError as exc:
            raise ApproveRefused("workflow/signature", str(exc), usage=True) from None
        verdict = verify_record({**rec.raw, "signature": signature}, person.keys, rec.at)
        if verdict.status != VERIFIED:
            raise ApproveRefused(
                "workflow/signature", f"signature does not verify: {verdict.reason}"
            )
        inserts[last] = " " * column + f"signature: {signature}"
        result.signed.append(rec.index + 1)
    nl = doc.newline
    out: list[str] = []
    for n, (text, end) in enumerate(zip(lines, ends, strict=True), start=1):
        out.append(text + (end or (nl if n in inserts else "")))
        if n in inserts:
            out.append(inserts[n] + (nl if end or n < len(lines) else ""))
    new = "".join(out).encode("utf-8")
    new = (b"\xef\xbb\xbf" + new) if doc.had_bom else new
    _verify(doc, new, {r.index for r in todo})
    with _locked(target):
        if read_card_bytes(target) != data:
            raise ApproveRefused("concurrent", "the card changed while signing: try again")
        atomic_write(target, new)
    return result


def _key_column(line: str) -> int | None:
    """Column of the record's keys on its first line (after ``- ``)."""
    m = _KEY_LINE.match(line)
    return len(m.group(1)) if m else None


def _verify(doc: Document, new: bytes, signed: set[int]) -> None:
    """Only the signed records gained a ``signature`` and nothing else changed."""
    new_doc = Document.from_bytes(new, doc.path)
    old_items = _approvals(doc)
    new_items = _approvals(new_doc)
    ok = (
        new_doc.front_matter_error is None
        and len(old_items) == len(new_items)
        and card_digest(new_doc) == card_digest(doc)
    )
    if ok:
        for i, (a, b) in enumerate(zip(old_items, new_items, strict=True)):
            b = dict(b)
            if i in signed and not b.pop("signature", None):
                ok = False
            if canonical(a) != canonical(b):
                ok = False
    if not ok:
        raise ApproveRefused(
            "workflow/layout",
            "could not insert the signatures without changing anything else: nothing written",
        )


def _approvals(doc: Document) -> list[Any]:
    if doc.has_front_matter:
        data = doc.front_matter_data
    else:
        from xdocs.document import parse_yaml

        data, _ = parse_yaml(doc.text, doc.path, fast=True)
    value = data.get("approvals") if isinstance(data, dict) else None
    return list(value) if isinstance(value, list) else []
