"""``xdocs approve``: validate a decision, then append it to the card.

Validate first: the new record goes through the same walk as ``xdocs check``
(:func:`xdocs.workflow.state.workflow_state` with the record appended); any
error refuses it with that rule's message and the file is not touched.

Then append, keeping every other byte: the record is rendered by ruamel.yaml
(so its quoting is always valid YAML) in the indentation style of the card's
existing list, and inserted as text right after the last line of the
``approvals:`` block (the block is created at the end of the front-matter
when absent). Nothing else is re-serialized, so comments, key order, quoting,
blank lines, a BOM and the file's own line endings (even mixed ones) survive.
The result is re-parsed and checked (one more record, equal to the one meant,
same digest for everything else) before it is written.

Write atomically: a temporary file in the card's folder, fsync, then
``os.replace``. Concurrency: just before replacing, under an advisory lock,
the file is read again; if it changed since validation the whole approval is
re-validated on the new content (up to three times).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.card import load_card_from_document
from xdocs.document import Document, make_yaml
from xdocs.fileio import atomic_write
from xdocs.findings import Finding, Severity
from xdocs.workflow import stages as S
from xdocs.workflow.digest import approvals_block, card_digest, digest_text, is_json
from xdocs.workflow.records import UTC, format_time, make_record, read_records
from xdocs.workflow.roster import Roster
from xdocs.workflow.state import WorkflowState, workflow_state

_BREAK = re.compile(r"(\r\r\n|\r\n|\r|\n)")
_ITEM = re.compile(r"^( *)-( +)\S")


class ApproveRefused(Exception):
    """The decision breaks a rule: nothing was written. ``usage`` marks a
    command-line mistake (exit 2) rather than a refused decision (exit 1)."""

    def __init__(self, rule: str, message: str, line: int = 0, usage: bool = False) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.usage = usage


@dataclass
class ApproveRequest:
    """What the approver asks to record."""

    stage: str
    by: str
    role: str | None = None
    #: default: ``approved`` (``archived`` for the archive stage)
    decision: str | None = None
    note: str | None = None
    at: dt.datetime | None = None
    assignee: str | None = None
    priority: str | None = None
    audience: str | None = None
    timeline: str | None = None


@dataclass
class ApproveResult:
    """What was written."""

    path: str
    record: dict[str, Any]
    state: WorkflowState
    warnings: list[Finding] = field(default_factory=list)


def approve(
    path: str | Path,
    request: ApproveRequest,
    roster: Roster,
    now: dt.datetime | None = None,
    display_path: str | None = None,
    dry_run: bool = False,
) -> ApproveResult:
    """Validate ``request`` against the card at ``path`` and append it
    (``dry_run``: validate only).

    Raises :class:`ApproveRefused` (file unchanged) when a rule forbids it.
    """
    target = Path(path)
    shown = display_path or str(path)
    for _attempt in range(3):
        try:
            data = target.read_bytes()
        except OSError as exc:
            raise ApproveRefused("input", f"cannot read card: {exc.strerror or exc}") from None
        new_bytes, result = prepare(data, shown, request, roster, now)
        if dry_run:
            return result
        with _locked(target):
            if target.read_bytes() != data:
                continue  # someone wrote meanwhile: validate again on their version
            atomic_write(target, new_bytes)
        return result
    raise ApproveRefused("concurrent", "the card kept changing while approving: try again")


def prepare(
    data: bytes,
    path: str,
    request: ApproveRequest,
    roster: Roster,
    now: dt.datetime | None = None,
) -> tuple[bytes, ApproveResult]:
    """Validate and render: the new file bytes and the result (nothing written)."""
    now = (now or dt.datetime.now(UTC)).astimezone(UTC)
    doc = Document.from_bytes(data, path)
    _require_editable(doc)
    card = load_card_from_document(doc)
    before = workflow_state(card, roster, now)
    record = build_record(request, roster, before, card_digest(doc), now)
    records, _ = read_records(card)
    candidate = make_record(record, len(records), 0)
    after = workflow_state(card, roster, now, extra=[candidate])
    errors = [f for f in candidate.problems if f.severity >= Severity.ERROR]
    if errors:
        first = errors[0]
        raise ApproveRefused(first.rule, first.message + (f" ({first.fix})" if first.fix else ""))
    new_bytes = append_record(doc, data, record)
    _verify(doc, new_bytes, record, len(records))
    warnings = [f for f in candidate.problems if f.severity < Severity.ERROR]
    return new_bytes, ApproveResult(path, record, after, warnings)


def build_record(
    request: ApproveRequest,
    roster: Roster,
    state: WorkflowState,
    digest: str,
    now: dt.datetime,
) -> dict[str, Any]:
    """The record to append, keys in the house order. Usage mistakes raise."""
    if request.stage not in S.RECORD_STAGES:
        raise ApproveRefused(
            "usage", f"unknown stage {request.stage!r}: {', '.join(S.RECORD_STAGES)}", usage=True
        )
    decision = request.decision or (
        S.ARCHIVED_DECISION if request.stage == S.ARCHIVE_STAGE else S.APPROVED
    )
    if decision not in S.RECORD_DECISIONS:
        raise ApproveRefused(
            "usage", f"unknown decision {decision!r}: {', '.join(S.RECORD_DECISIONS)}", usage=True
        )
    person = roster.get(request.by)
    if person is None:
        raise ApproveRefused(
            "workflow/unknown-person",
            f"{request.by!r} is not in the roster ({roster.path}): only roster members may decide",
        )
    if not person.active:
        raise ApproveRefused(
            "workflow/inactive-person",
            f"{request.by} is no longer active in the roster: they cannot record new decisions",
        )
    role = request.role or _pick_role(request, person.roles, state)
    if request.stage != "intake" and (request.assignee or request.priority):
        raise ApproveRefused(
            "usage", "--assignee/--priority belong to the intake stage", usage=True
        )
    if request.stage != "executive" and (request.audience or request.timeline):
        raise ApproveRefused(
            "usage", "--audience/--timeline belong to the executive stage", usage=True
        )
    if request.priority and request.priority not in S.PRIORITIES:
        raise ApproveRefused(
            "usage", f"--priority must be one of {', '.join(S.PRIORITIES)}", usage=True
        )
    if request.assignee:
        assignee = roster.get(request.assignee)
        if assignee is None or not assignee.holds(S.WORKER):
            raise ApproveRefused(
                "workflow/invalid-assignee",
                f"assignee {request.assignee!r} is not a publishing-worker in the roster",
            )
    at = (request.at or now).astimezone(UTC)
    record: dict[str, Any] = {
        "stage": request.stage,
        "role": role,
        "by": request.by,
        "decision": decision,
        "at": format_time(at),
        "digest": digest,
    }
    if request.assignee:
        record["assignee"] = request.assignee
    if request.priority:
        record["priority"] = request.priority
    if request.audience or request.timeline:
        release = {}
        if request.audience:
            release["audience"] = request.audience
        if request.timeline:
            release["timeline"] = request.timeline
        record["release"] = release
    if request.note:
        record["note"] = request.note
    return record


def _pick_role(request: ApproveRequest, roles: tuple[str, ...], state: WorkflowState) -> str:
    """The one role of the person that can decide this stage, or ask for --role."""
    allowed = set(S.roles_for_stage(request.stage))
    if state.next and state.next["stage"] == request.stage:
        allowed.add(state.next["role"])
    fit = [r for r in roles if r in allowed]
    if len(fit) == 1:
        return fit[0]
    if not fit:
        raise ApproveRefused(
            "workflow/wrong-role",
            f"{request.by} holds {', '.join(roles)}; the {request.stage} stage needs "
            f"{' or '.join(r for r in S.ROLES if r in allowed)}",
        )
    raise ApproveRefused(
        "usage",
        f"{request.by} holds several roles that can decide {request.stage} "
        f"({', '.join(fit)}): pass --role",
        usage=True,
    )


def _require_editable(doc: Document) -> None:
    if any(f.rule in ("input/binary", "input/encoding") for f in doc.findings):
        raise ApproveRefused("input", "the card is not valid UTF-8 text: fix its encoding first")
    if is_json(doc):
        raise ApproveRefused(
            "input",
            "approvals are recorded in Markdown (front-matter) or YAML cards, not JSON: "
            "convert the card with xdocs normalize first",
        )
    if approvals_block(doc) is None:
        raise ApproveRefused(
            "workflow/not-submitted",
            "the card has no front-matter: it is a draft, not yet submitted for review",
        )
    if doc.has_front_matter and doc.front_matter_error is not None:
        err = doc.front_matter_error
        raise ApproveRefused("metadata/yaml", f"line {err.line}: {err.message}", err.line)


# -- rendering --------------------------------------------------------------------------
def append_record(doc: Document, data: bytes, record: dict[str, Any]) -> bytes:
    """The file bytes with ``record`` appended to the approvals block."""
    block = approvals_block(doc)
    assert block is not None
    body = data[3:] if doc.had_bom else data
    chunks = _BREAK.split(body.decode("utf-8"))
    lines = chunks[0::2]  # line texts (file line n is lines[n-1])
    ends = chunks[1::2] + [""]  # the ending of each line ('' for the last)
    nl = doc.newline
    value = _approvals_value(doc)
    flow = block.present and _inline_value(lines[block.start - 1]) not in ("", None)
    if not block.present:
        new = ["approvals:", *_render_items([record], 2, 4)]
        at = block.region_end
        replace_from = at
    elif value is None and not flow:
        # `approvals:` with nothing after it: items go right after the block
        new = _render_items([record], 2, 4)
        at = replace_from = block.end
    elif value is None or flow:
        items = [*(_plain(v) for v in (value or [])), record]
        key = lines[block.start - 1].split(":", 1)[0]
        # flow style `approvals: []` or `approvals: ~`: rewrite the block in block style
        new = [f"{key}:", *_render_items(items, 2, 4)]
        replace_from, at = block.start - 1, block.end
    else:
        dash, key_col = _style(lines[block.start : block.end])
        new = _render_items([record], dash, key_col)
        at = replace_from = block.end
    if replace_from > 0 and ends[replace_from - 1] == "":
        ends[replace_from - 1] = nl  # the file had no final newline
    before = [t + e for t, e in zip(lines[:replace_from], ends[:replace_from], strict=True)]
    after = [t + e for t, e in zip(lines[at:], ends[at:], strict=True)]
    inserted = [t + nl for t in new]
    out = "".join(before + inserted + after).encode("utf-8")
    return (b"\xef\xbb\xbf" + out) if doc.had_bom else out


def _approvals_value(doc: Document) -> Any:
    """The parsed ``approvals`` value (plain data, fast loader)."""
    if doc.has_front_matter:
        fm = doc.front_matter_data
    else:
        from xdocs.document import parse_yaml

        fm, _ = parse_yaml(doc.text, doc.path, fast=True)
    return fm.get("approvals") if isinstance(fm, dict) else None


def _inline_value(key_line: str) -> str | None:
    """What follows ``approvals:`` on its own line, comment dropped ('' for
    nothing: a block-style list or a null value follows)."""
    rest = key_line.split(":", 1)[1] if ":" in key_line else ""
    rest = rest.strip()
    if rest.startswith("#"):
        return ""
    return re.split(r"\s+#", rest, maxsplit=1)[0].strip()


def _style(block_lines: list[str]) -> tuple[int, int]:
    """(dash column, key column) of the existing items (house default 2, 4)."""
    for line in block_lines:
        m = _ITEM.match(line)
        if m:
            return len(m.group(1)), len(m.group(1)) + 1 + len(m.group(2))
    return 2, 4


def _render_items(items: list[Any], dash: int, key_col: int) -> list[str]:
    """YAML lines of list items, dash at ``dash``, keys at ``key_col``."""
    yaml = make_yaml()
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump({"approvals": items}, buf)
    out = []
    for line in buf.getvalue().splitlines()[1:]:
        if line.startswith("  - "):
            out.append(" " * dash + "-" + " " * (key_col - dash - 1) + line[4:])
        elif line.startswith("    "):
            out.append(" " * key_col + line[4:])
        else:  # continuation of a multi-line scalar at a lower indent (not produced)
            out.append(line)
    return out


def _verify(doc: Document, new_bytes: bytes, record: dict[str, Any], count: int) -> None:
    """Re-parse the result: one more record, equal to ``record``; nothing else moved."""
    new_doc = Document.from_bytes(new_bytes, doc.path)
    value = _approvals_value(new_doc)
    ok = (
        isinstance(value, list)
        and len(value) == count + 1
        and _plain(value[-1]) == record
        and digest_text(new_doc) == digest_text(doc)
    )
    if not ok:
        raise ApproveRefused(
            "internal",
            "could not append the record without changing anything else "
            "(unusual approvals layout?): nothing written; append it with the house layout",
        )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return format_time(value)
    if isinstance(value, str):
        return str(value)
    return value


# -- writing ----------------------------------------------------------------------------
@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An advisory lock on the card while it is re-read and replaced (POSIX)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: re-read check only
        yield
        return
    with open(path, "rb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
