"""The year report (programs by term, counties by program, 发放率) and the year-over-year view,
each with its .xlsx; the user's county narrows them. The year's student loans are in
views/loans.py."""

from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zizhu.core.errors import Refused
from zizhu.reports.compare import YearCompare, compare_reports
from zizhu.reports.selectors import YearReport
from zizhu.reports.xlsx import year_compare_write, year_report_write
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.figures import report_figures, year_report_of
from zizhu.web.views.common import int_or_404, report_years, scope_of, year_of

REPORT_VIEWERS = (Role.CITY, Role.COUNTY, Role.AUDITOR)


def _report(request: HttpRequest, year: int) -> YearReport:
    try:
        return year_report_of(scope=scope_of(request), year=year)
    except Refused as refused:
        raise Http404(str(refused)) from refused


@role_required(*REPORT_VIEWERS)
def report(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    found = _report(request, year)
    figures = report_figures(scope=scope_of(request), year=year)
    return render(
        request,
        "web/report.html",
        {"report": found, "year": year, "years": report_years(), "figures": figures,
         "earlier": _earlier(year, report_years())},
    )  # fmt: skip


@role_required(*REPORT_VIEWERS)
def report_xlsx(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
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


# ---- the year-over-year view ---------------------------------------------------------------


def _earlier(year: int, years: list[int]) -> int | None:
    """The newest year before `year` with terms (the year before, where it has terms)."""
    return max((y for y in years if y < year), default=None)


def _compare_years(request: HttpRequest) -> tuple[int, int] | None:
    """(earlier, later) asked for (?before=&after=), else the newest year and the one before
    it; None when the system holds only one year. A year without terms is a 404."""
    years = report_years()
    after = int_or_404(request.GET["after"]) if request.GET.get("after") else None
    before = int_or_404(request.GET["before"]) if request.GET.get("before") else None
    if any(y is not None and y not in years for y in (before, after)):
        raise Http404("系统中没有这一年的学期")
    after = after if after is not None else (years[0] if years else None)
    if after is None:
        raise Http404("系统中还没有学期")
    before = before if before is not None else _earlier(after, years)
    if before is None:
        return None
    if before == after:
        raise Http404("请选择两个不同的年度")
    return (min(before, after), max(before, after))


def _compare(request: HttpRequest, years: tuple[int, int]) -> YearCompare:
    earlier, later = (_report(request, year) for year in years)
    return compare_reports(earlier, later)


@role_required(*REPORT_VIEWERS)
def report_compare(request: HttpRequest) -> HttpResponse:
    years = _compare_years(request)
    found = _compare(request, years) if years else None
    return render(
        request,
        "web/report_compare.html",
        {"compare": found, "years": report_years(), "chosen": years},
    )


@role_required(*REPORT_VIEWERS)
def report_compare_xlsx(request: HttpRequest) -> HttpResponse:
    years = _compare_years(request)
    if years is None:
        raise Http404("系统中只有一个年度的学期，无法对比")
    found = _compare(request, years)
    with tempfile.TemporaryDirectory() as folder:
        content = year_compare_write(Path(folder) / "compare.xlsx", found).read_bytes()
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = urllib.parse.quote(f"{found.unit}{years[0]}—{years[1]}年学生资助年度对比.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
