"""The review of draft lists: a school confirms, excludes with a reason, adds with evidence;
a county excludes with a reason too. Every step records the list's change (`_changes`): a
公示 that began before it no longer allows the approval."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Sum

from zizhu.aid._catalogue_store import catalogue_in_force
from zizhu.aid._changes import lists_changed
from zizhu.aid._rules_sql import amount_sql, fee_tables_create
from zizhu.aid._status_sql import APPROVED, CONFIRMED, DRAFT, HELD
from zizhu.aid.constants import EntitlementStatus, ExcludedBy
from zizhu.aid.models import Entitlement, SendBack
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.money import fen_to_yuan
from zizhu.core.scope import Level, Scope
from zizhu.core.tally import Tally, tally_check
from zizhu.registry.published_sql import enrolled_in_term
from zizhu.registry.selectors import term_facts


def _refused(message: str) -> Refused:
    return Refused(Code.REVIEW_REFUSED, message)


def _school_of(scope: Scope) -> str:
    """The school a review step acts for: a school's own officer only."""
    scope.write_required()
    if scope.level != Level.SCHOOL or not scope.school:
        raise Refused(Code.ROLE_FORBIDDEN, "只有学校资助专干可以审核本校名单")
    return scope.school


def confirm_tally(*, scope: Scope, term: str, program: str) -> Tally:
    """What confirming the school's drafts of a program would confirm."""
    school = _school_of(scope)
    found = Entitlement.objects.filter(
        term_id=term, school_id=school, program=program, status=EntitlementStatus.DRAFT
    ).aggregate(n=Count("id"), fen=Sum("amount_fen", default=0))
    return Tally(found["n"], int(found["fen"]))


def entitlements_confirm(
    *,
    scope: Scope,
    actor: str,
    term: str,
    program: str,
    entitlement_ids: list[int] | None = None,
    expected: Tally | None = None,
) -> int:
    """Confirm the school's drafts of a program (or the ones given, each of which must be a
    draft of the school's list); return how many. `expected`: what the officer was shown."""
    school = _school_of(scope)
    with transaction.atomic():
        drafts = Entitlement.objects.filter(
            term_id=term, school_id=school, program=program, status=EntitlementStatus.DRAFT
        )
        if entitlement_ids is not None:
            asked = set(entitlement_ids)
            drafts = drafts.filter(pk__in=asked)
            if drafts.count() != len(asked):
                raise Refused(Code.NOT_FOUND, "所选记录中有不属于本校本项目待审核名单的记录")
        found = drafts.aggregate(n=Count("id"), fen=Sum("amount_fen", default=0))
        tally_check(expected=expected, found=Tally(found["n"], int(found["fen"])))
        rows = list(drafts.values_list("pk", "county_id"))
        ids = [pk for pk, _ in rows]
        event = event_record(
            actor=actor,
            action="aid.confirm",
            subject=f"{term} {school} {program}",
            counts={"confirmed": len(ids)},
            detail={"entitlements": ids, "amount_fen": int(found["fen"])},
        )
        changed = Entitlement.objects.filter(pk__in=ids, status=EntitlementStatus.DRAFT).update(
            status=EntitlementStatus.CONFIRMED, event=event
        )
        lists_changed(term=term, event_id=event.pk, action=event.action, at=event.at,
                      lists={(county, program) for _, county in rows})  # fmt: skip
        # A list sent back is answered once none of the school's rows is left to confirm.
        if not Entitlement.objects.filter(
            term_id=term, school_id=school, program=program, status=EntitlementStatus.DRAFT
        ).exists():
            SendBack.objects.filter(
                term_id=term, school_id=school, program=program, answered_event__isnull=True
            ).update(answered_event=event, answered_by=actor)
        return changed


def _excluded_by(scope: Scope) -> str:
    scope.write_required()
    if scope.level == Level.SCHOOL:
        return ExcludedBy.SCHOOL
    if scope.level == Level.COUNTY:
        return ExcludedBy.COUNTY
    raise Refused(Code.ROLE_FORBIDDEN, "只有学校资助专干或县区资助办可以排除名单中的学生")


