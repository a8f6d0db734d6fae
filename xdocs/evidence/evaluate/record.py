"""Record an evaluation in the card: ``reproduction:`` and ``bias_audit:``.

``xdocs evaluate --write`` writes what it found into the front-matter so that
the portal and the exporters can show it. Like ``xdocs approve`` it inserts
text and keeps every other byte: each block is rendered by ruamel.yaml and
put in place of the same key's old block (found with
:func:`xdocs.workflow.layout.key_block`), or, when the card has none, just
above ``approvals:`` (else at the end of the front-matter). Comments, key
order, quoting, a BOM and the file's line endings survive. The result is
re-parsed and checked (the new values as meant, every other key and the body
unchanged) and written atomically (:func:`xdocs.fileio.atomic_write`).

The approval digest covers everything but the approvals block, so recording
an evaluation changes the card's digest: approvals given before it become
stale. That is intended: the evaluation belongs before the decisions that
rely on it (the evaluation stage).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any

from xdocs import __version__
from xdocs.evidence.bias import Thresholds
from xdocs.evidence.evaluate.session import Outcome
from xdocs.evidence.hashing import sha256_path

KEYS = ("reproduction", "bias_audit")
_BREAK = re.compile(r"(\r\r\n|\r\n|\r|\n)")


class RecordError(Exception):
    """The record cannot be written (message says why); the card is untouched."""


def _rel(path: Path | None, base: Path) -> str | None:
    if path is None:
        return None
    try:
        return os.path.relpath(path, base).replace(os.sep, "/")
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_records(
    outcomes: list[Outcome], base: Path, thresholds: Thresholds, at: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The ``reproduction`` and ``bias_audit`` lists for the outcomes that worked."""
    at = at or _now()
    tool = f"xdocs {__version__}"
    reproduction: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    for o in outcomes:
        if o.failure is not None or o.preds is None:
            continue
        spec = o.spec
        preds_ref = _rel(o.predictions, base) if o.predictions else None
        preds_sha = sha256_path(o.predictions) if o.predictions else None
        if o.source == "produced":
            assert spec.artifact_path is not None and spec.data_path is not None
            entry: dict[str, Any] = {
                "artifact": spec.artifact,
                "artifact_sha256": sha256_path(spec.artifact_path),
                "data": spec.data,
                "data_sha256": sha256_path(spec.data_path),
            }
            if preds_ref:
                entry.update(predictions=preds_ref, predictions_sha256=preds_sha)
            entry.update(rows=o.preds.rows, task=o.task, by=tool, at=at)
            entry["metrics"] = [m.to_json() for m in o.metrics if m.value is not None]
            reproduction.append(entry)
        if o.audits:
            audit: dict[str, Any] = {"source": o.source}
            if spec.runs_model:
                audit["artifact"] = spec.artifact
            if preds_ref:
                audit.update(predictions=preds_ref, predictions_sha256=preds_sha)
            audit.update(
                rows=o.preds.rows, task=o.task, by=tool, at=at, thresholds=thresholds.to_json()
            )
            audit["columns"] = [a.to_json() for a in o.audits]
            audits.append(audit)
    out: dict[str, list[dict[str, Any]]] = {}
    if reproduction:
        out["reproduction"] = reproduction
    if audits:
        out["bias_audit"] = audits
    return out


# -- rendering ----------------------------------------------------------------------------
def render_block(key: str, value: Any) -> list[str]:
    """The block's lines: ``key:`` then a block-style list whose innermost records
    (metrics, groups, thresholds, flags) are one-line flow mappings, unless a value
    (a group name from the data can be anything) does not survive flow style, in
    which case the whole block is written in block style."""
    from xdocs.document import parse_yaml

    for flow in (True, False):
        lines = _render(key, value, flow)
        parsed, error = parse_yaml("\n".join(lines) + "\n", "<record>", fast=True)
        if error is None and isinstance(parsed, dict) and _plain(parsed.get(key)) == _plain(value):
            return lines
    raise RecordError("the evaluation's values cannot be written as YAML")


