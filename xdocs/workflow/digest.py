"""The approval digest: what an approver signed.

Definition (a contract: records written today must verify in a year):

* **Markdown cards** (house cards and Hugging Face READMEs): take the decoded,
  newline-normalized text (:attr:`Document.text`: BOM dropped, CRLF/CR turned
  into ``\\n``), remove the *approvals block* (below), end the remainder
  with exactly one ``\\n`` (a missing or doubled final newline is an
  editor's whim, not an edit), and hash its UTF-8 bytes with SHA-256.
  Everything else counts: the body, every other front-matter key, comments,
  blank lines, the fences.
* **YAML cards**: the same, over the whole file.
* **JSON cards**: the canonical JSON of the document without its top-level
  ``approvals`` key (``sort_keys``, no whitespace, UTF-8), because JSON
  formatting is not something a reviewer reads.

The *approvals block* is the top-level ``approvals:`` key line, its value
lines and the comments and blank lines among them: every following line that
is blank, indented, a comment or a zero-indented ``-`` sequence entry, up to
the next top-level key, document marker or the end of the YAML. Blank lines
and column-0 comments at the *end* of that run are given back to what follows
(they introduce the next key). The key's line comes from ruamel.yaml's own
positions, so an ``approvals:`` inside a block scalar is never mistaken for it.

Because appending a record (or creating the key) only adds lines inside the
block, it never changes the digest of earlier records; an edit anywhere else
(body, other metadata, even a comment outside the block) does. Line-ending
conversions (git ``autocrlf``) and a BOM do not.

Written as ``sha256:<64 hex>``; a bare 64-hex value is accepted on read.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from xdocs.document import Document

PREFIX = "sha256:"
_HEX = re.compile(r"^[0-9a-f]{64}$")
_DASH = re.compile(r"^( *)-(?:\s|$)")


@dataclass(frozen=True)
class ApprovalsBlock:
    """Where the approvals block is, in 1-based file lines.

    ``start``/``end`` are inclusive (both 0 when the card has no block);
    ``region_end`` is the last line of the YAML region, after which a new
    ``approvals:`` key is inserted when the card has none.
    """

    start: int
    end: int
    region_start: int
    region_end: int

    @property
    def present(self) -> bool:
        return self.start > 0


def is_json(document: Document) -> bool:
    """JSON cards are hashed canonically (their formatting is not content)."""
    return document.path.lower().endswith(".json") or (
        not document.has_front_matter and document.text.lstrip().startswith("{")
    )


def yaml_region(document: Document) -> tuple[int, int] | None:
    """(first, last) file lines of the YAML that holds ``approvals``, or None
    (a Markdown card without front-matter, a JSON card)."""
    if document.has_front_matter:
        return 2, document.front_matter_end_line - 1
    if document.path.lower().endswith((".yaml", ".yml")):
        return 1, document.line_count
    return None


def approvals_block(document: Document) -> ApprovalsBlock | None:
    """Locate the approvals block of a Markdown or YAML card (None: no YAML)."""
    return key_block(document, "approvals")


def key_block(document: Document, key: str) -> ApprovalsBlock | None:
    """Locate the block of a top-level key (``approvals``, ``flags``)."""
    region = yaml_region(document)
    if region is None:
        return None
    first, last = region
    lines = document.lines
    start = _key_line(document, key, first, last)
    if start == 0:
        return ApprovalsBlock(0, 0, first, last)
    end = start
    k = start + 1
    while k <= last:
        line = lines[k - 1]
        if line.rstrip() in ("---", "..."):
            break
        if line.strip() == "" or line.startswith("#"):
            # blank lines and column-0 comments belong to the block only when
            # a value line follows them (else they introduce the next key).
            k += 1
            continue
        if line[0] in " \t" or line.startswith("-"):
            end = k
            k += 1
            continue
        break
    return ApprovalsBlock(start, end, first, last)


def item_lines(document: Document, block: ApprovalsBlock) -> list[int]:
    """First file line of each item of a block-style sequence in ``block``
    (``[]`` for a flow-style or empty value): the ``-`` lines at the
    indentation of the first one."""
    if not block.present:
        return []
    out: list[int] = []
    dash: int | None = None
    for n in range(block.start + 1, block.end + 1):
        m = _DASH.match(document.line_text(n))
        if m and (dash is None or len(m.group(1)) == dash):
            dash = len(m.group(1))
            out.append(n)
    return out


def _key_line(document: Document, key: str, first: int, last: int) -> int:
    """File line of a top-level key (0 when absent), without a round-trip parse.

    The parsed data says whether the key exists; the line is the one column-0
    ``key:`` line of the YAML (a top-level key cannot hide in a block scalar,
    whose lines are indented). Only when that is ambiguous does ruamel's
    round-trip parse (slow) say which line it is.
    """
    pattern = re.compile(r"^(?:KEY|\"KEY\"|'KEY')\s*:(?:\s|$)".replace("KEY", re.escape(key)))
    if document.has_front_matter:
        data = document.front_matter_data
    else:
        from xdocs.document import parse_yaml

        data, _ = parse_yaml(document.text, document.path, fast=True)
    candidates = [n for n in range(first, last + 1) if pattern.match(document.line_text(n))]
    if isinstance(data, dict):
        if key not in data:
            return 0
        if len(candidates) == 1:
            return candidates[0]
        rt = document.front_matter if document.has_front_matter else None
        lc = getattr(rt, "lc", None)
        if lc is not None:
            try:
                return lc.key(key)[0] + first
            except (KeyError, TypeError):
                pass
    # Unparseable YAML: the first column-0 ``key:`` line, as a human reads it.
    return candidates[0] if candidates else 0


def digest_text(document: Document) -> str:
    """The exact text that is hashed (see the module docstring)."""
    block = approvals_block(document)
    if block is None or not block.present:
        text = document.text
    else:
        lines = document.lines
        text = "\n".join(lines[: block.start - 1] + lines[block.end :])
    return text.rstrip("\n") + "\n"


def card_digest(document: Document) -> str:
    """``sha256:<hex>`` of the card without its approvals block."""
    if is_json(document):
        return PREFIX + _json_digest(document.text)
    return PREFIX + hashlib.sha256(digest_text(document).encode("utf-8")).hexdigest()


def _json_digest(text: str) -> str:
    try:
        data: Any = json.loads(text)
    except ValueError:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "approvals"}
    canon = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def normalize_digest(value: Any) -> str | None:
    """A record's digest as ``sha256:<hex>`` (None when it is not one)."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    return PREFIX + text if _HEX.match(text) else None
