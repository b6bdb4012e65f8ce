"""The aid area's reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet, Sum

from zizhu.aid._approval_plan import ListPlan, SchoolPending
from zizhu.aid._catalogue_store import VersionInfo as VersionInfo
from zizhu.aid._catalogue_store import catalogue_in_force as catalogue_in_force
from zizhu.aid._catalogue_store import catalogue_in_force_or_none as catalogue_in_force_or_none
from zizhu.aid._catalogue_store import catalogue_read as catalogue_read
from zizhu.aid._catalogue_store import catalogue_text as catalogue_text
from zizhu.aid._catalogue_store import catalogue_version as catalogue_version
from zizhu.aid._catalogue_store import catalogue_versions as catalogue_versions
from zizhu.aid._catalogue_store import catalogues_in_force as catalogues_in_force
from zizhu.aid._review import confirm_tally
from zizhu.aid._review_read import (
    PublicityRow,
    SchoolPart,
    SendBackRow,
    approval_plans,
    publicity_rows,
    school_parts,
    send_backs,
)
from zizhu.aid._whatif import WhatIf as WhatIf
from zizhu.aid._whatif import WhatIfLine as WhatIfLine
from zizhu.aid._whatif import entitle_dry_run as entitle_dry_run
from zizhu.aid.constants import COUNTED, PublicityState
from zizhu.aid.models import Entitlement
from zizhu.core.scope import Scope
from zizhu.hardship.selectors import student_categories, student_hardship_level

__all__ = [
    "EntitlementPage", "EntitlementRow", "Ground", "Grounds", "ListPlan", "ListState",
    "ProgressRow", "PublicityRow", "SchoolPart", "SchoolPending", "SendBackRow", "VersionInfo",
    "WhatIf", "WhatIfLine", "approval_plans", "catalogue_in_force",
    "catalogue_in_force_or_none", "catalogue_read", "catalogue_text", "catalogue_version",
    "catalogue_versions", "catalogues_in_force", "confirm_tally", "entitle_dry_run",
    "entitlement_grounds", "entitlement_in_scope", "entitlement_rows", "list_states",
    "person_entitlements", "program_names", "progress_by_county_program", "publicity_rows",
    "school_parts", "send_backs",
]  # fmt: skip


@dataclass(frozen=True)
class Ground:
    """One piece of evidence: a list row that gives a category, or the school's 认定."""

    kind: str  # "category" or "assessment"
    category: str
    list_kind: str
    list_version: int | None
    list_county: str
    row_no: int | None
    hardship_level: str


@dataclass(frozen=True)
class Grounds:
    """Why an entitlement exists: the program, the amount rule and standard, the evidence."""

    entitlement_id: int
    program: str
    program_name: str
    status: str
    amount_fen: int
    rule: str
    catalogue: str
    manual_evidence: str
    exclusion_reason: str
    evidence: list[Ground]
    frozen: bool  # True once approved: the evidence is as it stood at approval


def entitlement_grounds(*, scope: Scope, entitlement_id: int) -> Grounds | None:
    """Why the entitlement exists; None when it does not, or lies outside the scope. The
    program's name is the catalogue version's it was approved under (drafts: the newest)."""
    entitlement = (
        Entitlement.objects.filter(scope.q(), pk=entitlement_id)
        .select_related("approval__catalogue_version")
        .first()
    )
    if entitlement is None:
        return None
    approved_under = entitlement.approval.catalogue_version if entitlement.approval else None
    policy = (
        catalogue_version(version=approved_under.version)
        if approved_under is not None
        else catalogue_in_force_or_none(term=entitlement.term_id)
    )
    names = {p.code: p.name for p in policy.programs} if policy else {}
    frozen = entitlement.status == "APPROVED"
    if frozen:
        evidence = [
            Ground(
                kind="category" if g.category else "assessment",
                category=g.category,
                list_kind=g.source_record.source_list.kind if g.source_record else "",
                list_version=g.source_record.source_list.version if g.source_record else None,
                list_county=g.source_record.source_list.county_id if g.source_record else "",
                row_no=g.source_record.row_no if g.source_record else None,
                hardship_level=g.hardship_level,
            )
            for g in entitlement.grounds.select_related("source_record__source_list")
        ]
    else:
        term, person = entitlement.term_id, entitlement.person_id
        level = student_hardship_level(scope=Scope.city(), term=term, person_id=person)
        # The entitlement is in scope; its grounds are the person's in the whole city.
        categories = student_categories(scope=Scope.city(), term=term, person_id=person)
        evidence = [
            Ground("category", c.category, c.list_kind, c.list_version, c.list_county,
                   c.row_no, level)
            for c in categories
        ] or [Ground("assessment", "", "", None, "", None, level)]  # fmt: skip
    return Grounds(
        entitlement_id=entitlement.pk,
        program=entitlement.program,
        program_name=names.get(entitlement.program, entitlement.program),
        status=entitlement.status,
        amount_fen=entitlement.amount_fen,
        rule=entitlement.rule,
        catalogue=entitlement.catalogue,
        manual_evidence=entitlement.evidence,
        exclusion_reason=entitlement.exclusion_reason,
        evidence=evidence,
        frozen=frozen,
    )


# Reads for the web pages. `scope` is the acting user's jurisdiction; an entitlement outside
# it is not found, exactly as if it did not exist.


def program_names(*, term: str) -> dict[str, str]:
    """The programs of the catalogue in force for the term, code -> Chinese name, in order;
    empty when the term has no catalogue yet (pages then show the codes)."""
    policy = catalogue_in_force_or_none(term=term)
    return {p.code: p.name for p in policy.programs} if policy else {}


