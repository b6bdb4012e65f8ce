"""Reading the audit trail (read-only: events are never changed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from zizhu.core.actions import Action
from zizhu.core.masking import mask_text
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
    """Events newest first. `action`: one action of the vocabulary, or the beginning of
    actions (`import.`); `actor`: the beginning of the user name, whatever door it came
    through (`county881` finds `web:county881`, `cli:` every command-line run). Whole ID
    numbers and accounts in subjects and details (events written before they were kept out)
    come masked."""
    events = Event.objects.all()
    if action in Action.values:
        events = events.filter(action=action)
    elif action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(Q(actor__startswith=actor) | Q(actor__contains=f":{actor}"))
    total = events.count()
    return EventPage(
        total=total,
        rows=[
            EventRow(
                e.pk, e.at, e.actor, e.action, mask_text(e.subject), e.counts, _masked(e.detail)
            )  # fmt: skip
            for e in events.order_by("-id")[offset : offset + limit]
        ],
    )


def _masked(value: Any) -> Any:
    """A JSON value with every whole ID number and account in its texts masked."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value


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


def event_newest_id(*, actions: Sequence[str], subject: str, after: int = 0) -> int | None:
    """The id of the newest event of one of `actions` about `subject` (newer than event
    `after`, if given), or None: "was this user name locked, and has anything ended the lock
    since?" """
    events = Event.objects.filter(action__in=list(actions), subject=subject)
    if after:
        events = events.filter(id__gt=after)
    return events.order_by("-id").values_list("id", flat=True).first()
