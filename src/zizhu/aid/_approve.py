"""Publicity (公示) and the county's approval, which freezes a list.

An approval needs a 公示 that began at least the catalogue's number of working days before
(5 in 2019): one recorded in the system, or one held on paper whose start date is given.
If any list asked for lacks one, nothing is approved. Approval is a compare-and-swap on the
entitlements' status: of two approvals of one list at once, one takes the rows, the other
finds none left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from zizhu.aid.catalogue import catalogue_for_term
from zizhu.aid.constants import APPROVABLE, EntitlementStatus
from zizhu.aid.models import Approval, Entitlement, Publicity
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.scope import Level, Scope


@dataclass(frozen=True)
class ListApproval:
    county: str
    program: str
    publicity_start: dt.date
    count: int
    amount_fen: int


def _county_of(scope: Scope) -> str:
    """The county a 公示 is recorded for: a county's own officer (or an operator acting for
    one county)."""
    if scope.level != Level.COUNTY or not scope.county:
        raise Refused(Code.ROLE_FORBIDDEN, "只有县区资助办可以登记本县区的公示")
    return scope.county


def publicity_record(
    *,
    scope: Scope,
    actor: str,
    term: str,
    start_date: dt.date,
    program: str = "",
    on_paper: bool = False,
) -> Publicity:
    county = _county_of(scope)
    with transaction.atomic():
        event = event_record(
            actor=actor,
            action="aid.publicity",
            subject=f"{term} {county} {program or '全部项目'}",
            detail={"start_date": start_date.isoformat(), "on_paper": on_paper},
        )
        return Publicity.objects.create(
            term_id=term, county_id=county, program=program, start_date=start_date,
            on_paper=on_paper, recorded_by=actor, event=event,
        )  # fmt: skip


def approve(
    *,
    scope: Scope,
    actor: str,
    term: str,
    program: str | None = None,
    publicity_start: dt.date | None = None,
    today: dt.date | None = None,
) -> list[ListApproval]:
    """Approve the draft lists of the scope's counties (a county, or every county for the
    city); return what each approval took."""
    if scope.level not in (Level.CITY, Level.COUNTY):
        raise Refused(Code.ROLE_FORBIDDEN, "只有县区资助办可以审批名单")
    policy = catalogue_for_term(term)
    today = today or timezone.localdate()
    with transaction.atomic():
        _serialize_approvals()
        pending = Entitlement.objects.filter(scope.q(), term_id=term, status__in=APPROVABLE)
        if program:
            pending = pending.filter(program=program)
        totals = {
            (row["county_id"], row["program"]): (row["n"], row["fen"])
            for row in pending.values("county_id", "program").annotate(
                n=Count("id"), fen=Sum("amount_fen")
            )
        }
        starts: dict[tuple[str, str], dt.date] = {}
        for key in sorted(totals):
            start = _publicity_start(term, *key, publicity_start)
            if start is None:
                raise Refused(
                    Code.APPROVAL_NO_PUBLICITY,
                    f"{key[0]} {key[1]} 没有公示记录：请先公示，或给出纸质公示的开始日期",
                )
            days = policy.working_days(start, today)
            if days < policy.publicity_working_days:
                raise Refused(
                    Code.APPROVAL_PUBLICITY_SHORT,
                    f"{key[0]} {key[1]} 的公示自 {start} 起只有 {days} 个工作日，"
                    f"须满 {policy.publicity_working_days} 个工作日才能审批",
                )
            starts[key] = start
        event = event_record(
            actor=actor,
            action="aid.approve",
            subject=term,
            counts={"lists": len(starts), "entitlements": sum(n for n, _ in totals.values())},
            detail={"lists": [[c, p, n, fen] for (c, p), (n, fen) in sorted(totals.items())],
                    "publicity_start": publicity_start.isoformat() if publicity_start else None},
        )  # fmt: skip
        return [
            _approve_list(term, list_county, list_program, start, actor, event.pk, publicity_start)
            for (list_county, list_program), start in starts.items()
        ]


def _serialize_approvals() -> None:
    """Two approvals at once must not both count the same rows: on PostgreSQL they queue on
    this lock; SQLite already runs one writing transaction at a time."""
    if bulk.vendor() == "postgresql":
        bulk.execute("LOCK TABLE aid_approval IN SHARE ROW EXCLUSIVE MODE")


def _publicity_start(term: str, county: str, program: str, given: dt.date | None) -> dt.date | None:
    if given is not None:
        return given
    latest = (
        Publicity.objects.filter(term_id=term, county_id=county, program__in=[program, ""])
        .order_by("-start_date")
        .first()
    )
    return latest.start_date if latest else None


def _approve_list(
    term: str,
    county: str,
    program: str,
    start: dt.date,
    actor: str,
    event_id: int,
    paper_start: dt.date | None,
) -> ListApproval:
    if paper_start is not None:
        Publicity.objects.create(
            term_id=term, county_id=county, program=program, start_date=paper_start,
            on_paper=True, recorded_by=actor, event_id=event_id,
        )  # fmt: skip
    approval = Approval.objects.create(
        term_id=term, county_id=county, program=program, publicity_start=start,
        approved_by=actor, approved_at=timezone.now(), count=0, amount_fen=0, event_id=event_id,
    )  # fmt: skip
    taken = bulk.execute(
        """
        UPDATE aid_entitlement SET status = %s, approval_id = %s, event_id = %s
        WHERE term_id = %s AND county_id = %s AND program = %s AND status IN (%s, %s)
        """,
        [EntitlementStatus.APPROVED, approval.pk, event_id, term, county, program, *APPROVABLE],
    )
    amount = bulk.fetch_all(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM aid_entitlement WHERE approval_id = %s",
        [approval.pk],
    )[0][0]
    Approval.objects.filter(pk=approval.pk).update(count=taken, amount_fen=amount)
    _freeze_evidence(approval.pk)
    return ListApproval(county, program, start, taken, int(amount))


def _freeze_evidence(approval_id: int) -> None:
    """Keep the grounds of each approved entitlement as they were when it was approved."""
    bulk.execute(
        """
        INSERT INTO aid_entitlementevidence
            (entitlement_id, category, source_record_id, hardship_level)
        SELECT a.id, c.category, c.source_record_id, COALESCE(h.level, '')
        FROM aid_entitlement a
        JOIN hardship_studentcategory c ON c.term_id = a.term_id AND c.person_id = a.person_id
        LEFT JOIN hardship_studenthardship h
            ON h.term_id = a.term_id AND h.person_id = a.person_id
        WHERE a.approval_id = %s
        """,
        [approval_id],
    )
    bulk.execute(
        """
        INSERT INTO aid_entitlementevidence
            (entitlement_id, category, source_record_id, hardship_level)
        SELECT a.id, '', NULL, COALESCE(h.level, '')
        FROM aid_entitlement a
        LEFT JOIN hardship_studenthardship h
            ON h.term_id = a.term_id AND h.person_id = a.person_id
        WHERE a.approval_id = %s AND NOT EXISTS (
            SELECT 1 FROM hardship_studentcategory c
            WHERE c.term_id = a.term_id AND c.person_id = a.person_id)
        """,
        [approval_id],
    )
