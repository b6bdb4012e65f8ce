"""The loans area's reads, as plain values."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Sum

from zizhu.loans.models import Loan


@dataclass(frozen=True)
class LoanTotal:
    county: str  # 户籍地代码: the county that handles the loans
    count: int
    amount_fen: int


def loan_totals(year: int, *, counties: Collection[str] | None = None) -> dict[str, LoanTotal]:
    """Contracts and amounts per county of the loans counting in `year` (the 学年's first year).

    counties: the acting user's scope; None for the whole city.
    """
    loans = Loan.objects.filter(start_year=year)
    if counties is not None:
        loans = loans.filter(hukou_code__in=list(counties))
    grouped = (
        loans.values("hukou_code")
        .annotate(count=Count("id"), amount=Sum("amount_fen"))
        .order_by("hukou_code")
    )
    return {
        g["hukou_code"]: LoanTotal(county=g["hukou_code"], count=g["count"], amount_fen=g["amount"])
        for g in grouped
    }
