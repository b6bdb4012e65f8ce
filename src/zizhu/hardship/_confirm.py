"""An officer confirms that a list record with a differing name is the student."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.scope import Scope
from zizhu.hardship.models import NameConfirmation, NameMismatch
from zizhu.hardship.selectors import name_mismatch_in_scope


def name_mismatch_confirm(
    *, scope: Scope, actor: str, mismatch_id: int, note: str = ""
) -> NameConfirmation:
    """Confirm one NAME_MISMATCH of a student in scope. The category it gives applies from the
    next `entitle`, and for every later list version with the same pair of names. The event
    names the person by key: an ID number is never written into the audit trail."""
    with transaction.atomic():
        mismatch = NameMismatch.objects.select_related("person").filter(pk=mismatch_id).first()
        if (
            mismatch is None
            or mismatch.person.id_number is None
            or not name_mismatch_in_scope(scope=scope, mismatch_id=mismatch_id)
        ):
            raise Refused(Code.MISMATCH_NOT_FOUND, f"没有待确认的姓名不一致记录：{mismatch_id}")
        event = event_record(
            actor=actor,
            action="hardship.name_confirm",
            subject=f"person:{mismatch.person_id}",
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
