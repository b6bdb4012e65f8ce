"""The county's approval, which freezes a list.

A list is approved when its school confirmed it (or the county chooses to approve the rows
no school confirmed, recorded in the event with their count and ids) and its 公示 began
after the list's last change and lasted the catalogue's working days (`_publicity`). If any
list asked for fails, nothing is approved. Approval is a compare-and-swap on the
entitlements' status, and approvals queue one behind the other: of two approvals of one
list at once, one takes the rows, the other finds none left (and, asked with the counts its
officer saw, refuses). The approval keeps the catalogue version it was made under: the audit
judges the list by it for good.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zizhu.aid._approval_plan import ListPlan, list_plans
from zizhu.aid._catalogue_store import catalogue_in_force
from zizhu.aid._publicity import publicity_verdict
from zizhu.aid.catalogue import Catalogue
from zizhu.aid.constants import APPROVABLE, EntitlementStatus
from zizhu.aid.models import Approval, CatalogueVersion, Publicity
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.scope import Level, Scope
from zizhu.core.tally import NOTHING, Tally, tally_check
from zizhu.registry.selectors import term_facts


@dataclass(frozen=True)
class ListApproval:
    county: str
    program: str
    publicity_start: dt.date
    count: int
    amount_fen: int


def approve(
    *,
    scope: Scope,
    actor: str,
    term: str,
    program: str | None = None,
    publicity_start: dt.date | None = None,
    today: dt.date | None = None,
    with_unconfirmed: bool = False,
    expected: Tally | None = None,
) -> list[ListApproval]:
    """Approve the lists of the scope's counties (a county, or every county for the city);
    return what each approval took.

    publicity_start: a 公示 held on paper, given at the approval (it is recorded, as held on
    paper, and is the one the approval relies on). with_unconfirmed: the county's explicit
    choice to approve rows no school confirmed (未经学校确认一并审批); without it they refuse
    the approval. expected: what the officer was shown (人数, 金额) before approving."""
    scope.write_required()
    if scope.level not in (Level.CITY, Level.COUNTY):
        raise Refused(Code.ROLE_FORBIDDEN, "只有县区资助办可以审批名单")
    year = term_facts(term).year  # an unknown term is refused as such, before its catalogue
    policy = catalogue_in_force(term=term)
    policy.calendar_required(year)
    version = CatalogueVersion.objects.get(version=int(policy.version or 0))
    today = today or timezone.localdate()
    with transaction.atomic():
        _serialize_approvals()
        plans = list_plans(scope=scope, term=term, program=program, policy=policy, today=today)
        for plan in plans:
            if plan.unconfirmed.count and not with_unconfirmed:
                raise Refused(Code.APPROVAL_UNCONFIRMED, unconfirmed_message(plan))
        taking = sum((p.taking(with_unconfirmed=with_unconfirmed) for p in plans), NOTHING)
        tally_check(expected=expected, found=taking)
        if publicity_start is not None:
            plans = [_on_paper(plan, term, publicity_start, actor, today, policy) for plan in plans]
        for plan in plans:
            if plan.verdict.code is not None:
                raise Refused(plan.verdict.code, plan.verdict.message)
        event = event_record(
            actor=actor,
            action="aid.approve",
            subject=term,
            counts={"lists": len(plans), "entitlements": taking.count,
                    "unconfirmed": sum(p.unconfirmed.count for p in plans)
                    if with_unconfirmed else 0},
            detail={**_event_detail(plans, term, with_unconfirmed, publicity_start),
                    "catalogue_version": version.version},
        )  # fmt: skip
        return [
            _approve_list(term, plan, actor, event.pk, with_unconfirmed, version) for plan in plans
        ]


def unconfirmed_message(plan: ListPlan) -> str:
    named = plan.unconfirmed_schools
    schools = "、".join(f"{s.name} {s.count} 人" for s in named[:10])
    more = f"等 {len(named)} 所学校" if len(named) > 10 else ""
    return (
        f"{plan.names}有 {plan.unconfirmed.count} 人未经学校确认（{schools}{more}）：请等学校"
        "确认后再审批，或选择“未经学校确认一并审批”"
    )


def _serialize_approvals() -> None:
    """Two approvals at once must not both count the same rows: on PostgreSQL they queue on
    this lock; SQLite already runs one writing transaction at a time."""
    if bulk.vendor() == "postgresql":
        bulk.execute("LOCK TABLE aid_approval IN SHARE ROW EXCLUSIVE MODE")


def _on_paper(
    plan: ListPlan, term: str, start: dt.date, actor: str, today: dt.date, policy: Catalogue
) -> ListPlan:
    """Record the paper 公示 given at the approval for the list; judge the list by it alone."""
    event = event_record(
        actor=actor,
        action="aid.publicity",
        subject=f"{term} {plan.county} {plan.program}",
        detail={"start_date": start.isoformat(), "on_paper": True,
                "recorded_on": today.isoformat(), "given_at_approval": True},
    )  # fmt: skip
    paper = Publicity.objects.create(
        term_id=term, county_id=plan.county, program=plan.program, start_date=start,
        on_paper=True, recorded_by=actor, recorded_on=today, event=event,
    )  # fmt: skip
    verdict = publicity_verdict(
        term=term, county=plan.county, program=plan.program, policy=policy,
        today=today, names=plan.names, given=paper,
    )  # fmt: skip
    return dataclasses.replace(plan, verdict=verdict)


def _event_detail(
    plans: list[ListPlan], term: str, with_unconfirmed: bool, paper: dt.date | None
) -> dict[str, object]:
    publicities = []
    for plan in plans:
        used = plan.verdict.publicity
        assert used is not None and plan.verdict.end is not None
        publicities.append({
            "county": plan.county, "program": plan.program, "id": used.pk,
            "start": used.start_date.isoformat(), "end": plan.verdict.end.isoformat(),
            "on_paper": used.on_paper, "recorded_by": used.recorded_by,
            "recorded_on": used.recorded_on.isoformat(),
        })  # fmt: skip
    unconfirmed = [
        {"county": p.county, "program": p.program, "count": p.unconfirmed.count,
         "amount_fen": p.unconfirmed.amount_fen, "ids": _draft_id_runs(term, p)}
        for p in plans
        if with_unconfirmed and p.unconfirmed.count
    ]  # fmt: skip
    taking = [(p, p.taking(with_unconfirmed=with_unconfirmed)) for p in plans]
    return {
        "lists": [[p.county, p.program, t.count, t.amount_fen] for p, t in taking],
        "publicity": publicities,
        "with_unconfirmed": with_unconfirmed,
        "unconfirmed": unconfirmed,
        "publicity_start": paper.isoformat() if paper else None,
    }


def _draft_id_runs(term: str, plan: ListPlan) -> list[list[int]]:
    """The ids of the list's drafts as runs of consecutive ids, [first, last] each: a county's
    list is tens of thousands of rows, mostly inserted together, so a few runs."""
    rows = bulk.fetch_all(
        """
        SELECT MIN(id), MAX(id) FROM (
            SELECT id, id - ROW_NUMBER() OVER (ORDER BY id) AS run FROM aid_entitlement
            WHERE term_id = %s AND county_id = %s AND program = %s AND status = %s) ids
        GROUP BY run ORDER BY 1
        """,
        [term, plan.county, plan.program, EntitlementStatus.DRAFT],
    )
    return [[int(first), int(last)] for first, last in rows]


def _approve_list(
    term: str,
    plan: ListPlan,
    actor: str,
    event_id: int,
    with_unconfirmed: bool,
    version: CatalogueVersion,
) -> ListApproval:
    used = plan.verdict.publicity
    assert used is not None
    approval = Approval.objects.create(
        term_id=term, county_id=plan.county, program=plan.program,
        publicity_start=used.start_date, approved_by=actor, approved_at=timezone.now(),
        count=0, amount_fen=0, event_id=event_id, publicity=used,
        unconfirmed=plan.unconfirmed.count if with_unconfirmed else 0, catalogue_version=version,
    )  # fmt: skip
    states = APPROVABLE if with_unconfirmed else (EntitlementStatus.CONFIRMED,)
    marks = ", ".join(["%s"] * len(states))
    taken = bulk.execute(
        f"""
        UPDATE aid_entitlement SET status = %s, approval_id = %s, event_id = %s
        WHERE term_id = %s AND county_id = %s AND program = %s AND status IN ({marks})
        """,
        [EntitlementStatus.APPROVED, approval.pk, event_id, term, plan.county, plan.program,
         *states],
    )  # fmt: skip
    amount = bulk.fetch_all(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM aid_entitlement WHERE approval_id = %s",
        [approval.pk],
    )[0][0]
    Approval.objects.filter(pk=approval.pk).update(count=taken, amount_fen=amount)
    _freeze_evidence(approval.pk)
    return ListApproval(plan.county, plan.program, used.start_date, taken, int(amount))


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
