"""The year report (programs by term, counties by program, 发放率) with its .xlsx; the user's
county narrows it. The year's student loans are in views/loans.py."""

from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from zizhu.reports.selectors import ProgramLine, ReportRefused, YearReport, year_report
from zizhu.reports.xlsx import year_report_write
from zizhu.web.access import role_required
from zizhu.web.caching import cached
from zizhu.web.constants import Role
from zizhu.web.views.common import report_years, scope_of, year_of

REPORT_VIEWERS = (Role.CITY, Role.COUNTY, Role.AUDITOR)


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
    year = year_of(request)
    found = _report(request, year)
    own = scope_of(request).county
    figures = cached(
        "report_html", year, own, get_language(), compute=lambda: _figures(found, year, own or "")
    )
    return render(
        request,
        "web/report.html",
        {"report": found, "year": year, "years": report_years(), "figures": figures},
    )


def _figures(found: YearReport, year: int, own: str) -> SafeString:
    """The report's tables, each count linking to the approved list behind it."""
    return render_to_string(
        "web/_report_figures.html",
        {
            "report": found, "year": year,
            "programs": [(p, _cells(found, p, own)) for p in found.programs],
            "total": _cells(found, found.total, own),
            "counties": [(c, _cells(found, c, c.county)) for c in found.counties],
        },
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
