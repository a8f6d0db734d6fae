"""The approval digest: what an approver approved.

A record's ``digest`` pins the version of the card it was given on. An edit
after approval changes the digest, so the approval no longer counts (it is
*stale*). Two definitions exist; records name theirs by prefix.

**v2** (``sha256v2:<hex>``, written by every ``xdocs approve`` since signed
approvals) hashes what the card *says*, not how its text is laid out: the
front-matter (or the whole YAML/JSON card) **parsed**, with YAML anchors,
aliases and merge keys resolved, minus the top-level ``approvals`` key, plus
the Markdown body (newline-normalized, one final newline). The parsed data is
encoded canonically with a type tag on every node (``["str", "1"]`` and
``["int", "1"]`` differ; so do a date and the same text quoted), mapping
pairs sorted. So:

* no edit that changes a value the card holds can keep the digest, wherever
  the value is written (an anchor defined inside ``approvals`` and aliased
  outside it is part of the value outside);
* appending records, re-indenting or re-quoting the YAML, comments in the
  front-matter, a BOM and line endings do not change it (none of them is
  content; comments are not rendered anywhere).

**v1** (``sha256:<hex>``, records written before v2) hashes the text without
the approvals block found by indentation. It verifies only when the card's
layout is *sound*: no anchors or aliases anywhere, and removing the block
from the text leaves exactly the data without ``approvals``. On any other
layout (an indented front-matter whose "block" swallows later keys, an alias
into the block) a v1 digest proves nothing, and the record is treated as
given on another version (stale). Keep v1 only to verify old records; write v2.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from xdocs.document import Document

V1 = "sha256:"
V2 = "sha256v2:"
PREFIX = V2
_HEX = re.compile(r"^[0-9a-f]{64}$")
_DOMAIN_V2 = b"xdocs card digest v2\n"


class DigestError(ValueError):
    """The card's data cannot be hashed canonically (a recursive alias)."""


# -- v2 -------------------------------------------------------------------------------
def canonical(value: Any) -> Any:
    """A JSON-encodable, type-tagged form of parsed YAML/JSON data.

    Every node is ``[tag, payload]`` so that values of different types never
    encode alike; mappings are pairs sorted by their encoded key. Recursive
    structures (a YAML alias to its own ancestor) raise :class:`DigestError`.
    """
    return _canon(value, set())


def _canon(value: Any, stack: set[int]) -> Any:
    if value is None:
        return ["null"]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", str(int(value))]
    if isinstance(value, float):
        f = float(value)
        return ["float", repr(f) if math.isfinite(f) else str(f)]
    if isinstance(value, str):
        return ["str", str(value)]
    if isinstance(value, dt.datetime):
        return ["timestamp", value.isoformat()]
    if isinstance(value, dt.date):
        return ["date", value.isoformat()]
    if isinstance(value, bytes | bytearray):
        return ["binary", base64.b64encode(bytes(value)).decode("ascii")]
    if isinstance(value, dict | list | tuple | set):
        key = id(value)
        if key in stack:
            raise DigestError("a YAML alias refers to its own ancestor (recursive data)")
        stack.add(key)
        try:
            if isinstance(value, dict):
                pairs = [[_canon(k, stack), _canon(v, stack)] for k, v in value.items()]
                pairs.sort(key=lambda p: _dumps(p[0]))
                return ["map", pairs]
            items = [_canon(v, stack) for v in value]
            if isinstance(value, set):
                items.sort(key=_dumps)
                return ["set", items]
            return ["seq", items]
        finally:
            stack.discard(key)
    return ["other", type(value).__name__, str(value)]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class CardContent:
    """What v2 hashes: the card's data (without ``approvals``) and its body."""

    kind: str  # markdown | yaml | json
    data: Any
    body: str
    #: the YAML/JSON did not parse: the raw text stands in for the data.
    unparsed: str | None = None


