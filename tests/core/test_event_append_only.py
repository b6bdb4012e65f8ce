"""The audit trail is append-only in the database itself: whatever the code does, an event
once written cannot be changed or removed."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from zizhu.core.events import event_record
from zizhu.core.models import Event

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_changed_or_deleted_through_the_orm():
    event = event_record(actor="test", action="aid.approve", subject="2019-2")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(actor="someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.get(pk=event.pk).actor == "test"


def test_an_event_cannot_be_changed_or_deleted_in_sql():
    event = event_record(actor="test", action="aid.approve", subject="2019-2")
    for sql in ("UPDATE core_event SET action = 'x' WHERE id = %s",
                "DELETE FROM core_event WHERE id = %s"):  # fmt: skip
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert Event.objects.get(pk=event.pk).action == "aid.approve"
