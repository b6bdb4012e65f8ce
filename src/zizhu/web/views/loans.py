"""生源地信用助学贷款: the year's contracts and amounts per county, each number linking to the
list of the students behind it. The user's county narrows both; a loan belongs to the county
of the student's 户籍."""

from __future__ import annotations

import urllib.parse

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from zizhu.loans.constants import LoanLevel
from zizhu.loans.selectors import loan_rows, loan_totals
from zizhu.registry.selectors import county_names
from zizhu.web.access import role_required
from zizhu.web.list_downloads import loans_download
from zizhu.web.listexport import download_asked
from zizhu.web.views.common import (
    PAGE_SIZE,
    narrowed_scope,
    page_of,
    report_years,
    scope_of,
    unit_name,
    viewer_of,
    year_of,
)
from zizhu.web.views.reports import REPORT_VIEWERS


def _list_url(year: int, county: str = "") -> str:
    query = {"year": year, **({"county": county} if county else {})}
    return reverse("web:loan_list") + "?" + urllib.parse.urlencode(query)


@role_required(*REPORT_VIEWERS)
def loans(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    totals = loan_totals(scope=scope_of(request), year=year)
    rows = [(total, _list_url(year, total.county)) for total in totals.values()]
    return render(
        request,
        "web/loans.html",
        {
            "year": year, "years": report_years(), "rows": rows, "list_url": _list_url(year),
            "count": sum(t.count for t in totals.values()),
            "amount_fen": sum(t.amount_fen for t in totals.values()),
        },
    )  # fmt: skip


@role_required(*REPORT_VIEWERS)
def loan_list(request: HttpRequest) -> HttpResponseBase:
    scope = scope_of(request)
    year = year_of(request)
    narrowed, county = narrowed_scope(request)
    if download_asked(request):
        return loans_download(
            viewer=viewer_of(request), title=f"{unit_name(narrowed)}{year}年生源地信用助学贷款",
            filters=[], levels=dict(LoanLevel.choices),
            fetch=lambda offset, limit: loan_rows(
                scope=narrowed, year=year, offset=offset, limit=limit
            ),
        )  # fmt: skip
    page = page_of(request)
    found = loan_rows(scope=narrowed, year=year, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    query = urllib.parse.urlencode({"year": year, **({"county": county} if county else {})})
    return render(
        request,
        "web/loan_list.html",
        {
            "year": year, "years": report_years(), "found": found, "county": county,
            "counties": {} if scope.county else county_names(),
            "levels": dict(LoanLevel.choices), "page": page,
            "pages": max(1, -(-found.total // PAGE_SIZE)), "query": query,
        },
    )  # fmt: skip
