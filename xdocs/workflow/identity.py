"""Who a card's ``owners`` and ``submitted_by`` entries name.

Self-approval is refused by comparing the decider with the card's owners and
submitter. People write those entries many ways (``priya.raman``,
``priya.raman@xalura.example``, ``Priya Raman <priya.raman@…>``,
``@priya.raman``, ``Priya Raman (priya.raman)``, a mapping of id/email/name),
and a contributor who wants to approve their own card writes them so that a
plain string comparison misses: a Cyrillic ``і`` in ``prіya.raman``, a
full-width letter, a zero-width space. So every entry is reduced to the
references it contains, and every reference and every roster id, email and
name to a *skeleton*: NFKC-normalized, case-folded, format characters
(zero-width spaces and joiners) removed, and each non-ASCII character that
looks like an ASCII one replaced by it (the confusables table of Unicode
TR39, through the ``confusable_homoglyphs`` package). Two strings with one
skeleton are the same person to this check, which errs on the side of
refusing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_ANGLE = re.compile(r"<([^<>]*)>")
_PAREN = re.compile(r"\(([^()]*)\)")


@lru_cache(maxsize=1)
def _ascii_lookalikes() -> dict[str, str]:
    """Non-ASCII character → the ASCII text it can be mistaken for."""
    from confusable_homoglyphs import confusables

    table: dict[str, str] = {}
    for char, glyphs in confusables.confusables_data.items():
        if char.isascii():
            continue
        for glyph in glyphs:
            text = glyph.get("c", "")
            if text and text.isascii() and text.isprintable():
                table[char] = text
                break
    return table


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """The form two look-alike spellings of one name share (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    table = _ascii_lookalikes()
    out = []
    for ch in folded:
        if unicodedata.category(ch) == "Cf":
            continue  # zero-width space, joiners, direction marks
        out.append(ch if ch.isascii() else table.get(ch, ch))
    skel = unicodedata.normalize("NFKC", "".join(out)).casefold()
    return " ".join(skel.split())


def references(entry: Any) -> list[str]:
    """Every reference to a person an owner/submitter entry holds: the whole
    text, an ``@id``'s id, the address in ``<…>``, the text in ``(…)`` and the
    name before either; for a mapping, its ``id``, ``email`` and ``name``."""
    if isinstance(entry, dict):
        out: list[str] = []
        for key in ("id", "email", "name", "github"):
            out.extend(references(entry.get(key)))
        return out
    if not isinstance(entry, str) or not entry.strip():
        return []
    text = entry.strip()
    refs = [text]
    refs.extend(m.group(1).strip() for m in _ANGLE.finditer(text))
    refs.extend(m.group(1).strip() for m in _PAREN.finditer(text))
    name = _PAREN.sub("", _ANGLE.sub("", text)).strip()
    if name and name != text:
        refs.append(name)
    refs.extend(r[1:] for r in list(refs) if r.startswith("@"))
    refs.extend(r[len("mailto:") :] for r in list(refs) if r.lower().startswith("mailto:"))
    return [r for r in dict.fromkeys(refs) if r]


def names(entry: Any, identifiers: Iterable[str]) -> bool:
    """Whether ``entry`` refers to a person known by ``identifiers`` (id,
    email, name), compared by skeleton."""
    wanted = {skeleton(i) for i in identifiers if i}
    return any(skeleton(ref) in wanted for ref in references(entry))
