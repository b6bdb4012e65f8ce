"""Writing audit events. Call inside the transaction of the change being recorded."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zizhu.core.models import Event


def event_record(
    *,
    actor: str,
    action: str,
    subject: str = "",
    counts: dict[str, int] | None = None,
    detail: dict[str, Any] | None = None,
) -> Event:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("an audit event must be written in the transaction of its change")
    return Event.objects.create(
        actor=actor, action=action, subject=subject, counts=counts or {}, detail=detail or {}
    )
