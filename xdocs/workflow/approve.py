"""``xdocs approve``: validate a decision, sign it, then append it to the card.

Validate first: the new record goes through the same walk as ``xdocs check``
(:func:`xdocs.workflow.state.workflow_state` with the record appended); any
error refuses it with that rule's message and the file is not touched.

Sign: with a key (``--key``, else git's SSH ``user.signingkey``) the record is
signed with ``ssh-keygen -Y sign`` (:mod:`xdocs.workflow.signature`) after the
key is checked to be one of the approver's roster keys, and the signature is
verified before anything is written. With ``workflow.signatures: required``
a decision without a usable key is refused.

Then append, keeping every other byte (:mod:`xdocs.workflow.append`): the
result is re-parsed and must hold exactly the old data with one more record,
the same digest, and every byte outside the approvals block unchanged; any
other outcome refuses the layout and writes nothing.

Write atomically: a temporary file in the card's folder, fsync, then
``os.replace``; a symlink or anything but a regular file is refused, never
replaced. Concurrency: just before replacing, under an advisory lock, the
file is read again; if it changed since validation the whole approval is
re-validated on the new content (up to three times).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xdocs.card import load_card_from_document
from xdocs.document import Document
from xdocs.fileio import atomic_write
from xdocs.findings import Finding, Severity
from xdocs.workflow import stages as S
from xdocs.workflow.append import LayoutRefused, append_record, verify_append
from xdocs.workflow.digest import DigestError, card_digest, is_json
from xdocs.workflow.layout import yaml_region
from xdocs.workflow.records import UTC, format_time, make_record, read_records
from xdocs.workflow.roster import Person, Roster
from xdocs.workflow.settings import WorkflowSettings
from xdocs.workflow.signature import (
    VERIFIED,
    SigningError,
    git_signing_key,
    public_key_of,
    sign_payload,
    signed_payload,
    verify_record,
)
from xdocs.workflow.state import WorkflowState, workflow_state


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
    #: the SSH key to sign with (private key file, or a .pub whose key is in
    #: ssh-agent); None: git's ``user.signingkey`` when ``gpg.format`` is ssh
    key: str | None = None


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
    settings: WorkflowSettings | None = None,
) -> ApproveResult:
    """Validate ``request`` against the card at ``path``, sign it and append it
    (``dry_run``: validate only, nothing signed or written).

    Raises :class:`ApproveRefused` (file unchanged) when a rule forbids it.
    """
    target = Path(path)
    shown = display_path or str(path)
    for _attempt in range(3):
        data = read_card_bytes(target)
        new_bytes, result = prepare(data, shown, request, roster, now, settings, dry_run=dry_run)
        if dry_run:
            return result
        with _locked(target):
            if read_card_bytes(target) != data:
                continue  # someone wrote meanwhile: validate again on their version
            atomic_write(target, new_bytes)
        return result
    raise ApproveRefused("concurrent", "the card kept changing while approving: try again")


def read_card_bytes(target: Path, limit: int | None = None) -> bytes:
    """The card's bytes, refusing what is not a regular file: a symlink is
    never followed (nor replaced by the write), a FIFO or device never read,
    and the read is bounded (``input.max_card_bytes``), through the same
    reader as every other command (:func:`xdocs.fileio.read_regular_file`).
    Each refusal is an input error (``usage``: exit 2, docs/cli.md), not a
    refused decision."""
    from xdocs.fileio import UnsafeFile, read_regular_file

    if not os.path.lexists(target):
        raise ApproveRefused("input", "no such file: check the path", usage=True)
    if os.path.islink(target):
        where = os.readlink(target)
        raise ApproveRefused(
            "input",
            f"the card is a symlink (to {where}): approve the file itself, never a link",
            usage=True,
        )
    try:
        return read_regular_file(target, limit)
    except UnsafeFile as exc:
        kind = "not a regular file" if exc.kind == "special" else exc.message
        message = f"{kind}: approvals go into card files only"
        raise ApproveRefused("input", message, usage=True) from None
    except OSError as exc:
        message = f"cannot read card: {exc.strerror or exc}"
        raise ApproveRefused("input", message, usage=True) from None


def prepare(
    data: bytes,
    path: str,
    request: ApproveRequest,
    roster: Roster,
    now: dt.datetime | None = None,
    settings: WorkflowSettings | None = None,
    *,
    dry_run: bool = False,
) -> tuple[bytes, ApproveResult]:
    """Validate, sign and render: the new file bytes and the result (nothing written)."""
    now = (now or dt.datetime.now(UTC)).astimezone(UTC)
    settings = settings or WorkflowSettings()
    doc = Document.from_bytes(data, path)
    _require_editable(doc)
    card = load_card_from_document(doc)
    before = workflow_state(card, roster, now, settings=settings)
    try:
        digest = card_digest(doc)
    except DigestError as exc:
        raise ApproveRefused("metadata/yaml", f"cannot compute the card's digest: {exc}") from None
    record = build_record(request, roster, before, digest, now)
    person = roster.get(request.by)
    assert person is not None
    key = None if dry_run else _signing_key(request, person, settings, record)
    records, _ = read_records(card)
    candidate = make_record(record, len(records), 0)
    candidate.pending_signature = key is not None or dry_run
    workflow_state(card, roster, now, extra=[candidate], settings=settings)
    errors = [f for f in candidate.problems if f.severity >= Severity.ERROR]
    if errors:
        first = errors[0]
        raise ApproveRefused(first.rule, first.message + (f" ({first.fix})" if first.fix else ""))
    if key is not None:
        try:
            record["signature"] = sign_payload(signed_payload(record), key)
        except SigningError as exc:
            raise ApproveRefused("workflow/signature", str(exc), usage=True) from None
        verdict = verify_record(record, person.keys, make_record(record, 0).at)
        if verdict.status != VERIFIED:
            raise ApproveRefused(
                "workflow/signature", f"the new signature does not verify: {verdict.reason}"
            )
    try:
        new_bytes = append_record(doc, data, record)
        verify_append(doc, data, new_bytes, record, len(records))
    except LayoutRefused as exc:
        raise ApproveRefused(
            "workflow/layout",
            f"cannot append a record to this card's front-matter safely ({exc}): nothing was "
            "written; write `approvals:` as a block list of records (see docs/workflow.md)",
        ) from None
    written = load_card_from_document(Document.from_bytes(new_bytes, path))
    final = workflow_state(written, roster, now, settings=settings)
    line = final.timeline[-1].line if final.timeline else 0
    # warnings the new record causes, at the line `xdocs status` will show
    before_keys = {(f.rule, f.message) for f in before.findings}
    warnings = [
        f
        for f in final.findings
        if f.severity < Severity.ERROR and (f.rule, f.message) not in before_keys
    ]
    warnings += [replace(f, line=line) for f in candidate.problems if f.severity < Severity.ERROR]
    return new_bytes, ApproveResult(path, record, final, warnings)


def _signing_key(
    request: ApproveRequest, person: Person, settings: WorkflowSettings, record: dict[str, Any]
) -> str | None:
    """The key to sign with, checked to be one of the approver's roster keys
    valid at the record's date; None when the record goes unsigned (allowed
    only when signatures are not required)."""
    key = request.key or git_signing_key()
    if key is None:
        if settings.signatures_required:
            raise ApproveRefused(
                "workflow/signature",
                "this project requires signed approvals (workflow.signatures: required): "
                "pass --key ~/.ssh/id_ed25519, or set git config gpg.format ssh and "
                "user.signingkey",
                usage=True,
            )
        return None
    try:
        public = public_key_of(key)
    except (SigningError, ValueError) as exc:
        raise ApproveRefused("workflow/signature", str(exc), usage=True) from None
    held = next((k for k in person.keys if k.blob == public.blob), None)
    if held is None:
        raise ApproveRefused(
            "workflow/signature",
            f"key {public.fingerprint} ({key}) is not one of {person.id}'s keys in the roster: "
            "add the public key to the roster through a reviewed change first",
            usage=True,
        )
    why = held.valid_at(make_record(record, 0).at)
    if why:
        raise ApproveRefused("workflow/signature", f"{why}: sign with a current key", usage=True)
    return key


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
    if yaml_region(doc) is None:
        raise ApproveRefused(
            "workflow/not-submitted",
            "the card has no front-matter: it is a draft, not yet submitted for review",
        )
    if doc.has_front_matter and doc.front_matter_error is not None:
        err = doc.front_matter_error
        raise ApproveRefused("metadata/yaml", f"line {err.line}: {err.message}", err.line)
    if not doc.has_front_matter:
        from xdocs.document import parse_yaml

        _, err = parse_yaml(doc.text, doc.path, fast=True)
        if err is not None:
            raise ApproveRefused("metadata/yaml", f"line {err.line}: {err.message}", err.line)


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