def entitlement_exclude(*, scope: Scope, actor: str, entitlement_id: int, reason: str) -> None:
    """Take a row off its list, with the reason: a school its own students', a county its
    county's."""
    by = _excluded_by(scope)
    reason = reason.strip()
    if not reason:
        raise Refused(Code.NOTE_REQUIRED, "排除学生必须填写原因")
    with transaction.atomic():
        row = Entitlement.objects.filter(scope.q(), pk=entitlement_id).first()
        if row is None:
            raise Refused(Code.NOT_FOUND, "没有这条名单记录")
        event = event_record(
            actor=actor,
            action="aid.exclude",
            subject=str(entitlement_id),
            counts={"excluded": 1},
            detail={"reason": reason, "by": by, "amount_fen": row.amount_fen},
        )
        changed = Entitlement.objects.filter(
            pk=entitlement_id,
            status__in=[EntitlementStatus.DRAFT, EntitlementStatus.CONFIRMED],
        ).update(
            status=EntitlementStatus.EXCLUDED, exclusion_reason=reason, excluded_by=by,
            event=event,
        )  # fmt: skip
        if changed != 1:
            raise _refused("只能排除待审核或学校已确认的名单记录（已审批的名单不能改动）")
        lists_changed(term=row.term_id, event_id=event.pk, action=event.action, at=event.at,
                      lists={(row.county_id, row.program)})  # fmt: skip


def entitlement_add(
    *, scope: Scope, actor: str, term: str, program: str, person_id: int, evidence: str
) -> Entitlement:
    """补录: add a student of the scope's school the rules did not find, with the evidence
    for it. The amount is the catalogue's standard for the student's enrolment."""
    school = _school_of(scope)
    evidence = evidence.strip()
    if not evidence:
        raise Refused(Code.NOTE_REQUIRED, "补录必须填写依据")
    policy = catalogue_in_force(term=term)
    rules = policy.program(program)
    (amount, amount_params), (label, label_params) = amount_sql(rules, term)
    with transaction.atomic():
        if Entitlement.objects.filter(term_id=term, person_id=person_id, program=program).exists():
            raise _refused("该学生在本学期已有此项目的名单记录")
        fee_tables_create(term)
        found = bulk.fetch_all(
            f"""
            SELECT e.id, e.admin_county_id, {amount}, {label} FROM registry_enrolment e
            JOIN registry_school s ON s.code = e.school_id
            LEFT JOIN hardship_studenthardship h
                ON h.term_id = e.term_id AND h.person_id = e.person_id
            LEFT JOIN ent_fee fee ON fee.school_id = e.school_id
            LEFT JOIN ent_cap cap ON cap.county_code = s.county_code
            WHERE e.school_id = %s AND e.person_id = %s AND {enrolled_in_term("e")}
            """,
            [*amount_params, *label_params, school, person_id, term],
        )
        bulk.execute("DROP TABLE ent_fee")
        bulk.execute("DROP TABLE ent_cap")
        if not found:
            raise _refused("该学生不在本校本学期的在读名册中，不能补录")
        enrolment_id, county, amount_fen, rule = found[0]
        if amount_fen is None:
            raise _refused("政策目录中没有适用于该学生的金额标准")
        if policy.yearly_cap_fen is not None:
            amount_fen = _within_cap(term, person_id, int(amount_fen), policy.yearly_cap_fen)
        event = event_record(
            actor=actor,
            action="aid.add",
            subject=f"{term} {school} {program}",
            counts={"added": 1},
            detail={"person": person_id, "evidence": evidence},
        )
        lists_changed(term=term, event_id=event.pk, action=event.action, at=event.at,
                      lists={(county, program)})  # fmt: skip
        return Entitlement.objects.create(
            term_id=term, person_id=person_id, program=program, enrolment_id=enrolment_id,
            school_id=school, county_id=county, amount_fen=amount_fen, rule=rule,
            catalogue=policy.source, manual=True, evidence=evidence, event=event,
        )  # fmt: skip


def _within_cap(term: str, person_id: int, amount_fen: int, cap_fen: int) -> int:
    """A 补录's amount cut to what the student's year has left under the yearly cap: the
    earlier terms' approved entitlements and this term's lists count first."""
    used = bulk.fetch_all(
        f"""
        SELECT COALESCE(SUM(a.amount_fen), 0) FROM aid_entitlement a
        JOIN registry_term t ON t.code = a.term_id
        WHERE a.person_id = %s AND t.year = %s AND (
            (a.term_id < %s AND a.status = {APPROVED})
            OR (a.term_id = %s AND a.status IN ({DRAFT}, {CONFIRMED}, {APPROVED}, {HELD})))
        """,
        [person_id, term_facts(term).year, term, term],
    )[0][0]
    left = cap_fen - int(used)
    if left <= 0:
        raise Refused(
            Code.CAP_REACHED,
            f"该学生本年度资助已达上限 {fen_to_yuan(cap_fen)} 元"
            f"（已享受 {fen_to_yuan(int(used))} 元），不能补录",
        )
    return min(amount_fen, left)