def _render(key: str, value: Any, flow: bool) -> list[str]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from xdocs.document import make_yaml

    def conv(v: Any, depth: int) -> Any:
        if isinstance(v, dict):
            m = CommentedMap((k, conv(x, depth + 1)) for k, x in v.items())
            if flow and depth >= 2 and not any(isinstance(x, (dict, list)) for x in v.values()):
                m.fa.set_flow_style()
            return m
        if isinstance(v, (list, tuple)):
            s = CommentedSeq(conv(x, depth + 1) for x in v)
            if flow and all(not isinstance(x, (dict, list)) for x in v):
                s.fa.set_flow_style()
            return s
        return v

    yaml = make_yaml()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    buf = io.StringIO()
    yaml.dump({key: conv(value, 0)}, buf)
    return buf.getvalue().splitlines()


# -- writing ------------------------------------------------------------------------------
def apply_records(data: bytes, path: str, records: dict[str, Any]) -> bytes:
    """The card's bytes with each block of ``records`` put in place. Raises RecordError."""
    from xdocs.document import Document

    doc = Document.from_bytes(data, path)
    for key, value in records.items():
        doc = Document.from_bytes(_put(doc, key, value), path)
    _verify(Document.from_bytes(data, path), doc, records)
    return doc.raw_bytes


def _put(doc: Any, key: str, value: Any) -> bytes:
    from xdocs.workflow.digest import is_json
    from xdocs.workflow.layout import LayoutError, key_block, yaml_region

    if any(f.rule in ("input/binary", "input/encoding") for f in doc.findings):
        raise RecordError("the card is not valid UTF-8 text: fix its encoding first")
    if is_json(doc):
        raise RecordError(
            "xdocs records evaluations in Markdown front-matter or YAML cards, "
            "not JSON: convert the card with xdocs normalize first"
        )
    if doc.has_front_matter and doc.front_matter_error is not None:
        err = doc.front_matter_error
        raise RecordError(f"line {err.line}: {err.message}")
    region = yaml_region(doc)
    if region is None:
        raise RecordError("the card has no front-matter to record the evaluation in")
    try:
        block, approvals = key_block(doc, key), key_block(doc, "approvals")
    except LayoutError as exc:
        raise RecordError(f"cannot place the record: {exc}") from None
    data: bytes = doc.raw_bytes
    body = data[3:] if doc.had_bom else data
    chunks = _BREAK.split(body.decode("utf-8"))
    lines, ends = chunks[0::2], [*chunks[1::2], ""]
    nl = doc.newline
    new = render_block(key, value)
    if block is not None:
        start, stop = block.line - 1, block.end
    elif approvals is not None:
        start = approvals.line - 1
        while start > region[0] - 1 and lines[start - 1].startswith("#"):
            start -= 1  # keep the comments above approvals: with approvals
        stop = start
    else:
        start = stop = region[1]
    if start > 0 and ends[start - 1] == "":
        ends[start - 1] = nl  # the YAML had no final newline
    before = [t + e for t, e in zip(lines[:start], ends[:start], strict=True)]
    after = [t + e for t, e in zip(lines[stop:], ends[stop:], strict=True)]
    text = "".join(before + [t + nl for t in new] + after)
    out = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + out) if doc.had_bom else out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _data(doc: Any) -> dict[str, Any]:
    if doc.has_front_matter:
        fm = doc.front_matter_data
    else:
        from xdocs.document import parse_yaml

        fm, _ = parse_yaml(doc.text, doc.path, fast=True)
    return _plain(fm) if isinstance(fm, dict) else {}


def _verify(old: Any, new: Any, records: dict[str, Any]) -> None:
    before, after = _data(old), _data(new)
    ok = all(after.get(k) == _plain(v) for k, v in records.items())
    rest_before = {k: v for k, v in before.items() if k not in records}
    rest_after = {k: v for k, v in after.items() if k not in records}
    ok = ok and rest_before == rest_after and list(rest_before) == list(rest_after)
    ok = ok and (not old.has_front_matter or old.body == new.body)
    if not ok:
        raise RecordError(
            "could not record the evaluation without changing anything else "
            "(unusual front-matter layout?): nothing written"
        )


def write_records(card_path: Path, display: str, records: dict[str, Any]) -> None:
    """Put ``records`` into the card file atomically (re-read under a lock first)."""
    from xdocs.fileio import atomic_write

    for _attempt in range(3):
        data = card_path.read_bytes()
        new = apply_records(data, display, records)
        with open(card_path, "rb") as fh:
            try:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows: re-read check only
                pass
            if card_path.read_bytes() != data:
                continue  # someone wrote meanwhile: render again on their version
            atomic_write(card_path, new)
            return
    raise RecordError("the card kept changing while recording: try again")
