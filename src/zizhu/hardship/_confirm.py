"""An officer confirms that a list record with a differing name is the student."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zizhu.core.events import event_record
from zizhu.hardship.models import NameConfirmation, NameMismatch


class MismatchNotFound(Exception):
    """No such name mismatch is waiting for review."""


def name_mismatch_confirm(*, actor: str, mismatch_id: int, note: str = "") -> NameConfirmation:
    """Confirm one NAME_MISMATCH. The category it gives applies from the next `entitle`,
    and for every later list version with the same pair of names."""
    with transaction.atomic():
        mismatch = NameMismatch.objects.select_related("person").filter(pk=mismatch_id).first()
        if mismatch is None or mismatch.person.id_number is None:
            raise MismatchNotFound(f"没有待确认的姓名不一致记录：{mismatch_id}")
        event = event_record(
            actor=actor,
            action="hardship.name_confirm",
            subject=mismatch.person.id_number,
            counts={"confirmed": 1},
            detail={
                "term": mismatch.term_id,
                "source_record": mismatch.source_record_id,
                "list_name": mismatch.list_name,
                "student_name": mismatch.student_name,
                "note": note,
            },
        )
        confirmation, _ = NameConfirmation.objects.get_or_create(
            id_number=mismatch.person.id_number,
            list_name=mismatch.list_name,
            student_name=mismatch.student_name,
            defaults={
                "confirmed_by": actor,
                "confirmed_at": timezone.now(),
                "note": note,
                "event": event,
            },
        )
        return confirmation
