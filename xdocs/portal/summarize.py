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
from typing import TYPE_CHECKING, Any, NamedTuple

from xdocs.fileio import ReadPolicy, read_policy, set_read_policy
from xdocs.portal.entries import CardEntry

if TYPE_CHECKING:
    from xdocs.lint.results import PlainCardResult
    from xdocs.lint.session import LintSession

log = logging.getLogger("mkdocs.plugins.xdocs")

#: below this many cards to summarize, worker processes cost more than they save.
PARALLEL_MIN = 48

_TRUST: Any = None
_NOW: dt.datetime | None = None
_LINT: LintSession | None = None


class CardBytes(NamedTuple):
    """One card to summarize: its path as displayed and the bytes read from it.

    ``lint_key``: also lint the card (preview with lint on) from the Document the
    summary parsed, under this lint cache key; None: summarize only.
    """

    display: str
    data: bytes
    lint_key: str | None = None


class Summary(NamedTuple):
    """A card's entry (or the line saying why there is none) and, when asked, its lint
    result as plain data (:class:`~xdocs.lint.results.PlainCardResult`)."""

    entry: CardEntry | str
    lint: PlainCardResult | None = None


def summarize_cards(
    items: list[CardBytes],
    trust: Any,
    now: dt.datetime | None,
    jobs: int,
    lint: LintSession | None = None,
) -> list[Summary]:
    """Each card's bytes → an entry or a problem line (and its lint result when the
    item asks and ``lint`` is given), in order."""
    if len(items) < PARALLEL_MIN or jobs < 2:
        _init_worker(trust, now, None, lint)
        return _summarize_many(items)
    size = max(8, len(items) // (jobs * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    args = (trust, now, read_policy(), lint)
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=args) as ex:
        out: list[Summary] = []
        for part in ex.map(_summarize_many, chunks):
            out.extend(part)
    return out


def _init_worker(
    trust: Any,
    now: dt.datetime | None,
    policy: ReadPolicy | None = None,
    lint: LintSession | None = None,
) -> None:
    global _TRUST, _NOW, _LINT
    if policy is not None:  # workers started by spawn do not inherit it
        set_read_policy(policy)
    _TRUST = trust
    _NOW = now
    _LINT = lint
    if lint is not None:
        from xdocs.lint.session import prepare_worker

        prepare_worker(lint)


def _summarize(item: CardBytes) -> Summary:
    """One card's bytes → CardEntry, or an error message (never raises in a worker)."""
    from xdocs.card import load_card_from_document
    from xdocs.document import Document
    from xdocs.portal.entries import entry_from_card

    display = item.display
    try:
        card = load_card_from_document(Document.from_bytes(item.data, display))
    except Exception as exc:  # noqa: BLE001 - one bad card must not stop the portal
        log.debug("reading %s failed", display, exc_info=True)
        return Summary(f"{display}: cannot render this card ({type(exc).__name__}: {exc})")
    lint = None
    if item.lint_key is not None and _LINT is not None:
        from xdocs.lint.results import LoadedCard
        from xdocs.lint.session import lint_loaded_card

        # before the summary: the passes see the card exactly as `xdocs check` loads it
        lint = lint_loaded_card(LoadedCard(display, item.lint_key, card))
    try:
        entry = entry_from_card(
            card, _TRUST.roster, source=display, now=_NOW, settings=_TRUST.settings
        )
    except Exception as exc:  # noqa: BLE001 - one bad card must not stop the portal
        log.debug("summarizing %s failed", display, exc_info=True)
        return Summary(f"{display}: cannot render this card ({type(exc).__name__}: {exc})", lint)
    return Summary(entry, lint)


def _summarize_many(items: list[CardBytes]) -> list[Summary]:
    return [_summarize(item) for item in items]
