"""People handling a finding: a county hands it to a school with a note, the school answers,
the county (or the city) resolves it. Each step is a compare-and-swap on an open finding, a
line of its history (FindingNote) and an audit event, in one transaction.

Notes are free text typed by officers: any whole ID number or account typed into one is
masked before it is kept, so that neither the history nor the event holds one."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zizhu.audit.constants import FindingNoteKind, FindingStatus
from zizhu.audit.models import Finding, FindingNote
from zizhu.audit.selectors import _in_scope
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.masking import mask_text
from zizhu.core.scope import Level, Scope
from zizhu.registry.selectors import payee_enrolment, school_counties

NOTE_LIMIT = 500


def _note(text: str, *, what: str) -> str:
    note = text.strip()
    if not note:
        raise Refused(Code.NOTE_REQUIRED, f"{what}必须填写说明")
    if len(note) > NOTE_LIMIT:
        raise Refused(Code.TOO_LONG, f"{what}的说明不能超过 {NOTE_LIMIT} 个字")
    return mask_text(note)


def _open_finding(scope: Scope, finding_id: int) -> Finding:
    """The open finding, locked for this transaction; refused when it is not open or lies
    outside the scope (the two are not told apart)."""
    finding = (
        Finding.objects.select_for_update()
        .filter(_in_scope(scope), pk=finding_id, status=FindingStatus.OPEN)
        .first()
    )
    if finding is None:
        raise Refused(Code.FINDING_NOT_OPEN, "只能处理本辖区内待处理的问题")
    return finding


def _history(finding: Finding, kind: str, event: Any, *, note: str, school: str = "") -> None:
    """One line of the finding's history, as its event recorded it (who, when)."""
    FindingNote.objects.create(
        finding=finding, kind=kind, school=school, actor=event.actor, at=event.at, note=note,
        event=event,
    )  # fmt: skip


def finding_hand(*, scope: Scope, actor: str, finding_id: int, school: str, note: str) -> None:
    """Hand an open finding to a school, asking it something (the note). The school must be
    one where the finding's student is on the roll in the finding's term, inside the scope."""
    scope.write_required()
    if scope.level not in (Level.CITY, Level.COUNTY):
        raise Refused(Code.ROLE_FORBIDDEN, "只有市、县区资助部门可以把问题交给学校核查")
    note = _note(note, what="交学校核查")
    school = school.strip()
    with transaction.atomic():
        finding = _open_finding(scope, finding_id)
        if payee_enrolment(
            scope=scope, person_id=finding.person_id, term=finding.term_id, school=school
        ) is None:  # fmt: skip
            county = school_counties(codes={school}).get(school)
            if county is not None and not scope.covers(county=county, school=school):
                raise Refused(Code.SCOPE_OUTSIDE, "该学校不在您的管辖范围内")
            raise Refused(Code.FINDING_SCHOOL_INVALID, "只能交给该学生本学期就读、在您辖区内的学校")
        event = event_record(
            actor=actor, action="audit.hand", subject=str(finding.pk), counts={"handed": 1},
            detail={"school": school, "note": note},
        )  # fmt: skip
        changed = Finding.objects.filter(pk=finding.pk, status=FindingStatus.OPEN).update(
            handed_school=school
        )
        if changed != 1:
            raise Refused(Code.FINDING_NOT_OPEN, "只能处理本辖区内待处理的问题")
        _history(finding, FindingNoteKind.HANDED, event, note=note, school=school)


def finding_answer(*, scope: Scope, actor: str, finding_id: int, note: str) -> None:
    """A school's answer to a finding handed to it; the county then resolves it."""
    scope.write_required()
    if scope.level != Level.SCHOOL:
        raise Refused(Code.ROLE_FORBIDDEN, "只有被交办的学校可以答复问题")
    note = _note(note, what="答复")
    with transaction.atomic():
        finding = (
            Finding.objects.select_for_update()
            .filter(pk=finding_id, status=FindingStatus.OPEN, handed_school=scope.school)
            .first()
        )
        if finding is None:
            raise Refused(Code.FINDING_NOT_HANDED, "这个问题没有交给本校核查，或已处理")
        event = event_record(
            actor=actor, action="audit.answer", subject=str(finding.pk), counts={"answered": 1},
            detail={"school": scope.school, "note": note},
        )  # fmt: skip
        _history(finding, FindingNoteKind.ANSWERED, event, note=note, school=str(scope.school))


def finding_resolve(*, scope: Scope, actor: str, finding_id: int, note: str) -> None:
    """Resolve an open finding with a note; it comes back only if its facts change. A
    school answers a finding handed to it; resolving is the county's or the city's."""
    scope.write_required()
    if scope.level not in (Level.CITY, Level.COUNTY):
        raise Refused(Code.ROLE_FORBIDDEN, "学校不能处理问题，请答复后由县区处理")
    note = _note(note, what="处理问题")
    with transaction.atomic():
        finding = _open_finding(scope, finding_id)
        event = event_record(
            actor=actor, action="audit.resolve", subject=str(finding.pk),
            counts={"resolved": 1}, detail={"note": note},
        )  # fmt: skip
        changed = Finding.objects.filter(pk=finding.pk, status=FindingStatus.OPEN).update(
            status=FindingStatus.RESOLVED, resolved_by=actor, resolved_at=event.at,
            resolution_note=note,
        )  # fmt: skip
        if changed != 1:
            raise Refused(Code.FINDING_NOT_OPEN, "只能处理本辖区内待处理的问题")
        _history(finding, FindingNoteKind.RESOLVED, event, note=note)
