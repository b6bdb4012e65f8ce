"""The year report (programs by term, counties by program, 发放率) with its .xlsx; the user's
county narrows it. The year's student loans are in views/loans.py."""

from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zizhu.core.errors import Refused
from zizhu.reports.selectors import YearReport
from zizhu.reports.xlsx import year_report_write
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.figures import report_figures, year_report_of
from zizhu.web.views.common import report_years, scope_of, year_of

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
        {"report": found, "year": year, "years": report_years(), "figures": figures},
    )


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
