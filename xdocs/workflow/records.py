"""Reading approval records and evidence flags out of a card.

A record is a plain mapping in the card's ``approvals:`` list. This module
turns each into a :class:`Record` (typed fields, the file line it starts on,
its raw text values kept for messages) without judging it: the rules live in
:mod:`xdocs.workflow.state`, which both ``xdocs check`` and ``xdocs approve``
use, so a record the command would refuse is exactly a record the check flags.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from xdocs.card.flags import flag_resolved, parse_date
from xdocs.card.model import ModelCard
from xdocs.findings import Finding
from xdocs.workflow.digest import normalize_digest
from xdocs.workflow.layout import LayoutError, key_block

UTC = dt.UTC
#: Keys of a record that are not stage data.
_CORE = ("stage", "role", "by", "decision", "at", "digest", "note", "signature")


@dataclass
class Record:
    """One approval record, as written, plus what the walk concluded."""

    index: int
    stage: str | None
    role: str | None
    by: str | None
    decision: str | None
    at: dt.datetime | None
    at_text: str
    digest: str | None
    note: str | None
    #: stage data and any other keys (assignee, priority, release, …)
    data: dict[str, Any] = field(default_factory=dict)
    line: int = 0
    #: last file line of the record
    end_line: int = 0
    #: the digest no longer matches the card as it is now.
    stale: bool = False
    #: False when a rule refuses the record: it then counts for nothing.
    valid: bool = True
    #: the armored-free SSHSIG signature (base64), if the record carries one
    signature: str | None = None
    #: what signature verification concluded: verified | unsigned | invalid
    #: (None until the walk has judged it)
    signature_status: str | None = None
    #: the roster key that verified the signature (its SHA256 fingerprint)
    signed_with: str | None = None
    #: ``xdocs approve``'s candidate: it is signed (and verified) after validation
    pending_signature: bool = False
    problems: list[Finding] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The timeline entry contract (portal, ``xdocs status --format json``)."""
        out: dict[str, Any] = {
            "stage": self.stage,
            "role": self.role,
            "by": self.by,
            "decision": self.decision,
            "at": format_time(self.at) if self.at else self.at_text or None,
            "note": self.note,
            "digest": self.digest,
            "stale": self.stale,
            "valid": self.valid,
            "signature": self.signature_status,
            "line": self.line,
        }
        if self.signed_with:
            out["signed_with"] = self.signed_with
        out.update(self.data)
        if self.problems:
            out["problems"] = [f.message for f in self.problems]
        return out


@dataclass
class Flag:
    """An evidence flag from the card's ``flags:`` list."""

    id: str
    severity: str
    message: str
    resolved: bool
    raised_at: dt.datetime | None = None
    line: int = 0

    @property
    def blocking(self) -> bool:
        """An open critical flag stops approvals beyond ``evaluation``."""
        return self.severity == "critical" and not self.resolved

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "resolved": self.resolved,
            "blocking": self.blocking,
        }


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO 8601 date/time (string or YAML timestamp) as an aware UTC datetime.

    A time without an offset is taken as UTC (the house writes UTC); a bare
    date is midnight UTC. None when it is not a date at all.
    """
    return parse_date(value)


def format_time(moment: dt.datetime) -> str:
    """``2026-11-25T09:15:00Z``: ISO 8601, UTC, seconds."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def source_mapping(card: ModelCard) -> Any:
    """The mapping that holds ``approvals`` (front-matter or YAML/JSON root)."""
    return card.raw if isinstance(card.raw, dict) else {}


def item_lines(card: ModelCard, key: str, count: int) -> list[tuple[int, int]]:
    """(first, last) file lines of each of the ``count`` items of a top-level
    list (``approvals``, ``flags``), from the YAML parser's positions. A flow
    style list (or a layout the parser cannot place) puts every item on the
    key's line."""
    if count == 0:
        return []
    try:
        block = key_block(card.document, key)
    except LayoutError:
        block = None
    if block is not None and len(block.items) == count:
        return list(block.items)
    base = block.line if block is not None else card.line_of(key)
    return [(base, base)] * count


def key_line_in(card: ModelCard, rec: Record, key: str) -> int:
    """Line of ``key:`` inside record ``rec`` (the record's line if not found)."""
    pattern = re.compile(r"^\s*(?:-\s+)?" + re.escape(key) + r"\s*:")
    for n in range(rec.line, rec.end_line + 1):
        if pattern.match(card.document.line_text(n)):
            return n
    return rec.line


def read_records(card: ModelCard) -> tuple[list[Record], str | None]:
    """The card's records, and a problem message when ``approvals`` is not a list."""
    raw = source_mapping(card)
    value = raw.get("approvals") if raw else card.metadata.get("approvals")
    if value is None:
        return [], None
    if not isinstance(value, list):
        return [], f"`approvals` must be a list of records, got {type(value).__name__}"
    spans = item_lines(card, "approvals", len(value))
    out = []
    for i, item in enumerate(value):
        rec = make_record(item, i, spans[i][0])
        rec.end_line = spans[i][1]
        out.append(rec)
    return out, None


def make_record(item: Any, index: int, line: int = 0) -> Record:
    """A :class:`Record` from one raw list item (a non-mapping gives an empty record)."""
    data = _plain(item) if isinstance(item, dict) else {}
    at_raw = item.get("at") if isinstance(item, dict) else None

    def text(key: str) -> str | None:
        v = data.get(key)
        return str(v).strip() if v is not None and str(v).strip() else None

    return Record(
        index=index,
        stage=text("stage"),
        role=text("role"),
        by=text("by"),
        decision=text("decision"),
        at=parse_time(at_raw),
        at_text=str(data.get("at") or ""),
        digest=normalize_digest(data.get("digest")),
        note=text("note"),
        signature=text("signature"),
        data={k: v for k, v in data.items() if k not in _CORE},
        line=line,
        raw=data,
    )


def read_flags(card: ModelCard) -> list[Flag]:
    """Evidence flags. Each entry is a mapping (``id``, ``severity``,
    ``message``/``summary``/``note``, ``resolved``/``resolved_at``,
    ``raised_at``) or a bare string (a warning-level flag)."""
    raw = source_mapping(card)
    value = raw.get("flags") if raw else card.metadata.get("flags")
    if not isinstance(value, list):
        return []
    out = []
    spans = item_lines(card, "flags", len(value))
    for i, item in enumerate(value):
        line = spans[i][0]
        if isinstance(item, str):
            out.append(Flag(f"flag-{i + 1}", "warning", item, False, None, line))
            continue
        if not isinstance(item, dict):
            continue
        entry = _plain(item)
        message = next(
            (str(entry[k]) for k in ("message", "summary", "title", "note") if entry.get(k)), ""
        )
        resolved = flag_resolved(item)
        out.append(
            Flag(
                id=str(entry.get("id") or entry.get("rule") or f"flag-{i + 1}"),
                severity=str(entry.get("severity") or "warning").strip().lower(),
                message=message,
                resolved=resolved,
                raised_at=parse_time(item.get("raised_at") or item.get("at")),
                line=line,
            )
        )
    return out


def people_field(card: ModelCard, key: str) -> list[Any]:
    """``owners`` / ``submitted_by`` as a list of entries (ids, emails, names, mappings)."""
    value = card.metadata.get(key)
    if value is None:
        value = source_mapping(card).get(key)
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return value
    return str(value)