def card_content(document: Document) -> CardContent:
    """Split a card into parsed data and body (the v2 digest's input)."""
    if is_json(document):
        try:
            data: Any = json.loads(document.text)
        except ValueError:
            return CardContent("json", None, "", unparsed=document.text)
        return CardContent("json", _without_approvals(data), "")
    if document.has_front_matter:
        body = document.body.rstrip("\n") + "\n"
        if document.front_matter_error is not None:
            return CardContent("markdown", None, body, unparsed=document.front_matter_text)
        return CardContent("markdown", _without_approvals(document.front_matter_data), body)
    if is_yaml(document):
        data, err = _parse_fast(document.text, document.path)
        if err:
            return CardContent("yaml", None, "", unparsed=document.text)
        return CardContent("yaml", _without_approvals(data), "")
    return CardContent("markdown", None, document.text.rstrip("\n") + "\n")


def _without_approvals(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if k != "approvals"}
    return data


def card_digest(document: Document) -> str:
    """``sha256v2:<hex>`` of what the card says, without its approvals."""
    content = card_content(document)
    payload = {
        "kind": content.kind,
        "data": canonical(content.data),
        "body": content.body,
        "unparsed": content.unparsed,
    }
    h = hashlib.sha256(_DOMAIN_V2 + _dumps(payload).encode("utf-8", "surrogatepass"))
    return V2 + h.hexdigest()


# -- which version a record's digest is -----------------------------------------------------
def normalize_digest(value: Any) -> str | None:
    """A record's digest as ``sha256:<hex>`` (v1) or ``sha256v2:<hex>`` (v2);
    None when it is neither. A bare 64-hex value is read as v1."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    for prefix in (V2, V1):
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            return prefix + rest if _HEX.match(rest) else None
    return V1 + text if _HEX.match(text) else None


class DigestMatcher:
    """Answers "was this digest given on the card as it is now?" for one card,
    computing each definition at most once."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._v2: str | None = None
        self._v1: str | None | bool = False  # False: not computed; None: unsound layout

    @property
    def current(self) -> str:
        """The v2 digest of the card now (what a new record carries)."""
        if self._v2 is None:
            self._v2 = card_digest(self.document)
        return self._v2

    @property
    def current_v1(self) -> str | None:
        """The v1 digest of the card now, or None when the layout makes v1 unsound."""
        if self._v1 is False:
            self._v1 = card_digest_v1(self.document) if v1_is_sound(self.document) else None
        return self._v1  # type: ignore[return-value]

    def matches(self, digest: str | None) -> bool:
        if digest is None:
            return False
        if digest.startswith(V2):
            return digest == self.current
        return self.current_v1 is not None and digest == self.current_v1

    def v1_unsound(self, digest: str | None) -> bool:
        """A v1 digest that could match the text but cannot vouch for this layout."""
        return (
            digest is not None
            and digest.startswith(V1)
            and self.current_v1 is None
            and digest == card_digest_v1(self.document)
        )


