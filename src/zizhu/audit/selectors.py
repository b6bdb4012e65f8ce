"""The audit area's reads, as plain values: findings of a term, filtered and scoped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from zizhu.audit.constants import CHECK_NAMES, FindingStatus
from zizhu.audit.models import Finding
from zizhu.core.scope import Scope


@dataclass(frozen=True)
class FindingLine:
    id: int
    check: str
    check_name: str
    person_id: int
    name: str
    id_number: str  # or 学籍号 where the person has none
    program: str | None
    school: str
    county: str
    detail: str
    status: str
    resolved_by: str
    resolved_at: dt.datetime | None
    resolution_note: str


@dataclass(frozen=True)
class FindingPage:
    rows: list[FindingLine]
    total: int


@dataclass(frozen=True)
class FindingCount:
    county: str
    program: str | None
    count: int


def _scoped(term: str, scope: Scope, status: str | None) -> QuerySet[Finding]:
    rows = Finding.objects.filter(scope.q(county="county", school="school"), term_id=term)
    if status:
        rows = rows.filter(status=status)
    return rows


def finding_rows(
    *,
    scope: Scope,
    term: str,
    check: str | None = None,
    program: str | None = None,
    status: str | None = FindingStatus.OPEN,
    offset: int = 0,
    limit: int = 100,
) -> FindingPage:
    """A term's findings in scope (open ones by default), by check, person and program;
    program and check narrow to one (scope.narrowed() to one county)."""
    rows = _scoped(term, scope, status)
    if check:
        rows = rows.filter(check_code=check)
    if program:
        rows = rows.filter(program=program)
    total = rows.count()
    found = rows.select_related("person").order_by("check_code", "county", "person_id", "program")
    return FindingPage(
        rows=[
            FindingLine(
                id=f.pk,
                check=f.check_code,
                check_name=CHECK_NAMES.get(f.check_code, f.check_code),
                person_id=f.person_id,
                name=f.person.name,
                id_number=f.person.id_number or f.person.student_no or "",
                program=f.program or None,
                school=f.school,
                county=f.county,
                detail=f.detail,
                status=f.status,
                resolved_by=f.resolved_by,
                resolved_at=f.resolved_at,
                resolution_note=f.resolution_note,
            )  # fmt: skip
            for f in found[offset : offset + limit]
        ],
        total=total,
    )


def finding_counts(
    *, scope: Scope, term: str, status: str = FindingStatus.OPEN
) -> list[FindingCount]:
    """Findings of a term per county and program (None: findings that name no program)."""
    grouped = (
        _scoped(term, scope, status)
        .values("county", "program")
        .annotate(n=Count("id"))
        .order_by("county", "program")
    )
    return [FindingCount(g["county"], g["program"] or None, int(g["n"])) for g in grouped]


def finding_in_scope(*, scope: Scope, finding_id: int) -> bool:
    """Whether the finding exists and lies in the scope."""
    return Finding.objects.filter(scope.q(county="county", school="school"), pk=finding_id).exists()


def check_names() -> dict[str, str]:
    """The checks' codes and Chinese names, in spec/cli.md's order."""
    return dict(CHECK_NAMES)
