"""Reading the audit trail (read-only: events are never changed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zizhu.core.models import Event


@dataclass(frozen=True)
class EventRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    subject: str
    counts: dict[str, int]
    detail: dict[str, Any]


@dataclass(frozen=True)
class EventPage:
    total: int
    rows: list[EventRow]


def event_rows(
    *, action: str = "", actor: str = "", offset: int = 0, limit: int = 100
) -> EventPage:
    """Events newest first, filtered by the beginning of their action and actor."""
    events = Event.objects.all()
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor__startswith=actor)
    total = events.count()
    return EventPage(
        total=total,
        rows=[
            EventRow(e.pk, e.at, e.actor, e.action, e.subject, e.counts, e.detail)
            for e in events.order_by("-id")[offset : offset + limit]
        ],
    )


def data_version(*, ignoring: tuple[str, ...] = ()) -> str:
    """A token that changes whenever the data does: every change records an event in its own
    transaction, so the newest event names the state. Events whose action begins with one of
    `ignoring` (sign-ins, downloads, refused imports) change nothing a reader sees. The id
    alone could come back after a rollback (tests, SQLite), so its time is part of the token."""
    events = Event.objects.all()
    for prefix in ignoring:
        events = events.exclude(action__startswith=prefix)
    newest = events.order_by("-id").values_list("id", "at").first()
    return "empty" if newest is None else f"{newest[0]}-{newest[1].timestamp()}"