# -- v1 (kept to verify records written before v2) -------------------------------------------
@dataclass(frozen=True)
class ApprovalsBlock:
    """Where a top-level key's block is, in 1-based file lines.

    ``start``/``end`` are inclusive (both 0 when the card has no such key);
    ``region_start``/``region_end`` bound the YAML that holds it.
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


def is_yaml(document: Document) -> bool:
    return not document.has_front_matter and document.path.lower().endswith((".yaml", ".yml"))


def yaml_region(document: Document) -> tuple[int, int] | None:
    """(first, last) file lines of the YAML that holds ``approvals``, or None
    (a Markdown card without front-matter, a JSON card)."""
    if document.has_front_matter:
        return document.front_matter_start_line, document.front_matter_end_line - 1
    if is_yaml(document):
        return 1, document.line_count
    return None


def v1_key_block(document: Document, key: str) -> ApprovalsBlock | None:
    """The v1 definition of a key's block, by indentation: the key's column-0
    line and every following line that is blank, indented, a comment or a
    zero-indented ``-`` item, up to the next top-level key (blank lines and
    column-0 comments at the end go to what follows). Sound only for the
    layouts :func:`v1_is_sound` accepts; :mod:`xdocs.workflow.layout` finds
    blocks from the parsed YAML instead."""
    region = yaml_region(document)
    if region is None:
        return None
    first, last = region
    lines = document.lines
    start = _v1_key_line(document, key, first, last)
    if start == 0:
        return ApprovalsBlock(0, 0, first, last)
    end = start
    k = start + 1
    while k <= last:
        line = lines[k - 1]
        if line.rstrip() in ("---", "..."):
            break
        if line.strip() == "" or line.startswith("#"):
            k += 1
            continue
        if line[0] in " \t" or line.startswith("-"):
            end = k
            k += 1
            continue
        break
    return ApprovalsBlock(start, end, first, last)


def _v1_key_line(document: Document, key: str, first: int, last: int) -> int:
    """v1's line of a top-level key, exactly as v1 found it: the one column-0
    ``key:`` line, else ruamel's position (which, in an indented
    front-matter, is where v1's block began to swallow later keys)."""
    pattern = re.compile(r"^(?:KEY|\"KEY\"|'KEY')\s*:(?:\s|$)".replace("KEY", re.escape(key)))
    if document.has_front_matter:
        data = document.front_matter_data
    else:
        data, _ = _parse_fast(document.text, document.path)
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
                return int(lc.key(key)[0]) + first
            except (KeyError, TypeError):
                pass
    return candidates[0] if candidates else 0


def digest_text_v1(document: Document) -> str:
    """The exact text v1 hashes."""
    block = v1_key_block(document, "approvals")
    if block is None or not block.present:
        text = document.text
    else:
        lines = document.lines
        text = "\n".join(lines[: block.start - 1] + lines[block.end :])
    return text.rstrip("\n") + "\n"


def card_digest_v1(document: Document) -> str:
    """``sha256:<hex>``: the v1 digest (JSON cards: canonical JSON without approvals)."""
    if is_json(document):
        try:
            data: Any = json.loads(document.text)
        except ValueError:
            return V1 + hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        canon = json.dumps(
            _without_approvals(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return V1 + hashlib.sha256(canon.encode("utf-8")).hexdigest()
    return V1 + hashlib.sha256(digest_text_v1(document).encode("utf-8")).hexdigest()


def v1_is_sound(document: Document) -> bool:
    """Whether a v1 digest can vouch for this card: JSON cards always; YAML
    and front-matter only without anchors/aliases and when the text without
    the v1 block parses to exactly the data without ``approvals``."""
    if is_json(document):
        return True
    region = yaml_region(document)
    if region is None:
        return True
    first, last = region
    yaml_text = "\n".join(document.lines[first - 1 : last]) + "\n"
    if _has_anchors_or_aliases(yaml_text):
        return False
    data, err = _parse_fast(yaml_text, document.path)
    if err:
        return False
    block = v1_key_block(document, "approvals")
    if block is None or not block.present:
        return True
    kept = document.lines[first - 1 : block.start - 1] + document.lines[block.end : last]
    rest, err = _parse_fast("\n".join(kept) + "\n", document.path)
    if err:
        return False
    try:
        return canonical(rest or {}) == canonical(_without_approvals(data) or {})
    except DigestError:
        return False


def _parse_fast(text: str, path: str) -> tuple[Any, bool]:
    from xdocs.document import parse_yaml

    data, err = parse_yaml(text, path, fast=True)
    return data, err is not None


@functools.lru_cache(maxsize=256)
def _has_anchors_or_aliases(text: str) -> bool:
    """Whether the YAML defines an anchor or uses an alias (from the parser's
    events, so an ``&`` inside a quoted string is not one). Memoized by text: the
    language server re-reads a card on every keystroke, and the front-matter
    rarely changes between them (a pure event scan was a sixth of its time)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import AliasEvent

    try:
        for event in YAML(typ="safe", pure=True).parse(io.StringIO(text)):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                return True
    except (YAMLError, ValueError):
        return True
    return False
