"""A county sends a school's part of a list back with a note: the school's confirmed rows
and the ones it excluded go back to draft, and the school confirms the list again. The
send-back stays on the school's page as a to-do until then."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zizhu.aid._changes import lists_changed
from zizhu.aid.constants import EntitlementStatus, ExcludedBy
from zizhu.aid.models import Entitlement, SendBack
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.scope import Level, Scope


def list_send_back(
    *, scope: Scope, actor: str, term: str, program: str, school: str, note: str
) -> SendBack:
    scope.write_required()
    if scope.level != Level.COUNTY or not scope.county:
        raise Refused(Code.ROLE_FORBIDDEN, "只有县区资助办可以把名单退回学校")
    note = note.strip()
    if not note:
        raise Refused(Code.NOTE_REQUIRED, "退回学校须填写说明")
    with transaction.atomic():
        rows = Entitlement.objects.filter(term_id=term, school_id=school, program=program)
        own = rows.filter(scope.q())
        if not own.exists():
            if rows.exists():
                raise Refused(Code.SCOPE_OUTSIDE, "该学校的名单不在本县区的管辖范围内")
            raise Refused(Code.NOT_FOUND, "该学校在本学期没有这个项目的名单")
        school_excluded = own.filter(
            status=EntitlementStatus.EXCLUDED, excluded_by=ExcludedBy.SCHOOL
        )
        confirmed = own.filter(status=EntitlementStatus.CONFIRMED)
        reopened = list(confirmed.values_list("pk", flat=True))
        unexcluded = list(school_excluded.values_list("pk", "exclusion_reason"))
        if (
            not reopened
            and not unexcluded
            and not own.filter(status=EntitlementStatus.DRAFT).exists()
        ):
            raise Refused(Code.REVIEW_REFUSED, "该学校的名单已审批或已全部暂缓，没有可退回的记录")
        event = event_record(
            actor=actor,
            action="aid.send_back",
            subject=f"{term} {school} {program}",
            counts={"reopened": len(reopened) + len(unexcluded)},
            detail={"note": note, "confirmed": reopened,
                    "excluded": [[pk, reason] for pk, reason in unexcluded]},
        )  # fmt: skip
        back = Entitlement.objects.filter(pk__in=reopened, status=EntitlementStatus.CONFIRMED)
        count = back.update(status=EntitlementStatus.DRAFT, event=event)
        count += Entitlement.objects.filter(
            pk__in=[pk for pk, _ in unexcluded], status=EntitlementStatus.EXCLUDED
        ).update(status=EntitlementStatus.DRAFT, exclusion_reason="", excluded_by="", event=event)
        lists_changed(term=term, event_id=event.pk, action=event.action, at=event.at,
                      lists={(str(scope.county), program)})  # fmt: skip
        return SendBack.objects.create(
            term_id=term, county_id=scope.county, school_id=school, program=program, note=note,
            count=count, sent_by=actor, sent_at=timezone.now(), event=event,
        )  # fmt: skip
