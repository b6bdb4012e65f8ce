"""The year report (programs by term, counties by program, 发放率) with its .xlsx, and the
year's student loans per county; the user's county narrows both."""

from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from zizhu.loans.selectors import loan_totals
from zizhu.registry.selectors import term_codes
from zizhu.reports.selectors import ProgramLine, ReportRefused, YearReport, year_report
from zizhu.reports.xlsx import year_report_write
from zizhu.web.access import role_required
from zizhu.web.caching import cached
from zizhu.web.constants import Role
from zizhu.web.views.common import int_or_404, scope_of

REPORT_VIEWERS = (Role.CITY, Role.COUNTY, Role.AUDITOR)


def _years() -> list[int]:
    return sorted({int(code[:4]) for code in term_codes()}, reverse=True)


def _year_of(request: HttpRequest) -> int:
    years = _years()
    if "year" in request.GET:
        year = int_or_404(request.GET.get("year"))
        if year not in years:
            raise Http404("系统中没有这一年的学期")
        return year
    if not years:
        raise Http404("系统中还没有学期")
    return years[0]


def _report(request: HttpRequest, year: int) -> YearReport:
    try:
        county = scope_of(request).county
        return cached(
            "year_report", year, county, compute=lambda: year_report(year=year, county=county)
        )
    except ReportRefused as refused:
        raise Http404(str(refused)) from refused


def _list_url(program: str, term: str, county: str) -> str:
    """The approved list behind a count: the students paid are among them."""
    query = {"term": term, "status": "APPROVED", **({"county": county} if county else {})}
    return reverse("web:aid_list", args=[program]) + "?" + urllib.parse.urlencode(query)


def _cells(report: YearReport, line: ProgramLine, county: str) -> list[dict[str, Any]]:
    cells = [
        {"students": tally.students, "amount_fen": tally.amount_fen,
         "url": _list_url(line.code, term, county) if line.code and tally.students else ""}
        for term, tally in line.terms.items()
    ]  # fmt: skip
    return [*cells, {"students": line.year.students, "amount_fen": line.year.amount_fen, "url": ""}]


@role_required(*REPORT_VIEWERS)
def report(request: HttpRequest) -> HttpResponse:
    year = _year_of(request)
    found = _report(request, year)
    own = scope_of(request).county or ""
    return render(
        request,
        "web/report.html",
        {
            "report": found, "year": year, "years": _years(),
            "programs": [(p, _cells(found, p, own)) for p in found.programs],
            "total": _cells(found, found.total, own),
            "counties": [(c, _cells(found, c, c.county)) for c in found.counties],
        },
    )  # fmt: skip


@role_required(*REPORT_VIEWERS)
def report_xlsx(request: HttpRequest) -> HttpResponse:
    year = _year_of(request)
    found = _report(request, year)
    with tempfile.TemporaryDirectory() as folder:
        path = year_report_write(Path(folder) / "report.xlsx", found)
        content = path.read_bytes()
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = urllib.parse.quote(f"{found.unit}{year}年学生资助年度报告.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@role_required(*REPORT_VIEWERS)
def loans(request: HttpRequest) -> HttpResponse:
    year = _year_of(request)
    county = scope_of(request).county
    totals = loan_totals(year, counties=None if county is None else [county])
    rows = list(totals.values())
    return render(
        request,
        "web/loans.html",
        {
            "year": year, "years": _years(), "rows": rows,
            "count": sum(r.count for r in rows), "amount_fen": sum(r.amount_fen for r in rows),
        },
    )  # fmt: skip
