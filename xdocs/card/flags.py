"""Evidence flags in a card's ``flags:`` list: one definition of *resolved*.

The risk pass reports open critical flags and the workflow refuses approvals
beyond evaluation while one is open; both ask :func:`flag_resolved`, so a flag
can never be open for one and resolved for the other.

A flag is resolved only by ``resolved: true`` (a YAML boolean) or a
``resolved_at`` that is a real date. Anything else (``resolved: "not yet"``,
``resolved: "no"``, a quoted ``"true"``, ``resolved_at: soon``) leaves it
open: a resolution is a decision, and an ambiguous one is not taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


def flag_resolved(entry: Mapping[str, Any]) -> bool:
    """Whether a flag mapping is resolved (see the module docstring)."""
    if entry.get("resolved") is True:
        return True
    return parse_date(entry.get("resolved_at")) is not None


def parse_date(value: Any) -> dt.datetime | None:
    """An ISO 8601 date or date-time (string or YAML timestamp) as aware UTC."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("z", "Z"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)
