"""Reads of the review: each school's part of a list, the lists sent back, the 公示 records,
and what an approval would take. Re-exported by `zizhu.aid.selectors`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zizhu.aid._approval_plan import ListPlan, list_plans
from zizhu.aid._catalogue_store import catalogue_in_force
from zizhu.aid._publicity import publicity_end
from zizhu.aid.constants import COUNTED, EntitlementStatus
from zizhu.aid.models import Entitlement, Publicity, SendBack
from zizhu.core.scope import Scope


def approval_plans(
    *, scope: Scope, term: str, program: str | None, today: dt.date | None = None
) -> list[ListPlan]:
    """What approving the scope's lists (of one program, or all) would take, list by list."""
    scope.students_required()
    return list_plans(
        scope=scope, term=term, program=program, policy=catalogue_in_force(term=term),
        today=today or timezone.localdate(),
    )  # fmt: skip


@dataclass(frozen=True)
class SchoolPart:
    """One school's part of a list (or of all its lists, program ""), by state."""

    school: str
    name: str
    county: str
    program: str
    draft: int
    confirmed: int
    excluded: int
    held: int
    approved: int
    counted: int  # draft, confirmed and approved: the 人数 of every page
    counted_fen: int
    sent_back: list[SendBackRow]

    @property
    def state(self) -> str:
        """The part's state in words."""
        if self.sent_back:
            return "已退回学校，待重新确认"
        if self.draft:
            return "待学校确认"
        if self.confirmed:
            return "学校已确认，待县区审批"
        if self.approved:
            return "已审批"
        return "无待审核记录"


@dataclass(frozen=True)
class SendBackRow:
    id: int
    term: str
    school: str
    school_name: str
    program: str
    note: str
    count: int
    sent_by: str
    sent_at: dt.datetime
    answered: bool


def send_backs(
    *, scope: Scope, term: str, program: str | None = None, open_only: bool = True
) -> list[SendBackRow]:
    """Lists sent back to the scope's schools, newest first."""
    rows = SendBack.objects.filter(scope.q(), term_id=term)
    if program:
        rows = rows.filter(program=program)
    if open_only:
        rows = rows.filter(answered_event__isnull=True)
    return [
        SendBackRow(s.pk, s.term_id, s.school_id, s.school.name, s.program, s.note, s.count,
                    s.sent_by, s.sent_at, s.answered_event_id is not None)
        for s in rows.select_related("school").order_by("-sent_at", "-pk")
    ]  # fmt: skip


def school_parts(*, scope: Scope, term: str, program: str | None = None) -> list[SchoolPart]:
    """Per school and program in scope: its rows by state, and the lists sent back to it."""
    rows = Entitlement.objects.filter(scope.q(), term_id=term)
    if program:
        rows = rows.filter(program=program)

    def status(code: str) -> Count:
        return Count("id", filter=Q(status=code))

    grouped = (
        rows.values("school_id", "school__name", "county_id", "program")
        .annotate(
            draft=status(EntitlementStatus.DRAFT), confirmed=status(EntitlementStatus.CONFIRMED),
            excluded=status(EntitlementStatus.EXCLUDED), held=status(EntitlementStatus.HELD),
            approved=status(EntitlementStatus.APPROVED),
            counted=Count("id", filter=Q(status__in=COUNTED)),
            counted_fen=Sum("amount_fen", filter=Q(status__in=COUNTED), default=0),
        )
        .order_by("school_id", "program")
    )  # fmt: skip
    open_backs: dict[tuple[str, str], list[SendBackRow]] = {}
    for back in send_backs(scope=scope, term=term, program=program):
        open_backs.setdefault((back.school, back.program), []).append(back)
    return [
        SchoolPart(
            g["school_id"],
            g["school__name"],
            g["county_id"],
            g["program"],
            g["draft"],
            g["confirmed"],
            g["excluded"],
            g["held"],
            g["approved"],
            g["counted"],
            int(g["counted_fen"]),
            open_backs.get((g["school_id"], g["program"]), []),
        )  # fmt: skip
        for g in grouped
    ]


@dataclass(frozen=True)
class PublicityRow:
    id: int
    county: str
    county_name: str
    program: str  # "" for every program of the county
    start: dt.date
    end: dt.date  # the last of the catalogue's working days
    working_days: int
    on_paper: bool
    recorded_by: str
    recorded_on: dt.date
    recorded_at: dt.datetime
    state: str
    closed_by: str
    closed_note: str
    used: bool  # an approval relied on it: it can no longer be corrected or withdrawn


def publicity_rows(*, scope: Scope, term: str, program: str | None = None) -> list[PublicityRow]:
    """The 公示 records of the scope's counties (a school: its own county's) for the program
    (with those for every program), newest first, closed ones included."""
    records = Publicity.objects.filter(term_id=term)
    counties = scope.county_codes()
    if counties is not None:
        records = records.filter(county_id__in=counties)
    if program:
        records = records.filter(program__in=[program, ""])
    policy = catalogue_in_force(term=term)
    used = set(records.filter(approvals__isnull=False).values_list("pk", flat=True).distinct())
    return [
        PublicityRow(
            p.pk,
            p.county_id,
            p.county.name,
            p.program,
            p.start_date,
            publicity_end(policy, p.start_date),
            policy.publicity_working_days,
            p.on_paper,
            p.recorded_by,
            p.recorded_on,
            p.event.at,
            p.state,
            p.closed_by,
            p.closed_note,
            p.pk in used,
        )  # fmt: skip
        for p in records.select_related("county", "event").order_by("-pk")
    ]
