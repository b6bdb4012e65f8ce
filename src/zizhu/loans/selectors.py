"""The loans area's reads, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from zizhu.core.scope import Level, Scope
from zizhu.loans.models import Loan
from zizhu.registry.selectors import person_ids


@dataclass(frozen=True)
class LoanTotal:
    county: str  # 户籍地代码: the county that handles the loans
    count: int
    amount_fen: int


def loan_totals(*, scope: Scope, year: int) -> dict[str, LoanTotal]:
    """Contracts and amounts per county of the loans in scope counting in `year` (the 学年's
    first year)."""
    grouped = (
        _loans_in_scope(year, scope)
        .values("hukou_code")
        .annotate(count=Count("id"), amount=Sum("amount_fen"))
        .order_by("hukou_code")
    )
    return {
        g["hukou_code"]: LoanTotal(county=g["hukou_code"], count=g["count"], amount_fen=g["amount"])
        for g in grouped
    }


@dataclass(frozen=True)
class LoanRow:
    id: int
    contract_no: str
    school_year: str
    name: str
    id_number: str
    county: str  # 户籍地代码
    university: str
    level: str  # LoanLevel
    amount_fen: int
    disbursed_on: dt.date | None
    person_id: int | None  # the registry's person with this ID number, if there is one


@dataclass(frozen=True)
class LoanPage:
    total: int  # contracts matching, over every page
    amount_fen: int  # their sum, over every page
    rows: list[LoanRow]


def _loans_in_scope(year: int, scope: Scope) -> QuerySet[Loan]:
    """The loans counting in `year` that the scope may see. A loan is handled by the county of
    the student's 户籍 (hukou_code); no school handles loans, so a school's scope holds none."""
    scope.students_required()
    if scope.level == Level.SCHOOL:
        return Loan.objects.none()
    return Loan.objects.filter(scope.q(county="hukou_code"), start_year=year)


def loan_rows(
    *,
    scope: Scope,
    year: int,
    offset: int = 0,
    limit: int = 50,
) -> LoanPage:
    """A page of the contracts counting in `year` (the 学年's first year), by county then
    contract number, with the count and sum of all of them, in scope."""
    loans = _loans_in_scope(year, scope)
    totals = loans.aggregate(n=Count("id"), amount=Sum("amount_fen"))
    page = list(
        loans.order_by("hukou_code", "contract_no").values_list(
            "id", "contract_no", "school_year", "name", "id_number", "hukou_code",
            "university", "level", "amount_fen", "disbursed_on",
        )[offset : offset + max(0, limit)]
    )  # fmt: skip
    # A contract carries no link to the registry: its person is found by ID number.
    people = person_ids(id_numbers={row[4] for row in page})
    return LoanPage(
        total=totals["n"],
        amount_fen=totals["amount"] or 0,
        rows=[LoanRow(*row, person_id=people.get(row[4])) for row in page],
    )


def contract_counties(*, contract_nos: list[str]) -> list[tuple[str, str]]:
    """(合同编号, 户籍 county) of the stored contracts among `contract_nos`: the county a
    re-import of a contract would change. Contract numbers are not personal data."""
    return list(
        Loan.objects.filter(contract_no__in=contract_nos).values_list("contract_no", "hukou_code")
    )
