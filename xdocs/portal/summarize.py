"""Summarizing cards into portal entries, in this process or in worker processes.

One card becomes one :class:`~xdocs.portal.entries.CardEntry` (or one line saying
why it could not); many cards are spread over worker processes, each of which
loads the roster once. Workers get the read policy explicitly: a worker started
by ``spawn`` does not inherit the parent's ``input:`` settings.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from xdocs.fileio import ReadPolicy, read_policy, set_read_policy
from xdocs.portal.entries import CardEntry

log = logging.getLogger("mkdocs.plugins.xdocs")

#: below this many cards to summarize, worker processes cost more than they save.
PARALLEL_MIN = 48

_ROSTER: Any = None
_NOW: dt.datetime | None = None


def summarize_cards(
    items: list[tuple[str, str]], roster_path: str | None, now: dt.datetime | None, jobs: int
) -> list[CardEntry | str]:
    """``[(path, display)]`` → an entry or a problem line each, in order."""
    if len(items) < PARALLEL_MIN or jobs < 2:
        _init_worker(roster_path, now)
        return _summarize_many(items)
    size = max(8, len(items) // (jobs * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    args = (roster_path, now, read_policy())
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=args) as ex:
        out: list[CardEntry | str] = []
        for part in ex.map(_summarize_many, chunks):
            out.extend(part)
    return out


def load_roster_or_empty(roster_path: str | None) -> Any:
    """The roster at ``roster_path``, or an empty one when there is none."""
    from xdocs.workflow.roster import Roster, load_roster

    if roster_path and Path(roster_path).is_file():
        return load_roster(roster_path)
    return Roster()


def _init_worker(
    roster_path: str | None, now: dt.datetime | None, policy: ReadPolicy | None = None
) -> None:
    global _ROSTER, _NOW
    if policy is not None:  # workers started by spawn do not inherit it
        set_read_policy(policy)
    _ROSTER = load_roster_or_empty(roster_path)
    _NOW = now


def _summarize(path: str, display: str) -> CardEntry | str:
    """One card → CardEntry, or an error message (never raises in a worker)."""
    from xdocs.card import load_card
    from xdocs.document import ReadError
    from xdocs.portal.entries import entry_from_card

    try:
        card = load_card(path, display)
        return entry_from_card(card, _ROSTER, source=display, now=_NOW)
    except ReadError as exc:
        return f"{display}: {exc}"
    except Exception as exc:  # noqa: BLE001 - one bad card must not stop the portal
        log.debug("summarizing %s failed", display, exc_info=True)
        return f"{display}: cannot render this card ({type(exc).__name__}: {exc})"


def _summarize_many(items: list[tuple[str, str]]) -> list[CardEntry | str]:
    return [_summarize(p, d) for p, d in items]