def _entitlements_in_scope(term: str | None, scope: Scope) -> QuerySet[Entitlement]:
    rows = Entitlement.objects.filter(scope.q())
    if term:
        rows = rows.filter(term_id=term)
    return rows


@dataclass(frozen=True)
class ProgressRow:
    county: str
    program: str
    students: int  # entitlements that count: draft, confirmed or approved
    amount_fen: int
    approved: int
    approved_fen: int
    excluded: int
    held: int
    draft: int = 0  # of `students`: not yet confirmed by their school
    confirmed: int = 0  # of `students`: confirmed, not yet approved


def progress_by_county_program(*, scope: Scope, term: str) -> list[ProgressRow]:
    """The term's aid lists per county and program, one GROUP BY over the entitlements."""
    from django.db.models import Q

    counted = Q(status__in=COUNTED)
    approved = Q(status="APPROVED")
    rows = (
        _entitlements_in_scope(term, scope)
        .values("county_id", "program")
        .annotate(
            students=Count("id", filter=counted),
            amount=Sum("amount_fen", filter=counted, default=0),
            approved=Count("id", filter=approved),
            approved_fen=Sum("amount_fen", filter=approved, default=0),
            excluded=Count("id", filter=Q(status="EXCLUDED")),
            held=Count("id", filter=Q(status="HELD")),
            draft=Count("id", filter=Q(status="DRAFT")),
            confirmed=Count("id", filter=Q(status="CONFIRMED")),
        )
        .order_by("county_id", "program")
    )
    return [
        ProgressRow(
            r["county_id"],
            r["program"],
            r["students"],
            int(r["amount"]),
            r["approved"],
            int(r["approved_fen"]),
            r["excluded"],
            r["held"],
            r["draft"],
            r["confirmed"],
        )  # fmt: skip
        for r in rows
    ]


@dataclass(frozen=True)
class EntitlementRow:
    id: int
    person_id: int
    name: str
    id_number: str | None
    student_no: str | None
    school_code: str
    school_name: str
    county: str
    program: str
    amount_fen: int
    status: str
    manual: bool
    exclusion_reason: str
    excluded_by: str
    grade: int
    stage: str


@dataclass(frozen=True)
class EntitlementPage:
    total: int  # rows matching, over every page
    amount_fen: int
    rows: list[EntitlementRow]


def entitlement_rows(
    *,
    scope: Scope,
    term: str,
    program: str | None = None,
    status: str | None = None,
    statuses: tuple[str, ...] | None = None,
    person_id: int | None = None,
    offset: int = 0,
    limit: int = 100,
) -> EntitlementPage:
    """A page of a term's rows in scope, with the count and sum of all that match. `statuses`
    (e.g. COUNTED, what every page counts) or one `status`."""
    rows = _entitlements_in_scope(term, scope)
    if program:
        rows = rows.filter(program=program)
    if status:
        rows = rows.filter(status=status)
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    if person_id is not None:
        rows = rows.filter(person_id=person_id)
    totals = rows.aggregate(n=Count("id"), fen=Sum("amount_fen", default=0))
    page = rows.select_related("person", "school", "enrolment").order_by("school_id", "id")
    return EntitlementPage(
        total=totals["n"],
        amount_fen=int(totals["fen"]),
        rows=[_entitlement_row(e) for e in page[offset : offset + limit]],
    )


def person_entitlements(*, scope: Scope, person_id: int) -> list[EntitlementRow]:
    """Every entitlement of a person in scope, newest term first."""
    rows = (
        _entitlements_in_scope(None, scope)
        .filter(person_id=person_id)
        .select_related("person", "school", "enrolment")
        .order_by("-term_id", "program")
    )
    return [_entitlement_row(e) for e in rows]


def _entitlement_row(e: Entitlement) -> EntitlementRow:
    """Read with select_related("person", "school", "enrolment")."""
    return EntitlementRow(
        e.pk, e.person_id, e.enrolment.name, e.person.id_number,
        e.person.student_no or e.enrolment.student_no, e.school_id, e.school.name, e.county_id,
        e.program, e.amount_fen, e.status, e.manual, e.exclusion_reason, e.excluded_by,
        e.enrolment.grade, e.enrolment.stage,
    )  # fmt: skip


def entitlement_in_scope(*, scope: Scope, entitlement_id: int) -> bool:
    return _entitlements_in_scope(None, scope).filter(pk=entitlement_id).exists()


@dataclass(frozen=True)
class ListState:
    county: str
    program: str
    publicity_start: dt.date | None
    approvals: int


def list_states(*, scope: Scope, term: str) -> list[ListState]:
    """Per county and program: the latest 公示 start and how many approvals were made, for
    the scope's county (a school: its own county's), or every county for the city."""
    from zizhu.aid.models import Approval, Publicity

    publicities = Publicity.objects.filter(term_id=term, state=PublicityState.ACTIVE)
    approvals = Approval.objects.filter(term_id=term)
    counties = scope.county_codes()
    if counties is not None:
        publicities, approvals = (
            publicities.filter(county_id__in=counties),
            approvals.filter(county_id__in=counties),
        )
    # A 公示 with no program covers every program of its county.
    starts = {
        (row["county_id"], row["program"]): row["latest"]
        for row in publicities.values("county_id", "program").annotate(latest=Max("start_date"))
    }
    counts = {
        (row["county_id"], row["program"]): row["n"]
        for row in approvals.values("county_id", "program").annotate(n=Count("id"))
    }
    states = []
    for list_county, list_program in sorted(set(starts) | set(counts)):
        dates = [starts.get((list_county, list_program)), starts.get((list_county, ""))]
        known = [d for d in dates if d is not None]
        states.append(
            ListState(
                list_county,
                list_program,
                max(known) if known else None,
                counts.get((list_county, list_program), 0),
            )
        )
    return states
