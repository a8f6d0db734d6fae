"""Summarizing cards into portal entries, in this process or in worker processes.

One card becomes one :class:`~xdocs.portal.entries.CardEntry` (or one line saying
why it could not), judged with the portal's trust (roster and workflow settings,
:func:`xdocs.portal.site.load_portal_trust`); many cards are spread over worker
processes. Workers never open a card: they are given the bytes the store read
(and keyed its cache with), so the entry made from them is the entry of exactly
those bytes, even if the file is replaced meanwhile. Workers still get the read
policy explicitly (a worker started by ``spawn`` does not inherit the parent's
``input:`` settings), for whatever else a summary reads.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ProcessPoolExecutor
from typing import Any, NamedTuple

from xdocs.fileio import ReadPolicy, read_policy, set_read_policy
from xdocs.portal.entries import CardEntry

log = logging.getLogger("mkdocs.plugins.xdocs")

#: below this many cards to summarize, worker processes cost more than they save.
PARALLEL_MIN = 48

_TRUST: Any = None
_NOW: dt.datetime | None = None


class CardBytes(NamedTuple):
    """One card to summarize: its path as displayed and the bytes read from it."""

    display: str
    data: bytes


def summarize_cards(
    items: list[CardBytes], trust: Any, now: dt.datetime | None, jobs: int
) -> list[CardEntry | str]:
    """Each card's bytes → an entry or a problem line, in order."""
    if len(items) < PARALLEL_MIN or jobs < 2:
        _init_worker(trust, now)
        return _summarize_many(items)
    size = max(8, len(items) // (jobs * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    args = (trust, now, read_policy())
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=args) as ex:
        out: list[CardEntry | str] = []
        for part in ex.map(_summarize_many, chunks):
            out.extend(part)
    return out


def _init_worker(trust: Any, now: dt.datetime | None, policy: ReadPolicy | None = None) -> None:
    global _TRUST, _NOW
    if policy is not None:  # workers started by spawn do not inherit it
        set_read_policy(policy)
    _TRUST = trust
    _NOW = now


def _summarize(item: CardBytes) -> CardEntry | str:
    """One card's bytes → CardEntry, or an error message (never raises in a worker)."""
    from xdocs.card import load_card_from_document
    from xdocs.document import Document
    from xdocs.portal.entries import entry_from_card

    display = item.display
    try:
        card = load_card_from_document(Document.from_bytes(item.data, display))
        return entry_from_card(
            card, _TRUST.roster, source=display, now=_NOW, settings=_TRUST.settings
        )
    except Exception as exc:  # noqa: BLE001 - one bad card must not stop the portal
        log.debug("summarizing %s failed", display, exc_info=True)
        return f"{display}: cannot render this card ({type(exc).__name__}: {exc})"


def _summarize_many(items: list[CardBytes]) -> list[CardEntry | str]:
    return [_summarize(item) for item in items]
